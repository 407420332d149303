// <sanctions-tracker>: the embeddable widget's entry module.
//
// Plain ES modules, no framework. This file defines the custom element and
// nothing else global; the code is in ./tracker/ (docs/widget.md, "How the
// code is laid out", says which file does what). It runs as it is in a
// browser, and `make build` bundles it and ./tracker/ into one minified
// module in www/dist/. The data, the queries and every picture stay in Rust
// (./pkg/sanctions_tracker.js + its wasm); the widget only builds the DOM
// with textContent/setAttribute, inserts the SVG strings Rust returns
// through a <template>, and wires events. Styles come from
// ./sanctions-tracker.css, adopted into the shadow root, so a strict CSP (no
// <style>, no style="") holds: nothing here ever sets element.style.
//
// Attributes: src (dataset URL), theme (auto | light | dark; auto follows the
//             host's color-scheme, then prefers-color-scheme: ./tracker/theme.js),
//             country (alpha-2 code selected at start), loading (lazy | eager),
//             lang (read into the view state; nothing is translated yet).
// CSS:        custom properties on the element for the reserved height, the
//             font, and each theme's accent, focus and link colours
//             (docs/widget.md, "Layout and styling").
// Property:   data (a dataset object; takes precedence over src).
// Events:     "select", detail { code, name } (code null when cleared);
//             "render", detail { first, reason }, after each update of the
//             DOM is complete (first: the first map and list drawn; reason:
//             "load", "select", "filter", "view", "theme", "resize" or
//             "timeline"). A load fires two: the first when the map and the
//             list are drawn, the second a frame later when the details and
//             the timeline are. Hover and keyboard focus within the list fire
//             no "render".
// Marks:      performance.mark() for the benchmark's phases: st:wasm-start and
//             st:wasm-ready (fetch, compile and instantiate of the wasm, once
//             per page), st:data-start and st:data-ready (load and validation
//             of the dataset), st:render-start and st:render-done (first map
//             and list drawn), each with detail { id } naming the widget.

import { define } from "./tracker/element.js";

// The stylesheet and pkg/ are found beside this module, here (www/) as in
// the bundle (www/dist/): only the entry's own URL says where that is.
define(import.meta.url);
