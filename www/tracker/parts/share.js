// The "Copy link" control of `link-state` (link.js): a button in the
// header that copies the page's URL, which holds the view, to the
// clipboard; where the clipboard is refused (or missing), a read-only field
// shows the URL selected, to copy by hand. A live region of its own says
// which: "Link copied." or "Copy the link from the field." Hidden without
// the attribute (the state's `linkState`).

import { h } from "../dom.js";

/** How long "Link copied." stays on screen, in ms. */
const SHOWN_FOR = 4000;

/** The share part of a view: `{el, update()}`; `link` is the element's link sync (link.js). */
export function createShare({ state, link, id }) {
  const button = h("button", { type: "button", class: "st-copylink", text: "Copy link" });
  const field = h("input", {
    type: "text",
    id: id("link"),
    class: "st-linkfield",
    readonly: true,
    "aria-label": "Link to this view",
    hidden: true,
  });
  // A live region without role="status": the view's own announcements
  // (parts/announce.js) stay the shadow root's first status.
  const status = h("span", { class: "st-sharestatus", "aria-live": "polite", "aria-atomic": "true" });
  const el = h("div", { class: "st-share", hidden: true }, button, field, status);
  let clearTimer = 0;

  function say(text, forAWhile) {
    clearTimeout(clearTimer);
    // Cleared first, so that the same words are read again.
    status.textContent = "";
    requestAnimationFrame(() => {
      status.textContent = text;
    });
    if (forAWhile) clearTimer = setTimeout(() => (status.textContent = ""), SHOWN_FOR);
  }

  function showField(url) {
    field.value = url;
    field.hidden = false;
    field.focus();
    field.select();
    say("Copy the link from the field.", false);
  }

  button.addEventListener("click", () => {
    const url = link.href();
    let copying = null;
    try {
      copying = navigator.clipboard?.writeText(url);
    } catch {
      copying = null;
    }
    if (!copying) return showField(url);
    copying.then(
      () => {
        field.hidden = true;
        say("Link copied.", true);
      },
      () => showField(url),
    );
  });

  return {
    el,
    update() {
      el.hidden = !state.get().linkState;
      // The field, once shown, follows the view.
      if (!field.hidden) field.value = link.url();
    },
  };
}
