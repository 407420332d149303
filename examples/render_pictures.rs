//! Writes the real renderer output for the seed story as SVG files, for the
//! README's pictures (docs/pictures.md).
//!
//! ```text
//! cargo run --example render_pictures -- docs/img
//! ```
//!
//! tools/render-pictures.sh runs this, then turns each SVG into a PNG with
//! `rsvg-convert` (Liberation Sans installed, the first face of the pictures'
//! font stack) and keeps only the PNGs.
//!
//! Files written (`-light`/`-dark` is the theme):
//! - `map-story-{320,1200}-{light,dark}`: the story view (fitted to the dataset);
//! - `map-world-1200-{light,dark}`: the whole world;
//! - `figure-<id>-{320,600}-light` and `figure-<id>-320-dark` for each figure;
//! - `timeline-{320,1200}-light` and `timeline-320-dark`: every step on a date axis.

use sanctions_tracker::chart::map::{render_map, MapState, MapView};
use sanctions_tracker::chart::{render_figure_with, render_timeline, FigureOptions, Theme};
use std::error::Error;
use std::path::{Path, PathBuf};

/// Widths of the maps and the timeline: a phone and the widest layout.
const WIDTHS: [f64; 2] = [320.0, 1200.0];
/// Widths of the figure charts: a phone and an article column.
const FIGURE_WIDTHS: [f64; 2] = [320.0, 600.0];

fn write(dir: &Path, name: &str, svg: &str, written: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let path = dir.join(format!("{name}.svg"));
    std::fs::write(&path, svg)?;
    written.push(path);
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: render_pictures OUT_DIR")?,
    );
    std::fs::create_dir_all(&dir)?;
    let loaded = sanctions_tracker::seed::load()?;
    let data = &loaded.dataset;
    let mut written = Vec::new();

    for (theme_name, theme) in [("light", Theme::light()), ("dark", Theme::dark())] {
        // The charts' dark versions at phone width only: enough to see the theme.
        let chart_widths = if theme_name == "light" {
            &FIGURE_WIDTHS[..]
        } else {
            &FIGURE_WIDTHS[..1]
        };
        let timeline_widths = if theme_name == "light" {
            &WIDTHS[..]
        } else {
            &WIDTHS[..1]
        };
        for (view, view_name, widths) in [
            (MapView::Story, "story", &WIDTHS[..]),
            (MapView::World, "world", &WIDTHS[1..]),
        ] {
            for &w in widths {
                let state = MapState {
                    view,
                    ..MapState::all(data)
                };
                let map = render_map(data, &state, w, &theme)?;
                let name = format!("map-{view_name}-{w}-{theme_name}");
                write(&dir, &name, &map.picture.svg, &mut written)?;
            }
        }

        for fig in &data.figures {
            let country = data.country(&fig.country).map(|c| c.name.as_str());
            for &w in chart_widths {
                let opts = FigureOptions {
                    id: None,
                    country_name: country,
                };
                let pic = render_figure_with(fig, w, &theme, &opts)?;
                let name = format!("figure-{}-{w}-{theme_name}", fig.id);
                write(&dir, &name, &pic.svg, &mut written)?;
            }
        }

        let steps: Vec<_> = data.steps.iter().collect();
        for &w in timeline_widths {
            let pic = render_timeline(&steps, &data.countries, &data.resolutions, w, &theme)?;
            let name = format!("timeline-{w}-{theme_name}");
            write(&dir, &name, &pic.svg, &mut written)?;
        }
    }

    for path in &written {
        println!("{}", path.display());
    }
    Ok(())
}
