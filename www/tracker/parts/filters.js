// The filter controls (measure, resolution, region, search, hide
// low-confidence steps when the data has any, clear) and the
// count line under them. The controls change the state; their values are
// written back from it, so a filter set any other way shows in them too.

import { h } from "../dom.js";
import { NO_FILTER } from "../state.js";
import { plural } from "../words.js";

/** The filters part of a view: `{el, count, update(change)}`. */
export function createFilters({ state, model, id }) {
  const meta = model.meta;
  /** A filter action: `patch` changes some of the filter's keys (null: clears them all). */
  const filter = (patch) =>
    state.set({ filter: patch ? { ...state.get().filter, ...patch } : NO_FILTER }, { reason: "filter" });
  const field = (key, label, control) => h("label", { class: "st-field", for: id(key) }, h("span", { text: label }), control);
  const selects = new Map();
  const select = (key, label, allLabel, options) => {
    const sel = h("select", { id: id(key), "data-filter": key });
    sel.append(h("option", { value: "", text: allLabel }));
    for (const o of options) sel.append(h("option", { value: o.key, text: o.label }));
    sel.addEventListener("change", () => filter({ [key]: sel.value ? [sel.value] : [] }));
    selects.set(key, sel);
    return field(key, label, sel);
  };
  const search = h("input", {
    type: "search",
    id: id("search"),
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "Country or words",
  });
  search.addEventListener("input", () => filter({ text: search.value }));
  // Only for data that has low-confidence steps (model.js, stepFacts).
  const hideLow = model.facts.low.size
    ? h("input", { type: "checkbox", id: id("hidelow"), "data-filter": "hide_low_confidence" })
    : null;
  // Left out of the filter when off: the filter then reads as it always has.
  hideLow?.addEventListener("change", () => {
    const { hide_low_confidence: _, ...rest } = state.get().filter;
    state.set({ filter: hideLow.checked ? { ...rest, hide_low_confidence: true } : rest }, { reason: "filter" });
  });
  const clear = h("button", { type: "button", class: "st-clear", text: "Clear filters" });
  clear.addEventListener("click", () => filter(null));
  const el = h(
    "div",
    { class: "st-filters", role: "group", "aria-label": "Filters" },
    select("measures", "Measure", "All measures", meta.measures),
    select(
      "resolutions",
      "Resolution",
      "All resolutions",
      meta.resolutions.map((r) => ({ key: r.id, label: r.adopted_text ? `${r.id} (${r.adopted_text})` : r.id })),
    ),
    select("regions", "Region", "All regions", meta.regions),
    field("search", "Search", search),
    hideLow ? h("label", { class: "st-check", for: id("hidelow") }, hideLow, h("span", { text: "Hide low-confidence steps" })) : null,
    clear,
  );
  const countEl = h("p", { class: "st-count", id: id("count") });

  return {
    el,
    count: h("div", { class: "st-countline" }, countEl),
    update() {
      const f = state.get().filter;
      for (const [key, sel] of selects) {
        const value = f[key]?.[0] ?? "";
        if (sel.value !== value) sel.value = value;
      }
      if (search.value !== (f.text ?? "")) search.value = f.text ?? "";
      if (hideLow && hideLow.checked !== !!f.hide_low_confidence) hideLow.checked = !!f.hide_low_confidence;
      countEl.textContent = `${model.count} of ${plural(model.total, "country", "countries")}`;
    },
  };
}
