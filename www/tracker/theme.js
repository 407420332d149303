// Which theme a widget shows, and the watch that keeps `auto` up to date.
//
// `theme="light"` and `theme="dark"` are what they say. `auto` (the default,
// and any other value) follows the host page: first the colour scheme the
// host element computes (CSS `color-scheme`, inherited, so a page's
// `:root { color-scheme: dark }`, a class on <html> or <body> that sets it,
// or a rule on the element itself), then, when that names neither or both
// (`normal`, `light dark`), the reader's `prefers-color-scheme`.
//
// No event fires when a computed `color-scheme` changes. What a host toggles
// to switch its own theme is an attribute of <html> or <body> (a class, a
// `data-theme`, a `style`), so a MutationObserver watches every attribute of
// those two (an attribute filter could not name `data-*`), the media query
// its change event, and the window its `load` (a stylesheet that arrives
// late). Any of them asks again, once per frame at most; the caller redraws
// only when the answer changed. A scheme set on another ancestor by a class
// toggled there is read at the next of these, not at once.

const DARK = "(prefers-color-scheme: dark)";

/** "light" or "dark" as a computed `color-scheme` names it, or null when it names neither or both. */
export function schemeOf(value) {
  const words = String(value ?? "")
    .toLowerCase()
    .split(/\s+/);
  const light = words.includes("light");
  const dark = words.includes("dark");
  if (light === dark) return null;
  return dark ? "dark" : "light";
}

/** The theme `host` shows: "light" or "dark" (its attribute, else the page's). */
export function resolveTheme(host) {
  const asked = (host.getAttribute("theme") || "auto").trim().toLowerCase();
  if (asked === "light" || asked === "dark") return asked;
  const view = host.ownerDocument.defaultView;
  const scheme = host.isConnected ? schemeOf(view.getComputedStyle(host).colorScheme) : null;
  return scheme ?? (view.matchMedia(DARK).matches ? "dark" : "light");
}

/**
 * Calls `changed()` in the next frame after anything `auto` follows may
 * have changed for `host` (see above), several changes in a frame once.
 * Returns the function that stops the watch (the observer disconnected, the
 * listeners removed, a pending call dropped).
 */
export function watchTheme(host, changed) {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  const mql = view.matchMedia(DARK);
  let frame = 0;
  const soon = () => {
    if (!frame) {
      frame = view.requestAnimationFrame(() => {
        frame = 0;
        changed();
      });
    }
  };
  const observer = new MutationObserver(soon);
  for (const el of new Set([doc.documentElement, doc.body])) {
    if (el) observer.observe(el, { attributes: true });
  }
  mql.addEventListener("change", soon);
  view.addEventListener("load", soon, { once: true });
  return () => {
    if (frame) view.cancelAnimationFrame(frame);
    frame = 0;
    observer.disconnect();
    mql.removeEventListener("change", soon);
    view.removeEventListener("load", soon);
  };
}
