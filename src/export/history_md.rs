//! `summary.md` of a hindcast: the scorecard, scores by series, the landing and what was not
//! scored, for pasting into a report.

use std::fmt::Write;

use super::history::short;
use crate::history::hindcast::{Hindcast, Period};
use crate::history::landing::Landing;
use crate::provenance::Provenance;

/// The Markdown summary of a hindcast: what was run, the pooled scorecard, scores by series,
/// the landing (if any) and the series not scored.
pub fn hindcast_markdown(h: &Hindcast, prov: &Provenance) -> String {
    let mut s = String::new();
    intro(&mut s, h, prov);
    scorecard(&mut s, h);
    by_series(&mut s, h);
    if let Some((landing, _)) = &h.landing {
        self::landing(&mut s, h, landing);
    }
    not_scored(&mut s, h);
    s
}

/// The title, what was run (file, members, seed, inputs, rest point) and how much was scored.
fn intro(s: &mut String, h: &Hindcast, prov: &Provenance) {
    let l = h.loaded;
    let obs = &h.observations;
    let inputs: String = prov.inputs_sha256.chars().take(12).collect();
    let _ = writeln!(s, "# Hindcast: {}\n", l.scenario.title);
    let _ = writeln!(
        s,
        "`{}`, {} members, seed {}, all inputs sha256 {inputs}, steppe {}. Rest point: {}.\n",
        prov.file,
        h.members,
        h.seed,
        prov.steppe_version,
        l.as_of
            .as_ref()
            .map_or("the world file".to_string(), |a| format!(
                "{} ({})",
                crate::history::landing::tidy_path(&a.file),
                a.date
            )),
    );
    let n_in = h.cases.iter().filter(|c| !c.comparison.test).count();
    let n_out = h.cases.len() - n_in;
    let _ = writeln!(
        s,
        "{} measured series are scored through observation rules, giving {} forecasts: {n_in} \
         before {} (in-sample: the calibration period) and {n_out} from then on (out-of-sample). \
         {} series are not scored (listed below) and {} quantities were looked for and not found. \
         The data are thin: most series have two to five points, trade shares before 2020 are \
         missing, and polls are scattered. Read every score with its count.\n",
        obs.rules.len(),
        h.cases.len(),
        obs.test_from,
        obs.unscored.len(),
        obs.gaps
    );
}

/// Every series pooled, per period, in standard errors, with what skill means.
fn scorecard(s: &mut String, h: &Hindcast) {
    let _ = writeln!(s, "## Scorecard (all series pooled, in standard errors)\n");
    let _ = writeln!(
        s,
        "| period | forecasts | RMSE | changes | correlation of changes | directions right | skill vs no change | forecasts with a trend | skill vs trend | inside the 90 % band |"
    );
    let _ = writeln!(
        s,
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in h.scores.iter().filter(|r| r.series.is_none()) {
        let x = &row.scores;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.period.name(),
            x.n,
            short(x.rmse, 2),
            x.changes,
            short(x.change_correlation, 2),
            short(x.directions_right, 2),
            short(x.skill_no_change, 2),
            x.trends,
            short(x.skill_trend, 2),
            short(x.coverage90, 2),
        );
    }
    let _ = writeln!(
        s,
        "\nSkill is 1 - (model's squared error) / (naive forecast's): above 0 the model beats it. \
         The no-change forecast repeats the last measured value; the trend forecast extends the \
         least-squares line of the series' earlier points (it needs two).\n"
    );
}

/// Scores per series and period (not `all`), in the series' unit, with the rule's link and
/// output; series without points in a period are left out.
fn by_series(s: &mut String, h: &Hindcast) {
    let obs = &h.observations;
    let _ = writeln!(s, "## By series (in the series' unit)\n");
    let _ = writeln!(
        s,
        "| series | link | output | period | n | RMSE | MAE | directions right | skill vs no change | skill vs trend |"
    );
    let _ = writeln!(
        s,
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for row in &h.scores {
        let (Some(id), true) = (&row.series, row.period != Period::All) else {
            continue;
        };
        if row.scores.n == 0 {
            continue;
        }
        let r = obs
            .rules
            .iter()
            .find(|r| &r.series == id)
            .expect("a rule per series");
        let x = &row.scores;
        let _ = writeln!(
            s,
            "| {id} | {} | `{}` | {} | {} | {} | {} | {} | {} | {} |",
            r.link.name(),
            r.output_name,
            row.period.name(),
            x.n,
            short(x.rmse, 2),
            short(x.mae, 2),
            short(x.directions_right, 2),
            short(x.skill_no_change, 2),
            short(x.skill_trend, 2),
        );
    }
}

/// How close the replay lands to the world file: the summary and the ten cells furthest off.
fn landing(s: &mut String, h: &Hindcast, landing: &Landing) {
    let l = h.loaded;
    let w = &l.world;
    let x = landing.summary();
    let _ = writeln!(s, "\n## Landing on {} ({})\n", landing.date, landing.file);
    let _ = writeln!(
        s,
        "Distance of the replay's median from the world file's initial influence, over {} cells: \
         RMSE {:.3} (had nothing moved since {}: {:.3}; share of that change the replay gets: {:.2}), \
         mean absolute {:.3}; {:.0} % of the world file's values lie inside the replay's 90 % band; \
         the replay moves {:.0} % of cells in the direction the world file did. `landing.csv` has every cell.\n",
        landing.cells.len(),
        x.rmse,
        l.scenario.calendar.start,
        x.rmse_no_change,
        x.skill,
        x.mae,
        100.0 * x.within_band,
        100.0 * x.directions_right
    );
    let mut worst: Vec<_> = landing.cells.iter().collect();
    worst.sort_by(|a, b| {
        (b.model.p50 - b.target)
            .abs()
            .total_cmp(&(a.model.p50 - a.target).abs())
    });
    let _ = writeln!(
        s,
        "| cell (power, state, domain) | start | world file | replay median [5-95 %] |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: |");
    for c in worst.iter().take(10) {
        let _ = writeln!(
            s,
            "| {}, {}, {} | {:.3} | {:.3} | {:.3} [{:.3}, {:.3}] |",
            w.powers[c.power].id,
            w.states[c.state].id,
            w.domains[c.domain].id,
            c.start,
            c.target,
            c.model.p50,
            c.model.p05,
            c.model.p95
        );
    }
}

/// The series not scored, each with its number of points and why.
fn not_scored(s: &mut String, h: &Hindcast) {
    let obs = &h.observations;
    let _ = writeln!(s, "\n## Not scored\n");
    for u in &obs.unscored {
        let plural = if u.points == 1 { "" } else { "s" };
        let _ = writeln!(
            s,
            "- `{}` ({} point{plural}): {}",
            u.series, u.points, u.why
        );
    }
}
