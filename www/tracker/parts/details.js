// The details of the selected country: its steps in date order, each with
// its measure, status, resolutions, quotes and sources, and a place for its
// figures (parts/figures.js draws them); a prompt while none is selected.
// They show all of a country's steps whatever the filter. The heading can
// take focus (the list moves it there on Enter on the selected entry); a new
// country starts at the top of the panel, which a long list keeps in view
// beside it on a wide layout (sticky, with its own scroll).

import { h, newTab, recolour, swatch } from "../dom.js";
import { select } from "../state.js";
import { plural } from "../words.js";

/** The details part of a view: `{el, update(change)}`; `figures` is the figures part's element. */
export function createDetails({ state, model, root, id }, figures) {
  const el = h("section", { class: "st-details", id: id("details"), "aria-labelledby": id("details-h") });

  function render() {
    const v = state.get();
    const heading = (text) => h("h3", { id: id("details-h"), tabindex: v.selected ? "-1" : null, text });
    if (!v.selected) {
      el.replaceChildren(
        heading("Details"),
        h("p", {
          class: "st-prompt",
          text: "Select a country on the map or in the list to see its steps, with quotes and sources.",
        }),
      );
      return;
    }
    const d = model.details(v.selected);
    if (!d) {
      el.replaceChildren(heading("Details"));
      return;
    }
    const clear = h("button", { type: "button", class: "st-deselect", text: "Clear selection" });
    clear.addEventListener("click", () => {
      // Back to the country's entry in the list (parts/list.js names it so).
      const opt = root.getElementById(id(`opt-${state.get().selected}`));
      select(state, null);
      opt?.focus();
    });
    const steps = h("ol", { class: "st-steps" });
    for (const s of d.steps) steps.append(stepItem(s, v.theme));
    el.replaceChildren(
      h("div", { class: "st-detailshead" }, heading(d.name), clear),
      h("p", { class: "st-muted st-small", text: `${d.region_label} · ${plural(d.steps.length, "step", "steps")}` }),
      steps,
      figures,
    );
  }

  function stepItem(s, theme) {
    const li = h("li", { class: "st-step", "data-step": s.id });
    const date = h("time", { datetime: s.date, text: s.date_text });
    li.append(
      h("p", { class: "st-stepdate" }, date, h("span", { class: "st-muted", text: ` · ${s.date_kind_label.toLowerCase()}` })),
      h("p", null, h("span", { class: "st-badge", "data-measure": s.measure }, swatch(model.colour(s.measure, theme)), s.measure_label)),
      h("p", { text: s.description }),
    );
    const facts = h("dl", { class: "st-facts" });
    const fact = (k, v) => facts.append(h("dt", { text: k }), h("dd", { text: v }));
    fact("Status", s.status_label);
    fact(
      "Resolutions",
      s.resolutions.length
        ? s.resolutions.map((r) => (model.adopted[r] ? `${r} (adopted ${model.adopted[r]})` : r)).join(", ")
        : "Not named by the source",
    );
    li.append(facts);
    for (const src of s.sources) {
      if (src.quote) {
        li.append(
          h(
            "blockquote",
            { class: "st-quote", cite: src.url },
            h("p", { text: `“${src.quote.text}”` }),
            h("footer", { text: `— ${src.quote.speaker}${src.quote.translated ? " (translated)" : ""}` }),
          ),
        );
      }
    }
    const seen = new Set();
    for (const src of s.sources) {
      const key = src.url + "|" + (src.title || "");
      if (seen.has(key)) continue;
      seen.add(key);
      const label = `Source: ${src.title ? src.title + ", " : ""}${src.publisher}${src.date_text ? ", " + src.date_text : ""}`;
      li.append(
        h(
          "p",
          null,
          h("a", { class: "st-source", href: src.url, target: "_blank", rel: "noopener" }, label, newTab()),
        ),
      );
    }
    if (s.note) li.append(h("p", { class: "st-note", text: `Note: ${s.note}` }));
    return li;
  }

  return {
    el,
    update({ keys }) {
      if (keys.has("selected")) {
        render();
        if (el.scrollTop) el.scrollTop = 0;
      } else if (keys.has("theme")) {
        const theme = state.get().theme;
        for (const b of el.querySelectorAll(".st-badge[data-measure]")) {
          recolour(b, model.colour(b.dataset.measure, theme));
        }
      }
    },
  };
}
