//! Year-over-year data: what the `/departments/`, `/departments/<dept>/`, `/trends/` and
//! `/policies/…` pages show, derived once from the [`Plan`] in one pass over its goals.
//!
//! Everything here points into the plan (`ManifestoAt`, `GoalAt` are indices into
//! `Plan::years`) instead of copying text, so that a site of tens of thousands of
//! manifestos costs a few small numbers per manifesto and per `continues:` link.
//!
//! Years are compared only through each level's `score` (0..1) and `achieved` flag, never
//! through keys: the key `5` of a 5-level scale and the key `5` of a 6-level scale mean
//! different things. A department's score in a year is the mean `score` of its goals'
//! self evaluations (自己評価) on that year's self scale; leader evaluations (指導者評価)
//! are tallied apart, on their own scale, and never mixed into that mean.

use super::Plan;
use crate::model::department::policy_base;
use crate::model::{Department, FiscalYear, Goal, Indicator, Level, Manifesto, Policy, Year};
use std::collections::HashMap;

/// A published manifesto: indices into `Plan::years` and that year's manifestos.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ManifestoAt {
    pub year: u32,
    pub manifesto: u32,
}

/// A goal of a published manifesto (`goal` is 0-based: goal number − 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GoalAt {
    pub year: u32,
    pub manifesto: u32,
    pub goal: u32,
}

impl GoalAt {
    pub fn manifesto_at(self) -> ManifestoAt {
        ManifestoAt {
            year: self.year,
            manifesto: self.manifesto,
        }
    }
}

/// Counts over goals evaluated on one kind of scale.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    /// Goals, evaluated or not.
    pub goals: u32,
    /// Goals with an evaluation on this scale.
    pub evaluated: u32,
    /// Evaluated goals whose level counts as achieved.
    pub achieved: u32,
    /// Sum of the evaluated levels' scores.
    pub score_sum: f64,
}

impl Tally {
    /// Count one goal evaluated at `level` (none: not evaluated on this scale).
    pub fn count(&mut self, level: Option<&Level>) {
        self.goals += 1;
        if let Some(l) = level {
            self.evaluated += 1;
            self.achieved += u32::from(l.achieved);
            self.score_sum += l.score;
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.goals += other.goals;
        self.evaluated += other.evaluated;
        self.achieved += other.achieved;
        self.score_sum += other.score_sum;
    }

    /// Mean score (0..1) of the evaluated goals; none when nothing is evaluated.
    pub fn mean_score(&self) -> Option<f64> {
        (self.evaluated > 0).then(|| self.score_sum / f64::from(self.evaluated))
    }

    /// Achieved ÷ evaluated (0..1); none when nothing is evaluated.
    pub fn share_achieved(&self) -> Option<f64> {
        (self.evaluated > 0).then(|| f64::from(self.achieved) / f64::from(self.evaluated))
    }
}

/// One manifesto's (or one year's) goals, tallied per scale.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    /// On the year's self scale (自己評価).
    pub self_eval: Tally,
    /// On the year's leader scale (指導者評価); all zero when the year has none.
    pub leader: Tally,
}

impl Summary {
    pub fn of(year: &Year, m: &Manifesto) -> Summary {
        let mut s = Summary::default();
        for g in &m.goals {
            let (own, leader) = levels(year, g);
            s.self_eval.count(own);
            s.leader.count(leader);
        }
        s
    }

    pub fn merge(&mut self, other: &Summary) {
        self.self_eval.merge(&other.self_eval);
        self.leader.merge(&other.leader);
    }
}

/// The self and leader levels a goal's evaluation names on its year's scales (a key that
/// is not in the scale — never the case after validation — counts as not evaluated).
pub fn levels<'y>(year: &'y Year, g: &Goal) -> (Option<&'y Level>, Option<&'y Level>) {
    let Some(ev) = &g.evaluation else {
        return (None, None);
    };
    let own = ev
        .self_key
        .as_ref()
        .and_then(|k| year.settings.self_scale.level(&k.value));
    let leader = match (&ev.leader_key, &year.settings.leader_scale) {
        (Some(k), Some(scale)) => scale.level(&k.value),
        _ => None,
    };
    (own, leader)
}

/// A department history: a register department with the published manifestos of its id
/// and of the ids it was renamed from.
#[derive(Debug)]
pub struct DepartmentHistory<'s> {
    pub department: &'s Department,
    /// Oldest first.
    pub manifestos: Vec<ManifestoAt>,
    /// Indices into `History::chains` of the chains with a goal of this department.
    pub chains: Vec<u32>,
}

/// One published year across all departments.
#[derive(Debug, Default)]
pub struct YearTrend {
    pub departments: u32,
    pub summary: Summary,
    /// Goals per level of that year's self scale, in the scale's order (best first).
    pub self_levels: Vec<u32>,
    /// Goals per level of that year's leader scale (empty when it has none).
    pub leader_levels: Vec<u32>,
}

/// A line of work across years: goals linked by `continues:`, from the first goal on.
#[derive(Debug)]
pub struct Chain {
    /// In depth-first order from the root, so each step's parent comes before it; a goal
    /// continued by two later goals makes a branch.
    pub steps: Vec<ChainStep>,
}

#[derive(Debug, Clone, Copy)]
pub struct ChainStep {
    pub goal: GoalAt,
    /// 0 for the first goal of the line.
    pub depth: u32,
    /// Index into `steps` of the goal this one continues.
    pub parent: Option<u32>,
}

/// The goals under one policy code (施策), when `content/policies.yaml` exists.
#[derive(Debug)]
pub struct PolicyGroup<'s> {
    /// `7-1`: URL-safe (digits joined by `-`).
    pub code: String,
    /// Its entry in policies.yaml; none for a code goals use that the file does not list.
    pub policy: Option<&'s Policy>,
    /// Oldest year first, then in register and goal order.
    pub goals: Vec<GoalAt>,
}

#[derive(Debug, Default)]
pub struct History<'s> {
    /// Every register department, in display order.
    pub departments: Vec<DepartmentHistory<'s>>,
    by_id: HashMap<&'s str, u32>,
    /// Parallel to `Plan::years[y].manifestos[m]`.
    summaries: Vec<Vec<Summary>>,
    /// Parallel to `Plan::years`.
    pub years: Vec<YearTrend>,
    pub chains: Vec<Chain>,
    /// Goals that belong to a chain → its index.
    chain_of: HashMap<GoalAt, u32>,
    /// Some when policies.yaml exists: listed codes in its order, then unlisted codes
    /// that goals use, in code order.
    pub policies: Option<Vec<PolicyGroup<'s>>>,
    policy_by_code: HashMap<String, u32>,
}

impl<'s> History<'s> {
    /// One pass over the plan's goals (plus one over the `continues:` links).
    pub fn build(plan: &Plan<'s>) -> History<'s> {
        let site = plan.site;
        let mut h = History {
            departments: site
                .register
                .departments
                .iter()
                .map(|department| DepartmentHistory {
                    department,
                    manifestos: Vec::new(),
                    chains: Vec::new(),
                })
                .collect(),
            ..Default::default()
        };
        h.by_id = site
            .register
            .departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i as u32))
            .collect();

        let mut listed: HashMap<&str, u32> = HashMap::new();
        let mut groups: Vec<PolicyGroup<'s>> = Vec::new();
        if let Some(policies) = &site.policies {
            for p in policies {
                listed.insert(p.code.as_str(), groups.len() as u32);
                groups.push(PolicyGroup {
                    code: p.code.clone(),
                    policy: Some(p),
                    goals: Vec::new(),
                });
            }
        }
        let listed_count = groups.len();
        let mut unlisted: HashMap<String, u32> = HashMap::new();

        // Goal → the goal it continues (both published), and the reverse.
        let mut parent: HashMap<GoalAt, GoalAt> = HashMap::new();
        let mut children: HashMap<GoalAt, Vec<GoalAt>> = HashMap::new();

        for (yi, py) in plan.years.iter().enumerate() {
            let year = py.year;
            let mut trend = YearTrend {
                departments: py.manifestos.len() as u32,
                self_levels: vec![0; year.settings.self_scale.levels.len()],
                leader_levels: year
                    .settings
                    .leader_scale
                    .as_ref()
                    .map(|s| vec![0; s.levels.len()])
                    .unwrap_or_default(),
                ..Default::default()
            };
            let mut summaries = Vec::with_capacity(py.manifestos.len());
            for (mi, m) in py.manifestos.iter().enumerate() {
                let here = ManifestoAt {
                    year: yi as u32,
                    manifesto: mi as u32,
                };
                if let Some(&d) = h.by_id.get(site.history_id(&m.department.value)) {
                    h.departments[d as usize].manifestos.push(here);
                }
                let mut summary = Summary::default();
                for (gi, g) in m.goals.iter().enumerate() {
                    let at = GoalAt {
                        year: yi as u32,
                        manifesto: mi as u32,
                        goal: gi as u32,
                    };
                    let (own, leader) = levels(year, g);
                    summary.self_eval.count(own);
                    summary.leader.count(leader);
                    if let Some(l) = own
                        && let Some(i) = year.settings.self_scale.levels.iter().position(|x| x == l)
                    {
                        trend.self_levels[i] += 1;
                    }
                    if let (Some(l), Some(scale)) = (leader, &year.settings.leader_scale)
                        && let Some(i) = scale.levels.iter().position(|x| x == l)
                    {
                        trend.leader_levels[i] += 1;
                    }
                    if let Some(target) = g.continues.as_ref().and_then(|c| {
                        plan.goal_at(
                            c.value.fy,
                            site.history_id(&c.value.department),
                            c.value.number,
                        )
                    }) && target.year < at.year
                    {
                        parent.insert(at, target);
                        children.entry(target).or_default().push(at);
                    }
                    if site.policies.is_some()
                        && let Some(base) = g.policy.as_deref().and_then(policy_base)
                    {
                        let group = match listed_group(&listed, &base) {
                            Some(i) => i,
                            None => *unlisted.entry(base.clone()).or_insert_with(|| {
                                groups.push(PolicyGroup {
                                    code: base.clone(),
                                    policy: None,
                                    goals: Vec::new(),
                                });
                                groups.len() as u32 - 1
                            }),
                        };
                        groups[group as usize].goals.push(at);
                    }
                }
                trend.summary.merge(&summary);
                summaries.push(summary);
            }
            h.summaries.push(summaries);
            h.years.push(trend);
        }

        // Chains, from each goal that is continued but continues nothing (published).
        for (yi, py) in plan.years.iter().enumerate() {
            for (mi, m) in py.manifestos.iter().enumerate() {
                for gi in 0..m.goals.len() {
                    let root = GoalAt {
                        year: yi as u32,
                        manifesto: mi as u32,
                        goal: gi as u32,
                    };
                    if children.contains_key(&root) && !parent.contains_key(&root) {
                        let chain = h.chains.len() as u32;
                        let steps = chain_steps(root, &children);
                        let mut departments: Vec<u32> = Vec::new();
                        for s in &steps {
                            h.chain_of.insert(s.goal, chain);
                            let m = plan.manifesto_at(s.goal.manifesto_at());
                            if let Some(&d) = h.by_id.get(site.history_id(&m.department.value))
                                && !departments.contains(&d)
                            {
                                departments.push(d);
                            }
                        }
                        for d in departments {
                            h.departments[d as usize].chains.push(chain);
                        }
                        h.chains.push(Chain { steps });
                    }
                }
            }
        }

        if site.policies.is_some() {
            groups[listed_count..].sort_by(|a, b| code_order(&a.code, &b.code));
            h.policy_by_code = groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.code.clone(), i as u32))
                .collect();
            h.policies = Some(groups);
        }
        h
    }

    /// The history a department id (current or renamed-from) belongs to.
    pub fn department_index(&self, site: &crate::model::Site, id: &str) -> Option<usize> {
        self.by_id.get(site.history_id(id)).map(|&i| i as usize)
    }

    pub fn summary(&self, at: ManifestoAt) -> &Summary {
        &self.summaries[at.year as usize][at.manifesto as usize]
    }

    /// The chain a goal belongs to, if it continues or is continued by a published goal.
    pub fn chain_of(&self, goal: GoalAt) -> Option<usize> {
        self.chain_of.get(&goal).map(|&c| c as usize)
    }

    /// The policy group of a goal's `policy:` text (`7-1-①` → the group of `7-1`), when
    /// policies.yaml exists and the code has a group.
    pub fn policy_group(&self, policy: &str) -> Option<usize> {
        let groups = self.policies.as_ref()?;
        let base = policy_base(policy)?;
        let mut code = base.as_str();
        loop {
            if let Some(&i) = self.policy_by_code.get(code)
                && groups[i as usize].policy.is_some()
            {
                return Some(i as usize);
            }
            match code.rfind('-') {
                Some(i) => code = &code[..i],
                None => break,
            }
        }
        self.policy_by_code.get(&base).map(|&i| i as usize)
    }
}

/// The listed code a goal's code belongs to: itself, else the nearest listed parent
/// (`7-1-2` → `7-1` → `7`).
fn listed_group(listed: &HashMap<&str, u32>, base: &str) -> Option<u32> {
    let mut code = base;
    loop {
        if let Some(&i) = listed.get(code) {
            return Some(i);
        }
        code = &code[..code.rfind('-')?];
    }
}

/// `7-2` before `7-10`: by the numbers, not the text.
pub fn code_order(a: &str, b: &str) -> std::cmp::Ordering {
    let nums = |s: &str| -> Vec<u64> { s.split('-').map(|p| p.parse().unwrap_or(0)).collect() };
    nums(a).cmp(&nums(b)).then_with(|| a.cmp(b))
}

/// Depth-first from `root`; children in the order they were met (year, register, goal).
fn chain_steps(root: GoalAt, children: &HashMap<GoalAt, Vec<GoalAt>>) -> Vec<ChainStep> {
    let mut steps = Vec::new();
    let mut stack = vec![(root, 0u32, None)];
    while let Some((goal, depth, parent)) = stack.pop() {
        let me = steps.len() as u32;
        steps.push(ChainStep {
            goal,
            depth,
            parent,
        });
        if let Some(next) = children.get(&goal) {
            for &c in next.iter().rev() {
                stack.push((c, depth + 1, Some(me)));
            }
        }
    }
    steps
}

/// How an indicator's actual value moved from the previous year it was measured, in
/// the indicator's own direction (`better: lower` for ranks and incidents).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Improved,
    Worsened,
    Unchanged,
}

#[derive(Debug)]
pub struct IndicatorPoint<'s> {
    pub goal: GoalAt,
    pub fy: FiscalYear,
    pub indicator: &'s Indicator,
    /// Against the previous point that has an actual value; none for the first.
    pub change: Option<Change>,
}

/// One indicator (same name and unit) of a department across its years.
#[derive(Debug)]
pub struct IndicatorSeries<'s> {
    pub name: &'s str,
    pub unit: Option<&'s str>,
    /// Oldest first.
    pub points: Vec<IndicatorPoint<'s>>,
}

impl<'s> Plan<'s> {
    /// A published manifesto by its indices.
    pub fn manifesto_at(&self, at: ManifestoAt) -> &'s Manifesto {
        self.years[at.year as usize].manifestos[at.manifesto as usize]
    }

    /// The year and goal of a published goal.
    pub fn goal_of(&self, at: GoalAt) -> (&'s Year, &'s Manifesto, &'s Goal) {
        let py = &self.years[at.year as usize];
        let m = py.manifestos[at.manifesto as usize];
        (py.year, m, &m.goals[at.goal as usize])
    }

    /// The published goal `<fy>/<history id>/<number>`.
    pub fn goal_at(&self, fy: FiscalYear, history_id: &str, number: usize) -> Option<GoalAt> {
        let &(yi, mi) = self.index.get(&(fy, history_id.to_string()))?;
        let m = self.years[yi].manifestos[mi];
        (number >= 1 && number <= m.goals.len()).then_some(GoalAt {
            year: yi as u32,
            manifesto: mi as u32,
            goal: number as u32 - 1,
        })
    }

    /// The indicators of a department history over its years, grouped by name and unit,
    /// in the order they first appear.
    pub fn indicator_series(&self, department: usize) -> Vec<IndicatorSeries<'s>> {
        let mut series: Vec<IndicatorSeries<'s>> = Vec::new();
        let mut by_key: HashMap<(&'s str, Option<&'s str>), usize> = HashMap::new();
        for &at in &self.history.departments[department].manifestos {
            let m = self.manifesto_at(at);
            for (gi, g) in m.goals.iter().enumerate() {
                for ind in &g.indicators {
                    let key = (ind.name.trim(), ind.unit.as_deref());
                    let i = *by_key.entry(key).or_insert_with(|| {
                        series.push(IndicatorSeries {
                            name: key.0,
                            unit: key.1,
                            points: Vec::new(),
                        });
                        series.len() - 1
                    });
                    let s = &mut series[i];
                    let previous = s.points.iter().rev().find_map(|p| p.indicator.actual);
                    let change = match (previous, ind.actual) {
                        (Some(before), Some(now)) => Some(change(before, now, ind.better)),
                        _ => None,
                    };
                    s.points.push(IndicatorPoint {
                        goal: GoalAt {
                            year: at.year,
                            manifesto: at.manifesto,
                            goal: gi as u32,
                        },
                        fy: m.fy,
                        indicator: ind,
                        change,
                    });
                }
            }
        }
        series
    }

    /// The year-over-year pages whose content depends on manifesto `m` (published or
    /// not: call it on the plans before and after an edit and rebuild the union): the
    /// departments index, its department's history page, the history pages of
    /// departments whose goals are in a `continues:` chain with its goals, the trends
    /// page, and the policies index and policy pages of its goals' codes. The
    /// manifesto's own page, its year page and the top page are not listed here.
    pub fn history_pages_of(&self, m: &Manifesto) -> Vec<super::PageJob> {
        use super::PageJob;
        let h = &self.history;
        let mut departments: Vec<usize> = Vec::new();
        let mut policies: Vec<usize> = Vec::new();
        let history = self.site.history_id(&m.department.value);
        if let Some(d) = h.department_index(self.site, history) {
            departments.push(d);
        }
        let mut chains: Vec<usize> = Vec::new();
        for g in &m.goals {
            if let Some(p) = g.policy.as_deref().and_then(|p| h.policy_group(p)) {
                policies.push(p);
            }
            let own = self.goal_at(m.fy, history, g.number);
            let target = g.continues.as_ref().and_then(|c| {
                self.goal_at(
                    c.value.fy,
                    self.site.history_id(&c.value.department),
                    c.value.number,
                )
            });
            chains.extend(own.into_iter().chain(target).filter_map(|a| h.chain_of(a)));
        }
        for c in chains {
            for s in &h.chains[c].steps {
                let sm = self.manifesto_at(s.goal.manifesto_at());
                if let Some(d) = h.department_index(self.site, &sm.department.value) {
                    departments.push(d);
                }
            }
        }
        departments.sort_unstable();
        departments.dedup();
        policies.sort_unstable();
        policies.dedup();
        let mut pages = vec![PageJob::Departments];
        pages.extend(
            departments
                .into_iter()
                .filter(|&d| !h.departments[d].manifestos.is_empty())
                .map(PageJob::DepartmentHistory),
        );
        pages.push(PageJob::Trends);
        if h.policies.is_some() {
            pages.push(PageJob::Policies);
            pages.extend(policies.into_iter().map(PageJob::Policy));
        }
        pages
    }
}

fn change(before: f64, now: f64, better: crate::model::Better) -> Change {
    use crate::model::Better;
    if now == before {
        Change::Unchanged
    } else if (now > before) == (better == Better::Higher) {
        Change::Improved
    } else {
        Change::Worsened
    }
}

#[cfg(test)]
mod tests;
