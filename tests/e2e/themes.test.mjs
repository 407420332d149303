// End-to-end tests of `theme="auto"` following the host page (issue 11,
// "Themes"; www/tracker/theme.js) on the built widget (www/dist), in a host
// page of its own under the demo's strict CSP (its styles are a stylesheet
// served from __test/, none inline):
//
// - a host whose :root has `color-scheme: dark` gets the dark widget, its
//   pictures included, whatever the reader's prefers-color-scheme;
// - a class toggled on <html> or <body> that changes `color-scheme` switches
//   the widget live (the shell's data-theme and the map's colours), with a
//   "render" event of reason "theme";
// - with nothing set by the host (and with the demo's `light dark`), the
//   emulated prefers-color-scheme decides, live;
// - an explicit `theme` attribute wins over both;
// - the MutationObserver and the media query listener go when the element is
//   removed (and come back when it is inserted again);
// - the host's custom properties set the font and the accent, focus and link
//   colours of each theme;
// - axe-core finds no violation in a dark host page.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

const SHOTS = process.env.SHOTS || "/tmp/shots-themes";
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";
/** The pictures' backgrounds (src/chart/theme.rs). */
const PICTURE_BG = { light: "#ffffff", dark: "#16181d" };
/** Poland's fill on the seed map: its strongest measure, a work permit freeze (src/chart/theme.rs). */
const POLAND_FILL = { light: "#0072cc", dark: "#56b4e9" };

let server;
let browser;

before(async () => {
  ({ server, browser } = await startServerAndBrowser(SHOTS));
});

after(() => stopServerAndBrowser({ server, browser }));

/** The host page (its stylesheet is __test/host.css), `attrs` the element's extra attributes. */
function hostPage(attrs = "") {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Host</title>
<link rel="stylesheet" href="/__test/host.css">
<script type="module" src="/dist/sanctions-tracker.js"></script>
</head><body><main><h1>A host page</h1>
<sanctions-tracker loading="eager"${attrs}><p>Fallback</p></sanctions-tracker>
</main></body></html>`;
}

/**
 * A host page with `css` in a fresh context whose reader prefers
 * `colorScheme`; waits for the first phase (map and list) and the second.
 * `init` runs in the page before any script (addInitScript).
 */
async function open({ css = "", attrs = "", colorScheme = "light", init, fixtures = {} } = {}) {
  // Reduced motion: no transition of the buttons' background to wait for.
  const context = await browser.newContext({
    viewport: { width: 1000, height: 900 },
    colorScheme,
    reducedMotion: "reduce",
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const files = { "host.html": hostPage(attrs), "host.css": css, ...fixtures };
  await page.route("**/__test/**", (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/__test\//, "");
    const body = files[name];
    if (body === undefined) return route.fulfill({ status: 404, body: "not found" });
    const type = name.endsWith(".html") ? "text/html" : name.endsWith(".css") ? "text/css" : "text/javascript";
    return route.fulfill({ status: 200, contentType: type, body });
  });
  if (init) await page.addInitScript(init);
  await page.goto(new URL("__test/host.html", server.url).href);
  await ready(page);
  return { context, page, errors };
}

async function ready(page) {
  await page.locator("sanctions-tracker .st-map > svg").waitFor();
  await page.locator('sanctions-tracker [role="option"]').first().waitFor();
  await page.locator("sanctions-tracker .st-timeline > svg").waitFor();
}

/** What shows the theme: the shell's data-theme, the map's background, Poland's fill, the timeline's background. */
function look(page) {
  return page.$eval("sanctions-tracker", (el) => {
    const root = el.shadowRoot;
    const fills = (sel) => [...root.querySelectorAll(`${sel} [fill]`)].map((n) => n.getAttribute("fill").toLowerCase());
    const poland = root.querySelector('.st-map svg g.has-data[data-code="PL"][fill]');
    return {
      theme: root.querySelector(".st").dataset.theme,
      mapFills: [...new Set(fills(".st-map svg"))],
      poland: poland?.getAttribute("fill").toLowerCase() ?? null,
      timelineFills: [...new Set(fills(".st-timeline svg"))],
    };
  });
}

/** Waits until the widget shows `theme`, then checks its pictures do too. */
async function expectTheme(page, theme, why) {
  await page.waitForFunction(
    (t) => document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st").dataset.theme === t,
    theme,
    { timeout: 5000 },
  );
  const seen = await look(page);
  const other = theme === "light" ? "dark" : "light";
  assert.equal(seen.theme, theme, why);
  assert.ok(seen.mapFills.includes(PICTURE_BG[theme]), `${why}: the map's background is ${theme}'s (${seen.mapFills})`);
  assert.ok(!seen.mapFills.includes(PICTURE_BG[other]), `${why}: nothing of ${other}'s background on the map`);
  assert.equal(seen.poland, POLAND_FILL[theme], `${why}: Poland's fill`);
  assert.ok(seen.timelineFills.includes(PICTURE_BG[theme]), `${why}: the timeline's background is ${theme}'s`);
  return seen;
}

/** Resolves with the reasons of the "render" events fired until `fn` is done and a frame has passed. */
async function renderReasons(page, fn) {
  await page.evaluate(() => {
    window.__reasons = [];
    if (window.__listening) return;
    window.__listening = true;
    document.querySelector("sanctions-tracker").addEventListener("render", (e) => window.__reasons.push(e.detail.reason));
  });
  await fn();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => window.__reasons);
}

/** Counts the observers watching <html> or <body>, and the listeners of prefers-color-scheme. */
function countWatchers() {
  const live = new Set();
  const listeners = new Set();
  window.__watchers = () => ({ observers: live.size, listeners: listeners.size });
  const O = MutationObserver.prototype;
  const observe = O.observe;
  const disconnect = O.disconnect;
  O.observe = function (target, options) {
    if (target === document.documentElement || target === document.body) live.add(this);
    return observe.call(this, target, options);
  };
  O.disconnect = function () {
    live.delete(this);
    return disconnect.call(this);
  };
  const M = MediaQueryList.prototype;
  const add = M.addEventListener;
  const remove = M.removeEventListener;
  M.addEventListener = function (type, fn, ...rest) {
    if (type === "change" && this.media.includes("prefers-color-scheme")) listeners.add(fn);
    return add.call(this, type, fn, ...rest);
  };
  M.removeEventListener = function (type, fn, ...rest) {
    if (type === "change") listeners.delete(fn);
    return remove.call(this, type, fn, ...rest);
  };
}

describe("theme=auto follows the host", () => {
  test("a host whose :root has color-scheme: dark gets the dark widget, pictures included", async () => {
    const { context, page, errors } = await open({ css: ":root { color-scheme: dark; background: #101010; color: #eee }" });
    await expectTheme(page, "dark", "root color-scheme dark, reader prefers light");
    await page.locator("sanctions-tracker").screenshot({ path: join(SHOTS, "host-dark.png") });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a class toggled on html or body that changes color-scheme switches the widget live", async () => {
    const css = [
      ":root { color-scheme: light }",
      "html.night { color-scheme: dark; background: #101010; color: #eee }",
      "body.day { color-scheme: light }",
      "body.dusk { color-scheme: only dark }",
    ].join("\n");
    const { context, page, errors } = await open({ css, colorScheme: "dark" });
    const light = await expectTheme(page, "light", "root color-scheme light, reader prefers dark");

    const reasons = await renderReasons(page, () => page.evaluate(() => document.documentElement.classList.add("night")));
    const dark = await expectTheme(page, "dark", "html.night");
    assert.deepEqual(reasons, ["theme"], "one render, of reason theme");
    assert.notDeepEqual(dark.mapFills, light.mapFills, "the map was drawn again in other colours");

    // A class on body (nearer the element) wins over html's.
    await page.evaluate(() => document.body.classList.add("day"));
    await expectTheme(page, "light", "body.day under html.night");
    await page.evaluate(() => document.body.classList.replace("day", "dusk"));
    await expectTheme(page, "dark", "body.dusk (only dark)");
    await page.evaluate(() => {
      document.body.classList.remove("dusk");
      document.documentElement.classList.remove("night");
    });
    await expectTheme(page, "light", "both classes removed");

    // Several changes within a frame redraw once, and one that changes nothing not at all.
    const many = await renderReasons(page, () =>
      page.evaluate(() => {
        const html = document.documentElement;
        for (let i = 0; i < 5; i++) html.classList.toggle("night");
        html.setAttribute("data-unrelated", "1");
      }),
    );
    await expectTheme(page, "dark", "toggled five times");
    assert.deepEqual(many, ["theme"]);
    const none = await renderReasons(page, () => page.evaluate(() => document.body.setAttribute("data-x", "y")));
    assert.deepEqual(none, [], "an attribute that changes no scheme redraws nothing");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a data-theme attribute on html, as hosts toggle it, switches it too", async () => {
    const css = 'html[data-theme="dark"] { color-scheme: dark }';
    const { context, page, errors } = await open({ css });
    await expectTheme(page, "light", "nothing set, reader prefers light");
    await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
    await expectTheme(page, "dark", 'html[data-theme="dark"]');
    await page.evaluate(() => document.documentElement.removeAttribute("data-theme"));
    await expectTheme(page, "light", "data-theme removed");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("with nothing set by the host, the reader's prefers-color-scheme decides, live", async () => {
    const { context, page, errors } = await open({ css: "body { margin: 8px }" });
    await expectTheme(page, "light", "prefers light");
    const reasons = await renderReasons(page, () => page.emulateMedia({ colorScheme: "dark" }));
    await expectTheme(page, "dark", "emulated prefers dark");
    assert.deepEqual(reasons, ["theme"]);
    await page.emulateMedia({ colorScheme: "light" });
    await expectTheme(page, "light", "emulated prefers light again");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a host scheme of `light dark` (the demo page's) leaves it to the reader's preference", async () => {
    const { context, page, errors } = await open({ css: ":root { color-scheme: light dark }", colorScheme: "dark" });
    await expectTheme(page, "dark", "light dark, prefers dark");
    await page.emulateMedia({ colorScheme: "light" });
    await expectTheme(page, "light", "light dark, prefers light");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("an explicit theme attribute wins over the host's scheme and the reader's preference", async () => {
    const css = ":root { color-scheme: dark }\nhtml.day { color-scheme: light }";
    const { context, page, errors } = await open({ css, attrs: ' theme="light"', colorScheme: "dark" });
    await expectTheme(page, "light", 'theme="light" on a dark host');
    await page.evaluate(() => document.documentElement.classList.add("other"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await expectTheme(page, "light", "host changes do not move an explicit theme");

    await page.$eval("sanctions-tracker", (el) => el.setAttribute("theme", "dark"));
    await page.evaluate(() => document.documentElement.classList.add("day"));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await expectTheme(page, "dark", 'theme="dark" on a host made light');

    await page.$eval("sanctions-tracker", (el) => el.setAttribute("theme", "auto"));
    await expectTheme(page, "light", "back to auto: html.day");
    await page.evaluate(() => document.documentElement.classList.remove("day"));
    await expectTheme(page, "dark", "auto: :root dark again");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the observer and the media listener go with the element, and come back with it", async () => {
    const css = "html.night { color-scheme: dark }";
    const { context, page, errors } = await open({ css, init: countWatchers });
    const watchers = () => page.evaluate(() => window.__watchers());
    assert.deepEqual(await watchers(), { observers: 1, listeners: 1 }, "one of each while connected");

    await page.evaluate(() => {
      window.__detached = document.querySelector("sanctions-tracker");
      window.__detached.remove();
    });
    assert.deepEqual(await watchers(), { observers: 0, listeners: 0 }, "none once removed");
    await page.evaluate(() => document.documentElement.classList.add("night"));
    await page.emulateMedia({ colorScheme: "dark" });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.equal(
      await page.evaluate(() => window.__detached.shadowRoot.querySelector(".st").dataset.theme),
      "light",
      "a removed widget does not follow the host",
    );

    await page.evaluate(() => document.querySelector("main").append(window.__detached));
    await ready(page);
    assert.deepEqual(await watchers(), { observers: 1, listeners: 1 }, "watched again once inserted again");
    await expectTheme(page, "dark", "inserted again into a dark host");
    await page.evaluate(() => document.documentElement.classList.remove("night"));
    await page.emulateMedia({ colorScheme: "light" });
    await expectTheme(page, "light", "and follows it again");
    await page.evaluate(() => window.__detached.remove());
    assert.deepEqual(await watchers(), { observers: 0, listeners: 0 });
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("host styling", () => {
  test("custom properties set the font and each theme's accent, focus and link colours", async () => {
    const css = [
      "html.night { color-scheme: dark }",
      "sanctions-tracker {",
      "  --sanctions-tracker-font: Georgia, serif;",
      "  --sanctions-tracker-accent: #7a1f00; --sanctions-tracker-accent-text: #fffbf5;",
      "  --sanctions-tracker-focus: #6a0dad; --sanctions-tracker-link: #8a1538;",
      "  --sanctions-tracker-accent-dark: #ffb38a; --sanctions-tracker-accent-text-dark: #1a0a00;",
      "  --sanctions-tracker-focus-dark: #e0b3ff; --sanctions-tracker-link-dark: #ffb3c8;",
      "}",
    ].join("\n");
    const { context, page, errors } = await open({ css });
    const styles = () =>
      page.$eval("sanctions-tracker", (el) => {
        const root = el.shadowRoot;
        const st = getComputedStyle(root.querySelector(".st"));
        const pressed = getComputedStyle(root.querySelector('button[aria-pressed="true"]'));
        const link = getComputedStyle(root.querySelector(".st-pic-alt > summary"));
        return {
          font: st.fontFamily,
          focus: st.getPropertyValue("--st-focus").trim(),
          accent: pressed.backgroundColor,
          accentText: pressed.color,
          link: link.color,
          scheme: st.colorScheme,
        };
      });
    assert.deepEqual(await styles(), {
      font: "Georgia, serif",
      focus: "#6a0dad",
      accent: "rgb(122, 31, 0)",
      accentText: "rgb(255, 251, 245)",
      link: "rgb(138, 21, 56)",
      scheme: "light",
    });
    // Keyboard focus (the widget's first control, after the page's heading) shows the host's focus colour.
    await page.locator("h1").click();
    await page.keyboard.press("Tab");
    const ring = await page.$eval("sanctions-tracker", (el) => getComputedStyle(el.shadowRoot.activeElement).outlineColor);
    assert.equal(ring, "rgb(106, 13, 173)");

    await page.evaluate(() => document.documentElement.classList.add("night"));
    await expectTheme(page, "dark", "html.night");
    assert.deepEqual(await styles(), {
      font: "Georgia, serif",
      focus: "#e0b3ff",
      accent: "rgb(255, 179, 138)",
      accentText: "rgb(26, 10, 0)",
      link: "rgb(255, 179, 200)",
      scheme: "dark",
    });
    // The pictures keep their own font stack, whose metrics Rust lays their text out with.
    const svgFont = await page.$eval("sanctions-tracker", (el) =>
      el.shadowRoot.querySelector(".st-map svg text").getAttribute("font-family"),
    );
    assert.ok(!/Georgia/.test(svgFont), svgFont);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("axe-core finds no violation in a dark host page (auto resolved dark)", async () => {
    const { context, page } = await open({
      css: ":root { color-scheme: dark; background: #101010; color: #eee }",
      fixtures: { "axe.js": AXE_SOURCE },
    });
    await expectTheme(page, "dark", "root color-scheme dark");
    await page.$eval("sanctions-tracker", (el) => {
      for (const d of el.shadowRoot.querySelectorAll("details")) d.open = true;
    });
    await page.addScriptTag({ url: "/__test/axe.js" });
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
    );
    const violations = result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(violations, []);
    assert.ok(result.passes.length > 20, "axe ran its checks");
    await context.close();
  });
});
