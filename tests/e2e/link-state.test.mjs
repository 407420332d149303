// End-to-end tests of shareable views (`link-state`, www/tracker/link.js) on
// the built demo: www/two.html has two widgets with the attribute (ids
// "story" and "gulf"), www/index.html one without. Selecting and filtering
// writes the fragment with replaceState (history.length unchanged), a load
// of that URL restores selection, filters and search, each widget keeps its
// own keys, the page's keys and plain anchors are left alone, bad values are
// ignored without an error, hashchange re-applies, and "Copy link" copies the
// URL or, with the clipboard refused, shows it selected in a field.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, startServerAndBrowser, stopServerAndBrowser } from "./page.mjs";

let env = {};

before(async () => {
  env = await startServerAndBrowser(join(ROOT, "target", "screenshots"));
});

after(() => stopServerAndBrowser(env));

/** Opens `path` (with its fragment) in a fresh context; page and console errors go to `errors`. */
async function open(path, { permissions, init } = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15000);
  if (permissions) await context.grantPermissions(permissions, { origin: new URL(env.server.url).origin });
  const page = await context.newPage();
  // (The demo pages name no icon: the browser's request for one is not the widget's.)
  await page.route("**/favicon.ico", (route) => route.fulfill({ status: 204, body: "" }));
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  if (init) await page.addInitScript(init);
  await page.goto(new URL(path, env.server.url).href);
  return { context, page, errors };
}

/** Waits until widget `host` has drawn its list, details and timeline. */
async function ready(page, host) {
  await page.locator(host).scrollIntoViewIfNeeded();
  await page.locator(`${host} [role="option"]`).first().waitFor();
  await page.locator(`${host} .st-details h3`).first().waitFor();
  await page.locator(`${host} .st-timeline > svg`).waitFor();
}

const fragment = (page) => page.evaluate(() => location.hash);
const heading = async (page, host) => (await page.locator(`${host} .st-details h3`).first().textContent()).trim();
const count = async (page, host) => (await page.locator(`${host} .st-count`).textContent()).trim();
/** Waits until the fragment, decoded, includes every one of `parts`. */
function waitForFragment(page, parts) {
  return page.waitForFunction(
    (want) => {
      const have = decodeURIComponent(location.hash.slice(1)).split("&");
      return want.every((p) => have.includes(p));
    },
    parts,
  );
}

describe("link-state: the view in the page URL's fragment", () => {
  test("selecting, filtering and searching write the fragment with replaceState; the URL restores them", async () => {
    const { context, page, errors } = await open("two.html");
    await ready(page, "#story");
    await ready(page, "#gulf");
    const length = await page.evaluate(() => history.length);
    // The first render's default state writes nothing.
    await page.waitForTimeout(600);
    assert.equal(await fragment(page), "");

    await page.locator('#story [role="option"][data-code="KW"]').click();
    await page.locator('#story select[data-filter="measures"]').selectOption("residence_restriction");
    await page.locator('#gulf input[type="search"]').pressSequentially("visa", { delay: 30 });
    await waitForFragment(page, ["story.country=KW", "story.measure=residence_restriction", "gulf.search=visa"]);
    assert.equal(await page.evaluate(() => history.length), length, "replaceState, never pushState");
    const hash = await fragment(page);
    assert.doesNotMatch(hash, /story\.search|gulf\.country|gulf\.measure/, hash);
    // Typing was written once the reader paused: no key for a part of the word.
    assert.doesNotMatch(decodeURIComponent(hash), /search=vis(&|$)/);

    // The same URL in a new page: both widgets come back as they were.
    const url = page.url();
    const again = await open(new URL(url).pathname.slice(1) + new URL(url).hash);
    await ready(again.page, "#story");
    await ready(again.page, "#gulf");
    assert.equal(await heading(again.page, "#story"), "Kuwait");
    assert.equal(await again.page.locator('#story select[data-filter="measures"]').inputValue(), "residence_restriction");
    assert.equal(await count(again.page, "#story"), "2 of 4 countries");
    assert.equal(await again.page.locator('#gulf input[type="search"]').inputValue(), "visa");
    assert.equal(await count(again.page, "#gulf"), "1 of 2 countries");
    assert.equal(await heading(again.page, "#gulf"), "Details");
    // Restoring is not a change: the fragment stays as it was given.
    await again.page.waitForTimeout(600);
    assert.equal(await fragment(again.page), hash);
    // Reload keeps it too.
    await again.page.reload();
    await ready(again.page, "#story");
    assert.equal(await heading(again.page, "#story"), "Kuwait");

    // Clearing back to the start view removes the widget's keys.
    await page.locator("#story button.st-clear").click();
    await page.keyboard.press("Escape");
    await page.locator('#gulf input[type="search"]').fill("");
    await page.waitForFunction(() => location.hash === "");
    assert.deepEqual(errors, []);
    assert.deepEqual(again.errors, []);
    await again.context.close();
    await context.close();
  });

  test("the page's own keys survive; a plain anchor is left alone", async () => {
    const { context, page, errors } = await open("two.html#top=1&note=a+b%2Fc");
    await ready(page, "#story");
    await page.locator('#story [role="option"][data-code="SN"]').click();
    await page.waitForFunction(() => location.hash.includes("story.country=SN"));
    assert.equal(await fragment(page), "#top=1&note=a+b%2Fc&story.country=SN");

    const anchor = await open("two.html#section-3");
    await ready(anchor.page, "#story");
    await anchor.page.locator('#story [role="option"][data-code="SN"]').click();
    await anchor.page.locator('#story input[type="search"]').fill("visa");
    await anchor.page.waitForTimeout(700);
    assert.equal(await fragment(anchor.page), "#section-3");
    assert.deepEqual(errors, []);
    assert.deepEqual(anchor.errors, []);
    await anchor.context.close();
    await context.close();
  });

  test("bad values in the fragment are ignored, with no error", async () => {
    const bad =
      "two.html#story.country=XX&story.measure=nuclear&story.region=mars&story.resolution=1" +
      "&story.asof=2017-13&story.hidelow=1&story.search=visa&gulf.country=PL&gulf.measure=%E0%A4";
    const { context, page, errors } = await open(bad);
    await ready(page, "#story");
    await ready(page, "#gulf");
    assert.equal(await heading(page, "#story"), "Details");
    assert.equal(await page.locator('#story select[data-filter="measures"]').inputValue(), "");
    assert.equal(await page.locator('#story input[type="search"]').inputValue(), "visa");
    assert.equal(await count(page, "#story"), "2 of 4 countries");
    // A value that is not valid %-encoding is ignored; gulf has no Poland.
    assert.equal(await count(page, "#gulf"), "2 of 2 countries");
    assert.equal(await heading(page, "#gulf"), "Details");
    assert.deepEqual(errors, []);
    await context.close();

    // A country the restored filter does not show is cleared by the state's constrain().
    const hidden = await open("two.html#story.country=PL&story.measure=residence_restriction");
    await ready(hidden.page, "#story");
    assert.equal(await heading(hidden.page, "#story"), "Details");
    assert.equal(await count(hidden.page, "#story"), "2 of 4 countries");
    assert.deepEqual(hidden.errors, []);
    await hidden.context.close();
  });

  test("a hashchange (the reader edits the URL) applies the new view", async () => {
    const { context, page, errors } = await open("two.html#keep=1");
    await ready(page, "#story");
    await ready(page, "#gulf");
    await page.evaluate(() => (location.hash = "keep=1&story.country=QA&gulf.search=visa"));
    await page.waitForFunction(
      () => document.querySelector("#story").shadowRoot.querySelector(".st-details h3")?.textContent.trim() === "Qatar",
    );
    assert.equal(await page.locator('#gulf input[type="search"]').inputValue(), "visa");
    assert.equal(await count(page, "#gulf"), "1 of 2 countries");
    await page.evaluate(() => (location.hash = "keep=1&gulf.search=visa&story.country=nowhere"));
    await page.waitForFunction(
      () => document.querySelector("#story").shadowRoot.querySelector(".st-details h3")?.textContent.trim() === "Details",
    );
    // A plain anchor (an in-page link) leaves both widgets as they are.
    await page.evaluate(() => (location.hash = "section-3"));
    await page.waitForTimeout(400);
    assert.equal(await page.locator('#gulf input[type="search"]').inputValue(), "visa");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("without the attribute nothing is written and no Copy link shows", async () => {
    const { context, page, errors } = await open("index.html");
    await ready(page, "sanctions-tracker");
    assert.equal(await page.locator("sanctions-tracker .st-copylink").isVisible(), false);
    await page.locator('sanctions-tracker [role="option"][data-code="KW"]').click();
    await page.locator('sanctions-tracker input[type="search"]').fill("visa");
    await page.waitForTimeout(700);
    assert.equal(await fragment(page), "");
    // Not read either.
    const other = await open("index.html#st1.country=QA");
    await ready(other.page, "sanctions-tracker");
    assert.equal(await heading(other.page, "sanctions-tracker"), "Poland");
    assert.deepEqual(errors, []);
    assert.deepEqual(other.errors, []);
    await other.context.close();
    await context.close();
  });

  test("Copy link puts the URL on the clipboard and says so", async () => {
    const { context, page, errors } = await open("two.html", { permissions: ["clipboard-read", "clipboard-write"] });
    await ready(page, "#story");
    await page.locator('#story [role="option"][data-code="QA"]').click();
    // At once, before the write's delay: the copy writes what is pending.
    await page.locator("#story .st-copylink").click();
    await page.waitForFunction(() =>
      /Link copied/.test(document.querySelector("#story").shadowRoot.querySelector(".st-sharestatus[aria-live=polite]").textContent),
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url());
    assert.match(copied, /#story\.country=QA$/);
    assert.equal(await page.locator("#story .st-linkfield").isVisible(), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("with the clipboard refused, the link is selected in a read-only field", async () => {
    const { context, page, errors } = await open("two.html", {
      init: () => {
        if (navigator.clipboard) {
          navigator.clipboard.writeText = () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
        }
      },
    });
    await ready(page, "#gulf");
    await page.locator('#gulf [role="option"][data-code="KW"]').click();
    await page.locator("#gulf .st-copylink").click();
    const field = page.locator("#gulf .st-linkfield");
    await field.waitFor({ state: "visible" });
    assert.equal(await field.inputValue(), page.url());
    assert.match(await field.inputValue(), /#gulf\.country=KW$/);
    assert.equal(await field.getAttribute("readonly"), "");
    const selected = await page.$eval("#gulf", (el) => {
      const f = el.shadowRoot.querySelector(".st-linkfield");
      return { focused: el.shadowRoot.activeElement === f, start: f.selectionStart, end: f.selectionEnd, length: f.value.length };
    });
    assert.deepEqual(selected, { focused: true, start: 0, end: selected.length, length: selected.length });
    await page.waitForFunction(() =>
      /Copy the link from the field/.test(document.querySelector("#gulf").shadowRoot.querySelector(".st-sharestatus").textContent),
    );
    // The field follows the view.
    await page.locator('#gulf [role="option"][data-code="QA"]').click();
    await page.waitForFunction(() => /gulf\.country=QA$/.test(document.querySelector("#gulf").shadowRoot.querySelector(".st-linkfield").value));
    assert.deepEqual(errors, []);
    await context.close();
  });
});
