// The dataset behind one view: the Rust handle, what the view reads from it
// once (metadata, labels, the whole list by region), and what follows from
// the state's filter (which countries it shows, their step counts and
// dates: Rust's `listChanges`, which says what changed since the last call).
// Parts read it; only the state's `constrain` (here) changes the selection.

import { call } from "./log.js";

/**
 * Above this many countries the list is long: drawn compact, and the details
 * kept in view beside it or right after the selected entry (view.js marks
 * the view .is-long for the stylesheet's "long list" block; parts/list.js
 * brings the details into view).
 */
export const LONG_LIST = 12;

/** The model of `tracker` (a `Tracker` of the glue `mod`). */
export function createModel(mod, tracker) {
  const meta = tracker.overview();
  const labels = mod.Tracker.labels();
  // The whole list, unfiltered, once: filters then only show, hide and update entries.
  const regions = tracker.regions(null);
  const summaries = new Map();
  for (const g of regions) for (const c of g.countries) summaries.set(c.code, c);
  const measureKeys = labels.measures.map((m) => m.key);
  const measureLabels = Object.fromEntries(labels.measures.map((m) => [m.key, m.label]));
  let detailsOf = { code: null, data: null };
  const facts = stepFacts(meta, regions);

  const model = {
    tracker,
    meta,
    measureKeys,
    /** Resolution id -> its adoption date in words. */
    adopted: Object.fromEntries(meta.resolutions.map((r) => [r.id, r.adopted_text])),
    /** The list's regions, west to east: {region, label, codes}. */
    groups: regions.map((g) => ({ region: g.region, label: g.label, codes: g.countries.map((c) => c.code) })),
    /** Code -> summary (name, measures, step_count, first/last_step_text), kept up to date for the filter. */
    summaries,
    /** The codes the filter shows (a Set), and in the list's order. */
    inSel: new Set(),
    codes: [],
    /** Whether the list is long (more than LONG_LIST countries). */
    long: summaries.size > LONG_LIST,
    /** How many countries the filter shows, of how many. */
    count: 0,
    total: 0,
    /** The filter the selection is for, as text (null before the first). */
    filterKey: null,
    /** The codes whose entry changed with the last filter (entered, left or changed). */
    changed: [],
    /** The map's zoom as last drawn, `{key, label, x, y, k}` (parts/map.js sets it; the announcement reads it). */
    zoom: null,
    /**
     * What the data's steps have, for the marks and the legend (see
     * stepFacts): {findings, low (code -> its low-confidence steps),
     * confidence, inferred}; `findingsOf` the selection's findings per code (from listChanges).
     */
    facts,
    findingsOf: new Map(),
    /** Whether `code` is a territory that is not a UN member. */
    nonMember: (code) => summaries.get(code)?.un_member === false,

    /**
     * The state's rule: a new filter is applied (Rust says what changed), and
     * a selected country the filter does not show is cleared.
     */
    constrain(next) {
      const key = JSON.stringify(next.filter);
      if (key !== model.filterKey) {
        apply(next.filter, model.filterKey === null);
        model.filterKey = key;
      }
      return next.selected && !model.inSel.has(next.selected) ? { ...next, selected: null } : next;
    },

    label: (m) => measureLabels[m] ?? m,
    /**
     * Each theme's colour of each measure: {theme: {measure: "#rrggbb"}}. The
     * map's base carries them (parts/map.js keeps them here), so the first
     * render makes no palette call of its own.
     */
    palettes: {},
    colour: (m, theme) => (model.palettes[theme] ??= call(() => mod.Tracker.palette(theme), {}))[m],
    nameOf: (code) => summaries.get(code)?.name ?? code,
    /** One country's steps (all of them, whatever the filter) and figures, or null. */
    details(code) {
      if (detailsOf.code !== code) detailsOf = { code, data: call(() => tracker.details(code, null)) };
      return detailsOf.data;
    },
  };

  function apply(filter, fresh) {
    const out = tracker.listChanges(filter, fresh);
    const changed = [];
    for (const line of out.changes.split("\n")) {
      if (!line) continue;
      const [code, mask, count, first, last, findings] = line.split("\t");
      const c = summaries.get(code);
      if (!c) continue;
      changed.push(code);
      if (mask === undefined) {
        model.inSel.delete(code);
        model.findingsOf.delete(code);
        continue;
      }
      model.findingsOf.set(code, Number(findings ?? 0));
      model.inSel.add(code);
      c.measures = measureKeys.filter((_, i) => (Number(mask) >> i) & 1);
      c.step_count = Number(count);
      c.first_step_text = first;
      c.last_step_text = last;
    }
    model.changed = changed;
    model.codes = [];
    for (const g of model.groups) for (const code of g.codes) if (model.inSel.has(code)) model.codes.push(code);
    model.count = out.count;
    model.total = out.total;
  }

  return model;
}

/**
 * What the data has that the list, the filters and the legend mark, as
 * Rust counts it (overview().certainty, and each country's
 * low_confidence_count): findings, each country's low-confidence steps,
 * whether any step gives a confidence, whether a date or a title is
 * inferred. A version 1 dataset counts none of them.
 */
function stepFacts(meta, regions) {
  const c = meta.certainty || {};
  const low = new Map();
  for (const g of regions) for (const x of g.countries) if (x.low_confidence_count) low.set(x.code, x.low_confidence_count);
  return {
    findings: c.findings > 0,
    low,
    confidence: c.with_confidence > 0,
    inferred: c.inferred_dates > 0 || c.inferred_titles > 0,
  };
}
