//! Stage 2, **validate**: the checks that need more than one file — departments against
//! the register, evaluation keys against the year's scales, `continues:` links against
//! earlier years, one manifesto per department and year — and the assembled [`Site`].

use crate::diagnostics::{Diagnostic, suggest};
use crate::load::{Loaded, LoadedYear};
use crate::model::{
    FiscalYear, GoalRef, Located, Manifesto, Scale, ScaleKey, Site, SiteConfig, Year,
};
use std::collections::HashMap;

/// Validate what was loaded. The site is returned even when there are errors (so that
/// `check` can count it); callers that build must refuse when any diagnostic is an error.
pub fn validate(loaded: Loaded) -> (Site, Vec<Diagnostic>) {
    let Loaded {
        root,
        config,
        register,
        policies,
        years,
        failed,
        mut diags,
    } = loaded;

    // (fiscal year, department history id) → number of goals, for `continues:`.
    let mut goal_counts: HashMap<(FiscalYear, String), usize> = HashMap::new();
    let mut out_years = Vec::new();

    for LoadedYear {
        fy,
        settings,
        manifestos,
    } in years
    {
        // Department id → the file that has its manifesto this year.
        let mut by_department: HashMap<String, std::path::PathBuf> = HashMap::new();
        let mut keep = Vec::with_capacity(manifestos.len());
        for m in manifestos {
            let filed = &m.department.value;
            let Some(dept) = register.resolve(filed) else {
                let mut d = if m.department.pos.line == 1 && m.department.pos.col == 1 {
                    Diagnostic::error(
                        &m.source,
                        None,
                        format!(
                            "\"{filed}\" (the file name) is not a department id in content/departments.yaml"
                        ),
                    )
                } else {
                    Diagnostic::error(
                        &m.source,
                        Some(m.department.pos),
                        format!(
                            "unknown department \"{filed}\": it is not in content/departments.yaml"
                        ),
                    )
                };
                if let Some(s) = suggest::closest(filed, register.ids()) {
                    d = d.with_note(format!("help: did you mean \"{s}\"?"));
                }
                let ids: Vec<&str> = register.ids().collect();
                diags.push(d.with_note(if ids.is_empty() {
                    "note: content/departments.yaml lists no departments yet".to_string()
                } else {
                    format!("note: the register has: {}", ids.join(", "))
                }));
                continue;
            };
            if let Some(abolished) = dept.abolished
                && fy >= abolished
            {
                diags.push(Diagnostic::error(
                    &m.source,
                    Some(m.department.pos),
                    format!(
                        "{} ({}) was abolished in {}: it can have no manifesto in {}",
                        dept.name,
                        dept.id,
                        abolished.label(),
                        fy.label()
                    ),
                ));
            }
            if let Some(first) = by_department.get(&dept.id) {
                diags.push(
                    Diagnostic::error(
                        &m.source,
                        Some(m.department.pos),
                        format!(
                            "{} ({}) has two manifestos in {}: this one and {}",
                            dept.name,
                            dept.id,
                            fy.label(),
                            crate::diagnostics::display_path(first)
                        ),
                    )
                    .with_note("help: keep one file per department and year (either .yaml or .md)"),
                );
                continue;
            }
            by_department.insert(dept.id.clone(), m.source.clone());
            goal_counts.insert((fy, dept.id.clone()), m.goals.len());
            check_evaluations(
                &m,
                &settings.self_scale,
                settings.leader_scale.as_ref(),
                fy,
                &mut diags,
            );
            keep.push(m);
        }
        // Display order of the register.
        keep.sort_by_cached_key(|m| {
            register
                .resolve(&m.department.value)
                .and_then(|d| register.position(&d.id))
        });
        out_years.push(Year {
            fy,
            settings,
            manifestos: keep,
        });
    }

    // `continues:` — every goal it names must exist in an earlier year.
    for year in &out_years {
        for m in &year.manifestos {
            for g in &m.goals {
                if let Some(c) = &g.continues {
                    if !failed
                        .iter()
                        .any(|(fy, stem)| *fy == c.value.fy && *stem == c.value.department)
                    {
                        let count = |fy: FiscalYear, id: &str| {
                            goal_counts.get(&(fy, id.to_string())).copied()
                        };
                        check_continues(m, g.number, c, &register, &count, &mut diags);
                    }
                }
            }
        }
    }

    // Head photos: missing (warning), outside assets/, damaged or oversized (errors).
    let all: Vec<&Manifesto> = out_years.iter().flat_map(|y| y.manifestos.iter()).collect();
    {
        use rayon::prelude::*;
        let photo_diags: Vec<Diagnostic> = all
            .par_iter()
            .flat_map(|m| crate::photos::check(&root, m))
            .collect();
        diags.extend(photo_diags);
    }

    out_years.sort_by_key(|y| y.fy);
    let site = Site {
        root,
        config: config.unwrap_or_else(placeholder_config),
        register,
        policies,
        years: out_years,
    };
    crate::diagnostics::sort(&mut diags);
    (site, diags)
}

/// The checks of [`validate`] that one manifesto's content can fail, against a site that
/// validated: its evaluation keys, its `continues:` links, the links of other manifestos
/// that continue its goals (its goal count may have shrunk), and its head photo. For
/// `serve` after an edit that kept the manifesto's file and department (so the register,
/// abolished and duplicate checks give what they gave before); `m` stands in for the
/// manifesto of the same year and department in `site`.
pub fn revalidate_manifesto(site: &Site, m: &Manifesto) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let register = &site.register;
    let mine = register.resolve(&m.department.value);
    if let Some(year) = site.years.iter().find(|y| y.fy == m.fy) {
        check_evaluations(
            m,
            &year.settings.self_scale,
            year.settings.leader_scale.as_ref(),
            m.fy,
            &mut diags,
        );
    }
    let goal_count = |fy: FiscalYear, id: &str| {
        if fy == m.fy && mine.is_some_and(|d| d.id == id) {
            return Some(m.goals.len());
        }
        let dept = register.get(id)?;
        let year = site.years.iter().find(|y| y.fy == fy)?;
        year.manifestos
            .iter()
            .find(|other| in_history(register, dept, &other.department.value))
            .map(|other| other.goals.len())
    };
    for g in &m.goals {
        if let Some(c) = &g.continues {
            check_continues(m, g.number, c, register, &goal_count, &mut diags);
        }
    }
    for year in site.years.iter().filter(|y| y.fy > m.fy) {
        for other in &year.manifestos {
            for g in &other.goals {
                if let Some(c) = &g.continues
                    && c.value.fy == m.fy
                    && mine.is_some_and(|d| in_history(register, d, &c.value.department))
                {
                    check_continues(other, g.number, c, register, &goal_count, &mut diags);
                }
            }
        }
    }
    diags.extend(crate::photos::check(&site.root, m));
    crate::diagnostics::sort(&mut diags);
    diags
}

/// Whether a manifesto filed under `filed` belongs to the history of `dept`: what
/// `Register::resolve` decides, without a search of the register in the common case.
fn in_history(
    register: &crate::model::Register,
    dept: &crate::model::Department,
    filed: &str,
) -> bool {
    dept.id == filed
        || (dept.renamed_from.iter().any(|r| r == filed) && register.get(filed).is_none())
}

fn placeholder_config() -> SiteConfig {
    SiteConfig {
        title: String::new(),
        organization: String::new(),
        base_url: None,
        language: "ja".into(),
        theme: "default".into(),
        output_dir: "public".into(),
        license: None,
        contact_note: None,
    }
}

fn check_evaluations(
    m: &Manifesto,
    self_scale: &Scale,
    leader_scale: Option<&Scale>,
    fy: FiscalYear,
    diags: &mut Vec<Diagnostic>,
) {
    let bad_key = |key: &Located<ScaleKey>, scale: &Scale, which: &str, goal: usize| {
        Diagnostic::error(
            &m.source,
            Some(key.pos),
            format!(
                "evaluation `{which}: {}` in 部局目標{goal} is not a level of {}'s scale 「{}」; valid keys are {}",
                key.value,
                fy.label(),
                scale.label,
                scale.keys_list()
            ),
        )
    };
    for g in &m.goals {
        let Some(ev) = &g.evaluation else { continue };
        if let Some(k) = &ev.self_key
            && self_scale.level(&k.value).is_none()
        {
            diags.push(bad_key(k, self_scale, "self", g.number));
        }
        if let Some(k) = &ev.leader_key {
            match leader_scale {
                Some(scale) if scale.level(&k.value).is_none() => {
                    diags.push(bad_key(k, scale, "leader", g.number));
                }
                Some(_) => {}
                None => diags.push(
                    Diagnostic::error(
                        &m.source,
                        Some(k.pos),
                        format!(
                            "evaluation `leader` in 部局目標{} needs a leader scale, but {} has none",
                            g.number,
                            fy.label()
                        ),
                    )
                    .with_note(format!(
                        "help: define `scales: leader:` in content/{fy}/_year.yaml, or remove `leader:`"
                    )),
                ),
            }
        }
    }
}

fn check_continues(
    m: &Manifesto,
    goal: usize,
    c: &Located<GoalRef>,
    register: &crate::model::Register,
    goal_count: &dyn Fn(FiscalYear, &str) -> Option<usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let r = &c.value;
    let err = |msg: String| Diagnostic::error(&m.source, Some(c.pos), msg);
    if r.fy >= m.fy {
        diags.push(err(format!(
            "`continues: {r}` in 部局目標{goal} must name a goal of an earlier fiscal year than {}",
            m.fy
        )));
        return;
    }
    let Some(dept) = register.resolve(&r.department) else {
        let mut d = err(format!(
            "`continues: {r}` in 部局目標{goal} points nowhere: \"{}\" is not a department id",
            r.department
        ));
        if let Some(s) = suggest::closest(&r.department, register.ids()) {
            d = d.with_note(format!("help: did you mean \"{s}\"?"));
        }
        diags.push(d);
        return;
    };
    match goal_count(r.fy, &dept.id) {
        None => diags.push(err(format!(
            "`continues: {r}` in 部局目標{goal} points nowhere: {} has no manifesto in {}",
            dept.name,
            r.fy.label()
        ))),
        Some(n) if r.number > n => diags.push(err(format!(
            "`continues: {r}` in 部局目標{goal} points nowhere: {}'s manifesto of {} has only {n} goal{}",
            dept.name,
            r.fy.label(),
            if n == 1 { "" } else { "s" }
        ))),
        Some(_) => {}
    }
}
