//! Schema of the evidence files in `seeds/`: sources (bibliography), claims and facts.

use serde::Deserialize;

use super::Name;

/// An evidence file: any of `[[source]]`, `[[claim]]` and `[[fact]]` tables.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EvidenceFile {
    /// Bibliography entries.
    #[serde(default)]
    pub source: Vec<SourceEntry>,
    /// Paraphrased claims from the articles.
    #[serde(default)]
    pub claim: Vec<ClaimEntry>,
    /// Public facts the articles lack, with their public source.
    #[serde(default)]
    pub fact: Vec<FactEntry>,
}

/// One article of the bibliography.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// Article id, e.g. `A1`.
    pub id: Name,
    /// File name of the article in the shared seeds folder.
    pub file: String,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: String,
    /// Where it was published.
    pub outlet: String,
    /// Approximate date, `YYYY` or `YYYY-MM`.
    pub date: String,
    /// One-sentence summary in our words.
    #[serde(default)]
    pub summary: String,
}

/// A claim paraphrased from an article, with the paragraph it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimEntry {
    /// Claim id, e.g. `C07`.
    pub id: Name,
    /// Article id, e.g. `A2`.
    pub source: Name,
    /// Paragraph number (non-empty lines of the article, from 1).
    pub paragraph: Option<u32>,
    /// Paragraph numbers, when the claim spans several.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
    /// Topic tag.
    #[serde(default)]
    pub topic: String,
    /// Actors the claim concerns.
    #[serde(default)]
    pub actors: Vec<String>,
    /// The claim in our own words.
    pub text: String,
    /// What the claim implies for the model.
    #[serde(default)]
    pub direction: String,
}

/// A public fact used by a parameter, with the public source named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactEntry {
    /// Fact id, e.g. `F03`.
    pub id: Name,
    /// The fact.
    pub text: String,
    /// Its public source.
    pub source: String,
    /// Its numeric value, when it has one.
    pub value: Option<f64>,
    /// Unit of the value.
    pub unit: Option<String>,
}
