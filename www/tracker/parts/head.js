// The parts of a view drawn once per dataset: the header (title, summary,
// as-of date) and the foot (source, or a compilation's maintainer and
// update, byline, credits, licence).

import { h, newTab } from "../dom.js";

/** The header: the widget's name (`id("title")`), summary and as-of date. */
export function createHead({ model, id }) {
  const meta = model.meta;
  return h(
    "div",
    { class: "st-head" },
    h("h2", { id: id("title"), text: meta.title }),
    meta.summary ? h("p", { class: "st-summary", text: meta.summary }) : null,
    h("p", { class: "st-asof", text: `Data as of ${meta.as_of_text}` }),
  );
}

/**
 * The foot: the source link (a compilation: who maintains it and when it was
 * updated, and its source only when given), byline, credits and licence.
 */
export function createFoot({ model }) {
  const meta = model.meta;
  const el = h("div", { class: "st-foot" });
  if (meta.kind === "compilation") {
    const who = [meta.maintainer ? `Maintained by ${meta.maintainer}` : null, meta.updated_text ? `updated ${meta.updated_text}` : null];
    const line = who.filter(Boolean).join(" · ");
    if (line) el.append(h("p", { class: "st-maintainer", text: line }));
  }
  if (meta.source_url) {
    const by = [meta.publisher, meta.published_text].filter(Boolean).join(", ");
    el.append(
      h(
        "a",
        { class: "st-source", href: meta.source_url, target: "_blank", rel: "noopener" },
        by ? `Source: ${by}` : "Source",
        newTab(),
      ),
    );
  }
  if (meta.byline) el.append(h("p", { text: `By ${meta.byline}.` }));
  for (const c of meta.credits || []) el.append(h("p", { text: c }));
  if (meta.licence) el.append(h("p", { text: `Licence: ${meta.licence}` }));
  return el;
}
