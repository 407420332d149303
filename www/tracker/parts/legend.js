// The legend of the marks the list and the details put on steps, drawn once
// per dataset, one line a mark and only for what the data has (model.js,
// stepFacts): findings, confidence, inferred dates and titles.

import { h } from "../dom.js";

/** The legend, or null when the data has none of these marks. */
export function createLegend({ model }) {
  const f = model.facts;
  const items = [];
  const item = (sample, text) => items.push(h("li", null, sample, ` ${text}`));
  if (f.findings) {
    item(
      h("span", { class: "st-badge st-finding", text: "Finding" }),
      "a press finding or an official statement, not a measure (not on the map).",
    );
  }
  if (f.confidence) {
    item(h("span", { class: "st-conf", text: "Low confidence" }), "(or medium, high): how sure the editors are.");
  }
  if (f.low.size) {
    item(h("span", { class: "st-uncertain", text: "?" }), "in the list: a country with low-confidence steps.");
  }
  if (f.inferred) {
    item(
      h("span", { class: "st-inferred", text: "date inferred" }),
      "(or a title given by the editor): not stated by the source.",
    );
  }
  if (!items.length) return null;
  return h(
    "div",
    { class: "st-legend", role: "note", "aria-label": "Marks" },
    h("p", { class: "st-legendhead", text: "Marks" }),
    h("ul", null, ...items),
  );
}
