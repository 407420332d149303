// Loading a dataset into an element: the wasm (shared), the data from the
// first source there is (the `data` property, the `src` URL, a child
// <script type="application/json">, else the seed story), then a new view
// of it, or a message saying what went wrong. A newer load makes an older
// one give up wherever it is.

import { h } from "./dom.js";
import { TAG, call } from "./log.js";
import { createModel } from "./model.js";
import { createScheduler } from "./scheduler.js";
import { getMeasureSheet, loadSheet } from "./sheets.js";
import { countryCode, startView } from "./state.js";
import { createView } from "./view.js";
import { loadWasm, mark } from "./wasm.js";
import { plural } from "./words.js";

/** How many problems the in-widget message lists (all go to the console). */
const MAX_PROBLEMS_SHOWN = 5;

function problemsOf(err) {
  if (Array.isArray(err?.problems) && err.problems.length > 0) return err.problems;
  return [{ path: "$", message: err?.message || String(err), severity: "error" }];
}

/** Whether the HTML parser has gone past `el`'s end tag (a node follows it). */
function parsedPast(el) {
  for (let n = el; n; n = n.parentNode) if (n.nextSibling) return true;
  return false;
}

/** The light DOM's first link, copied, so an error still points somewhere. */
function fallbackLink(host) {
  const a = host.querySelector("a[href]");
  if (!a) return null;
  return h("p", null, h("a", { href: a.href, target: "_blank", rel: "noopener" }, a.textContent || a.href));
}

let idCounter = 0;

/**
 * The loader of the element `host` (its shadow root `root`, its frame
 * `shell`, its view state `state`, modules beside `base`, its link sync
 * `link`, link.js), with the scheduler that draws what it loads; `data()`
 * gives the `data` property (or undefined). `reload()` loads again; `stop()` abandons any load and frees
 * the Rust handle.
 */
export function createLoader({ host, root, base, shell, state, data, link }) {
  const uid = `st${++idCounter}`;
  const scheduler = createScheduler({
    state,
    shell,
    emit: (type, detail) => host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true })),
  });
  let gen = 0;
  let tracker = null;

  function free() {
    scheduler.unmount();
    if (tracker) {
      try {
        tracker.free();
      } catch {
        /* already freed */
      }
      tracker = null;
    }
  }

  async function makeTracker(mod, current) {
    const { Tracker } = mod;
    const value = data();
    if (value !== undefined) return Tracker.fromObject(value);
    const src = host.getAttribute("src");
    if (src) {
      const url = new URL(src, document.baseURI).href;
      let text;
      try {
        const res = await fetch(url); // (credentials: "same-origin", fetch's default)
        if (!res.ok) throw new Error(`the server answered ${res.status}${res.statusText ? " " + res.statusText : ""}`);
        text = await res.text();
      } catch (err) {
        const e = new Error(`Could not load ${src}: ${err.message || err}.`);
        e.fetchFailed = true;
        throw e;
      }
      if (current !== gen) return null;
      return Tracker.fromJson(text);
    }
    // Loaded with `async`, the module can upgrade the element before the
    // parser has reached its children: wait for them before looking.
    if (document.readyState === "loading" && !parsedPast(host)) {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
      if (current !== gen) return null;
    }
    const script = host.querySelector(':scope > script[type="application/json"]');
    if (script) return Tracker.fromJson(script.textContent || "");
    return Tracker.seed();
  }

  function showError(title, message, problems) {
    free();
    shell.showError(title, message, problems, fallbackLink(host));
  }

  async function reload() {
    const current = ++gen;
    shell.status("Loading the tracker…");
    // The stylesheet is awaited only before the first build: the data loads
    // meanwhile (with the wasm's request already out, it is the later one).
    const sheetReady = loadSheet(base).catch(() => null);
    let mod;
    try {
      mod = await loadWasm(base);
    } catch (err) {
      await sheetReady; // (a message is styled too)
      if (current !== gen) return;
      console.error(`${TAG}: could not start the WebAssembly module:`, err);
      showError("The tracker could not start.", "Its program (WebAssembly) did not load.", []);
      return;
    }
    if (current !== gen) return;

    let next;
    mark("st:data-start", { id: uid });
    try {
      next = await makeTracker(mod, current);
    } catch (err) {
      await sheetReady;
      if (current !== gen) return;
      if (err?.fetchFailed) {
        console.error(`${TAG}: ${err.message}`);
        showError("The data could not be loaded.", err.message, []);
        return;
      }
      const problems = problemsOf(err);
      console.error(`${TAG}: the dataset is not valid (${plural(problems.length, "problem", "problems")}):`);
      for (const p of problems) console.error(`  ${p.path}: ${p.message}`);
      showError(
        "This dataset cannot be shown.",
        `It has ${plural(problems.length, "problem", "problems")}` +
          (problems.length > MAX_PROBLEMS_SHOWN ? `; the first ${MAX_PROBLEMS_SHOWN} are:` : ":"),
        problems.slice(0, MAX_PROBLEMS_SHOWN),
      );
      return;
    }
    if (current !== gen || !next) {
      next?.free();
      return;
    }
    mark("st:data-ready", { id: uid });
    await sheetReady;
    if (current !== gen) {
      next.free();
      return;
    }
    free();
    tracker = next;
    for (const w of call(() => next.warnings(), [])) console.warn(`${TAG}: ${w.path}: ${w.message}`);
    mark("st:render-start", { id: uid });
    const model = createModel(mod, next);
    shell.adopt(getMeasureSheet(model.measureKeys), true);
    // A new dataset starts from the page's view: no filter, the story map,
    // the country the `country` attribute names; with `link-state`, the
    // selection and filter the URL's fragment gives (link.js).
    state.set({ ...startView(countryCode(host.getAttribute("country"))), ...link.restore(model) });
    scheduler.mount(createView({ state, model, root, uid, widths: scheduler.widths, link }));
    link.mount(model);
    mark("st:render-done", { id: uid });
    scheduler.rendered("load");
  }

  return {
    reload,
    stop() {
      gen++;
      free();
    },
  };
}
