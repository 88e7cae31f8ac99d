//! The `/clashes stats` chart: casualties and clashes per day as a PNG.
//!
//! Drawn with plotters into an RGB buffer and encoded with `png`, so nothing
//! touches the filesystem; the font (DejaVu Sans) is compiled in, so the
//! chart looks the same on a bare container as on a desktop.

use std::sync::OnceLock;

use chrono::Duration;
use plotters::prelude::*;
use plotters::style::{register_font, FontStyle};

use crate::clashes::stats::{DayStats, Stats};
use crate::clashes::Range;

/// Size of the chart in pixels: wide enough to read 30 days of bars inside a
/// Discord embed, small enough to upload in a blink.
pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;

const FONT: &str = "sans-serif";
const KILLED: RGBColor = RGBColor(0xB0, 0x3A, 0x2E);
const INJURED: RGBColor = RGBColor(0xE0, 0x9F, 0x3E);
const CLASHES: RGBColor = RGBColor(0x4F, 0x6D, 0x7A);
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the chart font could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart failed: {0}")]
    Encode(#[from] png::EncodingError),
}

fn draw_err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

fn fonts() -> Result<(), ChartError> {
    static LOADED: OnceLock<bool> = OnceLock::new();
    let ok = *LOADED.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// A y-axis top with some headroom, never zero (plotters needs a range).
fn axis_top(max: u32) -> f64 {
    f64::from(max.max(1)) * 1.15
}

/// The chart as PNG bytes, `WIDTH`×`HEIGHT`.
pub fn render_png(stats: &Stats, title: &str) -> Result<Vec<u8>, ChartError> {
    fonts()?;
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    draw(&mut rgb, stats, title)?;
    let mut out = Vec::with_capacity(64 * 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgb)?;
    }
    Ok(out)
}

type Bar = [(f64, f64); 2];
/// Which figure of a day a series draws.
type Pick = fn(&DayStats) -> Range;

/// One day's bar per figure, `offset` into the day: the solid part up to
/// the lowest figure, the pale part from there to the highest.
fn range_bars(
    days: &[(chrono::NaiveDate, DayStats)],
    offset: f64,
    pick: Pick,
) -> (Vec<Bar>, Vec<Bar>) {
    let mut solid = Vec::new();
    let mut pale = Vec::new();
    for (i, (_, d)) in days.iter().enumerate() {
        let r = pick(d);
        let x0 = i as f64 + offset;
        let x1 = x0 + 0.38;
        if r.min > 0 {
            solid.push([(x0, 0.0), (x1, f64::from(r.min))]);
        }
        if r.max > r.min {
            pale.push([(x0, f64::from(r.min)), (x1, f64::from(r.max))]);
        }
    }
    (solid, pale)
}

fn draw(rgb: &mut [u8], stats: &Stats, title: &str) -> Result<(), ChartError> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(draw_err)?;
    let root = root
        .titled(
            title,
            (FONT, 24).into_font().style(FontStyle::Bold).color(&INK),
        )
        .map_err(draw_err)?;
    let (upper, lower) = root.split_vertically(HEIGHT * 55 / 100);

    let n = stats.days.len().max(1);
    let x_range = 0f64..n as f64;
    let from = stats.from;
    let day_label = move |x: &f64| -> String {
        let i = x.floor();
        if i < 0.0 || i >= n as f64 {
            return String::new();
        }
        (from + Duration::days(i as i64))
            .format("%b %-d")
            .to_string()
    };
    let label_count = n.min(10);

    // Casualties: the solid part of a bar is the figure every source
    // supports, the pale part above it what only some sources report.
    let people_max = stats
        .days
        .iter()
        .map(|(_, d)| d.killed.max.max(d.injured.max))
        .max()
        .unwrap_or(0);
    let mut people = ChartBuilder::on(&upper)
        .margin(12)
        .x_label_area_size(26)
        .y_label_area_size(56)
        .caption(
            "Killed and injured per day",
            (FONT, 17).into_font().color(&INK),
        )
        .build_cartesian_2d(x_range.clone(), 0f64..axis_top(people_max))
        .map_err(draw_err)?;
    people
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(label_count)
        .x_label_formatter(&day_label)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 13).into_font().color(&INK))
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .draw()
        .map_err(draw_err)?;
    let series: [(f64, RGBColor, &str, Pick); 2] = [
        (0.1, KILLED, "Killed", |d| d.killed),
        (0.52, INJURED, "Injured", |d| d.injured),
    ];
    for (offset, colour, name, pick) in series {
        let (solid, pale) = range_bars(&stats.days, offset, pick);
        people
            .draw_series(
                solid
                    .into_iter()
                    .map(|r| Rectangle::new(r, colour.filled())),
            )
            .map_err(draw_err)?
            .label(name)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        let pale_series = people
            .draw_series(
                pale.into_iter()
                    .map(|r| Rectangle::new(r, colour.mix(0.35).filled())),
            )
            .map_err(draw_err)?;
        if name == "Injured" {
            pale_series
                .label("Given by some sources only")
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], KILLED.mix(0.35).filled())
                });
        }
    }
    people
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(0xCC, 0xCC, 0xCC))
        .label_font((FONT, 13).into_font().color(&INK))
        .draw()
        .map_err(draw_err)?;

    let clash_max = stats.days.iter().map(|(_, d)| d.clashes).max().unwrap_or(0);
    let mut clashes = ChartBuilder::on(&lower)
        .margin(12)
        .x_label_area_size(26)
        .y_label_area_size(56)
        .caption("Clashes per day", (FONT, 17).into_font().color(&INK))
        .build_cartesian_2d(x_range, 0f64..axis_top(clash_max))
        .map_err(draw_err)?;
    clashes
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(label_count)
        .x_label_formatter(&day_label)
        .y_labels(clash_max.clamp(1, 5) as usize + 1)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style((FONT, 13).into_font().color(&INK))
        .light_line_style(RGBColor(0xEE, 0xEE, 0xEE))
        .draw()
        .map_err(draw_err)?;
    clashes
        .draw_series(
            stats
                .days
                .iter()
                .enumerate()
                .filter(|(_, (_, d))| d.clashes > 0)
                .map(|(i, (_, d))| {
                    Rectangle::new(
                        [
                            (i as f64 + 0.15, 0.0),
                            (i as f64 + 0.85, f64::from(d.clashes)),
                        ],
                        CLASHES.filled(),
                    )
                }),
        )
        .map_err(draw_err)?;
    root.present().map_err(draw_err)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clashes::stats::{compute, ClashPoint};

    fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(png_bytes);
        let mut reader = decoder.read_info().expect("png header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("png frame");
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    }

    #[test]
    fn draws_a_png_of_the_fixed_size_with_bars() {
        let from = "2024-03-01".parse().expect("date");
        let to = "2024-03-30".parse().expect("date");
        let points = vec![ClashPoint {
            date: "2024-03-10".parse().expect("date"),
            killed: Range { min: 4, max: 9 },
            injured: Range::exact(3),
            sources: Vec::new(),
        }];
        let stats = compute(from, to, &points);
        let png_bytes = render_png(&stats, "Clashes in Sahel, last 30 days").expect("chart");
        let (w, h, pixels) = decode(&png_bytes);
        assert_eq!((w, h), (WIDTH, HEIGHT));
        // The killed colour is on the chart (a bar), not just white paper.
        let killed = pixels
            .chunks(3)
            .filter(|p| p == &[KILLED.0, KILLED.1, KILLED.2])
            .count();
        assert!(killed > 100, "only {killed} killed-coloured pixels");
    }

    #[test]
    fn an_empty_period_still_draws() {
        let d = "2024-01-01".parse().expect("date");
        let stats = compute(d, d, &[]);
        let png_bytes = render_png(&stats, "Nothing").expect("chart");
        assert_eq!(decode(&png_bytes).0, WIDTH);
    }
}
