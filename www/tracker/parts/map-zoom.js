// The map's zoom: a toolbar (zoom out, zoom in, the whole map and each
// region with data), the keyboard (+ and − zoom, arrows move, 0 or Escape
// show the whole map, when the map has focus), pinching (two pointers on
// the map), dragging with a mouse when zoomed in, and the wheel with Ctrl.
//
// Rust owns the geometry: a zoom is a key (`whole`, a region's key, a
// cluster's `c:KW+QA+BH`, or `@x,y,k`: the centre as a share of the whole
// view and the factor) that `mapUpdate` resolves to a crop of the base, the
// markers, clusters and labels of that zoom, and says where it looks
// (`zoom: {key, label, x, y, k}`). Here only the reader's gestures become a
// new key in the view state (`zoom`), and while two fingers move, the
// base's crop follows them before Rust draws the result at the end.

import { h } from "../dom.js";

/** The largest zoom factor (Rust's `chart::zoom::MAX_ZOOM`). */
export const MAX_ZOOM = 16;
/** What one zoom-in or zoom-out step multiplies the factor by. */
const STEP = 2;
/** What an arrow key moves the view by, as a share of what it shows. */
const PAN = 0.25;

const clamp = (v, lo, hi) => Math.min(Math.max(v, lo), hi);
const round = (v) => Math.round(v * 10000) / 10000;

/** A zoom {x, y, k} with k in 1..MAX_ZOOM and the view inside the whole one. */
export function clampZoom({ x, y, k }) {
  if (![x, y, k].every(Number.isFinite)) return { x: 0.5, y: 0.5, k: 1 };
  const kk = clamp(k, 1, MAX_ZOOM);
  const half = 0.5 / kk;
  return { x: clamp(x, half, 1 - half), y: clamp(y, half, 1 - half), k: kk };
}

/** The key of a free zoom ("whole" at factor 1). */
export function zoomKey(z) {
  const c = clampZoom(z);
  return c.k <= 1.0001 ? "whole" : `@${round(c.x)},${round(c.y)},${round(c.k)}`;
}

/**
 * The zoom at factor `k` that puts the point `(px, py)` of the whole view
 * (shares of it) at `(fx, fy)` of the view (shares of what it shows).
 */
function zoomPutting(px, py, fx, fy, k) {
  return clampZoom({ x: px - (fx - 0.5) / k, y: py - (fy - 0.5) / k, k });
}

/** The point of the whole view (shares) at `(fx, fy)` of the view at zoom `z`. */
function wholePoint(z, fx, fy) {
  return [z.x + (fx - 0.5) / z.k, z.y + (fy - 0.5) / z.k];
}

/** Zoom `z` multiplied by `factor`, keeping the point at `(fx, fy)` of the view in place. */
export function zoomAround(z, factor, fx = 0.5, fy = 0.5) {
  const [px, py] = wholePoint(z, fx, fy);
  return zoomPutting(px, py, fx, fy, z.k * factor);
}

/**
 * The crop (viewBox of the base) of zoom `z`, from the crop `crop` drawn at
 * zoom `at`: for following fingers before Rust draws.
 */
export function cropAt(z, crop, at) {
  const [cx, cy, cw, ch] = crop;
  const ww = cw * at.k;
  const wh = ch * at.k;
  const wx = cx - (at.x - 0.5 / at.k) * ww;
  const wy = cy - (at.y - 0.5 / at.k) * wh;
  return [wx + (z.x - 0.5 / z.k) * ww, wy + (z.y - 0.5 / z.k) * wh, ww / z.k, wh / z.k];
}

/**
 * The zoom toolbar: `{el, update(out)}`, `out` the last `mapUpdate`'s
 * answer (its `targets` and `zoom`). Buttons set the state's `zoom`.
 */
export function createZoomBar({ state }) {
  const setZoom = (zoom) => state.set({ zoom }, { reason: "zoom" });
  let drawn = null;
  const out = h("button", { type: "button", class: "st-zoomstep", "aria-label": "Zoom out", text: "−" });
  const inn = h("button", { type: "button", class: "st-zoomstep", "aria-label": "Zoom in", text: "+" });
  const targets = h("span", { class: "st-zoomtargets" });
  const el = h("div", { class: "st-zoombar", role: "group", "aria-label": "Zoom the map" }, out, inn, targets);
  const step = (factor) => {
    if (!drawn) return;
    const next = zoomAround(drawn.zoom, factor);
    if (next.k !== drawn.zoom.k) setZoom(zoomKey(next));
  };
  out.addEventListener("click", () => step(1 / STEP));
  inn.addEventListener("click", () => step(STEP));
  let targetKeys = "";
  let pressedKey = null;
  let buttons = [];
  return {
    el,
    /** Shows the targets of `mapUpdate`'s answer and which zoom is drawn. */
    update(answer) {
      drawn = answer;
      const keys = answer.targets.map((t) => t.key).join(" ");
      if (keys !== targetKeys) {
        targetKeys = keys;
        pressedKey = null;
        buttons = answer.targets.map((t) => {
          const b = h("button", { type: "button", "data-zoom": t.key, "aria-pressed": "false", text: t.label });
          b.addEventListener("click", () => setZoom(t.key));
          return b;
        });
        targets.replaceChildren(...buttons);
      }
      out.setAttribute("aria-disabled", String(answer.zoom.k <= 1));
      inn.setAttribute("aria-disabled", String(answer.zoom.k >= MAX_ZOOM));
      if (answer.zoom.key === pressedKey) return;
      pressedKey = answer.zoom.key;
      for (const b of buttons) {
        const pressed = b.dataset.zoom === pressedKey;
        b.setAttribute("aria-pressed", String(pressed));
        // The row scrolls sideways on a phone: the pressed button is shown
        // (read only when the zoom changed: it costs a layout).
        if (pressed && (b.offsetLeft < el.scrollLeft || b.offsetLeft + b.offsetWidth > el.scrollLeft + el.clientWidth)) {
          el.scrollLeft = b.offsetLeft - 5;
        }
      }
    },
  };
}

/**
 * The map's gestures on `box`: `drawn()` gives the last answer of
 * `mapUpdate` (or null), `toView(ev)` a pointer's place as shares of the
 * map's view ([fx, fy], null off the map), `preview(z)` shows zoom `z` at
 * once (the base's crop; null: back to what Rust drew). A gesture ends in
 * the state's `zoom`. Returns `{dragged()}`: whether the last pointer-up
 * ended a drag (its click selects nothing).
 */
export function attachGestures({ state, box, drawn, toView, preview }) {
  const setZoom = (z) => state.set({ zoom: typeof z === "string" ? z : zoomKey(z) }, { reason: "zoom" });
  const current = () => drawn()?.zoom ?? null;

  box.addEventListener("keydown", (ev) => {
    const z = current();
    if (!z || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    let next = null;
    if (ev.key === "+" || ev.key === "=") next = zoomAround(z, STEP);
    else if (ev.key === "-" || ev.key === "_") next = zoomAround(z, 1 / STEP);
    else if (ev.key === "0" || (ev.key === "Escape" && z.k > 1)) next = "whole";
    else if (z.k > 1 && ev.key.startsWith("Arrow")) {
      const d = PAN / z.k;
      const [dx, dy] = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, -d], ArrowDown: [0, d] }[ev.key] ?? [0, 0];
      next = clampZoom({ x: z.x + dx, y: z.y + dy, k: z.k });
    }
    if (next === null) return;
    ev.preventDefault();
    ev.stopPropagation();
    setZoom(next);
  });

  // The wheel zooms only with Ctrl (a trackpad's pinch comes so too):
  // otherwise it scrolls the page. Steps within a frame are added up.
  let wheel = null;
  box.addEventListener(
    "wheel",
    (ev) => {
      if (!ev.ctrlKey) return;
      const z = wheel?.z ?? current();
      const at = toView(ev);
      if (!z || !at) return;
      ev.preventDefault();
      const next = zoomAround(z, Math.exp(clamp(-ev.deltaY, -100, 100) / 100), at[0], at[1]);
      if (!wheel) requestAnimationFrame(() => {
        const w = wheel;
        wheel = null;
        if (w) setZoom(w.z);
      });
      wheel = { z: next };
    },
    { passive: false },
  );

  // Pinch (two pointers) and mouse drag when zoomed in. The page keeps
  // one-finger scrolling (touch-action: pan-x pan-y on the box only).
  const pointers = new Map();
  let gesture = null;
  let wasDrag = false;
  const start = () => {
    const z = current();
    if (!z) return (gesture = null);
    const pts = [...pointers.values()];
    if (pts.length >= 2) {
      const [a, b] = pts;
      gesture = { z, d0: Math.hypot(a.fx - b.fx, a.fy * a.aspect - b.fy * b.aspect), m0: [(a.fx + b.fx) / 2, (a.fy + b.fy) / 2], moved: false };
    } else if (pts.length === 1 && pts[0].mouse && z.k > 1) {
      gesture = { z, d0: 0, m0: [pts[0].fx, pts[0].fy], moved: false };
    } else gesture = null;
  };
  const zoomOf = () => {
    const pts = [...pointers.values()];
    const g = gesture;
    const [px, py] = wholePoint(g.z, g.m0[0], g.m0[1]);
    if (pts.length >= 2 && g.d0 > 0) {
      const [a, b] = pts;
      const d = Math.hypot(a.fx - b.fx, a.fy * a.aspect - b.fy * b.aspect);
      return zoomPutting(px, py, (a.fx + b.fx) / 2, (a.fy + b.fy) / 2, g.z.k * (d / g.d0));
    }
    const [p] = pts;
    return zoomPutting(px, py, p.fx, p.fy, g.z.k);
  };
  box.addEventListener("pointerdown", (ev) => {
    const at = toView(ev);
    if (!at || (ev.pointerType === "mouse" && ev.button !== 0)) return;
    const r = box.getBoundingClientRect();
    pointers.set(ev.pointerId, { fx: at[0], fy: at[1], aspect: r.height / Math.max(r.width, 1), mouse: ev.pointerType === "mouse" });
    wasDrag = false;
    start();
  });
  box.addEventListener("pointermove", (ev) => {
    const p = pointers.get(ev.pointerId);
    const at = p && gesture ? toView(ev, true) : null;
    if (!at) return;
    p.fx = at[0];
    p.fy = at[1];
    const next = zoomOf();
    if (!gesture.moved && Math.abs(next.x - gesture.z.x) + Math.abs(next.y - gesture.z.y) + Math.abs(next.k - gesture.z.k) < 0.004) return;
    if (!gesture.moved) box.setPointerCapture?.(ev.pointerId);
    gesture.moved = true;
    gesture.last = next;
    preview(next);
  });
  const end = (ev) => {
    if (!pointers.delete(ev.pointerId)) return;
    const g = gesture;
    if (g?.moved && g.last) {
      wasDrag = true;
      preview(null);
      setZoom(g.last);
    }
    start();
  };
  box.addEventListener("pointerup", end);
  box.addEventListener("pointercancel", (ev) => {
    if (gesture?.moved) preview(null);
    pointers.delete(ev.pointerId);
    gesture = null;
  });
  return {
    dragged() {
      const d = wasDrag;
      wasDrag = false;
      return d;
    },
  };
}
