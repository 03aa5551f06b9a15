//! Which pages an edit to some manifestos changes, so that `serve` re-renders only those.
//!
//! The rule lives in one function, [`must_render`]: a page kind it does not know is
//! re-rendered on every change, so new kinds of pages are never left stale.

use crate::model::{FiscalYear, GoalRef, Manifesto, ScaleKey, Year};
use crate::plan::{PageJob, Plan, urls};
use crate::render::context;
use std::collections::{HashMap, HashSet};

/// What other pages show of a manifesto, as their templates receive it. When a page
/// context gains more of a manifesto (the year page beyond its card, a link beyond name
/// and title), compare it here too, or edits to it leave those pages stale.
#[derive(PartialEq)]
pub struct Shown {
    /// Its card on the year page and the top page (JSON of the card's context).
    card: String,
    /// Its name that year, in the links of the previous and next year's pages and of
    /// linked goals.
    name: String,
    /// Its goals' titles, in links from and to goals that continue others.
    titles: Vec<String>,
    /// The goals its goals continue.
    continues: Vec<GoalRef>,
    /// Its goals' evaluations (self and leader keys): the scores and counts of the
    /// trends page and the register's latest score.
    evaluations: Vec<(Option<ScaleKey>, Option<ScaleKey>)>,
}

impl Shown {
    pub fn of(plan: &Plan, year: &Year, m: &Manifesto) -> Shown {
        let path = urls::year(m.fy);
        let card = context::card(plan, year, m, &urls::root_prefix(&path));
        Shown {
            card: serde_json::to_string(&card).unwrap_or_default(),
            name: context::department_name(plan, m),
            titles: m.goals.iter().map(|g| g.title.clone()).collect(),
            continues: m
                .goals
                .iter()
                .filter_map(|g| g.continues.as_ref())
                .map(|c| GoalRef {
                    department: plan.site.history_id(&c.value.department).to_string(),
                    ..c.value.clone()
                })
                .collect(),
            evaluations: m
                .goals
                .iter()
                .map(|g| {
                    let e = g.evaluation.as_ref();
                    let key =
                        |k: Option<&crate::model::Located<ScaleKey>>| k.map(|k| k.value.clone());
                    (
                        key(e.and_then(|e| e.self_key.as_ref())),
                        key(e.and_then(|e| e.leader_key.as_ref())),
                    )
                })
                .collect(),
        }
    }
}

/// One edited manifesto: as it was, as it is, and what other pages showed and show of it.
pub struct Edit<'a> {
    pub before: &'a Manifesto,
    pub after: &'a Manifesto,
    pub shown_before: Shown,
    pub shown_after: Shown,
}

/// What the edited manifestos reach: the manifesto pages (as year and department
/// history id), the year pages, and whether the top page shows one of them.
#[derive(Debug, Default)]
pub struct Affected {
    pub manifestos: HashSet<(FiscalYear, String)>,
    pub years: HashSet<FiscalYear>,
    pub home: bool,
    /// The year-over-year pages that show the edited manifestos, before or after the edit
    /// ([`Plan::history_pages_of`]): department histories, policy pages, the indexes.
    pub history: HashSet<PageJob>,
    /// Whether a name or an evaluation changed: the register and the trends page show
    /// only those of a manifesto.
    pub summary: bool,
    /// `manifestos` by year and the id each is filed under, as pages are looked up.
    filed: HashMap<FiscalYear, HashSet<String>>,
}

impl Affected {
    /// `plan` is the plan after the edits (same pages as before: the fast path keeps each
    /// file's department).
    pub fn of(plan: &Plan, edits: &[Edit]) -> Affected {
        let mut a = Affected::default();
        let latest = plan.latest().map(|y| y.year.fy);
        for e in edits {
            let m = e.after;
            let history = plan.site.history_id(&m.department.value).to_string();
            // Its own page, always.
            a.manifestos.insert((m.fy, history.clone()));
            let (before, after) = (&e.shown_before, &e.shown_after);
            // Its card: its year's page, and the top page if that shows its year.
            if before.card != after.card {
                a.years.insert(m.fy);
                a.home |= Some(m.fy) == latest;
            }
            let name = before.name != after.name;
            a.history.extend(plan.history_pages_of(e.before));
            a.history.extend(plan.history_pages_of(e.after));
            a.summary |= name || before.evaluations != after.evaluations;
            // The previous and next year's pages link to it by its name that year.
            if name {
                let (prev, next) = plan.neighbours(&history, m.fy);
                for fy in prev.into_iter().chain(next) {
                    a.manifestos.insert((fy, history.clone()));
                }
            }
            // The goals it continues list it (name, goal titles), before and after.
            if name || before.titles != after.titles || before.continues != after.continues {
                for target in before.continues.iter().chain(&after.continues) {
                    a.manifestos.insert((target.fy, target.department.clone()));
                }
            }
            // The goals that continue its goals link to them (name, title).
            if name || before.titles != after.titles {
                let goals = e.before.goals.len().max(e.after.goals.len());
                for number in 1..=goals {
                    let me = GoalRef {
                        fy: m.fy,
                        department: history.clone(),
                        number,
                    };
                    for r in plan.continued_by(&me) {
                        a.manifestos.insert((r.fy, r.department.clone()));
                    }
                }
            }
        }
        for (fy, history) in &a.manifestos {
            if let Some(m) = plan.manifesto(*fy, history) {
                a.filed
                    .entry(*fy)
                    .or_default()
                    .insert(m.department.value.clone());
            }
        }
        a
    }
}

/// Whether `job` must be re-rendered after an edit that reaches `affected`. Pages of
/// kinds this function does not name are re-rendered on every change, so a new kind is
/// never left stale. The data, feed and search files are not pages: they catch up when
/// edits pause ([`super::rebuild::Builder::refresh_data`]).
pub fn must_render(job: &PageJob, plan: &Plan, affected: &Affected) -> bool {
    match *job {
        PageJob::Home => affected.home,
        // Shows no content.
        PageJob::NotFound => false,
        PageJob::Year(yi) => plan
            .years
            .get(yi)
            .is_none_or(|py| affected.years.contains(&py.year.fy)),
        PageJob::Manifesto(yi, mi) => {
            let Some(m) = plan.years.get(yi).and_then(|py| py.manifestos.get(mi)) else {
                return true;
            };
            affected
                .filed
                .get(&m.fy)
                .is_some_and(|ids| ids.contains(m.department.value.as_str()))
        }
        // A department's history shows nearly all of its manifestos; a policy page, the
        // goals under its code.
        PageJob::DepartmentHistory(_) | PageJob::Policy(_) => affected.history.contains(job),
        PageJob::Departments | PageJob::Trends => {
            affected.summary && affected.history.contains(job)
        }
        // Codes, goal counts, departments and years per policy: the fast path leaves a
        // goal's `policy:` unchanged (an edit to one takes a full rebuild).
        PageJob::Policies => false,
        #[allow(unreachable_patterns)]
        _ => true,
    }
}
