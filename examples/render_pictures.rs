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
//! Files written (each in the light and the dark theme, `-light`/`-dark`):
//! - `map-story-320`, `map-story-1200`: the story view (fitted to the dataset);
//! - `map-world-1200`: the whole world;
//! - `figure-<id>-<width>` for each of the seed's figures at 320 and 1200 px;
//! - `timeline-320`, `timeline-1200`: every step on a date axis.

use sanctions_tracker::chart::map::{render_map, MapState, MapView};
use sanctions_tracker::chart::{render_figure_with, render_timeline, FigureOptions, Theme};
use std::error::Error;
use std::path::{Path, PathBuf};

/// Widths the pictures are rendered at: a phone and the widest layout.
const WIDTHS: [f64; 2] = [320.0, 1200.0];

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
            for &w in &WIDTHS {
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
        for &w in &WIDTHS {
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
