// The page-URL fragment of a shareable view (`link-state`), as pure
// functions: no DOM, no `location` (link.js reads and writes those; the
// unit tests in tests/js/link-codec.test.mjs run this module in Node).
//
// The fragment is read like URLSearchParams, `k=v&k2=v2`, and each widget
// owns the keys that start with its namespace and a dot (`story.country`):
//
//   #story.country=KW&story.measure=visa_suspension&story.search=visa%20ban
//
// The fields (any may be missing; a missing one is the start view's value):
//   country     the selected country's alpha-2 code; empty: none selected
//               (written only when it differs from the `country` attribute)
//   measure     a measure key (repeated for several)
//   region      a region key (repeated)
//   resolution  a resolution id (repeated)
//   search      the search text
//   hidelow     "1": low-confidence steps hidden
//   asof        the filter's as-of date, YYYY, YYYY-MM or YYYY-MM-DD
//
// Other keys (the page's own, another widget's) are kept exactly as they
// are written. A fragment that is not in key=value form (a plain anchor such
// as `#section-3`) is the page's: it is neither read nor written.

/** The longest search text read from a fragment. */
export const MAX_SEARCH = 200;

/** The fields of a widget's keys, in the order they are written. */
const FIELDS = ["country", "measure", "region", "resolution", "search", "hidelow", "asof"];

/** A part of a fragment decoded as URLSearchParams would ("+" is a space); null if it is not valid %-encoding. */
function decode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return null;
  }
}

/**
 * The fragment `hash` (with or without its "#") as a list of parts `{raw,
 * key, value}` (key and value decoded, null where they are not valid
 * %-encoding, and then no widget's; `raw` as written), or null when it is
 * not in key=value form: some part has no "=" (a plain anchor). An empty
 * fragment is an empty list. Empty parts (`a=1&&b=2`) are dropped.
 */
export function parseFragment(hash) {
  const text = (hash || "").replace(/^#/, "");
  const parts = [];
  for (const raw of text.split("&")) {
    if (raw === "") continue;
    const i = raw.indexOf("=");
    if (i < 0) return null;
    parts.push({ raw, key: decode(raw.slice(0, i)), value: decode(raw.slice(i + 1)) });
  }
  return parts;
}

/** The fields (name -> list of values) of namespace `ns` in parsed `parts`. */
export function fieldsOf(parts, ns) {
  const fields = {};
  const prefix = `${ns}.`;
  for (const { key, value } of parts) {
    if (key === null || value === null || !key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length);
    if (FIELDS.includes(name)) (fields[name] ??= []).push(value);
  }
  return fields;
}

/**
 * The fields of a view `{selected, filter}` for its link, leaving out what
 * equals the start view (`startCountry`, the `country` attribute's code or
 * null, and no filter): name -> list of values.
 */
export function encodeView({ selected, filter }, startCountry) {
  const f = filter || {};
  const fields = {};
  if ((selected ?? null) !== (startCountry ?? null)) fields.country = [selected ?? ""];
  if (f.measures?.length) fields.measure = [...f.measures];
  if (f.regions?.length) fields.region = [...f.regions];
  if (f.resolutions?.length) fields.resolution = [...f.resolutions];
  if (f.text) fields.search = [f.text];
  if (f.hide_low_confidence) fields.hidelow = ["1"];
  if (f.as_of) fields.asof = [f.as_of];
  return fields;
}

/** Whether two field lists (encodeView, fieldsOf) say the same. */
export function sameFields(a, b) {
  const text = (x) => JSON.stringify(FIELDS.map((name) => x[name] ?? []));
  return text(a) === text(b);
}

/** A key or value encoded for the fragment (encodeURIComponent: a space is %20, "+" is %2B). */
const encode = (s) => encodeURIComponent(s);

/**
 * The fragment text (without "#") of `parts` with namespace `ns`'s keys
 * replaced by `fields`: the other parts kept as written and where they
 * were, ours where the first of them was (else at the end).
 */
export function writeFragment(parts, ns, fields) {
  const prefix = `${ns}.`;
  const ours = [];
  for (const name of FIELDS) for (const v of fields[name] ?? []) ours.push(`${encode(prefix + name)}=${encode(v)}`);
  const out = [];
  let placed = false;
  for (const p of parts) {
    if (p.key === null || !p.key.startsWith(prefix)) out.push(p.raw);
    else if (!placed) {
      out.push(...ours);
      placed = true;
    }
  }
  if (!placed) out.push(...ours);
  return out.join("&");
}

/** Whether `text` is a date as the filter takes it: YYYY, YYYY-MM or YYYY-MM-DD, a day that exists. */
export function isPartialDate(text) {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text || "");
  if (!m) return false;
  if (m[2] === undefined) return true;
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day >= 1 && day <= days;
}

/**
 * The view `{selected, filter}` that `fields` (fieldsOf) ask for, with what
 * the dataset does not have ignored: `known` is `{countries, measures,
 * regions, resolutions}` (Sets of the codes and keys it offers) and
 * `hideLow` whether it has low-confidence steps to hide. A missing or
 * unknown country is `startCountry`; `country=` (empty) is none. The filter
 * has the keys of state.js' NO_FILTER, in its order.
 */
export function decodeView(fields, { known, hideLow, startCountry }) {
  let selected = startCountry ?? null;
  const country = fields.country?.[0];
  if (country !== undefined) {
    const code = country.trim().toUpperCase();
    if (code === "") selected = null;
    else if (known.countries.has(code)) selected = code;
  }
  const keep = (name, set) => [...new Set((fields[name] ?? []).filter((v) => set.has(v)))];
  const filter = {
    measures: keep("measure", known.measures),
    resolutions: keep("resolution", known.resolutions),
    regions: keep("region", known.regions),
    text: (fields.search?.[0] ?? "").slice(0, MAX_SEARCH),
  };
  if (hideLow && fields.hidelow?.[0] === "1") filter.hide_low_confidence = true;
  const asOf = fields.asof?.[0];
  if (isPartialDate(asOf)) filter.as_of = asOf;
  return { selected, filter };
}
