// The view state: everything the reader (or the page) has chosen about what
// the widget shows, in one object with one way to change it:
//
//   state.set(patch, { reason, user })
//
// `patch` holds the keys that change; `reason` names the action for the
// "render" event that follows ("select", "filter", "view", "zoom", "theme",
// "timeline"; none for hover and focus, which fire no event); `user` says
// the reader did it (a selection then fires "select"). The scheduler
// (scheduler.js) is the one subscriber that redraws: a part of the view never
// redraws another, it changes the state. A future shareable link, a second
// language or an editor's live preview is a `set` of these keys, nothing more.
//
// The keys:
//   selected       alpha-2 code of the selected country, or null
//   filter         what the queries keep, as Rust takes it: {measures,
//                  resolutions, regions (arrays of keys, empty for all), text
//                  (the search words, "" for none), as_of? (a date, YYYY,
//                  YYYY-MM or YYYY-MM-DD: the data as known then)}
//   view           the map's view: "story" or "world"
//   zoom           the map's zoom, as Rust names it: "whole", a region's key
//                  ("europe"), a cluster's ("c:KW+QA+BH") or "@x,y,k" (the
//                  centre as a share of the whole view, and the factor)
//   lang           the language asked for (the element's or the page's
//                  `lang`); nothing is drawn by it yet
//   theme          "light" or "dark" (the `theme` attribute, `auto` resolved)
//   linkState      whether the `link-state` attribute is set (link.js keeps
//                  the view in the URL; parts/share.js shows "Copy link")
//   timelineSteps  how many steps the timeline draws ("Show more countries")
//   hovered        the country under the pointer or the list's focus, or null
//   focused        the country of the list entry that has keyboard focus, or null
//
// A dataset's view may correct a proposed state (`constrain`): a selected
// country must be one the filter shows, else the selection is cleared.

/** The filter that keeps everything. */
export const NO_FILTER = { measures: [], resolutions: [], regions: [], text: "" };

/**
 * How many steps the timeline draws at first (whole countries, at least
 * one); "Show more countries" multiplies it by 4. Drawing and inserting a
 * step costs about 50 µs: this keeps a filter or a keystroke within a frame.
 */
export const TIMELINE_STEPS = 80;

/** The view a dataset starts with, `selected` the country asked for at start (or null). */
export function startView(selected) {
  return {
    selected,
    filter: NO_FILTER,
    view: "story",
    zoom: "whole",
    timelineSteps: TIMELINE_STEPS,
    hovered: null,
    focused: null,
  };
}

/** A country code as an attribute gives it ("pl " -> "PL"), or null for none. */
export function countryCode(text) {
  return (text || "").trim().toUpperCase() || null;
}

/** The reader selects `code` (null: clears the selection). */
export function select(state, code) {
  state.set({ selected: code }, { reason: "select", user: true });
}

/**
 * The pointer or the list's keyboard focus comes to `code` (null: leaves),
 * `from` "map", "listpointer" or "list" (focus). Focus in the list counts
 * as hover, and shows again when the pointer leaves.
 */
export function hover(state, code, from) {
  state.set(from === "list" ? { focused: code, hovered: code } : { hovered: code ?? state.get().focused });
}

/** Whether two values of a key are the same (a filter by its content). */
const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * A view state with `initial` values. Subscribers get `{keys, reason,
 * user}` after each change, `keys` the set of keys whose value changed; an
 * action with a reason is passed on even when it changed nothing (the
 * scheduler decides what that means). A `set` made while subscribers run (a
 * focus moved by a redraw) is a change of its own, made at once.
 */
export function createState(initial) {
  let values = { ...initial };
  let rule = null;
  const subscribers = [];
  return {
    /** The current values (a change makes a new object: never change it). */
    get: () => values,
    /** Changes the keys of `patch`; `meta` is `{reason?, user?}`. */
    set(patch, meta = {}) {
      let next = { ...values, ...patch };
      if (rule) next = rule(next, values);
      const keys = new Set(Object.keys(next).filter((k) => !same(next[k], values[k])));
      values = next;
      if (keys.size || meta.reason) for (const fn of subscribers) fn({ ...meta, keys });
    },
    /** Calls `fn(change)` after each change. */
    subscribe(fn) {
      subscribers.push(fn);
    },
    /** Sets (or with null removes) the rule `(next, previous) => next` every change goes through. */
    constrain(fn) {
      rule = fn;
    },
  };
}
