//! Building a [`World`] from a parsed world file: ids checked, names resolved to indices, every
//! number entered in the parameter table with its limits and evidence checked.

use super::*;
use crate::schema::ModelSpec;

mod actors;
mod agents;
mod context;
use crate::diag::Diagnostic;
use crate::params::{Kind, Param};
use crate::schema::{Name, ParamEntry, Table};

pub(super) struct Builder<'a> {
    pub(super) source: &'a Source,
    pub(super) evidence: &'a Evidence,
    pub(super) params: ParamTable,
    pub(super) errors: Vec<Diagnostic>,
}

/// Placeholder id used after an error, so that resolution can go on and report more problems.
const MISSING: ParamId = ParamId(u32::MAX);

impl Builder<'_> {
    fn error(&mut self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.source, span, msg)
    }

    fn push_error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    /// Adds one parameter after checking its limits and evidence.
    fn param(&mut self, path: String, meaning: &str, kind: Kind, spec: &ParamEntry) -> ParamId {
        let (min, max) = kind.bounds();
        let p = spec.get_ref();
        let span = spec.span();
        for (what, v) in [("value", p.value), ("low", p.low), ("high", p.high)] {
            if v < min || v > max {
                let d = self.error(
                    span.clone(),
                    format!(
                        "`{path}` ({meaning}) must lie in [{min}, {max}], but its {what} is {v}"
                    ),
                );
                self.push_error(d);
                return MISSING;
            }
        }
        if p.sources.is_empty() {
            let d = self
                .error(span.clone(), format!("`{path}` cites no evidence"))
                .with_help(
                    "add `sources = [\"C01\", \"F02\"]` with the claim or fact ids it rests on",
                );
            self.push_error(d);
        }
        if p.grade.is_none() {
            let d = self
                .error(span.clone(), format!("`{path}` has no evidence grade"))
                .with_help(
                    "add `grade = \"fact\"` (a measured number with a public source), `grade = \"claim\"` (a source states the direction, judgement sets the size) or `grade = \"judgement\"` (no source for direction or size; the range should include no effect)",
                );
            self.push_error(d);
        }
        for s in &p.sources {
            if let Err(msg) = self.evidence.check_citation(s.get_ref()) {
                let mut d = self.error(s.span(), msg);
                if let Some(best) = self.evidence.closest_id(s.get_ref()) {
                    d = d.with_help(format!("did you mean `{best}`?"));
                }
                self.push_error(d);
            }
        }
        let param = Param {
            path: path.clone(),
            meaning: meaning.to_string(),
            value: p.value,
            low: p.low,
            high: p.high,
            min,
            max,
            unit: p.unit.clone().unwrap_or_default(),
            sources: p.sources.iter().map(|s| s.get_ref().clone()).collect(),
            note: p.note.clone().unwrap_or_default(),
            origin: self.source.name.clone(),
            initial_only: false,
            grade: p.grade,
        };
        match self.params.push(param) {
            Some(id) => id,
            None => {
                let d = self.error(span, format!("parameter `{path}` is defined twice"));
                self.push_error(d);
                MISSING
            }
        }
    }

    /// Checks an identifier's syntax and uniqueness across all namespaces.
    fn ident(&mut self, name: &Name, seen: &mut Vec<String>) -> String {
        let id = name.get_ref();
        let ok = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            let d = self.error(
                name.span(),
                format!("`{id}` is not a valid id: use lower-case letters, digits and `_`, starting with a letter"),
            );
            self.push_error(d);
        } else if seen.iter().any(|s| s == id) || RESERVED.contains(&id.as_str()) {
            let d = self.error(
                name.span(),
                format!("id `{id}` is already used (ids must be unique across actors, domains, drivers, resources and organisations, and not one of {RESERVED:?})"),
            );
            self.push_error(d);
        }
        seen.push(id.clone());
        id.clone()
    }

    /// Looks a name up among `ids`, reporting it with a suggestion when unknown.
    fn lookup(&mut self, name: &Name, ids: &[String], what: &str) -> Option<usize> {
        let pos = ids.iter().position(|i| i == name.get_ref());
        if pos.is_none() {
            let d = self
                .error(
                    name.span(),
                    format!(
                        "unknown {what} `{}`; expected one of: {}",
                        name.get_ref(),
                        ids.join(", ")
                    ),
                )
                .suggest(name.get_ref(), ids.iter().map(String::as_str));
            self.push_error(d);
        }
        pos
    }

    /// Resolves a table keyed by `ids` that must name each of them exactly once.
    fn complete_table(
        &mut self,
        table: &Table<ParamEntry>,
        (ids, what): (&[String], &str),
        owner: &Name,
        path: impl Fn(&str) -> String,
        meaning: &str,
        kind: Kind,
    ) -> Vec<ParamId> {
        let mut out = vec![MISSING; ids.len()];
        for (key, spec) in table {
            if let Some(i) = self.lookup(key, ids, what) {
                out[i] = self.param(path(&ids[i]), meaning, kind, spec);
            }
        }
        for id in ids {
            if !table.keys().any(|k| k.get_ref() == id) {
                let d = self.error(
                    owner.span(),
                    format!("`{}` gives no {meaning} for {what} `{id}`", owner.get_ref()),
                ).with_help(format!("add `{id} = {{ value = ..., low = ..., high = ..., sources = [...] }}` to its table"));
                self.push_error(d);
            }
        }
        out
    }

    /// Resolves a table keyed by a subset of `ids`.
    fn partial_table(
        &mut self,
        table: &Table<ParamEntry>,
        ids: &[String],
        what: &str,
        path: impl Fn(&str) -> String,
        meaning: &str,
        kind: Kind,
    ) -> Vec<Option<ParamId>> {
        let mut out = vec![None; ids.len()];
        for (key, spec) in table {
            if let Some(i) = self.lookup(key, ids, what) {
                out[i] = Some(self.param(path(&ids[i]), meaning, kind, spec));
            }
        }
        out
    }
}

/// The ids of every kind of entity, in file order, checked for syntax and uniqueness.
pub(super) struct Ids {
    resource_ids: Vec<String>,
    domain_ids: Vec<String>,
    driver_ids: Vec<String>,
    org_ids: Vec<String>,
    power_ids: Vec<String>,
    state_ids: Vec<String>,
}

impl Builder<'_> {
    /// Resolves a world file in named steps. The order of the steps is the order parameters
    /// enter the table, which is the order ensembles draw them in: do not reorder.
    pub(super) fn build(&mut self, f: &WorldFile) -> World {
        let (resources, ids) = self.ids(f);
        let model = self.model_params(&f.model);
        let domains = self.domains(f, &ids);
        let drivers = self.drivers(f, &ids);
        let organizations = self.organizations(f, &ids);
        let powers = self.powers(f, &ids);
        let states = self.states(f, &ids);
        let couplings = self.couplings(f, &ids);
        let agents = self.agents(f, &ids);
        World {
            name: f.name.clone(),
            description: f.description.clone(),
            resources,
            domains,
            drivers,
            organizations,
            powers,
            states,
            couplings,
            model,
            agents,
            params: ParamTable::default(),
            evidence: Evidence::default(),
            history: WorldHistory::default(),
        }
    }

    /// Resources and the ids of every entity; at least one resource, domain, power and state.
    fn ids(&mut self, f: &WorldFile) -> (Vec<Resource>, Ids) {
        let mut seen = Vec::new();
        let resources: Vec<Resource> = f
            .resource
            .iter()
            .map(|r| Resource {
                id: self.ident(&r.id, &mut seen),
                label: r.label.clone(),
                unit: r.unit.clone(),
            })
            .collect();
        let resource_ids: Vec<String> = resources.iter().map(|r| r.id.clone()).collect();
        let domain_ids: Vec<String> = f
            .domain
            .iter()
            .map(|d| self.ident(&d.id, &mut seen))
            .collect();
        let driver_ids: Vec<String> = f
            .driver
            .iter()
            .map(|d| self.ident(&d.id, &mut seen))
            .collect();
        let org_ids: Vec<String> = f
            .organization
            .iter()
            .map(|o| self.ident(&o.id, &mut seen))
            .collect();
        let power_ids: Vec<String> = f
            .power
            .iter()
            .map(|p| self.ident(&p.id, &mut seen))
            .collect();
        let state_ids: Vec<String> = f
            .state
            .iter()
            .map(|s| self.ident(&s.id, &mut seen))
            .collect();
        for (list, what) in [
            (&resource_ids, "[[resource]]"),
            (&domain_ids, "[[domain]]"),
            (&power_ids, "[[power]]"),
            (&state_ids, "[[state]]"),
        ] {
            if list.is_empty() {
                self.push_error(Diagnostic::file(
                    self.source.name.clone(),
                    format!("the world defines no {what}: at least one is needed"),
                ));
            }
        }
        (
            resources,
            Ids {
                resource_ids,
                domain_ids,
                driver_ids,
                org_ids,
                power_ids,
                state_ids,
            },
        )
    }
}

/// Ids that would clash with parameter paths and metric names.
const RESERVED: [&str; 8] = [
    "model",
    "coupling",
    "region",
    "overall",
    "agents",
    "relation",
    "channel",
    "opinion_channel",
];

/// Reads a `#rrggbb` colour.
pub(super) fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}
