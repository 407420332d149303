// The selected country's figures (charts of the reported numbers), drawn
// by Rust for the width of the details they sit in. In a long list
// (model.long) they sit in a disclosure, closed until the reader opens it
// (and then open for the next country too), so that a country's details do
// not push the rest of the list thousands of px down on a phone.

import { h, parseSvg } from "../dom.js";
import { altSlot, asImage, needsRedraw, pictureWidth } from "../pictures.js";
import { call } from "../log.js";
import { plural } from "../words.js";

/** The figures part of a view: `{el, update(change)}`; returns whether it drew. */
export function createFigures({ state, model, id, widths }) {
  const el = h("div", { class: "st-charts" });
  let drawnW = 0;
  let open = false; // the long list's disclosure, as the reader left it

  return {
    el,
    /** A new country or theme draws them; a new width only when it moved too far for scaling. */
    update({ keys }) {
      const v = state.get();
      if (!v.selected) {
        drawnW = 0;
        if (el.firstChild) el.replaceChildren();
        return false;
      }
      const w = pictureWidth(widths.details);
      if (!keys.has("selected") && !keys.has("theme") && !needsRedraw(drawnW, w)) return false;
      drawnW = w;
      const charts = call(() => model.tracker.figureCharts(v.selected, { width: w, theme: v.theme, id: id("fig") }), []);
      const nodes = [];
      if (charts.length && !model.long) nodes.push(h("h4", { text: "Figures" }));
      charts.forEach((c, i) => {
        const pic = h("div", { class: "st-pic" });
        const svg = parseSvg(c.svg);
        const alt = altSlot(id(`fig${i}`), () => c.alt?.table);
        if (svg) {
          asImage(svg, alt.titleId, alt.descId);
          pic.append(svg);
          alt.set(c.alt);
        }
        nodes.push(h("figure", { class: "st-figure st-chart", "data-figure": c.id }, pic, svg ? alt.root : h("div")));
      });
      if (charts.length && model.long) {
        const box = h(
          "details",
          { class: "st-figs", open },
          h("summary", null, h("h4", { text: "Figures" }), h("span", { class: "st-muted", text: ` · ${plural(charts.length, "chart", "charts")}` })),
          ...nodes,
        );
        box.addEventListener("toggle", () => {
          open = box.open;
        });
        el.replaceChildren(box);
      } else {
        el.replaceChildren(...nodes);
      }
      return true;
    },
  };
}
