// The <sanctions-tracker> element itself: its lifecycle and its attributes,
// nothing else. An attribute becomes a change of the view state (state.js)
// or a new load (load.js); the scheduler (scheduler.js) draws.

import { createLink } from "./link.js";
import { createLoader } from "./load.js";
import { TAG } from "./log.js";
import { cssUrl, loadSheet } from "./sheets.js";
import { createShell } from "./shell.js";
import { countryCode, createState, startView } from "./state.js";
import { resolveTheme, watchTheme } from "./theme.js";
import { loadWasm } from "./wasm.js";

let base = null; // the entry module's URL: its stylesheet and pkg/ are beside it

class SanctionsTrackerElement extends HTMLElement {
  static observedAttributes = ["src", "theme", "country", "loading", "lang", "link-state"];

  #data;
  #started = false;
  #io = null;
  #stopTheme = null; // stops the watch of what `theme="auto"` follows (theme.js)
  #state;
  #shell;
  #loader;
  #link; // the view in the URL's fragment with `link-state` (link.js)

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    // Until the stylesheet and the data are in, the light-DOM fallback shows.
    this.#state = createState({ ...startView(null), lang: "", theme: "light", linkState: false });
    this.#shell = createShell(root, this.#state);
    this.#link = createLink({ host: this, state: this.#state });
    this.#loader = createLoader({
      host: this,
      root,
      base,
      shell: this.#shell,
      state: this.#state,
      data: () => this.#data,
      link: this.#link,
    });
  }

  /** The dataset object handed through the property, if any. */
  get data() {
    return this.#data === undefined ? null : this.#data;
  }

  /** Hands a dataset object directly; it takes precedence over `src`. */
  set data(value) {
    this.#data = value === null ? undefined : value;
    if (this.#started) this.#loader.reload();
  }

  connectedCallback() {
    loadSheet(base).then(
      (sheet) => this.#shell.adopt(sheet),
      (err) => console.error(`${TAG}: could not load ${cssUrl(base)}:`, err),
    );
    this.#stopTheme?.();
    this.#stopTheme = watchTheme(this, () => this.#applyTheme());
    this.#applyTheme();
    this.#applyLang();
    this.#applyLink();
    if (this.#eager() || this.#started) {
      this.#start();
    } else {
      this.#io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) this.#start();
        },
        { rootMargin: "200px 0px" },
      );
      this.#io.observe(this);
    }
  }

  disconnectedCallback() {
    this.#io?.disconnect();
    this.#io = null;
    this.#stopTheme?.();
    this.#stopTheme = null;
    this.#link.disconnect();
    this.#loader.stop();
    this.#started = false;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === "theme") {
      this.#applyTheme();
    } else if (name === "lang") {
      this.#applyLang();
    } else if (name === "link-state") {
      this.#applyLink();
    } else if (name === "loading") {
      if (this.isConnected && this.#eager()) this.#start();
    } else if (name === "src") {
      if (this.#started && this.#data === undefined) this.#loader.reload();
    } else if (name === "country") {
      // (Before a view is drawn this changes nothing: it starts from the attribute.)
      this.#state.set({ selected: countryCode(newValue) }, { reason: "select" });
    }
  }

  #eager() {
    return (this.getAttribute("loading") || "").toLowerCase() === "eager";
  }

  #start() {
    if (this.#started || !this.isConnected) return;
    this.#started = true;
    this.#io?.disconnect();
    this.#io = null;
    this.#loader.reload();
  }

  /** `theme`, with `auto` (the default) following the host page (theme.js); redraws only on a change. */
  #applyTheme() {
    const theme = resolveTheme(this);
    if (theme !== this.#state.get().theme) this.#state.set({ theme }, { reason: "theme" });
  }

  /** `link-state`: the view kept in the URL (link.js) while connected, and the "Copy link" control shown. */
  #applyLink() {
    const on = this.#link.on();
    if (on && this.isConnected) this.#link.connect();
    else this.#link.disconnect();
    this.#state.set({ linkState: on });
  }

  /** The element's `lang`, else the page's around it. */
  #applyLang() {
    this.#state.set({ lang: this.closest("[lang]")?.getAttribute("lang") ?? "" });
  }
}

/**
 * Defines the element once per page, its stylesheet and wasm beside `entryUrl`.
 * An eager widget already parsed (always, without `async`) starts the fetch
 * and compile of the wasm (and the glue's import) now, before the elements
 * are upgraded; with `async` the module may run before the parser reaches
 * the element, and its upgrade (connectedCallback) starts them.
 */
export function define(entryUrl) {
  if (customElements.get(TAG)) return;
  base = entryUrl;
  if (document.querySelector(`${TAG}[loading="eager" i]`)) loadWasm(base).catch(() => {});
  customElements.define(TAG, SanctionsTrackerElement);
}
