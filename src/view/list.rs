//! The country list as changes, for a page that keeps its list and updates
//! it in place: only the lines a filter changed cross the boundary.

use super::{select_kept, View};
use crate::model::Measure;
use crate::query::{Filter, SortKey};

/// What `listChanges` gives: `{count, total, step_count, changes}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListChanges {
    /// How many countries the filter keeps.
    pub count: u32,
    /// How many countries the dataset has.
    pub total: usize,
    /// How many steps the filter keeps.
    pub step_count: usize,
    /// One line per country that entered, left or changed, in the dataset's
    /// order, each ending in `\n`: `code` alone when it left the selection,
    /// else `code\tmeasures\tsteps\tfirst\tlast`, with `measures` a bit mask
    /// over [`Measure::ALL`] (bit 0 the strongest), the number of matching
    /// steps, and the first and last step's dates in words; then
    /// `\tfindings`, how many of those steps are findings, when there are any.
    pub changes: String,
}

impl View {
    /// What `filter` changes in the country list since the last call (the
    /// `listChanges` export). With `all`, every country of the selection is
    /// listed, as for a new list.
    pub fn list_changes(&mut self, filter: Filter, all: bool) -> ListChanges {
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let countries = &catalog.dataset().countries;
        if all || kept.list_lines.len() != countries.len() {
            kept.list_lines = vec![String::new(); countries.len()];
        }
        let selection = select_kept(catalog, &mut kept.selection, filter);
        // A line per country, in the dataset's order; empty when not selected.
        let mut lines = vec![String::new(); countries.len()];
        let mut count = 0;
        for c in catalog.summaries(selection, SortKey::Name) {
            let mask: u32 = c
                .measures
                .iter()
                .filter_map(|m| Measure::ALL.iter().position(|x| x == m))
                .map(|i| 1u32 << i)
                .sum();
            let mut line = format!(
                "{}\t{mask}\t{}\t{}\t{}",
                c.code,
                c.step_count,
                c.first_step_text.as_deref().unwrap_or_default(),
                c.last_step_text.as_deref().unwrap_or_default()
            );
            if c.finding_count > 0 {
                line.push_str(&format!("\t{}", c.finding_count));
            }
            if let Some(slot) = catalog
                .country_position(&c.code)
                .and_then(|i| lines.get_mut(i))
            {
                *slot = line;
                count += 1;
            }
        }
        let mut changes = String::new();
        for ((country, old), new) in countries.iter().zip(&kept.list_lines).zip(&lines) {
            if old == new {
                continue;
            }
            if new.is_empty() {
                changes.push_str(&country.code);
            } else {
                changes.push_str(new);
            }
            changes.push('\n');
        }
        let step_count = selection.step_count();
        kept.list_lines = lines;
        ListChanges {
            count,
            total: countries.len(),
            step_count,
            changes,
        }
    }
}
