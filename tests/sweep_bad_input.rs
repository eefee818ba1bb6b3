//! Bad experiments and design matrices through `steppe sweep`: exit code 2, a message naming the
//! file, line and column, no panic, and nothing written.

mod common;

use common::{Run, Workspace, entries, position};

const GOOD: &str = r#"
scenario = "../scenarios/baseline.toml"

[[vary]]
path = "russia.commitments"

[[vary]]
path = "china.priority"
low = 0.1
high = 0.3

[design]
kind = "latin-hypercube"
samples = 10

[[outcome]]
name = "russia"
metric = "russia.region.security"
"#;

/// Runs `steppe sweep experiments/bad.toml` with `text` (and the matrix, if any), expects exit
/// 2 at the position of `needle` in `file` with `words` in the message, and nothing written.
fn rejected(text: &str, matrix: Option<&str>, file: &str, needle: &str, words: &[&str]) -> Run {
    let ws = Workspace::new();
    ws.write("experiments/bad.toml", text);
    if let Some(m) = matrix {
        ws.write("experiments/design.txt", m);
    }
    let r = ws.steppe(&["sweep", "experiments/bad.toml", "--out", "out"]);
    r.expect_code(2);
    let shown = if file.ends_with(".txt") {
        matrix.unwrap_or_default()
    } else {
        text
    };
    let (line, col) = position(shown, needle);
    let at = format!("{file}:{line}:{col}\n");
    assert!(
        r.stderr.contains(&at),
        "expected an error at `{at}`, got:\n{}",
        r.stderr
    );
    for w in words {
        assert!(r.stderr.contains(w), "expected `{w}` in:\n{}", r.stderr);
    }
    assert!(
        entries(&ws.file("out")).is_empty(),
        "bad input wrote something"
    );
    r
}

#[test]
fn the_good_experiment_runs() {
    let ws = Workspace::new();
    ws.write("experiments/good.toml", GOOD);
    ws.steppe(&["sweep", "experiments/good.toml", "--out", "out", "-q"])
        .expect_code(0);
    assert!(ws.file("out/sweep-good/experiments.csv").exists());
}

#[test]
fn unknown_parameter() {
    let text = GOOD.replace("path = \"china.priority\"", "path = \"china.priorty\"");
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "\"china.priorty\"",
        &[
            "unknown parameter `china.priorty`",
            "did you mean `china.priority`?",
        ],
    );
}

#[test]
fn range_outside_the_parameters_limits() {
    let text = GOOD.replace("high = 0.3", "high = 1.3");
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "1.3",
        &["`china.priority` must lie in [0, 1]; the range asks for 1.3"],
    );
}

#[test]
fn unknown_key_and_unknown_grade() {
    let text = GOOD.replace("samples = 10", "sample = 10");
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "sample = 10",
        &["unknown field `sample`", "did you mean `samples`?"],
    );
    let text = GOOD.replace("path = \"russia.commitments\"", "all = \"judgment\"");
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "\"judgment\"",
        &["unknown grade `judgment`", "did you mean `judgement`?"],
    );
}

#[test]
fn outcome_metric_and_date() {
    let text = GOOD.replace(
        "metric = \"russia.region.security\"",
        "metric = \"russia.region.securty\"",
    );
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "\"russia.region.securty\"",
        &["unknown domain `securty`", "did you mean `security`?"],
    );
    let text = GOOD.replace(
        "metric = \"russia.region.security\"",
        "metric = \"russia.region.security\"\nat = 2040-01-01",
    );
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "2040-01-01",
        &["date 2040-01-01 is outside the run"],
    );
    let text = GOOD.replace(
        "metric = \"russia.region.security\"",
        "metric = \"russia.region.security\"\ndifference = true",
    );
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "\"russia\"",
        &["a difference needs a baseline"],
    );
}

const EXTERNAL: &str = r#"
scenario = "../scenarios/baseline.toml"

[[vary]]
path = "russia.commitments"

[[vary]]
path = "china.priority"

[design]
kind = "external"
file = "design.txt"

[[outcome]]
name = "russia"
metric = "russia.region.security"
"#;

#[test]
fn design_matrix_with_the_wrong_number_of_columns() {
    let m = "0.5 0.2\n0.6 0.25 0.7\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "0.7",
        &["expected 2 columns (one per varied parameter), found 3"],
    );
    let m = "# a comment\n0.5 0.2\n0.6\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "0.6\n",
        &["expected 2 columns", "found 1"],
    );
}

#[test]
fn design_matrix_with_nan_or_out_of_range_values() {
    let m = "0.5 0.2\n0.6 nan\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "nan",
        &["`nan` is not a finite number (column 2, `china.priority`)"],
    );
    let m = "0.5,0.2\n0.6,abc\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "abc",
        &["`abc` is not a finite number"],
    );
    let m = "0.5 0.2\n0.9 0.2\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "0.9",
        &["0.9 is outside the range of `russia.commitments`"],
    );
    // A header names the columns; an unknown name is pointed at.
    let m = "china.priority russia.comitments\n0.2 0.5\n";
    rejected(
        EXTERNAL,
        Some(m),
        "experiments/design.txt",
        "russia.comitments",
        &[
            "column `russia.comitments` is not a parameter varied",
            "did you mean `russia.commitments`?",
        ],
    );
}

#[test]
fn design_matrix_that_is_missing() {
    rejected(
        EXTERNAL,
        None,
        "experiments/bad.toml",
        "\"design.txt\"",
        &["design matrix: cannot read the file: no such file"],
    );
}

#[test]
fn sobol_layout_needs_whole_blocks() {
    let text = EXTERNAL.replace(
        "file = \"design.txt\"",
        "file = \"design.txt\"\nlayout = \"sobol\"",
    );
    let m = "0.5 0.2\n0.6 0.25\n0.7 0.2\n0.5 0.25\n0.55 0.21\n";
    rejected(
        &text,
        Some(m),
        "experiments/design.txt",
        "0.55 0.21",
        &["rows do not make whole blocks"],
    );
}

#[test]
fn a_design_over_the_cap_needs_yes() {
    let text = GOOD.replace(
        "kind = \"latin-hypercube\"\nsamples = 10",
        "kind = \"sobol\"\nsamples = 4194304",
    );
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "4194304",
        &[
            "model runs",
            "more than the 10000000 steppe runs without asking",
            "--yes",
        ],
    );
    // Replicates count too.
    let text = GOOD.replacen("[[vary]]", "replicates = 2000000\n\n[[vary]]", 1);
    rejected(
        &text,
        None,
        "experiments/bad.toml",
        "10\n\n[[outcome]]",
        &["x 2000000 replicates"],
    );
}
