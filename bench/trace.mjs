// Where a cold eager first render spends its time: a Chromium performance
// trace (CDP Tracing, the DevTools timeline categories) of the benchmark's
// eager page, summarised per phase of the renderer's main thread. Used to
// write the findings in bench/README.md; not part of `make bench`.
//
// node bench/trace.mjs [--loads N] [--page bench-eager.html] [--keep FILE.json]
//   Needs bench/out/site (any `node bench/run.mjs` run writes it) and a built www/.
//   Prints, for the median load (by paint), a timeline of the main thread's
//   top-level tasks with what ran in them, then per-category medians over all loads.
//   --keep writes the median load's raw trace, to open in DevTools' Performance panel.

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../tools/serve.mjs";
import { launchChromium } from "../tests/e2e/browser.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SITE = join(ROOT, "bench", "out", "site");
const HARNESS = readFileSync(join(ROOT, "bench", "harness.js"), "utf8");

const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const LOADS = Number(arg("--loads", 5));
const PAGE = arg("--page", "bench-eager.html");
const KEEP = arg("--keep", null);
if (!existsSync(join(SITE, PAGE))) throw new Error(`${join(SITE, PAGE)} is missing: run node bench/run.mjs --only first --loads 1 first`);

const CATEGORIES = [
  "-*",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "disabled-by-default-devtools.timeline.frame",
  "v8.execute",
  "v8",
  "v8.wasm",
  "disabled-by-default-v8.compile",
  "blink.user_timing",
  "loading",
  "navigation",
  "toplevel",
  "blink",
  "devtools.timeline.async",
].join(",");

/** One cold load with tracing on; returns { events, painted (ms from navigation start) }. */
async function tracedLoad(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1, colorScheme: "light" });
  await context.addInitScript({ content: HARNESS });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once("Tracing.tracingComplete", r));
  // The harness logs when the first render is painted (polling the page would run in the load).
  const painted = new Promise((resolve) => page.on("console", (m) => m.text() === "st-bench:painted" && resolve()));
  await cdp.send("Tracing.start", { categories: CATEGORIES, transferMode: "ReportEvents" });
  await page.goto(url, { waitUntil: "load" });
  await painted;
  const fr = await page.evaluate(() => ({ painted: window.__bench.painted, drawn: window.__bench.drawn, wasm: window.__bench.wasm }));
  await page.waitForTimeout(100);
  await cdp.send("Tracing.end");
  await complete;
  await context.close();
  return { events, fr };
}

/** The renderer main thread of the page and its navigation start (µs). */
function mainThread(events) {
  const nav = events.find((e) => e.name === "navigationStart" && e.args?.data?.isLoadingMainFrame && e.args?.data?.documentLoaderURL?.startsWith("http"));
  if (!nav) throw new Error("no navigationStart in the trace");
  return { pid: nav.pid, tid: nav.tid, t0: nav.ts };
}

/** What a top-level task did: its biggest named children, flattened. */
const INTERESTING = new Set([
  "ParseHTML", "EvaluateScript", "v8.compile", "v8.compileModule", "v8.evaluateModule", "FunctionCall", "TimerFire",
  "FireAnimationFrame", "EventDispatch", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit",
  "ParseAuthorStyleSheet", "v8.produceModuleCache", "v8.run", "RunMicrotasks", "ResourceReceivedData",
  "ResourceFinish", "ResourceReceiveResponse", "ResourceSendRequest", "MarkDOMContent", "MarkLoad",
  "wasm.CompileLazy", "v8.wasm.compileLazy", "v8.wasm.streamFromResponseCallback", "v8.wasm.compiledModule",
  "v8.wasm.finishedStreaming", "v8.wasm.startStreaming", "v8.wasm.cachedModule", "v8.wasm.syncInstantiate",
  "v8.wasm.instantiate", "HitTest", "ScheduleStyleRecalculation", "InvalidateLayout", "UpdateLayer",
  "v8.parseOnBackground", "V8.GC_MC_BACKGROUND", "MinorGC", "MajorGC", "V8.GCScavenger", "ParseHTML",
]);

function summarise({ events, fr }) {
  const { pid, tid, t0 } = mainThread(events);
  const ms = (ts) => (ts - t0) / 1000;
  const end = fr.painted + 5;
  const main = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === "X" && ms(e.ts) >= -1 && ms(e.ts) <= end);
  // Top-level tasks: RunTask / ThreadControllerImpl::RunTask complete events not nested in another.
  const tasks = main
    .filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask")
    .sort((a, b) => a.ts - b.ts);
  const top = [];
  let lastEnd = -Infinity;
  for (const t of tasks) {
    if (t.ts >= lastEnd) {
      top.push(t);
      lastEnd = t.ts + (t.dur ?? 0);
    }
  }
  // Per category, self time approximated by summing durations of interesting events that are
  // not nested in another interesting event of the same name.
  const totals = {};
  const byName = {};
  for (const e of main) {
    if (!INTERESTING.has(e.name) || !e.dur) continue;
    (byName[e.name] ??= []).push(e);
  }
  for (const [name, list] of Object.entries(byName)) {
    list.sort((a, b) => a.ts - b.ts);
    let edge = -Infinity;
    let sum = 0;
    for (const e of list) {
      if (e.ts >= edge) {
        sum += e.dur;
        edge = e.ts + e.dur;
      }
    }
    totals[name] = sum / 1000;
  }
  const lines = [];
  for (const t of top) {
    const dur = (t.dur ?? 0) / 1000;
    if (dur < 0.5) continue;
    const inside = main
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && INTERESTING.has(e.name) && (e.dur ?? 0) >= 300)
      .map((e) => {
        const d = e.args?.data ?? e.args?.beginData ?? {};
        const what = d.url ? ` ${d.url.split("/").slice(-2).join("/")}` : d.functionName ? ` ${d.functionName}` : d.type ? ` ${d.type}` : "";
        return `${e.name}${what} ${(e.dur / 1000).toFixed(1)}`;
      });
    lines.push(`${ms(t.ts).toFixed(1).padStart(6)} +${dur.toFixed(1).padStart(5)}  ${inside.slice(0, 8).join("; ")}`);
  }
  // Network and wasm milestones on any thread of the renderer and the browser.
  const marks = [];
  for (const e of events) {
    const d = e.args?.data ?? {};
    if (e.name === "ResourceSendRequest" && d.url) marks.push([ms(e.ts), `request ${d.url.split("/").slice(-2).join("/")} (${d.priority ?? ""})`]);
    if (e.name === "ResourceFinish" && d.requestId) marks.push([ms(e.ts), `finish ${d.requestId} ${d.encodedDataLength ?? ""} B`]);
    if (e.name === "ResourceReceiveResponse" && d.url) marks.push([ms(e.ts), `response ${d.url.split("/").slice(-2).join("/")}`]);
    if (e.cat?.includes("blink.user_timing") && e.name.startsWith("st:")) marks.push([ms(e.ts), `mark ${e.name}`]);
    if (e.name.startsWith("v8.wasm.") || e.name.startsWith("wasm.")) marks.push([ms(e.ts), `${e.name} ${e.dur ? (e.dur / 1000).toFixed(1) + " ms" : ""} tid ${e.tid === tid && e.pid === pid ? "main" : e.tid}`]);
    if (["firstPaint", "firstContentfulPaint", "domContentLoadedEventEnd", "loadEventEnd", "commitNavigationEnd", "domInteractive"].includes(e.name) && e.pid === pid) marks.push([ms(e.ts), e.name]);
  }
  marks.sort((a, b) => a[0] - b[0]);
  return { lines, marks: marks.filter(([t]) => t >= -50 && t <= end), totals, painted: fr.painted, drawn: fr.drawn, wasm: fr.wasm };
}

const server = await serve(SITE, 0);
const browser = await launchChromium();
const runs = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const r = await tracedLoad(browser, server.url + PAGE);
    runs.push({ raw: r, s: summarise(r) });
    process.stderr.write(`load ${i + 1}: painted ${r.fr.painted.toFixed(1)} ms\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
runs.sort((a, b) => a.s.painted - b.s.painted);
const med = runs[Math.floor(runs.length / 2)];
console.log(`median load: drawn ${med.s.drawn.toFixed(1)} ms, painted ${med.s.painted.toFixed(1)} ms (wasm call ${med.s.wasm.call?.toFixed(1)}, done ${med.s.wasm.done?.toFixed(1)})`);
console.log("\nmilestones (ms from navigation start):");
for (const [t, m] of med.s.marks) console.log(`${t.toFixed(1).padStart(8)}  ${m}`);
console.log("\nmain-thread tasks ≥ 0.5 ms (start +duration: what ran inside, ms):");
for (const l of med.s.lines) console.log(l);
console.log("\nmain thread, medians over loads (ms, nested events of the same name counted once):");
const names = new Set(runs.flatMap((r) => Object.keys(r.s.totals)));
const rows = [...names].map((n) => {
  const v = runs.map((r) => r.s.totals[n] ?? 0).sort((a, b) => a - b);
  return [n, v[Math.floor(v.length / 2)]];
});
rows.sort((a, b) => b[1] - a[1]);
for (const [n, v] of rows) if (v >= 0.2) console.log(`  ${n.padEnd(36)} ${v.toFixed(1).padStart(7)}`);
if (KEEP) {
  writeFileSync(KEEP, JSON.stringify({ traceEvents: med.raw.events }));
  console.log(`\ntrace of the median load: ${KEEP}`);
}
