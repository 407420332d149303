// One step of the selected country's details (parts/details.js lists them):
// its date (a period as its text, an inferred date marked), its measure or,
// for a finding, what was found; its confidence in words; its facts (status
// only when the data gives one), quotes in their language with a
// translation beside them, disputes with each claim next to its source, and
// the sources (an inferred title marked). Nothing the data leaves out is
// shown in its place.

import { h, newTab, swatch } from "../dom.js";
import { findingBadge } from "../words.js";

/** A small visible mark ("date inferred", "Low confidence"), in words, never colour alone. */
const mark = (cls, text, attrs = {}) => h("span", { class: cls, ...attrs, text });

/** The <li> of step `s` (a plain object of `details(code).steps`) for the theme `theme`. */
export function stepItem(s, { model, theme }) {
  const finding = s.kind === "finding";
  const li = h("li", {
    class: "st-step",
    "data-step": s.id,
    "data-kind": finding ? "finding" : null,
    "data-confidence": s.confidence,
  });
  // A period or a half year has no single datetime: its text says it.
  const exact = !s.is_period && s.precision !== "half";
  const date = h("time", { datetime: exact ? s.date : null, text: s.is_period ? s.date_short_text : s.date_text });
  const dateLine = h("p", { class: "st-stepdate" }, date);
  if (s.date_kind_label) dateLine.append(h("span", { class: "st-muted", text: ` · ${s.date_kind_label.toLowerCase()}` }));
  if (s.date_inferred) dateLine.append(" ", mark("st-inferred", "date inferred"));
  if (s.confidence_label) dateLine.append(" ", mark("st-conf", s.confidence_label, { "data-confidence": s.confidence }));
  const badge = finding
    ? h("span", { class: "st-badge st-finding", "data-finding": s.finding }, findingBadge(s.finding, s.finding_label))
    : h("span", { class: "st-badge", "data-measure": s.measure }, swatch(model.colour(s.measure, theme)), s.measure_label);
  li.append(dateLine, h("p", null, badge), h("p", { text: s.description }));

  const facts = h("dl", { class: "st-facts" });
  const fact = (k, v) => facts.append(h("dt", { text: k }), h("dd", { text: v }));
  if (finding && s.measure_label) fact("Measure concerned", s.measure_label);
  if (s.status_label) fact("Status", s.status_label);
  const resolution = (r) =>
    r === "unspecified" ? "A UN resolution (number not given)" : model.adopted[r] ? `${r} (adopted ${model.adopted[r]})` : r;
  fact("Resolutions", s.resolutions.length ? s.resolutions.map(resolution).join(", ") : "Not named by the source");
  li.append(facts);

  for (const src of s.sources) if (src.quote) li.append(...quote(src, model.meta.language));
  for (const d of s.disputes || []) li.append(dispute(d));

  const seen = new Set();
  for (const src of s.sources) {
    const key = src.url + "|" + (src.title || "");
    if (seen.has(key)) continue;
    seen.add(key);
    // One span: the link is a flex box (its height a tap target), its words one item.
    const label = h("span", null, "Source: ");
    if (src.title) {
      label.append(src.title);
      if (src.title_inferred) label.append(" ", mark("st-inferred", "(title given by the editor)"));
      label.append(", ");
    }
    label.append(`${src.publisher}${src.date_text ? ", " + src.date_text : ""}`);
    li.append(h("p", null, h("a", { class: "st-source", href: src.url, target: "_blank", rel: "noopener" }, label, newTab())));
  }
  if (s.note) li.append(h("p", { class: "st-note", text: `Note: ${s.note}` }));
  return li;
}

/**
 * A source's quote as a <blockquote> in its language (its speaker only when
 * given; a translated text marked so), and its translation beside it, in
 * its own language; `own` is the language of the dataset's texts.
 */
function quote(src, own) {
  const q = src.quote;
  const lang = q.lang || null;
  const by = [q.speaker ? `— ${q.speaker}` : null, q.translated ? (q.speaker ? "(translation)" : "Translation") : null]
    .filter(Boolean)
    .join(" ");
  const out = [
    h(
      "blockquote",
      { class: "st-quote", cite: src.url, lang },
      h("p", { text: `“${q.text}”` }),
      by ? h("footer", { lang: lang ? own : null, text: by }) : null,
    ),
  ];
  if (q.translation) {
    out.push(
      h(
        "p",
        { class: "st-translation", lang: q.translation.lang || own },
        h("span", { class: "st-muted", lang: own, text: "Translation: " }),
        `“${q.translation.text}”`,
      ),
    );
  }
  return out;
}

/** A dispute: what it is about, and each claim with its source as a link. */
function dispute(d) {
  const claims = h("ul", { class: "st-claims" });
  for (const c of d.claims) {
    const name = [c.publisher, c.title].filter(Boolean).join(", ");
    claims.append(
      h(
        "li",
        { class: "st-claim" },
        h("a", { href: c.url, target: "_blank", rel: "noopener" }, name, newTab()),
        `: ${c.says}`,
      ),
    );
  }
  return h(
    "div",
    { class: "st-dispute" },
    h("p", { class: "st-disputehead", text: d.about ? `Sources disagree on ${d.about}:` : "Sources disagree:" }),
    claims,
  );
}
