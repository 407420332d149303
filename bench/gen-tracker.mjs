// A synthetic tracker at real scale: the test fixture of issue 10.
//
// Why it exists: the seed story has four countries and one date range; a
// newsroom's own tracker of the measures against North Korean workers
// abroad has about 35 countries and territories, 80 steps from late 2016 to
// 2020, 30 figure series from several reports, quotes in four languages and
// many uncertain or disputed facts. This writes such a dataset from a fixed
// seed so the end-to-end tests and `make bench` see every shape of the
// format (schema_version 2, docs/format.md) at that scale.
//
// It is clearly synthetic: the countries are real (their names, codes and
// regions are what the map needs), but every step, figure, quote, speaker
// and source is invented; titles and publishers say "synthetic" and every
// URL is on example.org. It is never shipped nor shown as real.
//
// Two files, the same facts:
//   tests/fixtures/tracker-35.json     schema_version 2: findings, periods,
//                                      half years, open starts, confidence,
//                                      inferred dates and titles, disputes,
//                                      quotes with lang and translations,
//                                      figures with several sources, bounds,
//                                      peaks and conflicting values, Taiwan
//                                      as a non-member, two regions and none
//   tests/fixtures/tracker-35-v1.json  the same tracker squeezed into
//                                      schema_version 1 (what today's format
//                                      forces: an invented region, speaker,
//                                      stage, one source, no period): the
//                                      "before" of the measurements
//
// Command line: node bench/gen-tracker.mjs [--check]
//   writes both files (--check: exits 1 if the files differ from what it
//   would write, so a test can tell that the fixture is up to date)
// From code:    generateTracker({ seed }) -> v2 dataset; toV1(dataset) -> v1 dataset

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pad, rng } from "./gen-dataset.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_V2 = join(ROOT, "tests/fixtures/tracker-35.json");
const OUT_V1 = join(ROOT, "tests/fixtures/tracker-35-v1.json");

/**
 * The 35 countries and territories: [code, name, region (a key, two keys,
 * or null for none given), extra]. Small states the map cannot draw as
 * shapes at phone width are here on purpose (Singapore, Malta, Bahrain,
 * Qatar, Kuwait, Fiji, Equatorial Guinea...).
 */
export const PLACES = [
  ["PL", "Poland", "europe"],
  ["DE", "Germany", "europe"],
  ["FR", "France", "europe"],
  ["MT", "Malta", "europe"],
  ["CZ", "Czechia", "europe"],
  ["BG", "Bulgaria", "europe"],
  ["RO", "Romania", "europe"],
  ["RU", "Russia", ["europe", "asia"]],
  ["TR", "Turkey", null],
  ["QA", "Qatar", "middle_east"],
  ["KW", "Kuwait", "middle_east"],
  ["AE", "United Arab Emirates", "middle_east"],
  ["BH", "Bahrain", "middle_east"],
  ["OM", "Oman", "middle_east"],
  ["SA", "Saudi Arabia", "middle_east"],
  ["CN", "China", "asia"],
  ["MN", "Mongolia", "asia"],
  ["VN", "Vietnam", "asia"],
  ["KH", "Cambodia", "asia"],
  ["LA", "Laos", "asia"],
  ["MY", "Malaysia", "asia"],
  ["SG", "Singapore", "asia"],
  ["TW", "Taiwan", "asia", { un_member: false }],
  ["NP", "Nepal", "asia"],
  ["BD", "Bangladesh", "asia"],
  ["TH", "Thailand", "asia"],
  ["AO", "Angola", "africa"],
  ["GQ", "Equatorial Guinea", "africa"],
  ["NG", "Nigeria", "africa"],
  ["SN", "Senegal", "africa"],
  ["UG", "Uganda", "africa"],
  ["TZ", "Tanzania", "africa"],
  ["FJ", "Fiji", "oceania"],
  ["PG", "Papua New Guinea", "oceania"],
  ["PE", "Peru", "americas"],
];

const MEASURES = [
  "expulsion",
  "residence_restriction",
  "work_permit_freeze",
  "employment_approval_halt",
  "visa_suspension",
  "diplomatic",
  "other",
];
const STAGES = ["announced", "in_force", "reported"];
const CONFIDENCE = ["high", "medium", "low"];
const PUBLISHERS = ["Synthetic Wire", "Example Daily", "Placeholder News Agency", "Fixture Herald"];
const AGENCY = "Synthetic national report to the 1718 Committee";
const VERBS = ["froze", "halted", "suspended", "stopped renewing", "reviewed", "cancelled", "restricted"];
const OBJECTS = [
  "work permits for North Korean nationals",
  "residence permits of North Korean workers",
  "new employment approvals",
  "visas for construction crews",
  "contracts with North Korean firms",
  "permits on building sites and in shipyards",
];
/** Invented quotes in the four languages of the fixture, with an English translation. */
const QUOTES = [
  ["fr", "nous n'accordons plus de permis de travail (citation synthétique)", "we no longer grant work permits (synthetic quote)"],
  ["de", "keine neuen Arbeitserlaubnisse werden erteilt (synthetisches Zitat)", "no new work permits are issued (synthetic quote)"],
  ["ko", "신규 노동 허가를 내주지 않는다 (가상 인용)", "no new labour permits are granted (synthetic quote)"],
  ["en", "the remaining workers will leave by the end of the year (synthetic quote)", null],
];
const SPEAKERS = ["A labour ministry spokesperson (synthetic)", "The interior minister (synthetic)", "An embassy official (synthetic)"];
const METRICS = [
  ["North Korean workers present", "workers", "level"],
  ["Work permits issued", "permits", "per_period"],
  ["Visas issued to North Korean nationals", "visas", "per_period"],
  ["North Korean workers repatriated", "workers", "per_period"],
];
const RESOLUTION_IDS = ["2321", "2371", "2375", "2397"];

/** The tracker (schema_version 2), the same for the same seed. */
export function generateTracker({ seed = 2020 } = {}) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  let sourceNo = 0;

  /** A source; `agency` an official report with no named speaker. */
  const source = ({ agency = false, quote = null, when = null } = {}) => {
    const n = ++sourceNo;
    const s = {
      publisher: agency ? `${AGENCY}` : `${pick(PUBLISHERS)} (synthetic)`,
      url: `https://example.org/synthetic-tracker/${n}`,
      title: `Synthetic report ${n}`,
    };
    if (rand() < 0.15) s.title_inferred = true;
    if (when) s.date = when;
    if (quote) s.quote = quote;
    return s;
  };
  /** A quote in one of the four languages; a speaker only sometimes (reports rarely name one). */
  const quote = (i) => {
    const [lang, text, english] = QUOTES[i % QUOTES.length];
    const q = { text, lang };
    if (rand() < 0.35) q.speaker = pick(SPEAKERS);
    if (english) q.translation = { text: english, lang: "en" };
    // Some editors paste the quotation marks with the words: validate tidies them.
    if (i % 11 === 5) q.text = `“${q.text}”`;
    return q;
  };
  /** A date from October 2016 to 2020 in every form the format has, by `form`. */
  const date = (form) => {
    const y = int(2017, 2020);
    const m = int(1, 12);
    switch (form) {
      case "early":
        return `2016-${pad(int(10, 12))}-${pad(int(1, 28))}`;
      case "year":
        return `${y}`;
      case "month":
        return `${y}-${pad(m)}`;
      case "half":
        return `${int(2018, 2020)}-H${int(1, 2)}`;
      case "period": {
        const y0 = int(2017, 2019);
        const m0 = int(1, 10);
        return { from: `${y0}-${pad(m0)}`, to: `${y0 + 1}-${pad(int(1, 3))}` };
      }
      case "since":
        return { from: `2017-${pad(int(8, 12))}-${pad(int(1, 28))}` };
      default:
        return `${y}-${pad(m)}-${pad(int(1, 28))}`;
    }
  };
  const FORMS = ["day", "day", "day", "month", "month", "year", "half", "period", "since"];

  const out = {
    schema_version: 2,
    meta: {
      kind: "compilation",
      title: "Synthetic tracker: 35 countries and territories, 2016-2020 (test data)",
      summary:
        "Generated by bench/gen-tracker.mjs to test the widget at a real tracker's scale. Not real data: every step, figure, quote and source is invented; only the country names are real.",
      maintainer: "sanctions-tracker tests (synthetic)",
      updated: "2020-12-31",
      language: "en",
      credits: [`Synthetic data, deterministic seed ${seed}.`],
    },
    resolutions: [
      { id: "2321", adopted: "2016-11-30", requires: "Synthetic summary of resolution 2321 for the test data." },
      { id: "2371", adopted: "2017-08-05", requires: "Synthetic summary of resolution 2371 for the test data." },
      { id: "2375", adopted: "2017-09-11", requires: "Synthetic summary of resolution 2375 for the test data." },
      { id: "2397", adopted: "2017-12-22", requires: "Synthetic summary of resolution 2397 for the test data." },
    ],
    countries: PLACES.map(([code, name, region, extra]) => {
      const c = { code, name };
      if (region) c.region = region;
      return { ...c, ...(extra || {}) };
    }),
    steps: [],
    figures: [],
  };

  // 80 steps: every country at least one; findings, disputes and every date form spread through.
  for (let i = 0; i < 80; i++) {
    const [code, name] = i < PLACES.length ? PLACES[i] : PLACES[int(0, PLACES.length - 1)];
    const finding = i % 6 === 3;
    const form = i < 3 ? "early" : FORMS[i % FORMS.length];
    const step = { id: `syn-${i}`, country: code };
    const when = date(form);
    if (finding) {
      step.kind = "finding";
      const none = i % 12 === 3;
      step.finding = none ? "no_workers" : "non_compliance";
      step.date = when;
      step.description = none
        ? `The government of ${name} stated that no North Korean workers remain in the country (synthetic finding ${i}).`
        : `${int(3, 60)} North Korean workers were reported on a building site in ${name} (synthetic finding ${i}).`;
    } else {
      step.date = when;
      step.measure = MEASURES[i % MEASURES.length];
      step.description = `The authorities of ${name} ${pick(VERBS)} ${pick(OBJECTS)} (synthetic step ${i}).`;
      if (i % 4 !== 1) step.date_kind = STAGES[i % STAGES.length];
      if (i % 3 !== 2) step.status = step.date_kind === "announced" ? "announced" : pick(["in_force", "reported"]);
    }
    if (i % 7 !== 6) step.confidence = CONFIDENCE[i % CONFIDENCE.length];
    if (i % 9 === 4) step.date_inferred = true;
    const r = i % 10;
    if (r < 6) step.resolutions = [RESOLUTION_IDS[i % RESOLUTION_IDS.length]];
    else if (r < 8) step.resolutions = ["2371", "2375"];
    else if (r === 8) step.resolutions = ["unspecified"];
    const agency = i % 5 === 2;
    step.sources = [source({ agency, quote: i % 3 === 0 ? quote(i) : null, when: "2020-06-30" })];
    if (i % 4 === 0 || i % 8 === 5) step.sources.push(source({ when: "2020-07-15" }));
    if (i % 8 === 5) {
      step.disputes = [
        {
          about: "the number of workers concerned",
          claims: [
            { source: 0, says: `About ${int(100, 300)} workers were concerned (synthetic claim).` },
            { source: 1, says: `Fewer than ${int(20, 90)} workers were concerned (synthetic claim).` },
          ],
        },
      ];
    }
    if (i % 13 === 7) step.note = "A synthetic note: the report does not say when the measure took effect.";
    out.steps.push(step);
  }

  // 30 figure series: levels and counts, several reports, bounds, peaks, conflicts.
  for (let i = 0; i < 30; i++) {
    const [code] = PLACES[(i * 7) % PLACES.length];
    const [metric, unit, kind] = METRICS[i % METRICS.length];
    const sources = [source({ agency: i % 2 === 0, when: "2020-03-31" })];
    if (i % 3 === 0) sources.push(source({ when: "2020-09-30" }));
    const values = [];
    let level = int(200, 4000);
    const n = int(3, 5); // 2016 to 2020 at most
    for (let k = 0; k < n; k++) {
      const y = 2016 + k;
      const v = {};
      if (i % 5 === 4 && k === 1) v.date = `${y}-H2`;
      else if (i % 7 === 3 && k === 2) v.date = { from: `${y}-11`, to: `${y + 1}-02` };
      else v.date = kind === "level" ? `${y}-${pad(int(1, 12))}` : `${y}`;
      level = Math.max(0, level - int(0, 600));
      const number = kind === "level" ? level : int(0, 400);
      if (k === n - 1 && i % 4 === 1) v.at_most = number;
      else if (k === 0 && i % 6 === 2) v.at_least = number;
      else if (k === 0 && i % 6 === 5) {
        v.at_least = Math.floor(number / 2);
        v.at_most = number;
      } else v.value = number;
      if (v.date.from && kind === "level") v.peak = true;
      if (rand() < 0.2) v.approximate = true;
      if (k % 3 === 1) v.confidence = CONFIDENCE[(i + k) % 3];
      values.push(v);
      // A second report's different number for the same date: both kept.
      if (sources.length > 1 && k === 1 && v.value !== undefined) {
        values.push({
          date: v.date,
          value: v.value + int(50, 300),
          source: 1,
          note: "A second synthetic report gives a higher number for the same date.",
        });
      }
    }
    const fig = { id: `fig-${i}`, country: code, metric, unit, kind, values, sources };
    if (i % 4 === 0) fig.note = "A long synthetic note on how to read these numbers, which is long enough to wrap on a phone: the reports count workers at different times of the year and with different methods.";
    if (i % 5 === 0) fig.confidence = "medium";
    out.figures.push(fig);
  }
  return out;
}

/** The v1 value of a v2 date: a period's start (or its year), a half year's year. */
function v1Date(d) {
  if (typeof d === "object") return d.from;
  const half = /^(\d{4})-H[12]$/.exec(d);
  return half ? half[1] : d;
}

/**
 * The same tracker in schema_version 1: what today's format forces an editor
 * to do with these facts (invent a region, a speaker and a stage; keep one
 * source per figure; reduce a period to its start; call a finding "other").
 */
export function toV1(v2) {
  const ids = new Set(v2.resolutions.map((r) => r.id));
  const quoteV1 = (q) => (q ? { text: q.text.replace(/^“|”$/g, ""), speaker: q.speaker ?? "Not named (synthetic)", translated: false } : undefined);
  const sourceV1 = (s) => {
    const o = { publisher: s.publisher, url: s.url, title: s.title };
    if (s.date) o.date = s.date;
    if (s.quote) o.quote = quoteV1(s.quote);
    return o;
  };
  return {
    schema_version: 1,
    meta: {
      title: v2.meta.title,
      summary: v2.meta.summary,
      publisher: v2.meta.maintainer,
      published: v2.meta.updated,
      source_url: "https://example.org/synthetic-tracker",
      credits: v2.meta.credits,
    },
    resolutions: v2.resolutions,
    countries: v2.countries.map((c) => ({
      code: c.code,
      name: c.name,
      region: Array.isArray(c.region) ? c.region[0] : (c.region ?? "europe"),
    })),
    steps: v2.steps.map((s) => {
      const o = {
        id: s.id,
        country: s.country,
        date: v1Date(s.date),
        date_kind: s.date_kind ?? "reported",
        measure: s.measure ?? "other",
        description: s.description,
        status: s.status ?? "reported",
        sources: s.sources.map(sourceV1),
      };
      const res = (s.resolutions || []).filter((r) => ids.has(r));
      if (res.length) o.resolutions = res;
      const notes = [s.note, ...(s.disputes || []).map((d) => d.claims.map((c) => c.says).join(" / "))].filter(Boolean);
      if (notes.length) o.note = notes.join(" ");
      return o;
    }),
    figures: v2.figures.map((f) => {
      const seen = new Set();
      const values = [];
      for (const v of f.values) {
        if ((v.source ?? 0) !== 0) continue;
        const date = v1Date(v.date);
        if (seen.has(date)) continue;
        seen.add(date);
        const o = { date, value: v.value ?? v.at_least ?? v.at_most, approximate: Boolean(v.approximate) };
        values.push(o);
      }
      const o = { id: f.id, country: f.country, metric: f.metric, unit: f.unit, kind: f.kind, values, source: sourceV1(f.sources[0]) };
      if (f.note) o.note = f.note;
      return o;
    }),
  };
}

// Command line.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const v2 = generateTracker();
  const files = [
    [OUT_V2, JSON.stringify(v2, null, 1) + "\n"],
    [OUT_V1, JSON.stringify(toV1(v2), null, 1) + "\n"],
  ];
  let stale = false;
  for (const [path, text] of files) {
    if (check) {
      let old = "";
      try {
        old = readFileSync(path, "utf8");
      } catch {
        /* missing: stale */
      }
      if (old !== text) {
        console.error(`${path} is not what bench/gen-tracker.mjs writes: run node bench/gen-tracker.mjs`);
        stale = true;
      }
    } else writeFileSync(path, text);
  }
  process.exit(stale ? 1 : 0);
}
