// `make bench`: what the widget costs a reader, measured in headless Chromium
// (the system's, through playwright-core) against the built demo (www/ after
// `make build`), served by tools/serve.mjs on 127.0.0.1 only. Issue 5.
//
// It prints a table and writes the same figures as JSON (bench/out/results.json;
// --save also copies it to bench/results.json). Sections:
//   payload      every file the widget makes the browser fetch for the seed story
//   first render cold loads (new context, cache disabled), eager and lazy start
//   interactions select / filter / search / width, in-page timing
//   tracker      the synthetic 35-country tracker of tests/fixtures/ (bench/gen-tracker.mjs):
//                load + validation, first render, the same interactions, memory
//   scale        generated datasets (bench/gen-dataset.mjs): load + validation,
//                first render, the same interactions
//   memory       wasm memory and JS heap after loading each dataset
//   size         twiggy's top contributors of the wasm, built with names kept
// Every figure that has a budget in issue 5 is printed with it and PASS/FAIL.
//
// node bench/run.mjs [--smoke] [--loads N] [--reps N] [--sizes 1000,10000] [--no-size] [--save]
//                    [--only payload,first,seed,tracker,scale,size]   (a quicker partial run)
// node bench/run.mjs --report bench/results.json                 (print a saved run's table)
//   --smoke: 2 loads, 3 repetitions, only 1,000 steps; checks that every figure
//            was produced (not how fast), exit status 1 if not.

import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { serve } from "../tools/serve.mjs";
import { CHROMIUM_ARGS, launchChromium } from "../tests/e2e/browser.mjs";
import { generate } from "./gen-dataset.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WWW = join(ROOT, "www");
const OUT = join(ROOT, "bench", "out");
const SITE = join(OUT, "site");
const HARNESS = readFileSync(join(ROOT, "bench", "harness.js"), "utf8");
const WASM_ARTIFACT = join(ROOT, "target", "wasm32-unknown-unknown", "release", "sanctions_tracker.wasm");
const SHIPPED_WASM = join(WWW, "dist", "pkg", "sanctions_tracker_bg.wasm");
/** A real tracker's scale: 35 countries and territories, 80 steps, 30 figure series (tests/fixtures/, synthetic). */
const TRACKER_FIXTURE = join(ROOT, "tests", "fixtures", "tracker-35.json");

// ------------------------------------------------------------------ options

function parseArgs(argv) {
  const o = { only: null, smoke: false, loads: 15, reps: 30, warmup: 3, sizes: [1000, 10000, 100000], size: true, save: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--smoke") Object.assign(o, { smoke: true, loads: 2, reps: 3, warmup: 1, sizes: [1000], size: false });
    else if (a === "--loads") o.loads = Number(next());
    else if (a === "--reps") o.reps = Number(next());
    else if (a === "--sizes") o.sizes = next().split(",").map(Number);
    else if (a === "--no-size") o.size = false;
    else if (a === "--size") o.size = true;
    else if (a === "--save") o.save = true;
    else if (a === "--only") o.only = new Set(next().split(","));
    else if (a === "--report") o.report = next();
    else throw new Error(`unknown argument ${a}`);
  }
  for (const [k, v] of [["loads", o.loads], ["reps", o.reps]]) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer`);
  }
  if (o.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--sizes: positive integers");
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const started = Date.now();
// Everything is bounded: the whole run, each page wait, each series.
const RUN_LIMIT_MS = opts.smoke ? 3 * 60_000 : 40 * 60_000;
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${RUN_LIMIT_MS / 60_000} min; giving up`);
  process.exit(3);
}, RUN_LIMIT_MS);
watchdog.unref();

// The budgets of issue 5 (medians on this machine).
const BUDGET = {
  payloadGzip: 100 * 1000, // bytes, map included
  firstRender: 150, // ms
  interactionSeedP95: 4, // ms, input to end of update
  interaction10kP95: 16, // ms
  load10k: 50, // ms
  growth: 100 * 1.1, // 1,000 -> 100,000 steps: at most linear (x100), 10% allowance for noise
};

// ------------------------------------------------------------------ helpers

function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x));
  return {
    n: v.length,
    median: quantile(v, 0.5),
    min: quantile(v, 0),
    p25: quantile(v, 0.25),
    p75: quantile(v, 0.75),
    p95: quantile(v, 0.95),
    max: quantile(v, 1),
  };
}

const round = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const ms = (x, d = 1) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));
const kb = (b) => (b === null || b === undefined ? "–" : (b / 1000).toFixed(1));
const mib = (b) => (b === null || b === undefined ? "–" : (b / 1048576).toFixed(1));
const int = (n) => (n === null || n === undefined ? "–" : Math.round(n).toLocaleString("en"));
const verdict = (value, limit) => (value === null || value === undefined ? "n/a" : value <= limit ? "PASS" : "FAIL");

function withTimeout(promise, msLimit, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer after ${msLimit / 1000} s`)), msLimit);
    }),
  ]).finally(() => clearTimeout(timer));
}

function log(msg) {
  const s = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${s} s] ${msg}\n`);
}

/** Rows of cells as aligned text; numbers right-aligned. */
function table(rows, { indent = "  " } = {}) {
  const widths = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows
    .map((r) =>
      indent +
      r
        .map((c, i) => {
          const s = String(c);
          const numeric = i > 0 && /^[-–0-9.,%×x≤ ]+$/.test(s);
          return numeric ? s.padStart(widths[i]) : s.padEnd(widths[i]);
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

// ------------------------------------------------------------------ the site

const PAGE_FILES = new Set(["/demo.css", "/bench/bench.css", "/favicon.ico"]);

/** bench/out/site: www/ (symlinked, so it is the built demo) plus the bench pages and data. */
function prepareSite(sizes) {
  if (!existsSync(SHIPPED_WASM)) throw new Error("www/dist is missing: run `make build` first");
  rmSync(SITE, { recursive: true, force: true });
  mkdirSync(join(SITE, "bench"), { recursive: true });
  for (const name of readdirSync(WWW)) symlinkSync(join(WWW, name), join(SITE, name));
  const index = readFileSync(join(WWW, "index.html"), "utf8");
  const tag = /<sanctions-tracker\b([^>]*)>/;
  if (!tag.test(index)) throw new Error("www/index.html has no <sanctions-tracker> element");
  const withAttrs = (attrs) => index.replace(tag, (_, a) => `<sanctions-tracker${a} ${attrs}>`);
  // The demo article as it is, but starting at once.
  writeFileSync(join(SITE, "bench-eager.html"), withAttrs('loading="eager"'));
  // The demo article with the widget far below the fold (default lazy start).
  writeFileSync(
    join(SITE, "bench-lazy.html"),
    index
      .replace("</head>", '<link rel="stylesheet" href="bench/bench.css">\n</head>')
      .replace(tag, (m) => `<div class="bench-spacer" aria-hidden="true"></div>\n${m}`),
  );
  writeFileSync(join(SITE, "bench", "bench.css"), ".bench-spacer { height: 4000px; }\n");
  // Generated datasets through src, no country preselected (the series select one).
  for (const n of sizes) {
    writeFileSync(
      join(SITE, `bench-scale-${n}.html`),
      index.replace(tag, `<sanctions-tracker loading="eager" src="bench/data-${n}.json">`),
    );
    writeFileSync(join(SITE, "bench", `data-${n}.json`), JSON.stringify(generate(n)));
  }
  // The synthetic 35-country tracker (bench/gen-tracker.mjs), through src.
  writeFileSync(join(SITE, "bench-tracker.html"), index.replace(tag, '<sanctions-tracker loading="eager" src="bench/tracker.json">'));
  copyFileSync(TRACKER_FIXTURE, join(SITE, "bench", "tracker.json"));
  writeFileSync(join(SITE, "bench", "load.html"), "<!doctype html><meta charset=utf-8><title>load</title>\n");
}

/** Size after the gzip(1) command's -9 (what `make build` prints), or null without gzip. */
function gzipCli(bytes) {
  try {
    return execFileSync("gzip", ["-9", "-c"], { input: bytes, maxBuffer: 64 << 20 }).length;
  } catch {
    return null;
  }
}

/** The file a same-origin URL was served from. */
function servedFile(url) {
  const path = decodeURIComponent(new URL(url).pathname);
  let file = join(SITE, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  return realpathSync(file);
}

// ------------------------------------------------------------------ browser

let server;
let browser;
const offOrigin = [];

async function openPage(path, { cacheDisabled = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1, colorScheme: "light" });
  context.setDefaultTimeout(30_000);
  await context.addInitScript({ content: HARNESS });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (cacheDisabled) {
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  }
  const requests = [];
  const problems = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol !== "data:" && u.hostname !== "127.0.0.1") offOrigin.push(r.url());
    requests.push({ url: r.url(), type: r.resourceType(), at: Date.now() });
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== "/favicon.ico") problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // Failed requests are reported by the response handler (the favicon is not the widget's).
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  return { context, page, cdp, requests, problems, url: server.url + path };
}

/**
 * Resolves when the harness says the first render is painted: it logs a
 * message, so that nothing runs in the page while the load is measured
 * (page.waitForFunction would inject Playwright's script and poll).
 */
function paintedMessage(page) {
  return new Promise((resolve) => {
    const on = (m) => {
      if (m.text() === "st-bench:painted") {
        page.off("console", on);
        resolve();
      }
    };
    page.on("console", on);
  });
}

/** Splits one first render into consecutive phases (ms), from `origin`. */
function phases(fr, origin) {
  const wasmRes = fr.resources.find((r) => /\.wasm(\?|$)/.test(r.name));
  const loadCall = fr.calls.find(([n]) => /^tracker_(seed|fromJson|fromObject)$/.test(n));
  const dataRes = fr.resources.find((r) => /\.json(\?|$)/.test(r.name));
  const glueRes = fr.resources.find((r) => /\/pkg\/[^/]*\.js(\?|$)/.test(r.name));
  if (!wasmRes || fr.wasm.done === null || !loadCall || fr.drawn === null || fr.painted === null) {
    throw new Error(`incomplete first render: ${JSON.stringify({ wasm: !!wasmRes, done: fr.wasm.done, load: !!loadCall, drawn: fr.drawn, status: fr.status })}`);
  }
  const [, l0, l1] = loadCall;
  let rustRender = 0;
  for (const [, c0, c1] of fr.calls) if (c0 >= l1 && c1 <= fr.drawn) rustRender += c1 - c0;
  return {
    total: fr.painted - origin,
    drawn: fr.drawn - origin,
    beforeWasm: wasmRes.start - origin,
    glueLoadedAt: glueRes ? glueRes.end - origin : null,
    wasmFetchCompile: fr.wasm.done - wasmRes.start,
    wasmDownload: wasmRes.end - wasmRes.start,
    wasmCompileAfterDownload: fr.wasm.done - wasmRes.end,
    dataLoad: l1 - fr.wasm.done,
    dataFetch: dataRes ? dataRes.end - dataRes.start : 0,
    rustLoad: l1 - l0,
    render: fr.drawn - l1,
    rustRender,
    paint: fr.painted - fr.drawn,
  };
}

async function coldLoad(path, { lazy = false, timeout = 30_000 } = {}) {
  const p = await openPage(path);
  const painted = paintedMessage(p.page);
  try {
    await p.page.goto(p.url, { waitUntil: "load", timeout });
    let before = null;
    if (lazy) {
      // Let the page settle; a lazy widget must not have started.
      await p.page.waitForTimeout(500);
      before = p.requests.map((r) => r.url);
      const started = await p.page.evaluate(() => window.__bench.wasm.call !== null || window.__bench.drawn !== null);
      if (started || before.some((u) => u.endsWith(".wasm"))) throw new Error("the lazy widget started before it was scrolled into view");
      await p.page.evaluate(() => {
        const host = document.querySelector("sanctions-tracker");
        window.__bench.scrollAt = performance.now();
        host.scrollIntoView({ block: "start" });
      });
    }
    await withTimeout(painted, timeout, `${path}: first render`);
    const fr = await p.page.evaluate(() => window.__bench.firstRender());
    if (fr.status !== "ok") throw new Error(`widget: ${fr.status}`);
    if (p.problems.length) throw new Error(p.problems.join("; "));
    return { fr, phases: phases(fr, lazy ? fr.scrollAt : 0), requests: p.requests, before, page: p.page, cdp: p.cdp, context: p.context };
  } catch (err) {
    await p.context.close();
    throw err;
  }
}

// ------------------------------------------------------------------ sections

async function payloadSection() {
  log("payload: demo page");
  const r = await coldLoad("index.html");
  await r.page.waitForTimeout(500); // anything fetched late counts too
  const seen = new Map();
  for (const req of r.requests) {
    const u = new URL(req.url);
    if (req.type === "document" || PAGE_FILES.has(u.pathname) || seen.has(req.url)) continue;
    const bytes = readFileSync(servedFile(req.url));
    seen.set(req.url, {
      file: u.pathname.replace(/^\//, ""),
      type: req.type,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      gzipCli: gzipCli(bytes),
    });
  }
  await r.context.close();
  const files = [...seen.values()];
  const sum = (k) => (files.every((f) => f[k] !== null) ? files.reduce((s, f) => s + f[k], 0) : null);
  const total = { raw: sum("raw"), gzip: sum("gzip"), gzipCli: sum("gzipCli") };
  if (!files.some((f) => f.file.endsWith(".wasm"))) throw new Error("no .wasm among the requests");
  return { page: "index.html", files, total, budget: BUDGET.payloadGzip, pass: total.gzip <= BUDGET.payloadGzip };
}

async function firstRenderSection() {
  const out = {};
  for (const [key, path, lazy] of [
    ["eager", "bench-eager.html", false],
    ["lazy", "bench-lazy.html", true],
  ]) {
    const samples = [];
    let before = null;
    for (let i = 0; i < opts.loads; i++) {
      const r = await coldLoad(path, { lazy });
      samples.push(r.phases);
      before ??= r.before;
      await r.context.close();
    }
    log(`first render ${key}: ${samples.length} cold loads, median ${ms(quantile(samples.map((s) => s.total), 0.5))} ms`);
    const breakdown = {};
    for (const k of Object.keys(samples[0])) breakdown[k] = round(quantile(samples.map((s) => s[k]), 0.5), 2);
    const st = stats(samples.map((s) => s.total));
    out[key] = {
      page: path,
      from: lazy ? "scroll into view" : "navigation start",
      to: "map and list painted",
      loads: samples.length,
      total: st,
      drawn: stats(samples.map((s) => s.drawn)),
      breakdown,
      samples: samples.map((s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v, 2)]))),
      requestsBeforeScroll: before ? before.map((u) => new URL(u).pathname) : undefined,
      budget: BUDGET.firstRender,
      pass: st.median <= BUDGET.firstRender,
    };
  }
  return out;
}

const KINDS = ["select", "filter", "search", "width"];

/** Seconds one interaction series may measure before it stops at 5 or more repetitions. */
const SERIES_BUDGET_MS = 90_000;

async function interactionsOn(page, label, { maxMs = 20_000, warmup = opts.warmup } = {}) {
  const out = {};
  for (const kind of KINDS) {
    const samples = await withTimeout(
      page.evaluate(([k, o]) => window.__bench.measure(k, o), [kind, { reps: opts.reps, warmup, maxMs, budgetMs: SERIES_BUDGET_MS }]),
      SERIES_BUDGET_MS + (warmup + 3) * (maxMs + 2000),
      `${label} ${kind}`,
    );
    const bad = samples.filter((s) => s.update === null || s.paint === null || s.mutations === 0);
    if (bad.length) throw new Error(`${label} ${kind}: ${bad.length} of ${samples.length} steps changed nothing or never painted`);
    const u = stats(samples.map((s) => s.update));
    const p = stats(samples.map((s) => s.paint));
    out[kind] = {
      reps: samples.length,
      reduced: samples.length < opts.reps,
      update: { median: round(u.median, 2), p95: round(u.p95, 2), min: round(u.min, 2), max: round(u.max, 2) },
      paint: { median: round(p.median, 2), p95: round(p.p95, 2) },
      rust: { median: round(quantile(samples.map((s) => s.rust), 0.5), 2) },
      mutations: { median: quantile(samples.map((s) => s.mutations), 0.5) },
      ...(kind === "width"
        ? {
            fromStyleChangeToPaint: { median: round(quantile(samples.map((s) => s.fromInput), 0.5), 2) },
            observerOrderOk: samples.every((s) => s.orderOk),
          }
        : {}),
      timedOut: samples.filter((s) => s.timedOut).length,
    };
    log(`interactions ${label} ${kind}: update median ${ms(u.median, 2)} p95 ${ms(u.p95, 2)} ms`);
  }
  return out;
}

async function memoryOf(p) {
  await p.cdp.send("HeapProfiler.enable");
  await p.cdp.send("HeapProfiler.collectGarbage");
  const heap = await p.cdp.send("Runtime.getHeapUsage");
  const m = await p.page.evaluate(() => ({
    wasm: window.__bench.wasmMemoryBytes(),
    perfMemory: performance.memory ? performance.memory.usedJSHeapSize : null,
  }));
  return { wasmMemory: m.wasm, jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, perfMemoryUsed: m.perfMemory };
}

async function seedInteractionSection() {
  log("interactions: seed story");
  const r = await coldLoad("bench-eager.html");
  try {
    const memory = await memoryOf(r);
    const interactions = await interactionsOn(r.page, "seed");
    return { memory, interactions };
  } finally {
    await r.context.close();
  }
}

/**
 * Load + validation inside the page: Tracker.fromJson (the widget's path: Rust
 * parses the text, validates and indexes; no JSON.parse), Tracker.fromObject
 * (JSON.stringify in the page, then the same), and, for reference, the page's
 * own JSON.parse of the text that a caller of `data` / fromObject pays first.
 */
async function loadTimings(n, url = `/bench/data-${n}.json`) {
  const reps = opts.smoke ? 2 : n >= 100000 ? 3 : n >= 10000 ? 10 : 15;
  const p = await openPage("bench/load.html", { cacheDisabled: false });
  try {
    await p.page.goto(p.url, { waitUntil: "load" });
    const res = await withTimeout(
      p.page.evaluate(
        async ({ url, reps }) => {
          const mod = await import("/dist/pkg/sanctions_tracker.js");
          await mod.default();
          const t = () => performance.now();
          let t0 = t();
          const text = await (await fetch(url, { cache: "no-store" })).text();
          const fetchMs = t() - t0;
          const out = { fetch: fetchMs, chars: text.length, parse: [], fromObject: [], fromJson: [], warnings: null };
          // One unmeasured round first (the glue's and the page's first calls).
          for (let i = -1; i < reps; i++) {
            t0 = t();
            const obj = JSON.parse(text);
            const parse = t() - t0;
            t0 = t();
            const a = mod.Tracker.fromObject(obj);
            const fromObject = t() - t0;
            a.free();
            t0 = t();
            const b = mod.Tracker.fromJson(text);
            const fromJson = t() - t0;
            if (out.warnings === null) out.warnings = b.warnings().length;
            b.free();
            if (i >= 0) {
              out.parse.push(parse);
              out.fromObject.push(fromObject);
              out.fromJson.push(fromJson);
            }
          }
          return out;
        },
        { url, reps },
      ),
      (reps + 1) * 120_000,
      `load ${n}`,
    );
    if (p.problems.length) throw new Error(p.problems.join("; "));
    return {
      reps,
      fetch: round(res.fetch, 2),
      warnings: res.warnings,
      jsonParse: { median: round(quantile(res.parse, 0.5), 2), min: round(quantile(res.parse, 0), 2), max: round(quantile(res.parse, 1), 2) },
      fromObject: { median: round(quantile(res.fromObject, 0.5), 2), min: round(quantile(res.fromObject, 0), 2), max: round(quantile(res.fromObject, 1), 2) },
      fromJson: { median: round(quantile(res.fromJson, 0.5), 2), min: round(quantile(res.fromJson, 0), 2), max: round(quantile(res.fromJson, 1), 2) },
    };
  } finally {
    await p.context.close();
  }
}

async function scaleSection() {
  const out = {};
  for (const n of opts.sizes) {
    const file = join(SITE, "bench", `data-${n}.json`);
    const bytes = readFileSync(file);
    const entry = { steps: n, countries: 200, figures: 400, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    log(`scale ${n}: load + validation`);
    entry.load = await loadTimings(n);
    log(`scale ${n}: widget page (fromJson median ${ms(entry.load.fromJson.median)} ms)`);
    const timeout = n >= 100000 ? 180_000 : 60_000;
    const r = await coldLoad(`bench-scale-${n}.html`, { timeout });
    try {
      entry.firstRender = Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, round(v, 2)]));
      entry.memory = await memoryOf(r);
      entry.interactions = await interactionsOn(r.page, `${n} steps`, {
        maxMs: n >= 100000 ? 60_000 : 20_000,
        warmup: n >= 100000 ? Math.min(1, opts.warmup) : opts.warmup,
      });
    } finally {
      await r.context.close();
    }
    out[n] = entry;
  }
  return out;
}

/** The 35-country tracker: load + validation, first render, interactions, memory (as a scale entry). */
async function trackerSection() {
  const bytes = readFileSync(TRACKER_FIXTURE);
  const data = JSON.parse(bytes);
  const entry = {
    file: relative(ROOT, TRACKER_FIXTURE),
    steps: data.steps.length,
    countries: data.countries.length,
    figures: data.figures.length,
    bytes: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
  };
  log("tracker: load + validation");
  entry.load = await loadTimings(entry.steps, "/bench/tracker.json");
  const r = await coldLoad("bench-tracker.html");
  try {
    entry.firstRender = Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, round(v, 2)]));
    entry.memory = await memoryOf(r);
    entry.interactions = await interactionsOn(r.page, "tracker");
  } finally {
    await r.context.close();
  }
  return entry;
}

function growthOf(scale) {
  const sizes = Object.keys(scale).map(Number).sort((a, b) => a - b);
  if (sizes.length < 2) return null;
  const lo = scale[sizes[0]];
  const hi = scale[sizes[sizes.length - 1]];
  const steps = sizes[sizes.length - 1] / sizes[0];
  const limit = steps * 1.1;
  const row = (what, a, b) => {
    const ratio = a && b ? b / a : null;
    return { what, from: a, to: b, ratio: round(ratio, 1), limit: round(limit, 1), pass: ratio !== null && ratio <= limit };
  };
  // Only the first row is a budget of issue 5; the others show where the cost grows.
  const rows = [
    row("load + validation (fromJson): budget", lo.load.fromJson.median, hi.load.fromJson.median),
    row("fromObject (JSON.stringify in the page, then as fromJson)", lo.load.fromObject.median, hi.load.fromObject.median),
    row("page JSON.parse of the text (a data caller's, not the widget's)", lo.load.jsonParse.median, hi.load.jsonParse.median),
  ];
  for (const k of KINDS) rows.push(row(`${k} (update median)`, lo.interactions[k].update.median, hi.interactions[k].update.median));
  return { from: sizes[0], to: sizes[sizes.length - 1], stepsRatio: steps, rows };
}

/** twiggy top of the release wasm rebuilt with its name section kept (the Makefile's WASM_OPT_FLAGS, plus -g). */
function sizeSection() {
  if (!existsSync(WASM_ARTIFACT)) throw new Error(`${relative(ROOT, WASM_ARTIFACT)} missing (make build)`);
  const dir = join(OUT, "names");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bin = (name) => {
    const local = join(ROOT, "node_modules", ".bin", name);
    return existsSync(local) ? local : name;
  };
  // The Makefile's wasm-opt flags (WASM_OPT_FLAGS), so the analysed module is the shipped one plus names.
  const flags = (readFileSync(join(ROOT, "Makefile"), "utf8").match(/^WASM_OPT_FLAGS := (.+)$/m)?.[1] ?? "-Oz").trim().split(/\s+/);
  log(`size: wasm-bindgen + wasm-opt ${flags.join(" ")} -g (names kept)`);
  execFileSync("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", dir, WASM_ARTIFACT], { stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 });
  const bg = join(dir, "sanctions_tracker_bg.wasm");
  const named = join(dir, "named.wasm");
  execFileSync(bin("wasm-opt"), [...flags, "-g", "--strip-producers", "--strip-target-features", bg, "-o", named], { stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
  const json = execFileSync("twiggy", ["top", "--format", "json", named], { encoding: "utf8", timeout: 120_000, maxBuffer: 256 << 20 });
  // The name section is only there for this analysis: it is not shipped, so it is left out.
  const items = JSON.parse(json).filter((e) => !/^".*" subsection$/.test(e.name));
  const tidy = (name) => name.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
  const namedBytes = readFileSync(named);
  const nameSection = WebAssembly.Module.customSections(new WebAssembly.Module(namedBytes), "name").reduce((s, b) => s + b.byteLength, 0);
  const base = namedBytes.length - nameSection;
  const top = items.slice(0, 15).map((e) => ({ item: tidy(e.name), bytes: e.shallow_size, percent: round((100 * e.shallow_size) / base, 2) }));
  const byCrate = new Map();
  for (const e of items) {
    const c = crateOf(e.name);
    byCrate.set(c, (byCrate.get(c) ?? 0) + e.shallow_size);
  }
  const crates = [...byCrate.entries()].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes }));
  const shipped = statSync(SHIPPED_WASM).size;
  return {
    analysed: relative(ROOT, named),
    analysedBytes: namedBytes.length,
    nameSectionBytes: nameSection,
    analysedWithoutNames: namedBytes.length - nameSection,
    shippedBytes: shipped,
    shippedGzip: gzipSync(readFileSync(SHIPPED_WASM), { level: 9 }).length,
    top,
    crates,
  };
}

/** Which crate a twiggy item belongs to (by its demangled name), or what kind of item it is. */
function crateOf(name) {
  if (name.startsWith("data segment")) return "(data segments: tables, strings, map geometry)";
  if (/ shim\b/.test(name)) return "(wasm-bindgen export shims)";
  const m = name.match(/^[<&\s]*(?:dyn |mut )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (m) return m[1];
  return "(other: unnamed functions, tables, types, exports)";
}

// ------------------------------------------------------------------ report

function budgetsOf(res) {
  const rows = [];
  const add = (what, value, limit, unit) => rows.push({ what, value: round(value, 2), limit, unit, verdict: verdict(value, limit) });
  if (res.payload) add("payload, seed story, gzip", res.payload.total.gzip, BUDGET.payloadGzip, "B");
  if (res.firstRender) {
    add("first render, eager, median", res.firstRender.eager.total.median, BUDGET.firstRender, "ms");
    add("first render, lazy (from scroll), median", res.firstRender.lazy.total.median, BUDGET.firstRender, "ms");
  }
  if (res.seed) for (const k of KINDS) add(`${k}, seed, p95 update`, res.seed.interactions[k].update.p95, BUDGET.interactionSeedP95, "ms");
  const s10 = res.scale?.[10000];
  if (s10) {
    for (const k of KINDS) add(`${k}, 10,000 steps, p95 update`, s10.interactions[k].update.p95, BUDGET.interaction10kP95, "ms");
    add("load + validation, 10,000 steps (fromJson), median", s10.load.fromJson.median, BUDGET.load10k, "ms");
  }
  if (res.growth) {
    const g = res.growth.rows[0];
    add(`growth ${int(res.growth.from)} → ${int(res.growth.to)} steps, load (ratio)`, g.ratio, g.limit, "×");
  }
  return rows;
}

function report(res) {
  const L = [];
  const m = res.meta;
  L.push(`sanctions-tracker benchmark (${m.mode}) · ${m.date} · commit ${m.commit}`);
  L.push(`${m.chromium} · node ${m.node} · ${m.cpus} × ${m.cpuModel} · load average ${m.loadStart} → ${m.loadEnd} · run time ${m.runSeconds} s`);
  if (res.payload) {
    const p = res.payload;
    L.push("", `PAYLOAD: what the widget makes the browser fetch for the seed story (${p.page}; gzip = node zlib level 9)`);
    const rows = [["file", "raw B", "gzip B", "(gzip -9 CLI)"]];
    for (const f of p.files) rows.push([f.file, int(f.raw), int(f.gzip), int(f.gzipCli)]);
    rows.push(["total", int(p.total.raw), int(p.total.gzip), int(p.total.gzipCli)]);
    L.push(table(rows));
    L.push(`  budget: total ≤ ${int(p.budget)} B gzip (100 KB, map included; node zlib level 9): ${int(p.total.gzip)} B → ${p.pass ? "PASS" : "FAIL"}`);
  }
  if (res.firstRender) {
    const fr = res.firstRender;
    L.push("", `FIRST RENDER: cold loads (new context each, cache disabled), to map + list painted, ms`);
    const rows = [["start", "loads", "median", "min", "p25", "p75", "max", "(DOM done, median)", "budget", ""]];
    for (const [k, v] of Object.entries(fr)) {
      rows.push([`${k} (from ${v.from})`, v.loads, ms(v.total.median), ms(v.total.min), ms(v.total.p25), ms(v.total.p75), ms(v.total.max), ms(v.drawn.median), `≤ ${v.budget}`, v.pass ? "PASS" : "FAIL"]);
    }
    L.push(table(rows));
    L.push("  breakdown (medians of each phase, ms; phases follow each other and add up to about the total):");
    const b = [["start", "before wasm", "(glue loaded at)", "wasm fetch+compile", "(download)", "(compile after download)", "data load+validation", "(Rust load)", "rendering", "(Rust render)", "paint"]];
    for (const [k, v] of Object.entries(fr)) {
      const x = v.breakdown;
      b.push([k, ms(x.beforeWasm), ms(x.glueLoadedAt), ms(x.wasmFetchCompile), ms(x.wasmDownload), ms(x.wasmCompileAfterDownload), ms(x.dataLoad), ms(x.rustLoad), ms(x.render), ms(x.rustRender), ms(x.paint)]);
    }
    L.push(table(b));
    if (fr.lazy?.requestsBeforeScroll) L.push(`  lazy page before scrolling fetched only: ${fr.lazy.requestsBeforeScroll.join(", ")}`);
  }
  const interactionRows = [];
  const addInteractions = (label, inter, limit) => {
    for (const k of KINDS) {
      const v = inter[k];
      interactionRows.push([label, k, v.reps, ms(v.update.median, 2), ms(v.update.p95, 2), ms(v.paint.median, 2), ms(v.paint.p95, 2), ms(v.rust.median, 2), limit ? `≤ ${limit}` : "", limit ? verdict(v.update.p95, limit) : ""]);
    }
  };
  if (res.seed) addInteractions("seed", res.seed.interactions, BUDGET.interactionSeedP95);
  if (res.tracker) addInteractions("tracker-35", res.tracker.interactions, null);
  if (res.scale) for (const [n, e] of Object.entries(res.scale)) addInteractions(`${int(Number(n))} steps`, e.interactions, Number(n) === 10000 ? BUDGET.interaction10kP95 : null);
  if (interactionRows.length) {
    L.push("", "INTERACTIONS: ms from the input event to the end of the DOM update, and to the next paint");
    L.push(table([["dataset", "input", "reps", "update med", "update p95", "paint med", "paint p95", "Rust med", "budget p95", ""], ...interactionRows]));
    L.push("  width: timed from the ResizeObserver delivery of the new size (the frame after the change).");
    if (interactionRows.some((r) => r[2] < opts.reps)) {
      L.push(`  reps < ${opts.reps}: that series hit its ${SERIES_BUDGET_MS / 1000} s time bound and stopped (at 5 or more).`);
    }
  }
  if (res.scale) {
    L.push("", "SCALE: generated datasets (200 countries, 400 figures), load + validation in the page, ms (medians)");
    const rows = [["steps", "JSON MB", "gzip MB", "reps", "page JSON.parse", "fromObject", "fromJson", "budget", "", "first render"]];
    for (const [n, e] of Object.entries(res.scale)) {
      const limit = Number(n) === 10000 ? BUDGET.load10k : null;
      rows.push([int(Number(n)), mib(e.bytes), mib(e.gzip), e.load.reps, ms(e.load.jsonParse.median), ms(e.load.fromObject.median), ms(e.load.fromJson.median), limit ? `≤ ${limit}` : "", limit ? verdict(e.load.fromJson.median, limit) : "", ms(e.firstRender.total)]);
    }
    L.push(table(rows));
    L.push("  fromJson = Rust parses the text, validates and indexes (no JSON.parse; the widget's src and inline path);");
    L.push("  fromObject = JSON.stringify in the page, then the same (the data property's path);");
    L.push("  page JSON.parse = the browser parsing the text into the object a data caller hands over (not in the widget).");
  }
  if (res.tracker) {
    const t = res.tracker;
    L.push("", `TRACKER: ${t.file} (synthetic: ${t.countries} countries, ${t.steps} steps, ${t.figures} figures), ms (medians)`);
    L.push(table([["JSON KB", "gzip KB", "reps", "page JSON.parse", "fromObject", "fromJson", "first render"], [ms(t.bytes / 1024), ms(t.gzip / 1024), t.load.reps, ms(t.load.jsonParse.median, 2), ms(t.load.fromObject.median, 2), ms(t.load.fromJson.median, 2), ms(t.firstRender.total)]]));
  }
  if (res.growth) {
    const g = res.growth;
    L.push("", `GROWTH ${int(g.from)} → ${int(g.to)} steps (×${g.stepsRatio}); linear = ratio ≤ ${g.rows[0].limit} (×${g.stepsRatio} + 10%)`);
    L.push(table([["what", `at ${int(g.from)}`, `at ${int(g.to)}`, "ratio", ""], ...g.rows.map((r, i) => [r.what, ms(r.from, 2), ms(r.to, 2), `×${ms(r.ratio)}`, i === 0 ? (r.pass ? "PASS" : "FAIL") : r.pass ? "linear or less" : "superlinear"])]));
  }
  const memRows = [];
  if (res.seed) memRows.push(["seed story", mib(res.seed.memory.wasmMemory), mib(res.seed.memory.jsHeapUsed), mib(res.seed.memory.jsHeapTotal)]);
  if (res.tracker) memRows.push(["tracker-35", mib(res.tracker.memory.wasmMemory), mib(res.tracker.memory.jsHeapUsed), mib(res.tracker.memory.jsHeapTotal)]);
  if (res.scale) for (const [n, e] of Object.entries(res.scale)) memRows.push([`${int(Number(n))} steps`, mib(e.memory.wasmMemory), mib(e.memory.jsHeapUsed), mib(e.memory.jsHeapTotal)]);
  if (memRows.length) {
    L.push("", "MEMORY after loading and drawing (MiB; JS heap after a forced GC, CDP Runtime.getHeapUsage)");
    L.push(table([["dataset", "wasm memory", "JS heap used", "JS heap total"], ...memRows]));
  }
  if (res.size) {
    const s = res.size;
    L.push("", `SIZE: twiggy top 15 of ${s.analysed}: the release build through the Makefile's wasm-opt flags plus -g (names kept): ${int(s.analysedBytes)} B, ${int(s.analysedWithoutNames)} B without its name section; shipped: ${int(s.shippedBytes)} B (${int(s.shippedGzip)} B gzip)`);
    L.push(table([["item", "bytes", "% of wasm"], ...s.top.map((t) => [t.item.length > 100 ? t.item.slice(0, 97) + "..." : t.item, int(t.bytes), ms(t.percent, 2)])]));
    L.push("  by crate (sum of twiggy's shallow sizes, name section left out):");
    L.push(table([["crate", "bytes"], ...s.crates.slice(0, 12).map((c) => [c.crate, int(c.bytes)])], { indent: "    " }));
  }
  if (res.budgets?.length) {
    L.push("", "BUDGETS (issue 5)");
    L.push(table([["what", "figure", "budget", ""], ...res.budgets.map((b) => [b.what, `${b.unit === "B" ? int(b.value) : ms(b.value, 2)} ${b.unit}`, `≤ ${b.unit === "B" ? int(b.limit) : b.limit} ${b.unit}`, b.verdict])]));
  }
  if (res.errors.length) {
    L.push("", "ERRORS");
    for (const e of res.errors) L.push(`  ${e}`);
  }
  return L.join("\n");
}

// ------------------------------------------------------------------ main

async function main() {
  const loadStart = os.loadavg()[0].toFixed(2);
  const res = { meta: {}, errors: [] };
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    /* not a checkout */
  }
  mkdirSync(OUT, { recursive: true });
  log(`preparing ${relative(ROOT, SITE)} (generating ${opts.sizes.join(", ")} steps)`);
  prepareSite(opts.sizes);
  server = await serve(SITE, 0);
  if (!server.url.startsWith("http://127.0.0.1:")) throw new Error(`not loopback: ${server.url}`);
  browser = await launchChromium({ args: [...CHROMIUM_ARGS, "--enable-precise-memory-info"] });
  const section = async (name, fn) => {
    if (opts.only && !opts.only.has(name.split(" ")[0])) return undefined;
    try {
      return await fn();
    } catch (err) {
      res.errors.push(`${name}: ${err.message.split("\n")[0]}`);
      log(`${name} FAILED: ${err.message.split("\n")[0]}`);
      return undefined;
    }
  };
  try {
    res.payload = await section("payload", payloadSection);
    res.firstRender = await section("first render", firstRenderSection);
    res.seed = await section("seed interactions", seedInteractionSection);
    res.tracker = await section("tracker", trackerSection);
    res.scale = await section("scale", scaleSection);
    res.growth = res.scale ? growthOf(res.scale) : null;
    res.size = opts.size ? await section("size", sizeSection) : null;
  } finally {
    await browser.close().catch(() => {});
    await server.close().catch(() => {});
  }
  if (offOrigin.length) res.errors.push(`requests outside 127.0.0.1: ${[...new Set(offOrigin)].join(", ")}`);
  res.budgets = budgetsOf(res);
  res.meta = {
    mode: opts.smoke ? "smoke" : "full",
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    commit,
    chromium: `Chromium ${browser.version()}`,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model?.trim() ?? "?",
    loadStart,
    loadEnd: os.loadavg()[0].toFixed(2),
    runSeconds: Math.round((Date.now() - started) / 1000),
    options: { loads: opts.loads, reps: opts.reps, warmup: opts.warmup, sizes: opts.sizes, viewport: "1200×900" },
  };
  const text = report(res);
  console.log(text);
  const json = JSON.stringify(res, null, 2) + "\n";
  writeFileSync(join(OUT, opts.smoke ? "smoke.json" : "results.json"), json);
  writeFileSync(join(OUT, opts.smoke ? "smoke.txt" : "results.txt"), text + "\n");
  if (opts.save) {
    copyFileSync(join(OUT, "results.json"), join(ROOT, "bench", "results.json"));
    copyFileSync(join(OUT, "results.txt"), join(ROOT, "bench", "results.txt"));
  }
  log(`wrote ${relative(ROOT, join(OUT, opts.smoke ? "smoke.json" : "results.json"))}`);
  return opts.smoke ? smokeCheck(res) : res.errors.length === 0;
}

/** The smoke run asserts that every figure was produced, never how fast. */
function smokeCheck(res) {
  const missing = [...res.errors];
  const need = (ok, what) => {
    if (!ok) missing.push(what);
  };
  const finite = (x) => typeof x === "number" && Number.isFinite(x) && x >= 0;
  need(res.payload?.files.length > 0 && res.payload.files.every((f) => f.raw > 0 && f.gzip > 0), "payload files");
  for (const k of ["eager", "lazy"]) {
    const f = res.firstRender?.[k];
    need(f && f.loads === opts.loads && Object.values(f.breakdown).every(finite) && finite(f.total.median), `first render ${k}`);
  }
  const interactionsOk = (inter) => inter && KINDS.every((k) => inter[k]?.reps === opts.reps && finite(inter[k].update.p95) && finite(inter[k].paint.p95));
  need(interactionsOk(res.seed?.interactions), "seed interactions");
  need(finite(res.seed?.memory.wasmMemory) && finite(res.seed?.memory.jsHeapUsed), "seed memory");
  const t = res.tracker;
  // (The fixture has warnings on purpose: quotes in their own quotation marks, tidied.)
  need(t && finite(t.load.fromJson.median) && finite(t.firstRender?.total), "tracker load and first render");
  need(t && interactionsOk(t.interactions), "tracker interactions");
  for (const n of opts.sizes) {
    const e = res.scale?.[n];
    need(e && finite(e.load.jsonParse.median) && finite(e.load.fromObject.median) && finite(e.load.fromJson.median) && e.load.warnings === 0, `scale ${n} load`);
    need(e && interactionsOk(e.interactions), `scale ${n} interactions`);
    need(e && finite(e.memory.wasmMemory) && finite(e.memory.jsHeapUsed), `scale ${n} memory`);
  }
  need(res.budgets.length > 0, "budget lines");
  if (missing.length) {
    console.error(`bench-smoke: FAILED, missing or broken: ${missing.join("; ")}`);
    return false;
  }
  console.error("bench-smoke: every figure was produced");
  return true;
}

if (opts.report) {
  // Print the table of a saved run again (e.g. bench/results.json), measuring nothing.
  clearTimeout(watchdog);
  console.log(report(JSON.parse(readFileSync(opts.report, "utf8"))));
} else main().then(
  (ok) => {
    clearTimeout(watchdog);
    process.exitCode = ok ? 0 : 1;
  },
  (err) => {
    console.error(`bench: ${err.stack || err}`);
    process.exit(1);
  },
);
