// The live region: what a screen reader hears after an action, the count
// after a filter (even one that changed nothing), the country after a
// selection, the map's zoom after a zoom ("Zoomed to Europe.").

import { h } from "../dom.js";
import { plural, stepCount } from "../words.js";

/** The announcements part of a view: `{el, update(change)}`. */
export function createAnnounce({ state, model }) {
  const el = h("div", { class: "st-sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });

  function say(text) {
    // Clearing first makes a repeated message be read again.
    el.textContent = "";
    requestAnimationFrame(() => {
      el.textContent = text;
    });
  }

  return {
    el,
    update({ keys, reason }) {
      if (reason === "filter") {
        const n = model.count;
        say(n === 0 ? "No country matches these filters." : `${n} of ${plural(model.total, "country", "countries")} shown.`);
      } else if (reason === "zoom" && keys.has("zoom") && model.zoom) {
        // The map part keeps what it drew in the model (it draws first).
        const { key, label } = model.zoom;
        say(key === "whole" ? "Whole map shown." : key.startsWith("@") ? `Zoomed in ${label}.` : `Zoomed to ${label}.`);
      } else if (reason === "select" && keys.has("selected")) {
        const code = state.get().selected;
        if (!code) return say("Selection cleared.");
        const d = model.details(code);
        const steps = d?.steps ?? [];
        const findings = steps.filter((s) => s.kind === "finding").length;
        say(`${model.nameOf(code)} selected: ${stepCount(steps.length, findings)}.`);
      }
    },
  };
}
