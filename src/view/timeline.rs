//! The timeline a part at a time: the first countries of the list that fit
//! in a budget of steps, drawn again only when what it shows changed.

use super::{select_kept, TimelinePartOptions, View};
use crate::chart::{
    clamp_width, render_timeline_with, Table, TextAlternative, Theme, ThemeName, TimelineOptions,
};
use crate::error::{Error, Result};
use crate::model::{Country, Step};
use crate::query::{Filter, SortKey};

/// What a timeline part is drawn from: the same key, the same picture.
#[derive(Debug, PartialEq)]
pub(super) struct TimelineKey {
    width: f64,
    theme: ThemeName,
    id: String,
    /// Indices of its steps in the dataset.
    steps: Vec<usize>,
}

/// What `timelinePart` gives: `{svg, height, alt: {title, description},
/// shown_countries, total_countries, shown_steps, total_steps}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePart<'a> {
    /// The timeline's `<svg>`; `None` when it is the picture the previous
    /// part drew (same steps, width, theme and id: the page keeps it).
    pub svg: Option<&'a str>,
    /// Its height, px.
    pub height: f64,
    /// Its text alternative; the table is [`View::timeline_table`]'s.
    pub alt: &'a TextAlternative,
    /// How many countries it shows.
    pub shown_countries: usize,
    /// How many countries the filter keeps.
    pub total_countries: usize,
    /// How many steps it shows.
    pub shown_steps: usize,
    /// How many steps the filter keeps.
    pub total_steps: usize,
}

impl View {
    /// Draws the timeline of the first countries `options.filter` keeps, in
    /// the list's order (regions west to east, then names), as many as fit
    /// in `options.max_steps` steps, and at least one (the `timelinePart`
    /// export). A large dataset's timeline is thus drawn a part at a time.
    pub fn timeline_part(&mut self, options: TimelinePartOptions) -> Result<TimelinePart<'_>> {
        let TimelinePartOptions {
            width,
            theme,
            filter,
            id,
            max_steps,
        } = options;
        let width = clamp_width(width);
        let theme = Theme::of(theme);
        let (catalog, kept) = (&self.catalog, &mut *self.kept);
        let d = catalog.dataset();
        // The list's order (regions west to east, names), once.
        let order = kept.order.get_or_insert_with(|| {
            catalog
                .summaries_by_region(&catalog.select(&Filter::default()), SortKey::Name)
                .into_iter()
                .flat_map(|g| g.countries.into_iter().map(|c| c.code))
                .collect()
        });
        let selection = select_kept(catalog, &mut kept.selection, filter);
        let mut codes: Vec<&str> = Vec::new();
        let mut indices: Vec<usize> = Vec::new();
        let mut total_countries = 0;
        for code in order.iter() {
            let own = selection.steps_of(code).unwrap_or_default();
            if own.is_empty() {
                continue;
            }
            total_countries += 1;
            let fits = (indices.len() + own.len()) as f64 <= max_steps;
            if codes.len() == total_countries - 1 && (fits || codes.is_empty()) {
                codes.push(code);
                indices.extend_from_slice(own);
            }
        }
        let key = TimelineKey {
            width,
            theme: theme.name,
            id,
            steps: indices,
        };
        let unchanged = kept.timeline.as_ref().is_some_and(|(k, _)| *k == key);
        if !unchanged {
            let countries: Vec<Country> =
                codes.iter().filter_map(|c| d.country(c).cloned()).collect();
            let steps: Vec<&Step> = key.steps.iter().filter_map(|&i| d.steps.get(i)).collect();
            let picture = render_timeline_with(
                &steps,
                &countries,
                &d.resolutions,
                width,
                &theme,
                &TimelineOptions {
                    id: Some(&key.id),
                    title: None,
                },
            )?;
            kept.timeline = Some((key, picture));
        }
        let Some((key, picture)) = kept.timeline.as_ref() else {
            return Err(Error::Render("timelinePart: no picture".to_owned()));
        };
        Ok(TimelinePart {
            svg: (!unchanged).then_some(picture.svg.as_str()),
            height: picture.height,
            alt: &picture.alt,
            shown_countries: codes.len(),
            total_countries,
            shown_steps: key.steps.len(),
            total_steps: selection.step_count(),
        })
    }

    /// The table of the last timeline part's text alternative; `None`
    /// before any (the `timelineTable` export).
    pub fn timeline_table(&self) -> Option<&Table> {
        self.kept
            .timeline
            .as_ref()
            .map(|(_, picture)| &picture.alt.table)
    }
}
