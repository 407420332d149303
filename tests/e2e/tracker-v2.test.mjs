// End-to-end tests of what the widget's DOM shows of format 2 (issue 10):
// the synthetic tracker tests/fixtures/tracker-35.json (schema_version 2,
// invented facts) at 360 and 1200 px, in headless Chromium against the
// release build in www/dist (run `make build` first), served by
// tools/serve.mjs as in the other tests.
//
// What they check, on the real DOM, against the fixture: findings marked as
// findings (not measures), every confidence level in data-confidence and in
// words, inferred dates and titles marked, periods as their text, no status
// or date kind invented, disputes with each claim's source as a link,
// quotes in their language with their translation, Taiwan's "Not a UN
// member state" under its own name; the list's finding counts, uncertainty
// marks and "Other places" last, a country of two regions once; the
// hide-low-confidence filter removing exactly the low-confidence steps; a
// compilation's credits; the legend; axe-core with no violation and no
// horizontal overflow at 360. The v1 twin (tracker-35-v1.json) shows none of
// these marks. Screenshots go to /tmp/shots-v2-dom/ (or $SHOTS).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inShadow, openTracker, ROOT, startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

const SHOTS = process.env.SHOTS || "/tmp/shots-v2-dom";
const load = (name) => JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", name), "utf8"));
const V2 = load("tracker-35.json");
const V1 = load("tracker-35-v1.json");
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [360, 1200];

const stepsOf = (code) => V2.steps.filter((s) => s.country === code);
const lowOf = (code) => stepsOf(code).filter((s) => s.confidence === "low").length;
const nameOf = (code) => V2.countries.find((c) => c.code === code).name;

let server;
let browser;

before(async () => {
  ({ server, browser } = await startServerAndBrowser(SHOTS));
});

after(() => stopServerAndBrowser({ server, browser }));

/** The demo page at `width`, its widget showing `data` (default the v2 fixture), nothing selected; waits for the second phase. */
const open = (width, { data = V2, fixtures = {} } = {}) => openTracker(browser, server, width, { data, fixtures });

/** Selects `code` from the list, as a reader, and waits for its details. */
async function pick(page, code) {
  const opt = page.locator(`sanctions-tracker [role="option"][data-code="${code}"]`);
  await opt.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await opt.click();
  await page.waitForFunction(
    (name) => document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-details h3")?.textContent === name,
    nameOf(code),
  );
}

/** What the details show of each step: {id: {...}}. */
function detailSteps(page) {
  return inShadow(page, (root) => {
    const out = {};
    for (const li of root.querySelectorAll(".st-details .st-step")) {
      const badge = li.querySelector(".st-badge");
      out[li.dataset.step] = {
        kind: li.dataset.kind ?? null,
        confidence: li.dataset.confidence ?? null,
        conf: li.querySelector(".st-conf")?.textContent ?? null,
        badge: badge?.textContent,
        badgeFinding: badge?.classList.contains("st-finding"),
        badgeMeasure: badge?.dataset.measure ?? null,
        date: li.querySelector(".st-stepdate time").textContent,
        dateLine: li.querySelector(".st-stepdate").textContent,
        inferred: [...li.querySelectorAll(".st-inferred")].map((e) => e.textContent),
        facts: [...li.querySelectorAll(".st-facts dt")].map((e) => e.textContent),
        quotes: [...li.querySelectorAll("blockquote")].map((q) => ({
          lang: q.getAttribute("lang"),
          text: q.querySelector("p").textContent,
          footer: q.querySelector("footer")?.textContent ?? null,
          translation: q.nextElementSibling?.classList.contains("st-translation")
            ? { lang: q.nextElementSibling.getAttribute("lang"), text: q.nextElementSibling.textContent }
            : null,
        })),
        disputes: [...li.querySelectorAll(".st-dispute")].map((d) =>
          [...d.querySelectorAll(".st-claim")].map((c) => ({ href: c.querySelector("a")?.href, link: c.querySelector("a")?.textContent, text: c.textContent })),
        ),
      };
    }
    return out;
  });
}

for (const width of WIDTHS) {
  describe(`format 2 at ${width} px`, () => {
    test("details: findings, confidence, inferred marks, periods, nothing invented", async () => {
      const { context, page, errors } = await open(width);
      const levels = new Set();
      // Countries that cover a non-compliance and a no-workers finding, every
      // confidence level, inferred dates and titles, both kinds of period.
      for (const code of ["BG", "MT", "RU", "TR", "PL", "FJ"]) {
        await pick(page, code);
        const shown = await detailSteps(page);
        assert.deepEqual(Object.keys(shown).sort(), stepsOf(code).map((s) => s.id).sort(), code);
        for (const s of stepsOf(code)) {
          const d = shown[s.id];
          if (s.kind === "finding") {
            assert.equal(d.kind, "finding", s.id);
            assert.ok(d.badgeFinding, `${s.id}: a finding's badge`);
            assert.equal(d.badgeMeasure, null, `${s.id}: not a measure badge`);
            const want = { non_compliance: "Finding: non-compliance", no_workers: "Finding: statement of no workers" }[s.finding];
            if (want) assert.equal(d.badge, want, s.id);
          } else {
            assert.equal(d.kind, null, s.id);
            assert.equal(d.badgeMeasure, s.measure, s.id);
          }
          assert.equal(d.confidence, s.confidence ?? null, `${s.id}: data-confidence`);
          if (s.confidence) {
            levels.add(s.confidence);
            assert.equal(d.conf, `${s.confidence[0].toUpperCase()}${s.confidence.slice(1)} confidence`, s.id);
          } else assert.equal(d.conf, null, s.id);
          assert.equal(d.inferred.includes("date inferred"), !!s.date_inferred, `${s.id}: date inferred`);
          const inferredTitles = s.sources.filter((x) => x.title_inferred).length;
          assert.equal(d.inferred.filter((t) => t === "(title given by the editor)").length, inferredTitles, `${s.id}: titles`);
          if (typeof s.date === "object") {
            assert.match(d.date, s.date.to ? /^\w{3} \d{4} – \w{3} \d{4}$/ : /^since \d{1,2} \w{3} \d{4}$/, `${s.id}: ${d.date}`);
          }
          assert.equal(d.facts.includes("Status"), !!s.status, `${s.id}: status only when given`);
          if (!s.date_kind) assert.doesNotMatch(d.dateLine, /announced|in force|reported/i, `${s.id}: no date kind`);
        }
      }
      assert.deepEqual([...levels].sort(), ["high", "low", "medium"]);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test("details: disputes with both claims and their sources, quotes in their language", async () => {
      const { context, page } = await open(width);
      const langs = new Set();
      for (const code of ["BG", "PL", "RO", "PG"]) {
        await pick(page, code);
        const shown = await detailSteps(page);
        for (const s of stepsOf(code)) {
          const d = shown[s.id];
          assert.equal(d.disputes.length, (s.disputes || []).length, `${s.id}: disputes`);
          (s.disputes || []).forEach((dispute, i) => {
            assert.equal(d.disputes[i].length, dispute.claims.length, `${s.id}: claims`);
            assert.ok(d.disputes[i].length >= 2);
            dispute.claims.forEach((c, j) => {
              const src = s.sources[c.source];
              assert.equal(d.disputes[i][j].href, src.url);
              assert.ok(d.disputes[i][j].link.includes(src.publisher), d.disputes[i][j].link);
              if (src.title) assert.ok(d.disputes[i][j].link.includes(src.title), d.disputes[i][j].link);
              assert.ok(d.disputes[i][j].text.includes(c.says));
            });
          });
          const quotes = s.sources.filter((x) => x.quote).map((x) => x.quote);
          assert.equal(d.quotes.length, quotes.length, `${s.id}: quotes`);
          quotes.forEach((q, i) => {
            const shownQ = d.quotes[i];
            assert.equal(shownQ.lang, q.lang ?? null, `${s.id}: blockquote lang`);
            if (q.lang) langs.add(q.lang);
            assert.equal(shownQ.footer !== null && shownQ.footer.includes(q.speaker ?? "\u0000"), !!q.speaker, `${s.id}: speaker only when given`);
            if (q.translation) {
              assert.equal(shownQ.translation?.lang, q.translation.lang, `${s.id}: translation lang`);
              assert.ok(shownQ.translation.text.includes(q.translation.text));
            } else assert.equal(shownQ.translation, null);
          });
        }
      }
      for (const l of ["fr", "de", "ko"]) assert.ok(langs.has(l), `a quote in ${l}`);
      // At least one dispute with two claims and two source links shown.
      assert.ok(await page.locator("sanctions-tracker .st-dispute").count());
      assert.equal(await page.locator("sanctions-tracker .st-dispute").first().locator(".st-claim a[href]").count(), 2);
      await context.close();
    });

    test("a translated quote is marked; a territory keeps its name and is marked", async () => {
      const data = structuredClone(V2);
      const s = data.steps.find((x) => x.country === "MT" && x.sources.some((y) => y.quote));
      s.sources.find((y) => y.quote).quote.translated = true;
      const { context, page } = await open(width, { data });
      await pick(page, "MT");
      const footer = await page.locator(`sanctions-tracker .st-step[data-step="${s.id}"] blockquote footer`).textContent();
      assert.match(footer, /translation/i);
      await pick(page, "TW");
      assert.equal(await page.locator("sanctions-tracker .st-details h3").textContent(), "Taiwan");
      assert.equal(await page.locator("sanctions-tracker .st-details .st-nonmember").textContent(), "Not a UN member state");
      await pick(page, "RU");
      assert.equal(await page.locator("sanctions-tracker .st-details .st-nonmember").count(), 0);
      await context.close();
    });

    test("list: finding counts, uncertainty marks, Other places last, two regions once", async () => {
      const { context, page } = await open(width);
      const list = await inShadow(page, (root) => ({
        groups: [...root.querySelectorAll(".st-group")].map((g) => g.getAttribute("aria-label")),
        codes: [...root.querySelectorAll("[role=option]")].map((o) => o.dataset.code),
        entries: [...root.querySelectorAll("[role=option]")].map((o) => ({
          code: o.dataset.code,
          group: o.closest(".st-group").getAttribute("aria-label"),
          count: o.querySelector(".st-optcount").textContent,
          low: !!o.querySelector(".st-uncertain:not([hidden])"),
        })),
      }));
      assert.equal(list.groups.at(-1), "Other places");
      assert.equal(list.entries.find((e) => e.code === "TR").group, "Other places");
      assert.equal(list.codes.filter((c) => c === "RU").length, 1);
      assert.equal(list.entries.find((e) => e.code === "RU").group, "Europe");
      for (const e of list.entries) {
        const steps = stepsOf(e.code);
        const f = steps.filter((s) => s.kind === "finding").length;
        const want = `${steps.length} ${steps.length === 1 ? "step" : "steps"}${f ? `, ${f} ${f === 1 ? "finding" : "findings"}` : ""}`;
        assert.equal(e.count, want, e.code);
        assert.equal(e.low, lowOf(e.code) > 0, `${e.code}: uncertainty mark`);
      }
      // Wide, a compact entry shows its findings; on a phone they are read out, and shown once selected.
      const findVisible = await page.locator('sanctions-tracker [data-code="SG"] .st-optfind').evaluate((e) => e.getBoundingClientRect().width > 1);
      assert.equal(findVisible, width >= 480, "compact entry's findings shown where there is room");
      await pick(page, "PG");
      const pg = page.locator('sanctions-tracker [data-code="PG"]');
      assert.ok(await pg.locator(".st-optfind").evaluate((e) => e.getBoundingClientRect().width > 1), "selected entry shows its findings");
      await page.waitForFunction(
        () => document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-sr[role=status]").textContent === "Papua New Guinea selected: 4 steps, 2 findings.",
      );
      // Its first step is open-ended ("since 3 November 2017"): the range runs from its start.
      assert.equal(await pg.locator(".st-optdates").textContent(), " · 3 November 2017 – 9 August 2019");
      await context.close();
    });

    test("the hide-low-confidence filter removes exactly the low-confidence steps", async () => {
      const { context, page } = await open(width);
      const box = page.getByLabel("Hide low-confidence steps");
      assert.ok(await box.isVisible());
      await box.check();
      const want = new Map();
      for (const c of V2.countries) {
        const n = stepsOf(c.code).filter((s) => s.confidence !== "low");
        if (n.length) want.set(c.code, n);
      }
      await page.waitForFunction(
        (n) => document.querySelector("sanctions-tracker").shadowRoot.querySelectorAll("[role=option]").length === n,
        want.size,
      );
      const shown = await inShadow(page, (root) => ({
        entries: Object.fromEntries([...root.querySelectorAll("[role=option]")].map((o) => [o.dataset.code, o.querySelector(".st-optcount").textContent])),
        marks: root.querySelectorAll("[role=option] .st-uncertain:not([hidden])").length,
        count: root.querySelector(".st-count").textContent,
      }));
      assert.deepEqual(Object.keys(shown.entries).sort(), [...want.keys()].sort());
      for (const [code, steps] of want) {
        const f = steps.filter((s) => s.kind === "finding").length;
        assert.equal(shown.entries[code], `${steps.length} ${steps.length === 1 ? "step" : "steps"}${f ? `, ${f} ${f === 1 ? "finding" : "findings"}` : ""}`, code);
      }
      assert.equal(shown.marks, 0);
      assert.equal(shown.count, `${want.size} of 35 countries`);
      await page.waitForFunction(
        (t) => document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st-sr[role=status]").textContent === t,
        `${want.size} of 35 countries shown.`,
      );
      await page.locator("sanctions-tracker .st-clear").click();
      assert.equal(await box.isChecked(), false);
      await page.waitForFunction(() => document.querySelector("sanctions-tracker").shadowRoot.querySelectorAll("[role=option]").length === 35);
      await context.close();
    });

    test("compilation credits, the legend, axe-core, no overflow; screenshots", async () => {
      const { context, page, errors } = await open(width, { fixtures: { "axe.js": AXE_SOURCE } });
      const foot = await page.locator("sanctions-tracker .st-foot .st-maintainer").textContent();
      assert.equal(foot, `Maintained by ${V2.meta.maintainer} · updated 31 December 2020`);
      assert.equal(await page.locator("sanctions-tracker .st-foot a.st-source").count(), 0, "no source invented");
      assert.doesNotMatch(await page.locator("sanctions-tracker .st-foot").textContent(), /null|undefined/);
      const legend = await page.locator("sanctions-tracker .st-legend li").allTextContents();
      assert.equal(legend.length, 4);
      assert.match(legend[0], /^Finding /);
      assert.match(legend[1], /^Low confidence /);
      assert.match(legend[2], /^\? /);
      assert.match(legend[3], /^date inferred /);
      await pick(page, "PG");
      await page.addScriptTag({ url: "__test/axe.js" });
      const result = await page.evaluate(() =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
      );
      const violations = result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.deepEqual(violations, []);
      if (width === 360) {
        const over = await page.evaluate(() => ({
          doc: document.documentElement.scrollWidth,
          widget: document.querySelector("sanctions-tracker").shadowRoot.querySelector(".st").scrollWidth,
          host: document.querySelector("sanctions-tracker").clientWidth,
        }));
        assert.ok(over.doc <= 360, `page ${over.doc} px wide`);
        assert.ok(over.widget <= over.host, `widget ${over.widget} px in ${over.host}`);
      }
      await page.locator("sanctions-tracker .st-details").screenshot({ path: join(SHOTS, `details-PG-${width}.png`) });
      await page.locator("sanctions-tracker").screenshot({ path: join(SHOTS, `widget-PG-${width}.png`) });
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}

test("the v1 twin shows none of the format 2 marks", async () => {
  const { context, page } = await open(360, { data: V1 });
  const marks = await inShadow(page, (root) =>
    root.querySelectorAll(".st-legend, .st-uncertain, .st-finding, [data-filter=hide_low_confidence], .st-maintainer").length,
  );
  assert.equal(marks, 0);
  await pick(page, "PL");
  assert.equal(await page.locator("sanctions-tracker .st-details :is(.st-conf, .st-inferred, .st-dispute, .st-translation, [data-kind], [data-confidence])").count(), 0);
  await context.close();
});
