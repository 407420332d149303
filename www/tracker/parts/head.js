// The parts of a view drawn once per dataset: the header (title, summary,
// as-of date) and the foot (source, byline, credits, licence).

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

/** The foot: the source link, byline, credits and licence. */
export function createFoot({ model }) {
  const meta = model.meta;
  const el = h("div", { class: "st-foot" });
  el.append(
    h(
      "a",
      { class: "st-source", href: meta.source_url, target: "_blank", rel: "noopener" },
      `Source: ${meta.publisher}${meta.published_text ? ", " + meta.published_text : ""}`,
      newTab(),
    ),
  );
  if (meta.byline) el.append(h("p", { text: `By ${meta.byline}.` }));
  for (const c of meta.credits || []) el.append(h("p", { text: c }));
  if (meta.licence) el.append(h("p", { text: `Licence: ${meta.licence}` }));
  return el;
}
