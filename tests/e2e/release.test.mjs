// The RELEASE build, exactly as it ships (www/dist/pkg: the wasm after wasm-opt,
// the glue after terser),
// loaded in headless Chromium. `wasm-pack test` only ever runs the debug build,
// which never goes through wasm-opt, so this is the test that catches a broken
// release (e.g. Debian's binaryen 108 yields a module whose instantiation
// fails with a `WebAssembly.Table.set()` error).
//
// Needs `make build` first (`make test` does it). Run: node --test tests/e2e/

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./browser.mjs";
import { serve } from "../../tools/serve.mjs";

const www = fileURLToPath(new URL("../../www/", import.meta.url));
const wasmPath = `${www}dist/pkg/sanctions_tracker_bg.wasm`;
const seedPath = `${www}data/north-korean-workers-2017.json`;

// A small dataset valid under every rule of the format.
const TINY = {
  schema_version: 1,
  meta: {
    title: "Test data",
    publisher: "Test desk",
    published: "2017-09-28",
    source_url: "https://example.org/story",
  },
  resolutions: [
    { id: "2371", adopted: "2017-08-05", requires: "Caps the work permits of North Korean workers." },
  ],
  countries: [{ code: "PL", name: "Poland", region: "europe" }],
  steps: [
    {
      id: "pl-1",
      country: "PL",
      date: "2017-09-27",
      date_kind: "announced",
      measure: "work_permit_freeze",
      description: "No new work permits.",
      resolutions: ["2371"],
      status: "announced",
      sources: [{ publisher: "Test desk", url: "https://example.org/story", date: "2017-09-28" }],
    },
  ],
  figures: [],
};

/** Names of the custom sections of a wasm module. */
function customSections(bytes) {
  const names = [];
  let i = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[i++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return result;
    }
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 0) {
      const nameLength = leb();
      names.push(new TextDecoder().decode(bytes.subarray(i, i + nameLength)));
    }
    i = end;
  }
  return names;
}

describe("release build in headless Chromium", () => {
  let server;
  let browser;
  let page;
  const consoleMessages = [];
  const pageErrors = [];

  before(async () => {
    assert.ok(existsSync(wasmPath), `${wasmPath} is missing: run \`make build\` first`);
    server = await serve(www, 0);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("console", (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${server.url}tests/release-smoke.html`);
    await page.waitForFunction(() => window.smoke !== undefined, null, { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the wasm is served as application/wasm and went through wasm-opt", async () => {
    const response = await fetch(`${server.url}dist/pkg/sanctions_tracker_bg.wasm`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/wasm");
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
    // rustc and wasm-bindgen leave `name` and `producers` sections; the Makefile's
    // `wasm-opt -Oz --strip-debug --strip-producers` removes them.
    const sections = customSections(bytes);
    assert.ok(!sections.includes("name"), `custom sections: ${sections}`);
    assert.ok(!sections.includes("producers"), `custom sections: ${sections}`);
  });

  test("the release module instantiates, with no error or warning", async () => {
    const smoke = await page.evaluate(() => window.smoke);
    assert.equal(smoke.error, undefined, JSON.stringify(smoke.error));
    assert.equal(smoke.instantiated, true);
    assert.deepEqual(pageErrors, []);
    const bad = consoleMessages.filter((m) => /^(error|warning):/.test(m));
    assert.deepEqual(bad, []);
  });

  test("loads a dataset from an object and from JSON text", async () => {
    const result = await page.evaluate((tiny) => {
      const { Tracker } = window.sanctionsTracker;
      const a = Tracker.fromObject(tiny);
      const b = Tracker.fromJson(JSON.stringify(tiny));
      const out = {
        meta: a.meta(),
        metaFromText: b.meta(),
        warnings: a.warnings(),
        plain: Object.getPrototypeOf(a.meta()) === Object.prototype,
      };
      a.free();
      b.free();
      return out;
    }, TINY);
    assert.equal(result.plain, true);
    assert.deepEqual(result.meta, TINY.meta);
    assert.deepEqual(result.metaFromText, TINY.meta);
    assert.ok(Array.isArray(result.warnings));
  });

  test("wrong arguments throw Errors with problems, and the module keeps working", async () => {
    const result = await page.evaluate((tiny) => {
      const { Tracker } = window.sanctionsTracker;
      const attempts = [
        () => Tracker.fromJson(42),
        () => Tracker.fromJson(undefined),
        () => Tracker.fromJson(null),
        () => Tracker.fromJson(),
        () => Tracker.fromObject(42),
        () => Tracker.fromObject(undefined),
        () => Tracker.fromObject(null),
        () => Tracker.fromObject("{}"),
      ];
      const errors = attempts.map((attempt) => {
        try {
          attempt();
          return { threw: false };
        } catch (e) {
          return {
            threw: true,
            isError: e instanceof Error,
            kind: e.kind,
            message: e.message,
            problems: e.problems,
          };
        }
      });
      const tracker = Tracker.fromObject(tiny);
      const stillWorks = tracker.meta().title;
      tracker.free();
      return { errors, stillWorks };
    }, TINY);
    for (const e of result.errors) {
      assert.equal(e.threw, true);
      assert.equal(e.isError, true);
      assert.equal(e.kind, "argument");
      assert.match(e.message, /^bad argument: Tracker\.from(Json|Object) expects/);
      assert.equal(e.problems.length, 1);
      assert.equal(e.problems[0].path, "$");
      assert.equal(e.problems[0].severity, "error");
    }
    assert.equal(result.stillWorks, TINY.meta.title);
  });

  test("malformed JSON gives line and column", async () => {
    const error = await page.evaluate(() => {
      try {
        window.sanctionsTracker.Tracker.fromJson('{\n  "schema_version": 1,\n  "meta": {\'title\': "x"}\n}');
      } catch (e) {
        return { message: e.message, kind: e.kind, line: e.line, column: e.column, problems: e.problems };
      }
      return null;
    });
    assert.ok(error, "malformed JSON was accepted");
    assert.equal(error.kind, "json");
    assert.equal(error.line, 3);
    assert.equal(error.column, 12);
    assert.match(error.message, /line 3, column 12/);
    assert.equal(error.problems[0].path, "$");
  });

  test("Tracker.seed() returns the seed story's metadata", async () => {
    const smoke = await page.evaluate(() => window.smoke);
    assert.equal(smoke.seedError, undefined, JSON.stringify(smoke.seedError));
    const file = JSON.parse(await readFile(seedPath, "utf8"));
    assert.deepEqual(smoke.meta, file.meta);
    // From the issue: VOA's story of 28 Sep 2017 as republished by GlobalSecurity.org.
    assert.equal(smoke.meta.published, "2017-09-28");
    assert.match(smoke.meta.source_url, /\/dprk-170928-voa01\.htm$/);
  });

  test("queries on the seed story: four countries by region, Kuwait's details", async () => {
    const result = await page.evaluate(() => {
      const { Tracker } = window.sanctionsTracker;
      const tracker = Tracker.seed();
      try {
        return {
          regions: tracker.regions(),
          visas: tracker.selection({ measures: ["visa_suspension"] }),
          kuwait: tracker.details("KW"),
          badFilter: (() => {
            try {
              tracker.countries({ bogus: true });
              return null;
            } catch (e) {
              return { isError: e instanceof Error, kind: e.kind };
            }
          })(),
        };
      } finally {
        tracker.free();
      }
    });
    const codes = result.regions.flatMap((g) => g.countries.map((c) => c.code)).sort();
    assert.deepEqual(codes, ["KW", "PL", "QA", "SN"]);
    const order = ["americas", "europe", "africa", "middle_east", "asia", "oceania"];
    const regions = result.regions.map((g) => g.region);
    assert.deepEqual(regions, [...regions].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    assert.ok(result.visas.codes.includes("SN"), JSON.stringify(result.visas));
    assert.equal(result.visas.total_countries, 4);
    assert.equal(result.kuwait.code, "KW");
    assert.ok(result.kuwait.steps.some((s) => s.measure === "residence_restriction"));
    assert.deepEqual(result.badFilter, { isError: true, kind: "argument" });
  });
});
