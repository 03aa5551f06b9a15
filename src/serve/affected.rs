//! Which pages an edit to some manifestos changes, so that `serve` re-renders only those.
//!
//! The rule lives in one function, [`must_render`]: a page kind it does not know is
//! re-rendered on every change, so new kinds of pages are never left stale.

use crate::model::{FiscalYear, GoalRef, Manifesto};
use crate::plan::{PageJob, Plan};
use std::collections::HashSet;

/// What the edited manifestos reach: the manifesto pages (as year and department
/// history id), the year pages, and whether the top page shows one of them.
#[derive(Debug, Default)]
pub struct Affected {
    pub manifestos: HashSet<(FiscalYear, String)>,
    pub years: HashSet<FiscalYear>,
    pub home: bool,
}

impl Affected {
    /// `edited` pairs each edited manifesto as it was (in `old`) with what it is now (in
    /// `new`). Both plans publish the same pages (the caller re-renders everything
    /// otherwise).
    pub fn of(old: &Plan, new: &Plan, edited: &[(&Manifesto, &Manifesto)]) -> Affected {
        let mut a = Affected::default();
        let latest = new.latest().map(|y| y.year.fy);
        for (before, after) in edited {
            for (plan, m) in [(old, *before), (new, *after)] {
                let history = plan.site.history_id(&m.department.value).to_string();
                // Its page, its year's cards, and the top page's cards if that is its year.
                a.manifestos.insert((m.fy, history.clone()));
                a.years.insert(m.fy);
                a.home |= Some(m.fy) == latest;
                // The previous and next year's pages link to it by its name that year.
                let (prev, next) = plan.neighbours(&history, m.fy);
                for fy in prev.into_iter().chain(next) {
                    a.manifestos.insert((fy, history.clone()));
                }
                for g in &m.goals {
                    // The goal it continues lists it (title, department name) …
                    if let Some(c) = &g.continues {
                        let target = plan.site.history_id(&c.value.department).to_string();
                        a.manifestos.insert((c.value.fy, target));
                    }
                }
                // … and the goals that continue its goals show their titles. The goal
                // count may differ before and after: look at the larger.
                let goals = before.goals.len().max(after.goals.len());
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
        a
    }
}

/// Whether `job` must be re-rendered after an edit that reaches `affected`. Site-wide
/// pages of kinds this function does not name (department histories, trends, policies,
/// search, …) are re-rendered on every change: conservative until someone narrows them
/// here.
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
            let history = plan.site.history_id(&m.department.value).to_string();
            affected.manifestos.contains(&(m.fy, history))
        }
        #[allow(unreachable_patterns)]
        _ => true,
    }
}

/// A name for each page of a plan that stays the same while the page does: two plans with
/// the same keys publish the same pages at the same URLs, so an edit can re-render some
/// of them in place. Kinds not named here are keyed by their `Debug` form (conservative:
/// any change of their indices counts as a different site).
pub fn page_keys(plan: &Plan) -> Vec<String> {
    plan.pages
        .iter()
        .map(|job| match *job {
            PageJob::Year(yi) => format!("year {}", plan.years[yi].year.fy),
            PageJob::Manifesto(yi, mi) => {
                let py = &plan.years[yi];
                format!(
                    "manifesto {}/{}",
                    py.year.fy, py.manifestos[mi].department.value
                )
            }
            ref other => format!("{other:?}"),
        })
        .collect()
}
