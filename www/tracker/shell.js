// The frame inside the shadow root that every state of the widget shares:
// the wrapper (which carries the theme), the body a view or a message goes
// into, the light-DOM fallback (a slot, shown until the widget renders) and
// the status line; and the stylesheets it adopts.

import { h } from "./dom.js";
import { getBootSheet } from "./sheets.js";

/** The frame in `root` (a shadow root), showing `state`'s theme: a part of the scheduler's plan. */
export function createShell(root, state) {
  const status = h("p", { class: "st-status", role: "status" });
  const body = h("div", { class: "st-body" });
  const wrap = h(
    "div",
    { class: "st is-loading", "data-theme": "light" },
    // The body comes first: it is empty until the widget renders, so
    // nothing that was already on screen moves when it fills.
    body,
    h("div", { class: "st-fallback" }, h("slot")),
    status,
  );
  root.append(wrap);
  let sheet = null; // sanctions-tracker.css, once loaded
  let measureSheet = null;
  const adopt = () => {
    root.adoptedStyleSheets = [getBootSheet(), sheet, measureSheet].filter(Boolean);
  };
  adopt();

  /** Done loading: `nodes` replace what the body showed. */
  function show(...nodes) {
    wrap.classList.remove("is-loading");
    status.textContent = "";
    body.replaceChildren(...nodes);
  }

  return {
    /** Adopts the widget's stylesheet (`measures` false) or the sheet of a dataset's measures (sheets.js). */
    adopt(s, measures) {
      if (measures) measureSheet = s;
      else sheet = s;
      adopt();
    },
    /** Writes the status line ("Loading the tracker…"). */
    status(text) {
      status.textContent = text;
    },
    /** The wrapper's content width in px (a layout of the wrapper as it is). */
    contentWidth() {
      const cs = getComputedStyle(wrap);
      const inner = wrap.clientWidth - parseFloat(cs.paddingLeft || "0") - parseFloat(cs.paddingRight || "0");
      return Math.floor(inner) || 0;
    },
    show,
    /** A message in place of the view: a title, a sentence, the first problems `{path, message}`, and a link. */
    showError(title, message, problems, link) {
      const box = h("div", { class: "st-error", role: "alert" }, h("h2", { text: title }), h("p", { text: message }));
      if (problems.length > 0) {
        const ul = h("ul");
        for (const p of problems) ul.append(h("li", null, h("code", { text: p.path }), ": ", p.message));
        box.append(ul);
      }
      show(box, ...(link ? [link] : []));
    },
    update() {
      wrap.setAttribute("data-theme", state.get().theme);
    },
  };
}
