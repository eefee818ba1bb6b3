//! Colours a colour-blind reader can tell apart. Every set of colours drawn together (the
//! powers' colours from `seeds/world.toml` with the autonomy line of the regional figure; the
//! scenario colours of comparisons, from `src/figures/`) is simulated for protanopia,
//! deuteranopia and tritanopia with the matrices of Machado, Oliveira and Fernandes (2009,
//! severity 1, applied to linear RGB), and every pair must stay at least [`MIN_DELTA_E`] apart
//! in CIEDE2000. The report's text colours must keep a WCAG contrast of 4.5:1 with their
//! backgrounds under the same simulations.
//!
//! A failing colour is reported, not silently changed: world colours belong to the world file.

use std::path::Path;

use steppe::export::report::TEXT_ON_BACKGROUND;
use steppe::figures::{AUTONOMY_COLOR, scenario_styles};
use steppe::io::load::load_world;
use steppe::plot::Rgb;

/// Smallest CIEDE2000 difference between two colours drawn together. About 2.3 is just
/// noticeable for large patches; thin lines need several times that (Szafir 2017, "Modeling
/// Color Difference for Visualization Design"), so 10 is asked of every pair of lines.
const MIN_DELTA_E: f64 = 10.0;

/// WCAG 2 AA contrast for body text.
const MIN_CONTRAST: f64 = 4.5;

/// Colour vision: normal, then the three dichromacies (Machado et al. 2009, severity 1.0).
const VISIONS: [(&str, Option<[[f64; 3]; 3]>); 4] = [
    ("normal", None),
    (
        "protanopia",
        Some([
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]),
    ),
    (
        "deuteranopia",
        Some([
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]),
    ),
    (
        "tritanopia",
        Some([
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]),
    ),
];

/// sRGB to linear RGB in [0, 1].
fn linear(c: Rgb) -> [f64; 3] {
    [c.0, c.1, c.2].map(|u| {
        let u = f64::from(u) / 255.0;
        if u <= 0.04045 {
            u / 12.92
        } else {
            ((u + 0.055) / 1.055).powf(2.4)
        }
    })
}

/// The colour as seen with a vision deficiency (`None`: as it is), in linear RGB.
fn seen(c: Rgb, matrix: Option<[[f64; 3]; 3]>) -> [f64; 3] {
    let rgb = linear(c);
    match matrix {
        None => rgb,
        Some(m) => {
            m.map(|row| (row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]).clamp(0.0, 1.0))
        }
    }
}

/// Linear RGB to CIE L*a*b* (D65).
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let [r, g, b] = rgb;
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        let d: f64 = 6.0 / 29.0;
        if t > d.powi(3) {
            t.cbrt()
        } else {
            t / (3.0 * d * d) + 4.0 / 29.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// CIEDE2000 colour difference (Sharma, Wu and Dalal 2005).
fn ciede2000(p: [f64; 3], q: [f64; 3]) -> f64 {
    let ([l1, a1, b1], [l2, a2, b2]) = (p, q);
    let pow7 = |x: f64| x.powi(7);
    let c_bar = (a1.hypot(b1) + a2.hypot(b2)) / 2.0;
    let g = 0.5 * (1.0 - (pow7(c_bar) / (pow7(c_bar) + pow7(25.0))).sqrt());
    let (a1p, a2p) = ((1.0 + g) * a1, (1.0 + g) * a2);
    let (c1p, c2p) = (a1p.hypot(b1), a2p.hypot(b2));
    let hue = |b: f64, a: f64| {
        if a == 0.0 && b == 0.0 {
            0.0
        } else {
            b.atan2(a).to_degrees().rem_euclid(360.0)
        }
    };
    let (h1p, h2p) = (hue(b1, a1p), hue(b2, a2p));
    let dl = l2 - l1;
    let dc = c2p - c1p;
    let dh = if c1p * c2p == 0.0 {
        0.0
    } else {
        let d = h2p - h1p;
        if d > 180.0 {
            d - 360.0
        } else if d < -180.0 {
            d + 360.0
        } else {
            d
        }
    };
    let dh_big = 2.0 * (c1p * c2p).sqrt() * (dh.to_radians() / 2.0).sin();
    let l_bar = (l1 + l2) / 2.0;
    let c_bar_p = (c1p + c2p) / 2.0;
    let h_bar = if c1p * c2p == 0.0 {
        h1p + h2p
    } else if (h1p - h2p).abs() <= 180.0 {
        (h1p + h2p) / 2.0
    } else if h1p + h2p < 360.0 {
        (h1p + h2p + 360.0) / 2.0
    } else {
        (h1p + h2p - 360.0) / 2.0
    };
    let cos = |deg: f64| deg.to_radians().cos();
    let t =
        1.0 - 0.17 * cos(h_bar - 30.0) + 0.24 * cos(2.0 * h_bar) + 0.32 * cos(3.0 * h_bar + 6.0)
            - 0.20 * cos(4.0 * h_bar - 63.0);
    let d_theta = 30.0 * (-((h_bar - 275.0) / 25.0).powi(2)).exp();
    let rc = 2.0 * (pow7(c_bar_p) / (pow7(c_bar_p) + pow7(25.0))).sqrt();
    let sl = 1.0 + 0.015 * (l_bar - 50.0).powi(2) / (20.0 + (l_bar - 50.0).powi(2)).sqrt();
    let sc = 1.0 + 0.045 * c_bar_p;
    let sh = 1.0 + 0.015 * c_bar_p * t;
    let rt = -(2.0 * d_theta).to_radians().sin() * rc;
    ((dl / sl).powi(2) + (dc / sc).powi(2) + (dh_big / sh).powi(2) + rt * (dc / sc) * (dh_big / sh))
        .sqrt()
}

/// WCAG contrast ratio of two linear RGB colours.
fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Every pair of `colours` closer than [`MIN_DELTA_E`] in some vision, after printing the
/// closest pair of each vision.
fn too_close(set: &str, colours: &[(String, Rgb)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (vision, matrix) in VISIONS {
        let mut closest = (f64::INFINITY, String::new());
        for (i, (na, a)) in colours.iter().enumerate() {
            for (nb, b) in &colours[i + 1..] {
                let d = ciede2000(lab(seen(*a, matrix)), lab(seen(*b, matrix)));
                if d < closest.0 {
                    closest = (d, format!("{na} / {nb}"));
                }
                if d < MIN_DELTA_E {
                    failures.push(format!("{set}, {vision}: {na} and {nb} are {d:.1} apart"));
                }
            }
        }
        eprintln!(
            "{set:<10} {vision:<13} closest pair {} at ΔE00 {:.1}",
            closest.1, closest.0
        );
    }
    failures
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn world() -> steppe::world::World {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/world.toml");
    load_world(&path).expect("the world loads").0
}

#[test]
fn ciede2000_and_the_simulation_match_published_values() {
    // Sharma, Wu and Dalal (2005), test pairs 1, 7, 13, 17, 25 and 33.
    for (p, q, expected) in [
        ([50.0, 2.6772, -79.7751], [50.0, 0.0, -82.7485], 2.0425),
        ([50.0, 0.0, 0.0], [50.0, -1.0, 2.0], 2.3669),
        ([50.0, 2.49, -0.001], [50.0, -2.49, 0.0009], 7.1792),
        ([50.0, 2.5, 0.0], [73.0, 25.0, -18.0], 27.1492),
        (
            [60.2574, -34.0099, 36.2677],
            [60.4626, -34.1751, 39.4387],
            1.2644,
        ),
        (
            [22.7233, 20.0904, -46.6940],
            [23.0331, 14.9730, -42.5619],
            2.0373,
        ),
    ] {
        let d = ciede2000(p, q);
        assert!(
            (d - expected).abs() < 1e-4,
            "{p:?} {q:?}: {d} != {expected}"
        );
        assert!((ciede2000(q, p) - d).abs() < 1e-9);
    }
    // colorspacious (which implements Machado et al. 2009) sees #c0392b with deuteranopia at
    // L*a*b* (48.87, -4.39, 43.58), and #c0392b / #f39c12 23.3 apart in CIEDE2000.
    let (red, orange) = (Rgb(0xc0, 0x39, 0x2b), Rgb(0xf3, 0x9c, 0x12));
    let deutan = VISIONS[2].1;
    let l = lab(seen(red, deutan));
    for (got, want) in l.iter().zip([48.87, -4.39, 43.58]) {
        assert!((got - want).abs() < 0.1, "{l:?}");
    }
    let d = ciede2000(lab(seen(red, deutan)), lab(seen(orange, deutan)));
    assert!((d - 23.28).abs() < 0.1, "{d}");
    assert!((contrast(linear(Rgb(0, 0, 0)), linear(Rgb(255, 255, 255))) - 21.0).abs() < 1e-9);
}

#[test]
fn power_colours_stay_apart_for_colour_blind_readers() {
    let world = world();
    let mut colours: Vec<(String, Rgb)> = world
        .powers
        .iter()
        .map(|p| {
            (
                format!("{} {}", p.id, hex(Rgb(p.color[0], p.color[1], p.color[2]))),
                Rgb(p.color[0], p.color[1], p.color[2]),
            )
        })
        .collect();
    colours.push((format!("autonomy {}", hex(AUTONOMY_COLOR)), AUTONOMY_COLOR));
    let failures = too_close("powers", &colours);
    assert!(
        failures.is_empty(),
        "colours of seeds/world.toml to change (report them to the world's owner):\n{}",
        failures.join("\n")
    );
}

#[test]
fn scenario_colours_stay_apart_for_colour_blind_readers() {
    let world = world();
    // The baseline and up to seven scenarios drawn with solid lines in distinct colours.
    let styles = scenario_styles(&world, 8, 0);
    let colours: Vec<(String, Rgb)> = styles
        .iter()
        .enumerate()
        .map(|(k, s)| (format!("scenario {k} {}", hex(s.color)), s.color))
        .collect();
    let failures = too_close("scenarios", &colours);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn report_text_keeps_its_contrast_for_colour_blind_readers() {
    for (vision, matrix) in VISIONS {
        for (fg, bg) in TEXT_ON_BACKGROUND {
            let c = contrast(seen(fg, matrix), seen(bg, matrix));
            assert!(
                c >= MIN_CONTRAST,
                "{vision}: {} on {} has contrast {c:.2}",
                hex(fg),
                hex(bg)
            );
        }
    }
}
