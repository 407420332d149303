// Times the widget's interactions and first render in headless Chromium: a
// quick check while working on the widget (`make bench` is the benchmark of
// record). Needs `make build` first.
//
//   node tools/time-interactions.mjs [--steps N] [--samples N] [--loads N] [--www DIR]
//
// --steps 0 (default) times the seed story, N > 0 a generated dataset of N
// steps over 200 countries (bench/gen-dataset.mjs). For each interaction
// (select a country in the list, change the measure filter, type a search
// character, change the width) it prints the median and p95 of the time from
// dispatching the input event to the widget's `render` event (end of the DOM
// update), and to the next frame after it (a width change is made at the start
// of a frame, as a browser delivers a resize, so that its time is style, layout
// and the widget's work, not the wait for a frame); and for the seed, the first render
// (navigation start to the st:render-done mark) over --loads cold loads.
// --www times another build of the widget (default: this checkout's www/).

import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launchChromium } from "../tests/e2e/browser.mjs";
import { generate } from "../bench/gen-dataset.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(" ")
    .split("--")
    .filter(Boolean)
    .map((a) => a.trim().split(/\s+/)),
);
const STEPS = Number(args.steps ?? 0);
const SAMPLES = Number(args.samples ?? 60);
const LOADS = Number(args.loads ?? (STEPS ? 0 : 15));
const WWW = args.www ?? join(ROOT, "www");

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const fmt = (xs) => `median ${q(xs, 0.5).toFixed(2)} ms  p95 ${q(xs, 0.95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms`;

const page = (src) => `<!doctype html><html><head><meta charset="utf-8"><title>timing</title></head>
<body><main><sanctions-tracker id="w" loading="eager"${src ? ` src="${src}"` : ""}></sanctions-tracker></main>
<script type="module" src="/dist/sanctions-tracker.js"></script></body></html>`;

// A copy of www/ made of links, plus the timing page (and the generated
// dataset), all served by the same server as the demo: no request is
// intercepted, so the first render sees the server's own timing.
const site = mkdtempSync(join(tmpdir(), "st-timing-"));
for (const name of readdirSync(WWW)) symlinkSync(join(WWW, name), join(site, name));
writeFileSync(join(site, "timing.html"), page(STEPS ? "/timing-data.json" : null));
if (STEPS) writeFileSync(join(site, "timing-data.json"), JSON.stringify(generate(STEPS, { countries: 200 })));
const server = await serve(site, 0);
const browser = await launchChromium();

async function openPage(context) {
  return context.newPage();
}

try {
  if (LOADS > 0) {
    const first = [];
    const phases = { start: [], wasm: [], data: [], render: [] };
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
      const p = await openPage(context);
      await p.goto(`${server.url}timing.html`);
      await p.waitForFunction(() => performance.getEntriesByName("st:render-done").length > 0, null, { timeout: 20000 });
      const m = await p.evaluate(() => {
        const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
        return {
          done: at("st:render-done"),
          start: at("st:wasm-start"),
          wasm: at("st:wasm-ready") - at("st:wasm-start"),
          data: at("st:data-ready") - at("st:data-start"),
          render: at("st:render-done") - at("st:render-start"),
        };
      });
      first.push(m.done);
      phases.start.push(m.start);
      phases.wasm.push(m.wasm);
      phases.data.push(m.data);
      phases.render.push(m.render);
      await context.close();
    }
    console.log(`first render (${LOADS} cold loads): ${fmt(first)}`);
    const names = { start: "to wasm-start", wasm: "wasm", data: "data", render: "render" };
    for (const [k, v] of Object.entries(phases)) console.log(`  ${names[k].padEnd(13)} ${fmt(v)}`);
  }

  const context = await browser.newContext({ viewport: { width: 1240, height: 900 }, deviceScaleFactor: 1 });
  const p = await openPage(context);
  p.on("console", (m) => console.error(`  [page] ${m.text()}`));
  p.on("crash", () => console.error("  [page crashed]"));
  await p.goto(`${server.url}timing.html`);
  await p.waitForFunction(() => document.querySelector("#w")?.shadowRoot?.querySelector(".st-map svg"), null, { timeout: 60000 });
  const results = await p.evaluate(async (samples) => {
    const el = document.querySelector("#w");
    const root = el.shadowRoot;
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    /**
     * Runs `act`, returns [to end of DOM update, to next frame] in ms. With
     * `inFrame`, `act` runs at the start of a frame (in requestAnimationFrame),
     * as a browser delivers a resize: the time then counts style, layout and
     * the ResizeObserver's work, not the wait for the frame.
     */
    const time = (act, inFrame) =>
      new Promise((resolve, reject) => {
        let t0 = 0;
        const timer = setTimeout(() => reject(new Error("no render event within 10 s")), 10000);
        el.addEventListener(
          "render",
          () => {
            clearTimeout(timer);
            const t1 = performance.now();
            requestAnimationFrame(() => setTimeout(() => resolve([t1 - t0, performance.now() - t0]), 0));
          },
          { once: true },
        );
        const go = () => {
          t0 = performance.now();
          act();
        };
        if (inFrame) requestAnimationFrame(go);
        else go();
      });
    const out = {};
    const run = async (name, act, inFrame = false, before = null) => {
      const upd = [];
      const paint = [];
      for (let i = 0; i < samples; i++) {
        if (before) {
          before(i);
          await frame();
        }
        const [a, b] = await time(() => act(i), inFrame);
        upd.push(a);
        paint.push(b);
        await frame();
      }
      out[name] = { upd, paint };
      console.log(`${name} done`);
    };
    const codes = [...root.querySelectorAll('[role="option"]')].map((o) => o.dataset.code);
    // A click on a list entry: the browser focuses the entry on mousedown,
    // then the click selects it; the time runs from the click.
    await run("select", (i) => root.querySelector(`[role="option"][data-code="${codes[(i * 7) % codes.length]}"]`).click(), false, (i) =>
      root.querySelector(`[role="option"][data-code="${codes[(i * 7) % codes.length]}"]`).focus({ preventScroll: true }),
    );
    // Filters with a country selected (as a reader would have).
    const sel = root.querySelector('select[data-filter="measures"]');
    const values = [...sel.options].map((o) => o.value);
    await run("filter", (i) => {
      sel.value = values[(i + 1) % values.length];
      sel.dispatchEvent(new Event("change", { bubbles: true }));
    });
    sel.value = "";
    sel.dispatchEvent(new Event("change", { bubbles: true }));
    await frame();
    const search = root.querySelector('input[type="search"]');
    const words = ["ku", "wor", "visa", "mi"];
    const typed = [];
    for (const w of words) {
      for (let k = 1; k <= w.length; k++) typed.push(w.slice(0, k));
      typed.push("");
    }
    await run("search", (i) => {
      search.value = typed[i % typed.length];
      search.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, data: "x", inputType: "insertText" }));
    });
    search.value = "";
    search.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true }));
    await frame();
    el.style.display = "block";
    const widths = [1130, 960, 700, 480, 320, 290, 400, 760, 1040, 1200, 900, 600, 350, 1190];
    await run(
      "width",
      (i) => {
        el.style.width = `${widths[i % widths.length]}px`;
      },
      true,
    );
    return out;
  }, SAMPLES);
  console.log(`interactions (${STEPS ? `${STEPS} steps, 200 countries` : "seed story"}; ${SAMPLES} samples each):`);
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(7)} to update: ${fmt(r.upd)}`);
    console.log(`  ${"".padEnd(7)} to frame:  ${fmt(r.paint)}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(site, { recursive: true, force: true });
}
