//! Stage 3, **plan**: decide what the built site holds — which years and manifestos are
//! published (drafts left out unless asked), the pages to render, and the links between
//! them (previous/next year of a department, goals that `continues:` others) — before
//! anything is rendered.

pub mod history;
pub mod urls;

use crate::model::{FiscalYear, GoalRef, Manifesto, Site, Year};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Include draft years and manifestos (`build --drafts`, `serve`).
    pub drafts: bool,
}

/// A year as published: the year and its manifestos that are not drafts.
pub struct PublishedYear<'s> {
    pub year: &'s Year,
    pub manifestos: Vec<&'s Manifesto>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageJob {
    Home,
    /// Index into `Plan::years`.
    Year(usize),
    /// Indices into `Plan::years` and that year's manifestos.
    Manifesto(usize, usize),
    NotFound,
    /// `/departments/`: the register.
    Departments,
    /// `/departments/<dept>/`: index into `Plan::history.departments`.
    DepartmentHistory(usize),
    /// `/trends/`: all departments over all years.
    Trends,
    /// `/policies/` (only when policies.yaml exists).
    Policies,
    /// `/policies/<code>/`: index into `Plan::history.policies`.
    Policy(usize),
}

pub struct Plan<'s> {
    pub site: &'s Site,
    pub options: Options,
    /// Oldest first.
    pub years: Vec<PublishedYear<'s>>,
    pub pages: Vec<PageJob>,
    /// Head photos of the published manifestos (filled by the build before rendering).
    pub photos: crate::photos::PhotoSet,
    /// The year `manifesto archive` is freezing (set by the build): see [`Plan::asset_root`].
    pub archiving: Option<FiscalYear>,
    /// (year, department history id) → (year index, manifesto index).
    index: HashMap<(FiscalYear, String), (usize, usize)>,
    /// History id → the years it has manifestos in, oldest first.
    department_years: HashMap<String, Vec<FiscalYear>>,
    /// A goal (with its department as a history id) → the later goals that continue it.
    continued_by: HashMap<GoalRef, Vec<GoalRef>>,
    /// Year-over-year data for the department, trends and policy pages.
    pub history: history::History<'s>,
}

impl<'s> Plan<'s> {
    /// The years (oldest first) and manifestos a build with these options publishes:
    /// the plan's `years`, without the rest of the plan.
    pub fn published_years(site: &'s Site, options: Options) -> Vec<PublishedYear<'s>> {
        site.years
            .iter()
            .filter(|y| options.drafts || !y.settings.draft)
            .map(|year| PublishedYear {
                year,
                manifestos: year
                    .manifestos
                    .iter()
                    .filter(|m| options.drafts || !m.draft)
                    .collect(),
            })
            .filter(|y| !y.manifestos.is_empty() || options.drafts || y.year.manifestos.is_empty())
            .collect()
    }

    pub fn new(site: &'s Site, options: Options) -> Plan<'s> {
        let years = Plan::published_years(site, options);

        let mut index = HashMap::new();
        let mut department_years: HashMap<String, Vec<FiscalYear>> = HashMap::new();
        let mut continued_by: HashMap<GoalRef, Vec<GoalRef>> = HashMap::new();
        let mut pages = vec![PageJob::Home, PageJob::NotFound];
        for (yi, py) in years.iter().enumerate() {
            pages.push(PageJob::Year(yi));
            for (mi, m) in py.manifestos.iter().enumerate() {
                let history = site.history_id(&m.department.value).to_string();
                index.insert((py.year.fy, history.clone()), (yi, mi));
                department_years
                    .entry(history.clone())
                    .or_default()
                    .push(py.year.fy);
                pages.push(PageJob::Manifesto(yi, mi));
                for g in &m.goals {
                    if let Some(c) = &g.continues {
                        let target = GoalRef {
                            department: site.history_id(&c.value.department).to_string(),
                            ..c.value.clone()
                        };
                        continued_by.entry(target).or_default().push(GoalRef {
                            fy: m.fy,
                            department: history.clone(),
                            number: g.number,
                        });
                    }
                }
            }
        }
        let mut plan = Plan {
            site,
            options,
            years,
            pages,
            photos: Default::default(),
            archiving: None,
            index,
            department_years,
            continued_by,
            history: Default::default(),
        };
        plan.history = history::History::build(&plan);
        let h = &plan.history;
        plan.pages.push(PageJob::Departments);
        plan.pages.extend(
            (0..h.departments.len())
                .filter(|&d| !h.departments[d].manifestos.is_empty())
                .map(PageJob::DepartmentHistory),
        );
        plan.pages.push(PageJob::Trends);
        if let Some(groups) = &h.policies {
            plan.pages.push(PageJob::Policies);
            plan.pages.extend((0..groups.len()).map(PageJob::Policy));
        }
        plan
    }

    /// Leave out the pages of these years: they are published from their snapshots in
    /// `archive/`. The years stay in the plan, so site-wide pages still list them.
    pub fn skip_years(&mut self, years: &[FiscalYear]) {
        let skipped = |yi: usize| years.contains(&self.years[yi].year.fy);
        let keep: Vec<PageJob> = self
            .pages
            .iter()
            .copied()
            .filter(|job| match *job {
                PageJob::Year(yi) | PageJob::Manifesto(yi, _) => !skipped(yi),
                _ => true,
            })
            .collect();
        self.pages = keep;
    }

    /// Where a page finds the theme's static files and the head photos, given its `root`
    /// prefix and the fiscal year it belongs to (`2023/…` pages; `None` for site-wide
    /// pages): `root`, the site's own `theme/` and `photos/` — except on the pages of the
    /// year being archived, which use the snapshot's copies in `<fy>/_assets/`, so that
    /// the snapshot stands alone (`2023/` → `_assets/`, `2023/somu/` → `../_assets/`).
    pub fn asset_root(&self, root: &str, fy: Option<FiscalYear>) -> String {
        match (self.archiving, fy) {
            (Some(archiving), Some(fy)) if archiving == fy => match root.strip_prefix("../") {
                Some(up) => format!("{up}{}/", crate::archive::ASSETS),
                None => format!("{root}{fy}/{}/", crate::archive::ASSETS),
            },
            _ => root.to_string(),
        }
    }

    /// The manifesto of a department history in a year, if published.
    pub fn manifesto(&self, fy: FiscalYear, history_id: &str) -> Option<&'s Manifesto> {
        self.index
            .get(&(fy, history_id.to_string()))
            .map(|&(yi, mi)| self.years[yi].manifestos[mi])
    }

    /// The published years before and after `fy` of a department history.
    pub fn neighbours(
        &self,
        history_id: &str,
        fy: FiscalYear,
    ) -> (Option<FiscalYear>, Option<FiscalYear>) {
        let Some(list) = self.department_years.get(history_id) else {
            return (None, None);
        };
        let prev = list.iter().rev().find(|y| **y < fy).copied();
        let next = list.iter().find(|y| **y > fy).copied();
        (prev, next)
    }

    /// Later goals that continue this one (its department given as a history id).
    pub fn continued_by(&self, goal: &GoalRef) -> &[GoalRef] {
        self.continued_by
            .get(goal)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every published manifesto.
    pub fn manifestos(&self) -> Vec<&'s Manifesto> {
        self.years
            .iter()
            .flat_map(|y| y.manifestos.iter().copied())
            .collect()
    }

    /// The newest published year (the top page shows it).
    pub fn latest(&self) -> Option<&PublishedYear<'s>> {
        self.years.iter().rev().find(|y| !y.manifestos.is_empty())
    }
}

impl Site {
    /// The id of the department history a filed id belongs to (itself, or the department
    /// that lists it in `renamed_from`).
    pub fn history_id<'a>(&'a self, filed: &'a str) -> &'a str {
        self.register
            .resolve(filed)
            .map(|d| d.id.as_str())
            .unwrap_or(filed)
    }
}
