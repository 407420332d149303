// The widget's stylesheets, each made once per page and adopted by every
// widget's shadow root (constructed sheets: a strict CSP's style-src allows
// them, and nothing here ever sets element.style): the boot sheet, the
// widget's stylesheet (sanctions-tracker.css beside the entry module) and
// one sheet per set of measures for the list's badges.

// The height the element reserves before its stylesheet and data arrive, so
// the article does not jump: applied at once when the element upgrades (no
// request). Everything else is in sanctions-tracker.css. The heights are
// those of the seed story's first render, by width (one column, two-column
// filters, list beside details); a page whose dataset is much shorter or
// longer sets its own with the CSS custom property --sanctions-tracker-height
// on the element.
const BOOT_CSS = `
:host { display: block; container-type: inline-size; min-width: 280px; max-width: 1200px; margin: 24px 0; }
.st { display: flow-root; box-sizing: border-box; border: 1px solid transparent; padding: 12px;
  min-height: var(--sanctions-tracker-height, var(--st-reserve)); --st-reserve: 2400px;
  font-family: var(--sanctions-tracker-font, system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif);
  font-size: 16px; line-height: 1.45; font-weight: 400; font-style: normal; }
.st-status { margin: 12px 0 0; font-size: 14px; }
@container (min-width: 480px) { .st { --st-reserve: 2200px; padding: 16px; } }
@container (min-width: 760px) { .st { --st-reserve: 2100px; } }
`;

let bootSheet = null;

/** The boot sheet: the reserved height and the status line. */
export function getBootSheet() {
  if (!bootSheet) {
    bootSheet = new CSSStyleSheet();
    bootSheet.replaceSync(BOOT_CSS);
  }
  return bootSheet;
}

const measureSheets = new Map();

/**
 * One rule per measure: a list entry shows the badge of a measure only while
 * its data-shown attribute names it (see parts/list.js). Built from the
 * measures the wasm knows, once per page.
 */
export function getMeasureSheet(keys) {
  const id = keys.join(" ");
  let sheet = measureSheets.get(id);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(
      keys
        .map((k) => {
          const v = CSS.escape(k);
          return `.st-option:not([data-shown~="${v}"]) .st-badge[data-measure="${v}"]{display:none}`;
        })
        .join("\n"),
    );
    measureSheets.set(id, sheet);
  }
  return sheet;
}

let sheetPromise = null;

/** The URL of the widget's stylesheet, beside the entry module at `base`. */
export function cssUrl(base) {
  return new URL("./sanctions-tracker.css", base).href;
}

/** sanctions-tracker.css as a constructed sheet, fetched once. */
export function loadSheet(base) {
  if (!sheetPromise) {
    sheetPromise = fetch(cssUrl(base))
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.text();
      })
      .then((text) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(text);
        return sheet;
      });
  }
  return sheetPromise;
}
