// What every picture (map, timeline, figure charts) shares: the width it is
// drawn at, and its text alternative: each picture is an image named by a
// hidden title and described by a disclosure ("Description and data") with
// its description and data table, all from Rust's `alt`.

import { h, setAttrs } from "./dom.js";

/** Width in px to draw a picture at for a box `w` px wide (its last known width), within 280-1200. */
export function pictureWidth(w) {
  return Math.max(280, Math.min(1200, w || 600));
}

/** Whether a picture drawn at `drawn` px must be drawn again to show at `w` px. */
export function needsRedraw(drawn, w) {
  // Shrunk by up to 5% or grown by up to 15%, text stays within a pixel of its size.
  return !drawn || w < drawn * 0.95 || w > drawn * 1.15;
}

/** `svg` without its own <title> and <desc>; returns it. */
export function untitled(svg) {
  for (const t of svg.querySelectorAll(":scope > title, :scope > desc")) t.remove();
  return svg;
}

/**
 * Makes a parsed picture an image named by `titleId` and described by
 * `descId`; its own <title>/<desc> go (they would be read twice next to ours).
 */
export function asImage(svg, titleId, descId) {
  setAttrs(untitled(svg), { role: "img", "aria-labelledby": titleId, "aria-describedby": descId, focusable: "false" });
}

/**
 * A kept text alternative for a picture drawn in place, with ids from
 * `base`: the title and description are set on each update (`set(alt)`);
 * the table, which can be long, is built only while the reader has the
 * disclosure open (`table()` gives it).
 */
export function altSlot(base, table) {
  const titleEl = h("span", { class: "st-sr", id: `${base}-t` });
  const desc = h("p", { id: `${base}-d` });
  const wrap = h("div", { class: "st-table-wrap" });
  const details = h("details", { class: "st-pic-alt" }, h("summary", { text: "Description and data" }), desc, wrap);
  let title = "";
  let stale = true;
  const fill = () => {
    stale = false;
    const t = dataTable(table(), title);
    wrap.replaceChildren(...(t ? [t] : []));
  };
  details.addEventListener("toggle", () => {
    if (details.open && stale) fill();
  });
  return {
    root: h("div", null, titleEl, details),
    titleId: titleEl.id,
    descId: desc.id,
    set: (alt) => {
      title = alt?.title || "";
      if (titleEl.textContent !== title) titleEl.textContent = title;
      const d = alt?.description || "";
      if (desc.textContent !== d) desc.textContent = d;
      stale = true;
      if (details.open) fill();
      else if (wrap.firstChild) wrap.replaceChildren();
    },
  };
}

/** A data table `{caption, headers, rows}` as a <table> (each row's first cell its header), or null. */
export function dataTable(t, caption) {
  if (!t) return null;
  const headers = t.headers || t.columns || [];
  const rows = t.rows || [];
  if (headers.length === 0 && rows.length === 0) return null;
  const table = h("table");
  table.append(h("caption", { text: t.caption || caption || "" }));
  if (headers.length) {
    const tr = h("tr");
    for (const c of headers) tr.append(h("th", { scope: "col", text: c }));
    table.append(h("thead", null, tr));
  }
  const tbody = h("tbody");
  for (const r of rows) {
    const tr = h("tr");
    r.forEach((cell, i) => tr.append(h(i ? "td" : "th", { scope: i ? null : "row", text: cell })));
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}
