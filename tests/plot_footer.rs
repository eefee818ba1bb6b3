//! Footers and event markers as rendered: captions wrap only at phrase boundaries, and event
//! labels are drawn or replaced by numbers with a key in the footer.

use std::path::Path;

use steppe::plot::*;

/// Two panels of two made-up lines over 2025-2035, quarterly.
fn sample_figure() -> Figure {
    let x: Vec<f64> = (0..=40).map(|q| 2025.0 + f64::from(q) * 0.25).collect();
    let line = |a: f64, color: Rgb, label: &str| Series {
        label: label.to_string(),
        color,
        values: x.iter().map(|t| a + 0.01 * (t - 2025.0)).collect(),
        ..Series::default()
    };
    let panel = |title: &str| Panel {
        title: title.to_string(),
        series: vec![
            line(0.4, Rgb(192, 57, 43), "Russia"),
            line(0.2, Rgb(243, 156, 18), "China"),
        ],
        ..Panel::default()
    };
    Figure {
        title: "Footers and events".to_string(),
        caption: "scenarios/baseline.toml (sha256 3f9a1c0d5e7b) | seed 42 | steppe 0.1.0"
            .to_string(),
        x: x.clone(),
        y_label: "Influence share (0-1)".to_string(),
        y_range: Some((0.0, 1.0)),
        shared_y: true,
        panels: vec![panel("Kazakhstan"), panel("Uzbekistan")],
        ..Figure::default()
    }
}

/// (width, height) from the IHDR chunk of a PNG file.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

/// The words of a text, without the " | " separators a wrap may drop.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| *w != "|")
        .map(|w| w.trim_end_matches([',', ';']).to_string())
        .collect()
}

#[test]
fn captions_wrap_only_at_phrase_boundaries() {
    let path = "scenarios/regional/very-long-folder-name/another-level/afghan-spillover-with-a-long-name.toml";
    let caption = format!(
        "{path} (sha256 3f9a1c0d5e7b, all inputs 0e4b380835ae), scenarios/baseline.toml (b3ba6bdf) | seed 20250101, 500 members | steppe 0.1.0"
    );
    let chars = |s: &str| s.chars().count() as f64;
    for max in [200.0, 90.0, 60.0, 40.0, 12.0] {
        let lines = wrap_caption(&caption, max, &chars);
        // Nothing lost, nothing cut: the words of the lines are the words of the caption.
        let out: Vec<String> = lines.iter().flat_map(|l| words(l)).collect();
        assert_eq!(out, words(&caption), "width {max}: {lines:#?}");
        for line in &lines {
            assert!(!line.starts_with('|') && !line.ends_with('|'), "{line:?}");
            // Only a single overlong word may exceed the width.
            assert!(
                chars(line) <= max || !line.contains(' '),
                "width {max}: {line:?}"
            );
        }
        if max >= 90.0 {
            // Wide enough for each hash to stay with its label: no line ends in "sha256".
            assert!(lines.iter().all(|l| !l.ends_with("sha256")), "{lines:#?}");
        }
    }
    assert_eq!(
        wrap_caption(&caption, 400.0, &chars),
        [caption.as_str()],
        "a caption that fits is one line"
    );

    // Rendered: every path and hash stays whole in one SVG text element, and the figure grows
    // to show every footer line.
    let mut fig = sample_figure();
    let files: Vec<String> = (0..14)
        .map(|k| format!("scenarios/scenario-number-{k:02}.toml ({k:02}a1b2c3d)"))
        .collect();
    fig.caption = format!("{} | seed 7 | steppe 0.1.0", files.join(", "));
    let svg = render_svg_string(&fig).unwrap();
    for f in &files {
        assert!(svg.contains(f.as_str()), "footer split {f:?}");
    }
    assert!(figure_size(&fig).1 > figure_size(&sample_figure()).1);
}

#[test]
fn event_markers_are_labelled_or_numbered_with_a_key() {
    let mut fig = sample_figure();
    fig.events = vec![Marker {
        x: 2026.0,
        label: "ceasefire".into(),
        color: Rgb(80, 80, 80),
        style: LineStyle::Dashed,
        ..Marker::default()
    }];
    let svg = render_svg_string(&fig).unwrap();
    assert!(svg.contains("ceasefire"));
    assert!(!svg.contains("Events:"));
    assert_eq!(figure_size(&fig), figure_size(&sample_figure()));

    // Twelve events within a year cannot all be labelled: numbers, and a key in the footer.
    fig.events = (0..12)
        .map(|k| Marker {
            x: 2027.0 + f64::from(k) / 12.0,
            label: format!("event number {k} with a long label"),
            ..Marker::default()
        })
        .collect();
    let svg = render_svg_string(&fig).unwrap();
    assert!(svg.contains("Events: 1 event number 0 with a long label (Jan 2027)"));
    assert!(!svg.contains(">event number 0 with a long label<"));
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("events.png");
    render_png(&fig, &png).unwrap();
    assert_eq!(png_size(&png), figure_size(&fig));
}
