// How the widget reports to the page's console: every message starts with
// the element's name, and a failed call into Rust is logged, not thrown,
// where the rest of the widget can go on without its result.

/** The element's name. */
export const TAG = "sanctions-tracker";

/** `fn()`, or `fallback` (null unless given; the error logged) when it throws. */
export function call(fn, fallback = null) {
  try {
    return fn();
  } catch (err) {
    console.error(`${TAG}:`, err);
    return fallback;
  }
}
