//! The agent sections: region-wide agent parameters, relations between powers, each state's
//! agency, opinion channels, receptivity channels and exit hazards. Built after the couplings, so
//! their parameters come last in the table (and in the order ensembles draw them).

use super::*;
use crate::schema::AgencySpec;
use crate::world::{Agency, Agents, Channel, OpinionChannel, Relation};

impl Builder<'_> {
    /// Every agent section, in the order their parameters enter the table. The region-wide
    /// parameters are a flat list kept here in table order (the order ensembles draw them), so
    /// that the order can be read off.
    pub(super) fn agents(&mut self, f: &WorldFile, ids: &Ids) -> Agents {
        let a = &f.agents;
        let allocation_rate = self.param(
            "agents.allocation_rate".into(),
            "share of the gap to the best-response allocation closed per year",
            Kind::Share,
            &a.allocation_rate,
        );
        let opinion_half_life = self.param(
            "agents.opinion_half_life".into(),
            "half-life of public opinion's memory, years",
            Kind::Years,
            &a.opinion_half_life,
        );
        let crisis_opinion = self.param(
            "agents.crisis_opinion".into(),
            "opinion per unit of threat rise times help beyond need",
            Kind::Elasticity,
            &a.crisis_opinion,
        );
        let benefit_opinion = self.partial_table(
            &a.benefit_opinion,
            &ids.power_ids,
            "power",
            |p| format!("agents.benefit_opinion.{p}"),
            "opinion per relative rise of economic commitment",
            Kind::Elasticity,
        );
        let legitimacy = self.param(
            "agents.legitimacy".into(),
            "elasticity of membership ties to opinion of the lead powers",
            Kind::NonNegative,
            &a.legitimacy,
        );
        let exit_opinion = self.param(
            "agents.exit_opinion".into(),
            "log-hazard of leaving per unit of opinion of the leads below neutral",
            Kind::Elasticity,
            &a.exit_opinion,
        );
        let exit_threat = self.param(
            "agents.exit_threat".into(),
            "log-hazard of leaving per unit of threat above the start",
            Kind::Elasticity,
            &a.exit_threat,
        );
        let capacity_half_life = self.param(
            "agents.capacity_half_life".into(),
            "half-life of revenue capacity, years",
            Kind::Years,
            &a.capacity_half_life,
        );
        let (crisis_domain, benefit_domain) = self.agent_domains(f, ids);
        let relations = self.relations(f, ids);
        let agency = self.agency(f, ids);
        let opinion_channels = self.opinion_channels(f, ids);
        let channels = self.channels(f, ids);
        let exit_hazard = self.exit_hazards(f, ids);
        Agents {
            allocation_rate,
            opinion_half_life,
            crisis_domain,
            benefit_domain,
            crisis_opinion,
            benefit_opinion,
            legitimacy,
            exit_opinion,
            exit_threat,
            capacity_half_life,
            relations,
            agency,
            opinion_channels,
            channels,
            exit_hazard,
        }
    }

    /// The domains crises and benefits are read in (`crisis_domain`, `benefit_domain`). An
    /// unknown domain is an error already recorded by `lookup`, so the world is refused and the
    /// placeholder 0 is never read.
    fn agent_domains(&mut self, f: &WorldFile, ids: &Ids) -> (usize, usize) {
        let a = &f.agents;
        let crisis_domain = self
            .lookup(&a.crisis_domain, &ids.domain_ids, "domain")
            .unwrap_or(0);
        let benefit_domain = self
            .lookup(&a.benefit_domain, &ids.domain_ids, "domain")
            .unwrap_or(0);
        (crisis_domain, benefit_domain)
    }

    /// How drivers move public opinion of a power (`[[opinion_channel]]`), one effect per state.
    fn opinion_channels(&mut self, f: &WorldFile, ids: &Ids) -> Vec<OpinionChannel> {
        f.opinion_channel
            .iter()
            .filter_map(|c| {
                let driver = self.lookup(&c.driver, &ids.driver_ids, "driver");
                let power = self.lookup(&c.power, &ids.power_ids, "power");
                let (driver, power) = (driver?, power?);
                let (k, p) = (&ids.driver_ids[driver], &ids.power_ids[power]);
                let effect = self.partial_table(
                    &c.effect,
                    &ids.state_ids,
                    "state",
                    |s| format!("opinion_channel.{k}.{p}.{s}"),
                    "opinion change per driver scale unit",
                    Kind::Elasticity,
                );
                Some(OpinionChannel {
                    driver,
                    power,
                    effect,
                    note: c.note.clone(),
                })
            })
            .collect()
    }

    /// How drivers move a power's receptivity in a domain (`[[channel]]`).
    fn channels(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Channel> {
        f.channel
            .iter()
            .filter_map(|c| {
                let driver = self.lookup(&c.driver, &ids.driver_ids, "driver");
                let power = self.lookup(&c.power, &ids.power_ids, "power");
                let domain = self.lookup(&c.domain, &ids.domain_ids, "domain");
                let (driver, power, domain) = (driver?, power?, domain?);
                let path = format!(
                    "channel.{}.{}.{}",
                    ids.driver_ids[driver], ids.power_ids[power], ids.domain_ids[domain]
                );
                let elasticity = self.param(
                    path,
                    "log change of receptivity per driver scale unit",
                    Kind::Elasticity,
                    &c.elasticity,
                );
                Some(Channel {
                    driver,
                    power,
                    domain,
                    elasticity,
                    note: c.note.clone(),
                })
            })
            .collect()
    }

    /// Each organisation's exit hazard (`[[exit]]`), at most one per organisation.
    fn exit_hazards(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Option<ParamId>> {
        let mut exit_hazard = vec![None; ids.org_ids.len()];
        for e in &f.exit {
            let Some(o) = self.lookup(&e.organization, &ids.org_ids, "organization") else {
                continue;
            };
            if exit_hazard[o].is_some() {
                let d = self.error(
                    e.organization.span(),
                    format!("organisation `{}` has two [[exit]] entries", ids.org_ids[o]),
                );
                self.push_error(d);
                continue;
            }
            exit_hazard[o] = Some(self.param(
                format!("{}.exit_hazard", ids.org_ids[o]),
                "exits per member and year at neutral opinion",
                Kind::NonNegative,
                &e.hazard,
            ));
        }
        exit_hazard
    }

    /// Relations between two distinct powers, each pair at most once.
    fn relations(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Relation> {
        let mut out: Vec<Relation> = Vec::new();
        for r in &f.relation {
            if r.powers.len() != 2 || r.core.len() != 2 {
                let span = r.powers.first().map_or(0..0, |n| n.span());
                let d = self.error(
                    span,
                    "a relation names exactly two `powers` and their two `core` domains",
                );
                self.push_error(d);
                continue;
            }
            let p = [
                self.lookup(&r.powers[0], &ids.power_ids, "power"),
                self.lookup(&r.powers[1], &ids.power_ids, "power"),
            ];
            let c = [
                self.lookup(&r.core[0], &ids.domain_ids, "domain"),
                self.lookup(&r.core[1], &ids.domain_ids, "domain"),
            ];
            let (Some(a), Some(b), Some(ca), Some(cb)) = (p[0], p[1], c[0], c[1]) else {
                continue;
            };
            let twice = out
                .iter()
                .any(|o| o.powers.contains(&a) && o.powers.contains(&b));
            if a == b || twice {
                let d = self.error(
                    r.powers[1].span(),
                    "a relation joins two different powers, and each pair at most once",
                );
                self.push_error(d);
                continue;
            }
            let (pa, pb) = (&ids.power_ids[a], &ids.power_ids[b]);
            let restraint = self.param(
                format!("relation.{pa}.{pb}.restraint"),
                "restraint in the other's core domain (1 bargain, 0 rivalry)",
                Kind::Share,
                &r.restraint,
            );
            out.push(Relation {
                powers: [a, b],
                core: [ca, cb],
                restraint,
                note: r.note.clone(),
            });
        }
        out
    }

    /// One `[[agency]]` per state, resolved in the order of the states.
    fn agency(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Agency> {
        let mut by_state: Vec<Option<&AgencySpec>> = vec![None; ids.state_ids.len()];
        for a in &f.agency {
            if let Some(s) = self.lookup(&a.state, &ids.state_ids, "state") {
                if by_state[s].is_some() {
                    let d = self.error(
                        a.state.span(),
                        format!("state `{}` has two [[agency]] entries", ids.state_ids[s]),
                    );
                    self.push_error(d);
                }
                by_state[s] = Some(a);
            }
        }
        let mut out = Vec::new();
        for (s, spec) in by_state.into_iter().enumerate() {
            let id = &ids.state_ids[s];
            let Some(a) = spec else {
                self.push_error(
                    Diagnostic::file(
                        self.source.name.clone(),
                        format!("state `{id}` has no [[agency]] entry"),
                    )
                    .with_help(format!(
                        "add [[agency]] with state = \"{id}\", courting, leaning, self_reliance and capacity_growth"
                    )),
                );
                continue;
            };
            out.push(Agency {
                courting: self.param(
                    format!("{id}.courting"),
                    "openness to a leader's challengers per unit of its lead",
                    Kind::NonNegative,
                    &a.courting,
                ),
                leaning: self.param(
                    format!("{id}.leaning"),
                    "openness to established helpers per unit of threat rise",
                    Kind::NonNegative,
                    &a.leaning,
                ),
                self_reliance: self.param(
                    format!("{id}.self_reliance"),
                    "elasticity of autonomy to own capacity",
                    Kind::NonNegative,
                    &a.self_reliance,
                ),
                capacity_growth: self.param(
                    format!("{id}.capacity_growth"),
                    "trend growth of own capacity per year",
                    Kind::Growth,
                    &a.capacity_growth,
                ),
                revenue: self.partial_table(
                    &a.revenue,
                    &ids.driver_ids,
                    "driver",
                    |k| format!("{id}.revenue.{k}"),
                    "revenue capacity per driver scale unit",
                    Kind::Elasticity,
                ),
            });
        }
        out
    }
}
