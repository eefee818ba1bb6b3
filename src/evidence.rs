//! The evidence base: articles, paraphrased claims and public facts that parameters cite.

use crate::schema::{ClaimEntry, EvidenceFile, FactEntry, SourceEntry};

/// All evidence a world can cite, merged from its evidence files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evidence {
    /// Articles.
    pub articles: Vec<Article>,
    /// Claims.
    pub claims: Vec<Claim>,
    /// Facts.
    pub facts: Vec<Fact>,
}

/// An article of the bibliography.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Id, e.g. `A1`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: String,
    /// Outlet.
    pub outlet: String,
    /// Approximate date.
    pub date: String,
}

/// A paraphrased claim with its place in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Id, e.g. `C07`.
    pub id: String,
    /// Article id.
    pub source: String,
    /// Paragraph numbers.
    pub paragraphs: Vec<u32>,
    /// Topic tag.
    pub topic: String,
    /// The claim in our words.
    pub text: String,
    /// The direction the claim states for the model ("" when the file gives none).
    pub direction: String,
}

/// A public fact with its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// Id, e.g. `F03`.
    pub id: String,
    /// The fact.
    pub text: String,
    /// Its public source.
    pub source: String,
}

impl Evidence {
    /// Adds the entries of one evidence file.
    pub fn extend(&mut self, file: EvidenceFile) {
        self.articles
            .extend(file.source.into_iter().map(|s: SourceEntry| Article {
                id: s.id.into_inner(),
                title: s.title,
                author: s.author,
                outlet: s.outlet,
                date: s.date,
            }));
        self.claims
            .extend(file.claim.into_iter().map(|c: ClaimEntry| Claim {
                id: c.id.into_inner(),
                source: c.source.into_inner(),
                paragraphs: c.paragraph.into_iter().chain(c.paragraphs).collect(),
                topic: c.topic,
                text: c.text,
                direction: c.direction,
            }));
        self.facts
            .extend(file.fact.into_iter().map(|f: FactEntry| Fact {
                id: f.id.into_inner(),
                text: f.text,
                source: f.source,
            }));
    }

    /// The claim with this id.
    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// The fact with this id.
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.facts.iter().find(|f| f.id == id)
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|s| s.id == id)
    }

    /// Checks a citation: ids shaped like `C12`, `F3` or `A1` must exist; anything else is
    /// taken as a free-text citation (e.g. "author's estimate").
    pub fn check_citation(&self, cite: &str) -> Result<(), String> {
        let Some(kind) = id_kind(cite) else {
            return if cite.trim().is_empty() {
                Err("empty citation".into())
            } else {
                Ok(())
            };
        };
        let known = match kind {
            'C' => self.claim(cite).is_some(),
            'F' => self.fact(cite).is_some(),
            _ => self.article(cite).is_some(),
        };
        if known {
            Ok(())
        } else {
            let what = match kind {
                'C' => "claim",
                'F' => "fact",
                _ => "article",
            };
            Err(format!(
                "unknown {what} `{cite}`: it is not in the world's evidence files"
            ))
        }
    }

    /// The known id closest to a misspelt one.
    pub fn closest_id(&self, cite: &str) -> Option<&str> {
        let ids = self
            .claims
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.facts.iter().map(|f| f.id.as_str()))
            .chain(self.articles.iter().map(|s| s.id.as_str()));
        crate::diag::closest(cite, ids)
    }

    /// A one-line description of a citation, for `steppe explain`.
    pub fn describe(&self, cite: &str) -> String {
        if let Some(c) = self.claim(cite) {
            let paras: Vec<String> = c.paragraphs.iter().map(u32::to_string).collect();
            format!("{} ({} ¶{}): {}", c.id, c.source, paras.join(","), c.text)
        } else if let Some(f) = self.fact(cite) {
            format!("{}: {} [source: {}]", f.id, f.text, f.source)
        } else if let Some(s) = self.article(cite) {
            format!(
                "{}: {}, {} ({}, {})",
                s.id, s.title, s.author, s.outlet, s.date
            )
        } else {
            cite.to_string()
        }
    }
}

/// 'C', 'F' or 'A' when the text looks like an evidence id.
fn id_kind(cite: &str) -> Option<char> {
    let mut chars = cite.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    (matches!(first, 'C' | 'F' | 'A')
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit()))
    .then_some(first)
}
