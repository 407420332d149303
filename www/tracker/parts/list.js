// The country list: an ARIA listbox grouped by region, west to east, with
// its keyboard model (one tab stop; arrows, Home and End move; Enter or
// Space selects; Enter on the selected entry moves to its details). Its
// entries are made once per dataset and shown, hidden and updated in place
// as the filter changes. A long list (model.js: more than LONG_LIST
// countries) is drawn compact by the stylesheet, one line an entry, the
// selected one expanded; after a reader's selection the entry and the top of
// its details are brought into view (reveal).

import { h, recolour, swatch } from "../dom.js";
import { hover, select } from "../state.js";
import { dateRange, stepCount } from "../words.js";

/** The list part of a view: `{el, update(change)}`. */
export function createList({ state, model, root, id }) {
  const listbox = h("div", {
    class: "st-listbox",
    role: "listbox",
    id: id("list"),
    "aria-labelledby": id("list-h"),
    "aria-describedby": id("list-d"),
  });
  const empty = h("p", {
    class: "st-empty",
    hidden: true,
    text: "No country matches these filters. Clear the filters to see every country.",
  });
  const el = h(
    "section",
    { class: "st-list", "aria-labelledby": id("list-h") },
    h("h3", { id: id("list-h"), text: "Countries by region" }),
    h("p", { class: "st-sr", id: id("list-d"), text: "Enter or Space selects a country; Enter on the selected country moves to its details." }),
    empty,
    listbox,
  );
  /** code -> {el, badges, count, finds, dates, measures, low, countText, findsText, datesText}; region -> its group element. */
  const options = new Map();
  const groupEls = new Map();
  let tabStop = null;
  let shownSelected = null;
  let shownHover = null;

  const optionOf = (target) => target.closest?.('[role="option"]');
  listbox.addEventListener("keydown", onKey);
  listbox.addEventListener("click", (ev) => {
    const opt = optionOf(ev.target);
    // A click has focused the entry already (on mousedown); focusing it
    // here again would only cost a style pass.
    if (opt) pick(opt, false);
  });
  listbox.addEventListener("focusin", (ev) => {
    const opt = optionOf(ev.target);
    if (opt) hover(state, opt.dataset.code, "list");
  });
  listbox.addEventListener("focusout", (ev) => {
    if (!listbox.contains(ev.relatedTarget)) hover(state, null, "list");
  });
  listbox.addEventListener("pointerover", (ev) => {
    const opt = optionOf(ev.target);
    if (opt) hover(state, opt.dataset.code, "listpointer");
  });
  listbox.addEventListener("pointerleave", () => hover(state, null, "listpointer"));

  /**
   * One list entry, made once per dataset with a badge for each of the
   * country's measures; fillOption shows those of the selection and writes
   * its step count and dates.
   */
  function makeOption(c, theme) {
    const measures = c.measures.join(" ");
    const opt = h("div", {
      class: "st-option",
      role: "option",
      id: id(`opt-${c.code}`),
      "data-code": c.code,
      "data-shown": measures,
      "aria-selected": "false",
      tabindex: "-1",
    });
    const badges = new Map();
    const box = h("span", { class: "st-badges" }, h("span", { class: "st-sr", text: "Measures: " }));
    for (const m of c.measures) {
      const b = h(
        "span",
        { class: "st-badge", "data-measure": m },
        swatch(model.colour(m, theme)),
        h("span", { class: "st-badgetext", text: model.label(m) }),
      );
      badges.set(m, b);
      box.append(b);
    }
    // The count, its findings and the dates, apart: a compact entry shows
    // only the count, and its findings where there is room (the stylesheet).
    const count = document.createTextNode("");
    const finds = document.createTextNode("");
    const dates = document.createTextNode("");
    // Some of its steps are of low confidence: a mark in words for screen readers, "?" to the eye (the legend says so).
    const low = model.facts.low.get(c.code)
      ? h("span", { class: "st-uncertain" }, h("span", { "aria-hidden": "true", text: "?" }), h("span", { class: "st-sr", text: " Some steps of low confidence." }))
      : null;
    opt.append(
      h("span", { class: "st-optname", text: c.name }),
      box,
      h("span", { class: "st-optmeta" }, h("span", { class: "st-optcount" }, count, h("span", { class: "st-optfind" }, finds)), h("span", { class: "st-optdates" }, dates), low),
    );
    return { el: opt, badges, count, finds, dates, measures, low, countText: null, findsText: "", datesText: null };
  }

  /**
   * Shows the entry's badges of the measures in the selection and writes its
   * step count and dates: three DOM writes at most (one attribute, which the
   * measure sheet reads; two texts), since a filter on a large dataset
   * changes hundreds of entries at once.
   */
  function fillOption(o, c) {
    if (!o) return;
    // Hidden low-confidence steps leave nothing to mark.
    if (o.low) o.low.hidden = !!state.get().filter.hide_low_confidence;
    const measures = c.measures.join(" ");
    if (measures !== o.measures) {
      o.measures = measures;
      o.el.setAttribute("data-shown", measures);
    }
    // A short list keeps them in one text, shaped as one line always was.
    const findings = model.findingsOf.get(c.code) ?? 0;
    let count = stepCount(c.step_count, 0);
    let finds = stepCount(c.step_count, findings).slice(count.length);
    let dates = ` · ${dateRange(c.first_step_text, c.last_step_text)}`;
    if (!model.long) [count, finds, dates] = [count + finds + dates, "", ""];
    if (finds !== o.findsText) {
      o.findsText = finds;
      o.finds.data = finds;
    }
    if (count !== o.countText) {
      o.countText = count;
      o.count.data = count;
    }
    if (dates !== o.datesText) {
      o.datesText = dates;
      o.dates.data = dates;
    }
  }

  /**
   * Shows the entries of the selection, in the list's order: the kept
   * elements of those that left are removed and those that entered are
   * inserted in place; the others stay where they are.
   */
  function renderList() {
    const active = root.activeElement;
    const focusedCode = active && listbox.contains(active) ? active.dataset.code : null;
    let before = listbox.firstChild;
    for (const g of model.groups) {
      const ge = groupEls.get(g.region);
      let shown = 0;
      // Walk the group's entries in order, keeping the DOM in step.
      let next = ge.firstChild?.nextSibling ?? null;
      for (const code of g.codes) {
        const opt = options.get(code).el;
        if (model.inSel.has(code)) {
          shown++;
          if (next === opt) next = opt.nextSibling;
          else ge.insertBefore(opt, next);
        } else if (opt.parentNode) {
          if (next === opt) next = opt.nextSibling;
          opt.remove();
        }
      }
      if (shown > 0) {
        if (before === ge) before = ge.nextSibling;
        else listbox.insertBefore(ge, before);
      } else if (ge.parentNode) {
        if (before === ge) before = ge.nextSibling;
        ge.remove();
      }
    }
    listbox.hidden = model.codes.length === 0;
    updateTabStop(focusedCode);
    const focused = focusedCode ? options.get(focusedCode)?.el : null;
    if (focused && root.activeElement !== focused) focused.focus();
  }

  /** Roving tabindex: one tab stop in the list, on the focused, selected or first option. */
  function updateTabStop(prefer) {
    if (model.codes.length === 0) return;
    const active = root.activeElement;
    const activeCode = active && active.getAttribute?.("role") === "option" ? active.dataset.code : null;
    const pick = (c) => (c && model.inSel.has(c) ? c : null);
    const target = pick(activeCode) || pick(prefer) || pick(state.get().selected) || model.codes[0];
    if (tabStop === target) return;
    if (tabStop) options.get(tabStop)?.el.setAttribute("tabindex", "-1");
    options.get(target)?.el.setAttribute("tabindex", "0");
    tabStop = target;
  }

  function onKey(ev) {
    const opts = model.codes.map((c) => options.get(c).el);
    if (opts.length === 0) return;
    const current = optionOf(ev.target);
    let i = current ? opts.indexOf(current) : -1;
    switch (ev.key) {
      case "ArrowDown":
      case "ArrowRight":
        i = Math.min(opts.length - 1, i + 1);
        break;
      case "ArrowUp":
      case "ArrowLeft":
        i = Math.max(0, i - 1);
        break;
      case "Home":
        i = 0;
        break;
      case "End":
        i = opts.length - 1;
        break;
      case "Enter":
      case " ":
      case "Spacebar":
        if (current) {
          ev.preventDefault();
          // Focus first, while the DOM is unchanged (focusing needs its style).
          if (root.activeElement !== current) current.focus({ preventScroll: true });
          pick(current, ev.key === "Enter" && state.get().selected === current.dataset.code);
        }
        return;
      default:
        return;
    }
    ev.preventDefault();
    const next = opts[i];
    if (!next) return;
    if (tabStop) options.get(tabStop)?.el.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    tabStop = next.dataset.code;
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  /**
   * The reader selects the entry `opt` in the list: the entry and the top of
   * its details are then in view (reveal); with `toDetails` (Enter on the
   * selected entry) focus moves to the details' heading, which
   * parts/details.js names so.
   */
  function pick(opt, toDetails) {
    if (toDetails) {
      root.getElementById(id("details-h"))?.focus();
      return;
    }
    select(state, opt.dataset.code);
    // In the next frame, where the layout the reveal reads is made anyway
    // for painting (read now, in the input handler, it would be a layout of
    // its own: the whole list's, at every selection).
    if (model.long) requestAnimationFrame(() => reveal(opt));
  }

  /**
   * After a selection from the list: the entry, expanded, is scrolled into
   * view as little as needed; then the page scrolls only if the reader would
   * not see the top of the details. One column (a long list puts them right
   * after the selected entry): the entry goes to the top of the viewport,
   * its details below it. Beside the list (sticky, the stylesheet), they are
   * in view but near the end of the list, where the list's end pushes them
   * up: the page scrolls back until their top shows, the entry still in view
   * below it (by the page's own scroll: a sticky element's scrollIntoView
   * aims at where it would be unstuck).
   */
  function reveal(opt) {
    const details = root.getElementById(id("details"));
    if (!details || !opt.isConnected) return;
    opt.scrollIntoView({ block: "nearest" });
    const view = window.innerHeight || document.documentElement.clientHeight;
    const top = details.getBoundingClientRect().top;
    if (top > opt.getBoundingClientRect().top) {
      if (top > view - 96) opt.scrollIntoView({ block: "start" });
    } else if (top < 0) {
      window.scrollBy(0, top);
    }
  }

  return {
    el,
    update({ keys }) {
      const v = state.get();
      if (options.size === 0) {
        // Made at the first render, after the map's base (whose colours they use).
        for (const g of model.groups) {
          const group = h("div", { class: "st-group", role: "group", "aria-label": g.label });
          group.append(h("div", { class: "st-grouplabel", "aria-hidden": "true", text: g.label }));
          groupEls.set(g.region, group);
          for (const code of g.codes) options.set(code, makeOption(model.summaries.get(code), v.theme));
        }
      } else if (keys.has("theme")) {
        for (const o of options.values()) {
          for (const b of o.badges.values()) recolour(b, model.colour(b.dataset.measure, v.theme));
        }
      }
      if (keys.has("filter")) {
        for (const code of model.changed) if (model.inSel.has(code)) fillOption(options.get(code), model.summaries.get(code));
        empty.hidden = model.count > 0;
        renderList();
      }
      if (keys.has("selected")) {
        if (shownSelected) options.get(shownSelected)?.el.setAttribute("aria-selected", "false");
        shownSelected = v.selected;
        if (shownSelected) options.get(shownSelected)?.el.setAttribute("aria-selected", "true");
        updateTabStop(null);
      }
      if (keys.has("hovered")) {
        if (shownHover) options.get(shownHover)?.el.classList.remove("is-hover");
        shownHover = v.hovered;
        if (shownHover) options.get(shownHover)?.el.classList.add("is-hover");
      }
    },
  };
}
