//! Provenance: steppe's version, the seed, the members, the noise setting, the command that makes
//! the same result again, and every input file with its SHA-256.

use std::fmt::Write as _;

use super::View;
use super::html::esc;

/// The command line that makes this result (and this page) again.
pub fn command(view: &View) -> String {
    let files: Vec<&str> = view.provenance.iter().map(|p| p.file.as_str()).collect();
    let noise_off = view.provenance.iter().all(|p| !p.noise);
    match (view.baseline, view.members) {
        (Some(b), Some(n)) => format!(
            "steppe compare {} --baseline {} --runs {n} --seed {} --report",
            files.join(" "),
            view.scenarios[b].scenario.name,
            view.seed
        ),
        (_, members) => format!(
            "steppe run {}{} --seed {}{} --report",
            files.join(" "),
            members.map_or_else(String::new, |n| format!(" --runs {n}")),
            view.seed,
            if noise_off { " --no-noise" } else { "" }
        ),
    }
}

/// The section.
pub fn section(view: &View) -> String {
    let first = view.provenance[0];
    let mut out = String::from(
        "<section id=\"provenance\" aria-labelledby=\"provenance-h\">\n<h2 id=\"provenance-h\">Provenance</h2>\n<dl class=\"facts\">\n",
    );
    let noise: Vec<String> = view
        .provenance
        .iter()
        .map(|p| format!("{} {}", p.scenario, if p.noise { "on" } else { "off" }))
        .collect();
    let inputs: Vec<String> = view
        .provenance
        .iter()
        .map(|p| format!("{} {}", p.scenario, p.inputs_sha256))
        .collect();
    let members = view
        .members
        .map_or_else(|| "1 (a single run)".to_string(), |n| n.to_string());
    for (term, value) in [
        ("steppe version", esc(&first.steppe_version)),
        ("Run", esc(&view.kind())),
        ("Seed", view.seed.to_string()),
        ("Members", members),
        ("Noise and incidents", esc(&noise.join(", "))),
        (
            "All inputs (SHA-256 of the file hashes)",
            format!("<span class=\"hash\">{}</span>", esc(&inputs.join("; "))),
        ),
        (
            "Made by",
            format!(
                "<code>{}</code>, run from the folder holding the scenario files; <code>steppe report RESULTS-FOLDER</code> rebuilds this page from the written result",
                esc(&command(view))
            ),
        ),
    ] {
        let _ = writeln!(out, "<dt>{term}</dt><dd>{value}</dd>");
    }
    out.push_str("</dl>\n");
    // Every file once, in the order first read, with the scenarios that read it.
    let mut files: Vec<(&str, &str, Vec<&str>)> = Vec::new();
    for p in &view.provenance {
        for f in &p.files {
            match files
                .iter_mut()
                .find(|(path, hash, _)| *path == f.path && *hash == f.sha256)
            {
                Some((_, _, users)) => users.push(&p.scenario),
                None => files.push((&f.path, &f.sha256, vec![&p.scenario])),
            }
        }
    }
    out.push_str("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"files-caption\" tabindex=\"0\">\n<table>\n<caption id=\"files-caption\">Every input file with its SHA-256: the scenario chain, the world and its evidence.</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">SHA-256</th><th scope=\"col\">Read for</th></tr></thead>\n<tbody>\n");
    for (path, hash, users) in files {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td class=\"text\"><span class=\"hash\">{}</span></td><td class=\"text\">{}</td></tr>",
            esc(path),
            esc(hash),
            esc(&users.join(", "))
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    out
}
