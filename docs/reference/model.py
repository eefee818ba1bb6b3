#!/usr/bin/env python3
"""Reference implementation of the steppe model, for noise-free runs.

Written from docs/MODEL.md alone (every rule used here is stated there, and nothing is taken
from the Rust sources), as an independent check that the specification is complete and that
`steppe run --no-noise` follows it. Section numbers (§) refer to MODEL.md. Standard library
only; needs Python 3.11 or later (tomllib).

Usage:
    python3 docs/reference/model.py SCENARIO.toml

prints the influence of every cell at every grid point as CSV on standard output, with the same
rows, order and header as the `timeseries.csv` that `steppe run --no-noise` writes:

    date,step,power,state,domain,influence

Floats are written with repr() (shortest round-trip form). Noise, incidents, random exits from
organisations and ensembles are not implemented: with noise off nothing random is drawn (§14). The
agents' decisions (§7a, §9a, §9b, §10a, §10b) are, and so are the world as of the start (snapshots,
§2.0) and the driver histories a scenario follows (§3.1). Input errors the Rust loader reports with
diagnostics are mostly not checked here.
"""

import datetime
import math
import os
import sys
import tomllib

# §1.5 constants.
MIN_RECEPTIVITY = 0.01
MIN_STABILITY = 0.01
MIN_OPENNESS = 0.01
MIN_POSITIVE = sys.float_info.min  # f64::MIN_POSITIVE
DEFAULT_HALF_LIFE = 1.0
DEFAULT_START = datetime.date(2025, 1, 1)
DEFAULT_END = datetime.date(2035, 1, 1)

# §1.4 limits of each kind of parameter.
INF = math.inf
LIMITS = {
    "share": (0.0, 1.0),
    "fraction": (0.0, 0.99),
    "nonneg": (0.0, INF),
    "real": (-INF, INF),
    "exponent": (0.2, 4.0),
    "years": (0.01, 1000.0),
    "elasticity": (-10.0, 10.0),
    "growth": (-1.0, 1.0),
}


def central(spec):
    """The central value of a parameter written as a bare number or a `{ value = ... }` table."""
    return float(spec["value"] if isinstance(spec, dict) else spec)


def clamp(x, lo, hi):
    return min(max(x, lo), hi)


class Params:
    """The parameter table, in table order (§15): path, central value and limits of each entry."""

    def __init__(self):
        self.paths, self.values, self.lo, self.hi = [], [], [], []
        self.index, self.initial_only = {}, set()

    def add(self, path, spec, kind, limits=None):
        lo, hi = limits if limits else LIMITS[kind]
        self.index[path] = len(self.paths)
        self.paths.append(path)
        self.values.append(central(spec))
        self.lo.append(lo)
        self.hi.append(hi)
        return self.index[path]


class World:
    """The world file (§1.4), every number turned into an index of the parameter table."""

    def __init__(self, path):
        with open(path, "rb") as f:
            w = tomllib.load(f)
        self.path, self.raw = path, w
        t = self.params = Params()
        m = w["model"]
        # 1. model
        for key, kind in [("effort_noise", "nonneg"), ("instability_threat", "nonneg"),
                          ("incident_rate", "nonneg"), ("incident_size", "share"),
                          ("incident_half_life", "years")]:
            setattr(self, key, t.add(f"model.{key}", m[key], kind))
        self.resources = [r["id"] for r in w["resource"]]
        self.domains = [d["id"] for d in w["domain"]]
        self.drivers = [k["id"] for k in w.get("driver", [])]
        self.orgs = [o["id"] for o in w.get("organization", [])]
        self.powers = [p["id"] for p in w["power"]]
        self.states = [s["id"] for s in w["state"]]
        # 2. domains
        self.dom = []
        for d in w["domain"]:
            i = d["id"]
            entry = dict(
                prot=self.domains.index(d["protects"]) if "protects" in d else None,
                salience=t.add(f"{i}.salience", d["salience"], "nonneg"),
                eta=t.add(f"{i}.threat_sensitivity", d["threat_sensitivity"], "real"),
                adjust=t.add(f"{i}.adjustment_rate", d["adjustment_rate"], "share"),
                mu=t.add(f"{i}.opinion_weight", d["opinion_weight"], "nonneg"),
                gamma=t.add(f"{i}.contest_exponent", d["contest_exponent"], "exponent"),
            )
            # Basis weights are parameters too, last in the domain, in alphabetical order of key.
            basis = [None] * len(self.resources)
            for rk in sorted(d["basis"]):
                basis[self.resources.index(rk)] = t.add(f"{i}.basis.{rk}", d["basis"][rk], "nonneg")
            entry["basis"] = basis
            self.dom.append(entry)
        # 3. drivers
        self.drv = []
        for k in w.get("driver", []):
            i = k["id"]
            lim = (float(k["min"]), float(k["max"]))
            self.drv.append(dict(
                value=t.add(i, k["initial"], None, lim),
                ref=float(k["reference"]), scale=float(k["scale"]), lo=lim[0], hi=lim[1],
                vol=t.add(f"{i}.volatility", k["volatility"], "nonneg"),
                pers=t.add(f"{i}.persistence", k["persistence"], "share"),
            ))
        # 4. organisations (keyed tables in alphabetical order of key)
        self.org = []
        for o in w.get("organization", []):
            bonus = [None] * len(self.domains)
            for dk in sorted(o.get("bonus", {})):
                bonus[self.domains.index(dk)] = t.add(f"{o['id']}.bonus.{dk}", o["bonus"][dk],
                                                      "nonneg")
            self.org.append(dict(leads={self.powers.index(p) for p in o["powers"]}, bonus=bonus))
        # 5. powers
        self.pow = []
        for p in w["power"]:
            i = p["id"]
            res = [None] * len(self.resources)
            for rk in sorted(p["resources"]):
                res[self.resources.index(rk)] = t.add(f"{i}.{rk}", p["resources"][rk], "nonneg")
            growth = [None] * len(self.resources)
            for rk in sorted(p.get("growth", {})):
                growth[self.resources.index(rk)] = t.add(f"{i}.growth.{rk}", p["growth"][rk],
                                                         "real")
            q = t.add(f"{i}.priority", p["priority"], "share")
            mm = t.add(f"{i}.commitments", p["commitments"], "fraction")
            chi = t.add(f"{i}.stake_protection", p["stake_protection"], "nonneg")
            focus = [None] * len(self.domains)
            for dk in sorted(p["focus"]):
                focus[self.domains.index(dk)] = t.add(f"{i}.focus.{dk}", p["focus"][dk], "nonneg")
            self.pow.append(dict(K=res, G=growth, q=q, m=mm, chi=chi, f=focus))
        # 6. states
        self.st = []
        for s in w["state"]:
            i = s["id"]
            infl = [[None] * len(self.powers) for _ in self.domains]
            for dk in sorted(s["influence"]):
                for pk in sorted(s["influence"][dk]):
                    j = t.add(f"{i}.influence.{dk}.{pk}", s["influence"][dk][pk], "share")
                    t.initial_only.add(j)
                    infl[self.domains.index(dk)][self.powers.index(pk)] = j
            entry = dict(infl=infl,
                         weight=t.add(f"{i}.weight", s["weight"], "nonneg"),
                         stab=t.add(f"{i}.stability", s["stability"], "share"),
                         hedge=t.add(f"{i}.hedging", s["hedging"], "nonneg"))
            for key, ids, kind in [("exposure", self.drivers, "share"),
                                   ("opinion", self.powers, "share"),
                                   ("member", self.orgs, "share")]:
                row = [None] * len(ids)
                for k in sorted(s.get(key, {})):
                    row[ids.index(k)] = t.add(f"{i}.{key}.{k}", s[key][k], kind)
                entry[key] = row
            self.st.append(entry)
        # 7. couplings (§1.4: a coupling may not move what couplings read, nor initial influence)
        self.coup = []
        for c in w.get("coupling", []):
            target = c["target"]
            if (target.split(".")[0] in self.drivers or target.startswith("coupling.")
                    or ".growth." in target or t.index[target] in t.initial_only):
                raise ValueError(f"a coupling cannot move `{target}`")
            self.coup.append(dict(
                k=self.drivers.index(c["driver"]), target=t.index[target],
                el=t.add(f"coupling.{c['driver']}.{target}", c["elasticity"], "real"),
                growth=c.get("mode", "level") == "growth"))
        self.agents(w)

    def agents(self, w):
        """The agent sections (§1.4), in table order after the couplings."""
        t, a = self.params, w["agents"]
        ag = self.ag = {}
        ag["rate"] = t.add("agents.allocation_rate", a["allocation_rate"], "share")
        ag["op_hl"] = t.add("agents.opinion_half_life", a["opinion_half_life"], "years")
        ag["kappa"] = t.add("agents.crisis_opinion", a["crisis_opinion"], "elasticity")
        ag["benefit"] = [None] * len(self.powers)
        for pk in sorted(a.get("benefit_opinion", {})):
            ag["benefit"][self.powers.index(pk)] = t.add(
                f"agents.benefit_opinion.{pk}", a["benefit_opinion"][pk], "elasticity")
        ag["legit"] = t.add("agents.legitimacy", a["legitimacy"], "nonneg")
        ag["exit_op"] = t.add("agents.exit_opinion", a["exit_opinion"], "elasticity")
        ag["exit_th"] = t.add("agents.exit_threat", a["exit_threat"], "elasticity")
        ag["cap_hl"] = t.add("agents.capacity_half_life", a["capacity_half_life"], "years")
        ag["crisis"] = self.domains.index(a["crisis_domain"])
        ag["benefit_dom"] = self.domains.index(a["benefit_domain"])
        self.rel = []
        for r in w.get("relation", []):
            p, q = (self.powers.index(x) for x in r["powers"])
            cp, cq = (self.domains.index(x) for x in r["core"])
            self.rel.append(dict(powers=(p, q), core=(cp, cq), restraint=t.add(
                f"relation.{r['powers'][0]}.{r['powers'][1]}.restraint", r["restraint"], "share")))
        by_state = {g["state"]: g for g in w.get("agency", [])}
        self.agency = []
        for i in self.states:
            g = by_state[i]
            rev = [None] * len(self.drivers)
            entry = dict(
                court=t.add(f"{i}.courting", g["courting"], "nonneg"),
                lean=t.add(f"{i}.leaning", g["leaning"], "nonneg"),
                reliance=t.add(f"{i}.self_reliance", g["self_reliance"], "nonneg"),
                growth=t.add(f"{i}.capacity_growth", g["capacity_growth"], "growth"))
            for k in sorted(g.get("revenue", {})):
                rev[self.drivers.index(k)] = t.add(f"{i}.revenue.{k}", g["revenue"][k],
                                                   "elasticity")
            entry["revenue"] = rev
            self.agency.append(entry)
        self.op_terms = {}  # (state, power) -> [(driver, parameter)] in channel order
        for c in w.get("opinion_channel", []):
            k, p = self.drivers.index(c["driver"]), self.powers.index(c["power"])
            for sk in sorted(c["effect"]):
                j = t.add(f"opinion_channel.{c['driver']}.{c['power']}.{sk}", c["effect"][sk],
                          "elasticity")
                self.op_terms.setdefault((self.states.index(sk), p), []).append((k, j))
        self.chan = []
        for c in w.get("channel", []):
            self.chan.append(dict(
                k=self.drivers.index(c["driver"]), p=self.powers.index(c["power"]),
                d=self.domains.index(c["domain"]),
                el=t.add(f"channel.{c['driver']}.{c['power']}.{c['domain']}", c["elasticity"],
                         "elasticity")))
        self.exit = [None] * len(self.orgs)
        for x in w.get("exit", []):
            o = self.orgs.index(x["organization"])
            self.exit[o] = t.add(f"{x['organization']}.exit_hazard", x["hazard"], "nonneg")


    def as_of(self, start):
        """§2.0: the world as of a run's start. A world file with a `date` lists snapshots of
        earlier dates; the latest state at or before the start (the file itself or a snapshot)
        is used, a snapshot's `[override]` entries replacing the file's central values."""
        if "date" not in self.raw:
            return
        best = (self.raw["date"], None) if start >= self.raw["date"] else None
        for rel in self.raw.get("snapshots", []):
            with open(os.path.join(os.path.dirname(self.path), rel), "rb") as f:
                snap = tomllib.load(f)
            if snap["date"] <= start and (best is None or snap["date"] > best[0]):
                best = (snap["date"], snap)
        if best is None:
            raise ValueError(f"the run starts on {start}, before every state of the world")
        if best[1] is not None:
            for path, spec in best[1].get("override", {}).items():
                self.params.values[self.params.index[path]] = central(spec)

    def histories(self):
        """§3.1: the driver histories the world file names, by driver index, in file order."""
        if "history" not in self.raw:
            return {}
        with open(os.path.join(os.path.dirname(self.path), self.raw["history"]), "rb") as f:
            h = tomllib.load(f)
        return {self.drivers.index(x["driver"]): x for x in h.get("series", [])}


def history_value(series, date):
    """§3.1: a history's value at a date: linear by days between points, or the last point on or
    before it (step); the first value before the first point, the last after the last."""
    pts = series["points"]
    after = sum(1 for q in pts if q["date"] <= date)
    if after == 0:
        return float(pts[0]["value"])
    a = pts[after - 1]
    if after == len(pts) or a["date"] == date or series["interpolation"] == "step":
        return float(a["value"])
    b = pts[after]
    da, db, d = a["date"].toordinal(), b["date"].toordinal(), date.toordinal()
    f = (d - da) / (db - da)
    return float(a["value"]) + (float(b["value"]) - float(a["value"])) * f


def month_index(d):
    return 12 * d.year + (d.month - 1)


class Scenario:
    """A scenario with its `extends` chain resolved (§1.2, §2.1, §3)."""

    def __init__(self, path):
        chain, world, p = [], None, os.path.abspath(path)
        while True:  # leaf first
            with open(p, "rb") as f:
                data = tomllib.load(f)
            chain.append(data)
            if world is None and "world" in data:  # the nearest file that names a world
                world = os.path.join(os.path.dirname(p), data["world"])
            if "extends" not in data:
                break
            p = os.path.join(os.path.dirname(p), data["extends"])
        chain.reverse()  # root first
        self.world = World(world)
        t = self.world.params

        def setting(key, default):  # the last file of the chain that sets it
            for data in reversed(chain):
                if key in data.get("run", {}):
                    return data["run"][key]
            return default

        start, end = setting("start", DEFAULT_START), setting("end", DEFAULT_END)
        self.world.as_of(start)
        self.months = 3 if setting("step", "quarter") == "quarter" else 1
        self.start = month_index(start)
        self.steps = (month_index(end) - self.start) // self.months
        if self.steps < 1:
            raise ValueError("the run needs at least one step")
        self.dt = self.months / 12
        self.world_values = list(t.values)
        self.values = list(t.values)
        for data in chain:
            for path, spec in data.get("override", {}).items():
                self.values[t.index[path]] = central(spec)
        self.events = []
        for data in chain:
            for e in data.get("event", []):
                j = t.index[e["target"]]
                if j in t.initial_only:
                    raise ValueError(f"an event cannot move `{e['target']}`")
                at = self.point(e["date"])
                if "set" in e:
                    action = ("set", float(e["set"]))
                elif "ramp" in e:
                    action = ("ramp", float(e["ramp"]), max(self.point(e["until"]), at + 1))
                else:
                    action = ("shock", float(e["shock"]), float(e.get("half_life",
                                                                      DEFAULT_HALF_LIFE)))
                self.events.append(dict(point=at, target=j, action=action))
        self.events = self.history_events(chain) + self.events
        # Stable: ties keep history first, then chain and file order.
        self.events.sort(key=lambda e: e["point"])

    def history_events(self, chain):
        """§3.1: `set` events that make followed drivers take their history's value at every
        grid point dated before their hand-over: at point 1 and wherever the value changes, and
        at point 0 only where it differs from the scenario's start value."""
        follow, until, per_driver, only = False, None, {}, None
        for data in chain:  # root first, later files win key by key
            h = data.get("history", {})
            follow = h.get("follow", follow)
            if isinstance(h.get("until"), datetime.date):
                until, per_driver = h["until"], {}
            elif isinstance(h.get("until"), dict):
                per_driver.update(h["until"])
            if "drivers" in h:
                only = h["drivers"]
        if not follow:
            return []
        w = self.world
        series = w.histories()
        drivers = [w.drivers.index(k) for k in only] if only is not None else list(series)
        end = self.grid_date(self.steps)
        out = []
        for k in drivers:
            hand_over = per_driver.get(w.drivers[k], until or end)
            target = w.drv[k]["value"]
            previous = self.values[target]
            for point in range(self.steps + 1):
                date = self.grid_date(point)
                if date >= hand_over:
                    break
                v = history_value(series[k], date)
                if point == 1 or v != previous:
                    out.append(dict(point=point, target=target, action=("set", v)))
                previous = v
        return out

    def grid_date(self, point):
        m = self.start + point * self.months
        return datetime.date(m // 12, m % 12 + 1, 1)

    def point(self, date):
        """First grid point on or after a date (§2.1)."""
        m = month_index(date) - self.start + (1 if date.day > 1 else 0)
        p = 0 if m <= 0 else (m + self.months - 1) // self.months
        if month_index(date) < self.start or p > self.steps:
            raise ValueError(f"date {date} is outside the run")
        return p

    def date(self, point):
        m = self.start + point * self.months
        return f"{m // 12:04d}-{m % 12 + 1:02d}-01"


class Model:
    """The variables of one noise-free run and the equations of §3-§12."""

    def __init__(self, sc):
        self.sc = sc
        self.w = w = sc.world
        self.np, self.ns, self.nd = len(w.powers), len(w.states), len(w.domains)
        self.nr = len(w.resources)
        grown = {P["K"][r] for P in w.pow for r in range(self.nr) if P["G"][r] is not None}
        # §1.2: moving parameters; §3/§5: the ones only events move, and the coupled ones.
        self.coupled = sorted({c["target"] for c in w.coup} | grown)
        driver_values = {k["value"] for k in w.drv}
        self.moving = sorted({e["target"] for e in sc.events} | set(self.coupled))
        self.event_only = [j for j in self.moving
                           if j not in self.coupled and j not in driver_values]

    def cells(self):
        return [(p, s, d) for s in range(self.ns) for d in range(self.nd) for p in range(self.np)]

    # §3 Events.
    def events(self, t):
        for j in self.moving:
            self.o[j] = 0.0
        for e_ix, e in enumerate(self.sc.events):
            j, te, act = e["target"], e["point"], e["action"]
            if act[0] == "set":
                if t == te:
                    self.b[j] = act[1]
            elif act[0] == "ramp":
                to, until = act[1], act[2]
                if te <= t <= until:
                    if t == te:
                        self.rho[e_ix] = self.b[j]
                    if t == until:
                        self.b[j] = to
                    else:
                        f = (t - te) / (until - te)
                        self.b[j] = self.rho[e_ix] + (to - self.rho[e_ix]) * f
            else:
                if t == te:
                    self.shock[e_ix] = act[1]
                elif t > te:
                    self.shock[e_ix] *= math.pow(0.5, self.sc.dt / act[2])
                self.o[j] += self.shock[e_ix]
        for j in self.event_only:
            self.eff[j] = clamp(self.b[j] + self.o[j], self.lo[j], self.hi[j])

    # §4 Drivers (no noise: the deviation stays 0).
    def drivers(self):
        for k, d in enumerate(self.w.drv):
            j = d["value"]
            x = clamp(self.b[j] + self.o[j], d["lo"], d["hi"])
            self.x[k] = x
            self.z[k] = (x - d["ref"]) / d["scale"]
            self.eff[j] = x

    # §5 Effective values of the coupled parameters.
    def effective(self, dt):
        level = dict.fromkeys(self.coupled, 0.0)
        rate = dict.fromkeys(self.coupled, 0.0)
        for P in self.w.pow:
            for r in range(self.nr):
                if P["G"][r] is not None:
                    rate[P["K"][r]] += self.eff[P["G"][r]]
        for c in self.w.coup:
            e = self.eff[c["el"]]
            if c["growth"]:
                rate[c["target"]] += e * self.x[c["k"]]
            else:
                level[c["target"]] += e * self.z[c["k"]]
        for j in self.coupled:
            if dt > 0 and rate[j] != 0.0:
                self.g[j] *= math.exp(rate[j] * dt)
            v = ((self.b[j] + self.o[j]) * self.g[j]) * math.exp(level[j])
            self.eff[j] = clamp(v, self.lo[j], self.hi[j])

    # §6 Capability and attention.
    def powers(self):
        e = self.eff
        self.cap = [[sum(e[dm["basis"][r]] * e[P["K"][r]] / self.Q[r]
                         for r in range(self.nr) if self.Q[r] > 0 and dm["basis"][r] is not None)
                     for dm in self.w.dom]
                    for P in self.w.pow]
        self.att = [e[P["q"]] * (1 - e[P["m"]]) for P in self.w.pow]

    def demand(self, s, d):
        return max(1 + self.eff[self.w.dom[d]["eta"]] * self.tau[s], MIN_STABILITY)

    # §7 Threat, salience, state shares and domain shares (no incidents without noise).
    def states(self):
        e, w, nd = self.eff, self.w, self.nd
        for s, S in enumerate(w.st):
            th = e[w.instability_threat] * (1 - e[S["stab"]])
            for k in range(len(w.drv)):
                if S["exposure"][k] is not None:
                    th += e[S["exposure"][k]] * self.x[k]
            self.tau[s] = clamp(th, 0.0, 1.0)
            row = [e[w.dom[d]["salience"]] * self.demand(s, d) for d in range(nd)]
            tot = sum(row)
            self.sal[s] = [v / tot if tot > 0 else 0.0 for v in row]
        weights = [e[S["weight"]] for S in w.st]
        regional = []
        for d in range(nd):
            col = [weights[s] * self.sal[s][d] for s in range(self.ns)]
            tot = sum(col)
            regional.append(tot)
            for s in range(self.ns):
                self.pi[s][d] = col[s] / tot if tot > 0 else 0.0
        wt = max(sum(weights), MIN_POSITIVE)
        for p, P in enumerate(w.pow):
            row = [e[P["f"][d]] * (regional[d] / wt) for d in range(nd)]
            tot = sum(row)
            self.delta[p] = [v / tot if tot > 0 else 0.0 for v in row]

    # §9 Receptivity.
    def receptivity(self):
        e, w = self.eff, self.w
        chan = {}
        for c in w.chan:
            x = e[c["el"]] * self.z[c["k"]]
            if x != 0.0:
                chan[c["p"], c["d"]] = chan.get((c["p"], c["d"]), 1.0) * math.exp(x)
        for p, s, d in self.cells():
            S = w.st[s]
            bonus = 1.0
            for o, org in enumerate(w.org):
                if S["member"][o] is not None and org["bonus"][d] is not None \
                        and p in org["leads"] and not self.exited[s, o]:
                    bonus += e[S["member"][o]] * self.legit[s, o] * e[org["bonus"][d]]
            op = 1 + e[w.dom[d]["mu"]] * (self.op[s, p] - 0.5)
            self.R[p, s, d] = max(op, MIN_RECEPTIVITY) * bonus * chan.get((p, d), 1.0)

    # §9a Opinion.
    def opinion_start(self):
        for s, S in enumerate(self.w.st):
            for p in range(self.np):
                self.op[s, p] = self.eff[S["opinion"][p]]
        for s in range(self.ns):
            for o in range(len(self.w.org)):
                self.survival[s, o], self.exited[s, o] = 1.0, False

    def opinion(self):
        e, w, ag, nd = self.eff, self.w, self.w.ag, self.nd
        step = 1 - math.pow(0.5, self.sc.dt / e[ag["op_hl"]])
        cd, bd, kappa = ag["crisis"], ag["benefit_dom"], e[ag["kappa"]]
        for s, S in enumerate(w.st):
            rise = max(self.tau[s] - self.tau0[s], 0.0)
            need = self.demand(s, cd) / self.D0[s, cd]
            for p in range(self.np):
                target = e[S["opinion"][p]]
                for k, j in w.op_terms.get((s, p), []):
                    target += e[j] * (self.z[k] - self.z0[k])
                if rise > 0 and kappa != 0.0 and self.c0[p, s, cd] > 0:
                    target += kappa * rise * (self.commitment(p, s, cd) / self.c0[p, s, cd] - need)
                b = ag["benefit"][p]
                if b is not None and self.cap0[p][bd] > 0:
                    target += e[b] * (self.cap[p][bd] / self.cap0[p][bd] - 1)
                self.op[s, p] += step * (clamp(target, 0.0, 1.0) - self.op[s, p])

    # §9b Organisations: legitimacy and exit hazards (no random exits without noise).
    def organisations(self, dt):
        e, w, ag = self.eff, self.w, self.w.ag
        for s, S in enumerate(w.st):
            for o, org in enumerate(w.org):
                m = S["member"][o]
                if m is None:
                    continue
                leads = [p for p in range(self.np) if p in org["leads"]]
                op = sum(self.op[s, p] for p in leads) / len(leads) if leads else 0.5
                self.legit[s, o] = max(1 + e[ag["legit"]] * (op - 0.5), 0.0)
                h = w.exit[o]
                if h is None:
                    continue
                rate = e[h] * math.exp(e[ag["exit_op"]] * (0.5 - op)
                                       + e[ag["exit_th"]] * (self.tau[s] - self.tau0[s]))
                self.hazard[s, o] = rate
                if not self.exited[s, o] and e[m] > 0:
                    self.survival[s, o] *= 1 - min(rate * dt, 1.0)

    # §7a Capacity.
    def capacity(self, dt):
        e, w = self.eff, self.w
        step = 1 - math.pow(0.5, dt / e[w.ag["cap_hl"]])
        for s, A in enumerate(w.agency):
            self.cap_trend[s] += e[A["growth"]] * dt
            target = 0.0
            for k, j in enumerate(A["revenue"]):
                if j is not None:
                    target += e[j] * (self.z[k] - self.z0[k])
            self.cap_rev[s] += step * (target - self.cap_rev[s])
            x = e[A["reliance"]] * (self.cap_trend[s] + self.cap_rev[s])
            self.cap_factor[s] = math.exp(x) if x != 0.0 else 1.0

    # §10a Allocation.
    def partner_weights(self):
        self.omega = {}
        for r in self.w.rel:
            x = self.eff[r["restraint"]]
            (p, q), (cp, cq) = r["powers"], r["core"]
            for d in range(self.nd):
                self.omega[p, q, d] = 2 * x - 1 if d == cq else x - 1
                self.omega[q, p, d] = 2 * x - 1 if d == cp else x - 1

    def leverage(self, p, s, d):
        T = self.T
        free = 1 - T[p, s, d]
        for q in range(self.np):
            if q != p:
                free -= self.omega.get((p, q, d), 0.0) * T[q, s, d]
        return self.eff[self.w.dom[d]["gamma"]] * T[p, s, d] * free

    def allocation_start(self):
        for p, s, d in self.cells():
            self.a[p, s, d] = self.delta[p][d] * self.pi[s][d]

    def allocate(self):
        rate = 1 - math.pow(1 - self.eff[self.w.ag["rate"]], self.sc.dt)
        if rate == 0:
            return
        self.partner_weights()
        for p in range(self.np):
            best, total = {}, 0.0
            for s in range(self.ns):
                for d in range(self.nd):
                    need = self.delta[p][d] * self.pi[s][d]
                    h0 = self.h0[p, s, d]
                    v = need * self.leverage(p, s, d) / h0 if h0 > 0 else need
                    best[s, d] = v
                    total += v
            if total <= 0:
                continue
            for (s, d), v in best.items():
                self.a[p, s, d] += rate * (v / total - self.a[p, s, d])

    # §10 Commitment and effort, from influence at the start of the step.
    def commitment(self, p, s, d):
        w, e = self.w, self.eff
        y = (self.att[p] * self.cap[p][d]) * self.a[p, s, d]
        prot = w.dom[d]["prot"]
        if prot is not None:
            y *= 1 + e[w.pow[p]["chi"]] * self.tau[s] * self.I_start[p, s, prot]
        return y

    # §10b Openness.
    def openness(self, p, s, d):
        w, e, start = self.w, self.eff, self.I_start
        shares = [start[q, s, d] for q in range(self.np)]
        first = max(shares)
        at = shares.index(first)
        others = [v for q, v in enumerate(shares) if q != at]
        second = max(others) if others else 0.0
        total = sum(shares)
        own = shares[p]
        lead = max(own - (second if p == at else first), 0.0)
        o = 1 / (1 + e[w.st[s]["hedge"]] * lead)
        A = w.agency[s]
        if p != at:
            o *= 1 + e[A["court"]] * (first - second)
        eta = e[w.dom[d]["eta"]]
        if eta > 0 and total > 0:
            x = e[A["lean"]] * (self.tau[s] - self.tau0[s]) * eta * own / total
            o *= max(1 + x, MIN_OPENNESS)
        return o

    def effort(self, p, s, d):
        return self.commitment(p, s, d) * self.R[p, s, d] * self.openness(p, s, d)

    def decisive(self, d, y):
        """y to the contest exponent of domain d (§8, §11)."""
        gamma = self.eff[self.w.dom[d]["gamma"]]
        return y if gamma == 1.0 else math.pow(y, gamma)

    # §8 Calibration.
    def calibrate(self):
        self.I_start = dict(self.I)
        self.T = dict(self.I)
        self.partner_weights()
        for s in range(self.ns):
            for d in range(self.nd):
                self.D0[s, d] = self.demand(s, d)
                total = sum(self.I[p, s, d] for p in range(self.np))
                for p in range(self.np):
                    y = self.decisive(d, self.effort(p, s, d))
                    own = self.I[p, s, d]
                    self.sigma[p, s, d] = own / ((1 - total) * y) if y > 0 and own > 0 else 0.0
                    self.h0[p, s, d] = self.leverage(p, s, d)
                    self.c0[p, s, d] = self.commitment(p, s, d)

    # §11 Contest and §12 adjustment.
    def contest(self):
        e, w = self.eff, self.w
        for s, S in enumerate(w.st):
            sr = max(e[S["stab"]], MIN_STABILITY) / max(self.stab0[s], MIN_STABILITY)
            for d in range(self.nd):
                autonomy = sr * self.D0[s, d] / self.demand(s, d) * self.cap_factor[s]
                rate = 1 - math.pow(1 - e[w.dom[d]["adjust"]], self.sc.dt)
                X = [self.sigma[p, s, d] * self.decisive(d, self.effort(p, s, d))
                     for p in range(self.np)]
                total = autonomy
                for x in X:
                    total += x
                for p in range(self.np):
                    i = self.I[p, s, d]
                    self.T[p, s, d] = X[p] / total
                    self.I[p, s, d] = i + rate * (X[p] / total - i)

    # §2 The run.
    def run(self):
        sc, w = self.sc, self.w
        n, ns, nd, ne = len(sc.values), self.ns, self.nd, len(sc.events)
        self.lo, self.hi = w.params.lo, w.params.hi
        self.g, self.o = [1.0] * n, [0.0] * n
        self.shock, self.rho = [0.0] * ne, [0.0] * ne
        self.x, self.z = [0.0] * len(w.drv), [0.0] * len(w.drv)
        self.tau = [0.0] * ns
        self.sal = [[0.0] * nd for _ in range(ns)]
        self.pi = [[0.0] * nd for _ in range(ns)]
        self.delta = [[0.0] * nd for _ in range(self.np)]
        self.R, self.D0, self.sigma = {}, {}, {}
        self.a, self.h0, self.c0, self.op = {}, {}, {}, {}
        self.legit, self.hazard, self.survival, self.exited = {}, {}, {}, {}
        self.cap_trend, self.cap_rev, self.cap_factor = [0.0] * ns, [0.0] * ns, [1.0] * ns
        self.I = {(p, s, d): sc.values[w.st[s]["infl"][d][p]] for p, s, d in self.cells()}
        # Phase A: calibration on the world's values.
        world = sc.world_values
        self.b, self.eff = list(world), list(world)
        self.Q = [sum(world[P["K"][r]] for P in w.pow) for r in range(self.nr)]
        self.stab0 = [world[S["stab"]] for S in w.st]
        self.drivers()
        self.effective(0.0)
        self.powers()
        self.states()
        self.z0, self.tau0 = list(self.z), list(self.tau)
        self.cap0 = [list(row) for row in self.cap]
        self.allocation_start()
        self.opinion_start()
        self.organisations(0.0)
        self.receptivity()
        self.calibrate()
        # Phase B: the scenario at point 0 (allocation, capacity and targets keep their values).
        self.b, self.eff, self.g = list(sc.values), list(sc.values), [1.0] * n
        self.events(0)
        self.drivers()
        self.effective(0.0)
        self.powers()
        self.states()
        self.capacity(0.0)
        self.opinion_start()
        self.organisations(0.0)
        self.receptivity()
        yield 0, self.I
        for t in range(1, sc.steps + 1):
            self.I_start = dict(self.I)
            self.events(t)
            self.drivers()
            self.effective(sc.dt)
            self.powers()
            self.states()
            self.capacity(sc.dt)
            self.allocate()
            self.opinion()
            self.organisations(sc.dt)
            self.receptivity()
            self.contest()
            yield t, self.I


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: python3 docs/reference/model.py SCENARIO.toml")
    sc = Scenario(argv[1])
    w = sc.world
    model = Model(sc)
    out = ["date,step,power,state,domain,influence"]
    for t, infl in model.run():
        date = sc.date(t)
        for p, s, d in model.cells():
            out.append(f"{date},{t},{w.powers[p]},{w.states[s]},{w.domains[d]},"
                       f"{infl[p, s, d]!r}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv)
