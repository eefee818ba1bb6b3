//! HTML building blocks of the report: escaping, number formats, the page's colours and style
//! sheet, and inline SVG figures with their text alternatives.

use std::fmt::Write as _;

use crate::plot::Rgb;

/// Escapes text for HTML content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A share (0-1) with three decimals.
pub fn share(x: f64) -> String {
    format!("{x:.3}")
}

/// A signed change with three decimals and a true minus sign; a change that rounds to zero is
/// written without a sign.
pub fn signed(x: f64) -> String {
    let s = format!("{x:.3}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0.000".to_string()
    } else if let Some(rest) = s.strip_prefix('-') {
        format!("\u{2212}{rest}")
    } else {
        format!("+{s}")
    }
}

/// A share of members as a whole percentage, e.g. `97 %`.
pub fn percent(x: f64) -> String {
    format!("{:.0}\u{a0}%", x * 100.0)
}

/// A count with thousands separated by commas: `1,000`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A parameter value: up to four decimals, trailing zeros removed.
pub fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    match s.strip_prefix('-') {
        Some(rest) if s != "-0" => format!("\u{2212}{rest}"),
        Some(_) => "0".to_string(),
        None => s,
    }
}

/// A string usable in an `id` attribute: ASCII letters, digits and `-`, other characters as `-`.
pub fn id_part(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

/// The anchor of a claim, fact or article in the claims section: `ev-C48`.
pub fn evidence_anchor(id: &str) -> String {
    format!("ev-{}", id_part(id))
}

/// A colour as `#rrggbb`.
pub fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Body text.
pub const TEXT: Rgb = Rgb(0x1f, 0x23, 0x28);
/// Secondary text (lede, notes, provenance).
pub const MUTED: Rgb = Rgb(0x4f, 0x57, 0x5f);
/// Links.
pub const LINK: Rgb = Rgb(0x0b, 0x55, 0xa8);
/// The page.
pub const BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
/// Background of the answer box.
pub const ANSWER_BACKGROUND: Rgb = Rgb(0xed, 0xf3, 0xfa);
/// The answer box's rule and the timeline's dots.
pub const ACCENT: Rgb = Rgb(0x1f, 0x5f, 0xa8);
/// Background of table headers and code.
pub const HEADER_BACKGROUND: Rgb = Rgb(0xf0, 0xf2, 0xf5);
/// Table rules and figure borders.
pub const RULE: Rgb = Rgb(0xc8, 0xcf, 0xd6);

/// Every (text colour, background colour) pair the style sheet sets, for contrast checks.
pub const TEXT_ON_BACKGROUND: [(Rgb, Rgb); 7] = [
    (TEXT, BACKGROUND),
    (MUTED, BACKGROUND),
    (LINK, BACKGROUND),
    (TEXT, ANSWER_BACKGROUND),
    (LINK, ANSWER_BACKGROUND),
    (TEXT, HEADER_BACKGROUND),
    (MUTED, HEADER_BACKGROUND),
];

/// The style sheet: a readable column on any screen, figures that scale with their `viewBox`,
/// tables that scroll sideways on phones, and print rules that keep figures and rows whole.
pub fn css() -> String {
    let (text, muted, link, bg) = (hex(TEXT), hex(MUTED), hex(LINK), hex(BACKGROUND));
    let (answer_bg, accent, head_bg, rule) = (
        hex(ANSWER_BACKGROUND),
        hex(ACCENT),
        hex(HEADER_BACKGROUND),
        hex(RULE),
    );
    format!(
        r#":root{{color-scheme:light}}
*{{box-sizing:border-box}}
html{{-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:{text};background:{bg}}}
header,main,footer{{max-width:72rem;margin:0 auto;padding:0 1rem}}
p,li,dd,figcaption,.prose{{max-width:48rem}}
a{{color:{link}}}
h1{{font-size:1.7rem;line-height:1.2;margin:1.25rem 0 .3rem}}
h2{{font-size:1.3rem;line-height:1.25;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:1px solid {rule}}}
h3{{font-size:1.05rem;margin:1rem 0 .2rem}}
.lede,.note,footer{{color:{muted}}}
.lede{{margin:0 0 .6rem}}
nav ol{{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;margin:0 0 .5rem;padding:0;list-style:none;font-size:.92rem}}
.scenarios{{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr));gap:0 2rem}}
.scenario p{{margin:.2rem 0 .6rem}}
.tag{{display:inline-block;font-size:.8rem;padding:0 .4rem;border:1px solid {rule};border-radius:.6rem;background:{head_bg};color:{text};white-space:nowrap}}
.timeline{{list-style:none;margin:.5rem 0 0 .4rem;padding:0;border-left:2px solid {rule}}}
.timeline li{{position:relative;margin:.3rem 0;padding-left:1rem}}
.timeline li::before{{content:"";position:absolute;left:-.42rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:{accent}}}
.answer{{max-width:none;margin:.5rem 0;padding:.8rem 1rem;background:{answer_bg};border-left:4px solid {accent};font-size:1.08rem}}
.answer p{{margin:0;max-width:60rem}}
figure{{margin:1.4rem 0 2rem;break-inside:avoid;page-break-inside:avoid}}
figure svg{{display:block;width:100%;height:auto;max-width:100%;border:1px solid {rule}}}
figcaption{{margin-top:.4rem;font-size:.92rem}}
figcaption p{{margin:.2rem 0}}
.table-wrap{{max-width:100%;overflow-x:auto}}
table{{border-collapse:collapse;margin:.3rem 0 1rem;font-size:.88rem;font-variant-numeric:tabular-nums}}
caption{{text-align:left;font-weight:600;padding:.2rem 0}}
th,td{{padding:.25rem .5rem;border:1px solid {rule};text-align:right;vertical-align:top}}
thead th{{background:{head_bg};text-align:center}}
td{{white-space:nowrap}}
th[scope=row],td.text{{text-align:left}}
td.text{{white-space:normal;min-width:10rem}}
th[scope=row]{{font-weight:600}}
table.numbers th[scope=row]{{white-space:nowrap}}
code,.hash{{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em;background:{head_bg};padding:0 .2em;overflow-wrap:anywhere}}
.claims{{padding-left:1.2rem}}
.claims li{{margin:.5rem 0}}
.claims p{{margin:0}}
dl.facts{{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}}
dl.facts dt{{font-weight:600}}
dl.facts dd{{margin:0}}
@media (max-width:40rem){{body{{font-size:15px}}h1{{font-size:1.35rem}}.answer{{font-size:1rem}}dl.facts{{grid-template-columns:1fr}}dl.facts dd{{margin-bottom:.3rem}}table.numbers th[scope=row]{{white-space:normal}}}}
@media print{{nav{{display:none}}body{{font-size:10.5pt}}header,main,footer{{max-width:none;padding:0}}a{{color:inherit;text-decoration:none}}figure,tr,li,.answer,dl.facts{{break-inside:avoid;page-break-inside:avoid}}h2,h3{{break-after:avoid;page-break-after:avoid}}.table-wrap{{overflow:visible}}figure svg{{border:0;max-height:23cm}}}}
@page{{margin:1.5cm}}
"#
    )
}

/// The figure's SVG (as [`crate::plot::render_svg_string`] writes it) made ready to inline: its
/// root element gets `role="img"`, the ids of a `<title>` and a `<desc>` inserted as its first
/// children, and a class that scales it to its container through its `viewBox`.
pub fn inline_svg(svg: &str, id: &str, title: &str, desc: &str) -> String {
    let svg = svg.trim();
    let svg = svg.strip_prefix("<?xml").map_or(svg, |rest| {
        rest.find("?>")
            .map_or(svg, |end| rest[end + 2..].trim_start())
    });
    let Some(open_end) = svg.find('>').filter(|_| svg.starts_with("<svg")) else {
        // Not an SVG document as expected: keep it out rather than break the page.
        return format!(
            "<p id=\"{id}-title\">{}</p><p id=\"{id}-desc\">{}</p>",
            esc(title),
            esc(desc)
        );
    };
    let attributes = svg[4..open_end].trim_end_matches('/');
    let mut out = String::with_capacity(svg.len() + desc.len() + 200);
    let _ = write!(
        out,
        "<svg{attributes} role=\"img\" class=\"chart\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" focusable=\"false\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    out.push_str(&svg[open_end + 1..]);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        assert_eq!(
            esc("US & <allies> \"x\" 'y'"),
            "US &amp; &lt;allies&gt; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(signed(0.0891), "+0.089");
        assert_eq!(signed(-0.0312), "\u{2212}0.031");
        assert_eq!(signed(-0.0001), "0.000");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1100.0), "1100");
        assert_eq!(number(-0.01), "\u{2212}0.01");
        assert_eq!(number(-0.00001), "0");
        assert_eq!(percent(0.973), "97\u{a0}%");
        assert_eq!(id_part("C48 x.y"), "C48-x-y");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(999), "999");
        assert_eq!(count(1234567), "1,234,567");
    }

    #[test]
    fn svg_gets_a_name_and_a_description() {
        let svg = "<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let out = inline_svg(svg, "fig-1", "A & B", "d");
        assert!(out.starts_with("<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""));
        assert!(out.contains("<title id=\"fig-1-title\">A &amp; B</title><desc id=\"fig-1-desc\">d</desc>\n<rect/></svg>"));
    }
}
