// The one wasm instance every widget of the page shares: its glue and its
// module, fetched and compiled once, from the folder the entry module was
// loaded from (its `pkg/`); and the performance marks of the benchmark.

/** A performance mark for the benchmark (`detail` optional: null); never throws. */
export function mark(name, detail) {
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
function compileWasm(url) {
  return WebAssembly.compileStreaming(fetch(url)).catch(async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  });
}

let wasmPromise = null;

/**
 * The instantiated glue module (its `Tracker` class), loaded once from
 * `base` (the entry module's URL: ./pkg/ beside it); a failure lets a later
 * call try again.
 */
export function loadWasm(base) {
  if (!wasmPromise) {
    mark("st:wasm-start");
    const compiled = compileWasm(new URL("./pkg/sanctions_tracker_bg.wasm", base).href);
    wasmPromise = Promise.all([import(new URL("./pkg/sanctions_tracker.js", base).href), compiled]).then(
      async ([mod, module]) => {
        await mod.default({ module_or_path: module });
        mark("st:wasm-ready");
        return mod;
      },
    );
    wasmPromise.catch(() => {
      wasmPromise = null;
    });
  }
  return wasmPromise;
}
