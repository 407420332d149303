// "Download": a disclosure at the head of the foot with the data of what the
// filters show (CSV, JSON: Rust's exportData, the same selection as the list
// and the map) and a picture the widget shows (the map, the timeline or one
// of the selected country's figure charts) as SVG or PNG, at the size shown
// or twice it, with the dataset's title, source and credit drawn in (Rust's
// captioned). It reads the state and the pictures when the reader asks, so
// nothing here redraws on a change (it is not in the scheduler's plan); the
// list of pictures is read again each time the disclosure opens.

import { h } from "../dom.js";
import { untitled } from "../pictures.js";
import { call } from "../log.js";
import { CspBlocked, saveBlob, saveText, slug, svgToPng } from "../save.js";
import { plural } from "../words.js";

/** What a host page must allow for the PNG download (docs/widget.md, "Downloads"). */
const CSP_HINT =
  "The PNG could not be made: this page's Content Security Policy does not let the widget load its picture as an image. " +
  "The page must add blob: to img-src (img-src 'self' blob:). The SVG download works without it.";

/**
 * The download part of a view: `{el}`. `pictures` are the boxes it reads:
 * `{map, timeline, figures}` (the figures' container).
 */
export function createDownload({ state, model, id }, pictures) {
  const tracker = model.tracker;
  const base = slug(model.meta.title);
  const status = h("p", { class: "st-dlstatus st-small", role: "status", id: id("dl-status") });
  const say = (text) => {
    status.textContent = text;
  };

  const data = (format) => {
    const text = call(() => tracker.exportData(state.get().filter, format));
    if (text === null) return say("The data could not be exported.");
    const csv = format === "csv";
    saveText(text, `${base}.${format}`, csv ? "text/csv;charset=utf-8" : "application/json");
    const rows = csv ? null : JSON.parse(text).step_count;
    say(`Downloaded the data displayed as ${format.toUpperCase()}${rows === null ? "" : ` (${plural(rows, "step", "steps")})`}.`);
  };

  const pick = h("select", { id: id("dl-pic") });
  const scale = h("select", { id: id("dl-scale") }, h("option", { value: "1", text: "Size on screen" }), h("option", { value: "2", text: "Twice the size (2×)" }));

  /** The pictures shown now: [{key, label, svg}] (figures from the selected country's details). */
  function shown() {
    const out = [];
    const svgOf = (box) => box?.querySelector(":scope > svg");
    if (svgOf(pictures.map)) out.push({ key: "map", label: "Map", svg: svgOf(pictures.map) });
    if (svgOf(pictures.timeline)) out.push({ key: "timeline", label: "Timeline", svg: svgOf(pictures.timeline) });
    for (const fig of pictures.figures.querySelectorAll("figure[data-figure]")) {
      const svg = fig.querySelector(".st-pic > svg");
      if (!svg) continue;
      const title = fig.querySelector(".st-sr")?.textContent || fig.getAttribute("data-figure");
      out.push({ key: `figure-${fig.getAttribute("data-figure")}`, label: title, svg });
    }
    return out;
  }

  function fillPictures() {
    const was = pick.value;
    pick.replaceChildren(...shown().map((p) => h("option", { value: p.key, text: p.label })));
    if ([...pick.options].some((o) => o.value === was)) pick.value = was;
  }

  /** The chosen picture with its caption, as SVG text and its pixel size; or null. */
  function captioned() {
    const p = shown().find((x) => x.key === pick.value);
    if (!p) return null;
    const box = p.svg.getBoundingClientRect();
    const [w, hgt] = [Math.round(box.width), Math.round(box.height)];
    const copy = untitled(p.svg.cloneNode(true));
    // The size shown, the viewBox unchanged: what the reader sees, scaled.
    copy.setAttribute("width", w);
    copy.setAttribute("height", hgt);
    for (const a of ["role", "aria-labelledby", "aria-describedby", "focusable", "tabindex"]) copy.removeAttribute(a);
    const k = +scale.value || 1;
    const theme = state.get().theme;
    const out = call(() =>
      tracker.captioned(new XMLSerializer().serializeToString(copy), { label: p.label, width: w, height: hgt, theme, scale: k }),
    );
    return out && { ...out, k, name: `${base}-${slug(p.key)}${k > 1 ? `@${k}x` : ""}` };
  }

  const image = async (format) => {
    const c = captioned();
    if (!c) return say("There is no picture to download yet.");
    const px = `${Math.round(c.width * c.k)} × ${Math.round(c.height * c.k)} px`;
    if (format === "svg") {
      saveText(c.svg, `${c.name}.svg`, "image/svg+xml");
      return say(`Downloaded the SVG (${px}).`);
    }
    say("Making the PNG…");
    try {
      const png = await svgToPng(c.svg, Math.round(c.width * c.k), Math.round(c.height * c.k));
      saveBlob(png, `${c.name}.png`);
      say(`Downloaded the PNG (${px}).`);
    } catch (err) {
      say(err instanceof CspBlocked ? CSP_HINT : `The PNG could not be made: ${err.message}.`);
    }
  };

  const button = (text, label, fn) => {
    const b = h("button", { type: "button", "aria-label": label, text });
    b.addEventListener("click", fn);
    return b;
  };
  const field = (key, label, control) => h("label", { class: "st-field", for: id(key) }, h("span", { text: label }), control);

  const el = h(
    "details",
    { class: "st-download" },
    h("summary", { text: "Download" }),
    h(
      "div",
      { class: "st-dlgroup", role: "group", "aria-labelledby": id("dl-data") },
      h("p", { id: id("dl-data"), class: "st-dlhead", text: "Data displayed (the steps under the current filters)" }),
      button("CSV", "Download the data displayed as CSV", () => data("csv")),
      button("JSON", "Download the data displayed as JSON", () => data("json")),
    ),
    h(
      "div",
      { class: "st-dlgroup", role: "group", "aria-labelledby": id("dl-img") },
      h("p", { id: id("dl-img"), class: "st-dlhead", text: "Image, with title, source and credit" }),
      field("dl-pic", "Picture", pick),
      field("dl-scale", "Size", scale),
      button("SVG", "Download the picture as SVG", () => image("svg")),
      button("PNG", "Download the picture as PNG", () => image("png")),
    ),
    status,
  );
  el.addEventListener("toggle", () => {
    if (el.open) fillPictures();
  });
  // The choices can change while it is open (a country selected, its figures drawn).
  pick.addEventListener("focus", fillPictures);
  return { el };
}

