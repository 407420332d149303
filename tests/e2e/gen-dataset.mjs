// A synthetic dataset of any size for timing the widget at scale: `steps`
// steps spread over up to 200 real countries (ISO 3166-1 alpha-2 codes, each
// with its region), with two figures per country. Deterministic (a seeded
// PRNG), valid by the crate's rules, and never shipped: the stories are
// made up ("Synthetic step N"), so it must not be mistaken for data.
//
// From a test or a harness:  import { generate } from "./gen-dataset.mjs";
//                            const data = generate({ steps: 10000, countries: 200 });
// From the shell:            node tests/e2e/gen-dataset.mjs 10000 [200] > data.json

import { fileURLToPath } from "node:url";

/** 200 countries by region, west to east within each (codes the map knows). */
const REGIONS = {
  americas:
    "US CA MX GT BZ SV HN NI CR PA CU JM HT DO BS BB TT GD LC VC AG KN DM CO VE GY SR EC PE BR BO PY UY AR CL PR GL",
  europe:
    "IS NO SE FI DK EE LV LT PL DE NL BE LU FR GB IE PT ES AD MC IT SM MT CH LI AT CZ SK HU SI HR BA RS ME AL MK GR BG RO MD UA BY RU TR CY VA",
  africa:
    "MA DZ TN LY EG SD SS ER DJ ET SO KE UG RW BI TZ MZ MW ZM ZW BW NA ZA LS SZ MG MU SC KM AO CD CG GA GQ CM CF TD NE NG BJ TG GH CI LR SL GN GW SN GM ML MR BF CV ST EH",
  middle_east: "IL PS LB SY JO IQ IR KW SA BH QA AE OM YE",
  asia: "KZ UZ TM KG TJ AF PK IN NP BT BD LK MV MM TH LA KH VN MY SG ID BN PH TL CN MN KR JP TW GE AM AZ",
  oceania: "AU NZ PG FJ SB VU WS TO KI TV NR PW FM MH NC PF",
};

/** Every generator country as [code, region], in a fixed order. */
export const COUNTRIES = Object.entries(REGIONS).flatMap(([region, codes]) =>
  codes.split(" ").map((code) => [code, region]),
);

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
const WORDS =
  "ministry permit visa contract workers embassy labour report decree border quota renewal hiring consulate inspection fishing construction restaurant shipyard logging".split(
    " ",
  );

/** mulberry32: a small seeded PRNG, so every run makes the same dataset. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n) => String(n).padStart(2, "0");

/**
 * A dataset of `steps` steps over `countries` countries (at most 200), two
 * figures per country; `seed` picks the pseudo-random choices.
 */
export function generate({ steps = 10000, countries = 200, seed = 2017 } = {}) {
  const rnd = prng(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  const chosen = COUNTRIES.slice(0, Math.max(1, Math.min(countries, COUNTRIES.length)));
  const source = (i) => ({
    publisher: "Synthetic wire service",
    url: `https://example.org/synthetic/${i}`,
    title: `Synthetic report ${i}`,
    date: "2018-01-15",
  });
  const out = {
    schema_version: 1,
    meta: {
      title: `Synthetic tracker: ${steps} steps in ${chosen.length} countries`,
      summary: "Generated for timing the widget; not real data.",
      publisher: "sanctions-tracker test suite",
      published: "2019-12-31",
      source_url: "https://example.org/synthetic",
    },
    resolutions: [
      { id: "2371", adopted: "2017-08-05", requires: "No additional workers." },
      { id: "2375", adopted: "2017-09-11", requires: "No renewed work contracts." },
    ],
    countries: chosen.map(([code, region]) => ({ code, name: names.of(code) || code, region })),
    steps: [],
    figures: [],
  };
  for (let i = 0; i < steps; i++) {
    const [code] = chosen[i % chosen.length];
    // Weaker measures are commoner, as in the real story.
    const measure = MEASURES[Math.min(MEASURES.length - 1, Math.floor(rnd() * rnd() * 8))];
    const y = 2017 + Math.floor(rnd() * 3);
    const m = 1 + Math.floor(rnd() * 12);
    const precision = rnd();
    const date = precision < 0.1 ? `${y}` : precision < 0.4 ? `${y}-${pad(m)}` : `${y}-${pad(m)}-${pad(1 + Math.floor(rnd() * 28))}`;
    const status = pick(STAGES);
    const resolutions = rnd() < 0.15 ? [] : rnd() < 0.5 ? ["2371"] : rnd() < 0.5 ? ["2375"] : ["2371", "2375"];
    const src = source(i);
    if (rnd() < 0.3) {
      src.quote = { text: `We ${pick(WORDS)} the ${pick(WORDS)} rules`, speaker: `Official ${i % 97}`, translated: rnd() < 0.5 };
    }
    out.steps.push({
      id: `s${i}`,
      country: code,
      date,
      date_kind: status === "in_force" ? "in_force" : pick(["announced", "reported"]),
      measure,
      description: `Synthetic step ${i}: ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} measures for ${pick(WORDS)} workers.`,
      resolutions,
      status,
      sources: [src],
    });
  }
  chosen.forEach(([code], c) => {
    for (let k = 0; k < 2; k++) {
      const kind = k === 0 ? "per_period" : "level";
      out.figures.push({
        id: `f${c}-${k}`,
        country: code,
        metric: k === 0 ? "Work visas issued" : "Workers employed",
        unit: k === 0 ? "visas" : "workers",
        kind,
        values: [2014, 2015, 2016, 2017].map((y) => ({ date: `${y}`, value: Math.floor(rnd() * 500) })),
        source: source(`f${c}-${k}`),
      });
    }
  });
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const steps = Number(process.argv[2] || 10000);
  const countries = Number(process.argv[3] || 200);
  process.stdout.write(JSON.stringify(generate({ steps, countries })));
}
