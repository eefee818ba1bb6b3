//! Each exporter on single runs, ensembles and comparisons, through an in-memory sink: the files
//! it writes and what they hold.

use std::collections::BTreeMap;
use std::path::Path;

use steppe::export::{
    Csv, ExportError, Exporter, Figures, Json, Markdown, PartFile, Sink, folder_name,
};
use steppe::inputs::Loaded;
use steppe::io::load::load_scenario;
use steppe::plot::Figure;
use steppe::simulate::{Results, RunSpec, Shard, Subject, simulate};

/// Keeps what exporters write.
#[derive(Default)]
struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    figures: BTreeMap<String, Figure>,
}

impl Sink for Memory {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        assert!(
            self.files
                .insert(name.to_string(), bytes.to_vec())
                .is_none(),
            "{name} written twice"
        );
        Ok(())
    }
    fn figure(&mut self, stem: &str, figure: &Figure) -> Result<(), ExportError> {
        assert!(
            self.figures
                .insert(stem.to_string(), figure.clone())
                .is_none()
        );
        Ok(())
    }
}

fn export(e: &dyn Exporter, r: &Results) -> Memory {
    let mut m = Memory::default();
    e.export(r, &mut m).expect("exports");
    m
}

fn load(name: &str) -> Loaded {
    load_scenario(Path::new(&format!("scenarios/{name}.toml"))).expect("loads")
}

fn names(m: &Memory) -> Vec<&str> {
    m.files.keys().map(String::as_str).collect()
}

fn text(m: &Memory, name: &str) -> String {
    String::from_utf8(m.files[name].clone()).expect("utf-8")
}

#[test]
fn csv_is_tidy_for_runs_ensembles_and_comparisons() {
    let l = load("baseline");
    let single = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    let m = export(&Csv, &single);
    assert_eq!(
        names(&m),
        [
            "aggregates.csv",
            "drivers.csv",
            "resources.csv",
            "threat.csv",
            "timeseries.csv"
        ]
    );
    let ts = text(&m, "timeseries.csv");
    let points = l.scenario.calendar.points();
    assert_eq!(ts.lines().count(), 1 + points * l.world.cells());
    assert_eq!(
        ts.lines().next(),
        Some("scenario,date,step,power,state,domain,influence")
    );
    let ens = simulate(Subject::Scenario(&l), &RunSpec::ensemble(20)).unwrap();
    let m = export(&Csv, &ens);
    assert_eq!(
        names(&m),
        ["aggregates.csv", "drivers.csv", "timeseries.csv"]
    );
    assert!(
        text(&m, "aggregates.csv")
            .starts_with("scenario,date,step,power,scope,domain,mean,p05,p25,p50,p75,p95\n")
    );
    let both = vec![load("baseline"), load("ukraine-freeze")];
    let cmp = simulate(
        Subject::Comparison {
            scenarios: &both,
            baseline: 0,
        },
        &RunSpec::ensemble(20),
    )
    .unwrap();
    let m = export(&Csv, &cmp);
    assert_eq!(
        names(&m),
        [
            "aggregates.csv",
            "comparison.csv",
            "differences.csv",
            "drivers.csv"
        ]
    );
    // The baseline has no difference from itself: its difference columns are empty.
    let base_row = text(&m, "comparison.csv")
        .lines()
        .find(|l| l.starts_with("baseline,"))
        .map(str::to_string)
        .expect("a baseline row");
    assert!(base_row.ends_with(",,,,,,,"), "{base_row}");
}

#[test]
fn json_summary_carries_provenance() {
    let l = load("ukraine-freeze");
    let r = simulate(Subject::Scenario(&l), &RunSpec::single().with_seed(11)).unwrap();
    let m = export(&Json, &r);
    assert_eq!(names(&m), ["summary.json"]);
    let v: serde_json::Value = serde_json::from_slice(&m.files["summary.json"]).unwrap();
    assert_eq!(v["provenance"]["seed"], 11);
    assert_eq!(v["provenance"]["scenario"], "ukraine-freeze");
    assert_eq!(
        v["provenance"]["steppe_version"],
        steppe::provenance::VERSION
    );
    assert_eq!(
        v["provenance"]["files"].as_array().map(Vec::len),
        Some(l.files.len())
    );
}

#[test]
fn markdown_tables_for_runs_and_comparisons() {
    let l = load("baseline");
    let r = simulate(Subject::Scenario(&l), &RunSpec::ensemble(16)).unwrap();
    let m = export(&Markdown, &r);
    let md = text(&m, "summary.md");
    assert!(
        md.contains("| power | overall | security | economy | politics |"),
        "{md}"
    );
    assert_eq!(
        md.lines().filter(|l| l.starts_with("| russia |")).count(),
        1
    );
    let both = vec![load("baseline"), load("sanctions-lifted")];
    let cmp = simulate(
        Subject::Comparison {
            scenarios: &both,
            baseline: 0,
        },
        &RunSpec::ensemble(16),
    )
    .unwrap();
    let md = text(&export(&Markdown, &cmp), "comparison.md");
    assert!(
        md.contains("| metric | baseline | sanctions-lifted |"),
        "{md}"
    );
    assert!(md.contains("| russia.region.security |"));
}

#[test]
fn figures_for_runs_and_comparisons() {
    let l = load("oil-price-rise");
    let r = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    let m = export(&Figures, &r);
    let stems: Vec<&str> = m.figures.keys().map(String::as_str).collect();
    assert_eq!(stems, ["domains", "drivers", "regional", "states"]);
    assert_eq!(m.figures["states"].panels.len(), l.world.states.len());
    let both = vec![load("baseline"), load("oil-price-rise")];
    let cmp = simulate(
        Subject::Comparison {
            scenarios: &both,
            baseline: 0,
        },
        &RunSpec::ensemble(16),
    )
    .unwrap();
    let m = export(&Figures, &cmp);
    assert!(m.figures.contains_key("overlay"));
    assert!(m.figures.contains_key("difference-security"));
    assert!(m.figures.contains_key("overlay-states-china"));
}

#[test]
fn part_files_round_trip_a_shard() {
    let l = load("baseline");
    let spec = RunSpec {
        shard: Some(Shard { index: 2, count: 3 }),
        ..RunSpec::ensemble(30)
    };
    let r = simulate(Subject::Scenario(&l), &spec).unwrap();
    let m = export(&PartFile, &r);
    assert_eq!(names(&m), [folder_name(&r).as_str()]);
    assert_eq!(folder_name(&r), "baseline.part-2-of-3");
    let (header, aggregate) =
        steppe::ensemble::part::decode(&m.files["baseline.part-2-of-3"]).expect("decodes");
    let Results::Ensemble(e) = &r else {
        panic!("expected an ensemble")
    };
    assert_eq!(aggregate, e.aggregate);
    assert_eq!((header.first_member, header.end_member), (10, 20));
    // A single run is not a shard: the part exporter writes nothing for it.
    let single = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    assert!(export(&PartFile, &single).files.is_empty());
}
