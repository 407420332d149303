//! A country's figures as charts, and the measures' colours for the list.

use super::{FigureChartsOptions, View};
use crate::chart::{clamp_width, render_figure_with, FigureOptions, TextAlternative, Theme};
use crate::error::Result;
use crate::model::Measure;
use serde::Serialize;
use std::collections::BTreeMap;

/// One figure drawn as a chart (`figureCharts` gives it as `{id, svg,
/// height, alt: {title, description, table}}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureChart<'a> {
    /// The figure's id in the dataset.
    pub id: &'a str,
    /// The chart's `<svg>`.
    pub svg: String,
    /// Its height, px.
    pub height: f64,
    /// Its text alternative, table included.
    pub alt: TextAlternative,
}

impl View {
    /// Draws the figures of the country `code`, one chart each, in the
    /// dataset's order: empty for a country without figures or not in the
    /// dataset. Chart `i`'s SVG ids start with `{options.id}-{i}`; a metric
    /// that already names the country ("workers employed in Poland") is not
    /// followed by ", Poland" again.
    pub fn figure_charts<'a>(
        &'a self,
        code: &'a str,
        options: &FigureChartsOptions,
    ) -> Result<Vec<FigureChart<'a>>> {
        let width = clamp_width(options.width);
        let theme = Theme::of(options.theme);
        let d = self.catalog.dataset();
        let name = d.country(code).map(|c| c.name.as_str());
        let mut charts = Vec::new();
        for (i, fig) in d.figures_of(code).enumerate() {
            let id = format!("{}-{i}", options.id);
            let country_name = name.filter(|n| !fig.metric.as_str().contains(n));
            let drawn = FigureOptions {
                id: Some(&id),
                country_name,
            };
            let picture = render_figure_with(fig, width, &theme, &drawn)?;
            charts.push(FigureChart {
                id: fig.id.as_str(),
                svg: picture.svg,
                height: picture.height,
                alt: picture.alt,
            });
        }
        Ok(charts)
    }
}

/// The fill colour of `measure` in `theme` (`#rrggbb`): the map's colour.
pub fn fill(theme: &Theme, measure: Measure) -> String {
    theme.measure(measure).fill.to_hex()
}

/// The `palette` export: each measure's fill colour in `theme` by its key
/// (`{"visa_suspension": "#rrggbb", ...}`), for the list's badges.
pub fn palette(theme: &Theme) -> BTreeMap<&'static str, String> {
    // Inserted one by one: collecting would instantiate one more sort.
    let mut out = BTreeMap::new();
    for m in Measure::ALL {
        out.insert(m.key(), fill(theme, m));
    }
    out
}
