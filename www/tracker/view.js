// One dataset's view: its parts, made for a model, and laid out as the
// reader sees them (header, filters, count, legend of the marks, map, list beside details,
// timeline, foot). The scheduler (scheduler.js) draws them; nothing here
// draws.

import { h } from "./dom.js";
import { select } from "./state.js";
import { createAnnounce } from "./parts/announce.js";
import { createDetails } from "./parts/details.js";
import { createDownload } from "./parts/download.js";
import { createFigures } from "./parts/figures.js";
import { createFilters } from "./parts/filters.js";
import { createFoot, createHead } from "./parts/head.js";
import { createLegend } from "./parts/legend.js";
import { createList } from "./parts/list.js";
import { createShare } from "./parts/share.js";
import { createMap } from "./parts/map.js";
import { createTimeline } from "./parts/timeline.js";

/**
 * The view of `model` in the shadow root `root`, ids made unique by `uid`,
 * reading `widths` (the scheduler's: {map, timeline, details} in px), `link`
 * the element's link sync (link.js): `{model, el, parts,
 * boxes}`, `boxes` the elements whose width the pictures follow.
 */
export function createView({ state, model, root, uid, widths, link }) {
  const ctx = { state, model, root, widths, link, id: (s) => `${uid}-${s}` };
  const filters = createFilters(ctx);
  const announce = createAnnounce(ctx);
  const map = createMap(ctx);
  const list = createList(ctx);
  const figures = createFigures(ctx);
  const details = createDetails(ctx, figures.el);
  const timeline = createTimeline(ctx);
  const share = createShare(ctx);
  const head = createHead(ctx);
  head.append(share.el);
  const download = createDownload(ctx, { map: map.box, timeline: timeline.box, figures: figures.el });
  // "Download" sits at the head of the foot, beside the source and credits.
  const foot = createFoot(ctx);
  foot.prepend(download.el);
  const el = h(
    "div",
    { class: model.long ? "st-app is-long" : "st-app", role: "region", "aria-labelledby": ctx.id("title") },
    head,
    filters.el,
    filters.count,
    createLegend(ctx),
    announce.el,
    map.el,
    h("div", { class: "st-main" }, list.el, details.el),
    timeline.el,
    foot,
  );
  el.addEventListener("keydown", (ev) => {
    const code = state.get().selected;
    if (ev.key === "Escape" && code) {
      ev.preventDefault();
      // Focus in the details would be lost with them: back to the country's entry.
      const inDetails = details.el.contains(root.activeElement);
      select(state, null);
      if (inDetails) root.getElementById(ctx.id(`opt-${code}`))?.focus();
    }
  });
  return {
    model,
    el,
    parts: { filters, share, map, list, timeline, details, figures, announce },
    boxes: { map: map.box, timeline: timeline.box, details: details.el },
  };
}
