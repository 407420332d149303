// Shareable views (the boolean attribute `link-state`): the view state's
// selection and filter kept in the page URL's fragment, in the keys of the
// widget's namespace (link-codec.js has the format), and read back from it.
//
// - Namespace: the element's `id`, else `st` and its position among the
//   `sanctions-tracker` elements of its document (or shadow root), from 1:
//   `st1`, `st2` … (read each time, so give the element an id for keys that
//   never move).
// - Written with history.replaceState (never pushState: Back still leaves
//   the article), a debounced while after each selection or filter action
//   (search typing writes once), never for a load's start view; the page's
//   own keys and other widgets' stay as written. A fragment that is not in
//   key=value form (a plain anchor, `#section-3`) is the page's: nothing is
//   written while it is there, nor read.
// - Read when a dataset has loaded (its start view: the fragment's values
//   over the `country` attribute), and again on `hashchange` (the reader
//   edits the URL). Countries, measures, regions and resolutions the dataset
//   does not have, and dates that are not dates, are ignored; a country the
//   filter does not show is cleared by the model's `constrain`.
// Without the attribute, nothing is read or written.

import { decodeView, encodeView, fieldsOf, parseFragment, sameFields, writeFragment } from "./link-codec.js";
import { TAG } from "./log.js";
import { countryCode } from "./state.js";

/** How long after the last action the fragment is written, in ms. */
export const WRITE_DELAY = 300;

/** The namespace of element `host`'s keys: its id, else `st1`, `st2` … by its position in its document or shadow root. */
export function namespaceOf(host) {
  if (host.id) return host.id;
  const all = [...host.getRootNode().querySelectorAll(TAG)];
  return `st${all.indexOf(host) + 1 || 1}`;
}

/** What a model (model.js) offers that a link may name. */
function knownOf(model) {
  const meta = model.meta;
  return {
    known: {
      countries: new Set(model.summaries.keys()),
      measures: new Set(meta.measures.map((m) => m.key)),
      regions: new Set(meta.regions.map((r) => r.key)),
      resolutions: new Set(meta.resolutions.map((r) => r.id)),
    },
    hideLow: model.facts.low.size > 0,
  };
}

/**
 * The link sync of element `host` and its view state `state`. `on()` says
 * whether `link-state` is set; `connect()` / `disconnect()` start and stop
 * the watch of `hashchange` (the element's connect and disconnect, and the
 * attribute's changes call them). The loader calls `restore(model)` for a
 * new dataset's start view and `mount(model)` once it is drawn; the Copy
 * link control calls `href()` and `url()`.
 */
export function createLink({ host, state }) {
  let model = null; // the dataset a hashchange is checked against
  let timer = 0;
  let listening = false;

  const on = () => host.hasAttribute("link-state");
  const startCountry = () => countryCode(host.getAttribute("country"));
  /** The fragment's parts, or null when it is not ours to touch (a plain anchor). */
  const parts = () => parseFragment(location.hash);

  /** The page's URL with the current view in the fragment, or null when it already says it (or is not ours to write). */
  function nextUrl() {
    const p = parts();
    if (!p || !on()) return null;
    const ns = namespaceOf(host);
    const fields = encodeView(state.get(), startCountry());
    if (sameFields(fieldsOf(p, ns), fields)) return null;
    const text = writeFragment(p, ns, fields);
    return location.href.replace(/#.*$/, "") + (text ? `#${text}` : "");
  }

  /** Writes the current selection and filter to the fragment now (nothing when it already says them). */
  function write() {
    clearTimeout(timer);
    timer = 0;
    const url = nextUrl();
    if (url === null) return;
    try {
      history.replaceState(history.state, "", url);
    } catch (err) {
      console.warn(`${TAG}: could not write the view to the URL:`, err);
    }
  }

  /** The view the fragment asks for (decodeView), or null without one to read. */
  function wanted(m) {
    const p = parts();
    if (!p || !on() || !m) return null;
    return decodeView(fieldsOf(p, namespaceOf(host)), { ...knownOf(m), startCountry: startCountry() });
  }

  /**
   * The reader (or the page) changed the fragment: its view is applied,
   * filter then selection (a fragment without our keys is the start view).
   */
  function onHashChange() {
    const want = wanted(model);
    if (!want) return;
    clearTimeout(timer);
    timer = 0;
    const filterOnly = (filter) => encodeView({ selected: null, filter }, null);
    try {
      if (!sameFields(filterOnly(want.filter), filterOnly(state.get().filter))) {
        state.set({ filter: want.filter }, { reason: "filter" });
      }
      if (want.selected !== state.get().selected) state.set({ selected: want.selected }, { reason: "select" });
    } catch (err) {
      console.error(`${TAG}: could not apply the view in the URL:`, err);
    }
  }

  state.subscribe(({ keys, reason }) => {
    if (!model || !on() || (reason !== "select" && reason !== "filter")) return;
    if (!keys.has("selected") && !keys.has("filter")) return;
    clearTimeout(timer);
    timer = setTimeout(write, WRITE_DELAY);
  });

  return {
    on,
    connect() {
      if (listening || !on()) return;
      listening = true;
      window.addEventListener("hashchange", onHashChange);
    },
    disconnect() {
      clearTimeout(timer);
      timer = 0;
      if (!listening) return;
      listening = false;
      window.removeEventListener("hashchange", onHashChange);
    },
    /** A new dataset's start view from the fragment (`{}` without `link-state` or a fragment of ours). */
    restore(m) {
      model = null;
      clearTimeout(timer);
      timer = 0;
      const p = parts();
      if (!p || !on() || !p.some((x) => x.key?.startsWith(`${namespaceOf(host)}.`))) return {};
      return wanted(m) ?? {};
    },
    /** The dataset `m` is drawn: actions from now on are written. */
    mount(m) {
      model = m;
    },
    /** The page's URL with the current view in its fragment, written now if it was pending. */
    href() {
      if (timer) write();
      return location.href;
    },
    /** The URL `href()` will give, without writing it. */
    url: () => nextUrl() ?? location.href,
  };
}
