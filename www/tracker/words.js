// The few words the widget composes from numbers and dates (English for
// now; the `lang` of the view state is where a second language will come in).

/** "1 step", "3 steps". */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "2017", or "August 2017 – 2018" for two different dates; "" without a
 * first. A period at either end gives its start or its end ("since 3
 * November 2017" and "9 August 2019": "3 November 2017 – 9 August 2019").
 */
export function dateRange(first, last) {
  if (!first) return "";
  if (first === last || !last) return first;
  const start = first.split(" – ")[0].replace(/^since /, "");
  const end = last.split(" – ").at(-1).replace(/^since /, "");
  return start === end ? first : `${start} – ${end}`;
}

/**
 * A finding's badge: "Finding: non-compliance", "Finding: statement of no
 * workers", "Finding" for another (`label` Rust's, for a kind this does not know).
 */
export function findingBadge(finding, label) {
  const what = { non_compliance: "non-compliance", no_workers: "statement of no workers", other: "" }[finding];
  if (what === undefined && label) return `Finding: ${label.toLowerCase()}`;
  return what ? `Finding: ${what}` : "Finding";
}

/** A list entry's count: "3 steps", "3 steps, 1 finding". */
export function stepCount(steps, findings) {
  const s = plural(steps, "step", "steps");
  return findings ? `${s}, ${plural(findings, "finding", "findings")}` : s;
}
