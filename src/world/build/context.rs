//! The world's context: region-wide model parameters, domains, drivers, organisations and the
//! couplings of drivers to parameters.

use super::*;

impl Builder<'_> {
    /// Region-wide model parameters (noise, threat, incidents).
    pub(super) fn model_params(&mut self, m: &ModelSpec) -> ModelParams {
        ModelParams {
            effort_noise: self.param(
                "model.effort_noise".into(),
                "standard deviation of effort noise per step",
                Kind::NonNegative,
                &m.effort_noise,
            ),
            instability_threat: self.param(
                "model.instability_threat".into(),
                "weight of instability in threat",
                Kind::NonNegative,
                &m.instability_threat,
            ),
            incident_rate: self.param(
                "model.incident_rate".into(),
                "security incidents per year at threat 1",
                Kind::NonNegative,
                &m.incident_rate,
            ),
            incident_size: self.param(
                "model.incident_size".into(),
                "threat added by one incident",
                Kind::Share,
                &m.incident_size,
            ),
            incident_half_life: self.param(
                "model.incident_half_life".into(),
                "half-life of an incident's effect, years",
                Kind::Years,
                &m.incident_half_life,
            ),
        }
    }

    /// Domains: capability basis, protected domain, salience and contest parameters.
    pub(super) fn domains(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Domain> {
        let resource_ids = &ids.resource_ids;
        let domain_ids = &ids.domain_ids;
        f
            .domain
            .iter()
            .zip(domain_ids)
            .map(|(d, id)| {
                let protects = d
                    .protects
                    .as_ref()
                    .and_then(|p| self.lookup(p, domain_ids, "domain"));
                let salience = self.param(format!("{id}.salience"), "baseline salience", Kind::NonNegative, &d.salience);
                let threat_sensitivity = self.param(format!("{id}.threat_sensitivity"), "salience response to threat", Kind::Elasticity, &d.threat_sensitivity);
                let adjustment_rate = self.param(format!("{id}.adjustment_rate"), "share of gap to target closed per year", Kind::Share, &d.adjustment_rate);
                let opinion_weight = self.param(format!("{id}.opinion_weight"), "weight of public opinion in receptivity", Kind::NonNegative, &d.opinion_weight);
                let contest_exponent = self.param(format!("{id}.contest_exponent"), "contest success function exponent", Kind::Exponent, &d.contest_exponent);
                // The basis weights come last among a domain's parameters (table order, §15).
                let basis = self.partial_table(&d.basis, resource_ids, "resource", |r| format!("{id}.basis.{r}"), "weight of the resource in capability", Kind::NonNegative);
                let total: f64 = basis
                    .iter()
                    .flatten()
                    .filter(|&&b| b != MISSING)
                    .map(|&b| self.params.get(b).value)
                    .sum();
                if total <= 0.0 && basis.iter().flatten().all(|&b| b != MISSING) {
                    let e = self.error(
                        d.id.span(),
                        format!("domain `{id}` needs a `basis` with a positive weight on at least one resource"),
                    );
                    self.push_error(e);
                }
                Domain {
                    id: id.clone(),
                    label: d.label.clone(),
                    basis,
                    protects,
                    salience,
                    threat_sensitivity,
                    adjustment_rate,
                    opinion_weight,
                    contest_exponent,
                }
            })
            .collect()
    }

    /// Drivers: limits, initial value, volatility and persistence.
    pub(super) fn drivers(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Driver> {
        let driver_ids = &ids.driver_ids;
        f.driver
            .iter()
            .zip(driver_ids)
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
            .collect()
    }

    /// Organisations: lead powers and receptivity bonuses.
    pub(super) fn organizations(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Organization> {
        let org_ids = &ids.org_ids;
        let power_ids = &ids.power_ids;
        let domain_ids = &ids.domain_ids;
        f.organization
            .iter()
            .zip(org_ids)
            .map(|(o, id)| Organization {
                id: id.clone(),
                label: o.label.clone(),
                powers: o
                    .powers
                    .iter()
                    .filter_map(|p| self.lookup(p, power_ids, "power"))
                    .collect(),
                bonus: self.partial_table(
                    &o.bonus,
                    domain_ids,
                    "domain",
                    |d| format!("{id}.bonus.{d}"),
                    "receptivity bonus for members",
                    Kind::NonNegative,
                ),
            })
            .collect()
    }

    /// Couplings of drivers to parameters, refusing targets that couplings read or that only set the start.
    pub(super) fn couplings(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Coupling> {
        let driver_ids = &ids.driver_ids;
        f
            .coupling
            .iter()
            .filter_map(|c| {
                let driver = self.lookup(&c.driver, driver_ids, "driver")?;
                let target = match self.params.find(c.target.get_ref()) {
                    Some(t) if read_by_couplings(self.params.get(t).path.as_str(), driver_ids) => {
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
            .collect()
    }
}

/// Whether a parameter is read while couplings are applied (a driver's own parameters, a growth
/// rate or an elasticity), so that a coupling on it would act with a step's delay.
fn read_by_couplings(path: &str, drivers: &[String]) -> bool {
    let head = path.split('.').next().unwrap_or_default();
    drivers.iter().any(|d| d == head) || path.starts_with("coupling.") || path.contains(".growth.")
}
