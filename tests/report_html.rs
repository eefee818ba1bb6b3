//! The HTML report without a browser: valid HTML (no parse error, balanced elements, unique ids,
//! every figure and table named, every link resolved, nothing fetched from elsewhere), sections in
//! the reader's order, a three-sentence answer, determinism, and the rebuild's bookkeeping.

mod common;

use std::collections::BTreeMap;

use scraper::{Html, Selector};
use steppe::export::report::{
    Attribution, AttributionRow, Recorded, Report, answer_sentences, reproduces,
};
use steppe::export::{Exporter, Json, Sink};
use steppe::inputs::Loaded;
use steppe::plot::Figure;
use steppe::simulate::{Results, RunSpec, Subject, simulate};

fn page(results: &Results) -> String {
    Report::default()
        .render(results)
        .expect("renders")
        .expect("these results have a report")
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Elements opened and closed in order (HTML void elements and `/>` excepted; `<style>` is
/// raw text).
fn assert_balanced(html: &str) {
    const VOID: [&str; 8] = ["meta", "br", "col", "hr", "img", "input", "link", "wbr"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if rest.starts_with("<!") {
            rest = &rest[rest.find('>').expect("declaration ends") + 1..];
            continue;
        }
        let end = rest.find('>').expect("tag ends");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "<{open}> closed by </{name}>");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect();
        if tag.ends_with('/') || VOID.contains(&name.as_str()) {
            continue;
        }
        if name == "style" {
            rest = &rest[rest.find("</style>").expect("style ends")..];
        }
        stack.push(name);
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// Every check of a valid, accessible, self-contained page.
fn assert_valid(html: &str) {
    let doc = Html::parse_document(html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    assert_balanced(html);
    let root = doc.select(&sel("html")).next().unwrap();
    assert_eq!(root.value().attr("lang"), Some("en"));
    let title: String = doc
        .select(&sel("head > title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(title.trim().len() > 10, "title {title:?}");
    assert!(doc.select(&sel("meta[charset=utf-8]")).next().is_some());
    assert!(doc.select(&sel("meta[name=viewport]")).next().is_some());
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .expect("a CSP");
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'")
    );
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    // Unique ids.
    let mut ids = BTreeMap::new();
    for e in doc.select(&sel("[id]")) {
        *ids.entry(e.value().attr("id").unwrap().to_string())
            .or_insert(0) += 1;
    }
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "ids used twice: {twice:?}");
    let text_of = |id: &str| -> String {
        doc.select(&sel(&format!("[id=\"{id}\"]")))
            .next()
            .unwrap_or_else(|| panic!("no element #{id}"))
            .text()
            .collect()
    };
    // Every figure has a name and a description, and a caption.
    let svgs: Vec<_> = doc.select(&sel("svg")).collect();
    assert!(svgs.len() >= 3);
    for svg in &svgs {
        assert_eq!(svg.value().attr("role"), Some("img"));
        assert!(
            svg.value().attr("viewBox").is_some(),
            "scales with its viewBox"
        );
        for attr in ["aria-labelledby", "aria-describedby"] {
            let id = svg
                .value()
                .attr(attr)
                .unwrap_or_else(|| panic!("svg without {attr}"));
            assert!(text_of(id).trim().len() > 10, "{attr} {id} is empty");
        }
        let first = svg.children().find_map(scraper::ElementRef::wrap).unwrap();
        assert_eq!(first.value().name(), "title");
    }
    assert_eq!(doc.select(&sel("figure > figcaption")).count(), svgs.len());
    for img in doc.select(&sel("img")) {
        assert!(
            img.value()
                .attr("alt")
                .is_some_and(|a| !a.trim().is_empty())
        );
    }
    // Real tables: a caption, header cells scoped to their row or column.
    let tables: Vec<_> = doc.select(&sel("table")).collect();
    assert!(tables.len() >= 3);
    for t in &tables {
        assert!(
            t.select(&sel("caption")).next().is_some(),
            "a table without caption"
        );
        assert!(
            t.select(&sel("th[scope=row]")).next().is_some(),
            "no row headers"
        );
    }
    for th in doc.select(&sel("th")) {
        let scope = th.value().attr("scope").unwrap_or_default();
        assert!(
            ["row", "col", "rowgroup", "colgroup"].contains(&scope),
            "th scope {scope:?}"
        );
    }
    // Links stay in the page and resolve; nothing is loaded from anywhere.
    for a in doc.select(&sel("[href]")) {
        let href = a.value().attr("href").unwrap();
        let id = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("link out: {href}"));
        assert!(ids.contains_key(id), "link to missing #{id}");
    }
    for e in doc.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(
                !["src", "srcset", "data", "action"].contains(&name),
                "<{} {name}>",
                e.value().name()
            );
            if name != "xmlns" {
                assert!(
                    !value.contains("//"),
                    "<{} {name}={value:?}>",
                    e.value().name()
                );
            }
        }
    }
    for tag in ["script", "link", "iframe", "object", "embed", "img[src]"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "{tag}");
    }
    let style: String = doc.select(&sel("style")).next().unwrap().text().collect();
    assert!(!style.contains("url(") && !style.contains("@import") && !style.contains("@font-face"));
    assert!(style.contains("@media print") && style.contains("break-inside:avoid"));
    assert!(style.contains("max-width:100%"));
}

/// Sections in the order a reader wants them.
fn assert_order(html: &str) {
    let at = |id: &str| {
        html.find(&format!("<section id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let order = [
        "question",
        "answer",
        "figures",
        "table",
        "drivers",
        "claims",
        "provenance",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} after {}", pair[0], pair[1]);
    }
}

fn comparison(loaded: &[Loaded], threads: usize) -> Results<'_> {
    let spec = RunSpec::ensemble(40).with_threads(threads);
    simulate(
        Subject::Comparison {
            scenarios: loaded,
            baseline: 0,
        },
        &spec,
    )
    .unwrap()
}

#[test]
fn comparison_report_is_valid_ordered_and_deterministic() {
    let loaded = vec![common::load("baseline"), common::load("ukraine-freeze")];
    let results = comparison(&loaded, 1);
    let html = page(&results);
    assert_valid(&html);
    assert_order(&html);
    assert_eq!(html, page(&results), "two builds differ");
    assert_eq!(
        html,
        page(&comparison(&loaded, 2)),
        "threads change the page"
    );
    // What was asked, the answer, the evidence, the provenance.
    assert!(
        html.contains("Ukraine conflict frozen") && html.contains("<time datetime=\"2026-01-01\">")
    );
    let answer = answer_sentences(&results);
    assert_eq!(answer.len(), 3, "{answer:?}");
    assert!(
        answer[0].contains("5-95\u{a0}%") && answer[0].contains("% of members"),
        "{}",
        answer[0]
    );
    for s in &answer {
        assert!(
            s.ends_with('.') && s.matches(". ").count() == 0,
            "one sentence: {s}"
        );
    }
    assert!(html.contains("id=\"ev-C48\""), "claim C48 is cited");
    assert!(html.contains("paragraph"));
    assert!(
        html.contains("<code>ukraine_war</code>"),
        "the event's target drives the answer"
    );
    for f in &loaded[1].files {
        assert!(
            html.contains(&f.sha256),
            "{} has no hash in the page",
            f.path
        );
    }
    assert!(
        html.contains("steppe compare ") && html.contains("--runs 40 --seed 20250101 --report"),
        "the command that makes it"
    );
}

#[test]
fn a_comparison_with_recorded_draws_names_what_drives_each_difference() {
    let loaded = vec![common::load("baseline"), common::load("ukraine-freeze")];
    let mut spec = RunSpec::ensemble(300);
    spec.record_draws = true;
    let results = simulate(
        Subject::Comparison {
            scenarios: &loaded,
            baseline: 0,
        },
        &spec,
    )
    .unwrap();
    let html = page(&results);
    assert_valid(&html);
    let start = html
        .find("id=\"drawn-caption\"")
        .expect("the drawn attribution table");
    let table = &html[start..html[start..].find("</table>").unwrap() + start];
    // The differences from the baseline, not the baseline's own values, each with its grade.
    assert!(table.contains("difference from baseline"), "{table}");
    assert!(!table.contains("(value)"), "{table}");
    // What the sensitivity analysis finds for the frozen war: the war's hold on Russia's
    // commitments drives Russia's security gain, upwards.
    let row = table
        .lines()
        .find(|l| l.contains("<code>russia.region.security</code>"))
        .expect("a row for Russia's regional security");
    assert!(
        row.contains("coupling.ukraine_war.russia.commitments (claim) +"),
        "{row}"
    );
    // Without recorded draws the page says why there is no such table.
    let plain = page(&comparison(&loaded, 1));
    assert!(!plain.contains("drawn-caption") && plain.contains("were not recorded"));
}

#[test]
fn single_run_and_ensemble_reports_are_valid() {
    let l = common::load("ukraine-freeze");
    let single = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    let html = page(&single);
    assert_valid(&html);
    assert_order(&html);
    assert_eq!(html, page(&single));
    let answer = answer_sentences(&single);
    assert_eq!(answer.len(), 3, "{answer:?}");
    assert!(
        answer[0].contains(" to ") && answer[0].contains("2035-01-01"),
        "{}",
        answer[0]
    );

    let o = common::load("oil-price-rise");
    let ensemble = simulate(Subject::Scenario(&o), &RunSpec::ensemble(30)).unwrap();
    let html = page(&ensemble);
    assert_valid(&html);
    assert_eq!(html, page(&ensemble));
    assert_eq!(answer_sentences(&ensemble).len(), 3);
    assert!(html.contains("5-95\u{a0}%"));
}

#[test]
fn text_is_escaped() {
    let mut l = common::load("ukraine-freeze");
    l.scenario.title = "Freeze <b>& \"peace\"</b>".into();
    l.scenario.description = "<script>alert(1)</script> & more".into();
    let results = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    let html = page(&results);
    assert!(!html.contains("<script>") && !html.contains("<b>&"));
    assert!(html.contains("Freeze &lt;b&gt;&amp; &quot;peace&quot;&lt;/b&gt;"));
    assert_valid(&html);
}

#[test]
fn the_attribution_hook_adds_a_ranked_table() {
    let l = common::load("ukraine-freeze");
    let results = simulate(Subject::Scenario(&l), &RunSpec::single()).unwrap();
    let report = Report {
        attribution: Some(Attribution {
            method: "partial rank correlation over 40 members".into(),
            metric: "russia.region.security".into(),
            rows: vec![AttributionRow {
                parameter: "russia.commitments".into(),
                value: -0.61,
            }],
        }),
    };
    let html = report.render(&results).unwrap().unwrap();
    assert_valid(&html);
    assert!(html.contains("partial rank correlation") && html.contains("\u{2212}0.61"));
    assert!(!page(&results).contains("partial rank correlation"));
}

#[derive(Default)]
struct Memory(BTreeMap<String, Vec<u8>>);

impl Sink for Memory {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), steppe::export::ExportError> {
        self.0.insert(name.to_string(), bytes.to_vec());
        Ok(())
    }
    fn figure(&mut self, _: &str, _: &Figure) -> Result<(), steppe::export::ExportError> {
        Ok(())
    }
}

fn summary_json(results: &Results) -> Vec<u8> {
    let mut m = Memory::default();
    Json.export(results, &mut m).unwrap();
    m.0.remove("summary.json").unwrap()
}

#[test]
fn a_written_summary_gives_back_its_run_specification() {
    let loaded = vec![common::load("baseline"), common::load("ukraine-freeze")];
    let results = comparison(&loaded, 1);
    let json = summary_json(&results);
    let recorded = Recorded::from_summary_json(&json).unwrap();
    assert_eq!(recorded.baseline, Some(0));
    assert_eq!(recorded.members, Some(40));
    assert!(recorded.other_version().is_none());
    assert!(recorded.changed_inputs(&loaded).is_empty());
    let again = simulate(
        Subject::Comparison {
            scenarios: &loaded,
            baseline: 0,
        },
        &recorded.spec(&loaded),
    )
    .unwrap();
    assert!(reproduces(&again, &json).unwrap());
    // Another seed gives other numbers: not reproduced.
    let other = simulate(
        Subject::Comparison {
            scenarios: &loaded,
            baseline: 0,
        },
        &recorded.spec(&loaded).with_seed(7),
    )
    .unwrap();
    assert!(!reproduces(&other, &json).unwrap());
    // A changed input file is named.
    let mut changed = loaded.clone();
    let world = changed[1]
        .files
        .iter()
        .position(|f| f.path.ends_with("world.toml"))
        .unwrap();
    changed[1].files[world].sha256 = "0".repeat(64);
    let lines = recorded.changed_inputs(&changed);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("world.toml") && lines[0].contains("changed"));

    // A single run without noise.
    let l = common::load("us-return");
    let single = simulate(Subject::Scenario(&l), &RunSpec::single().with_noise(false)).unwrap();
    let json = summary_json(&single);
    let recorded = Recorded::from_summary_json(&json).unwrap();
    assert_eq!((recorded.baseline, recorded.members), (None, None));
    let spec = recorded.spec(std::slice::from_ref(&l));
    assert_eq!(spec.noise, Some(false));
    let again = simulate(Subject::Scenario(&l), &spec).unwrap();
    assert!(reproduces(&again, &json).unwrap());
    assert!(Recorded::from_summary_json(b"{\"nothing\": 1}").is_err());
    assert!(Recorded::from_summary_json(b"not json").is_err());
}
