// End-to-end tests of "Download" and print (issue 11) on the built demo page
// under its own CSP (img-src 'self'), in headless Chromium: the CSV of a
// filter has exactly the steps the widget shows; the JSON parses and cites
// the dataset; the SVG is XML with the title, source and credit drawn in; the
// PNG is refused by the demo's CSP and the control says which directive is
// missing; on the same page with `img-src 'self' blob:` the PNG is a real
// PNG of the size on screen (and 2×) and not blank; print emulation hides the
// controls, keeps every picture and the list, unsticks the panels, and
// page.pdf() prints it. Needs `make build` (www/dist).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { WWW, inShadow, openTracker, startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

const SEED = JSON.parse(readFileSync(join(WWW, "data", "north-korean-workers-2017.json"), "utf8"));
const DEMO = readFileSync(join(WWW, "index.html"), "utf8");
const STRICT = "img-src 'self';";
const BLOB = "img-src 'self' blob:;";
/** Where the downloaded pictures and the PDF go, for a person to look at. */
const SHOTS = process.env.SHOTS || "/tmp/shots-download";

let server;
let browser;

before(async () => {
  ({ server, browser } = await startServerAndBrowser(SHOTS));
});

after(() => stopServerAndBrowser({ server, browser }));

/** The demo with the seed, its CSP's img-src made `imgSrc` (a route for index.html). */
async function open(imgSrc = STRICT, width = 1200) {
  const t = await openTracker(browser, server, width, {
    data: SEED,
    fixtures: {},
    height: 900,
  });
  if (imgSrc !== STRICT) {
    assert.ok(DEMO.includes(STRICT), "the demo's CSP has img-src 'self'");
    await t.page.route("**/index.html", (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: DEMO.replace(STRICT, imgSrc) }),
    );
    await t.page.reload();
    await t.page.$eval("sanctions-tracker", (el) => {
      el.removeAttribute("country");
      el.setAttribute("loading", "eager");
      el.setAttribute("src", "__test/data.json");
    });
    await t.page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
    await t.page.locator("sanctions-tracker .st-timeline > svg").waitFor();
  }
  await t.page.locator("sanctions-tracker .st-download > summary").click();
  return t;
}

/** Clicks the download button named `name` and returns the download's name and bytes. */
async function download(page, name) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  const body = readFileSync(await d.path());
  writeFileSync(join(SHOTS, d.suggestedFilename()), body);
  return { name: d.suggestedFilename(), body };
}

/** A minimal RFC 4180 reader. */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") record.push(field), records.push(record), (record = []), (field = ""), i++;
    else field += c;
  }
  return records;
}

/** The steps the seed has of a measure, in the widget's order (countries as the dataset lists them, dates in order). */
function seedSteps(measure) {
  const order = SEED.countries.map((c) => c.code);
  return SEED.steps
    .filter((s) => s.measure === measure)
    .sort((a, b) => order.indexOf(a.country) - order.indexOf(b.country) || String(a.date).localeCompare(String(b.date)));
}

/** The PNG's IHDR width and height, and whether its pixels vary (not blank). */
function png(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "the PNG signature");
  assert.equal(bytes.subarray(12, 16).toString("latin1"), "IHDR");
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const idat = [];
  for (let at = 8; at < bytes.length; ) {
    const len = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString("latin1");
    if (type === "IDAT") idat.push(bytes.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const distinct = new Set(raw.subarray(0, Math.min(raw.length, 4_000_000))).size;
  return { width, height, distinct, rawLength: raw.length };
}

describe("Download data", () => {
  test("the CSV under a filter has exactly the steps shown; the JSON parses and cites the data", async () => {
    const { context, page, errors } = await open();
    try {
      await page.locator('sanctions-tracker select[data-filter="measures"]').selectOption("residence_restriction");
      await page.waitForFunction(
        () => document.querySelector("sanctions-tracker").shadowRoot.querySelectorAll("[role=option]:not([hidden])").length === 2,
      );
      const shown = await inShadow(page, (root) =>
        [...root.querySelectorAll("[role=option]")].filter((o) => o.checkVisibility()).map((o) => o.dataset.code),
      );
      const expected = seedSteps("residence_restriction");
      const csv = await download(page, "Download the data displayed as CSV");
      assert.match(csv.name, /\.csv$/);
      assert.deepEqual([...csv.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a BOM");
      const text = csv.body.toString("utf8").slice(1);
      assert.ok(text.endsWith("\r\n") && !text.replace(/\r\n/g, "").includes("\r"), "CRLF records");
      const records = parseCsv(text);
      const end = records.findIndex((r) => r.length === 1 && r[0] === "");
      const rows = records.slice(1, end);
      assert.deepEqual(rows.map((r) => r[0]), expected.map((s) => s.id));
      assert.deepEqual([...new Set(rows.map((r) => r[1]))].sort(), [...shown].sort(), "the countries the list shows");
      assert.equal(records[end + 1][0], "Citation");
      assert.match(records[end + 1][1], /Voice of America/);
      const header = records[0];
      const row = rows[0];
      const step = expected[0];
      assert.equal(row[header.indexOf("description")], step.description);
      assert.equal(row[header.indexOf("source_urls")], step.sources.map((s) => s.url).join(" | "));
      assert.equal(row[header.indexOf("country")], SEED.countries.find((c) => c.code === step.country).name);

      const json = await download(page, "Download the data displayed as JSON");
      const data = JSON.parse(json.body.toString("utf8"));
      assert.deepEqual(data.steps.map((s) => s.id), expected.map((s) => s.id));
      assert.equal(data.step_count, expected.length);
      assert.match(data.citation, /How states curbed/);
      assert.equal(data.source_url, SEED.meta.source_url);
      assert.match(await inShadow(page, (root) => root.querySelector(".st-dlstatus").textContent), /JSON \(3 steps\)/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe("Download image", () => {
  test("the SVG parses as XML with the title, source and credit; the demo's CSP refuses the PNG and says why", async () => {
    const { context, page } = await open();
    try {
      for (const picture of ["map", "timeline"]) {
        await page.locator("sanctions-tracker select[id$=dl-pic]").selectOption(picture);
        const svg = await download(page, "Download the picture as SVG");
        assert.match(svg.name, new RegExp(`${picture}\\.svg$`));
        const facts = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, "image/svg+xml");
          const root = doc.documentElement;
          return {
            error: doc.querySelector("parsererror")?.textContent ?? null,
            name: root.localName,
            width: root.getAttribute("width"),
            text: [...doc.querySelectorAll("text")].map((t) => t.textContent).join(" | "),
            font: root.getAttribute("font-family"),
          };
        }, svg.body.toString("utf8"));
        assert.equal(facts.error, null);
        assert.equal(facts.name, "svg");
        assert.match(facts.text, /How states curbed North Korean work abroad/);
        assert.match(facts.text, new RegExp(picture === "map" ? "Map" : "Timeline"));
        assert.match(facts.text, /Source: Voice of America \(VOA\), 28 September 2017/);
        assert.match(facts.text, /By Kim Youngnam/);
        assert.match(facts.text, /Graphic: sanctions-tracker/);
        assert.match(facts.font, /sans-serif$/, "a generic family last: an SVG in an <img> cannot load the page's fonts");
      }
      await page.getByRole("button", { name: "Download the picture as PNG" }).click();
      await page.waitForFunction(() =>
        /img-src/.test(document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-dlstatus").textContent),
      );
      const status = await inShadow(page, (root) => root.querySelector(".st-dlstatus").textContent);
      assert.match(status, /Content Security Policy.*blob: to img-src/);
    } finally {
      await context.close();
    }
  });

  test("with img-src blob: allowed, the PNG is the size on screen and twice it, and not blank", async () => {
    const { context, page, errors } = await open(BLOB);
    try {
      await page.locator("sanctions-tracker select[id$=dl-pic]").selectOption("map");
      const sizes = [];
      for (const k of ["1", "2"]) {
        await page.locator("sanctions-tracker select[id$=dl-scale]").selectOption(k);
        const svg = await download(page, "Download the picture as SVG");
        const [w, h] = await page.evaluate((text) => {
          const root = new DOMParser().parseFromString(text, "image/svg+xml").documentElement;
          return [+root.getAttribute("width"), +root.getAttribute("height")];
        }, svg.body.toString("utf8"));
        const file = await download(page, "Download the picture as PNG");
        assert.match(file.name, k === "2" ? /map@2x\.png$/ : /map\.png$/);
        const p = png(file.body);
        assert.equal(p.width, Math.round(w));
        assert.equal(p.height, Math.round(h));
        assert.ok(p.distinct > 20, `the pixels vary (${p.distinct} distinct bytes)`);
        sizes.push([p.width, p.height]);
      }
      const shownWidth = await inShadow(page, (root) => Math.round(root.querySelector(".st-map > svg").getBoundingClientRect().width));
      assert.equal(sizes[0][0], shownWidth, "1×: the width on screen");
      assert.deepEqual(sizes[1], [sizes[0][0] * 2, sizes[0][1] * 2], "2×");
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});

describe("Print", () => {
  test("print media hides the controls and keeps the pictures, the list and the details; page.pdf() prints", async () => {
    const { context, page } = await open();
    try {
      await page.locator('sanctions-tracker [role=option][data-code="PL"]').click();
      await page.locator("sanctions-tracker .st-details h3").first().waitFor();
      await page.emulateMedia({ media: "print" });
      const facts = await inShadow(page, (root) => {
        const shows = (el) => !!el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
        const st = getComputedStyle(root.querySelector(".st"));
        return {
          hidden: [".st-filters", ".st-zoombar", ".st-download", ".st-toggle", "input[type=search]"].map((s) => [s, !shows(root.querySelector(s))]),
          buttons: [...root.querySelectorAll("button")].filter(shows).length,
          pictures: [".st-map > svg", ".st-timeline > svg", ".st-details", ".st-foot"].map((s) => [s, shows(root.querySelector(s))]),
          options: [...root.querySelectorAll("[role=option]")].filter(shows).length,
          steps: [...root.querySelectorAll(".st-details .st-step")].filter(shows).length,
          altShown: [...root.querySelectorAll(".st-pic-alt > p")].filter((p) => p.textContent && shows(p)).length,
          alts: [...root.querySelectorAll(".st-pic-alt > p")].filter((p) => p.textContent).length,
          list: getComputedStyle(root.querySelector(".st-list")).position,
          colour: st.color,
          background: st.backgroundColor,
        };
      });
      for (const [s, hidden] of facts.hidden) assert.ok(hidden, `${s} is hidden in print`);
      assert.equal(facts.buttons, 0, "no button prints");
      for (const [s, shown] of facts.pictures) assert.ok(shown, `${s} prints`);
      assert.equal(facts.options, SEED.countries.length, "every country of the list prints");
      assert.equal(facts.steps, SEED.steps.filter((s) => s.country === "PL").length, "every step of the details prints");
      assert.ok(facts.alts > 0 && facts.altShown === facts.alts, "the pictures' descriptions print (their disclosures open)");
      assert.equal(facts.list, "static", "no sticky list");
      assert.equal(facts.colour, "rgb(0, 0, 0)");
      assert.equal(facts.background, "rgb(255, 255, 255)");
      await page.screenshot({ path: join(SHOTS, "print.png"), fullPage: true });
      const pdf = await page.pdf({ format: "A4", printBackground: true });
      writeFileSync(join(SHOTS, "print.pdf"), pdf);
      assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
      assert.ok(pdf.length > 20_000, `a PDF of the page (${pdf.length} B)`);
    } finally {
      await context.close();
    }
  });
});
