// The country list: an ARIA listbox grouped by region, west to east, with
// its keyboard model (one tab stop; arrows, Home and End move; Enter or
// Space selects). Its entries are made once per dataset and shown, hidden
// and updated in place as the filter changes.

import { h, recolour, swatch } from "../dom.js";
import { hover, select } from "../state.js";
import { dateRange, plural } from "../words.js";

/** The list part of a view: `{el, update(change)}`. */
export function createList({ state, model, root, id }) {
  const listbox = h("div", { class: "st-listbox", role: "listbox", id: id("list"), "aria-labelledby": id("list-h") });
  const empty = h("p", {
    class: "st-empty",
    hidden: true,
    text: "No country matches these filters. Clear the filters to see every country.",
  });
  const el = h(
    "section",
    { class: "st-list", "aria-labelledby": id("list-h") },
    h("h3", { id: id("list-h"), text: "Countries by region" }),
    empty,
    listbox,
  );
  /** code -> {el, badges, meta, measures, metaText}; region -> its group element. */
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
    if (opt) select(state, opt.dataset.code);
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
      const b = h("span", { class: "st-badge", "data-measure": m }, swatch(model.colour(m, theme)), model.label(m));
      badges.set(m, b);
      box.append(b);
    }
    const meta = document.createTextNode("");
    opt.append(h("span", { class: "st-optname", text: c.name }), box, h("span", { class: "st-optmeta" }, meta));
    return { el: opt, badges, meta, measures, metaText: null };
  }

  /**
   * Shows the entry's badges of the measures in the selection and writes its
   * step count and dates: two DOM writes at most (one attribute, which the
   * measure sheet reads; one text), since a filter on a large dataset
   * changes hundreds of entries at once.
   */
  function fillOption(o, c) {
    if (!o) return;
    const measures = c.measures.join(" ");
    if (measures !== o.measures) {
      o.measures = measures;
      o.el.setAttribute("data-shown", measures);
    }
    const text = `${plural(c.step_count, "step", "steps")} · ${dateRange(c.first_step_text, c.last_step_text)}`;
    if (text !== o.metaText) {
      o.metaText = text;
      o.meta.data = text;
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
          select(state, current.dataset.code);
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
