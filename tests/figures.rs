//! Figures that read at a glance (issue 8): consistent power colours, distinct scenario styles,
//! bands explained in the legend, event markers, the states' own autonomy and honest driver axes.

mod common;

use common::{Workspace, load};
use steppe::figures::{
    self, AUTONOMY_LABEL, BAND50_LABEL, BAND90_LABEL, ComparisonKind, FigureContext, Line,
    MEDIAN_LABEL, ScenarioSet,
};
use steppe::io::load::Loaded;
use steppe::metric::{Metric, Scope};
use steppe::plot::{CLOSE_COLOR, Figure, Rgb, color_distance, render_svg_string};
use steppe::simulate::{Results, RunSpec, SingleRun, Subject, simulate};
use steppe::world::World;

fn power_colors(world: &World) -> Vec<(String, Rgb)> {
    world
        .powers
        .iter()
        .map(|p| (p.label.clone(), Rgb(p.color[0], p.color[1], p.color[2])))
        .collect()
}

/// The single run `steppe run` makes of a scenario.
fn run_single(l: &Loaded) -> SingleRun<'_> {
    match simulate(Subject::Scenario(l), &RunSpec::single()).expect("runs") {
        Results::Single(r) => r,
        other => panic!("expected a single run, got {other:?}"),
    }
}

/// A single run's line of a metric.
fn single_line(run: &SingleRun, m: &Metric) -> Line {
    let n = run.trajectory.points;
    let i = run.metrics.iter().position(|x| x == m).expect("metric");
    Line::single(run.series[i * n..(i + 1) * n].to_vec())
}

/// A made-up fan around a line: bands of +-1 % and +-3 %.
fn fan(center: Vec<f64>) -> Line {
    let shift = |d: f64| center.iter().map(|v| v + d).collect::<Vec<f64>>();
    Line {
        band50: Some((shift(-0.01), shift(0.01))),
        band90: Some((shift(-0.03), shift(0.03))),
        center,
    }
}

fn driver_line(run: &SingleRun, world: &World, k: usize) -> Line {
    let nk = world.drivers.len();
    Line::single(
        (0..run.trajectory.points)
            .map(|p| run.trajectory.drivers[p * nk + k])
            .collect(),
    )
}

/// Every figure of a single run of `l`, with the autonomy line, as `steppe run` builds them.
fn single_run_figures(l: &Loaded) -> (SingleRun<'_>, Vec<(String, Figure)>) {
    let run = run_single(l);
    let ctx = FigureContext {
        world: &l.world,
        calendar: &l.scenario.calendar,
        title: &l.scenario.title,
        caption: "caption",
        events: &l.scenario.events,
    };
    let line_of = |m: &Metric| single_line(&run, m);
    let autonomy = figures::autonomy_line(&l.world, &line_of);
    let figs = figures::run_figures(
        &ctx,
        &line_of,
        &|k| driver_line(&run, &l.world, k),
        Some(autonomy),
    );
    (run, figs)
}

/// Overlay and difference figures of `scenarios` compared with the first, from made-up fans.
fn comparison_figures(scenarios: &[Loaded]) -> Vec<Figure> {
    let world = &scenarios[0].world;
    let titles: Vec<String> = scenarios.iter().map(|l| l.scenario.title.clone()).collect();
    let set = ScenarioSet {
        world,
        calendar: &scenarios[0].scenario.calendar,
        caption: "caption",
        titles: &titles,
        baseline: 0,
        events: scenarios
            .iter()
            .map(|l| l.scenario.events.as_slice())
            .collect(),
    };
    let n = scenarios[0].scenario.calendar.points();
    let panels: Vec<(String, Metric)> = (0..world.powers.len())
        .map(|p| {
            let m = Metric {
                power: p,
                scope: Scope::Region,
                domain: None,
            };
            (world.powers[p].label.clone(), m)
        })
        .collect();
    let line = |k: usize, _: &Metric| fan(vec![0.01 * k as f64; n]);
    [ComparisonKind::Overlay, ComparisonKind::Difference]
        .into_iter()
        .map(|kind| {
            figures::comparison_figure(
                &set,
                "comparison".into(),
                figures::comparison_panels(&set, &panels, kind, &line),
                kind,
            )
        })
        .collect()
}

#[test]
fn powers_keep_their_colour_and_nothing_else_takes_it() {
    let names = [
        "baseline",
        "ukraine-freeze",
        "sanctions-lifted",
        "us-return",
    ];
    let scenarios: Vec<Loaded> = names.iter().map(|n| load(n)).collect();
    let world = &scenarios[0].world;
    let powers = power_colors(world);
    let mut all: Vec<(String, Figure)> = single_run_figures(&scenarios[1]).1;
    all.extend(
        comparison_figures(&scenarios)
            .into_iter()
            .map(|f| ("comparison".to_string(), f)),
    );
    let mut seen = 0;
    for (stem, fig) in &all {
        for s in fig.panels.iter().flat_map(|p| &p.series) {
            match powers.iter().find(|(label, _)| *label == s.label) {
                Some((label, color)) => {
                    assert_eq!(s.color, *color, "{stem}: {label} keeps its colour");
                    seen += 1;
                }
                None => {
                    for (label, color) in &powers {
                        let d = color_distance(s.color, *color);
                        assert!(
                            d >= CLOSE_COLOR,
                            "{stem}: {:?} is close to {label}",
                            s.label
                        );
                    }
                }
            }
        }
        for m in &fig.events {
            for (label, color) in &powers {
                assert!(
                    color_distance(m.color, *color) >= CLOSE_COLOR,
                    "{stem}: marker like {label}"
                );
            }
        }
    }
    // Regional, states and domains figures each draw every power.
    assert!(seen >= 3 * world.powers.len(), "{seen}");
}

#[test]
fn sixteen_scenarios_get_distinct_styles_unlike_any_power() {
    let l = load("baseline");
    let powers = power_colors(&l.world);
    for baseline in [0, 7, 15] {
        let styles = figures::scenario_styles(&l.world, 16, baseline);
        assert_eq!(styles.len(), 16);
        assert_eq!(styles[baseline], figures::BASELINE_STYLE);
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!((a.color, a.style), (b.color, b.style), "{styles:?}");
            }
            for (label, color) in &powers {
                assert!(
                    color_distance(a.color, *color) >= CLOSE_COLOR,
                    "scenario {i} looks like {label}"
                );
            }
        }
    }
    // A world whose powers take palette colours still gets distinct, unlike colours.
    let avoid: Vec<Rgb> = steppe::plot::QUALITATIVE[..5].to_vec();
    let palette = figures::scenario_palette(&avoid);
    assert!(palette.len() >= 4, "{palette:?}");
    for c in &palette {
        assert!(avoid.iter().all(|a| color_distance(*c, *a) >= CLOSE_COLOR));
    }
}

#[test]
fn difference_figures_carry_both_bands_and_legends_explain_them() {
    let scenarios = vec![load("baseline"), load("ukraine-freeze")];
    let figs = comparison_figures(&scenarios);
    let (overlay, difference) = (&figs[0], &figs[1]);
    for s in difference.panels.iter().flat_map(|p| &p.series) {
        let labels: Vec<&str> = s.bands.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, [BAND90_LABEL, BAND50_LABEL], "{}", s.label);
    }
    for s in overlay.panels.iter().flat_map(|p| &p.series) {
        let labels: Vec<&str> = s.bands.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, [BAND50_LABEL], "{}", s.label);
    }
    let svg = render_svg_string(difference).unwrap();
    for label in [MEDIAN_LABEL, "50 % of members", "90 % of members"] {
        assert!(svg.contains(label), "difference legend lacks {label:?}");
    }

    // A fan chart of one scenario: the legend names the median and both bands.
    let l = &scenarios[1];
    let run = run_single(l);
    let ctx = FigureContext {
        world: &l.world,
        calendar: &l.scenario.calendar,
        title: &l.scenario.title,
        caption: "",
        events: &l.scenario.events,
    };
    let fans = figures::influence_figures(&ctx, &|m| fan(single_line(&run, m).center), None);
    for (stem, fig) in &fans {
        assert_eq!(fig.line_label, MEDIAN_LABEL, "{stem}");
        let svg = render_svg_string(fig).unwrap();
        for label in [MEDIAN_LABEL, "50 % of members", "90 % of members"] {
            assert!(svg.contains(label), "{stem} legend lacks {label:?}");
        }
    }
}

#[test]
fn events_are_marked_on_every_figure_and_in_the_svg() {
    let l = load("ukraine-freeze");
    let (_, figs) = single_run_figures(&l);
    assert_eq!(figs.len(), 4);
    for (stem, fig) in &figs {
        assert_eq!(fig.events.len(), 1, "{stem}");
        let m = &fig.events[0];
        assert_eq!(m.x, 2026.0);
        assert_eq!(m.label, "Ceasefire and a frozen front line");
        let svg = render_svg_string(fig).unwrap();
        assert!(svg.contains("Ceasefire and a frozen front line"), "{stem}");
    }

    // In a comparison every non-baseline scenario's events appear, in its colour.
    let scenarios: Vec<Loaded> = [
        "baseline",
        "ukraine-freeze",
        "sanctions-lifted",
        "csto-exit",
    ]
    .iter()
    .map(|n| load(n))
    .collect();
    let titles: Vec<String> = scenarios.iter().map(|l| l.scenario.title.clone()).collect();
    let set = ScenarioSet {
        world: &scenarios[0].world,
        calendar: &scenarios[0].scenario.calendar,
        caption: "",
        titles: &titles,
        baseline: 0,
        events: scenarios
            .iter()
            .map(|l| l.scenario.events.as_slice())
            .collect(),
    };
    let markers = figures::comparison_markers(&set);
    let styles = set.styles();
    assert_eq!(markers.len(), 3);
    for (k, m) in (1..).zip(&markers) {
        assert_eq!((m.color, m.style), (styles[k].color, styles[k].style));
        assert!(m.detail.starts_with(&titles[k]), "{}", m.detail);
    }
    let fig = &comparison_figures(&scenarios)[1];
    let svg = render_svg_string(fig).unwrap();
    for label in [
        "Sanctions lifted step by step",
        "Kazakhstan withdraws from the CSTO",
    ] {
        assert!(svg.contains(label), "comparison SVG lacks {label:?}");
    }
}

#[test]
fn regional_figure_of_a_single_run_shows_autonomy_as_the_remainder() {
    let l = load("ukraine-freeze");
    let (run, figs) = single_run_figures(&l);
    let regional = &figs.iter().find(|(stem, _)| stem == "regional").unwrap().1;
    let series = &regional.panels[0].series;
    let autonomy = series
        .iter()
        .find(|s| s.label == AUTONOMY_LABEL)
        .expect("an autonomy series");
    for t in 0..run.trajectory.points {
        let sum: f64 = (0..l.world.powers.len())
            .map(|p| {
                let m = Metric {
                    power: p,
                    scope: Scope::Region,
                    domain: None,
                };
                single_line(&run, &m).center[t]
            })
            .sum();
        assert!(
            (autonomy.values[t] - (1.0 - sum)).abs() < 1e-12,
            "point {t}"
        );
        assert!(autonomy.values[t] > 0.0 && autonomy.values[t] < 1.0);
    }
    // The power series in the figure add up with it to one.
    let total: f64 = series.iter().map(|s| s.values[0]).sum();
    assert!((total - 1.0).abs() < 1e-12);
    assert!(
        render_svg_string(regional)
            .unwrap()
            .contains(AUTONOMY_LABEL)
    );
    // The other figures do not carry it.
    for (stem, fig) in &figs[1..] {
        let labels = fig.panels.iter().flat_map(|p| &p.series).map(|s| &s.label);
        assert!(labels.into_iter().all(|s| s != AUTONOMY_LABEL), "{stem}");
    }
}

#[test]
fn driver_panels_carry_units_and_span_at_least_the_typical_change() {
    let l = load("baseline");
    let (run, figs) = single_run_figures(&l);
    let drivers = &figs.iter().find(|(stem, _)| stem == "drivers").unwrap().1;
    assert!(!drivers.shared_y);
    assert_eq!(drivers.panels.len(), l.world.drivers.len());
    for (k, (panel, d)) in drivers.panels.iter().zip(&l.world.drivers).enumerate() {
        let unit = d.unit.split(" (").next().unwrap();
        let label = panel.y_label.as_deref().unwrap_or_default();
        assert!(
            label.contains(unit) || panel.title.contains(unit),
            "{}: unit {unit:?} not on the panel",
            d.id
        );
        let (lo, hi) = panel.y_range.expect("a y range");
        assert!(
            hi - lo >= d.scale,
            "{}: {lo}..{hi} narrower than {}",
            d.id,
            d.scale
        );
        assert!(lo <= d.reference && d.reference <= hi, "{}", d.id);
        assert_eq!(panel.reference, Some(d.reference));
        for v in driver_line(&run, &l.world, k).center {
            assert!(lo <= v && v <= hi, "{}: {v} outside {lo}..{hi}", d.id);
        }
    }
    let svg = render_svg_string(drivers).unwrap();
    assert!(svg.contains("USD/bbl") && svg.contains("reference value"));
}

#[test]
fn cli_outputs_show_autonomy_events_and_difference_bands() {
    let ws = Workspace::new();
    ws.steppe(&["run", "scenarios/ukraine-freeze.toml", "--out", "out"])
        .expect_code(0);
    let regional = ws.read("out/ukraine-freeze/regional.svg");
    assert!(regional.contains(AUTONOMY_LABEL));
    assert!(regional.contains("Ceasefire and a frozen front line"));
    ws.steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/ukraine-freeze.toml",
        "--baseline",
        "baseline",
        "--runs",
        "20",
        "--out",
        "out",
    ])
    .expect_code(0);
    let diff = ws.read("out/compare-baseline-ukraine-freeze/difference.svg");
    for label in [
        "90 % of members",
        "50 % of members",
        "Ceasefire and a frozen front line",
    ] {
        assert!(diff.contains(label), "difference.svg lacks {label:?}");
    }
}
