//! The HTML report end to end, with the real binary: `--report` on `run` and `compare` writes
//! `report.html`, `steppe report DIR` rebuilds it byte for byte and refuses when the inputs
//! changed, and the page opens in headless Chromium (driven over the DevTools protocol) with no
//! console error, no network request but the file itself, every figure drawn with a size, no
//! sideways scrolling on a phone, whole figures in print, and a screenshot.

#[path = "common/cdp.rs"]
mod cdp;
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::Workspace;
use serde_json::{Value, json};

const COMPARE: &str = "out/compare-baseline-ukraine-freeze";

/// A workspace with a comparison and a single run written with `--report`.
fn written() -> Workspace {
    let ws = Workspace::new();
    ws.steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/ukraine-freeze.toml",
        "--runs",
        "40",
        "--report",
        "--out",
        "out",
        "-q",
    ])
    .expect_code(0);
    ws.steppe(&[
        "run",
        "scenarios/ukraine-freeze.toml",
        "--report",
        "--out",
        "out",
        "-q",
    ])
    .expect_code(0);
    ws
}

#[test]
fn report_flag_writes_the_page_and_report_rebuilds_it_byte_for_byte() {
    let ws = written();
    for dir in [COMPARE, "out/ukraine-freeze"] {
        let page = ws.file(dir).join("report.html");
        let first = fs::read(&page).expect("report.html is written");
        assert!(
            first.len() > 10_000,
            "{dir}: a page of {} bytes",
            first.len()
        );
        let text = String::from_utf8(first.clone()).expect("UTF-8");
        assert!(text.starts_with("<!DOCTYPE html>"));
        fs::remove_file(&page).unwrap();
        let run = ws.steppe(&["report", dir]);
        run.expect_code(0);
        assert!(run.stdout.contains("report.html"), "{}", run.stdout);
        assert_eq!(
            fs::read(&page).unwrap(),
            first,
            "{dir}: the rebuilt report differs"
        );
    }
    // An ensemble too, and without --report there is no page.
    ws.steppe(&[
        "run",
        "scenarios/oil-price-rise.toml",
        "--runs",
        "20",
        "--report",
        "--out",
        "out",
        "-q",
    ])
    .expect_code(0);
    assert!(ws.file("out/oil-price-rise/report.html").is_file());
    ws.steppe(&["run", "scenarios/us-return.toml", "--out", "out", "-q"])
        .expect_code(0);
    assert!(!ws.file("out/us-return/report.html").exists());
}

#[test]
fn report_refuses_when_the_inputs_changed_or_there_is_no_result() {
    let ws = Workspace::new();
    ws.steppe(&[
        "run",
        "scenarios/ukraine-freeze.toml",
        "--report",
        "--out",
        "out",
        "-q",
    ])
    .expect_code(0);
    let before = fs::read(ws.file("out/ukraine-freeze/report.html")).unwrap();
    let claims = ws.read("seeds/claims.toml");
    ws.write(
        "seeds/claims.toml",
        &format!("{claims}\n# edited after the run\n"),
    );
    let run = ws.steppe(&["report", "out/ukraine-freeze"]);
    run.expect_code(2);
    assert!(run.stderr.contains("inputs changed"), "{}", run.stderr);
    assert!(run.stderr.contains("claims.toml"), "{}", run.stderr);
    assert_eq!(
        fs::read(ws.file("out/ukraine-freeze/report.html")).unwrap(),
        before
    );

    let run = ws.steppe(&["report", "out/nothing-here"]);
    run.expect_code(2);
    assert!(run.stderr.contains("summary.json"), "{}", run.stderr);

    // From another folder the recorded (relative) scenario paths are not found: say so.
    let run = common::steppe_in(&ws.file("out"), &["report", "ukraine-freeze"]);
    run.expect_code(2);
    assert!(run.stderr.contains("is not there"), "{}", run.stderr);
}

/// Loads `page` in the browser at a desktop size and returns what the page reports about itself.
fn open(b: &mut cdp::Browser, url: &str) -> Value {
    // Runs before the page's own content; CDP scripts are not subject to the page's CSP.
    b.call(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"}),
    )
    .unwrap();
    for domain in ["Page", "Network", "Runtime", "Log"] {
        b.call(&format!("{domain}.enable"), json!({})).unwrap();
    }
    desktop(b);
    b.call("Page.navigate", json!({"url": url})).unwrap();
    b.wait_event("Page.loadEventFired", Duration::from_secs(60))
        .unwrap();
    b.settle(Duration::from_millis(500)).unwrap();
    b.eval(SIZES).unwrap()
}

fn desktop(b: &mut cdp::Browser) {
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 1280, "height": 960, "deviceScaleFactor": 1, "mobile": false}),
    )
    .unwrap();
}

/// What the page says about its figures and layout.
const SIZES: &str = r#"({
  svgs: [...document.querySelectorAll('svg')].map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; }),
  figures: [...document.querySelectorAll('figure')].map(f => { const r = f.getBoundingClientRect(); return [r.width, r.height, getComputedStyle(f).breakInside]; }),
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  csp: window.__csp,
  resources: performance.getEntriesByType('resource').map(e => e.name),
  title: document.title,
})"#;

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect()
}

/// Everything the page did that a self-contained page must not: console errors and warnings,
/// exceptions, error and warning log entries (CSP violations among them), CSP violations seen by
/// the page, requests for anything but the page itself, and resources loaded.
fn misbehaviour(b: &cdp::Browser, url: &str, info: &Value) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    for e in b.events_named("Runtime.consoleAPICalled") {
        if matches!(
            e["params"]["type"].as_str(),
            Some("error" | "warning" | "assert")
        ) {
            problems.push(format!("console: {}", e["params"]["args"]));
        }
    }
    for e in b.events_named("Runtime.exceptionThrown") {
        problems.push(format!("exception: {}", e["params"]["exceptionDetails"]));
    }
    for e in b.events_named("Log.entryAdded") {
        if matches!(
            e["params"]["entry"]["level"].as_str(),
            Some("error" | "warning")
        ) {
            problems.push(format!("log: {}", e["params"]["entry"]["text"]));
        }
    }
    for v in info["csp"].as_array().into_iter().flatten() {
        problems.push(format!("CSP violation: {v}"));
    }
    for e in b.events_named("Network.requestWillBeSent") {
        let requested = e["params"]["request"]["url"].as_str().unwrap_or_default();
        if requested != url {
            problems.push(format!("request: {requested}"));
        }
    }
    for r in info["resources"].as_array().into_iter().flatten() {
        problems.push(format!("resource: {r}"));
    }
    problems
}

fn check_page(b: &mut cdp::Browser, page: &Path, shots: &Path, name: &str) {
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let info = open(b, &url);
    let problems = misbehaviour(b, &url, &info);
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    // The page itself was loaded and seen by the network log: the check above saw requests.
    assert!(
        !b.events_named("Network.requestWillBeSent").is_empty(),
        "{name}: no request seen at all"
    );
    assert!(info["title"].as_str().unwrap().contains("steppe report"));
    // Every figure is drawn with a size, within the page's width.
    let svgs = info["svgs"].as_array().unwrap();
    assert!(svgs.len() >= 3, "{name}: {} figures", svgs.len());
    for s in svgs {
        let [w, h] = numbers(s)[..] else {
            panic!("{s}")
        };
        assert!(w > 300.0 && h > 100.0, "{name}: a figure of {w} x {h}");
    }
    assert!(info["scrollWidth"].as_f64() <= info["innerWidth"].as_f64());
    // A screenshot of the first screen.
    let shot = b
        .call("Page.captureScreenshot", json!({"format": "png"}))
        .unwrap();
    let png = cdp::base64_decode(shot["data"].as_str().unwrap()).unwrap();
    assert!(
        png.len() > 10_000 && png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{name}: screenshot"
    );
    fs::write(shots.join(format!("{name}-desktop.png")), &png).unwrap();

    // On a phone: nothing wider than the screen, figures scaled down to it.
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}),
    )
    .unwrap();
    b.settle(Duration::from_millis(300)).unwrap();
    let phone = b.eval(SIZES).unwrap();
    assert_eq!(
        phone["innerWidth"].as_f64(),
        Some(390.0),
        "{name}: viewport"
    );
    assert!(
        phone["scrollWidth"].as_f64() <= phone["innerWidth"].as_f64(),
        "{name}: the page scrolls sideways on a phone: {} > {}",
        phone["scrollWidth"],
        phone["innerWidth"]
    );
    for s in phone["svgs"].as_array().unwrap() {
        let [w, h] = numbers(s)[..] else {
            panic!("{s}")
        };
        assert!(
            w > 200.0 && w <= 390.0 && h > 50.0,
            "{name}: a phone figure of {w} x {h}"
        );
    }
    let shot = b
        .call("Page.captureScreenshot", json!({"format": "png"}))
        .unwrap();
    let png = cdp::base64_decode(shot["data"].as_str().unwrap()).unwrap();
    fs::write(shots.join(format!("{name}-phone.png")), &png).unwrap();

    // In print, on A4 with 1.5 cm margins (680 x 1009 CSS pixels): figures are kept whole and
    // each fits on a page.
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 680, "height": 1009, "deviceScaleFactor": 1, "mobile": false}),
    )
    .unwrap();
    b.call("Emulation.setEmulatedMedia", json!({"media": "print"}))
        .unwrap();
    b.settle(Duration::from_millis(300)).unwrap();
    let print = b.eval(SIZES).unwrap();
    for f in print["figures"].as_array().unwrap() {
        let (h, brk) = (f[1].as_f64().unwrap(), f[2].as_str().unwrap());
        assert_eq!(brk, "avoid", "{name}: figures may break across pages");
        assert!(
            h > 100.0 && h < 1009.0,
            "{name}: a printed figure {h} px high"
        );
    }
    let pdf = b
        .call(
            "Page.printToPDF",
            json!({"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true}),
        )
        .unwrap();
    let pdf = cdp::base64_decode(pdf["data"].as_str().unwrap()).unwrap();
    assert!(pdf.starts_with(b"%PDF"), "{name}: print to PDF");
    fs::write(shots.join(format!("{name}.pdf")), &pdf).unwrap();
    b.call("Emulation.setEmulatedMedia", json!({"media": ""}))
        .unwrap();
}

#[test]
fn report_opens_in_headless_chromium_without_network_or_errors() {
    let Some(chromium) = cdp::chromium() else {
        return;
    };
    let ws = written();
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-browser");
    fs::create_dir_all(&shots).unwrap();
    for (dir, name) in [(COMPARE, "compare"), ("out/ukraine-freeze", "single")] {
        // A fresh browser per page, so that events belong to one page.
        let mut b = cdp::Browser::launch(&chromium).expect("Chromium starts");
        check_page(&mut b, &ws.file(dir).join("report.html"), &shots, name);
    }
    // The checks catch a page that reaches out: the same page with an image and a style sheet
    // from elsewhere.
    let page = ws.file("out/ukraine-freeze/report.html");
    let html = fs::read_to_string(&page).unwrap().replacen(
        "</main>",
        "<img src=\"https://example.invalid/x.png\" alt=\"x\"><link rel=\"stylesheet\" href=\"https://example.invalid/s.css\"></main>",
        1,
    );
    let bad = ws.file("out/bad.html");
    fs::write(&bad, html).unwrap();
    let mut b = cdp::Browser::launch(&chromium).expect("Chromium starts");
    let url = format!("file://{}", bad.canonicalize().unwrap().display());
    let info = open(&mut b, &url);
    let problems = misbehaviour(&b, &url, &info);
    assert!(
        problems.iter().any(|p| p.contains("example.invalid")),
        "the checks missed a page that fetches: {problems:#?}"
    );
    eprintln!("screenshots and PDFs in {}", shots.display());
}

#[test]
fn base64_decoder_round_trips() {
    assert_eq!(cdp::base64_decode("TWFu").unwrap(), b"Man");
    assert_eq!(cdp::base64_decode("TWE=").unwrap(), b"Ma");
    assert_eq!(cdp::base64_decode("TQ==").unwrap(), b"M");
    assert_eq!(cdp::base64_decode("").unwrap(), b"");
}
