// The map: its section (heading, story/world toggle, picture, info line,
// text alternative), drawing, markers, painting, hit testing and hover.
//
// The map is drawn in two layers. The base (sea and every country's shape)
// is drawn by Rust once per theme and view and kept; for a width or a
// filter, Rust returns only what changed: which countries changed fill and
// tooltip, the part of the base to show, and what goes over it (markers,
// labels, legend), which replaces the previous overlay. The selection and
// the pointer are shown with classes, without drawing anything. The zoom
// (the state's `zoom`, its toolbar and gestures in map-zoom.js) is a crop of
// the same base with the markers, clusters and labels Rust lays out for it.

import { h, moveContent, parseSvg, setAttrs, svgEl } from "../dom.js";
import { altSlot, asImage, needsRedraw, pictureWidth, untitled } from "../pictures.js";
import { hover, select } from "../state.js";
import { call } from "../log.js";
import { plural } from "../words.js";
import { attachGestures, cropAt, createZoomBar } from "./map-zoom.js";

/** The map part of a view: `{el, box, update(change)}`. */
export function createMap({ state, model, id, widths }) {
  const tracker = model.tracker;
  const box = h("div", {
    class: "st-pic st-map",
    tabindex: "0",
    role: "group",
    "aria-label": "Map. Plus and minus zoom, arrow keys move, 0 shows the whole map",
  });
  const zoomBar = createZoomBar({ state });
  const info = h("p", { class: "st-mapinfo st-muted", "aria-hidden": "true" });
  const alt = altSlot(id("map"), () => call(() => tracker.mapTable()));
  const story = h("button", { type: "button", "aria-pressed": "true", text: "Story countries" });
  const world = h("button", { type: "button", "aria-pressed": "false", text: "Whole world" });
  // A new view starts from its whole map (a free zoom is relative to the view).
  story.addEventListener("click", () => state.set({ view: "story", zoom: "whole" }, { reason: "view" }));
  world.addEventListener("click", () => state.set({ view: "world", zoom: "whole" }, { reason: "view" }));
  const el = h(
    "section",
    { class: "st-section", "aria-labelledby": id("map-h") },
    h(
      "div",
      { class: "st-sectionbar" },
      h("h3", { id: id("map-h"), text: "Map" }),
      h("div", { class: "st-toggle", role: "group", "aria-label": "Map view" }, story, world),
    ),
    zoomBar.el,
    h("figure", { class: "st-figure" }, box, info, alt.root),
  );

  // What is drawn: the <svg>, its base and layers, each country's shape and
  // marker with what it is painted as, and the keys of what they were drawn for.
  let svg = null;
  let base = null;
  let markersLayer = null;
  let overlay = null;
  let overlayText = null;
  let palette = null;
  let patterns = [];
  let markerPatterns = {};
  let countries = new Map();
  let markers = new Map();
  let clusters = [];
  let drawn = null;
  let baseKey = null;
  let key = null;
  let drawnW = 0;

  /** The country of the selection under the pointer; `raw` also answers for the others. */
  function hitTest(ev, raw = false) {
    const ctm = svg?.getScreenCTM();
    if (!ctm) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    const code = tracker.hitTest(p.x, p.y);
    return code && (raw || model.inSel.has(code)) ? code : null;
  }

  /** Where a pointer is, as shares of the map's view ([fx, fy]); null off it (`loose`: anywhere). */
  function toView(ev, loose = false) {
    const ctm = svg?.getScreenCTM();
    if (!ctm || !drawn) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    const at = [p.x / drawn.width, p.y / drawn.map_height];
    return loose || (at[0] >= 0 && at[0] <= 1 && at[1] >= 0 && at[1] <= 1) ? at : null;
  }

  /** Shows zoom `z` at once on the base alone (null: what Rust drew). */
  function preview(z) {
    if (!drawn || !base) return;
    const hide = z ? "hidden" : "visible";
    markersLayer.setAttribute("visibility", hide);
    overlay.querySelector(".labels")?.setAttribute("visibility", hide);
    base.setAttribute("viewBox", (z ? cropAt(z, drawn.crop, drawn.zoom) : drawn.crop).join(" "));
  }

  const gestures = attachGestures({ state, box, drawn: () => drawn, toView, preview });

  box.addEventListener("click", (ev) => {
    if (gestures.dragged()) return;
    // A cluster zooms in on its countries.
    const cluster = ev.target instanceof Element ? ev.target.closest("g.cluster[data-zoom]") : null;
    if (cluster) return state.set({ zoom: cluster.dataset.zoom }, { reason: "zoom" });
    const code = hitTest(ev);
    if (code) select(state, code);
  });
  box.addEventListener("pointermove", (ev) => {
    if (ev.pointerType === "touch") return;
    const code = hitTest(ev, true);
    // Tooltips are written when the pointer comes to them (see paintCountry).
    if (code) writeTitles(code);
    hover(state, code && model.inSel.has(code) ? code : null, "map");
  });
  box.addEventListener("pointerleave", () => hover(state, null, "map"));

  /**
   * How a country shows on the map: filled by the strongest measure of its
   * steps in the selection (the first of its measures in the list), with a
   * tooltip saying so; null for plain land.
   */
  function lookOf(code) {
    const c = model.summaries.get(code);
    if (!c || !model.inSel.has(code) || !c.step_count || !c.measures.length) return null;
    const measure = c.measures[0];
    return { measure, title: `${c.name}: ${model.label(measure)}, ${plural(c.step_count, "step", "steps")}` };
  }

  /**
   * A country's shape, marker and the cluster it is grouped in, as drawn
   * (any may be undefined): a selected country in a cluster outlines it.
   */
  const drawnOf = (code) => [countries.get(code), markers.get(code), clusters.find((c) => c.codes.includes(code))];

  /** Brings the tooltips (<title>) of a country's shape and marker up to date. */
  function writeTitles(code) {
    const look = lookOf(code);
    for (const e of drawnOf(code)) {
      if (!e?.title) continue;
      const title = look ? look.title : e.name;
      if (e.title.textContent !== title) e.title.textContent = title;
    }
  }

  /**
   * Marks one country on the drawn map with `cls` (is-selected, is-hover)
   * and raises its shape above its neighbours so the outline shows whole.
   */
  function markMap(cls, code) {
    if (!svg) return;
    for (const g of svg.querySelectorAll(`g[data-code].${cls}`)) g.classList.remove(cls);
    if (!code) return;
    for (const e of drawnOf(code)) {
      if (!e) continue;
      e.g.classList.add(cls);
      e.g.parentNode.append(e.g);
    }
    // The selection stays above a hovered neighbour.
    const sel = state.get().selected;
    if (cls === "is-hover" && sel && sel !== code) {
      for (const e of drawnOf(sel)) if (e) e.g.parentNode.append(e.g);
    }
  }

  function drawBase(theme, view) {
    const out = call(() => tracker.mapBase({ theme, view, id: id("map") }));
    const el = out ? parseSvg(out.svg) : null;
    if (!el) {
      box.replaceChildren();
      svg = null;
      return false;
    }
    model.palettes[theme] ??= out.fills;
    // The base is a picture inside the picture: no name of its own.
    untitled(el).removeAttribute("role");
    el.removeAttribute("aria-labelledby");
    setAttrs(el, { "aria-hidden": "true", preserveAspectRatio: "none", x: "0", y: "0" });
    svg = svgEl("svg", { class: "sanctions-map" });
    asImage(svg, alt.titleId, alt.descId);
    markersLayer = svgEl("g", { class: "st-map-markers" });
    overlay = svgEl("g", { class: "st-map-overlay" });
    svg.append(el, markersLayer, overlay);
    box.replaceChildren(svg);
    base = el;
    markers = new Map();
    overlayText = null;
    palette = out;
    patterns = [...el.querySelectorAll("pattern")];
    countries = new Map();
    for (const g of el.querySelectorAll("g.country[data-code]")) {
      const title = g.querySelector("title");
      countries.set(g.dataset.code, { g, title, name: title?.textContent ?? "", path: g.querySelector("path"), use: null, measure: null });
    }
    for (const code of model.inSel) paintCountry(code);
    return true;
  }

  function applyUpdate(out) {
    drawn = out;
    model.zoom = out.zoom;
    zoomBar.update(out);
    const w = out.width;
    setAttrs(svg, { width: w, height: out.height, viewBox: `0 0 ${w} ${out.height}` });
    setAttrs(base, { width: w, height: out.map_height, viewBox: out.crop.join(" ") });
    const scale = `scale(${out.pattern_scale})`;
    for (const p of patterns) p.setAttribute("patternTransform", scale);
    if (out.markers !== null) placeMarkers(out);
    if (out.svg !== overlayText) {
      overlayText = out.svg;
      const next = svgEl("g", { class: "st-map-overlay" });
      const parsed = parseSvg(out.svg);
      if (parsed) {
        moveContent(parsed, next);
        const font = parsed.getAttribute("font-family");
        if (font) next.setAttribute("font-family", font);
      }
      overlay.replaceWith(next);
      overlay = next;
    }
    alt.set(out.alt);
  }

  /** Puts the markers drawn for a new width in place of the previous ones, painted as their countries. */
  function placeMarkers(out) {
    const layer = svgEl("g", { class: "st-map-markers" });
    const parsed = parseSvg(out.markers);
    if (parsed) moveContent(parsed, layer);
    markersLayer.replaceWith(layer);
    markersLayer = layer;
    markerPatterns = out.marker_patterns;
    markers = new Map();
    clusters = [...layer.querySelectorAll("g.cluster[data-codes]")].map((g) => ({
      g,
      codes: g.dataset.codes.split(" "),
      n: g.querySelector("text"),
      shown: true,
    }));
    for (const c of clusters) paintCluster(c);
    for (const g of layer.querySelectorAll("g.marker[data-code]")) {
      const code = g.dataset.code;
      const title = g.querySelector("title");
      const fill = g.querySelector("circle.m-fill");
      markers.set(code, {
        g,
        title,
        fill,
        pat: g.querySelector("circle.m-pat"),
        land: fill?.getAttribute("fill"),
        name: title?.textContent ?? "",
        measure: null,
        shown: true,
      });
      paintMarker(code);
    }
  }

  /** Puts the class of `measure` (null: none) on a drawn shape or marker `e` ({g, measure}). */
  function classify(e, measure) {
    if (e.measure) e.g.classList.remove(`measure-${e.measure}`);
    e.measure = measure;
    if (measure) e.g.classList.add("has-data", `measure-${measure}`);
    else e.g.classList.remove("has-data");
  }

  /** Fills a country's shape as lookOf says (its tooltip: writeTitles, when the pointer comes). */
  function paintCountry(code) {
    const c = countries.get(code);
    if (!c) return;
    const measure = lookOf(code)?.measure ?? null;
    if (c.measure === measure) return;
    const g = c.g;
    classify(c, measure);
    if (measure) g.setAttribute("fill", palette.fills[measure]);
    else g.removeAttribute("fill");
    const paint = measure ? palette.patterns[measure] : null;
    if (paint && c.path?.id) {
      if (!c.use) {
        c.use = svgEl("use", { href: `#${c.path.id}` });
        g.append(c.use);
      }
      c.use.setAttribute("fill", paint);
    } else if (c.use) {
      c.use.remove();
      c.use = null;
    }
  }

  /** Fills a country's marker (if it has one at this width) like its shape, shown when it is in the selection. */
  function paintMarker(code) {
    const m = markers.get(code);
    if (!m) return;
    const show = model.inSel.has(code);
    if (show !== m.shown) {
      m.shown = show;
      if (show) m.g.removeAttribute("display");
      else m.g.setAttribute("display", "none");
    }
    const measure = lookOf(code)?.measure ?? null;
    if (m.measure !== measure) {
      classify(m, measure);
      m.fill?.setAttribute("fill", measure ? palette.fills[measure] : m.land);
      m.pat?.setAttribute("fill", (measure && markerPatterns[measure]) || "none");
    }
  }

  /**
   * Shows a cluster while a country of it is in the selection, numbered by
   * how many are; `data-in` names those with steps (what the tests read).
   */
  function paintCluster(c) {
    const shown = c.codes.filter((code) => model.inSel.has(code));
    const show = shown.length > 0;
    if (show !== c.shown) {
      c.shown = show;
      if (show) c.g.removeAttribute("display");
      else c.g.setAttribute("display", "none");
    }
    if (c.n && c.n.textContent !== String(shown.length)) c.n.textContent = String(shown.length);
    c.g.dataset.in = shown.filter((code) => lookOf(code)).join(" ");
  }

  function renderInfo() {
    const v = state.get();
    const code = v.hovered || v.selected;
    const c = code && model.inSel.has(code) ? model.summaries.get(code) : null;
    if (!c) {
      info.textContent = model.codes.length ? "Select a country on the map or in the list to see its steps." : "";
      return;
    }
    info.textContent = `${c.name}: ${c.measures.map((m) => model.label(m)).join(", ")} (${plural(c.step_count, "step", "steps")})`;
  }

  /**
   * Draws what the theme, view, width and filter need: the base when the
   * theme or the view changed, then (within a few percent of the width it
   * was drawn at, the map is scaled by the browser rather than drawn again)
   * what goes over it. Returns whether it drew.
   */
  function render() {
    const v = state.get();
    if (baseKey !== `${v.theme}|${v.view}` || !svg) {
      if (!drawBase(v.theme, v.view)) return true;
      baseKey = `${v.theme}|${v.view}`;
      key = null;
    }
    const w = pictureWidth(widths.map);
    const at = key && !needsRedraw(drawnW, w) ? drawnW : w;
    const next = `${at}|${model.filterKey}|${v.zoom}`;
    if (next === key) return false;
    key = next;
    drawnW = at;
    const out = call(() => tracker.mapUpdate({ width: at, filter: v.filter, zoom: v.zoom }));
    if (out) applyUpdate(out);
    return true;
  }

  return {
    el,
    box,
    update({ keys }) {
      const v = state.get();
      if (keys.has("view")) {
        story.setAttribute("aria-pressed", String(v.view === "story"));
        world.setAttribute("aria-pressed", String(v.view === "world"));
      }
      const drew =
        (keys.has("filter") || keys.has("view") || keys.has("theme") || keys.has("zoom") || keys.has("width:map")) && render();
      // The countries whose entry changed (after a new base: painted already, so nothing changes).
      if (keys.has("filter") && svg) {
        for (const code of model.changed) {
          paintCountry(code);
          paintMarker(code);
        }
        for (const c of clusters) paintCluster(c);
      }
      if (drew || keys.has("selected")) markMap("is-selected", v.selected);
      if (drew || keys.has("hovered")) markMap("is-hover", v.hovered);
      if (drew || keys.has("selected") || keys.has("hovered")) renderInfo();
    },
  };
}
