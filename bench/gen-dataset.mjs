// Synthetic datasets for the scale part of `make bench`.
//
// Why it exists: the seed story has four countries and a handful of steps, so
// it cannot show how load, validation and the widget's interactions grow with
// the data. This writes valid datasets (schema_version 1) of any number of
// steps across 200 real ISO 3166-1 alpha-2 countries with 400 figures, from a
// fixed seed, so every run measures the same bytes. The content is clearly
// synthetic (the title, publisher and every source say so; URLs point to
// example.org) and is never shipped: it is written under bench/out/.
//
// Command line: node bench/gen-dataset.mjs STEPS [OUT.json]   (stdout without OUT)
// From code:    generate(steps, { countries, figures, seed }) -> dataset object

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * 200 real alpha-2 codes, with a name and the widget's region for each.
 * Any code the validator accepts would do; names are ordinary English ones.
 */
export const COUNTRIES = [
  // Europe (45)
  ["AL", "Albania", "europe"], ["AD", "Andorra", "europe"], ["AT", "Austria", "europe"],
  ["BY", "Belarus", "europe"], ["BE", "Belgium", "europe"], ["BA", "Bosnia and Herzegovina", "europe"],
  ["BG", "Bulgaria", "europe"], ["HR", "Croatia", "europe"], ["CY", "Cyprus", "europe"],
  ["CZ", "Czechia", "europe"], ["DK", "Denmark", "europe"], ["EE", "Estonia", "europe"],
  ["FI", "Finland", "europe"], ["FR", "France", "europe"], ["DE", "Germany", "europe"],
  ["GR", "Greece", "europe"], ["HU", "Hungary", "europe"], ["IS", "Iceland", "europe"],
  ["IE", "Ireland", "europe"], ["IT", "Italy", "europe"], ["LV", "Latvia", "europe"],
  ["LI", "Liechtenstein", "europe"], ["LT", "Lithuania", "europe"], ["LU", "Luxembourg", "europe"],
  ["MT", "Malta", "europe"], ["MD", "Moldova", "europe"], ["MC", "Monaco", "europe"],
  ["ME", "Montenegro", "europe"], ["NL", "Netherlands", "europe"], ["MK", "North Macedonia", "europe"],
  ["NO", "Norway", "europe"], ["PL", "Poland", "europe"], ["PT", "Portugal", "europe"],
  ["RO", "Romania", "europe"], ["RU", "Russia", "europe"], ["SM", "San Marino", "europe"],
  ["RS", "Serbia", "europe"], ["SK", "Slovakia", "europe"], ["SI", "Slovenia", "europe"],
  ["ES", "Spain", "europe"], ["SE", "Sweden", "europe"], ["CH", "Switzerland", "europe"],
  ["UA", "Ukraine", "europe"], ["GB", "United Kingdom", "europe"], ["VA", "Vatican City", "europe"],
  // Middle East (15)
  ["BH", "Bahrain", "middle_east"], ["IR", "Iran", "middle_east"], ["IQ", "Iraq", "middle_east"],
  ["IL", "Israel", "middle_east"], ["JO", "Jordan", "middle_east"], ["KW", "Kuwait", "middle_east"],
  ["LB", "Lebanon", "middle_east"], ["OM", "Oman", "middle_east"], ["QA", "Qatar", "middle_east"],
  ["SA", "Saudi Arabia", "middle_east"], ["SY", "Syria", "middle_east"],
  ["AE", "United Arab Emirates", "middle_east"], ["YE", "Yemen", "middle_east"],
  ["TR", "Türkiye", "middle_east"], ["PS", "Palestine", "middle_east"],
  // Asia (34)
  ["AF", "Afghanistan", "asia"], ["AM", "Armenia", "asia"], ["AZ", "Azerbaijan", "asia"],
  ["BD", "Bangladesh", "asia"], ["BT", "Bhutan", "asia"], ["BN", "Brunei", "asia"],
  ["KH", "Cambodia", "asia"], ["CN", "China", "asia"], ["GE", "Georgia", "asia"],
  ["IN", "India", "asia"], ["ID", "Indonesia", "asia"], ["JP", "Japan", "asia"],
  ["KZ", "Kazakhstan", "asia"], ["KG", "Kyrgyzstan", "asia"], ["LA", "Laos", "asia"],
  ["MY", "Malaysia", "asia"], ["MV", "Maldives", "asia"], ["MN", "Mongolia", "asia"],
  ["MM", "Myanmar", "asia"], ["NP", "Nepal", "asia"], ["PK", "Pakistan", "asia"],
  ["PH", "Philippines", "asia"], ["SG", "Singapore", "asia"], ["KR", "South Korea", "asia"],
  ["LK", "Sri Lanka", "asia"], ["TW", "Taiwan", "asia"], ["TJ", "Tajikistan", "asia"],
  ["TH", "Thailand", "asia"], ["TL", "Timor-Leste", "asia"], ["TM", "Turkmenistan", "asia"],
  ["UZ", "Uzbekistan", "asia"], ["VN", "Vietnam", "asia"], ["HK", "Hong Kong", "asia"],
  ["MO", "Macao", "asia"],
  // Africa (54)
  ["DZ", "Algeria", "africa"], ["AO", "Angola", "africa"], ["BJ", "Benin", "africa"],
  ["BW", "Botswana", "africa"], ["BF", "Burkina Faso", "africa"], ["BI", "Burundi", "africa"],
  ["CV", "Cabo Verde", "africa"], ["CM", "Cameroon", "africa"], ["CF", "Central African Republic", "africa"],
  ["TD", "Chad", "africa"], ["KM", "Comoros", "africa"], ["CG", "Congo", "africa"],
  ["CD", "DR Congo", "africa"], ["CI", "Côte d'Ivoire", "africa"], ["DJ", "Djibouti", "africa"],
  ["EG", "Egypt", "africa"], ["GQ", "Equatorial Guinea", "africa"], ["ER", "Eritrea", "africa"],
  ["SZ", "Eswatini", "africa"], ["ET", "Ethiopia", "africa"], ["GA", "Gabon", "africa"],
  ["GM", "Gambia", "africa"], ["GH", "Ghana", "africa"], ["GN", "Guinea", "africa"],
  ["GW", "Guinea-Bissau", "africa"], ["KE", "Kenya", "africa"], ["LS", "Lesotho", "africa"],
  ["LR", "Liberia", "africa"], ["LY", "Libya", "africa"], ["MG", "Madagascar", "africa"],
  ["MW", "Malawi", "africa"], ["ML", "Mali", "africa"], ["MR", "Mauritania", "africa"],
  ["MU", "Mauritius", "africa"], ["MA", "Morocco", "africa"], ["MZ", "Mozambique", "africa"],
  ["NA", "Namibia", "africa"], ["NE", "Niger", "africa"], ["NG", "Nigeria", "africa"],
  ["RW", "Rwanda", "africa"], ["ST", "São Tomé and Príncipe", "africa"], ["SN", "Senegal", "africa"],
  ["SC", "Seychelles", "africa"], ["SL", "Sierra Leone", "africa"], ["SO", "Somalia", "africa"],
  ["ZA", "South Africa", "africa"], ["SS", "South Sudan", "africa"], ["SD", "Sudan", "africa"],
  ["TZ", "Tanzania", "africa"], ["TG", "Togo", "africa"], ["TN", "Tunisia", "africa"],
  ["UG", "Uganda", "africa"], ["ZM", "Zambia", "africa"], ["ZW", "Zimbabwe", "africa"],
  // Americas (37)
  ["AG", "Antigua and Barbuda", "americas"], ["AR", "Argentina", "americas"], ["BS", "Bahamas", "americas"],
  ["BB", "Barbados", "americas"], ["BZ", "Belize", "americas"], ["BO", "Bolivia", "americas"],
  ["BR", "Brazil", "americas"], ["CA", "Canada", "americas"], ["CL", "Chile", "americas"],
  ["CO", "Colombia", "americas"], ["CR", "Costa Rica", "americas"], ["CU", "Cuba", "americas"],
  ["DM", "Dominica", "americas"], ["DO", "Dominican Republic", "americas"], ["EC", "Ecuador", "americas"],
  ["SV", "El Salvador", "americas"], ["GD", "Grenada", "americas"], ["GT", "Guatemala", "americas"],
  ["GY", "Guyana", "americas"], ["HT", "Haiti", "americas"], ["HN", "Honduras", "americas"],
  ["JM", "Jamaica", "americas"], ["MX", "Mexico", "americas"], ["NI", "Nicaragua", "americas"],
  ["PA", "Panama", "americas"], ["PY", "Paraguay", "americas"], ["PE", "Peru", "americas"],
  ["KN", "Saint Kitts and Nevis", "americas"], ["LC", "Saint Lucia", "americas"],
  ["VC", "Saint Vincent and the Grenadines", "americas"], ["SR", "Suriname", "americas"],
  ["TT", "Trinidad and Tobago", "americas"], ["US", "United States", "americas"],
  ["UY", "Uruguay", "americas"], ["VE", "Venezuela", "americas"], ["PR", "Puerto Rico", "americas"],
  ["GL", "Greenland", "americas"],
  // Oceania (15)
  ["AU", "Australia", "oceania"], ["FJ", "Fiji", "oceania"], ["KI", "Kiribati", "oceania"],
  ["MH", "Marshall Islands", "oceania"], ["FM", "Micronesia", "oceania"], ["NR", "Nauru", "oceania"],
  ["NZ", "New Zealand", "oceania"], ["PW", "Palau", "oceania"], ["PG", "Papua New Guinea", "oceania"],
  ["WS", "Samoa", "oceania"], ["SB", "Solomon Islands", "oceania"], ["TO", "Tonga", "oceania"],
  ["TV", "Tuvalu", "oceania"], ["VU", "Vanuatu", "oceania"], ["NC", "New Caledonia", "oceania"],
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
const VERBS = ["froze", "halted", "suspended", "stopped renewing", "reviewed", "capped", "cancelled", "restricted"];
const OBJECTS = [
  "work permits for North Korean nationals",
  "residence permits of North Korean workers",
  "new employment approvals",
  "visas for construction crews",
  "contracts with North Korean firms",
  "permits in shipyards and on building sites",
  "seasonal labour quotas",
  "licences of recruitment agencies",
];
const WHO = ["The labour ministry", "The foreign ministry", "The interior ministry", "Immigration officials", "The government", "A spokesperson"];
const PUBLISHERS = ["Synthetic Wire", "Example Daily", "Benchmark Gazette", "Placeholder News Agency"];
const METRICS = [
  ["North Korean workers registered", "workers", "level"],
  ["Work permits issued to North Korean nationals", "permits", "per_period"],
];

/** mulberry32: a small, fast, deterministic PRNG (same sequence on every machine). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pad = (n) => String(n).padStart(2, "0");

/**
 * A dataset of `steps` steps across `countries` countries with `figures`
 * figures, the same for the same arguments. Every country has at least one
 * step (when there are at least as many steps as countries), so the validator
 * warns about none.
 */
export function generate(steps, { countries = 200, figures = 400, seed = 2017 } = {}) {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  if (countries > COUNTRIES.length) throw new Error(`at most ${COUNTRIES.length} countries`);
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const chosen = COUNTRIES.slice(0, countries);

  const date = () => {
    const y = int(2017, 2018);
    const m = y === 2017 ? int(8, 12) : int(1, 12);
    const r = rand();
    if (r < 0.1) return `${y}`;
    if (r < 0.3) return `${y}-${pad(m)}`;
    return `${y}-${pad(m)}-${pad(int(1, 28))}`;
  };
  const source = (i, withQuote) => {
    const s = {
      publisher: `${pick(PUBLISHERS)} (synthetic benchmark data)`,
      url: `https://example.org/synthetic/${i}`,
      title: `Synthetic report ${i}`,
      date: "2018-12-31",
    };
    if (withQuote) {
      s.quote = { text: `we ${pick(VERBS)} ${pick(OBJECTS)} as the resolutions require`, speaker: `${pick(WHO)} (synthetic)`, translated: rand() < 0.3 };
    }
    return s;
  };

  const out = {
    schema_version: 1,
    meta: {
      title: `Synthetic benchmark dataset: ${steps.toLocaleString("en")} steps in ${countries} countries`,
      summary: "Generated by bench/gen-dataset.mjs to measure the widget at scale. Not real data: every step, figure and source is made up.",
      publisher: "sanctions-tracker benchmark (synthetic)",
      published: "2018-12-31",
      source_url: "https://example.org/synthetic",
      credits: ["Synthetic data, deterministic seed " + seed + "."],
    },
    resolutions: [
      { id: "2371", adopted: "2017-08-05", requires: "States may no longer hire additional North Korean workers." },
      { id: "2375", adopted: "2017-09-11", requires: "States may no longer renew North Korean workers' work contracts once they expire." },
    ],
    countries: chosen.map(([code, name, region]) => ({ code, name, region })),
    steps: [],
    figures: [],
  };

  for (let i = 0; i < steps; i++) {
    const [code, name] = i < chosen.length ? chosen[i] : pick(chosen);
    const res = rand();
    const step = {
      id: `syn-${i}`,
      country: code,
      date: date(),
      date_kind: pick(STAGES),
      measure: pick(MEASURES),
      description: `${pick(WHO)} of ${name} ${pick(VERBS)} ${pick(OBJECTS)} (synthetic step ${i}).`,
      status: pick(STAGES),
      sources: [source(i, rand() < 0.4)],
    };
    if (step.date_kind === "in_force" && step.status === "announced") step.status = "in_force";
    if (res < 0.4) step.resolutions = ["2371"];
    else if (res < 0.7) step.resolutions = ["2375"];
    else if (res < 0.9) step.resolutions = ["2371", "2375"];
    if (rand() < 0.15) step.sources.push(source(`${i}b`, false));
    if (rand() < 0.1) step.note = "Synthetic note for the benchmark.";
    out.steps.push(step);
  }

  for (let i = 0; i < figures; i++) {
    const [code] = chosen[i % chosen.length];
    const [metric, unit, kind] = METRICS[Math.floor(i / chosen.length) % METRICS.length];
    const n = int(3, 6);
    const values = [];
    let level = int(100, 5000);
    for (let k = 0; k < n; k++) {
      // Distinct, increasing month dates from 2017-01.
      const month = k * 3 + 1;
      const y = 2017 + Math.floor((month - 1) / 12);
      const m = ((month - 1) % 12) + 1;
      level = Math.max(0, level - int(0, 400));
      values.push({ date: `${y}-${pad(m)}`, value: kind === "level" ? level : int(0, 300), approximate: rand() < 0.2 });
    }
    out.figures.push({ id: `fig-${i}`, country: code, metric, unit, kind, values, source: source(`fig-${i}`, false) });
  }
  return out;
}

// Command line.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const steps = Number(process.argv[2]);
  if (!Number.isInteger(steps) || steps < 1) {
    console.error("usage: node bench/gen-dataset.mjs STEPS [OUT.json]");
    process.exit(2);
  }
  const text = JSON.stringify(generate(steps));
  if (process.argv[3]) writeFileSync(process.argv[3], text);
  else process.stdout.write(text + "\n");
}
