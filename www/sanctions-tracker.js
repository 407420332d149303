// <sanctions-tracker>: the embeddable widget.
//
// One ES module, no framework, no bundler. It defines the custom element and
// nothing else global. The data, the queries and every picture stay in Rust
// (./pkg/sanctions_tracker.js + its wasm); this file only builds the DOM with
// textContent/setAttribute, inserts the SVG strings Rust returns through a
// <template>, and wires events. Pictures are updated in place where they can
// be (see #renderMap), so that a filter, a keystroke or a new width costs
// little more than what changed. Styles come from ./sanctions-tracker.css,
// adopted into the shadow root, so a strict CSP (no <style>, no style="")
// holds: nothing here ever sets element.style.
//
// Attributes: src (dataset URL), theme (auto | light | dark), country (alpha-2
// code selected at start), loading (lazy | eager).
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

const TAG = "sanctions-tracker";
const PKG_URL = new URL("./pkg/sanctions_tracker.js", import.meta.url).href;
const WASM_URL = new URL("./pkg/sanctions_tracker_bg.wasm", import.meta.url).href;
const CSS_URL = new URL("./sanctions-tracker.css", import.meta.url).href;
const SVG_NS = "http://www.w3.org/2000/svg";
/** How many problems the in-widget message lists (all go to the console). */
const MAX_PROBLEMS_SHOWN = 5;
/**
 * How many steps the timeline draws at first (whole countries, at least
 * one); "Show more countries" multiplies it by 4. Drawing and inserting a
 * step costs about 50 µs: this keeps a filter or a keystroke within a frame.
 */
const TIMELINE_STEPS = 80;

// ---------------------------------------------------------------------------
// Shared, lazily created resources: one wasm instance and one stylesheet for
// every widget on the page.

/** A performance mark for the benchmark; never throws. */
function mark(name, detail) {
  try {
    performance.mark(name, { detail });
  } catch {
    /* no User Timing: nothing to measure */
  }
}

/**
 * Fetches and compiles the wasm while its JS glue loads (one round trip,
 * not two); a server that does not send application/wasm gets a second,
 * non-streaming try.
 */
function compileWasm() {
  return WebAssembly.compileStreaming(fetch(WASM_URL)).catch(async () => {
    const res = await fetch(WASM_URL);
    if (!res.ok) throw new Error(`${WASM_URL}: HTTP ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  });
}

let wasmPromise = null;
function loadWasm() {
  if (!wasmPromise) {
    mark("st:wasm-start", null);
    const compiled = compileWasm();
    wasmPromise = Promise.all([import(PKG_URL), compiled]).then(async ([mod, module]) => {
      await mod.default({ module_or_path: module });
      mark("st:wasm-ready", null);
      return mod;
    });
    wasmPromise.catch(() => {
      wasmPromise = null;
    });
  }
  return wasmPromise;
}

// The height the element reserves before its stylesheet and data arrive, so
// the article does not jump: applied from a stylesheet constructed here, at
// once, when the element upgrades (constructed stylesheets are not subject to
// a page's style-src CSP, and need no request). Everything else is in
// sanctions-tracker.css. The heights are those of the seed story's first
// render, by width (one column, two-column filters, list beside details); a
// page whose dataset is much shorter or longer sets its own with the CSS
// custom property --sanctions-tracker-height on the element.
const BOOT_CSS = `
:host { display: block; container-type: inline-size; min-width: 280px; max-width: 1200px; margin: 24px 0; }
.st { display: flow-root; box-sizing: border-box; border: 1px solid transparent; padding: 12px;
  min-height: var(--sanctions-tracker-height, var(--st-reserve)); --st-reserve: 2400px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif;
  font-size: 16px; line-height: 1.45; font-weight: 400; font-style: normal; }
.st-status { margin: 12px 0 0; font-size: 14px; }
@container (min-width: 480px) { .st { --st-reserve: 2200px; padding: 16px; } }
@container (min-width: 760px) { .st { --st-reserve: 2100px; } }
`;
let bootSheet = null;
function getBootSheet() {
  if (!bootSheet) {
    bootSheet = new CSSStyleSheet();
    bootSheet.replaceSync(BOOT_CSS);
  }
  return bootSheet;
}

/**
 * One rule per measure: a list entry shows the badge of a measure only while
 * its data-shown attribute names it (see #fillOption). Built from the
 * measures the wasm knows, once per page, as a constructed sheet (no request,
 * and a strict CSP allows it).
 */
const measureSheets = new Map();
function getMeasureSheet(keys) {
  const id = keys.join(" ");
  let sheet = measureSheets.get(id);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(
      keys
        .map((k) => {
          const v = CSS.escape(k);
          return `.st-option:not([data-shown~="${v}"]) .st-badge[data-measure="${v}"] { display: none; }`;
        })
        .join("\n"),
    );
    measureSheets.set(id, sheet);
  }
  return sheet;
}

let sheetPromise = null;
function loadSheet() {
  if (!sheetPromise) {
    sheetPromise = fetch(CSS_URL)
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.text();
      })
      .then((text) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(text);
        return sheet;
      });
  }
  return sheetPromise;
}

// ---------------------------------------------------------------------------
// Small DOM helpers (text and attributes only).

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function svgEl(tag, attrs) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, String(v));
  return el;
}

/**
 * Parses an SVG string from Rust into an element of this document, or null.
 * Through a <template> (the HTML parser, which knows SVG's element and
 * attribute names): three to four times faster than DOMParser plus
 * importNode, and like it runs nothing. Rust escapes every text from the data.
 */
function parseSvg(text) {
  if (typeof text !== "string" || text === "") return null;
  const t = document.createElement("template");
  t.innerHTML = text;
  const root = t.content.firstElementChild;
  if (!root || root.localName !== "svg" || root.namespaceURI !== SVG_NS) return null;
  return document.adoptNode(root);
}

/** A small coloured square for a measure (an SVG attribute, not a style). */
function swatch(colour) {
  const s = svgEl("svg", { class: "st-swatch", viewBox: "0 0 10 10", "aria-hidden": "true", focusable: "false" });
  s.append(svgEl("rect", { x: 0, y: 0, width: 10, height: 10, rx: 2, fill: colour || "currentColor" }));
  return s;
}

function dateRange(first, last) {
  if (!first) return "";
  return first === last || !last ? first : `${first} – ${last}`;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function problemsOf(err) {
  if (err && Array.isArray(err.problems) && err.problems.length > 0) return err.problems;
  const message = err && err.message ? err.message : String(err);
  return [{ path: "$", message, severity: "error" }];
}

let idCounter = 0;

// ---------------------------------------------------------------------------

class SanctionsTrackerElement extends HTMLElement {
  static get observedAttributes() {
    return ["src", "theme", "country", "loading"];
  }

  #root = null;
  #wrap = null;
  #status = null;
  #body = null;
  #mod = null;
  #tracker = null;
  #data = undefined;
  #source = null; // what the current tracker was built from
  #gen = 0;
  #started = false;
  #io = null;
  #ro = null;
  // Which of the timeline and the details are near the viewport: a change of
  // width redraws the pictures there at once, the others when they come into
  // view (their text alternatives do not depend on the width).
  #vio = null;
  #mql = null;
  #onScheme = () => this.#applyTheme();
  #ui = null;
  #state = null;
  #uid = `st${++idCounter}`;
  #firstDone = false;
  #sheet = null; // sanctions-tracker.css, once loaded
  #measureSheet = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#adoptSheets();
    // Until the stylesheet and the data are in, the light-DOM fallback shows.
    this.#status = h("p", { class: "st-status", role: "status" });
    this.#body = h("div", { class: "st-body" });
    this.#wrap = h(
      "div",
      { class: "st is-loading", "data-theme": "light" },
      // The body comes first: it is empty until the widget renders, so
      // nothing that was already on screen moves when it fills.
      this.#body,
      h("div", { class: "st-fallback" }, h("slot")),
      this.#status,
    );
    this.#root.append(this.#wrap);
  }

  // ----- public API ------------------------------------------------------

  /** The dataset object handed through the property, if any. */
  get data() {
    return this.#data === undefined ? null : this.#data;
  }

  /** Hands a dataset object directly; it takes precedence over `src`. */
  set data(value) {
    this.#data = value === null ? undefined : value;
    if (this.#started) this.#reload();
  }

  // ----- lifecycle -------------------------------------------------------

  connectedCallback() {
    loadSheet().then(
      (sheet) => {
        this.#sheet = sheet;
        this.#adoptSheets();
      },
      (err) => console.error(`${TAG}: could not load ${CSS_URL}:`, err),
    );
    this.#mql = window.matchMedia("(prefers-color-scheme: dark)");
    this.#mql.addEventListener("change", this.#onScheme);
    this.#applyTheme();
    if (this.#eager()) {
      this.#start();
    } else if (!this.#started) {
      this.#io = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) this.#start();
        },
        { rootMargin: "200px 0px" },
      );
      this.#io.observe(this);
    } else {
      this.#start();
    }
  }

  disconnectedCallback() {
    this.#gen++;
    this.#io?.disconnect();
    this.#io = null;
    this.#ro?.disconnect();
    this.#ro = null;
    this.#vio?.disconnect();
    this.#vio = null;
    this.#mql?.removeEventListener("change", this.#onScheme);
    this.#freeTracker();
    this.#started = false;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === "theme") {
      this.#applyTheme();
    } else if (name === "loading") {
      if (this.isConnected && this.#eager()) this.#start();
    } else if (name === "src") {
      if (this.#started && this.#data === undefined) this.#reload();
    } else if (name === "country") {
      if (this.#tracker && this.#state) this.#select(this.#codeFromAttr(), { user: false, announce: true });
    }
  }

  #adoptSheets() {
    this.#root.adoptedStyleSheets = [getBootSheet(), this.#sheet, this.#measureSheet].filter(Boolean);
  }

  // ----- loading ---------------------------------------------------------

  #eager() {
    return (this.getAttribute("loading") || "").toLowerCase() === "eager";
  }

  #start() {
    if (this.#started || !this.isConnected) return;
    this.#started = true;
    this.#io?.disconnect();
    this.#io = null;
    this.#reload();
  }

  async #reload() {
    const gen = ++this.#gen;
    this.#firstDone = false;
    this.#status.textContent = "Loading the tracker…";
    // The stylesheet is awaited only before the first build: the data loads
    // meanwhile (with the wasm's request already out, it is the later one).
    const sheetReady = loadSheet().catch(() => null);
    let mod;
    try {
      mod = await loadWasm();
    } catch (err) {
      await sheetReady; // (a message is styled too)
      if (gen !== this.#gen) return;
      console.error(`${TAG}: could not start the WebAssembly module:`, err);
      this.#showError("The tracker could not start.", "Its program (WebAssembly) did not load.", []);
      return;
    }
    if (gen !== this.#gen) return;
    this.#mod = mod;

    let tracker;
    mark("st:data-start", { id: this.#uid });
    try {
      tracker = await this.#makeTracker(mod, gen);
    } catch (err) {
      await sheetReady;
      if (gen !== this.#gen) return;
      if (err && err.fetchFailed) {
        console.error(`${TAG}: ${err.message}`);
        this.#showError("The data could not be loaded.", err.message, []);
        return;
      }
      const problems = problemsOf(err);
      console.error(`${TAG}: the dataset is not valid (${plural(problems.length, "problem", "problems")}):`);
      for (const p of problems) console.error(`  ${p.path}: ${p.message}`);
      this.#showError(
        "This dataset cannot be shown.",
        `It has ${plural(problems.length, "problem", "problems")}` +
          (problems.length > MAX_PROBLEMS_SHOWN ? `; the first ${MAX_PROBLEMS_SHOWN} are:` : ":"),
        problems.slice(0, MAX_PROBLEMS_SHOWN),
      );
      return;
    }
    if (gen !== this.#gen || !tracker) {
      tracker?.free();
      return;
    }
    mark("st:data-ready", { id: this.#uid });
    await sheetReady;
    if (gen !== this.#gen) {
      tracker.free();
      return;
    }
    this.#freeTracker();
    this.#tracker = tracker;
    for (const w of safeCall(() => tracker.warnings(), [])) {
      console.warn(`${TAG}: ${w.path}: ${w.message}`);
    }
    mark("st:render-start", { id: this.#uid });
    this.#build();
    mark("st:render-done", { id: this.#uid });
    this.#rendered("load");
  }

  /** Tells the page (and the benchmark) that a DOM update is complete. */
  #rendered(reason) {
    const first = !this.#firstDone;
    this.#firstDone = true;
    this.dispatchEvent(new CustomEvent("render", { detail: { first, reason }, bubbles: true, composed: true }));
  }

  async #makeTracker(mod, gen) {
    const { Tracker } = mod;
    if (this.#data !== undefined) {
      this.#source = "property";
      return Tracker.fromObject(this.#data);
    }
    const src = this.getAttribute("src");
    if (src) {
      this.#source = "src";
      const url = new URL(src, document.baseURI).href;
      let text;
      try {
        const res = await fetch(url, { credentials: "same-origin" });
        if (!res.ok) throw new Error(`the server answered ${res.status}${res.statusText ? " " + res.statusText : ""}`);
        text = await res.text();
      } catch (err) {
        const e = new Error(`Could not load ${src}: ${err.message || err}.`);
        e.fetchFailed = true;
        throw e;
      }
      if (gen !== this.#gen) return null;
      return Tracker.fromJson(text);
    }
    // Loaded with `async`, the module can upgrade the element before the
    // parser has reached its children: wait for them before looking.
    if (document.readyState === "loading" && !parsedPast(this)) {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
      if (gen !== this.#gen) return null;
    }
    const script = this.querySelector(':scope > script[type="application/json"]');
    if (script) {
      this.#source = "inline";
      return Tracker.fromJson(script.textContent || "");
    }
    this.#source = "seed";
    return Tracker.seed();
  }

  #freeTracker() {
    if (this.#tracker) {
      try {
        this.#tracker.free();
      } catch {
        /* already freed */
      }
      this.#tracker = null;
    }
  }

  #showError(title, message, problems) {
    this.#wrap.classList.remove("is-loading");
    this.#status.textContent = "";
    this.#ui = null;
    const box = h("div", { class: "st-error", role: "alert" }, h("h2", { text: title }), h("p", { text: message }));
    if (problems.length > 0) {
      const ul = h("ul");
      for (const p of problems) {
        ul.append(h("li", null, h("code", { text: p.path }), ": ", p.message));
      }
      box.append(ul);
    }
    const fallback = this.#fallbackLink();
    this.#body.replaceChildren(box, ...(fallback ? [fallback] : []));
  }

  /** The light DOM's first link, copied, so an error still points somewhere. */
  #fallbackLink() {
    const a = this.querySelector("a[href]");
    if (!a) return null;
    return h("p", null, h("a", { href: a.href, target: "_blank", rel: "noopener" }, a.textContent || a.href));
  }

  // ----- theme and size --------------------------------------------------

  #themeName() {
    const t = (this.getAttribute("theme") || "auto").toLowerCase();
    if (t === "light" || t === "dark") return t;
    return this.#mql && this.#mql.matches ? "dark" : "light";
  }

  #applyTheme() {
    const theme = this.#themeName();
    if (this.#wrap.getAttribute("data-theme") === theme && this.#ui) return;
    this.#wrap.setAttribute("data-theme", theme);
    if (this.#ui) {
      this.#renderLegendColours();
      this.#renderMap();
      this.#renderTimeline({ force: true });
      this.#renderFigures();
      this.#rendered("theme");
    }
  }

  /**
   * Resize. Each picture is scaled by the browser (its viewBox) while the
   * width stays within a few percent of the one it was drawn at, so that its
   * text keeps its size; beyond, it is drawn for the new width: for the map,
   * only the markers, labels and legend (its shapes are kept and cropped).
   * A "render" event follows every change of width, drawn or scaled.
   */
  #onResize(entries) {
    const ui = this.#ui;
    if (!ui) return;
    let changed = false;
    for (const e of entries) {
      const w = Math.floor(e.contentRect.width);
      if (e.target === ui.map && w !== ui.mapW) {
        ui.mapW = w;
        this.#renderMap();
        changed = true;
        continue;
      }
      if (e.target === ui.timeline && w !== ui.tlW) {
        ui.tlW = w;
      } else if (e.target === ui.details && w !== ui.detailsW) {
        ui.detailsW = w;
      } else {
        continue;
      }
      // The timeline or the details (not drawn yet after the first render:
      // #renderRest will, at this width): drawn again now if near the
      // viewport, else when they come into view (scaled by their viewBox meanwhile).
      if (ui.restPending) continue;
      if (ui.offscreen.has(e.target)) ui.stale.add(e.target);
      else this.#redrawAtWidth(e.target);
      changed = true;
    }
    if (changed) this.#rendered("resize");
  }

  /** The timeline's or the details' pictures drawn again if their width moved too far; whether they were. */
  #redrawAtWidth(box) {
    return box === this.#ui.timeline ? this.#renderTimeline({ force: false }) : this.#renderFigures({ force: false });
  }

  /** The timeline or the details came near the viewport or left it. */
  #onVisibility(entries) {
    const ui = this.#ui;
    if (!ui) return;
    let drew = false;
    for (const e of entries) {
      if (!e.isIntersecting) {
        ui.offscreen.add(e.target);
        continue;
      }
      ui.offscreen.delete(e.target);
      if (ui.stale.delete(e.target)) drew = this.#redrawAtWidth(e.target) || drew;
    }
    if (drew) this.#rendered("resize");
  }

  /** Width in px to draw a picture in `box` (its last known width), within 280-1200. */
  #pictureWidth(w) {
    return Math.max(280, Math.min(1200, w || 600));
  }

  /** Whether a picture drawn at `drawn` px must be drawn again to show at `w` px. */
  static #needsRedraw(drawn, w) {
    // Shrunk by up to 5% or grown by up to 15%, text stays within a pixel of its size.
    return !drawn || w < drawn * 0.95 || w > drawn * 1.15;
  }

  // ----- building the UI -------------------------------------------------

  #codeFromAttr() {
    const c = (this.getAttribute("country") || "").trim().toUpperCase();
    return c === "" ? null : c;
  }

  #build() {
    const t = this.#tracker;
    const meta = t.overview();
    const labels = t.constructor.labels();
    // The whole list, unfiltered, once: filters then only show, hide and update entries.
    const groups = t.regions(null);
    const summaries = new Map();
    for (const g of groups) for (const c of g.countries) summaries.set(c.code, c);
    this.#state = {
      meta,
      measureKeys: labels.measures.map((m) => m.key),
      measureLabels: Object.fromEntries(labels.measures.map((m) => [m.key, m.label])),
      adopted: Object.fromEntries(meta.resolutions.map((r) => [r.id, r.adopted_text])),
      palette: null, // below, from the map's base
      filter: { measures: [], resolutions: [], regions: [], text: "" },
      view: "story",
      selected: null,
      hovered: null,
      focused: null,
      groups: groups.map((g) => ({ region: g.region, label: g.label, codes: g.countries.map((c) => c.code) })),
      summaries,
      inSel: new Set(),
      codes: [],
      timelineSteps: TIMELINE_STEPS,
    };
    const sheet = getMeasureSheet(this.#state.measureKeys);
    if (sheet !== this.#measureSheet) {
      this.#measureSheet = sheet;
      this.#adoptSheets();
    }
    const id = (s) => `${this.#uid}-${s}`;
    const ui = { options: new Map(), groupEls: new Map() };
    this.#ui = ui;

    // Header: title, summary, as-of date.
    ui.title = h("h2", { id: id("title"), text: meta.title });
    const head = h(
      "div",
      { class: "st-head" },
      ui.title,
      meta.summary ? h("p", { class: "st-summary", text: meta.summary }) : null,
      h("p", { class: "st-asof", text: `Data as of ${meta.as_of_text}` }),
    );

    // Filters.
    const select = (key, label, allLabel, options) => {
      const sel = h("select", { id: id(key), "data-filter": key });
      sel.append(h("option", { value: "", text: allLabel }));
      for (const o of options) sel.append(h("option", { value: o.key, text: o.label }));
      sel.addEventListener("change", () => this.#setFilter(key, sel.value ? [sel.value] : []));
      return h("label", { class: "st-field", for: id(key) }, h("span", { text: label }), sel);
    };
    ui.search = h("input", {
      type: "search",
      id: id("search"),
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "Country or words",
    });
    ui.search.addEventListener("input", () => this.#setFilter("text", ui.search.value));
    ui.clear = h("button", { type: "button", class: "st-clear", text: "Clear filters" });
    ui.clear.addEventListener("click", () => this.#clearFilters());
    const filters = h(
      "div",
      { class: "st-filters", role: "group", "aria-label": "Filters" },
      select("measures", "Measure", "All measures", meta.measures),
      select(
        "resolutions",
        "Resolution",
        "All resolutions",
        meta.resolutions.map((r) => ({ key: r.id, label: r.adopted_text ? `${r.id} (${r.adopted_text})` : r.id })),
      ),
      select("regions", "Region", "All regions", meta.regions),
      h("label", { class: "st-field", for: id("search") }, h("span", { text: "Search" }), ui.search),
      ui.clear,
    );
    ui.selects = [...filters.querySelectorAll("select")];
    ui.count = h("p", { class: "st-count", id: id("count") });
    ui.empty = h("p", {
      class: "st-empty",
      hidden: true,
      text: "No country matches these filters. Clear the filters to see every country.",
    });
    ui.live = h("div", { class: "st-sr", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    const countline = h("div", { class: "st-countline" }, ui.count);

    // Map with the story/world toggle.
    ui.viewStory = h("button", { type: "button", "aria-pressed": "true", text: "Story countries" });
    ui.viewWorld = h("button", { type: "button", "aria-pressed": "false", text: "Whole world" });
    ui.viewStory.addEventListener("click", () => this.#setView("story"));
    ui.viewWorld.addEventListener("click", () => this.#setView("world"));
    ui.map = h("div", { class: "st-pic st-map" });
    ui.mapInfo = h("p", { class: "st-mapinfo st-muted", "aria-hidden": "true" });
    ui.mapAlt = this.#altSlot("map", () => safeCall(() => this.#tracker.mapTable(), null));
    ui.map.addEventListener("click", (ev) => this.#onMapClick(ev));
    ui.map.addEventListener("pointermove", (ev) => this.#onMapHover(ev));
    ui.map.addEventListener("pointerleave", () => this.#hover(null, "map"));
    const mapSection = h(
      "section",
      { class: "st-section", "aria-labelledby": id("map-h") },
      h(
        "div",
        { class: "st-sectionbar" },
        h("h3", { id: id("map-h"), text: "Map" }),
        h("div", { class: "st-toggle", role: "group", "aria-label": "Map view" }, ui.viewStory, ui.viewWorld),
      ),
      h("figure", { class: "st-figure" }, ui.map, ui.mapInfo, ui.mapAlt.root),
    );

    // The map's shapes first: their fills are also the colours of the list's
    // badges, so the first render needs no palette call of its own (every
    // distinct Rust function the first render calls is compiled then).
    const theme = this.#themeName();
    if (this.#drawMapBase(theme, this.#state.view)) ui.mapBaseKey = `${theme}|${this.#state.view}`;
    this.#state.palette = ui.mapPalette?.fills ?? safeCall(() => this.#mod.Tracker.palette(theme), {});

    // Country list (listbox grouped by region) and details.
    ui.listbox = h("div", {
      class: "st-listbox",
      role: "listbox",
      id: id("list"),
      "aria-labelledby": id("list-h"),
    });
    ui.listbox.addEventListener("keydown", (ev) => this.#onListKey(ev));
    ui.listbox.addEventListener("click", (ev) => {
      const opt = ev.target.closest?.('[role="option"]');
      // A click has focused the entry already (on mousedown); focusing it
      // here again would only cost a style pass.
      if (opt) this.#select(opt.dataset.code, { user: true, announce: true });
    });
    ui.listbox.addEventListener("focusin", (ev) => {
      const opt = ev.target.closest?.('[role="option"]');
      if (opt) this.#hover(opt.dataset.code, "list");
    });
    ui.listbox.addEventListener("focusout", (ev) => {
      if (!ui.listbox.contains(ev.relatedTarget)) this.#hover(null, "list");
    });
    ui.listbox.addEventListener("pointerover", (ev) => {
      const opt = ev.target.closest?.('[role="option"]');
      if (opt) this.#hover(opt.dataset.code, "listpointer");
    });
    ui.listbox.addEventListener("pointerleave", () => this.#hover(null, "listpointer"));
    for (const g of this.#state.groups) {
      const group = h("div", { class: "st-group", role: "group", "aria-label": g.label });
      group.append(h("div", { class: "st-grouplabel", "aria-hidden": "true", text: g.label }));
      ui.groupEls.set(g.region, { el: group });
      for (const code of g.codes) ui.options.set(code, this.#makeOption(summaries.get(code)));
    }
    const listSection = h(
      "section",
      { class: "st-list", "aria-labelledby": id("list-h") },
      h("h3", { id: id("list-h"), text: "Countries by region" }),
      ui.empty,
      ui.listbox,
    );
    ui.details = h("section", { class: "st-details", "aria-labelledby": id("details-h") });
    const main = h("div", { class: "st-main" }, listSection, ui.details);

    // Timeline.
    ui.timeline = h("div", { class: "st-pic st-timeline" });
    ui.timelineAlt = this.#altSlot("timeline", () => safeCall(() => this.#tracker.timelineTable(), null));
    ui.timelineNote = h("p", { class: "st-muted st-small st-tlnote", hidden: true });
    ui.timelineMore = h("button", { type: "button", class: "st-more", hidden: true, text: "Show more countries" });
    ui.timelineMore.addEventListener("click", () => {
      this.#state.timelineSteps *= 4;
      this.#renderTimeline({ force: true });
      this.#rendered("timeline");
    });
    const timelineSection = h(
      "section",
      { class: "st-section", "aria-labelledby": id("tl-h") },
      h("div", { class: "st-sectionbar" }, h("h3", { id: id("tl-h"), text: "Timeline" })),
      h("figure", { class: "st-figure" }, ui.timeline, ui.timelineNote, ui.timelineMore, ui.timelineAlt.root),
    );

    // Credits and source.
    const foot = h("div", { class: "st-foot" });
    foot.append(
      h(
        "a",
        { class: "st-source", href: meta.source_url, target: "_blank", rel: "noopener" },
        `Source: ${meta.publisher}${meta.published_text ? ", " + meta.published_text : ""}`,
        h("span", { class: "st-sr", text: " (opens in a new tab)" }),
      ),
    );
    if (meta.byline) foot.append(h("p", { text: `By ${meta.byline}.` }));
    for (const c of meta.credits || []) foot.append(h("p", { text: c }));
    if (meta.licence) foot.append(h("p", { text: `Licence: ${meta.licence}` }));

    const root = h(
      "div",
      { class: "st-app", role: "region", "aria-labelledby": id("title") },
      head,
      filters,
      countline,
      ui.live,
      mapSection,
      main,
      timelineSection,
      foot,
    );
    root.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && this.#state.selected) {
        ev.preventDefault();
        this.#select(null, { user: true, announce: true });
      }
    });
    // The map and the timeline span the wrapper's content box: their width
    // is read from it before the widget fills it (a layout of the empty
    // wrapper, not of the whole widget); the ResizeObserver corrects it if
    // the stylesheet says otherwise.
    const cs = getComputedStyle(this.#wrap);
    const inner = this.#wrap.clientWidth - parseFloat(cs.paddingLeft || "0") - parseFloat(cs.paddingRight || "0");
    ui.mapW = ui.tlW = Math.floor(inner) || 0;
    ui.detailsW = 0;
    this.#body.replaceChildren(root);
    this.#status.textContent = "";
    this.#wrap.classList.remove("is-loading");
    this.#ro?.disconnect();
    this.#ro = new ResizeObserver((entries) => this.#onResize(entries));
    for (const el of [ui.map, ui.timeline, ui.details]) this.#ro.observe(el);
    ui.offscreen = new Set();
    ui.stale = new Set();
    this.#vio?.disconnect();
    this.#vio = new IntersectionObserver((entries) => this.#onVisibility(entries), { rootMargin: "200px 0px" });
    for (const el of [ui.timeline, ui.details]) this.#vio.observe(el);

    const start = this.#codeFromAttr();
    if (start && t.hasCountry(start)) {
      this.#state.selected = start;
      this.#updateListSelection(null);
    }
    // First the map and the list; the timeline and the details (below them)
    // in the frame after the one that paints those, so that the first render
    // shows what the reader sees first as soon as it can. (One frame would
    // not do: a requestAnimationFrame callback runs before that same frame's
    // style, layout and paint, so the details and the timeline would be laid
    // out and painted with the map and the list; the trace showed the first
    // paint 35 ms later for it. bench/README.md, "Where the first render's
    // time goes".) A filter or a selection before then draws them at once.
    ui.restPending = true;
    this.#refresh({ announce: false, fresh: true });
    const gen = this.#gen;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (gen !== this.#gen || this.#ui !== ui || !ui.restPending) return;
        this.#renderRest();
        this.#rendered("load");
      }),
    );
  }

  /** The timeline and the details, drawn after the first render. */
  #renderRest() {
    const ui = this.#ui;
    ui.restPending = false;
    // Read before anything changes: after the first render's frame the
    // layout is clean and this costs nothing (from a filter before then, it
    // lays out the map and the list once).
    ui.detailsW = Math.floor(ui.details.getBoundingClientRect().width);
    this.#renderTimeline({ force: true });
    this.#renderDetails();
  }

  // ----- state changes ---------------------------------------------------

  #filterArg() {
    const f = this.#state.filter;
    return { measures: f.measures, resolutions: f.resolutions, regions: f.regions, text: f.text };
  }

  #setFilter(key, value) {
    this.#state.filter[key] = value;
    this.#refresh({ announce: true });
    this.#rendered("filter");
  }

  #clearFilters() {
    const f = this.#state.filter;
    f.measures = [];
    f.resolutions = [];
    f.regions = [];
    f.text = "";
    for (const s of this.#ui.selects) s.value = "";
    this.#ui.search.value = "";
    this.#refresh({ announce: true });
    this.#rendered("filter");
  }

  #setView(view) {
    if (this.#state.view === view) return;
    this.#state.view = view;
    this.#ui.viewStory.setAttribute("aria-pressed", String(view === "story"));
    this.#ui.viewWorld.setAttribute("aria-pressed", String(view === "world"));
    this.#renderMap();
    this.#rendered("view");
  }

  /**
   * Applies the filter: Rust says which countries entered, left or changed
   * (it keeps the previous answer), and map, list and timeline are updated
   * in place from that.
   */
  #refresh({ announce, fresh = false }) {
    const st = this.#state;
    const ui = this.#ui;
    const filter = this.#filterArg();
    ui.filterKey = JSON.stringify(filter);
    const out = this.#tracker.listChanges(filter, fresh);
    const changed = [];
    for (const line of out.changes.split("\n")) {
      if (!line) continue;
      const [code, mask, count, first, last] = line.split("\t");
      const c = st.summaries.get(code);
      if (!c) continue;
      changed.push(code);
      if (mask === undefined) {
        st.inSel.delete(code);
        continue;
      }
      st.inSel.add(code);
      c.measures = st.measureKeys.filter((_, i) => (Number(mask) >> i) & 1);
      c.step_count = Number(count);
      c.first_step_text = first;
      c.last_step_text = last;
      this.#fillOption(ui.options.get(code), c);
    }
    st.codes = [];
    for (const g of st.groups) for (const code of g.codes) if (st.inSel.has(code)) st.codes.push(code);
    const hadSelection = st.selected;
    if (st.selected && !st.inSel.has(st.selected)) st.selected = null;
    const n = out.count;
    const total = out.total;
    ui.count.textContent = `${n} of ${plural(total, "country", "countries")}`;
    ui.empty.hidden = n > 0;
    this.#renderList();
    this.#renderMap();
    this.#paintMap(changed);
    if (fresh) return;
    if (ui.restPending) {
      this.#renderRest();
    } else {
      this.#renderTimeline({ force: true });
      // The details show all of a country's steps whatever the filter: they
      // change only when the selected country leaves the selection.
      if (hadSelection && !st.selected) this.#renderDetails();
    }
    if (announce) {
      this.#announce(
        n === 0 ? `No country matches these filters.` : `${n} of ${plural(total, "country", "countries")} shown.`,
      );
    }
  }

  #announce(text) {
    // Clearing first makes a repeated message be read again.
    const live = this.#ui.live;
    live.textContent = "";
    requestAnimationFrame(() => {
      live.textContent = text;
    });
  }

  #select(code, { user, announce, focus }) {
    const st = this.#state;
    if (!st) return;
    if (code && (!this.#tracker.hasCountry(code) || !st.inSel.has(code))) code = null;
    // Focus first, while the DOM is unchanged (focusing needs its style);
    // a click has usually focused the entry already.
    if (focus && this.#root.activeElement !== focus) focus.focus({ preventScroll: true });
    if (code === st.selected) return;
    const previous = st.selected;
    st.selected = code;
    this.#updateListSelection(previous);
    this.#markMap("is-selected", code);
    this.#renderMapInfo();
    this.#renderDetails();
    const name = code ? this.#nameOf(code) : null;
    if (announce) {
      if (code) {
        const d = this.#ui.detailsData;
        this.#announce(`${name} selected: ${plural(d?.steps?.length ?? 0, "step", "steps")}.`);
      } else {
        this.#announce("Selection cleared.");
      }
    }
    this.#rendered("select");
    if (user) {
      this.dispatchEvent(new CustomEvent("select", { detail: { code, name }, bubbles: true, composed: true }));
    }
  }

  #nameOf(code) {
    return this.#state.summaries.get(code)?.name ?? code;
  }

  #summaryOf(code) {
    return this.#state.inSel.has(code) ? (this.#state.summaries.get(code) ?? null) : null;
  }

  /** Hover from the map or the list; list keyboard focus counts as hover. */
  #hover(code, from) {
    const st = this.#state;
    if (!st) return;
    if (from === "list") st.focused = code;
    const next = code ?? (from !== "list" ? st.focused : null);
    if (next === st.hovered) return;
    const previous = st.hovered;
    st.hovered = next;
    this.#markMap("is-hover", next);
    if (previous) this.#ui.options.get(previous)?.el.classList.remove("is-hover");
    if (next) this.#ui.options.get(next)?.el.classList.add("is-hover");
    this.#renderMapInfo();
  }

  // ----- map ---------------------------------------------------------------

  #svgPoint(ev) {
    const svg = this.#ui.mapSvg;
    if (!svg) return null;
    const ctm = svg.getScreenCTM();
    if (!ctm) return null;
    const p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    return p;
  }

  /** The country of the selection under the pointer; `raw` also answers for the others. */
  #hitTest(ev, raw = false) {
    const p = this.#svgPoint(ev);
    if (!p) return null;
    const code = this.#tracker.hitTest(p.x, p.y);
    return code && (raw || this.#state.inSel.has(code)) ? code : null;
  }

  #onMapClick(ev) {
    if (!this.#state) return;
    const code = this.#hitTest(ev);
    if (code) this.#select(code, { user: true, announce: true });
  }

  #onMapHover(ev) {
    if (!this.#state || ev.pointerType === "touch") return;
    const code = this.#hitTest(ev, true);
    // Tooltips are written when the pointer comes to them (see #paintCountry).
    if (code) this.#writeTitles(code);
    this.#hover(code && this.#state.inSel.has(code) ? code : null, "map");
  }

  /** Brings the tooltips (<title>) of a country's shape and marker up to date. */
  #writeTitles(code) {
    const ui = this.#ui;
    const look = this.#lookOf(code);
    for (const e of [ui.mapCountries?.get(code), ui.mapMarkers?.get(code)]) {
      if (!e?.title) continue;
      const title = look ? look.title : e.name;
      if (e.title.textContent !== title) e.title.textContent = title;
    }
  }

  /**
   * Marks one country on the drawn map with `cls` (is-selected, is-hover) and
   * raises its shape above its neighbours so the outline shows whole. The
   * selection and the pointer are shown this way, without drawing anything.
   */
  #markMap(cls, code) {
    const ui = this.#ui;
    if (!ui.mapSvg) return;
    for (const g of ui.mapSvg.querySelectorAll(`g[data-code].${cls}`)) g.classList.remove(cls);
    if (!code) return;
    const country = ui.mapCountries.get(code);
    if (country) {
      country.g.classList.add(cls);
      country.g.parentNode.append(country.g);
    }
    const marker = ui.mapMarkers.get(code);
    if (marker) {
      marker.g.classList.add(cls);
      marker.g.parentNode.append(marker.g);
    }
    // The selection stays above a hovered neighbour.
    const sel = this.#state.selected;
    if (cls === "is-hover" && sel && sel !== code) {
      const s = ui.mapCountries.get(sel);
      if (s) s.g.parentNode.append(s.g);
      const m = ui.mapMarkers.get(sel);
      if (m) m.g.parentNode.append(m.g);
    }
  }

  /**
   * The map in two layers. The base (sea and every country's shape) is
   * drawn by Rust once per theme and view and kept; for a width or a filter,
   * Rust returns only what changed: which countries changed fill and
   * tooltip, the part of the base to show, and what goes over it (markers,
   * labels, legend), which replaces the previous overlay.
   */
  #renderMap() {
    const ui = this.#ui;
    const st = this.#state;
    if (!ui || !st) return false;
    const theme = this.#themeName();
    const baseKey = `${theme}|${st.view}`;
    if (ui.mapBaseKey !== baseKey || !ui.mapSvg) {
      if (!this.#drawMapBase(theme, st.view)) return true;
      ui.mapBaseKey = baseKey;
      ui.mapKey = null;
    }
    // Within a few percent of the width it was drawn at, the map is scaled
    // by the browser rather than drawn again.
    const w = this.#pictureWidth(ui.mapW);
    const width = ui.mapKey && !SanctionsTrackerElement.#needsRedraw(ui.mapDrawnW, w) ? ui.mapDrawnW : w;
    const key = `${width}|${ui.filterKey}`;
    if (key === ui.mapKey) return false;
    ui.mapKey = key;
    ui.mapDrawnW = width;
    const out = safeCall(() => this.#tracker.mapUpdate({ width, filter: this.#filterArg() }), null);
    if (out) this.#applyMapUpdate(out);
    this.#markMap("is-selected", st.selected);
    this.#markMap("is-hover", st.hovered);
    this.#renderMapInfo();
    return true;
  }

  #drawMapBase(theme, view) {
    const ui = this.#ui;
    const base = safeCall(() => this.#tracker.mapBase({ theme, view, id: `${this.#uid}-map` }), null);
    const el = base ? parseSvg(base.svg) : null;
    if (!el) {
      ui.map.replaceChildren();
      ui.mapSvg = null;
      return false;
    }
    // The base is a picture inside the picture: no name of its own.
    for (const t of el.querySelectorAll(":scope > title, :scope > desc")) t.remove();
    el.removeAttribute("role");
    el.removeAttribute("aria-labelledby");
    el.setAttribute("aria-hidden", "true");
    el.setAttribute("preserveAspectRatio", "none");
    el.setAttribute("x", "0");
    el.setAttribute("y", "0");
    const alt = ui.mapAlt;
    const svg = svgEl("svg", {
      class: "sanctions-map",
      role: "img",
      "aria-labelledby": alt.titleId,
      "aria-describedby": alt.descId,
      focusable: "false",
    });
    const markers = svgEl("g", { class: "st-map-markers" });
    const overlay = svgEl("g", { class: "st-map-overlay" });
    svg.append(el, markers, overlay);
    ui.map.replaceChildren(svg);
    ui.mapSvg = svg;
    ui.mapBase = el;
    ui.mapMarkersLayer = markers;
    ui.mapMarkers = new Map();
    ui.mapOverlay = overlay;
    ui.mapOverlayText = null;
    ui.mapPalette = base;
    ui.mapPatterns = [...el.querySelectorAll("pattern")];
    ui.mapCountries = new Map();
    for (const g of el.querySelectorAll("g.country[data-code]")) {
      const title = g.querySelector("title");
      ui.mapCountries.set(g.dataset.code, { g, title, name: title?.textContent ?? "", path: g.querySelector("path"), use: null, measure: null });
    }
    for (const code of this.#state.inSel) this.#paintCountry(code);
    return true;
  }

  #applyMapUpdate(out) {
    const ui = this.#ui;
    const svg = ui.mapSvg;
    const [w, h] = [out.width, out.height];
    svg.setAttribute("width", w);
    svg.setAttribute("height", h);
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const base = ui.mapBase;
    base.setAttribute("width", w);
    base.setAttribute("height", out.map_height);
    base.setAttribute("viewBox", out.crop.join(" "));
    const scale = `scale(${out.pattern_scale})`;
    for (const p of ui.mapPatterns) p.setAttribute("patternTransform", scale);
    if (out.markers !== null) this.#placeMarkers(out);
    if (out.svg !== ui.mapOverlayText) {
      ui.mapOverlayText = out.svg;
      const overlay = svgEl("g", { class: "st-map-overlay" });
      const parsed = parseSvg(out.svg);
      if (parsed) {
        for (const child of [...parsed.children]) {
          if (child.localName !== "title" && child.localName !== "desc") overlay.append(child);
        }
        const font = parsed.getAttribute("font-family");
        if (font) overlay.setAttribute("font-family", font);
      }
      ui.mapOverlay.replaceWith(overlay);
      ui.mapOverlay = overlay;
    }
    ui.mapAlt.set(out.alt);
  }

  /** Puts the markers drawn for a new width in place of the previous ones, painted as their countries. */
  #placeMarkers(out) {
    const ui = this.#ui;
    const layer = svgEl("g", { class: "st-map-markers" });
    const parsed = parseSvg(out.markers);
    if (parsed) {
      for (const child of [...parsed.children]) {
        if (child.localName !== "title" && child.localName !== "desc") layer.append(child);
      }
    }
    ui.mapMarkersLayer.replaceWith(layer);
    ui.mapMarkersLayer = layer;
    ui.mapMarkerPatterns = out.marker_patterns;
    ui.mapMarkers = new Map();
    for (const g of layer.querySelectorAll("g.marker[data-code]")) {
      const code = g.dataset.code;
      ui.mapMarkers.set(code, {
        g,
        title: g.querySelector("title"),
        fill: g.querySelector("circle.m-fill"),
        pat: g.querySelector("circle.m-pat"),
        land: g.querySelector("circle.m-fill")?.getAttribute("fill"),
        name: g.querySelector("title")?.textContent ?? "",
        measure: null,
        shown: true,
      });
      this.#paintMarker(code);
    }
  }

  /**
   * How a country shows on the map: filled by the strongest measure of its
   * steps in the selection (the first of its measures in the list), with a
   * tooltip saying so; null for plain land.
   */
  #lookOf(code) {
    const st = this.#state;
    const c = st.summaries.get(code);
    if (!c || !st.inSel.has(code) || !c.step_count || !c.measures.length) return null;
    const measure = c.measures[0];
    return { measure, title: `${c.name}: ${this.#label(measure)}, ${plural(c.step_count, "step", "steps")}` };
  }

  /** Paints the countries whose entry in the list changed (all when `codes` is null). */
  #paintMap(codes) {
    const ui = this.#ui;
    if (!ui.mapSvg) return;
    for (const code of codes ?? this.#state.summaries.keys()) {
      this.#paintCountry(code);
      this.#paintMarker(code);
    }
  }

  /** Fills a country's shape as #lookOf says (its tooltip: #writeTitles). */
  #paintCountry(code) {
    const ui = this.#ui;
    const c = ui.mapCountries.get(code);
    if (!c) return;
    const look = this.#lookOf(code);
    const measure = look?.measure ?? null;
    const g = c.g;
    if (c.measure !== measure) {
      if (c.measure) g.classList.remove(`measure-${c.measure}`);
      c.measure = measure;
      if (measure) {
        g.classList.add("has-data", `measure-${measure}`);
        g.setAttribute("fill", ui.mapPalette.fills[measure]);
      } else {
        g.classList.remove("has-data");
        g.removeAttribute("fill");
      }
      const paint = measure ? ui.mapPalette.patterns[measure] : null;
      if (paint && c.path?.id) {
        if (!c.use) {
          c.use = svgEl("use", { href: `#${c.path.id}` });
          g.append(c.use);
        }
        c.use.setAttribute("fill", paint);
      } else if (c.use) {
        c.use.remove();
        c.use = null;
      }
    }
    // The tooltip is written when the pointer comes (#writeTitles): a
    // filter on a large dataset changes hundreds of them.
  }

  /** Fills a country's marker (if it has one at this width) like its shape, shown when it is in the selection. */
  #paintMarker(code) {
    const ui = this.#ui;
    const m = ui.mapMarkers.get(code);
    if (!m) return;
    const show = this.#state.inSel.has(code);
    if (show !== m.shown) {
      m.shown = show;
      if (show) m.g.removeAttribute("display");
      else m.g.setAttribute("display", "none");
    }
    const look = this.#lookOf(code);
    const measure = look?.measure ?? null;
    if (m.measure !== measure) {
      if (m.measure) m.g.classList.remove(`measure-${m.measure}`);
      m.measure = measure;
      if (measure) m.g.classList.add("has-data", `measure-${measure}`);
      else m.g.classList.remove("has-data");
      m.fill?.setAttribute("fill", measure ? ui.mapPalette.fills[measure] : m.land);
      m.pat?.setAttribute("fill", (measure && ui.mapMarkerPatterns[measure]) || "none");
    }
  }

  #renderMapInfo() {
    const st = this.#state;
    const info = this.#ui.mapInfo;
    const code = st.hovered || st.selected;
    const c = code ? this.#summaryOf(code) : null;
    if (!c) {
      info.textContent = st.codes.length ? "Select a country on the map or in the list to see its steps." : "";
      return;
    }
    info.textContent = `${c.name}: ${c.measures.map((m) => this.#label(m)).join(", ")} (${plural(c.step_count, "step", "steps")})`;
  }

  /** Puts a picture {svg, alt} into `box`, with its text alternative in `altBox`. */
  #placePicture(box, altBox, out, kind) {
    const svg = out ? parseSvg(out.svg) : null;
    if (!svg) {
      box.replaceChildren();
      altBox.replaceChildren();
      return;
    }
    const alt = out.alt || {};
    const base = `${this.#uid}-${kind}`;
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-labelledby", `${base}-t`);
    svg.setAttribute("aria-describedby", `${base}-d`);
    svg.setAttribute("focusable", "false");
    // The picture's own <title>/<desc> would be read twice next to ours.
    for (const t of svg.querySelectorAll(":scope > title, :scope > desc")) t.remove();
    box.replaceChildren(svg);
    altBox.replaceChildren(this.#altBlock(alt, base));
  }

  /** Text alternative: a hidden title, and a disclosure with the description and the table. */
  #altBlock(alt, base) {
    const frag = document.createDocumentFragment();
    frag.append(h("span", { class: "st-sr", id: `${base}-t`, text: alt.title || "" }));
    const details = h("details", { class: "st-pic-alt" });
    details.append(
      h("summary", { text: "Description and data" }),
      h("p", { id: `${base}-d`, text: alt.description || "" }),
    );
    const table = this.#table(alt.table, alt.title);
    if (table) details.append(h("div", { class: "st-table-wrap" }, table));
    frag.append(details);
    return frag;
  }

  /**
   * A kept text alternative for a picture drawn in place: the title and
   * description are set on each update; the table, which can be long, is
   * built only while the reader has the disclosure open (`table()` gives it).
   */
  #altSlot(kind, table) {
    const base = `${this.#uid}-${kind}`;
    const titleEl = h("span", { class: "st-sr", id: `${base}-t` });
    const desc = h("p", { id: `${base}-d` });
    const wrap = h("div", { class: "st-table-wrap" });
    const details = h("details", { class: "st-pic-alt" }, h("summary", { text: "Description and data" }), desc, wrap);
    let title = "";
    let stale = true;
    const fill = () => {
      stale = false;
      const t = this.#table(table(), title);
      wrap.replaceChildren(...(t ? [t] : []));
    };
    details.addEventListener("toggle", () => {
      if (details.open && stale) fill();
    });
    return {
      root: h("div", null, titleEl, details),
      titleId: titleEl.id,
      descId: desc.id,
      set: (alt) => {
        title = alt?.title || "";
        if (titleEl.textContent !== title) titleEl.textContent = title;
        const d = alt?.description || "";
        if (desc.textContent !== d) desc.textContent = d;
        stale = true;
        if (details.open) fill();
        else if (wrap.firstChild) wrap.replaceChildren();
      },
    };
  }

  #table(t, caption) {
    if (!t) return null;
    const headers = t.headers || t.columns || [];
    const rows = t.rows || [];
    if (headers.length === 0 && rows.length === 0) return null;
    const table = h("table");
    table.append(h("caption", { text: t.caption || caption || "" }));
    if (headers.length) {
      const tr = h("tr");
      for (const c of headers) tr.append(h("th", { scope: "col", text: c }));
      table.append(h("thead", null, tr));
    }
    const tbody = h("tbody");
    for (const r of rows) {
      const tr = h("tr");
      r.forEach((cell, i) => tr.append(h(i === 0 ? "th" : "td", i === 0 ? { scope: "row", text: cell } : { text: cell })));
      tbody.append(tr);
    }
    table.append(tbody);
    return table;
  }

  // ----- list --------------------------------------------------------------

  #optionFor(code) {
    return this.#ui.options.get(code)?.el ?? null;
  }

  /**
   * One list entry, made once per dataset with a badge for each of the
   * country's measures; #fillOption shows those of the selection and writes
   * its step count and dates.
   */
  #makeOption(c) {
    const measures = c.measures.join(" ");
    const el = h("div", {
      class: "st-option",
      role: "option",
      id: `${this.#uid}-opt-${c.code}`,
      "data-code": c.code,
      "data-shown": measures,
      "aria-selected": "false",
      tabindex: "-1",
    });
    const badges = new Map();
    const box = h("span", { class: "st-badges" }, h("span", { class: "st-sr", text: "Measures: " }));
    for (const m of c.measures) {
      const b = h("span", { class: "st-badge", "data-measure": m }, swatch(this.#colour(m)), this.#label(m));
      badges.set(m, b);
      box.append(b);
    }
    const meta = document.createTextNode("");
    el.append(h("span", { class: "st-optname", text: c.name }), box, h("span", { class: "st-optmeta" }, meta));
    return { el, badges, meta, measures, metaText: null };
  }

  /**
   * Shows the entry's badges of the measures in the selection and writes its
   * step count and dates: two DOM writes at most (one attribute, which the
   * measure sheet reads; one text), since a filter on a large dataset
   * changes hundreds of entries at once.
   */
  #fillOption(o, c) {
    if (!o) return;
    const measures = c.measures.join(" ");
    if (measures !== o.measures) {
      o.measures = measures;
      o.el.setAttribute("data-shown", measures);
    }
    const text = `${plural(c.step_count, "step", "steps")} · ${dateRange(c.first_step_text, c.last_step_text)}`;
    if (text !== o.metaText) {
      o.metaText = text;
      o.meta.data = text;
    }
  }

  /**
   * Shows the entries of the selection, in the list's order: the kept
   * elements of those that left are removed and those that entered are
   * inserted in place; the others stay where they are.
   */
  #renderList() {
    const ui = this.#ui;
    const st = this.#state;
    const lb = ui.listbox;
    const active = this.#root.activeElement;
    const focusedCode = active && lb.contains(active) ? active.dataset.code : null;
    let before = lb.firstChild;
    for (const g of st.groups) {
      const ge = ui.groupEls.get(g.region);
      let shown = 0;
      // Walk the group's entries in order, keeping the DOM in step.
      let next = ge.el.firstChild?.nextSibling ?? null;
      for (const code of g.codes) {
        const el = ui.options.get(code).el;
        if (st.inSel.has(code)) {
          shown++;
          if (next === el) next = el.nextSibling;
          else ge.el.insertBefore(el, next);
        } else if (el.parentNode) {
          if (next === el) next = el.nextSibling;
          el.remove();
        }
      }
      if (shown > 0) {
        if (before === ge.el) before = ge.el.nextSibling;
        else lb.insertBefore(ge.el, before);
      } else if (ge.el.parentNode) {
        if (before === ge.el) before = ge.el.nextSibling;
        ge.el.remove();
      }
    }
    lb.hidden = st.codes.length === 0;
    this.#updateTabStop(focusedCode);
    if (focusedCode && this.#root.activeElement !== this.#optionFor(focusedCode)) this.#optionFor(focusedCode)?.focus();
  }

  #updateListSelection(previous) {
    const ui = this.#ui;
    if (previous) ui.options.get(previous)?.el.setAttribute("aria-selected", "false");
    const sel = this.#state.selected;
    if (sel) ui.options.get(sel)?.el.setAttribute("aria-selected", "true");
    this.#updateTabStop(null);
  }

  /** The entries shown, in order. */
  #shownOptions() {
    const ui = this.#ui;
    return this.#state.codes.map((c) => ui.options.get(c).el);
  }

  /** Roving tabindex: one tab stop in the list, on the focused, selected or first option. */
  #updateTabStop(prefer) {
    const ui = this.#ui;
    const st = this.#state;
    if (st.codes.length === 0) return;
    const active = this.#root.activeElement;
    const activeCode = active && active.getAttribute?.("role") === "option" ? active.dataset.code : null;
    const pick = (c) => (c && st.inSel.has(c) ? c : null);
    const target = pick(activeCode) || pick(prefer) || pick(st.selected) || st.codes[0];
    if (ui.tabStop === target) return;
    if (ui.tabStop) ui.options.get(ui.tabStop)?.el.setAttribute("tabindex", "-1");
    ui.options.get(target)?.el.setAttribute("tabindex", "0");
    ui.tabStop = target;
  }

  #onListKey(ev) {
    const opts = this.#shownOptions();
    if (opts.length === 0) return;
    const current = ev.target.closest?.('[role="option"]');
    let i = current ? opts.indexOf(current) : -1;
    switch (ev.key) {
      case "ArrowDown":
      case "ArrowRight":
        i = Math.min(opts.length - 1, i + 1);
        break;
      case "ArrowUp":
      case "ArrowLeft":
        i = Math.max(0, i - 1);
        break;
      case "Home":
        i = 0;
        break;
      case "End":
        i = opts.length - 1;
        break;
      case "Enter":
      case " ":
      case "Spacebar":
        if (current) {
          ev.preventDefault();
          this.#select(current.dataset.code, { user: true, announce: true, focus: current });
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    const next = opts[i];
    if (!next) return;
    const ui = this.#ui;
    if (ui.tabStop) ui.options.get(ui.tabStop)?.el.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    ui.tabStop = next.dataset.code;
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  // ----- details and figures -----------------------------------------------

  #renderDetails() {
    const ui = this.#ui;
    const st = this.#state;
    if (!ui || !st) return;
    const hid = `${this.#uid}-details-h`;
    const box = ui.details;
    ui.detailsData = null;
    if (!st.selected) {
      box.replaceChildren(
        h("h3", { id: hid, text: "Details" }),
        h("p", {
          class: "st-prompt",
          text: "Select a country on the map or in the list to see its steps, with quotes and sources.",
        }),
      );
      ui.charts = null;
      return;
    }
    const d = safeCall(() => this.#tracker.details(st.selected, null), null);
    if (!d) {
      box.replaceChildren(h("h3", { id: hid, text: "Details" }));
      return;
    }
    ui.detailsData = d;
    const clear = h("button", { type: "button", class: "st-deselect", text: "Clear selection" });
    clear.addEventListener("click", () => {
      const opt = this.#optionFor(st.selected);
      this.#select(null, { user: true, announce: true });
      opt?.focus();
    });
    const steps = h("ol", { class: "st-steps" });
    for (const s of d.steps) steps.append(this.#stepItem(s));
    ui.charts = h("div", { class: "st-charts" });
    ui.chartsW = 0;
    box.replaceChildren(
      h("div", { class: "st-detailshead" }, h("h3", { id: hid, text: d.name }), clear),
      h("p", {
        class: "st-muted st-small",
        text: `${d.region_label} · ${plural(d.steps.length, "step", "steps")}`,
      }),
      steps,
      ui.charts,
    );
    this.#renderFigures();
  }

  #stepItem(s) {
    const li = h("li", { class: "st-step", "data-step": s.id });
    const date = h("time", { datetime: s.date, text: s.date_text });
    li.append(
      h("p", { class: "st-stepdate" }, date, h("span", { class: "st-muted", text: ` · ${s.date_kind_label.toLowerCase()}` })),
      h("p", null, h("span", { class: "st-badge", "data-measure": s.measure }, swatch(this.#colour(s.measure)), s.measure_label)),
      h("p", { text: s.description }),
    );
    const facts = h("dl", { class: "st-facts" });
    const fact = (k, v) => facts.append(h("dt", { text: k }), h("dd", { text: v }));
    fact("Status", s.status_label);
    fact(
      "Resolutions",
      s.resolutions.length
        ? s.resolutions.map((r) => (this.#state.adopted[r] ? `${r} (adopted ${this.#state.adopted[r]})` : r)).join(", ")
        : "Not named by the source",
    );
    li.append(facts);
    for (const src of s.sources) {
      if (src.quote) {
        li.append(
          h(
            "blockquote",
            { class: "st-quote", cite: src.url },
            h("p", { text: `“${src.quote.text}”` }),
            h("footer", { text: `— ${src.quote.speaker}${src.quote.translated ? " (translated)" : ""}` }),
          ),
        );
      }
    }
    const seen = new Set();
    for (const src of s.sources) {
      const key = src.url + "|" + (src.title || "");
      if (seen.has(key)) continue;
      seen.add(key);
      const label = `Source: ${src.title ? src.title + ", " : ""}${src.publisher}${src.date_text ? ", " + src.date_text : ""}`;
      li.append(
        h(
          "p",
          null,
          h("a", { class: "st-source", href: src.url, target: "_blank", rel: "noopener" }, label, h("span", { class: "st-sr", text: " (opens in a new tab)" })),
        ),
      );
    }
    if (s.note) li.append(h("p", { class: "st-note", text: `Note: ${s.note}` }));
    return li;
  }

  /**
   * The selected country's figures, drawn for the details' width; on resize
   * (`force` false) only when the width moved too far for scaling.
   * Returns whether it drew.
   */
  #renderFigures({ force = true } = {}) {
    const ui = this.#ui;
    const st = this.#state;
    if (!ui?.charts || !st?.selected) return false;
    const width = this.#pictureWidth(ui.detailsW);
    if (!force && !SanctionsTrackerElement.#needsRedraw(ui.chartsW, width)) return false;
    ui.chartsW = width;
    const charts = safeCall(() => this.#tracker.figureCharts(st.selected, { width, theme: this.#themeName(), id: `${this.#uid}-fig` }), []);
    const nodes = [];
    if (charts.length) nodes.push(h("h4", { text: "Figures" }));
    charts.forEach((c, i) => {
      const pic = h("div", { class: "st-pic" });
      const alt = h("div");
      this.#placePicture(pic, alt, c, `fig${i}`);
      nodes.push(h("figure", { class: "st-figure st-chart", "data-figure": c.id }, pic, alt));
    });
    ui.charts.replaceChildren(...nodes);
    return true;
  }

  // ----- timeline and colours ----------------------------------------------

  /**
   * The timeline of the selection, a part at a time: the first countries of
   * the list whose steps fit in the budget (a large dataset's full timeline
   * is tens of thousands of pixels tall and far too slow to draw on each
   * keystroke), with a note and a button for more. On resize (`force`
   * false) it is drawn again only when the width moved too far for scaling.
   * Returns whether it drew.
   */
  #renderTimeline({ force }) {
    const ui = this.#ui;
    if (!ui) return false;
    const width = this.#pictureWidth(ui.tlW);
    if (!force && !SanctionsTrackerElement.#needsRedraw(ui.tlDrawnW, width)) return false;
    ui.tlDrawnW = width;
    const st = this.#state;
    const out = safeCall(
      () =>
        this.#tracker.timelinePart({
          width,
          theme: this.#themeName(),
          filter: this.#filterArg(),
          id: `${this.#uid}-timeline`,
          max_steps: st.timelineSteps,
        }),
      null,
    );
    const svg = out?.svg ? parseSvg(out.svg) : null;
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-labelledby", ui.timelineAlt.titleId);
      svg.setAttribute("aria-describedby", ui.timelineAlt.descId);
      svg.setAttribute("focusable", "false");
      for (const t of svg.querySelectorAll(":scope > title, :scope > desc")) t.remove();
      ui.timeline.replaceChildren(svg);
      ui.timelineAlt.set(out.alt);
    } else if (!out || out.svg !== null || !ui.timeline.firstChild) {
      // (A null svg means the picture shown is still the right one.)
      ui.timeline.replaceChildren();
      ui.timelineAlt.set(null);
      ui.timelineNote.hidden = true;
      ui.timelineMore.hidden = true;
      return true;
    }
    const partial = out.shown_countries < out.total_countries;
    ui.timelineNote.hidden = !partial;
    ui.timelineMore.hidden = !partial;
    if (partial) {
      ui.timelineNote.textContent =
        `Showing the first ${plural(out.shown_countries, "country", "countries")} of ${out.total_countries} ` +
        `(${out.shown_steps} of ${plural(out.total_steps, "step", "steps")}). ` +
        "Narrow the filters, or select a country in the list for all its steps.";
    }
    return true;
  }

  #label(measureKey) {
    return this.#state?.measureLabels[measureKey] ?? measureKey;
  }

  #colour(measureKey) {
    const p = this.#state?.palette;
    return p ? p[measureKey] : undefined;
  }

  #renderLegendColours() {
    if (!this.#state) return;
    this.#state.palette = safeCall(() => this.#mod.Tracker.palette(this.#themeName()), {});
    const paint = (badge) =>
      badge.querySelector("rect")?.setAttribute("fill", this.#colour(badge.dataset.measure) || "currentColor");
    // The list's entries, shown or not, then the details' badges.
    for (const o of this.#ui?.options.values() ?? []) for (const b of o.badges.values()) paint(b);
    for (const b of this.#ui?.details.querySelectorAll(".st-badge[data-measure]") ?? []) paint(b);
  }
}

/** Whether the HTML parser has gone past `el`'s end tag (a node follows it). */
function parsedPast(el) {
  for (let n = el; n; n = n.parentNode) if (n.nextSibling) return true;
  return false;
}

function safeCall(fn, fallback) {
  try {
    return fn();
  } catch (err) {
    console.error(`${TAG}:`, err);
    return fallback;
  }
}

if (!customElements.get(TAG)) {
  // An eager widget already parsed (always, without `async`) starts the
  // fetch and compile of the wasm (and the glue's import) now, before the
  // elements are upgraded; with `async` the module may run before the parser
  // reaches the element, and its upgrade (connectedCallback) starts them.
  if (document.querySelector(`${TAG}[loading="eager" i]`)) loadWasm().catch(() => {});
  customElements.define(TAG, SanctionsTrackerElement);
}
