// End-to-end tests of <sanctions-tracker> on the real demo pages, in headless
// Chromium (the system's, through playwright-core), served from www/ by
// tools/serve.mjs on a free loopback port. Part of `make test`; needs the
// release build in www/dist (`make build`): the demo pages load the minified
// module from there, as a newsroom would deploy it.
//
// What they check is issue 4's list: the seed countries in the list and on
// the map; selection by list click, map click and keyboard; filters and search
// narrowing map, list and timeline together; the invalid-data and failed-URL
// messages; two widgets on a page staying independent; host CSS kept out;
// axe-core finding no violation in either theme; no request to another
// origin; no layout shift over 0.1; lazy start. Screenshots at 320 and 1200 px
// in both themes go to target/screenshots/ for a person to look at. Then the
// in-place updates (issue 5): a filter or a width changes the map's fills,
// markers, labels and legend without drawing its shapes again, and map, list
// and timeline still agree, on the seed and on a generated 10,000-step dataset.

import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tools/serve.mjs";
import { launchChromium } from "./browser.mjs";
import { generate } from "../../bench/gen-dataset.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const WWW = join(ROOT, "www");
const SHOTS = join(ROOT, "target", "screenshots");
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SEED = JSON.parse(readFileSync(join(WWW, "data", "north-korean-workers-2017.json"), "utf8"));
const SEED_COUNTRIES = ["Poland", "Kuwait", "Qatar", "Senegal"];

let server;
let browser;

before(async () => {
  assert.ok(
    existsSync(join(WWW, "dist", "pkg", "sanctions_tracker_bg.wasm")),
    "www/dist is missing: run `make build` first",
  );
  server = await serve(WWW, 0);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Opens a demo page in a fresh context. Every request is recorded, console
 * errors and page errors too; /__test/* URLs are answered from `fixtures`
 * (same origin, so the page's CSP still holds).
 */
async function open(path, { width = 1200, height = 900, colorScheme = "light", fixtures = {}, before } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  const pageErrors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.route("**/__test/**", async (route) => {
    const name = new URL(route.request().url()).pathname.replace(/^\/__test\//, "");
    const body = fixtures[name];
    if (body === undefined) return route.fulfill({ status: 404, body: "not found" });
    const type = name.endsWith(".css")
      ? "text/css"
      : name.endsWith(".js")
        ? "text/javascript"
        : "application/json";
    return route.fulfill({ status: 200, contentType: type, body });
  });
  if (before) await before(page);
  await page.goto(server.url + path);
  return { context, page, requests, consoleErrors, pageErrors };
}

/**
 * Waits until the widget `host` (a selector) has drawn its list and map (the
 * first render), then its details and timeline (drawn in the next frame).
 */
async function ready(page, host = "sanctions-tracker") {
  await page.locator(`${host} [role="option"]`).first().waitFor();
  await page.locator(`${host} .st-map > svg`).waitFor();
  await page.locator(`${host} .st-details h3`).first().waitFor();
  await page.locator(`${host} .st-timeline > svg`).waitFor();
}

/** Runs `fn(shadowRoot, arg)` in the page for the widget `host`. */
function inShadow(page, host, fn, arg) {
  return page.$eval(
    host,
    (el, [src, a]) => {
      // eslint-disable-next-line no-new-func
      const f = new Function("root", "arg", `return (${src})(root, arg);`);
      return f(el.shadowRoot, a);
    },
    [fn.toString(), arg],
  );
}

async function optionNames(page, host = "sanctions-tracker") {
  return page.locator(`${host} [role="option"] .st-optname`).allTextContents();
}

async function mapCodes(page, host = "sanctions-tracker") {
  return inShadow(page, host, (root) =>
    [...root.querySelectorAll(".st-map svg g.country[data-code]")].map((g) => g.getAttribute("data-code")),
  );
}

/** Codes drawn on the map as carrying data (shapes or markers filled by a measure), sorted. */
async function mapDataCodes(page, host = "sanctions-tracker") {
  const codes = await inShadow(page, host, (root) =>
    [...root.querySelectorAll(".st-map svg g.has-data[data-code]")].map((g) => g.getAttribute("data-code")),
  );
  return [...new Set(codes)].sort();
}

async function timelineText(page, host = "sanctions-tracker") {
  return inShadow(page, host, (root) => root.querySelector(".st-timeline svg")?.textContent ?? "");
}

async function detailsHeading(page, host = "sanctions-tracker") {
  return (await page.locator(`${host} .st-details h3`).first().textContent())?.trim();
}

async function countText(page, host = "sanctions-tracker") {
  return (await page.locator(`${host} .st-count`).textContent())?.trim();
}

/** Chooses a filter value (its key) in the widget's select `key`. */
async function chooseFilter(page, key, value, host = "sanctions-tracker") {
  await page.locator(`${host} select[data-filter="${key}"]`).selectOption(value);
}

function otherOrigin(requests) {
  const origin = new URL(server.url).origin;
  return requests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);
}

describe("sanctions-tracker on the demo article", () => {
  test("shows the four seed countries in the list, grouped west to east, and on the map", async () => {
    const { context, page, requests, pageErrors } = await open("index.html", { before: (p) => p });
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    const names = await optionNames(page);
    assert.deepEqual([...names].sort(), [...SEED_COUNTRIES].sort());
    // Regions west to east: Europe (Poland), Africa (Senegal), Middle East (Kuwait, Qatar).
    const groups = await page.locator('sanctions-tracker [role="group"]').evaluateAll((gs) =>
      gs.filter((g) => g.closest('[role="listbox"]')).map((g) => g.getAttribute("aria-label")),
    );
    assert.deepEqual(groups, ["Europe", "Africa", "Middle East"]);
    assert.equal(names[0], "Poland");
    assert.equal(names[1], "Senegal");
    const codes = await mapDataCodes(page);
    for (const c of ["PL", "KW", "QA", "SN"]) assert.ok(codes.includes(c), `map shows ${c}: ${codes}`);
    // Each entry: labelled measure badges, a step count and a date range.
    const kuwait = page.locator('sanctions-tracker [role="option"][data-code="KW"]');
    assert.match(await kuwait.textContent(), /Residence restriction/);
    assert.match(await kuwait.textContent(), /Visa suspension/);
    assert.match(await kuwait.textContent(), /3 steps/);
    assert.match(await kuwait.textContent(), /2017/);
    // Title, as-of date, credits and source are visible.
    await page.locator("sanctions-tracker .st-head h2").waitFor({ state: "visible" });
    assert.match(await page.locator("sanctions-tracker .st-asof").textContent(), /28 September 2017/);
    const foot = await page.locator("sanctions-tracker .st-foot").textContent();
    assert.match(foot, /Voice of America/);
    assert.match(foot, /Jenny Lee/);
    assert.equal(
      await page.locator("sanctions-tracker .st-foot a").first().getAttribute("href"),
      SEED.meta.source_url,
    );
    // The page asked for country="PL": selected at start, with its details.
    assert.equal(await detailsHeading(page), "Poland");
    // ... and the list says so too.
    assert.equal(
      await page.locator('sanctions-tracker [role="option"][data-code="PL"]').getAttribute("aria-selected"),
      "true",
    );
    assert.equal(await page.locator('sanctions-tracker [role="option"][aria-selected="true"]').count(), 1);
    assert.deepEqual(otherOrigin(requests), []);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("selecting Kuwait in the list shows its residency-permit steps and fires select", async () => {
    const { context, page } = await open("index.html");
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    await page.$eval("sanctions-tracker", (el) => {
      el.dataset.events = "";
      el.addEventListener("select", (e) => {
        el.dataset.events += `${e.detail.code}:${e.detail.name};`;
      });
    });
    await page.locator('sanctions-tracker [role="option"][data-code="KW"]').click();
    assert.equal(await detailsHeading(page), "Kuwait");
    const details = await page.locator("sanctions-tracker .st-details").textContent();
    assert.match(details, /transfer their residency permits/);
    assert.match(details, /Expired residency permits are not renewed/);
    assert.match(details, /implementation report on resolution 2371/);
    // Steps in date order with the date at its precision: "August 2017", not a day.
    const dates = await page.locator("sanctions-tracker .st-step time").allTextContents();
    assert.ok(dates.length === 3 && dates.every((d) => d === "August 2017"), `dates: ${dates}`);
    assert.equal(
      await page.locator('sanctions-tracker [role="option"][data-code="KW"]').getAttribute("aria-selected"),
      "true",
    );
    assert.equal(
      await page.locator('sanctions-tracker [role="option"][data-code="PL"]').getAttribute("aria-selected"),
      "false",
    );
    const link = page.locator("sanctions-tracker .st-details a.st-source").first();
    assert.equal(await link.getAttribute("target"), "_blank");
    assert.match(await link.getAttribute("rel"), /noopener/);
    assert.equal(await page.$eval("sanctions-tracker", (el) => el.dataset.events), "KW:Kuwait;");
    // The live region announces the selection.
    await page.waitForFunction(() =>
      /Kuwait selected/.test(document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-sr[role=status]").textContent),
    );
    await context.close();
  });

  test("clicking inside Poland on the map selects Poland", async () => {
    const { context, page } = await open("index.html");
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    await page.locator('sanctions-tracker [role="option"][data-code="SN"]').click();
    assert.equal(await detailsHeading(page), "Senegal");
    await page.locator("sanctions-tracker .st-map").scrollIntoViewIfNeeded();
    const box = await page.locator('sanctions-tracker .st-map svg g.country[data-code="PL"]').first().boundingBox();
    assert.ok(box, "Poland is drawn on the map");
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal(await detailsHeading(page), "Poland");
    assert.equal(
      await page.locator('sanctions-tracker [role="option"][data-code="PL"]').getAttribute("aria-selected"),
      "true",
    );
    // The map outlines the selection it was drawn with.
    await context.close();
  });

  test("keyboard: Tab reaches every control, arrows move in the list, Enter selects, Escape clears", async () => {
    const { context, page } = await open("two.html", { width: 1200 });
    await ready(page, "#story");
    // Tab from the top of the page into the first widget and through it.
    const seen = [];
    await page.locator("h1").click();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      const info = await page.evaluate(() => {
        let el = document.activeElement;
        const host = el?.id || el?.tagName;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        if (!el) return null;
        const cs = getComputedStyle(el);
        return {
          host,
          tag: el.tagName.toLowerCase(),
          role: el.getAttribute("role"),
          label: (el.getAttribute("aria-label") || el.textContent || el.getAttribute("data-filter") || el.type || "").trim().slice(0, 40),
          outline: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
        };
      });
      if (!info || info.host !== "story") {
        if (seen.length) break;
        continue;
      }
      seen.push(info);
    }
    const kinds = seen.map((s) => `${s.tag}${s.role ? "[" + s.role + "]" : ""}`);
    assert.ok(kinds.filter((k) => k === "select").length === 3, `three filter selects in ${kinds}`);
    assert.ok(kinds.includes("input"), `search box in ${kinds}`);
    assert.ok(seen.some((s) => s.tag === "button" && /Clear filters/.test(s.label)), "clear filters");
    assert.ok(seen.some((s) => s.tag === "button" && /Whole world/.test(s.label)), "map view toggle");
    assert.ok(kinds.includes("div[option]"), `list option in ${kinds}`);
    assert.ok(kinds.includes("a"), `source link in ${kinds}`);
    assert.equal(kinds.filter((k) => k === "div[option]").length, 1, "the list is one tab stop");
    for (const s of seen) assert.ok(s.outline, `visible focus ring on ${s.tag} ${s.label}`);

    // Arrow keys, Enter, Space, Escape.
    await page.locator('#story [role="option"]').first().focus();
    assert.equal(await page.locator("#story [role=option]:focus").getAttribute("data-code"), "PL");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.locator("#story [role=option]:focus").getAttribute("data-code"), "SN");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    assert.equal(await detailsHeading(page, "#story"), "Kuwait");
    assert.match(await page.locator("#story .st-details").textContent(), /residency permits/);
    await page.keyboard.press("End");
    assert.equal(await page.locator("#story [role=option]:focus").getAttribute("data-code"), "QA");
    await page.keyboard.press(" ");
    assert.equal(await detailsHeading(page, "#story"), "Qatar");
    // Focus in the list shows the country on the map's info line.
    assert.match(await page.locator("#story .st-mapinfo").textContent(), /Qatar/);
    await page.keyboard.press("Escape");
    assert.equal(await detailsHeading(page, "#story"), "Details");
    assert.equal(await page.locator('#story [role="option"][aria-selected="true"]').count(), 0);
    await context.close();
  });

  test("filters and search narrow map, list and timeline together; one control clears them", async () => {
    const { context, page } = await open("index.html");
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    assert.equal(await countText(page), "4 of 4 countries");
    assert.match(await timelineText(page), /Poland/);

    await chooseFilter(page, "measures", "residence_restriction");
    assert.equal(await countText(page), "2 of 4 countries");
    assert.deepEqual((await optionNames(page)).sort(), ["Kuwait", "Qatar"]);
    assert.deepEqual((await mapDataCodes(page)).sort(), ["KW", "QA"]);
    let tl = await timelineText(page);
    assert.ok(/Kuwait/.test(tl) && /Qatar/.test(tl) && !/Poland/.test(tl) && !/Senegal/.test(tl), tl);
    // Poland was selected (country="PL") and is filtered out: the selection clears.
    assert.equal(await detailsHeading(page), "Details");

    await chooseFilter(page, "regions", "middle_east");
    assert.equal(await countText(page), "2 of 4 countries");
    await chooseFilter(page, "measures", "");
    await chooseFilter(page, "regions", "");
    await chooseFilter(page, "resolutions", "2375");
    assert.deepEqual(await optionNames(page), ["Poland"]);

    await page.locator("sanctions-tracker button.st-clear").click();
    assert.equal(await countText(page), "4 of 4 countries");

    await page.locator('sanctions-tracker input[type="search"]').fill("visa");
    assert.deepEqual((await optionNames(page)).sort(), ["Kuwait", "Senegal"]);
    assert.deepEqual((await mapDataCodes(page)).sort(), ["KW", "SN"]);
    tl = await timelineText(page);
    assert.ok(/Kuwait/.test(tl) && /Senegal/.test(tl) && !/Qatar/.test(tl), tl);
    await page.waitForFunction(() =>
      /2 of 4 countries/.test(document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-sr[role=status]").textContent),
    );

    await page.locator('sanctions-tracker input[type="search"]').fill("zzzz nothing");
    assert.equal(await countText(page), "0 of 4 countries");
    assert.ok(await page.locator("sanctions-tracker .st-empty").isVisible());
    assert.equal(await page.locator('sanctions-tracker [role="option"]').count(), 0);
    assert.deepEqual(await mapDataCodes(page), []);

    await page.locator("sanctions-tracker button.st-clear").click();
    assert.equal(await countText(page), "4 of 4 countries");
    assert.equal(await page.locator('sanctions-tracker input[type="search"]').inputValue(), "");
    assert.ok(!(await page.locator("sanctions-tracker .st-empty").isVisible()));
    await context.close();
  });

  test("the story and world views of the map", async () => {
    const { context, page } = await open("index.html");
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    const story = (await mapCodes(page)).length;
    await page.locator("sanctions-tracker .st-toggle button", { hasText: "Whole world" }).click();
    assert.equal(
      await page.locator("sanctions-tracker .st-toggle button", { hasText: "Whole world" }).getAttribute("aria-pressed"),
      "true",
    );
    const world = (await mapCodes(page)).length;
    assert.ok(world > story, `world view draws more countries (${world}) than the story view (${story})`);
    assert.ok(world > 150, `whole world: ${world} countries`);
    await context.close();
  });
});

describe("when things go wrong", () => {
  test("invalid data shows its first problems with paths and logs them all", async () => {
    const bad = structuredClone(SEED);
    bad.steps[0].date = "2017-13-01";
    bad.steps[1].country = "XX";
    bad.meta.source_url = "javascript:alert(1)";
    const { context, page, consoleErrors, pageErrors } = await open("index.html", {
      fixtures: { "bad.json": JSON.stringify(bad) },
    });
    await page.evaluate(() => {
      const el = document.createElement("sanctions-tracker");
      el.id = "bad";
      el.setAttribute("loading", "eager");
      el.setAttribute("src", "__test/bad.json");
      el.append(Object.assign(document.createElement("a"), { href: "https://example.org/", textContent: "source" }));
      document.querySelector("h1").after(el);
    });
    const err = page.locator("#bad .st-error");
    await err.waitFor();
    const text = await err.textContent();
    assert.match(text, /cannot be shown/);
    assert.match(text, /steps\[0\]\.date/);
    assert.match(text, /steps\[1\]\.country/);
    assert.ok(consoleErrors.some((m) => m.includes("steps[0].date")), consoleErrors.join("\n"));
    assert.ok(consoleErrors.some((m) => m.includes("steps[1].country")));
    // The host page and the other widget keep working.
    await page.locator("main sanctions-tracker:not(#bad)").scrollIntoViewIfNeeded();
    await ready(page, "main sanctions-tracker:not(#bad)");
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("inline JSON that is not JSON, and a dataset URL that fails, say so", async () => {
    const { context, page, pageErrors } = await open("index.html");
    await page.evaluate(() => {
      const a = document.createElement("sanctions-tracker");
      a.id = "inline";
      a.setAttribute("loading", "eager");
      const s = document.createElement("script");
      s.type = "application/json";
      s.textContent = '{"schema_version": 1, "meta": ';
      a.append(s);
      const b = document.createElement("sanctions-tracker");
      b.id = "missing";
      b.setAttribute("loading", "eager");
      b.setAttribute("src", "data/no-such-file.json");
      document.querySelector("h1").after(a, b);
    });
    await page.locator("#inline .st-error").waitFor();
    assert.match(await page.locator("#inline .st-error").textContent(), /\$/);
    await page.locator("#missing .st-error").waitFor();
    const text = await page.locator("#missing .st-error").textContent();
    assert.match(text, /could not be loaded/);
    assert.match(text, /no-such-file\.json/);
    assert.match(text, /404/);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("light-DOM fallback is visible until the widget renders, and lazy start waits for the viewport", async () => {
    const { context, page, requests } = await open("index.html", { width: 320, height: 640 });
    // Far below the fold on a phone: nothing fetched yet, fallback shown.
    await page.waitForLoadState("load");
    assert.ok(await page.locator("sanctions-tracker > p a").first().isVisible());
    assert.equal(requests.filter((u) => u.endsWith(".wasm")).length, 0, "no wasm before the widget nears the screen");
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    assert.equal(requests.filter((u) => u.endsWith(".wasm")).length, 1);
    assert.ok(!(await page.locator("sanctions-tracker > p a").first().isVisible()), "fallback hidden once rendered");
    await context.close();
  });
});

describe("embedding", () => {
  test("two widgets with different data do not interfere", async () => {
    const { context, page, requests, pageErrors } = await open("two.html");
    await ready(page, "#story");
    await ready(page, "#gulf");
    assert.deepEqual((await optionNames(page, "#story")).sort(), [...SEED_COUNTRIES].sort());
    assert.deepEqual(await optionNames(page, "#gulf"), ["Kuwait", "Qatar"]);
    assert.equal(await countText(page, "#gulf"), "2 of 2 countries");
    assert.equal(await page.$eval("#story", (el) => el.shadowRoot.querySelector(".st").dataset.theme), "light");
    assert.equal(await page.$eval("#gulf", (el) => el.shadowRoot.querySelector(".st").dataset.theme), "dark");

    await page.locator('#story [role="option"][data-code="PL"]').click();
    await page.locator('#gulf input[type="search"]').fill("visa");
    assert.equal(await detailsHeading(page, "#story"), "Poland");
    assert.equal(await detailsHeading(page, "#gulf"), "Details");
    assert.equal(await countText(page, "#story"), "4 of 4 countries");
    assert.equal(await countText(page, "#gulf"), "1 of 2 countries");
    await page.locator('#gulf [role="option"][data-code="KW"]').click();
    assert.equal(await detailsHeading(page, "#story"), "Poland");
    assert.equal(await detailsHeading(page, "#gulf"), "Kuwait");
    // The script is included twice on this page; one wasm instance serves both.
    assert.equal(requests.filter((u) => u.endsWith(".wasm")).length, 1);
    assert.deepEqual(otherOrigin(requests), []);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("loaded with async, it upgrades before its children are parsed and still reads them", async () => {
    // A page served in two parts: the element's start tag (with `country` and
    // the light-DOM fallback) first; its inline dataset only once the module
    // has run and upgraded the element. Everything else comes from www/.
    const gulf = readFileSync(join(WWW, "data", "gulf-2017.json"), "utf8");
    let release;
    const released = new Promise((resolve) => (release = resolve));
    const streaming = createServer(async (req, res) => {
      if (req.url === "/stream.html") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.write(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>async</title>' +
            '<script type="module" async src="/dist/sanctions-tracker.js"></script></head><body><main>' +
            '<sanctions-tracker loading="eager" country="KW" theme="dark">' +
            '<p class="fallback">Needs JavaScript. <a href="/data/gulf-2017.json">Data</a>.</p>' +
            // Enough bytes that the parser yields what it has.
            `<!-- ${"x".repeat(4096)} -->`,
        );
        await released;
        res.end(`<script type="application/json">${gulf}</script></sanctions-tracker></main></body></html>`);
        return;
      }
      const upstream = await fetch(server.url + req.url);
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/octet-stream" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise((resolve) => streaming.listen(0, "127.0.0.1", resolve));
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const pageErrors = [];
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`http://127.0.0.1:${streaming.address().port}/stream.html`, { waitUntil: "commit" });
      await page.waitForFunction(() => document.querySelector("sanctions-tracker:defined")?.shadowRoot, null, { timeout: 15000 });
      const early = await page.$eval("sanctions-tracker", (el) => ({
        loading: document.readyState,
        script: !!el.querySelector("script"),
        fallback: !!el.querySelector(".fallback"),
      }));
      assert.deepEqual(early, { loading: "loading", script: false, fallback: true });
      release();
      await ready(page);
      assert.deepEqual(await optionNames(page), ["Kuwait", "Qatar"]);
      assert.equal(await detailsHeading(page), "Kuwait");
      assert.equal(await page.$eval("sanctions-tracker", (el) => el.shadowRoot.querySelector(".st").dataset.theme), "dark");
      assert.deepEqual(pageErrors, []);
    } finally {
      release();
      await context.close();
      streaming.closeAllConnections?.();
      await new Promise((resolve) => streaming.close(resolve));
    }
  });

  test("JS API: data property, attribute changes, removal frees and re-adding works", async () => {
    const { context, page, pageErrors } = await open("two.html");
    await ready(page, "#story");
    const gulf = JSON.parse(readFileSync(join(WWW, "data", "gulf-2017.json"), "utf8"));
    await page.$eval("#story", (el, data) => {
      el.data = data;
    }, gulf);
    await page.waitForFunction(
      () => document.querySelector("#story").shadowRoot.querySelectorAll('[role="option"]').length === 2,
    );
    assert.equal(await countText(page, "#story"), "2 of 2 countries");
    await page.$eval("#story", (el) => el.setAttribute("country", "QA"));
    assert.equal(await detailsHeading(page, "#story"), "Qatar");
    await page.$eval("#story", (el) => el.setAttribute("theme", "dark"));
    assert.equal(await page.$eval("#story", (el) => el.shadowRoot.querySelector(".st").dataset.theme), "dark");
    // src changes take effect when no data property is set.
    await page.$eval("#gulf", (el) => el.setAttribute("src", "data/north-korean-workers-2017.json"));
    await page.waitForFunction(
      () => document.querySelector("#gulf").shadowRoot.querySelectorAll('[role="option"]').length === 4,
    );
    // Remove and re-insert: the handle is freed and a new one made.
    await page.$eval("#gulf", (el) => {
      const parent = el.parentNode;
      el.remove();
      parent.append(el);
    });
    await ready(page, "#gulf");
    assert.equal(await countText(page, "#gulf"), "4 of 4 countries");
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("host CSS does not reach inside the widget", async () => {
    const styles = async (page) =>
      inShadow(page, "sanctions-tracker", (root) =>
        [".st-head h2", ".st-optname", ".st-count", "button.st-clear", ".st-foot", ".st-details h3"].map((sel) => {
          const el = root.querySelector(sel);
          const cs = getComputedStyle(el);
          return `${sel}: ${cs.color} ${cs.fontSize} ${cs.fontFamily} ${cs.lineHeight}`;
        }),
      );
    const { context, page } = await open("index.html", {
      fixtures: { "hostile.css": "* { color: red !important; font-size: 40px !important; line-height: 3 !important }\nhtml { font-size: 40px !important }" },
    });
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    const plain = await styles(page);
    await page.addStyleTag({ url: "__test/hostile.css" });
    assert.equal(await page.$eval("h1", (el) => getComputedStyle(el).fontSize), "40px", "the host CSS applied to the page");
    const hostile = await styles(page);
    assert.deepEqual(hostile, plain);
    await context.close();
  });
});

describe("accessibility, layout and pictures", () => {
  for (const theme of ["light", "dark"]) {
    test(`axe-core finds no violation in the ${theme} theme`, async () => {
      const { context, page } = await open("index.html", {
        colorScheme: theme,
        fixtures: { "axe.js": AXE_SOURCE },
      });
      await page.$eval("sanctions-tracker", (el, t) => el.setAttribute("theme", t), theme);
      await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
      await ready(page);
      // Open every text alternative so that tables are checked too.
      await inShadow(page, "sanctions-tracker", (root) => {
        for (const d of root.querySelectorAll("details")) d.open = true;
      });
      await page.addScriptTag({ url: "__test/axe.js" });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        }),
      );
      const violations = result.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary}`).join("\n  ")}`,
      );
      assert.deepEqual(violations, []);
      assert.ok(result.passes.length > 20, "axe ran its checks");
      await context.close();
    });
  }

  test("layout shift while the widget loads stays under 0.1", async () => {
    for (const [width, height] of [
      [1200, 900],
      [320, 640],
    ]) {
      const { context, page } = await open("index.html", {
        width,
        height,
        before: (p) =>
          p.addInitScript(() => {
            window.__cls = 0;
            new PerformanceObserver((list) => {
              for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
            }).observe({ type: "layout-shift", buffered: true });
          }),
      });
      // Scroll the article so that the widget's top sits in the middle of the screen, then let it start.
      await page.evaluate(() => {
        const top = document.querySelector("sanctions-tracker").getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, top - window.innerHeight / 2);
      });
      await ready(page);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const cls = await page.evaluate(() => window.__cls);
      assert.ok(cls < 0.1, `layout shift at ${width} px: ${cls}`);
      await context.close();
    }
  });

  test("fits 280 to 1200 px with 44 px touch targets; screenshots at 320 and 1200 px in both themes", async () => {
    mkdirSync(SHOTS, { recursive: true });
    for (const width of [280, 320, 1200]) {
      for (const theme of ["light", "dark"]) {
        const { context, page } = await open("index.html", { width, height: 900, colorScheme: theme });
        await page.$eval("sanctions-tracker", (el) => el.setAttribute("loading", "eager"));
        await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
        await ready(page);
        const overflow = await inShadow(page, "sanctions-tracker", (root) => {
          const wrap = root.querySelector(".st");
          return wrap.scrollWidth - wrap.clientWidth;
        });
        assert.ok(overflow <= 0, `no horizontal overflow at ${width} px (${overflow})`);
        const small = await inShadow(page, "sanctions-tracker", (root) =>
          [...root.querySelectorAll('button, select, input, [role="option"], summary, a')]
            .filter((el) => el.getClientRects().length > 0)
            .map((el) => [el.tagName, el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
            .filter(([, , hgt]) => hgt < 44),
        );
        assert.deepEqual(small, [], `touch targets at ${width} px`);
        if (width !== 280) {
          await page.locator("sanctions-tracker").screenshot({ path: join(SHOTS, `widget-${width}-${theme}.png`) });
        }
        await context.close();
      }
    }
  });
});

describe("redrawing on a change of width", () => {
  test("the map is drawn again at once; a timeline out of view when it comes into view", async () => {
    const { context, page } = await open("index.html", { width: 1200, height: 900 });
    await page.$eval("sanctions-tracker", (el) => el.setAttribute("loading", "eager"));
    await page.$eval("sanctions-tracker", (el) => el.scrollIntoView({ block: "start" }));
    await ready(page);
    const drawn = () =>
      inShadow(page, "sanctions-tracker", (root) => {
        const map = root.querySelector(".st-map > svg");
        const tl = root.querySelector(".st-timeline > svg");
        return {
          map: map.viewBox.baseVal.width,
          timeline: tl.viewBox.baseVal.width,
          sameTimeline: tl.dataset.testOld === "1",
          timelineBelow: tl.getBoundingClientRect().top - innerHeight,
        };
      });
    const before = await drawn();
    assert.ok(before.timelineBelow > 250, `the timeline starts out of view (${before.timelineBelow} px below)`);
    await inShadow(page, "sanctions-tracker", (root) => {
      root.querySelector(".st-timeline > svg").dataset.testOld = "1";
    });
    await page.$eval("sanctions-tracker", (el) => (el.style.width = "800px"));
    await page.waitForFunction(
      (w) => document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-map > svg").viewBox.baseVal.width !== w,
      before.map,
    );
    // A few frames later the timeline is still the one drawn for the old width, scaled.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))));
    const resized = await drawn();
    assert.ok(resized.map < before.map, `map drawn for the narrower width (${before.map} -> ${resized.map})`);
    assert.equal(resized.sameTimeline, true, "the timeline out of view is not drawn again yet");
    assert.equal(resized.timeline, before.timeline);
    await inShadow(page, "sanctions-tracker", (root) => root.querySelector(".st-timeline").scrollIntoView());
    await page.waitForFunction(() => {
      const svg = document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-timeline > svg");
      return svg && svg.dataset.testOld !== "1";
    });
    const shown = await drawn();
    assert.ok(shown.timeline < before.timeline, `timeline drawn for the new width when in view (${before.timeline} -> ${shown.timeline})`);
    assert.equal(shown.timeline, shown.map, "timeline and map drawn for the same width");
    await context.close();
  });
});

describe("benchmark hooks", () => {
  test("performance marks for each phase, and a render event after each update", async () => {
    const { context, page, pageErrors } = await open("index.html", {
      before: (p) =>
        p.addInitScript(() => {
          window.__renders = [];
          document.addEventListener("render", (e) => window.__renders.push({ ...e.detail, target: e.target.tagName }));
        }),
    });
    await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await ready(page);
    await page.waitForFunction(() => window.__renders.length >= 2);
    const marks = await page.evaluate(() =>
      performance.getEntriesByType("mark").filter((m) => m.name.startsWith("st:")).map((m) => [m.name, m.startTime]),
    );
    const names = marks.map(([n]) => n);
    assert.deepEqual(names, [
      "st:wasm-start",
      "st:wasm-ready",
      "st:data-start",
      "st:data-ready",
      "st:render-start",
      "st:render-done",
    ]);
    for (let i = 1; i < marks.length; i++) assert.ok(marks[i][1] >= marks[i - 1][1], `${names[i]} after ${names[i - 1]}`);
    // The first render event comes once the map and the list are in the DOM,
    // a second once the details and the timeline are (the next frame).
    let renders = await page.evaluate(() => window.__renders);
    assert.deepEqual(renders, [
      { first: true, reason: "load", target: "SANCTIONS-TRACKER" },
      { first: false, reason: "load", target: "SANCTIONS-TRACKER" },
    ]);
    const step = async (action, reason) => {
      const before = await page.evaluate(() => window.__renders.length);
      await action();
      await page.waitForFunction((n) => window.__renders.length > n, before);
      renders = await page.evaluate(() => window.__renders);
      assert.deepEqual(renders.at(-1), { first: false, reason, target: "SANCTIONS-TRACKER" });
    };
    await step(() => page.locator('sanctions-tracker [role="option"][data-code="KW"]').click(), "select");
    await step(() => chooseFilter(page, "measures", "residence_restriction"), "filter");
    await step(() => page.locator('sanctions-tracker input[type="search"]').fill("k"), "filter");
    await step(() => page.setViewportSize({ width: 700, height: 900 }), "resize");
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});

/**
 * What the map shows: per code, the classes of its shape and of its marker
 * (if shown), and for a country grouped into a cluster (crowded small
 * countries, issue 10), `cluster`: "hidden" when the cluster is not shown,
 * "has-data" when it is shown and counts the country as one with steps in
 * the selection (its `data-in`), else "shown".
 */
async function mapState(page, host = "#w") {
  return inShadow(page, host, (root) => {
    const out = {};
    for (const g of root.querySelectorAll(".st-map g.country[data-code]")) {
      out[g.dataset.code] = { shape: g.getAttribute("class") };
    }
    for (const g of root.querySelectorAll(".st-map g.marker[data-code]")) {
      const e = (out[g.dataset.code] ??= {});
      e.marker = g.getAttribute("display") === "none" ? "hidden" : g.getAttribute("class");
    }
    for (const g of root.querySelectorAll(".st-map g.cluster[data-codes]")) {
      const withData = (g.dataset.in || "").split(" ");
      for (const code of g.dataset.codes.split(" ")) {
        const e = (out[code] ??= {});
        e.cluster = g.getAttribute("display") === "none" ? "hidden" : withData.includes(code) ? "has-data" : "shown";
      }
    }
    return out;
  });
}

/** The legend's labels under the map. */
async function legendLabels(page, host = "#w") {
  return inShadow(page, host, (root) => [...root.querySelectorAll(".st-map .legend text")].map((t) => t.textContent));
}

/** Codes the list shows, in order. */
async function listCodes(page, host = "#w") {
  return inShadow(page, host, (root) => [...root.querySelectorAll('[role="option"]')].map((o) => o.dataset.code));
}

describe("in-place updates", () => {
  test("a filter changes fills, markers and legend in place; map, list and timeline agree", async () => {
    for (const width of [1200, 320]) {
      const { context, page, pageErrors } = await open("index.html", { width });
      await page.$eval("sanctions-tracker", (el) => el.setAttribute("loading", "eager"));
      await ready(page);
      const host = "sanctions-tracker";
      const kind = width === 1200 ? "shape" : "marker"; // Kuwait is a marker on a phone
      let map = await mapState(page, host);
      assert.match(map.KW[kind], /has-data/);
      assert.match(map.KW[kind], /measure-residence_restriction/);
      assert.deepEqual(await legendLabels(page, host), [
        "Residence restriction",
        "Work-permit freeze",
        "Visa suspension",
        "No step in the selection",
      ]);
      // Tag the drawn shapes: a filter must not draw them again.
      await inShadow(page, host, (root) => {
        root.querySelector(".st-map-base").dataset.kept = "yes";
      });

      await chooseFilter(page, "measures", "visa_suspension", host);
      map = await mapState(page, host);
      assert.match(map.KW[kind], /measure-visa_suspension/);
      assert.doesNotMatch(map.KW[kind], /residence_restriction/);
      assert.doesNotMatch(map.PL.shape, /has-data/);
      assert.match(map.SN.shape, /measure-visa_suspension/);
      if (kind === "marker") assert.equal(map.QA.marker, "hidden", "Qatar left the selection: its marker hides");
      else assert.doesNotMatch(map.QA.shape, /has-data/);
      assert.deepEqual(await legendLabels(page, host), ["Visa suspension", "No step in the selection"]);
      assert.equal(await inShadow(page, host, (root) => root.querySelector(".st-map-base").dataset.kept), "yes");
      // Map, list and timeline show the same countries.
      const listed = await listCodes(page, host);
      assert.deepEqual([...listed].sort(), ["KW", "SN"]);
      assert.deepEqual(await mapDataCodes(page, host), ["KW", "SN"]);
      const tl = await timelineText(page, host);
      assert.ok(/Kuwait/.test(tl) && /Senegal/.test(tl) && !/Poland/.test(tl) && !/Qatar/.test(tl), tl);
      // The tooltip follows the selection (written when the pointer comes).
      const kw = page.locator(`${host} .st-map g.${kind === "shape" ? "country" : "marker"}[data-code="KW"]`).first();
      await kw.scrollIntoViewIfNeeded();
      const box = await kw.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const title = await inShadow(
        page,
        host,
        (root, k) => root.querySelector(`.st-map g.${k}[data-code="KW"] > title`)?.textContent,
        kind === "shape" ? "country" : "marker",
      );
      assert.equal(title, "Kuwait: Visa suspension, 1 step");
      assert.match(await page.locator(`${host} .st-mapinfo`).textContent(), /^Kuwait: Visa suspension \(1 step\)/);
      await page.mouse.move(1, 1);
      // The text alternative's table, built when opened, lists the selection.
      await inShadow(page, host, (root) => {
        root.querySelector(".st-map + .st-mapinfo + div details").open = true;
      });
      await page.waitForFunction(
        (h) => document.querySelector(h).shadowRoot.querySelector(".st-map + .st-mapinfo + div details tbody"),
        host,
      );
      const rows = await inShadow(page, host, (root) =>
        [...root.querySelectorAll(".st-map + .st-mapinfo + div details tbody th")].map((th) => th.textContent),
      );
      assert.deepEqual([...rows].sort(), ["Kuwait", "Senegal"]);

      await page.locator(`${host} button.st-clear`).click();
      map = await mapState(page, host);
      assert.match(map.KW[kind], /measure-residence_restriction/);
      assert.match(map.PL.shape, /measure-work_permit_freeze/);
      if (kind === "marker") assert.notEqual(map.QA.marker, "hidden");
      assert.deepEqual((await listCodes(page, host)).length, 4);
      assert.deepEqual(pageErrors, []);
      await context.close();
    }
  });

  test("a new width keeps the map's shapes, and clicks still find the country", async () => {
    const { context, page, pageErrors } = await open("index.html", { width: 1200 });
    await page.$eval("sanctions-tracker", (el) => el.setAttribute("loading", "eager"));
    await ready(page);
    const host = "sanctions-tracker";
    await inShadow(page, host, (root) => {
      root.querySelector(".st-map-base").dataset.kept = "yes";
    });
    for (const width of [760, 480, 320, 1200]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForFunction(
        (w) => {
          const svg = document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-map > svg");
          return Math.abs(svg.getBoundingClientRect().width - (Math.min(w, 1200) - 60)) < 80;
        },
        width,
      );
      assert.equal(await inShadow(page, host, (root) => root.querySelector(".st-map-base").dataset.kept), "yes");
      // Kuwait and Qatar are markers on a phone only.
      const map = await mapState(page, host);
      if (width <= 320) assert.ok(map.KW.marker && map.KW.marker !== "hidden", `KW marker at ${width}`);
      if (width >= 1200) assert.equal(map.KW.marker, undefined, `no KW marker at ${width}`);
      await page.locator(`${host} [role="option"][data-code="SN"]`).click();
      assert.equal(await detailsHeading(page, host), "Senegal");
      await page.locator(`${host} .st-map`).scrollIntoViewIfNeeded();
      const box = await page.locator(`${host} .st-map g.country[data-code="PL"]`).first().boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      assert.equal(await detailsHeading(page, host), "Poland", `map click at ${width}`);
    }
    assert.deepEqual(pageErrors, []);
    await context.close();
  });

  test("10,000 steps in 200 countries: the timeline is drawn a part at a time; filters keep map and list together", async () => {
    const data = generate(10000, { countries: 200 });
    const { context, page, pageErrors } = await open("index.html", { fixtures: { "big.json": JSON.stringify(data) } });
    await page.evaluate(() => {
      const el = document.createElement("sanctions-tracker");
      el.id = "big";
      el.setAttribute("loading", "eager");
      el.setAttribute("src", "__test/big.json");
      document.querySelector("h1").after(el);
    });
    const host = "#big";
    await ready(page, host);
    assert.equal(await countText(page, host), "200 of 200 countries");
    assert.equal((await listCodes(page, host)).length, 200);
    // Countries with a shape are filled; the rest have a marker, or are
    // counted by a cluster of crowded small countries (issue 10).
    const codesWithData = async () => {
      const map = await mapState(page, host);
      return Object.entries(map)
        .filter(([, e]) => /has-data/.test(e.shape ?? "") || /has-data/.test(e.marker ?? "") || e.cluster === "has-data")
        .map(([c]) => c)
        .sort();
    };
    const drawn = await codesWithData();
    assert.ok(drawn.length >= 190, `${drawn.length} countries drawn with data`);
    const note = page.locator(`${host} .st-tlnote`);
    assert.match(await note.textContent(), /Showing the first \d+ countr(y|ies) of 200/);
    const rowsBefore = (await timelineText(page, host)).length;
    await page.locator(`${host} button.st-more`).click();
    assert.ok((await timelineText(page, host)).length > rowsBefore, "more countries on the timeline");

    await chooseFilter(page, "regions", "oceania", host);
    const listed = (await listCodes(page, host)).sort();
    assert.equal(await countText(page, host), `${listed.length} of 200 countries`);
    assert.ok(listed.length > 5 && listed.length < 30, `${listed.length} in Oceania`);
    const withData = await codesWithData();
    for (const c of withData) assert.ok(listed.includes(c), `${c} on the map is in the list`);
    assert.ok(withData.length >= listed.length - 3, `${withData.length} of ${listed.length} drawn`);
    await page.locator(`${host} input[type="search"]`).fill("zzzz nothing");
    assert.equal(await countText(page, host), "0 of 200 countries");
    assert.deepEqual(await codesWithData(), []);
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
