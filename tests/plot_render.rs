//! Integration tests of figure rendering: PNG and SVG output, validation errors, NaN handling and
//! the embedded font.

use std::path::Path;

use steppe::plot::*;

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Quarterly x values from 2025.0 to 2035.0.
fn quarters() -> Vec<f64> {
    (0..=40).map(|q| 2025.0 + f64::from(q) * 0.25).collect()
}

/// A smooth made-up trajectory with a fan of uncertainty that widens over time.
fn fan(x: &[f64], start: f64, trend: f64, wiggle: f64, color: Rgb, label: &str) -> Series {
    let mid: Vec<f64> = x
        .iter()
        .map(|t| {
            let u = t - 2025.0;
            start + trend * u + wiggle * (u * 1.3).sin()
        })
        .collect();
    let spread = |k: f64| -> (Vec<f64>, Vec<f64>) {
        x.iter()
            .zip(&mid)
            .map(|(t, m)| {
                let w = k * 0.012 * (t - 2025.0);
                (m - w, m + w)
            })
            .unzip()
    };
    let (lo90, hi90) = spread(1.6);
    let (lo50, hi50) = spread(0.6);
    Series {
        label: label.to_string(),
        color,
        style: LineStyle::Solid,
        values: mid,
        bands: vec![
            Band {
                low: lo90,
                high: hi90,
                opacity: 0.15,
                ..Band::default()
            },
            Band {
                low: lo50,
                high: hi50,
                opacity: 0.3,
                ..Band::default()
            },
        ],
    }
}

/// Five panels, three great powers with 50 % and 90 % bands, and a dashed baseline.
fn sample_figure() -> Figure {
    let x = quarters();
    let states = [
        ("Kazakhstan", 0.45, 0.30),
        ("Uzbekistan", 0.38, 0.33),
        ("Kyrgyzstan", 0.52, 0.28),
        ("Tajikistan", 0.50, 0.35),
        ("Turkmenistan", 0.30, 0.45),
    ];
    let panels = states
        .iter()
        .enumerate()
        .map(|(i, &(name, ru, cn))| {
            let phase = i as f64;
            let mut baseline = fan(&x, ru, -0.01, 0.0, Rgb(120, 120, 120), "Russia (baseline)");
            baseline.style = LineStyle::Dashed;
            baseline.bands.clear();
            Panel {
                title: name.to_string(),
                series: vec![
                    fan(
                        &x,
                        ru,
                        -0.018,
                        0.02 + 0.005 * phase,
                        Rgb(200, 40, 40),
                        "Russia",
                    ),
                    fan(&x, cn, 0.016, 0.015, Rgb(230, 150, 0), "China"),
                    fan(
                        &x,
                        1.0 - ru - cn,
                        0.002,
                        0.01,
                        Rgb(30, 90, 180),
                        "US & allies",
                    ),
                    baseline,
                ],
                ..Panel::default()
            }
        })
        .collect();
    Figure {
        title: "Great-power influence in Central Asia, 2025-2035".to_string(),
        caption: "scenario: scenarios/baseline.toml · sha256 3f9a1c0d5e7b · seed 42 · \
                  500 runs · steppe 0.1.0"
            .to_string(),
        x,
        y_label: "Influence share (0-1)".to_string(),
        y_range: Some((0.0, 1.0)),
        shared_y: true,
        zero_line: false,
        panels,
        ..Figure::default()
    }
}

/// (width, height) from the IHDR chunk of a PNG file.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.len() > 24, "PNG too short");
    assert_eq!(bytes[..8], PNG_MAGIC, "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

fn render_png_bytes(fig: &Figure, dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    render_png(fig, &path).expect("render_png");
    std::fs::read(&path).expect("read PNG")
}

#[test]
fn multi_panel_png_and_svg() {
    let fig = sample_figure();
    let dir = tempfile::tempdir().unwrap();

    let png = render_png_bytes(&fig, dir.path(), "fig.png");
    assert_eq!(png_size(&png), figure_size(&fig));
    // Five panels: a 3 x 2 grid of 560 x 400 cells plus margins, title, legend and caption.
    assert_eq!(figure_size(&fig), (3 * 560 + 32, 2 * 400 + 130));
    // A blank white image of this size compresses to a few KB; a real chart is much larger.
    assert!(
        png.len() > 40_000,
        "PNG suspiciously small: {} bytes",
        png.len()
    );

    let svg_path = dir.path().join("fig.svg");
    render_svg(&fig, &svg_path).unwrap();
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.contains("<svg"));
    assert!(svg.contains("Great-power influence in Central Asia"));
    for label in [
        "Russia",
        "China",
        "US &amp; allies",
        "Russia (baseline)",
        "Kazakhstan",
    ] {
        assert!(svg.contains(label), "SVG lacks {label:?}");
    }
    assert!(!svg.contains("US & allies"), "unescaped ampersand in SVG");
    assert!(svg.contains("Year"));
    assert!(svg.contains("Influence share (0-1)"));
    assert!(svg.contains(">2026") || svg.contains(">\n2026") || svg.contains("2026"));
    // Each label appears once in the legend even though it is in all five panels.
    assert_eq!(
        svg.matches(">\nChina\n<").count() + svg.matches(">China<").count(),
        1
    );
    assert_eq!(
        svg,
        render_svg_string(&fig).unwrap(),
        "SVG output is deterministic"
    );

    if let Ok(path) = std::env::var("STEPPE_PLOT_EXAMPLE") {
        render_png(&fig, Path::new(&path)).unwrap();
    }
}

#[test]
fn single_panel_and_png_under_any_extension() {
    let mut fig = sample_figure();
    fig.panels.truncate(1);
    let dir = tempfile::tempdir().unwrap();
    // Callers write to a temporary name and rename; the extension must not matter.
    let path = dir.path().join("figure.png.tmp");
    render_png(&fig, &path).unwrap();
    let png = std::fs::read(&path).unwrap();
    assert_eq!(png_size(&png), (1000, 600));
    assert_eq!(figure_size(&fig), (1000, 600));
}

#[test]
fn grid_sizes() {
    let mut fig = sample_figure();
    fig.panels.truncate(2);
    assert_eq!(figure_size(&fig), (2 * 560 + 32, 400 + 130));
    fig.panels.push(fig.panels[0].clone());
    fig.panels.push(fig.panels[0].clone());
    assert_eq!(figure_size(&fig), (2 * 560 + 32, 2 * 400 + 130));
}

#[test]
fn nan_and_infinite_values_render() {
    let mut fig = sample_figure();
    fig.y_range = None;
    fig.zero_line = true;
    let s = &mut fig.panels[0].series[0];
    s.values[3] = f64::NAN;
    s.values[10] = f64::INFINITY;
    s.values[11] = f64::NEG_INFINITY;
    s.bands[0].low[5] = f64::NAN;
    s.bands[1].high[20] = f64::INFINITY;
    fig.panels[1].series[1].values.fill(f64::NAN);
    fig.x[30] = f64::NAN;
    let dir = tempfile::tempdir().unwrap();
    let png = render_png_bytes(&fig, dir.path(), "nan.png");
    assert_eq!(png_size(&png), figure_size(&fig));
    render_svg_string(&fig).unwrap();
}

#[test]
fn difference_plot_with_zero_line_and_out_of_range_data() {
    let mut fig = sample_figure();
    fig.y_label = "Difference in share".to_string();
    fig.zero_line = true;
    fig.y_range = Some((-0.1, 0.1));
    for p in &mut fig.panels {
        for s in &mut p.series {
            for v in &mut s.values {
                *v -= 0.4;
            }
        }
    }
    render_svg_string(&fig).unwrap();
    let dir = tempfile::tempdir().unwrap();
    render_png_bytes(&fig, dir.path(), "diff.png");
}

#[test]
fn invalid_figures_are_errors() {
    let mut empty = sample_figure();
    empty.panels.clear();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.png");
    assert!(matches!(
        render_png(&empty, &path),
        Err(PlotError::NoPanels)
    ));
    assert!(matches!(
        render_svg_string(&empty),
        Err(PlotError::NoPanels)
    ));

    let mut short = sample_figure();
    short.panels[2].series[1].values.pop();
    assert!(matches!(
        render_png(&short, &path),
        Err(PlotError::LengthMismatch { panel: 2, .. })
    ));
    assert!(render_svg(&short, &dir.path().join("x.svg")).is_err());

    let mut band = sample_figure();
    band.panels[0].series[0].bands[1].high.push(0.5);
    assert!(matches!(
        render_svg_string(&band),
        Err(PlotError::LengthMismatch {
            field: "band high",
            ..
        })
    ));

    let mut no_x = sample_figure();
    no_x.x.clear();
    for p in &mut no_x.panels {
        p.series.clear();
    }
    assert!(matches!(
        render_svg_string(&no_x),
        Err(PlotError::NoXValues)
    ));

    let mut bad_range = sample_figure();
    bad_range.y_range = Some((1.0, 0.0));
    assert!(matches!(
        render_svg_string(&bad_range),
        Err(PlotError::InvalidRange { .. })
    ));
    bad_range.y_range = Some((0.0, f64::NAN));
    assert!(render_svg_string(&bad_range).is_err());

    // Nothing was written for any of the failures.
    assert!(!path.exists());
}

#[test]
fn text_is_rendered_with_the_embedded_font() {
    let mut fig = sample_figure();
    fig.panels.truncate(1);
    let dir = tempfile::tempdir().unwrap();
    fig.title = "A".to_string();
    let short = render_png_bytes(&fig, dir.path(), "a.png");
    fig.title = "A much longer title with many glyphs: Ж, ü, & 2025".to_string();
    let long = render_png_bytes(&fig, dir.path(), "long.png");
    assert_eq!(png_size(&short), png_size(&long));
    assert_ne!(short, long, "title text made no difference to the pixels");
}

#[test]
fn empty_panels_and_odd_inputs_do_not_panic() {
    let fig = Figure {
        title: String::new(),
        caption: String::new(),
        x: vec![2030.0],
        y_label: String::new(),
        y_range: None,
        shared_y: true,
        zero_line: true,
        panels: vec![
            Panel::default(),
            Panel {
                title: "One point".to_string(),
                series: vec![Series {
                    label: "Solo".to_string(),
                    color: Rgb(0, 0, 0),
                    style: LineStyle::Dashed,
                    values: vec![0.0],
                    bands: vec![Band {
                        low: vec![-1.0],
                        high: vec![1.0],
                        opacity: f64::NAN,
                        ..Band::default()
                    }],
                }],
                ..Panel::default()
            },
        ],
        ..Figure::default()
    };
    render_svg_string(&fig).unwrap();
    let dir = tempfile::tempdir().unwrap();
    render_png_bytes(&fig, dir.path(), "odd.png");
}

mod arbitrary {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = f64> {
        prop_oneof![3 => -2.0f64..2.0, 1 => any::<f64>()]
    }

    /// A figure from arbitrary numbers; `skew` makes some vectors the wrong length.
    fn figure(
        panels: usize,
        x: Vec<f64>,
        pool: &[f64],
        skew: usize,
        range: Option<(f64, f64)>,
    ) -> Figure {
        let n = x.len();
        let mut k = 0;
        let mut take = |len: usize| -> Vec<f64> {
            (0..len)
                .map(|_| {
                    k += 1;
                    pool.get(k % pool.len().max(1)).copied().unwrap_or(0.5)
                })
                .collect()
        };
        let panels = (0..panels)
            .map(|p| Panel {
                title: format!("Panel <{p}> & \"more\""),
                series: (0..(p % 4))
                    .map(|s| Series {
                        label: format!("S{s}"),
                        color: Rgb(s as u8 * 60, 100, 200),
                        style: LineStyle::ALL[s % LineStyle::ALL.len()],
                        values: take(if skew == 1 && p == 1 { n + 1 } else { n }),
                        bands: (0..s)
                            .map(|b| Band {
                                low: take(n),
                                high: take(if skew == 2 { n.saturating_sub(1) } else { n }),
                                opacity: 0.1 * b as f64 + 0.1,
                                label: if b == 1 { "band".into() } else { String::new() },
                            })
                            .collect(),
                    })
                    .collect(),
                y_range: (p == 2).then_some((-1.0, 1.0)),
                reference: (p == 3).then_some(0.5),
                ..Panel::default()
            })
            .collect();
        let events = pool
            .iter()
            .take(5)
            .map(|&v| Marker {
                x: 2020.0 + v * 10.0,
                label: format!("event at {v}"),
                ..Marker::default()
            })
            .collect();
        Figure {
            title: "Arbitrary".to_string(),
            caption: "x ".repeat(pool.len()),
            x,
            y_label: "y".to_string(),
            y_range: range,
            shared_y: pool.len() % 2 == 0,
            zero_line: true,
            panels,
            events,
            line_label: "median".to_string(),
            x_label: None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 40,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever the numbers, rendering returns Ok or Err and never panics.
        #[test]
        fn rendering_never_panics(
            panels in 0usize..8,
            x in vec(prop_oneof![4 => 2020.0f64..2040.0, 1 => any::<f64>()], 0..12),
            pool in vec(value(), 0..64),
            skew in 0usize..4,
            range in proptest::option::weighted(0.3, (value(), value())),
            png in proptest::bool::weighted(0.15),
        ) {
            let mut x = x;
            x.sort_by(f64::total_cmp);
            let fig = figure(panels, x, &pool, skew, range);
            let svg = render_svg_string(&fig);
            if let Ok(svg) = &svg {
                prop_assert!(svg.contains("<svg"));
                prop_assert!(svg.contains("Panel &lt;0&gt; &amp; &quot;more&quot;"));
            }
            if png {
                let dir = tempfile::tempdir().unwrap();
                let out = render_png(&fig, &dir.path().join("f.png"));
                prop_assert_eq!(out.is_ok(), svg.is_ok());
            }
        }
    }
}
