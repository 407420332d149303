// The few words the widget composes from numbers and dates (English for
// now; the `lang` of the view state is where a second language will come in).

/** "1 step", "3 steps". */
export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2017", or "August 2017 – 2018" for two different dates; "" without a first. */
export function dateRange(first, last) {
  if (!first) return "";
  return first === last || !last ? first : `${first} – ${last}`;
}
