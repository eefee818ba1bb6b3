//! Charts of a sweep's analyses, built so a reader sees the answer at a glance: Sobol' first- and
//! total-order bars with interval whiskers, the Morris μ*–σ plane with the leading parameters
//! labelled, a tornado around the central outcome, and PRIM's peeling trajectory with the chosen
//! box marked, next to that box's limits. Descriptions only; nothing is drawn here.

use crate::analysis::sweep::{PrimAnalysis, ranked};
use crate::experiment::{Experiment, OutcomeDef};
use crate::plot::{Bar, BarRow, Chart, ChartKind, Rgb, ScatterPoint};
use crate::sensitivity::{MorrisIndices, SobolIndices, Tornado};

/// Rows shown in bar charts: the leading parameters.
pub const TOP_ROWS: usize = 15;
/// Points labelled in the Morris plane.
pub const MORRIS_LABELS: usize = 12;
/// Colour of total-order bars.
pub const TOTAL_COLOR: Rgb = Rgb(51, 34, 136);
/// Colour of first-order bars.
pub const FIRST_COLOR: Rgb = Rgb(136, 204, 238);
/// Colour of a tornado's low-end bars.
pub const LOW_COLOR: Rgb = Rgb(68, 170, 153);
/// Colour of a tornado's high-end bars.
pub const HIGH_COLOR: Rgb = Rgb(136, 34, 85);
/// Colour of unlabelled points.
pub const MUTED: Rgb = Rgb(175, 175, 175);
/// Colour of PRIM's boxes.
pub const PRIM_COLOR: Rgb = Rgb(17, 119, 51);

/// A parameter's label with its evidence grade.
pub fn factor_label(e: &Experiment, j: usize) -> String {
    format!("{} ({})", e.factors[j].path, e.factors[j].grade_label())
}

fn shown(k: usize) -> String {
    if k > TOP_ROWS {
        format!("the {TOP_ROWS} leading parameters of {k}")
    } else {
        format!("all {k} parameters")
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.3}")
}

/// Sobol' indices of one outcome: per parameter, total order above first order, with whiskers.
pub fn sobol_chart(e: &Experiment, caption: &str, o: &OutcomeDef, s: &SobolIndices) -> Chart {
    let k = e.factors.len();
    let rows = ranked(&s.st)
        .into_iter()
        .take(TOP_ROWS)
        .map(|j| BarRow {
            label: factor_label(e, j),
            track: None,
            bars: vec![
                Bar {
                    from: 0.0,
                    to: s.st[j],
                    color: TOTAL_COLOR,
                    whisker: Some((s.st[j] - s.st_conf[j], s.st[j] + s.st_conf[j])),
                    text: fmt(s.st[j]),
                },
                Bar {
                    from: 0.0,
                    to: s.s1[j],
                    color: FIRST_COLOR,
                    whisker: Some((s.s1[j] - s.s1_conf[j], s.s1[j] + s.s1_conf[j])),
                    text: String::new(),
                },
            ],
        })
        .collect();
    Chart {
        title: format!("What drives {}: Sobol' indices", o.name),
        subtitle: format!(
            "{}; {}, N = {} base samples, {:.0} % intervals",
            o.describe,
            shown(k),
            s.n_base,
            e.analysis.confidence * 100.0
        ),
        caption: caption.to_string(),
        legend: vec![
            (
                "total order S_T (alone and with others)".into(),
                TOTAL_COLOR,
            ),
            ("first order S_1 (alone)".into(), FIRST_COLOR),
        ],
        x_label: "share of the outcome's variance".into(),
        y_label: String::new(),
        kind: ChartKind::Bars {
            rows,
            reference: Some((0.0, String::new())),
            x_range: None,
        },
    }
}

/// Morris μ*–σ plane of one outcome, the leading parameters by μ* labelled.
pub fn morris_chart(e: &Experiment, caption: &str, o: &OutcomeDef, m: &MorrisIndices) -> Chart {
    let order = ranked(&m.mu_star);
    let mut points: Vec<ScatterPoint> = order
        .iter()
        .enumerate()
        .map(|(rank, &j)| ScatterPoint {
            x: m.mu_star[j],
            y: m.sigma[j],
            label: if rank < MORRIS_LABELS {
                factor_label(e, j)
            } else {
                String::new()
            },
            color: if rank < MORRIS_LABELS {
                TOTAL_COLOR
            } else {
                MUTED
            },
            emphasis: false,
        })
        .collect();
    // Unlabelled points first, so labelled ones are drawn on top.
    points.reverse();
    let hi_x = m.mu_star.iter().copied().fold(0.0, f64::max);
    let hi_y = m.sigma.iter().copied().fold(0.0, f64::max);
    Chart {
        title: format!("What drives {}: Morris screening", o.name),
        subtitle: format!(
            "{}; {} trajectories; right = more influence, up = more non-linear or interacting",
            o.describe,
            m.effects.first().map_or(0, Vec::len)
        ),
        caption: caption.to_string(),
        legend: Vec::new(),
        x_label: "μ*: mean absolute elementary effect (outcome change over the whole range)".into(),
        y_label: "σ: spread of the elementary effects".into(),
        kind: ChartKind::Scatter {
            points,
            connect: false,
            x_range: Some((0.0, if hi_x > 0.0 { hi_x * 1.08 } else { 1.0 })),
            y_range: Some((0.0, if hi_y > 0.0 { hi_y * 1.08 } else { 1.0 })),
        },
    }
}

/// Tornado of one outcome: each parameter alone at the low and high ends of its range.
pub fn tornado_chart(e: &Experiment, caption: &str, o: &OutcomeDef, t: &Tornado) -> Chart {
    let rows = t
        .bars
        .iter()
        .take(TOP_ROWS)
        .map(|b| BarRow {
            label: factor_label(e, b.factor),
            track: None,
            bars: vec![
                Bar {
                    from: t.baseline,
                    to: b.y_low,
                    color: LOW_COLOR,
                    whisker: None,
                    text: format!("{} at {}", fmt(b.y_low), short(b.low)),
                },
                Bar {
                    from: t.baseline,
                    to: b.y_high,
                    color: HIGH_COLOR,
                    whisker: None,
                    text: format!("{} at {}", fmt(b.y_high), short(b.high)),
                },
            ],
        })
        .collect();
    Chart {
        title: format!("What moves {}: one parameter at a time", o.name),
        subtitle: format!(
            "{}; {}, the others at their central values",
            o.describe,
            shown(e.factors.len())
        ),
        caption: caption.to_string(),
        legend: vec![
            ("parameter at the low end of its range".into(), LOW_COLOR),
            ("at the high end".into(), HIGH_COLOR),
        ],
        x_label: format!("{} (the line: all parameters central)", o.name),
        y_label: String::new(),
        kind: ChartKind::Bars {
            rows,
            reference: Some((t.baseline, format!("central {}", fmt(t.baseline)))),
            x_range: None,
        },
    }
}

fn short(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// PRIM's peeling trajectory: coverage against density of each box, the chosen one marked.
pub fn prim_trajectory_chart(caption: &str, o: &OutcomeDef, case: &str, p: &PrimAnalysis) -> Chart {
    let points = p
        .result
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| ScatterPoint {
            x: s.coverage,
            y: s.density,
            label: if i == p.chosen {
                format!(
                    "chosen box: coverage {:.2}, density {:.2}, {} parameters restricted",
                    s.coverage,
                    s.density,
                    s.restricted.len()
                )
            } else {
                String::new()
            },
            color: if i == p.chosen { PRIM_COLOR } else { MUTED },
            emphasis: i == p.chosen,
        })
        .collect();
    Chart {
        title: format!("Where {case}: PRIM's peeling trajectory"),
        subtitle: format!(
            "{} of {} points are cases ({}); each point is a box, peeled from the whole space (right) inward",
            p.cases, p.points, o.describe
        ),
        caption: caption.to_string(),
        legend: Vec::new(),
        x_label: "coverage: share of all cases inside the box".into(),
        y_label: "density: share of the box's points that are cases".into(),
        kind: ChartKind::Scatter {
            points,
            connect: true,
            x_range: Some((0.0, 1.02)),
            y_range: Some((0.0, 1.02)),
        },
    }
}

/// The chosen PRIM box: each restricted parameter's limits within the range varied.
pub fn prim_box_chart(e: &Experiment, caption: &str, case: &str, p: &PrimAnalysis) -> Chart {
    let step = &p.result.steps[p.chosen];
    let rows = step
        .restricted
        .iter()
        .map(|&j| {
            let f = &e.factors[j];
            let (lo, hi) = step.limits[j];
            let unit = |v: f64| (v - f.low) / (f.high - f.low);
            BarRow {
                label: format!("{}: {} to {}", factor_label(e, j), short(lo), short(hi)),
                track: Some((0.0, 1.0)),
                bars: vec![Bar {
                    from: unit(lo),
                    to: unit(hi),
                    color: PRIM_COLOR,
                    whisker: None,
                    text: String::new(),
                }],
            }
        })
        .collect();
    Chart {
        title: format!("Where {case}: the box"),
        subtitle: format!(
            "inside these limits {:.0} % of points are cases (density) and {:.0} % of all cases lie here (coverage)",
            step.density * 100.0,
            step.coverage * 100.0
        ),
        caption: caption.to_string(),
        legend: Vec::new(),
        x_label:
            "position within the range varied (grey: the whole range; 0 = low end, 1 = high end)"
                .into(),
        y_label: String::new(),
        kind: ChartKind::Bars {
            rows,
            reference: None,
            x_range: Some((0.0, 1.0)),
        },
    }
}
