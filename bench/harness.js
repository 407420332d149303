// In-page instrumentation for `make bench` (bench/run.mjs adds it to every
// benchmark page as an init script, so it runs before the page's own scripts).
//
// It measures the widget from outside, without touching its code:
// - WebAssembly.instantiateStreaming / instantiate are wrapped to time the
//   wasm's compile + instantiate, and the module's `tracker_*` exports are
//   wrapped to time every call into Rust (load + validation, queries, SVG);
//   the wasm memory is kept to read its size.
// - Element.prototype.attachShadow is wrapped so the widget's shadow root is
//   observed from the moment it exists: "drawn" is the first mutation after
//   which the map's <svg> and at least one list option are in it; "painted"
//   is the next paint after that (requestAnimationFrame, then setTimeout 0).
// - A ResizeObserver created before the widget's (observers are notified in
//   creation order) marks when a resize is delivered in a frame.
// - measure(kind, ...) runs one interaction series (see its comment).
// Everything is kept on window.__bench; nothing is sent anywhere.

(() => {
  "use strict";
  if (window.__bench) return;
  const now = () => performance.now();
  const PAINTED_MESSAGE = "st-bench:painted";
  const B = {
    calls: [], // [name, start, end] of every tracker_* export call
    wasm: { call: null, done: null, memory: null, wrapped: 0 },
    hosts: [],
    drawn: null,
    painted: null,
    roAt: null,
    errors: [],
  };
  window.__bench = B;

  // ----- WebAssembly ---------------------------------------------------------

  function wrapExports(exports) {
    const out = {};
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value === "function" && name.startsWith("tracker_")) {
        out[name] = function (...args) {
          const t0 = now();
          try {
            return value.apply(this, args);
          } finally {
            B.calls.push([name, t0, now()]);
          }
        };
        B.wasm.wrapped++;
      } else {
        out[name] = value;
      }
    }
    if (exports.memory instanceof WebAssembly.Memory) B.wasm.memory = exports.memory;
    return out;
  }

  function wrapResult(result) {
    B.wasm.done = now();
    // instantiate(Module) resolves to an Instance, and wasm-bindgen's glue
    // checks `instanceof WebAssembly.Instance`: keep the prototype.
    if (result instanceof WebAssembly.Instance) {
      return Object.create(WebAssembly.Instance.prototype, {
        exports: { value: wrapExports(result.exports), enumerable: true },
      });
    }
    if (result && result.instance instanceof WebAssembly.Instance) {
      return { module: result.module, instance: { exports: wrapExports(result.instance.exports) } };
    }
    return result;
  }

  const origStreaming = WebAssembly.instantiateStreaming;
  if (typeof origStreaming === "function") {
    WebAssembly.instantiateStreaming = function (source, imports) {
      if (B.wasm.call === null) B.wasm.call = now();
      B.wasm.how = "instantiateStreaming";
      return origStreaming.call(WebAssembly, source, imports).then(wrapResult);
    };
  }
  // The widget may compile the module itself while its glue loads, then hand
  // the Module to the glue: the fetch + compile starts at compileStreaming.
  const origCompileStreaming = WebAssembly.compileStreaming;
  if (typeof origCompileStreaming === "function") {
    WebAssembly.compileStreaming = function (source) {
      if (B.wasm.call === null) B.wasm.call = now();
      B.wasm.how = "compileStreaming";
      return origCompileStreaming.call(WebAssembly, source);
    };
  }
  const origInstantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = function (source, imports) {
    if (B.wasm.call === null) B.wasm.call = now();
    if (!B.wasm.how) B.wasm.how = "instantiate";
    return origInstantiate.call(WebAssembly, source, imports).then(wrapResult);
  };

  // ----- the widget's shadow root ---------------------------------------------

  const MAP_SVG = ".st-map svg";
  const OPTION = '[role="option"]';
  function isDrawn(root) {
    return !!(root.querySelector(MAP_SVG) && root.querySelector(OPTION));
  }
  /** After the next paint: a frame, then a task after it. */
  function afterPaint() {
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(now()), 0)));
  }
  B.afterPaint = afterPaint;

  const origAttach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = origAttach.call(this, init);
    if (this.localName === "sanctions-tracker") {
      B.hosts.push(this);
      B.ro.observe(this);
      const mo = new MutationObserver(() => {
        const t = now();
        if (B.drawn !== null || !isDrawn(root)) return;
        B.drawn = t;
        mo.disconnect();
        afterPaint().then((t) => {
          B.painted = t;
          // Tells run.mjs without its polling the page: a poll would run
          // Playwright's injected script on the main thread in the middle
          // of the load being measured (about 10 ms, seen in the trace).
          console.debug(PAINTED_MESSAGE);
        });
      });
      mo.observe(root, { childList: true, subtree: true });
    }
    return root;
  };

  // ----- resize delivery ------------------------------------------------------

  // Only the first delivery after a reset counts: the widget's redraw can
  // change the element's height, which is reported again a frame later.
  B.ro = new ResizeObserver(() => {
    if (B.roAt === null) B.roAt = now();
  });

  /** Marks, resource timings and Rust calls of the first render, for run.mjs. */
  B.firstRender = function () {
    const res = performance.getEntriesByType("resource").map((e) => ({
      name: e.name,
      start: e.startTime,
      responseStart: e.responseStart,
      end: e.responseEnd,
      initiator: e.initiatorType,
    }));
    return {
      drawn: B.drawn,
      painted: B.painted,
      scrollAt: B.scrollAt ?? null,
      wasm: { call: B.wasm.call, done: B.wasm.done, how: B.wasm.how ?? null, wrapped: B.wasm.wrapped },
      calls: B.calls.slice(),
      resources: res,
      errors: B.errors.slice(),
      status: statusText(),
    };
  };

  function statusText() {
    const host = B.hosts[0];
    const root = host && host.shadowRoot;
    if (!root) return "no widget";
    const err = root.querySelector('[role="alert"]');
    return err ? "error: " + err.textContent.trim().slice(0, 300) : "ok";
  }

  B.wasmMemoryBytes = () => (B.wasm.memory ? B.wasm.memory.buffer.byteLength : null);

  // ----- interactions ---------------------------------------------------------

  // A frame clock: true from a frame's requestAnimationFrame callbacks until
  // the task after that frame, so a mutation made inside a rendering step (a
  // ResizeObserver callback) knows its own frame's paint is the next one.
  let inFrame = false;
  let clockOn = false;
  function clock() {
    if (!clockOn) return;
    inFrame = true;
    setTimeout(() => {
      inFrame = false;
    }, 0);
    requestAnimationFrame(clock);
  }

  /** True for nodes in a live region: the widget's announcements come a frame later on purpose. */
  function inLiveRegion(node) {
    const el = node && (node.nodeType === 1 ? node : node.parentElement);
    return !!(el && el.closest && el.closest('[aria-live], [role="status"]'));
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /**
   * Runs `act()` (which changes something the way a reader would) and waits
   * until the widget is quiet. Returns {start, update, paint, mutations, rust}:
   * update = when the last batch of DOM mutations in the widget was delivered
   * (a MutationObserver callback runs in the microtask right after the code
   * that made them; mutations in live regions are left out), paint = the end
   * of the first frame after that batch. Quiet = no mutation for `quietMs`
   * and that paint seen; a series waits at most `maxMs` for each step, and
   * at most `firstMs` for the first mutation (none means the step did nothing).
   */
  async function once(root, act, quietMs, maxMs, firstMs = 1000) {
    let last = null;
    let paint = null;
    let count = 0;
    const mo = new MutationObserver((records) => {
      // The time first: the loop below is the harness's own work (a filter
      // on a large dataset makes hundreds of records).
      const t = now();
      let n = 0;
      for (const r of records) if (!inLiveRegion(r.target)) n++;
      if (n === 0) return;
      count += n;
      last = t;
      paint = null;
      const done = () => {
        if (last === t) paint = now();
      };
      if (inFrame) setTimeout(done, 0);
      else requestAnimationFrame(() => setTimeout(done, 0));
    });
    mo.observe(root, { childList: true, subtree: true, attributes: true, characterData: true });
    const callsBefore = B.calls.length;
    B.roAt = null;
    const start = now();
    act();
    const limit = start + maxMs;
    // Wait for the first mutation (a debounced update may come late), then for quiet.
    while (now() < limit) {
      await sleep(Math.min(quietMs, 20));
      if (last !== null && paint !== null && now() - last >= quietMs) break;
      if (last === null && now() - start >= firstMs) break;
    }
    mo.disconnect();
    let rust = 0;
    for (let i = callsBefore; i < B.calls.length; i++) {
      const [, c0, c1] = B.calls[i];
      if (last !== null && c1 <= last + 0.001) rust += c1 - c0;
    }
    return { start, update: last, paint, mutations: count, rust, roAt: B.roAt, timedOut: now() >= limit };
  }

  async function settle() {
    await afterPaint();
    await afterPaint();
  }

  function widget() {
    const host = B.hosts[0];
    const root = host && host.shadowRoot;
    if (!root || !isDrawn(root)) throw new Error("the widget is not drawn");
    return { host, root };
  }

  function options(root) {
    return [...root.querySelectorAll(OPTION)];
  }

  function selectedOption(root) {
    return root.querySelector(`${OPTION}[aria-selected="true"]`);
  }

  /** Back to the standard state: no filter, no search, the first country selected. */
  async function reset(quietMs, maxMs) {
    const { host, root } = widget();
    host.style.width = "";
    for (const sel of root.querySelectorAll("select")) {
      if (sel.value !== "") {
        sel.value = "";
        sel.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    const search = root.querySelector('input[type="search"]');
    if (search && search.value !== "") {
      search.value = "";
      search.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "deleteContentBackward" }));
    }
    await settle();
    const first = options(root)[0];
    if (first && first.getAttribute("aria-selected") !== "true") {
      await once(root, () => first.click(), quietMs, maxMs);
    }
    await settle();
  }

  /**
   * One interaction series: `warmup` unmeasured steps, then `reps` measured
   * ones, each from the standard state the previous step left:
   * - select: click a list option, alternating between the first two countries;
   * - filter: the Measure select, alternating between one of the selected
   *   country's measures and "All measures" (the selection stays);
   * - search: type the next character of the selected country's name into
   *   the search box (1 to 3 characters; emptied, unmeasured, in between);
   * - width: the element's width, alternating between two widths of the same
   *   layout (far enough apart, 18%, that the widget must redraw its pictures
   *   rather than let them scale); measured from the frame's ResizeObserver delivery, since the
   *   widget can do nothing before the browser reports the new size.
   * The event is dispatched in the page (synthetic but identical for the
   * widget's handlers), right after the start timestamp. A series that has
   * measured for more than `budgetMs` stops at `minReps` or more repetitions.
   */
  B.measure = async function (
    kind,
    { reps, warmup, quietMs = 40, maxMs = 20000, budgetMs = Infinity, minReps = 5, widths = [1100, 900] },
  ) {
    clockOn = true;
    requestAnimationFrame(clock);
    try {
      await reset(quietMs, maxMs);
      const { host, root } = widget();
      const samples = [];
      const total = warmup + reps;
      const sel0 = selectedOption(root);
      const opts = options(root);
      if (opts.length < 2 && kind === "select") throw new Error("fewer than two countries in the list");
      const a = opts[0];
      const b = opts[1];
      const measureSel = root.querySelector('select[data-filter="measures"]');
      const search = root.querySelector('input[type="search"]');
      const name = (sel0?.querySelector(".st-optname")?.textContent || "workers").toLowerCase();
      const measureKey =
        sel0?.querySelector(".st-badge[data-measure]")?.getAttribute("data-measure") ||
        [...(measureSel?.options ?? [])].map((o) => o.value).find((v) => v !== "");
      if (kind === "filter" && !measureSel) throw new Error("no Measure select");
      if (kind === "search" && !search) throw new Error("no search box");
      let measuredFrom = null;
      for (let i = 0; i < total; i++) {
        // Bounded: past `budgetMs` of measuring, stop once `minReps` are in.
        if (i === warmup) measuredFrom = now();
        if (measuredFrom !== null && samples.length >= minReps && now() - measuredFrom > budgetMs) break;
        let act;
        if (kind === "select") {
          // The option elements may be rebuilt: look them up by code each time.
          const code = (i % 2 === 0 ? b : a).getAttribute("data-code");
          const opt = root.querySelector(`${OPTION}[data-code="${code}"]`);
          act = () => opt.click();
        } else if (kind === "filter") {
          const value = i % 2 === 0 ? measureKey : "";
          act = () => {
            measureSel.value = value;
            measureSel.dispatchEvent(new Event("change", { bubbles: true }));
          };
        } else if (kind === "search") {
          const k = i % 3;
          if (k === 0 && search.value !== "") {
            search.value = "";
            search.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "deleteContentBackward" }));
            await settle();
          }
          const ch = name[k] ?? "a";
          act = () => {
            search.value += ch;
            search.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: ch }));
          };
        } else if (kind === "width") {
          const w = widths[i % 2];
          act = () => {
            host.style.width = `${w}px`;
          };
        } else {
          throw new Error(`unknown interaction ${kind}`);
        }
        await settle();
        const r = await once(root, act, quietMs, maxMs);
        if (i >= warmup) {
          const from = kind === "width" ? r.roAt : r.start;
          samples.push({
            update: r.update !== null && from !== null ? r.update - from : null,
            paint: r.paint !== null && from !== null ? r.paint - from : null,
            fromInput: r.paint !== null ? r.paint - r.start : null,
            rust: r.rust,
            mutations: r.mutations,
            orderOk: kind !== "width" || (r.roAt !== null && r.update !== null && r.roAt <= r.update),
            timedOut: r.timedOut,
          });
        }
      }
      await reset(quietMs, maxMs);
      return samples;
    } finally {
      clockOn = false;
    }
  };
})();
