// The selected country's figures (charts of the reported numbers), drawn
// by Rust for the width of the details they sit in.

import { h, parseSvg } from "../dom.js";
import { altSlot, asImage, needsRedraw, pictureWidth } from "../pictures.js";
import { call } from "../log.js";

/** The figures part of a view: `{el, update(change)}`; returns whether it drew. */
export function createFigures({ state, model, id, widths }) {
  const el = h("div", { class: "st-charts" });
  let drawnW = 0;

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
      if (charts.length) nodes.push(h("h4", { text: "Figures" }));
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
      el.replaceChildren(...nodes);
      return true;
    },
  };
}
