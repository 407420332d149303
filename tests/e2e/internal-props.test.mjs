// tools/internal-props.mjs lists the property names the build shortens in
// the widget's module. The build checks the sources, Rust and the wasm's
// declarations; this checks the other half of the rule, in the browser the
// widget runs in: no listed name is a property name of the DOM, a Web API or
// a JavaScript built-in (every own property name of Chromium's globals, of
// their prototype chains, of their constructors and prototypes, of a
// document and an element). Needs no build.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchChromium } from "./browser.mjs";
import { INTERNAL_PROPS } from "../../tools/internal-props.mjs";

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test("no name tools/internal-props.mjs lists is a property name of Chromium's", async () => {
  const page = await browser.newPage();
  const names = await page.evaluate(() => {
    const seen = new Set();
    const add = (o) => {
      for (let x = o; x; x = Object.getPrototypeOf(x)) for (const k of Object.getOwnPropertyNames(x)) seen.add(k);
    };
    add(window);
    add(document);
    add(document.createElement("div"));
    add(document.createElementNS("http://www.w3.org/2000/svg", "svg"));
    for (const k of Object.getOwnPropertyNames(window)) {
      let v;
      try {
        v = window[k];
      } catch {
        continue;
      }
      if (typeof v === "function") {
        add(v);
        if (v.prototype) add(v.prototype);
      } else if (v && typeof v === "object") add(v);
    }
    return [...seen];
  });
  assert.ok(names.length > 1000, `only ${names.length} names found`);
  const known = new Set(names);
  assert.deepEqual(
    INTERNAL_PROPS.filter((n) => known.has(n)),
    [],
    "these are the browser's names: take them off the list",
  );
  assert.equal(new Set(INTERNAL_PROPS).size, INTERNAL_PROPS.length, "a name listed twice");
  await page.close();
});
