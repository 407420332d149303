// Page helpers the end-to-end tests share: the static server and Chromium
// a test file starts once, the demo page with its widget showing a fixture
// (served from __test/ by a route), and running a function in the widget's
// shadow root.

import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tools/serve.mjs";
import { launchChromium } from "./browser.mjs";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const WWW = join(ROOT, "www");

/** Checks www/dist is built, makes `shots`, serves www/ and launches Chromium. */
export async function startServerAndBrowser(shots) {
  assert.ok(existsSync(join(WWW, "dist", "pkg", "sanctions_tracker_bg.wasm")), "www/dist is missing: run `make build` first");
  mkdirSync(shots, { recursive: true });
  const server = await serve(WWW, 0);
  const browser = await launchChromium();
  return { server, browser };
}

/** Closes what startServerAndBrowser started (either may be missing). */
export async function stopServerAndBrowser({ server, browser }) {
  await browser?.close();
  await server?.close();
}

/**
 * The demo page at `width` × `height` with its widget showing `data` (its
 * `country` attribute removed, so nothing selected) and `fixtures` (name →
 * body) served under __test/; waits for the list, the timeline and the
 * details (the second phase). Page errors and console errors go to `errors`.
 */
export async function openTracker(browser, server, width, { data, fixtures = {}, height = 800 }) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  const files = { "data.json": JSON.stringify(data), ...fixtures };
  await page.route("**/__test/**", (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/__test\//, "");
    const body = files[name];
    if (body === undefined) return route.fulfill({ status: 404, body: "not found" });
    return route.fulfill({ status: 200, contentType: name.endsWith(".js") ? "text/javascript" : "application/json", body });
  });
  await page.goto(new URL("index.html", server.url).href);
  await page.$eval("sanctions-tracker", (el) => {
    el.removeAttribute("country");
    el.setAttribute("loading", "eager");
    el.setAttribute("src", "__test/data.json");
  });
  // Lazy start: the widget loads when it comes near the viewport.
  await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (n) => document.querySelector("sanctions-tracker").shadowRoot.querySelectorAll("[role=option]").length === n,
    data.countries.length,
  );
  await page.locator("sanctions-tracker .st-timeline > svg").waitFor();
  await page.locator("sanctions-tracker .st-details h3").first().waitFor();
  return { context, page, errors };
}

/** Runs `fn(shadowRoot, arg)` in the page. */
export function inShadow(page, fn, arg) {
  return page.$eval(
    "sanctions-tracker",
    (el, [src, a]) => new Function("root", "arg", `return (${src})(root, arg);`)(el.shadowRoot, a),
    [fn.toString(), arg],
  );
}
