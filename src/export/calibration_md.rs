//! `summary.md` of a calibration: method and numbers, the parameters moved most, the strongest
//! posterior correlations, scores prior against posterior and the headline results.

use std::fmt::Write;

use super::calibration::{CalibrationReport, band, ranked, score_cell};
use crate::calibrate::headline::HeadlineRow;
use crate::calibrate::posterior::Posterior;
use crate::history::hindcast::{Period, ScoreRow};

/// The Markdown summary of a calibration.
pub fn markdown(r: &CalibrationReport) -> String {
    let mut t = String::new();
    method(&mut t, r);
    moved_most(&mut t, r.posterior);
    correlations(&mut t, r.posterior);
    if let Some((prior, post)) = &r.scores {
        scores(&mut t, prior, post);
    }
    if !r.headline.is_empty() {
        headline(&mut t, &r.headline);
    }
    t
}

/// The title and what was done: how members were drawn, scored and accepted, and which
/// parameters the posterior covers.
fn method(t: &mut String, r: &CalibrationReport) {
    let s = r.selection;
    let _ = writeln!(t, "# Calibration: {}\n", r.loaded.scenario.title);
    let _ = writeln!(
        t,
        "Approximate Bayesian computation by rejection. {} members of `{}` drew every uncertain \
         parameter from its range (triangular, the prior); each was scored by the root mean square \
         of its standardised errors over the {} {} forecasts of `{}`, and the {} closest were \
         accepted (acceptance rate {:.4} %, threshold {:.3} standard errors). Seed {}.\n",
        s.members,
        r.loaded.files[0].path,
        s.forecasts,
        s.train.name(),
        r.rules,
        s.candidates.len(),
        100.0 * s.candidates.len() as f64 / s.members.max(1) as f64,
        s.epsilon(),
        s.seed
    );
    let _ = writeln!(
        t,
        "{} parameters are calibrated: the uncertain ones graded judgement or claim (ungraded ones \
         count as judgement) that mean the same on any date. The snapshot's parameters (the state of \
         the world at the start) and fact-grade parameters were drawn too, as nuisance, and are not \
         carried to other runs. With so few forecasts, expect most posteriors to look like their \
         priors: the data inform only what they touch.\n",
        r.posterior.stats.len()
    );
}

/// The ten parameters moved most: prior against posterior, shift and narrowing.
fn moved_most(t: &mut String, p: &Posterior) {
    let _ = writeln!(t, "## The parameters the calibration moved most\n");
    let _ = writeln!(
        t,
        "| parameter | grade | prior [low, mode, high] | prior mean (sd) | posterior median [5-95 %] | posterior mean (sd) | shift (prior sd) | narrower by |"
    );
    let _ = writeln!(t, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for &i in ranked(p).iter().take(10) {
        let x = &p.stats[i];
        let _ = writeln!(
            t,
            "| `{}` | {} | [{}, {}, {}] | {:.4} ({:.4}) | {:.4} [{:.4}, {:.4}] | {:.4} ({:.4}) | {:+.2} | {:.0} % |",
            x.path,
            x.grade.map_or("(ungraded)", |g| g.as_str()),
            x.prior.0,
            x.prior.1,
            x.prior.2,
            x.prior_mean,
            x.prior_sd,
            x.posterior.p50,
            x.posterior.p05,
            x.posterior.p95,
            x.mean,
            x.sd,
            x.shift(),
            100.0 * x.shrinkage()
        );
    }
}

/// The eight strongest posterior correlations, strongest first.
fn correlations(t: &mut String, p: &Posterior) {
    let mut strong: Vec<&(usize, usize, f64)> = p.correlations.iter().collect();
    strong.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    let _ = writeln!(t, "\n## Strongest posterior correlations\n");
    for (a, b, c) in strong.iter().take(8) {
        let _ = writeln!(
            t,
            "- `{}` and `{}`: {c:+.2}",
            p.stats[*a].path, p.stats[*b].path
        );
    }
}

/// Pooled hindcast scores per period, drawing from the prior / from the posterior.
fn scores(t: &mut String, prior: &[ScoreRow], post: &[ScoreRow]) {
    let _ = writeln!(
        t,
        "\n## Hindcast scores, prior and posterior (all series pooled)\n"
    );
    let _ = writeln!(
        t,
        "| period | forecasts | RMSE (s.e.) prior / posterior | directions right | skill vs no change | skill vs trend | inside the 90 % band |"
    );
    let _ = writeln!(t, "| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for period in Period::ALL {
        let find = |rows: &[ScoreRow]| {
            rows.iter()
                .find(|x| x.series.is_none() && x.period == period)
                .map(|x| x.scores)
                .unwrap_or_default()
        };
        let (a, b) = (find(prior), find(post));
        let pair =
            |x: Option<f64>, y: Option<f64>| format!("{} / {}", score_cell(x), score_cell(y));
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} |",
            period.name(),
            a.n,
            pair(a.rmse, b.rmse),
            pair(a.directions_right, b.directions_right),
            pair(a.skill_no_change, b.skill_no_change),
            pair(a.skill_trend, b.skill_trend),
            pair(a.coverage90, b.coverage90)
        );
    }
}

/// The headline results: each scenario's difference from the baseline, prior and posterior.
fn headline(t: &mut String, headline: &[HeadlineRow]) {
    let _ = writeln!(
        t,
        "\n## Headline results, prior and posterior\n\nDifference from the baseline at the end of the run (paired members; median [5-95 %]), and the scenario's own median level.\n"
    );
    let _ = writeln!(
        t,
        "| scenario | metric | prior | posterior | level prior / posterior |"
    );
    let _ = writeln!(t, "| --- | --- | ---: | ---: | ---: |");
    for h in headline {
        let _ = writeln!(
            t,
            "| {} | `{}` | {} | {} | {:.3} / {:.3} |",
            h.scenario,
            h.metric,
            band(&h.prior),
            band(&h.posterior),
            h.prior.level,
            h.posterior.level
        );
    }
}
