// Small DOM helpers: elements built with text and attributes only (never
// innerHTML with data), SVG elements, and the one way an SVG string from
// Rust becomes a node.

export const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * An HTML element: `attrs` maps names to values (`text` sets textContent,
 * `class` the class name; null, undefined and false are left out, true is
 * an empty attribute); `children` are nodes or text.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") el.textContent = String(v);
      else if (k === "class") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Sets the attributes `attrs` (name -> value) of `el`; returns `el`. */
export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** An SVG element with attributes. */
export function svgEl(tag, attrs = {}) {
  return setAttrs(document.createElementNS(SVG_NS, tag), attrs);
}

/**
 * Parses an SVG string from Rust into an element of this document, or null.
 * Through a <template> (the HTML parser, which knows SVG's element and
 * attribute names): three to four times faster than DOMParser plus
 * importNode, and like it runs nothing. Rust escapes every text from the data.
 */
export function parseSvg(text) {
  if (typeof text !== "string" || text === "") return null;
  const t = document.createElement("template");
  t.innerHTML = text;
  const root = t.content.firstElementChild;
  if (!root || root.localName !== "svg" || root.namespaceURI !== SVG_NS) return null;
  return document.adoptNode(root);
}

/** The children of a parsed SVG but its own <title> and <desc>, moved into `into`. */
export function moveContent(parsed, into) {
  for (const child of [...parsed.children]) {
    if (child.localName !== "title" && child.localName !== "desc") into.append(child);
  }
}

/** A small coloured square for a measure (an SVG attribute, not a style). */
export function swatch(colour) {
  const s = svgEl("svg", { class: "st-swatch", viewBox: "0 0 10 10", "aria-hidden": "true", focusable: "false" });
  s.append(svgEl("rect", { x: 0, y: 0, width: 10, height: 10, rx: 2 }));
  return recolour(s, colour);
}

/** Gives the swatch in `el` (a swatch or a badge holding one) the colour `colour`; returns `el`. */
export function recolour(el, colour) {
  el.querySelector("rect")?.setAttribute("fill", colour || "currentColor");
  return el;
}

/** The words a screen reader hears after a link that opens a new tab. */
export const newTab = () => h("span", { class: "st-sr", text: " (opens in a new tab)" });
