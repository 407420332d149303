// End-to-end tests of a long list (issue 10, the widget's part): the
// 35-country synthetic fixture (tests/fixtures/tracker-35.json, format 2) at 360 and
// 1200 px, in headless Chromium against the release build in www/dist (run
// `make build` first), served by tools/serve.mjs as in widget.test.mjs.
//
// What they check: the list is compact (one line a country) and the widget
// far shorter than before (measured before this work, same fixture and
// viewport: 7,388 px at 360 and 5,903 px at 1200 with nothing selected, 9,749
// px at 360 with Russia selected; a long list's figures sit in a closed
// disclosure); selecting a country, the last one too,
// brings its details into view (1200: the sticky panel beside the list; 360:
// right after the selected entry); focus and the live region follow, arrow
// keys still move in the list; a figure's long note and source wrap whole at
// 360 px; axe-core finds no violation; the seed story keeps its short-list
// look. Screenshots go to /tmp/shots-long-list/ (or $SHOTS) for a person to
// look at.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inShadow, openTracker, ROOT, startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

const SHOTS = process.env.SHOTS || "/tmp/shots-long-list";
const FIXTURE = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "tracker-35.json"), "utf8"));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const VIEW_H = 800;

/** The widget's height must stay under these (px; before: 7,388 and 5,903). */
// At 360 px the map's zoom toolbar (one row), the legend of the format 2 marks and the
// timeline's format 2 legend and spans came after the compact list (4,809 px then, about
// 5,400 with them; the timeline is 1,600 px of it): the bound leaves them room and stays
// well under the 6,000-7,000 px issue 10 rules out.
const MAX_HEIGHT = { 360: 5600, 1200: 4400 };
/** The same with Russia selected (before: 9,749 and 5,841). */
const MAX_SELECTED = { 360: 6800, 1200: 4400 };

let server;
let browser;

before(async () => {
  ({ server, browser } = await startServerAndBrowser(SHOTS));
});

after(() => stopServerAndBrowser({ server, browser }));

/** The demo page at `width`, its widget showing `data` (default the 35-country fixture), nothing selected; waits for the second phase. */
const open = (width, { data = FIXTURE, fixtures = {} } = {}) => openTracker(browser, server, width, { data, fixtures });

/** The widget's height and where the selected entry and the details are (viewport px). */
function geometry(page) {
  return inShadow(page, (root) => {
    const box = (el) => el && el.getBoundingClientRect();
    const opt = box(root.querySelector('[role="option"][aria-selected="true"]'));
    const details = root.querySelector(".st-details");
    const d = box(details);
    return {
      height: Math.round(box(root.host ?? root.querySelector(".st")).height),
      widget: Math.round(root.querySelector(".st").getBoundingClientRect().height),
      opt: opt && { top: Math.round(opt.top), bottom: Math.round(opt.bottom) },
      details: { top: Math.round(d.top), bottom: Math.round(d.bottom), position: getComputedStyle(details).position },
      heading: root.querySelector(".st-details h3")?.textContent,
      vh: innerHeight,
    };
  });
}

const option = (page, code) => page.locator(`sanctions-tracker [role="option"][data-code="${code}"]`);
const lastOption = (page) => page.locator('sanctions-tracker [role="option"]').last();
const announced = (page, re) =>
  page.waitForFunction(
    (src) => new RegExp(src).test(document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-sr[role=status]").textContent),
    re.source,
  );

/** Clicks the entry `loc` after scrolling it to the bottom of the viewport, as a reader going down the list. */
async function clickNearBottom(page, loc) {
  await loc.evaluate((el) => el.scrollIntoView({ block: "end" }));
  await loc.click();
}

describe("35 countries: height", () => {
  for (const width of [360, 1200]) {
    test(`at ${width} px the list is one line a country and the widget under ${MAX_HEIGHT[width]} px`, async () => {
      const { context, page, errors } = await open(width);
      const g = await geometry(page);
      // Every entry laid out (content-visibility estimates would hide the real height).
      await inShadow(page, (root) => root.querySelectorAll('[role="option"]').forEach((o) => o.scrollIntoView()));
      const heights = await inShadow(page, (root) => [...root.querySelectorAll('[role="option"]')].map((o) => o.getBoundingClientRect().height));
      // One line, 44 px targets (a long name may take two lines on a phone).
      assert.ok(heights.every((h) => h >= 44 && h <= 70), `entries: ${heights}`);
      assert.ok(heights.filter((h) => h <= 50).length >= heights.length - 3, `one line: ${heights}`);
      const total = (await geometry(page)).widget;
      assert.ok(total < MAX_HEIGHT[width], `widget ${total} px (was ${width === 360 ? 7388 : 5903})`);
      assert.ok(g.widget > 1000, "the widget is drawn");
      await page.locator("sanctions-tracker").screenshot({ path: join(SHOTS, `long-${width}-none.png`) });
      // Russia selected (3 steps, 6 figures): its figures closed in a disclosure.
      await option(page, "RU").click();
      const figs = page.locator("sanctions-tracker .st-figs");
      assert.equal(await figs.getAttribute("open"), null, "figures closed");
      assert.match(await figs.locator(":scope > summary").textContent(), /Figures · 6 charts/);
      const selected = (await geometry(page)).widget;
      assert.ok(selected < MAX_SELECTED[width], `Russia selected: ${selected} px (was ${width === 360 ? 9749 : 5841})`);
      // Opened, they stay open for the next country.
      await figs.locator(":scope > summary").click();
      await option(page, "PL").click();
      assert.equal(await page.locator("sanctions-tracker .st-figs").getAttribute("open"), "");
      assert.ok((await page.locator("sanctions-tracker .st-chart svg").count()) > 0);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

describe("35 countries: details in view", () => {
  test("at 1200 px the details stay in view beside the list, for the last country too", async () => {
    const { context, page } = await open(1200);
    for (const code of ["RU", "last"]) {
      const loc = code === "last" ? lastOption(page) : option(page, code);
      await clickNearBottom(page, loc);
      const g = await geometry(page);
      assert.equal(g.details.position, "sticky");
      assert.ok(g.details.top >= 0 && g.details.top < g.vh / 2, `${code}: details' top ${g.details.top} in view`);
      assert.ok(g.opt.top >= 0 && g.opt.bottom <= g.vh, `${code}: the entry stays in view (${g.opt.top}-${g.opt.bottom})`);
      assert.equal(g.heading, await loc.locator(".st-optname").textContent());
      await page.screenshot({ path: join(SHOTS, `long-1200-${code}.png`) });
    }
    await context.close();
  });

  test("at 360 px the details open right after the selected entry, in view", async () => {
    const { context, page } = await open(360);
    const before = (await geometry(page)).widget;
    // The accessibility tree's listbox, groups and options, to compare once a
    // country is selected (the list's wrappers then give their children to
    // the column: display: contents).
    const cdp = await context.newCDPSession(page);
    const axRoles = async () => {
      const { nodes } = await cdp.send("Accessibility.getFullAXTree");
      const count = (r) => nodes.filter((n) => n.role?.value === r && !n.ignored).length;
      return { listbox: count("listbox"), group: count("group"), option: count("option") };
    };
    const rolesBefore = await axRoles();
    assert.equal(rolesBefore.listbox, 1);
    for (const code of ["RU", "PL", "last"]) {
      const loc = code === "last" ? lastOption(page) : option(page, code);
      await clickNearBottom(page, loc);
      const g = await geometry(page);
      const gap = g.details.top - g.opt.bottom;
      assert.ok(gap >= 0 && gap <= 16, `${code}: details ${gap} px after the entry`);
      assert.ok(g.opt.top >= 0 && g.details.top < g.vh - 60, `${code}: entry at ${g.opt.top}, details at ${g.details.top}`);
      assert.equal(g.heading, await loc.locator(".st-optname").textContent());
      if (code === "RU") await page.screenshot({ path: join(SHOTS, `long-360-RU.png`) });
      const overflow = await inShadow(page, (root) => root.querySelector(".st").scrollWidth - root.querySelector(".st").clientWidth);
      assert.ok(overflow <= 0, `${code}: no horizontal overflow (${overflow})`);
    }
    await page.screenshot({ path: join(SHOTS, `long-360-last.png`) });
    // The listbox keeps its roles when its wrappers give their children to the column.
    assert.deepEqual(await axRoles(), rolesBefore);
    // Cleared, the list is one block again.
    await page.keyboard.press("Escape");
    const cleared = (await geometry(page)).widget;
    assert.ok(Math.abs(cleared - before) < 60, `${cleared} px cleared, ${before} before`);
    await context.close();
  });

  for (const width of [360, 1200]) {
    test(`at ${width} px keyboard focus and the live region follow; Enter on the selected entry moves to its details`, async () => {
      const { context, page } = await open(width);
      await option(page, "PL").focus();
      await page.keyboard.press("End");
      const last = await lastOption(page).getAttribute("data-code");
      const lastName = await lastOption(page).locator(".st-optname").textContent();
      assert.equal(await page.locator("sanctions-tracker [role=option]:focus").getAttribute("data-code"), last);
      await page.keyboard.press("Enter");
      await announced(page, new RegExp(`${lastName} selected: \\d+ steps?\\.`));
      let g = await geometry(page);
      assert.equal(g.heading, lastName);
      assert.ok(g.details.top >= 0 && g.details.top < g.vh, `details' top ${g.details.top} in view`);
      // Focus stays in the list: the arrows still move.
      assert.equal(await page.locator("sanctions-tracker [role=option]:focus").getAttribute("data-code"), last);
      await page.keyboard.press("ArrowUp");
      const prev = await page.locator("sanctions-tracker [role=option]:focus").getAttribute("data-code");
      assert.notEqual(prev, last);
      await page.keyboard.press(" ");
      const prevName = await option(page, prev).locator(".st-optname").textContent();
      await announced(page, new RegExp(`${prevName} selected`));
      g = await geometry(page);
      assert.ok(g.details.top >= 0 && g.details.top < g.vh, `details' top ${g.details.top} in view`);
      // Enter on the selected entry: focus to the details' heading.
      await page.keyboard.press("Enter");
      const focused = await inShadow(page, (root) => root.activeElement && [root.activeElement.tagName, root.activeElement.textContent]);
      assert.deepEqual(focused, ["H3", prevName]);
      // Escape there clears, and focus goes back to the entry.
      await page.keyboard.press("Escape");
      await announced(page, /Selection cleared/);
      assert.equal(await page.locator("sanctions-tracker [role=option]:focus").getAttribute("data-code"), prev);
      await context.close();
    });
  }

  for (const width of [360, 1200]) {
    test(`axe-core finds no violation at ${width} px with a country selected`, async () => {
      const { context, page } = await open(width, { fixtures: { "axe.js": AXE_SOURCE } });
      await clickNearBottom(page, option(page, "RU"));
      await page.addScriptTag({ url: "__test/axe.js" });
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
      );
      const violations = result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(violations, []);
      await context.close();
    });
  }
});

describe("long texts", () => {
  test("at 360 px a figure's long note and source wrap whole: no ellipsis, no overflow", async () => {
    const data = structuredClone(FIXTURE);
    const fig = data.figures.find((f) => f.country === "PL");
    fig.note = "A very long note on how to read these numbers, which goes on. ".repeat(9) + "These are the last words.";
    (fig.sources?.[0] ?? fig.source).title = "A source title long enough to take a few lines on a phone, and more words after that, until it ends here";
    const { context, page } = await open(360, { data });
    await clickNearBottom(page, option(page, "PL"));
    await page.locator("sanctions-tracker .st-figs > summary").click();
    await page.locator(`sanctions-tracker .st-chart[data-figure="${fig.id}"] svg`).waitFor();
    const chart = await inShadow(
      page,
      (root, id) => {
        const f = root.querySelector(`.st-chart[data-figure="${id}"]`);
        f.scrollIntoView();
        const svg = f.querySelector("svg");
        const right = svg.getBoundingClientRect().right;
        const texts = [...svg.querySelectorAll("text")];
        return {
          text: texts.map((t) => t.textContent).join(" "),
          outside: texts.filter((t) => t.getBoundingClientRect().right > right + 0.5).map((t) => t.textContent),
          overflow: [f, f.querySelector(".st-pic")].map((e) => e.scrollWidth - e.clientWidth),
          ellipsis: [f, ...f.querySelectorAll("*")].filter((e) => getComputedStyle(e).textOverflow === "ellipsis").length,
        };
      },
      fig.id,
    );
    assert.ok(!chart.text.includes("…"), "nothing cut with an ellipsis");
    assert.match(chart.text, /These are the last words\./);
    assert.match(chart.text, /until it ends here/);
    assert.deepEqual(chart.outside, [], "every line within the chart");
    assert.ok(chart.overflow.every((o) => o <= 0), `no horizontal overflow ${chart.overflow}`);
    assert.equal(chart.ellipsis, 0);
    await page.locator(`sanctions-tracker .st-chart[data-figure="${fig.id}"]`).screenshot({ path: join(SHOTS, "long-360-note.png") });
    await context.close();
  });
});

describe("the seed story keeps its short list", () => {
  for (const width of [360, 1200]) {
    test(`at ${width} px: not compact, the list (not the details) sticky when wide, details after the list`, async () => {
      const context = await browser.newContext({ viewport: { width, height: VIEW_H }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(new URL("index.html", server.url).href);
      await page.locator("sanctions-tracker").scrollIntoViewIfNeeded();
      await page.locator("sanctions-tracker .st-details h3").first().waitFor();
      const seed = await inShadow(page, (root) => ({
        long: root.querySelector(".st-app").classList.contains("is-long"),
        display: [...root.querySelectorAll('[role="option"]')].map((o) => getComputedStyle(o).display),
        badgeText: [...root.querySelectorAll(".st-badgetext")].every((b) => b.getBoundingClientRect().width > 20),
        dates: [...root.querySelectorAll(".st-optmeta")].every((m) => / · /.test(m.textContent) && m.getBoundingClientRect().width > 100),
        list: getComputedStyle(root.querySelector(".st-list")).position,
        details: getComputedStyle(root.querySelector(".st-details")).position,
        order: [root.querySelector(".st-list"), root.querySelector(".st-details")].map((e) => e.getBoundingClientRect().top),
        main: getComputedStyle(root.querySelector(".st-main")).display,
      }));
      assert.equal(seed.long, false);
      assert.deepEqual(seed.display, ["block", "block", "block", "block"]);
      assert.ok(seed.badgeText && seed.dates, "measures named and dates shown on every entry");
      assert.equal(seed.main, "grid");
      assert.equal(seed.details, "static");
      if (width === 1200) assert.equal(seed.list, "sticky");
      else assert.ok(seed.order[1] > seed.order[0], "details below the list");
      await context.close();
    });
  }
});
