//! The world's actors: outside powers and contested states.

use super::*;

impl Builder<'_> {
    /// Powers: colour, resources, growth, attention and focus.
    pub(super) fn powers(&mut self, f: &WorldFile, ids: &Ids) -> Vec<Power> {
        let resource_ids = &ids.resource_ids;
        let domain_ids = &ids.domain_ids;
        let power_ids = &ids.power_ids;
        f.power
            .iter()
            .zip(power_ids)
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
                        (resource_ids, "resource"),
                        &p.id,
                        |r| format!("{id}.{r}"),
                        "resource amount",
                        Kind::NonNegative,
                    ),
                    growth: self.partial_table(
                        &p.growth,
                        resource_ids,
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
                        (domain_ids, "domain"),
                        &p.id,
                        |d| format!("{id}.focus.{d}"),
                        "domain focus",
                        Kind::NonNegative,
                    ),
                }
            })
            .collect()
    }

    /// States: weight, stability, hedging, exposure, opinion, memberships and initial influence.
    pub(super) fn states(&mut self, f: &WorldFile, ids: &Ids) -> Vec<State> {
        let domain_ids = &ids.domain_ids;
        let driver_ids = &ids.driver_ids;
        let org_ids = &ids.org_ids;
        let power_ids = &ids.power_ids;
        let state_ids = &ids.state_ids;
        f
            .state
            .iter()
            .zip(state_ids)
            .map(|(s, id)| {
                let mut influence = vec![MISSING; domain_ids.len() * power_ids.len()];
                for (dkey, table) in &s.influence {
                    if let Some(d) = self.lookup(dkey, domain_ids, "domain") {
                        let dom = &domain_ids[d];
                        let ids = self.complete_table(table, (power_ids, "power"), dkey, |p| format!("{id}.influence.{dom}.{p}"), "initial influence", Kind::Share);
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
                    exposure: self.partial_table(&s.exposure, driver_ids, "driver", |k| format!("{id}.exposure.{k}"), "exposure to threat driver", Kind::Share),
                    opinion: self.complete_table(&s.opinion, (power_ids, "power"), &s.id, |p| format!("{id}.opinion.{p}"), "public opinion", Kind::Share),
                    member: self.partial_table(&s.member, org_ids, "organization", |o| format!("{id}.member.{o}"), "membership", Kind::Share),
                    influence,
                }
            })
            .collect()
    }
}
