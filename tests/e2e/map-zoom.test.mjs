// End-to-end tests of the map's zoom (issue 10, "A phone map that can be
// read") in headless Chromium, on the 35-country synthetic fixture
// (tests/fixtures/tracker-35-v1.json) at 360 and 1200 px: every drawn label
// sits within a few pixels of its country's shape or marker, whole and
// zoomed; crowded small countries are clusters that zoom in when clicked;
// the toolbar's buttons (named, aria-pressed), the keyboard (+, −, arrows,
// 0), a two-finger pinch on the map (touch events through the DevTools
// protocol) and Ctrl+wheel zoom the map and nothing else (the page's own
// zoom stays 1); the zoom is announced. Screenshots of each state go to
// /tmp/shots-map/ (SHOTS overrides) for a person to look at. Needs
// `make build` (www/dist).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

const SHOTS = process.env.SHOTS || "/tmp/shots-map";
const FIXTURE = readFileSync(join(ROOT, "tests", "fixtures", "tracker-35-v1.json"), "utf8");
const HOST = "#t35";
/**
 * A label's text is this close (CSS px) to its country's shape or marker at
 * most: Rust draws a label only where its box (the text and 3 px) grown by
 * 4 px touches the country; the text as the browser sets it may be a pixel
 * or two narrower than Rust measured.
 */
const NEAR_PX = 10;

let server;
let browser;

before(async () => {
  ({ server, browser } = await startServerAndBrowser(SHOTS));
});

after(() => stopServerAndBrowser({ server, browser }));

/** The demo article with a widget of the fixture (`#t35`) after its heading, drawn. */
async function open(width, { touch = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1, hasTouch: touch, isMobile: false });
  context.setDefaultTimeout(15000);
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.route("**/__test/**", (r) => r.fulfill({ status: 200, contentType: "application/json", body: FIXTURE }));
  await page.goto(server.url + "/index.html");
  await page.evaluate(() => {
    const el = document.createElement("sanctions-tracker");
    el.id = "t35";
    el.setAttribute("loading", "eager");
    el.setAttribute("src", "__test/t35.json");
    document.querySelector("h1").after(el);
  });
  await page.locator(`${HOST} .st-map > svg`).waitFor();
  await page.locator(`${HOST} .st-zoombar button[data-zoom]`).first().waitFor();
  await page.locator(`${HOST} .st-map`).scrollIntoViewIfNeeded();
  return { context, page, pageErrors };
}

/**
 * What the map shows, in CSS px of the page: the base's crop, each label
 * with how far it is from its country's shape or marker, the markers and
 * clusters shown, and the pressed zoom button.
 */
function mapNow(page) {
  return page.$eval(HOST, (el, NEAR) => {
    const root = el.shadowRoot;
    const shown = (g) => g.getAttribute("display") !== "none";
    const gap = (a, b) => {
      const dx = Math.max(b.left - a.right, a.left - b.right, 0);
      const dy = Math.max(b.top - a.bottom, a.top - b.bottom, 0);
      return Math.hypot(dx, dy);
    };
    const mapBox = root.querySelector(".st-map > svg").getBoundingClientRect();
    const mapHeight = root.querySelector(".st-map-base").getBoundingClientRect().height;
    const markers = [...root.querySelectorAll(".st-map g.marker[data-code]")].filter(shown);
    // Whether a shape's fill comes within `near` px of a box: points every
    // pixel over the box grown by `near`, tested against the path itself.
    const touches = (path, r, near) => {
      const m = path.getScreenCTM()?.inverse();
      if (!m) return false;
      for (let y = r.top - near; y <= r.bottom + near; y += 1) {
        for (let x = r.left - near; x <= r.right + near; x += 1) {
          if (path.isPointInFill(new DOMPoint(x, y).matrixTransform(m))) return true;
        }
      }
      return false;
    };
    const labels = [...root.querySelectorAll(".st-map .labels g.label[data-code]")].map((g) => {
      const code = g.dataset.code;
      const r = g.querySelector("text").getBoundingClientRect();
      const marker = markers.find((m) => m.dataset.code === code);
      const path = root.querySelector(`.st-map-base g.country[data-code="${code}"] path`);
      const near = marker
        ? gap(r, marker.querySelector("circle.m-fill").getBoundingClientRect())
        : path && touches(path, r, NEAR)
          ? 0
          : Infinity;
      const inside = r.left >= mapBox.left - 0.5 && r.right <= mapBox.right + 0.5 && r.top >= mapBox.top - 0.5 && r.bottom <= mapBox.top + mapHeight + 0.5;
      return { code, text: g.textContent, gap: near, inside };
    });
    return {
      viewBox: root.querySelector(".st-map-base").getAttribute("viewBox").split(" ").map(Number),
      labels,
      markers: markers.map((m) => m.dataset.code),
      leaders: markers.filter((m) => m.querySelector("path")).length,
      clusters: [...root.querySelectorAll(".st-map g.cluster[data-zoom]")].filter(shown).map((g) => ({
        key: g.dataset.zoom,
        codes: g.dataset.codes.split(" "),
        n: Number(g.querySelector("text").textContent),
      })),
      pressed: [...root.querySelectorAll('.st-zoombar button[aria-pressed="true"]')].map((b) => b.dataset.zoom),
      said: root.querySelector('[role="status"]').textContent,
      pageScale: window.visualViewport.scale,
    };
  }, NEAR_PX);
}

/** Every label within NEAR_PX of its country, inside the map. */
function assertLabelsNear(map, what) {
  for (const l of map.labels) {
    assert.ok(l.gap <= NEAR_PX, `${what}: label ${l.code} (${l.text}) is not within ${NEAR_PX} px of its country's shape or marker (${l.gap})`);
    assert.ok(l.inside, `${what}: label ${l.code} inside the map`);
  }
}

/** Waits until the base's crop is no longer `viewBox`. */
async function cropChanged(page, viewBox) {
  await page.waitForFunction(
    ([host, vb]) => document.querySelector(host).shadowRoot.querySelector(".st-map-base").getAttribute("viewBox") !== vb,
    [HOST, viewBox.join(" ")],
  );
}

/** Waits until the live region says something matching `re`. */
async function said(page, re) {
  await page.waitForFunction(
    ([host, src]) => new RegExp(src).test(document.querySelector(host).shadowRoot.querySelector('[role="status"]').textContent),
    [HOST, re.source],
  );
}

const summary = (m) => `${m.labels.length} labels, ${m.markers.length} markers (${m.leaders} with leaders), ${m.clusters.length} clusters (${m.clusters.reduce((s, c) => s + c.codes.length, 0)} countries)`;

describe("the map's zoom on 35 countries", () => {
  for (const width of [360, 1200]) {
    test(`at ${width} px: labels at their country, whole, per region and per cluster; the toolbar zooms`, async () => {
      const { context, page, pageErrors } = await open(width);
      const whole = await mapNow(page);
      console.log(`# ${width} px whole: ${summary(whole)}`);
      assertLabelsNear(whole, `${width} whole`);
      assert.deepEqual(whole.pressed, ["whole"]);
      await page.locator(`${HOST} .st-section`).first().screenshot({ path: join(SHOTS, `zoom-${width}-whole.png`) });
      if (width === 360) {
        assert.ok(whole.clusters.length > 0, "crowded small countries are grouped on a phone");
        assert.ok(whole.leaders <= 3, `${whole.leaders} leader lines`);
        for (const c of whole.clusters) assert.equal(c.n, c.codes.length, "a cluster counts its countries");
      }

      // Each region button: pressed, labels near, a crop inside the whole one.
      const regions = await page.locator(`${HOST} .st-zoombar button[data-zoom]:not([data-zoom="whole"])`).evaluateAll((bs) => bs.map((b) => [b.dataset.zoom, b.textContent]));
      assert.ok(regions.length >= 5, `${regions.length} region buttons`);
      for (const [key, name] of regions) {
        const before = (await mapNow(page)).viewBox;
        await page.locator(`${HOST} .st-zoombar button[data-zoom="${key}"]`).click();
        await cropChanged(page, before);
        await said(page, new RegExp(`Zoomed to ${name}`));
        const m = await mapNow(page);
        assert.deepEqual(m.pressed, [key]);
        assert.ok(m.viewBox[2] < whole.viewBox[2], `${key} zooms in`);
        assertLabelsNear(m, `${width} ${key}`);
        console.log(`# ${width} px ${key}: ${summary(m)}`);
        if (key === "europe" || key === "asia") {
          await page.locator(`${HOST} .st-section`).first().screenshot({ path: join(SHOTS, `zoom-${width}-${key}.png`) });
        }
        if (key === "europe") {
          assert.ok(!m.markers.includes("PL"), "zoomed to Europe, Poland is a shape");
          // A click on the zoomed map finds the country under it (Turkey:
          // the middle of its box is inside it and far from any marker).
          const tr = await page.locator(`${HOST} .st-map-base g.country[data-code="TR"] path`).boundingBox();
          await page.mouse.click(tr.x + tr.width / 2, tr.y + tr.height / 2);
          await page.waitForFunction(
            (host) => /Turkey/.test(document.querySelector(host).shadowRoot.querySelector(".st-details h3")?.textContent ?? ""),
            HOST,
          );
        }
      }

      // A cluster zooms in when clicked, and its countries come apart.
      await page.locator(`${HOST} .st-zoombar button[data-zoom="whole"]`).click();
      await said(page, /Whole map shown/);
      let m = await mapNow(page);
      assert.deepEqual(m.viewBox, whole.viewBox, "the whole map is the first crop again");
      for (let depth = 0; depth < 4 && m.clusters.length; depth++) {
        const c = m.clusters[0];
        const before = m.viewBox;
        await page.locator(`${HOST} .st-map g.cluster[data-zoom="${c.key}"]`).click();
        await cropChanged(page, before);
        m = await mapNow(page);
        assert.ok(m.viewBox[2] < before[2], "a cluster zooms in");
        assert.ok(!m.clusters.some((x) => x.key === c.key), "the cluster opened");
        assertLabelsNear(m, `${width} cluster ${c.key}`);
        if (depth === 0) {
          await page.locator(`${HOST} .st-section`).first().screenshot({ path: join(SHOTS, `zoom-${width}-cluster.png`) });
          console.log(`# ${width} px cluster ${c.key}: ${summary(m)}`);
        }
      }
      assert.deepEqual(pageErrors, []);
      await context.close();
    });
  }

  test("keyboard, Ctrl+wheel and a pinch zoom the map, not the page; a shape is a marker only when too small", async () => {
    const { context, page, pageErrors } = await open(360, { touch: true });
    const whole = await mapNow(page);
    // A country selected in the list that sits in a cluster outlines its cluster.
    const grouped = whole.clusters[0].codes[0];
    await page.locator(`${HOST} [role="option"][data-code="${grouped}"]`).click();
    await page.waitForFunction(
      ([host, code]) => document.querySelector(host).shadowRoot.querySelector(`.st-map g.cluster.is-selected[data-codes~="${code}"]`),
      [HOST, grouped],
    );
    await page.locator(`${HOST} .st-map`).scrollIntoViewIfNeeded();
    const map = page.locator(`${HOST} .st-map`);
    await map.focus();
    await page.keyboard.press("+");
    await cropChanged(page, whole.viewBox);
    let m = await mapNow(page);
    assert.ok(Math.abs(m.viewBox[2] - whole.viewBox[2] / 2) < 1, "+ zooms in twice");
    await said(page, /Zoomed in 2 times/);
    assertLabelsNear(m, "keyboard +");
    const zoomed = m.viewBox;
    await page.keyboard.press("ArrowRight");
    await cropChanged(page, zoomed);
    m = await mapNow(page);
    assert.ok(m.viewBox[0] > zoomed[0], "ArrowRight moves east");
    assert.equal(m.viewBox[2], zoomed[2]);
    await page.keyboard.press("-");
    await page.waitForFunction((host) => document.querySelector(host).shadowRoot.querySelector(".st-map-base").getAttribute("viewBox") !== null, HOST);
    await page.keyboard.press("0");
    await said(page, /Whole map shown/);
    assert.deepEqual((await mapNow(page)).viewBox, whole.viewBox, "0 shows the whole map");

    // Ctrl+wheel over the map zooms it; the page does not scroll.
    const box = await map.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
    const scrollY = await page.evaluate(() => window.scrollY);
    await page.keyboard.down("Control");
    await page.mouse.wheel(0, -200);
    await page.keyboard.up("Control");
    await cropChanged(page, whole.viewBox);
    assert.ok((await mapNow(page)).viewBox[2] < whole.viewBox[2], "Ctrl+wheel zooms in");
    assert.equal(await page.evaluate(() => window.scrollY), scrollY);
    await map.focus();
    await page.keyboard.press("0");
    await said(page, /Whole map shown/);

    // Two fingers spread apart on the map: the map zooms, the page's scale stays 1.
    const cdp = await context.newCDPSession(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 3;
    const touch = (type, d) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: type === "touchEnd" ? [] : [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }],
      });
    await touch("touchStart", 20);
    for (const d of [30, 45, 60, 80]) await touch("touchMove", d);
    await touch("touchEnd", 0);
    await cropChanged(page, whole.viewBox);
    m = await mapNow(page);
    assert.ok(m.viewBox[2] < whole.viewBox[2] / 2, `a pinch zooms in (${whole.viewBox[2]} -> ${m.viewBox[2]})`);
    assert.equal(m.pageScale, 1, "the page itself is not zoomed");
    assertLabelsNear(m, "pinch");
    await page.locator(`${HOST} .st-section`).first().screenshot({ path: join(SHOTS, "zoom-360-pinch.png") });

    // Markers only for countries too small to tap at this zoom: each marker's
    // country (if it has a shape) is smaller than a 12 px square on screen.
    const big = await page.$eval(HOST, (el) => {
      const root = el.shadowRoot;
      return [...root.querySelectorAll(".st-map g.marker[data-code]")]
        .filter((g) => g.getAttribute("display") !== "none")
        .map((g) => {
          const p = root.querySelector(`.st-map-base g.country[data-code="${g.dataset.code}"] path`);
          const r = p?.getBoundingClientRect();
          return r && r.width >= 40 && r.height >= 40 ? g.dataset.code : null;
        })
        .filter(Boolean);
    });
    assert.deepEqual(big, [], "no marker over a country big enough to tap");
    assert.deepEqual(pageErrors, []);
    await context.close();
  });
});
