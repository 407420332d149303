// The details of the selected country: its steps in date order, each with
// its measure or finding, status, resolutions, quotes, disputes and
// sources (parts/details-steps.js), and a place for its
// figures (parts/figures.js draws them); a prompt while none is selected.
// They show all of a country's steps whatever the filter. The heading can
// take focus (the list moves it there on Enter on the selected entry); a new
// country starts at the top of the panel, which a long list keeps in view
// beside it on a wide layout (sticky, with its own scroll).

import { h, recolour } from "../dom.js";
import { select } from "../state.js";
import { stepCount } from "../words.js";
import { stepItem } from "./details-steps.js";

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
    for (const s of d.steps) steps.append(stepItem(s, { model, theme: v.theme }));
    const findings = d.steps.filter((s) => s.kind === "finding").length;
    el.replaceChildren(
      h("div", { class: "st-detailshead" }, heading(d.name), clear),
      h("p", { class: "st-muted st-small", text: `${d.region_label} · ${stepCount(d.steps.length, findings)}` }),
      // Named exactly as the dataset names it; only marked.
      ...(d.un_member === false ? [h("p", { class: "st-nonmember", text: "Not a UN member state" })] : []),
      steps,
      figures,
    );
  }

  return {
    el,
    update({ keys }) {
      if (keys.has("selected")) {
        render();
        // A long list's panel scrolls on its own: a new country starts at its
        // top. In the next frame, whose layout painting makes anyway (read
        // here, scrollTop would lay out the whole widget in the input handler).
        if (model.long) requestAnimationFrame(() => {
          if (el.scrollTop) el.scrollTop = 0;
        });
      } else if (keys.has("theme")) {
        const theme = state.get().theme;
        for (const b of el.querySelectorAll(".st-badge[data-measure]")) {
          recolour(b, model.colour(b.dataset.measure, theme));
        }
      }
    },
  };
}
