// Unit tests of the shareable view's fragment format (www/tracker/link-codec.js),
// a pure module, run in Node: parsing like URLSearchParams, foreign keys kept
// as written, a plain anchor left alone, and what a dataset does not have ignored.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MAX_SEARCH,
  decodeView,
  encodeView,
  fieldsOf,
  isPartialDate,
  parseFragment,
  sameFields,
  writeFragment,
} from "../../www/tracker/link-codec.js";

const NO_FILTER = { measures: [], resolutions: [], regions: [], text: "" };
const KNOWN = {
  known: {
    countries: new Set(["PL", "KW", "QA", "SN"]),
    measures: new Set(["visa_suspension", "residence_restriction"]),
    regions: new Set(["europe", "middle_east"]),
    resolutions: new Set(["2371", "2375"]),
  },
  hideLow: true,
  startCountry: null,
};

test("key=value fragments parse; a plain anchor is not ours, a part with broken %-encoding no widget's", () => {
  assert.deepEqual(parseFragment(""), []);
  assert.deepEqual(parseFragment("#"), []);
  assert.deepEqual(parseFragment("#a=1&&b=x+y%20z"), [
    { raw: "a=1", key: "a", value: "1" },
    { raw: "b=x+y%20z", key: "b", value: "x y z" },
  ]);
  assert.equal(parseFragment("#section-3"), null);
  assert.equal(parseFragment("#a=1&section"), null);
  assert.deepEqual(parseFragment("#a=%E0%A4%A&st1%ZZ.search=x"), [
    { raw: "a=%E0%A4%A", key: "a", value: null },
    { raw: "st1%ZZ.search=x", key: null, value: "x" },
  ]);
  const broken = parseFragment("st1.search=%E0&st1.country=PL&x%=1");
  assert.deepEqual(fieldsOf(broken, "st1"), { country: ["PL"] });
  assert.equal(writeFragment(broken, "st1", {}), "x%=1");
  assert.deepEqual(parseFragment("#k="), [{ raw: "k=", key: "k", value: "" }]);
});

test("a view's fields leave out the start view, and round-trip through the fragment", () => {
  assert.deepEqual(encodeView({ selected: null, filter: NO_FILTER }, null), {});
  assert.deepEqual(encodeView({ selected: "PL", filter: NO_FILTER }, "PL"), {});
  assert.deepEqual(encodeView({ selected: null, filter: NO_FILTER }, "PL"), { country: [""] });
  const view = {
    selected: "KW",
    filter: { ...NO_FILTER, measures: ["visa_suspension"], regions: ["middle_east"], text: "visa & ban+", hide_low_confidence: true, as_of: "2017-09" },
  };
  const fields = encodeView(view, null);
  const text = writeFragment([], "story", fields);
  assert.equal(
    text,
    "story.country=KW&story.measure=visa_suspension&story.region=middle_east&story.search=visa%20%26%20ban%2B&story.hidelow=1&story.asof=2017-09",
  );
  const back = fieldsOf(parseFragment(text), "story");
  assert.ok(sameFields(back, fields));
  const decoded = decodeView(back, KNOWN);
  assert.equal(decoded.selected, "KW");
  assert.deepEqual(decoded.filter, {
    measures: ["visa_suspension"],
    resolutions: [],
    regions: ["middle_east"],
    text: "visa & ban+",
    hide_low_confidence: true,
    as_of: "2017-09",
  });
});

test("other keys stay as written and where they were; ours replace ours", () => {
  const parts = parseFragment("#top=1&gulf.search=a+b&story.country=PL&story.search=x&z=%7e");
  const text = writeFragment(parts, "story", { country: ["QA"] });
  assert.equal(text, "top=1&gulf.search=a+b&story.country=QA&z=%7e");
  assert.equal(writeFragment(parts, "story", {}), "top=1&gulf.search=a+b&z=%7e");
  assert.equal(writeFragment(parseFragment("top=1"), "st1", { search: ["q"] }), "top=1&st1.search=q");
  // A namespace with characters of the syntax is encoded, and found again.
  const odd = writeFragment([], "a&b=c", { search: ["q"] });
  assert.equal(odd, "a%26b%3Dc.search=q");
  assert.deepEqual(fieldsOf(parseFragment(odd), "a&b=c"), { search: ["q"] });
  // Another widget's keys that share a prefix are not ours.
  assert.deepEqual(fieldsOf(parseFragment("storyteller.search=x&story.unknown=1"), "story"), {});
});

test("what the dataset does not have is ignored, never an error", () => {
  const fields = fieldsOf(
    parseFragment(
      "story.country=XX&story.measure=nuclear&story.measure=visa_suspension&story.measure=visa_suspension&story.region=mars&story.resolution=9999&story.hidelow=yes&story.asof=2017-02-29",
    ),
    "story",
  );
  const v = decodeView(fields, { ...KNOWN, startCountry: "PL" });
  assert.equal(v.selected, "PL", "an unknown country falls back to the start country");
  assert.deepEqual(v.filter, { measures: ["visa_suspension"], resolutions: [], regions: [], text: "" });
  assert.equal(decodeView({ country: [" kw "] }, KNOWN).selected, "KW");
  assert.equal(decodeView({ country: [""] }, { ...KNOWN, startCountry: "PL" }).selected, null);
  assert.equal(decodeView({ hidelow: ["1"] }, { ...KNOWN, hideLow: false }).filter.hide_low_confidence, undefined);
  assert.equal(decodeView({ search: ["x".repeat(1000)] }, KNOWN).filter.text.length, MAX_SEARCH);
});

test("dates as the filter takes them", () => {
  for (const ok of ["2017", "2017-09", "2017-09-30", "2016-02-29", "2000-02-29"]) assert.ok(isPartialDate(ok), ok);
  for (const bad of ["", "17", "2017-9", "2017-13", "2017-00", "2017-09-31", "1900-02-29", "2017-02-29", "2017-09-01x", undefined]) {
    assert.ok(!isPartialDate(bad), String(bad));
  }
});
