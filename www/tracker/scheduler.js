// The one place that decides what to redraw. It hears every change of the
// view state and every change of width or visibility of the pictures, and
// calls the parts that depend on what changed (PLAN), in order, then tells
// the page ("render", and "select" for a reader's selection).
//
// Frames. A dataset's first render draws the first phase (map and list, what
// the reader sees first) at once, and the second (timeline and details,
// below them) in the frame after the one that paints the first. (One frame
// would not do: a requestAnimationFrame callback runs before that same
// frame's style, layout and paint, so the details and the timeline would be
// laid out and painted with the map and the list; the trace showed the first
// paint 35 ms later for it. bench/README.md, "Where the first render's time
// goes".) An action (a change with a reason) before then draws the second
// phase at once, whole.
//
// Widths. Each picture is scaled by the browser (its viewBox) while its box
// stays within a few percent of the width it was drawn at, so that its text
// keeps its size; beyond, it is drawn for the new width. The map follows at
// once; the timeline and the details' figures at once when they are within
// 200 px of the viewport, else when they come into view (their text
// alternatives do not depend on the width). A "render" event follows every
// change of width, drawn or scaled.

/**
 * Which part redraws for which change: a line per part, "part phase keys…"
 * (no keys: on every action). The keys are the state's (state.js) and "width:map", "width:timeline", "width:details" (a box's width). Phase
 * 1 is drawn first, 2 in the next frame at load, 3 (what the reader hears)
 * after both for every action, whatever it changed. `lang` redraws nothing yet.
 */
const PLAN = `shell 1 theme
filters 1 filter
share 1 linkState selected filter
map 1 filter view zoom theme selected hovered width:map
list 1 filter theme selected hovered
timeline 2 filter theme timelineSteps width:timeline
details 2 selected theme
figures 2 selected theme width:details
announce 3`
  .split("\n")
  .map((line) => line.split(" "));

/** The keys of a view's first render: every one. */
const ALL = { has: () => true };

/**
 * The scheduler of one element: `state` its view state, `shell` the frame
 * (a part too: it shows the theme), `emit(type, detail)` fires an event on
 * the element. `mount(view)` makes a dataset's view the one drawn.
 */
export function createScheduler({ state, shell, emit }) {
  let view = null;
  let parts = { shell };
  let mounted = 0; // which mount a pending frame belongs to
  let restPending = false;
  let firstDone = false;
  let observers = [];
  let offscreen = new Set(); // the boxes of the second phase more than 200 px out of view
  let stale = new Set(); // those of them whose width changed meanwhile
  const widths = { map: 0, timeline: 0, details: 0 };

  /** Calls the parts of `phase` that depend on `change.keys`; whether one drew. */
  function draw(change, phase) {
    let drew = false;
    for (const [name, p, ...on] of PLAN) {
      if (+p === phase && parts[name] && (on.length ? on.some((k) => change.keys.has(k)) : change.reason)) {
        drew = parts[name].update(change) || drew;
      }
    }
    return drew;
  }

  /** The second phase, whole: the details' width is read first (after the first phase's frame, at no cost). */
  function drawRest() {
    restPending = false;
    widths.details = Math.floor(view.boxes.details.getBoundingClientRect().width);
    draw({ keys: ALL }, 2);
  }

  /** Tells the page that a DOM update is complete. */
  function rendered(reason) {
    const first = !firstDone;
    firstDone = true;
    emit("render", { first, reason });
  }

  /** The picture of box `name` for its new width; whether it drew. */
  function drawWidth(name) {
    return draw({ keys: new Set([`width:${name}`]) }, name === "map" ? 1 : 2);
  }

  state.subscribe((change) => {
    const { keys, reason } = change;
    if (!view) return void draw(change, 1);
    // An action with nothing to change is answered only for a filter (the
    // count is read out: "Clear filters" with none set says how many show).
    if (keys.size === 0 && reason !== "filter") return;
    draw(change, 1);
    if (!restPending) draw(change, 2);
    else if (reason) drawRest();
    draw(change, 3);
    if (reason) rendered(reason);
    if (change.user && keys.has("selected")) {
      const code = state.get().selected;
      emit("select", { code, name: code ? view.model.nameOf(code) : null });
    }
  });

  const nameOf = (box) => Object.keys(view.boxes).find((k) => view.boxes[k] === box);

  function onResize(entries) {
    let changed = false;
    for (const e of entries) {
      const name = nameOf(e.target);
      const w = Math.floor(e.contentRect.width);
      if (w === widths[name]) continue;
      widths[name] = w;
      // Before the second phase, its boxes are not drawn yet: it will, at this width.
      if (name !== "map" && restPending) continue;
      changed = true;
      if (offscreen.has(name)) stale.add(name);
      else drawWidth(name);
    }
    if (changed) rendered("resize");
  }

  function onVisibility(entries) {
    let drew = false;
    for (const e of entries) {
      const name = nameOf(e.target);
      if (!e.isIntersecting) {
        offscreen.add(name);
        continue;
      }
      offscreen.delete(name);
      if (stale.delete(name)) drew = drawWidth(name) || drew;
    }
    if (drew) rendered("resize");
  }

  return {
    /** The width in px last seen of each picture's box: {map, timeline, details} (kept up to date). */
    widths,
    rendered,
    /**
     * Makes `next` the view drawn: its first phase now (the caller then fires
     * the first "render"), its second in the frame after the next.
     */
    mount(next) {
      this.unmount();
      state.constrain(next.model.constrain);
      state.set({}); // the first selection, and a start country it does not show cleared
      view = next;
      parts = { shell, ...next.parts };
      const id = mounted;
      firstDone = false;
      // The map and the timeline span the wrapper's content box: their width
      // is read from it before the widget fills it; the ResizeObserver
      // corrects it if the stylesheet says otherwise.
      widths.map = widths.timeline = shell.contentWidth();
      widths.details = 0;
      shell.show(view.el);
      offscreen = new Set();
      stale = new Set();
      const { map, timeline, details } = view.boxes;
      const ro = new ResizeObserver((entries) => view && onResize(entries));
      const io = new IntersectionObserver((entries) => view && onVisibility(entries), { rootMargin: "200px 0px" });
      for (const box of [map, timeline, details]) ro.observe(box);
      for (const box of [timeline, details]) io.observe(box);
      observers = [ro, io];
      draw({ keys: ALL }, 1);
      restPending = true;
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (id !== mounted || !restPending) return;
          drawRest();
          rendered("load");
        }),
      );
    },
    /** Stops drawing the current view (its DOM stays until another replaces it). */
    unmount() {
      for (const o of observers) o.disconnect();
      observers = [];
      view = null;
      parts = { shell };
      restPending = false;
      mounted++;
      state.constrain(null);
    },
  };
}
