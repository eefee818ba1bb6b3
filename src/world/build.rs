//! Building a [`World`] from a parsed world file: ids checked, names resolved to indices, every
//! number entered in the parameter table with its limits and evidence checked.

use super::*;
use crate::diag::Diagnostic;
use crate::params::{Kind, Param};
use crate::schema::{Name, Param as ParamSrc, Table};

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
    fn param(&mut self, path: String, meaning: &str, kind: Kind, spec: &ParamSrc) -> ParamId {
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
        table: &Table<ParamSrc>,
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
        table: &Table<ParamSrc>,
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

    pub(super) fn build(&mut self, f: &WorldFile) -> World {
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

        let model = ModelParams {
            effort_noise: self.param(
                "model.effort_noise".into(),
                "standard deviation of effort noise per step",
                Kind::NonNegative,
                &f.model.effort_noise,
            ),
            instability_threat: self.param(
                "model.instability_threat".into(),
                "weight of instability in threat",
                Kind::NonNegative,
                &f.model.instability_threat,
            ),
            incident_rate: self.param(
                "model.incident_rate".into(),
                "security incidents per year at threat 1",
                Kind::NonNegative,
                &f.model.incident_rate,
            ),
            incident_size: self.param(
                "model.incident_size".into(),
                "threat added by one incident",
                Kind::Share,
                &f.model.incident_size,
            ),
            incident_half_life: self.param(
                "model.incident_half_life".into(),
                "half-life of an incident's effect, years",
                Kind::Years,
                &f.model.incident_half_life,
            ),
        };

        let domains: Vec<Domain> = f
            .domain
            .iter()
            .zip(&domain_ids)
            .map(|(d, id)| {
                let mut basis = vec![0.0; resource_ids.len()];
                for (key, w) in &d.basis {
                    if let Some(r) = self.lookup(key, &resource_ids, "resource") {
                        if w.0 < 0.0 {
                            let e = self.error(key.span(), "basis weights must be non-negative");
                            self.push_error(e);
                        }
                        basis[r] = w.0;
                    }
                }
                if basis.iter().sum::<f64>() <= 0.0 {
                    let e = self.error(
                        d.id.span(),
                        format!("domain `{id}` needs a `basis` with a positive weight on at least one resource"),
                    );
                    self.push_error(e);
                }
                let protects = d
                    .protects
                    .as_ref()
                    .and_then(|p| self.lookup(p, &domain_ids, "domain"));
                Domain {
                    id: id.clone(),
                    label: d.label.clone(),
                    basis,
                    protects,
                    salience: self.param(format!("{id}.salience"), "baseline salience", Kind::NonNegative, &d.salience),
                    threat_sensitivity: self.param(format!("{id}.threat_sensitivity"), "salience response to threat", Kind::Elasticity, &d.threat_sensitivity),
                    adjustment_rate: self.param(format!("{id}.adjustment_rate"), "share of gap to target closed per year", Kind::Share, &d.adjustment_rate),
                    opinion_weight: self.param(format!("{id}.opinion_weight"), "weight of public opinion in receptivity", Kind::NonNegative, &d.opinion_weight),
                    contest_exponent: self.param(format!("{id}.contest_exponent"), "contest success function exponent", Kind::Exponent, &d.contest_exponent),
                }
            })
            .collect();

        let drivers: Vec<Driver> = f
            .driver
            .iter()
            .zip(&driver_ids)
            .map(|(d, id)| {
                let (min, max) = (d.min.0, d.max.0);
                if min > max {
                    let e = self.error(
                        d.id.span(),
                        format!("driver `{id}` has min ({min}) greater than max ({max})"),
                    );
                    self.push_error(e);
                }
                if d.scale.0 <= 0.0 {
                    let e = self.error(
                        d.id.span(),
                        format!("driver `{id}` needs a positive `scale`"),
                    );
                    self.push_error(e);
                }
                let value = self.param(id.clone(), &d.label, Kind::Real, &d.initial);
                if value != MISSING {
                    let p = self.params.get_mut(value);
                    (p.min, p.max) = (min, max);
                    if p.low < min || p.high > max {
                        let e = self.error(
                            d.initial.span(),
                            format!(
                                "initial value of `{id}` must lie within its limits [{min}, {max}]"
                            ),
                        );
                        self.push_error(e);
                    }
                }
                Driver {
                    id: id.clone(),
                    label: d.label.clone(),
                    unit: d.unit.clone(),
                    description: d.description.clone(),
                    reference: d.reference.0,
                    scale: d.scale.0,
                    min,
                    max,
                    value,
                    volatility: self.param(
                        format!("{id}.volatility"),
                        "annual volatility in units of scale",
                        Kind::NonNegative,
                        &d.volatility,
                    ),
                    persistence: self.param(
                        format!("{id}.persistence"),
                        "annual persistence of deviations",
                        Kind::Share,
                        &d.persistence,
                    ),
                }
            })
            .collect();

        let organizations: Vec<Organization> = f
            .organization
            .iter()
            .zip(&org_ids)
            .map(|(o, id)| Organization {
                id: id.clone(),
                label: o.label.clone(),
                powers: o
                    .powers
                    .iter()
                    .filter_map(|p| self.lookup(p, &power_ids, "power"))
                    .collect(),
                bonus: self.partial_table(
                    &o.bonus,
                    &domain_ids,
                    "domain",
                    |d| format!("{id}.bonus.{d}"),
                    "receptivity bonus for members",
                    Kind::NonNegative,
                ),
            })
            .collect();

        let powers: Vec<Power> = f
            .power
            .iter()
            .zip(&power_ids)
            .map(|(p, id)| {
                let color = parse_color(p.color.get_ref()).unwrap_or_else(|| {
                    let e = self.error(
                        p.color.span(),
                        format!(
                            "`{}` is not a colour: expected `#rrggbb`",
                            p.color.get_ref()
                        ),
                    );
                    self.push_error(e);
                    [0, 0, 0]
                });
                Power {
                    id: id.clone(),
                    label: p.label.clone(),
                    color,
                    resources: self.complete_table(
                        &p.resources,
                        (&resource_ids, "resource"),
                        &p.id,
                        |r| format!("{id}.{r}"),
                        "resource amount",
                        Kind::NonNegative,
                    ),
                    growth: self.partial_table(
                        &p.growth,
                        &resource_ids,
                        "resource",
                        |r| format!("{id}.growth.{r}"),
                        "trend growth per year",
                        Kind::Growth,
                    ),
                    priority: self.param(
                        format!("{id}.priority"),
                        "share of attention on the region",
                        Kind::Share,
                        &p.priority,
                    ),
                    commitments: self.param(
                        format!("{id}.commitments"),
                        "share of attention absorbed elsewhere",
                        Kind::Fraction,
                        &p.commitments,
                    ),
                    stake_protection: self.param(
                        format!("{id}.stake_protection"),
                        "security effort to protect economic stakes",
                        Kind::NonNegative,
                        &p.stake_protection,
                    ),
                    focus: self.complete_table(
                        &p.focus,
                        (&domain_ids, "domain"),
                        &p.id,
                        |d| format!("{id}.focus.{d}"),
                        "domain focus",
                        Kind::NonNegative,
                    ),
                }
            })
            .collect();

        let states: Vec<State> = f
            .state
            .iter()
            .zip(&state_ids)
            .map(|(s, id)| {
                let mut influence = vec![MISSING; domain_ids.len() * power_ids.len()];
                for (dkey, table) in &s.influence {
                    if let Some(d) = self.lookup(dkey, &domain_ids, "domain") {
                        let dom = &domain_ids[d];
                        let ids = self.complete_table(table, (&power_ids, "power"), dkey, |p| format!("{id}.influence.{dom}.{p}"), "initial influence", Kind::Share);
                        influence[d * power_ids.len()..(d + 1) * power_ids.len()].copy_from_slice(&ids);
                    }
                }
                for (d, dom) in domain_ids.iter().enumerate() {
                    if !s.influence.keys().any(|k| k.get_ref() == dom) {
                        let e = self.error(s.id.span(), format!("state `{id}` gives no initial influence in domain `{dom}`"))
                            .with_help(format!("add a table [state.influence.{dom}] with a share for each power"));
                        self.push_error(e);
                    } else if influence[d * power_ids.len()..(d + 1) * power_ids.len()].iter().all(|&p| p != MISSING) {
                        let total: f64 = influence[d * power_ids.len()..(d + 1) * power_ids.len()]
                            .iter()
                            .map(|&p| self.params.get(p).value)
                            .sum();
                        if total > MAX_TOTAL_INFLUENCE {
                            let key = s.influence.keys().find(|k| k.get_ref() == dom).map_or(s.id.span(), |k| k.span());
                            let e = self.error(key, format!("initial influence in `{id}` / `{dom}` adds up to {total:.3}; it may be at most {MAX_TOTAL_INFLUENCE} so the state keeps some autonomy"));
                            self.push_error(e);
                        }
                    }
                }
                for &p in &influence {
                    if p != MISSING {
                        self.params.get_mut(p).initial_only = true;
                    }
                }
                State {
                    id: id.clone(),
                    label: s.label.clone(),
                    weight: self.param(format!("{id}.weight"), "weight in the region", Kind::NonNegative, &s.weight),
                    stability: self.param(format!("{id}.stability"), "domestic stability", Kind::Share, &s.stability),
                    hedging: self.param(format!("{id}.hedging"), "propensity to balance against a dominant power", Kind::NonNegative, &s.hedging),
                    exposure: self.partial_table(&s.exposure, &driver_ids, "driver", |k| format!("{id}.exposure.{k}"), "exposure to threat driver", Kind::Share),
                    opinion: self.complete_table(&s.opinion, (&power_ids, "power"), &s.id, |p| format!("{id}.opinion.{p}"), "public opinion", Kind::Share),
                    member: self.partial_table(&s.member, &org_ids, "organization", |o| format!("{id}.member.{o}"), "membership", Kind::Share),
                    influence,
                }
            })
            .collect();

        let couplings: Vec<Coupling> = f
            .coupling
            .iter()
            .filter_map(|c| {
                let driver = self.lookup(&c.driver, &driver_ids, "driver")?;
                let target = match self.params.find(c.target.get_ref()) {
                    Some(t) if read_by_couplings(self.params.get(t).path.as_str(), &driver_ids) => {
                        let e = self.error(c.target.span(), format!("a coupling cannot move `{}`: drivers, growth rates and elasticities are read while couplings are applied", c.target.get_ref()))
                            .with_help("couple the driver to the quantity itself, e.g. a power's resource, priority or commitments");
                        self.push_error(e);
                        return None;
                    }
                    Some(t) if self.params.get(t).initial_only => {
                        let e = self.error(
                            c.target.span(),
                            format!(
                                "`{}` is an initial condition; a driver cannot move it",
                                c.target.get_ref()
                            ),
                        );
                        self.push_error(e);
                        return None;
                    }
                    Some(t) => t,
                    None => {
                        let e = self
                            .error(
                                c.target.span(),
                                format!("unknown parameter `{}`", c.target.get_ref()),
                            )
                            .suggest(c.target.get_ref(), self.params.paths())
                            .with_help_if_none("list parameters with `steppe list --params`");
                        self.push_error(e);
                        return None;
                    }
                };
                let path = format!("coupling.{}.{}", driver_ids[driver], c.target.get_ref());
                let elasticity = self.param(path, "coupling elasticity", Kind::Elasticity, &c.elasticity);
                Some(Coupling {
                    driver,
                    target,
                    elasticity,
                    mode: c.mode,
                    note: c.note.clone(),
                })
            })
            .collect();

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
            params: ParamTable::default(),
            evidence: Evidence::default(),
        }
    }
}

/// Ids that would clash with parameter paths and metric names.
const RESERVED: [&str; 4] = ["model", "coupling", "region", "overall"];

/// Whether a parameter is read while couplings are applied (a driver's own parameters, a growth
/// rate or an elasticity), so that a coupling on it would act with a step's delay.
fn read_by_couplings(path: &str, drivers: &[String]) -> bool {
    let head = path.split('.').next().unwrap_or_default();
    drivers.iter().any(|d| d == head) || path.starts_with("coupling.") || path.contains(".growth.")
}

fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}
