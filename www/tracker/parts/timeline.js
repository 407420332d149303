// The timeline of the selection, a part at a time: the first countries of
// the list whose steps fit in the state's `timelineSteps` (a large
// dataset's full timeline is tens of thousands of pixels tall and far too
// slow to draw on each keystroke), with a note and a button for more.

import { h, parseSvg } from "../dom.js";
import { altSlot, asImage, needsRedraw, pictureWidth } from "../pictures.js";
import { call } from "../log.js";
import { plural } from "../words.js";

/** The timeline part of a view: `{el, box, update(change)}`; update returns whether it drew. */
export function createTimeline({ state, model, id, widths }) {
  const tracker = model.tracker;
  const box = h("div", { class: "st-pic st-timeline" });
  const alt = altSlot(id("timeline"), () => call(() => tracker.timelineTable()));
  const note = h("p", { class: "st-muted st-small st-tlnote", hidden: true });
  const more = h("button", { type: "button", class: "st-more", hidden: true, text: "Show more countries" });
  more.addEventListener("click", () => state.set({ timelineSteps: state.get().timelineSteps * 4 }, { reason: "timeline" }));
  const el = h(
    "section",
    { class: "st-section", "aria-labelledby": id("tl-h") },
    h("div", { class: "st-sectionbar" }, h("h3", { id: id("tl-h"), text: "Timeline" })),
    h("figure", { class: "st-figure" }, box, note, more, alt.root),
  );
  let drawnW = 0;

  return {
    el,
    box,
    /** The filter, theme or budget draws it; a new width only when it moved too far for scaling. */
    update({ keys }) {
      const w = pictureWidth(widths.timeline);
      const force = keys.has("filter") || keys.has("theme") || keys.has("timelineSteps");
      if (!force && !needsRedraw(drawnW, w)) return false;
      drawnW = w;
      const v = state.get();
      const out = call(
        () =>
          tracker.timelinePart({
            width: w,
            theme: v.theme,
            filter: v.filter,
            id: id("timeline"),
            max_steps: v.timelineSteps,
          }),
      );
      const svg = out?.svg ? parseSvg(out.svg) : null;
      if (svg) {
        asImage(svg, alt.titleId, alt.descId);
        box.replaceChildren(svg);
        alt.set(out.alt);
      } else if (!out || out.svg !== null || !box.firstChild) {
        // (A null svg means the picture shown is still the right one.)
        box.replaceChildren();
        alt.set(null);
        note.hidden = true;
        more.hidden = true;
        return true;
      }
      const partial = out.shown_countries < out.total_countries;
      note.hidden = !partial;
      more.hidden = !partial;
      if (partial) {
        note.textContent =
          `Showing the first ${plural(out.shown_countries, "country", "countries")} of ${out.total_countries} ` +
          `(${out.shown_steps} of ${plural(out.total_steps, "step", "steps")}). ` +
          "Narrow the filters, or select a country in the list for all its steps.";
      }
      return true;
    },
  };
}
