// The widget's internal property names that tools/bundle.mjs shortens in
// www/dist/sanctions-tracker.js (esbuild's mangleProps, this list only).
// The sources keep them readable; every other property name ships as it is.
//
// The rule: a name is listed only if it is a property of the widget's own
// objects and nothing else's:
//   - never a DOM, Web API or JavaScript built-in name (tests/e2e/internal-props.test.mjs
//     checks the list against every property name Chromium's globals have);
//   - never a name Rust reads or returns: a wasm export or a field of the
//     data (the check below fails on one written in src/ as a struct field or
//     in a string literal, or in www/pkg/'s type declarations);
//   - never a key of an event's detail, of the dataset, or of an object the
//     widget hands to the browser or to Rust, or enumerates (Object.keys,
//     Object.entries, JSON.stringify, for…in: the view state's keys, the
//     boxes' and widths' keys, h()'s attributes);
//   - never accessed through a string: no string literal or template names it
//     (a word of the scheduler's plan, obj["name"], { ["name"]: … }); every
//     build checks the sources for it (checkInternalProps in tools/bundle.mjs).
// A name left out simply stays as it is, so new code can never break by
// it; adding one is a review against the rule. The end-to-end tests run
// against the minified module.
export const INTERNAL_PROPS = [
  // the view and its parts (view.js, parts/*.js), the scheduler's; not
  // `shell`, a part in the scheduler's plan
  "model",
  "widths",
  "parts",
  "boxes",
  "box",
  "el",
  "emit",
  "uid",
  "rendered",
  "mount",
  "unmount",
  // the view state's change (state.js): `reason` is the "render" event's, not listed
  "user",
  "constrain",
  // the model (model.js); not `tracker`, a word of a message
  "measureKeys",
  "summaries",
  "inSel",
  "filterKey",
  "changed",
  "palettes",
  "colour",
  "nameOf",
  // the frame (shell.js), the loader's error (load.js)
  "contentWidth",
  "showError",
  "fetchFailed",
  // pictures.js' text alternative, the list's entries, the map's markers
  "titleId",
  "descId",
  "badges",
  "metaText",
  "pat",
  "shown",
];
