//! The year-over-year pages: `/departments/`, `/departments/<dept>/`, `/trends/`,
//! `/policies/` and `/policies/<code>/`. The numbers come from `plan::history`; here
//! they become view structs (documented in `docs/templates.md`) and SVG charts.

use super::charts::{self, Bar, BarChart};
use super::context::{EvalView, PhotoView, department_name, evaluations, photo};
use super::render_to;
use crate::diagnostics::Diagnostic;
use crate::model::{Better, Manifesto, Scale, Year};
use crate::plan::history::{Change, GoalAt, ManifestoAt, Summary, Tally};
use crate::plan::{PageJob, Plan, urls};
use crate::write::Sink;
use serde::Serialize;
use tera::Context;

use super::context::BaseContext;
use super::theme::Theme;

/// A score (0..1) as the pages print it: `78` (points out of 100).
pub fn points(score: f64) -> String {
    format!("{}", (score * 100.0).round() as i64)
}

/// A share (0..1) as a percentage: `67%`.
fn percent(share: f64) -> String {
    format!("{}%", (share * 100.0).round() as i64)
}

/// `+7`, `−3`, `±0` between two scores, in points.
fn delta(from: f64, to: f64) -> (String, &'static str) {
    let d = (to * 100.0).round() as i64 - (from * 100.0).round() as i64;
    match d {
        0 => ("±0".into(), "flat"),
        d if d > 0 => (format!("+{d}"), "up"),
        d => (format!("−{}", -d), "down"),
    }
}

#[derive(Serialize)]
pub struct TallyView {
    pub goals: u32,
    pub evaluated: u32,
    pub achieved: u32,
    /// Mean score in points (`78`), or none when nothing is evaluated.
    pub score: Option<String>,
    /// Achieved ÷ evaluated (`67%`), or none.
    pub share: Option<String>,
}

fn tally_view(t: &Tally) -> TallyView {
    TallyView {
        goals: t.goals,
        evaluated: t.evaluated,
        achieved: t.achieved,
        score: t.mean_score().map(points),
        share: t.share_achieved().map(percent),
    }
}

#[derive(Serialize)]
pub struct LevelNote {
    pub key: String,
    pub label: String,
    pub score: String,
    pub achieved: bool,
}

/// One evaluation scale and the years that used it, for the "how scores are compared" note.
#[derive(Serialize)]
pub struct ScaleNote {
    /// `2021（令和3）年度・2023（令和5）年度`
    pub years: String,
    pub label: String,
    /// `self` or `leader`
    pub kind: &'static str,
    pub levels: Vec<LevelNote>,
}

/// A year's scale of one kind (self or leader).
type ScaleOf = fn(&Year) -> Option<&Scale>;

/// The distinct scales of the given years, self scales first.
fn scale_notes<'a>(years: impl Iterator<Item = &'a Year> + Clone) -> Vec<ScaleNote> {
    let mut notes: Vec<(&'static str, &Scale, Vec<String>)> = Vec::new();
    let kinds: [(&'static str, ScaleOf); 2] = [
        ("self", |y| Some(&y.settings.self_scale)),
        ("leader", |y| y.settings.leader_scale.as_ref()),
    ];
    for (kind, get) in kinds {
        for y in years.clone() {
            let Some(scale) = get(y) else { continue };
            match notes.iter_mut().find(|(k, s, _)| *k == kind && *s == scale) {
                Some((_, _, ys)) => ys.push(y.fy.label()),
                None => notes.push((kind, scale, vec![y.fy.label()])),
            }
        }
    }
    notes
        .into_iter()
        .map(|(kind, scale, years)| ScaleNote {
            years: years.join("・"),
            label: scale.label.clone(),
            kind,
            levels: scale
                .levels
                .iter()
                .map(|l| LevelNote {
                    key: l.key.0.clone(),
                    label: l.label.clone(),
                    score: points(l.score),
                    achieved: l.achieved,
                })
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// /departments/
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
pub struct DepartmentYear {
    pub fy: i32,
    pub label: String,
    pub url: String,
    /// The department's name that year.
    pub name: String,
}

#[derive(Serialize)]
pub struct DepartmentRow {
    pub id: String,
    pub name: String,
    pub kana: Option<String>,
    /// The history page; none when the department has no published manifesto.
    pub url: Option<String>,
    /// `2024（令和6）年度に廃止`
    pub abolished: Option<String>,
    /// Names used in earlier years that differ from the current one.
    pub former_names: Vec<String>,
    /// Oldest first.
    pub years: Vec<DepartmentYear>,
    /// Score of the latest evaluated year, with that year's label.
    pub latest_score: Option<String>,
    pub latest_score_year: Option<String>,
}

fn former_names(plan: &Plan, d: usize) -> Vec<String> {
    let h = &plan.history.departments[d];
    let mut names: Vec<String> = Vec::new();
    for &at in &h.manifestos {
        let name = department_name(plan, plan.manifesto_at(at));
        if name != h.department.name && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn latest_evaluated(plan: &Plan, d: usize) -> Option<(ManifestoAt, f64)> {
    plan.history.departments[d]
        .manifestos
        .iter()
        .rev()
        .find_map(|&at| {
            plan.history
                .summary(at)
                .self_eval
                .mean_score()
                .map(|s| (at, s))
        })
}

fn departments_rows(plan: &Plan, root: &str) -> Vec<DepartmentRow> {
    plan.history
        .departments
        .iter()
        .enumerate()
        .map(|(d, h)| {
            let dept = h.department;
            let latest = latest_evaluated(plan, d);
            DepartmentRow {
                id: dept.id.clone(),
                name: dept.name.clone(),
                kana: dept.kana.clone(),
                url: (!h.manifestos.is_empty())
                    .then(|| format!("{root}{}", urls::department(&dept.id))),
                abolished: dept.abolished.map(|fy| format!("{}に廃止", fy.label())),
                former_names: former_names(plan, d),
                years: h
                    .manifestos
                    .iter()
                    .map(|&at| {
                        let m = plan.manifesto_at(at);
                        DepartmentYear {
                            fy: m.fy.0,
                            label: m.fy.label(),
                            url: format!("{root}{}", urls::manifesto(m.fy, &m.department.value)),
                            name: department_name(plan, m),
                        }
                    })
                    .collect(),
                latest_score: latest.map(|(_, s)| points(s)),
                latest_score_year: latest.map(|(at, _)| plan.manifesto_at(at).fy.label()),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// /departments/<dept>/
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
pub struct ScoreRow {
    pub fy: i32,
    pub label: String,
    pub url: String,
    pub name: String,
    pub head_title: String,
    pub head_name: String,
    /// On the year's self scale.
    pub own: TallyView,
    /// Against the previous year with a score: `+7`, `−3`, `±0`.
    pub change: Option<String>,
    /// `up`, `down`, `flat`
    pub direction: Option<&'static str>,
    /// On the year's leader scale, when the year has one.
    pub leader: Option<TallyView>,
    pub leader_scale_label: Option<String>,
}

#[derive(Serialize)]
pub struct TimelineGoal {
    pub number: usize,
    pub title: String,
    pub url: String,
    pub policy: Option<String>,
    pub self_eval: Option<EvalView>,
    pub leader_eval: Option<EvalView>,
    /// `2021（令和3）年度 目標2`, when it continues a published goal.
    pub continues: Option<String>,
    /// Whether a later published goal continues it.
    pub continued: bool,
}

#[derive(Serialize)]
pub struct TimelineYear {
    pub fy: i32,
    pub label: String,
    pub anchor: String,
    pub url: String,
    pub name: String,
    /// The name of the previous year, when it was different (a rename).
    pub renamed_from: Option<String>,
    pub head_title: String,
    pub head_name: String,
    pub photo: PhotoView,
    pub own: TallyView,
    pub goals: Vec<TimelineGoal>,
}

#[derive(Serialize)]
pub struct ChainStepView {
    pub fy: i32,
    pub year_label: String,
    pub department_name: String,
    /// Whether the goal belongs to another department than the page's.
    pub other_department: bool,
    pub number: usize,
    pub title: String,
    pub url: String,
    pub depth: u32,
    /// `2022（令和4）年度 目標1`: the goal it continues, when that is not the step just
    /// before it in the list (a branch).
    pub from: Option<String>,
    pub self_eval: Option<EvalView>,
    pub leader_eval: Option<EvalView>,
}

#[derive(Serialize)]
pub struct ChainView {
    pub anchor: String,
    /// The title of the latest goal of the line.
    pub title: String,
    /// `2021（令和3）年度〜2023（令和5）年度`
    pub span: String,
    pub years: usize,
    pub steps: Vec<ChainStepView>,
    /// What became of the line: its latest goals' state, in words.
    pub outcome: String,
}

#[derive(Serialize)]
pub struct IndicatorPointView {
    pub fy: i32,
    pub year_label: String,
    pub goal_label: String,
    pub url: String,
    pub baseline: Option<String>,
    pub baseline_label: Option<String>,
    pub target: String,
    pub actual: Option<String>,
    pub better_label: &'static str,
    pub met: Option<bool>,
    /// `改善` / `悪化` / `横ばい` against the previous measured year.
    pub change: Option<&'static str>,
}

#[derive(Serialize)]
pub struct IndicatorSeriesView {
    pub name: String,
    pub unit: String,
    /// `高いほど良い` / `低いほど良い` (of the latest year).
    pub better_label: &'static str,
    pub points: Vec<IndicatorPointView>,
}

#[derive(Serialize)]
pub struct Overview {
    pub years: usize,
    pub evaluated_years: usize,
    /// Years in which at least half of the evaluated goals were achieved.
    pub mostly_achieved_years: usize,
    pub latest_label: Option<String>,
    pub latest: Option<TallyView>,
    pub previous_label: Option<String>,
    pub change: Option<String>,
    pub direction: Option<&'static str>,
    pub first_label: Option<String>,
    pub change_since_first: Option<String>,
    pub direction_since_first: Option<&'static str>,
}

fn better_label(b: Better) -> &'static str {
    match b {
        Better::Higher => "高いほど良い",
        Better::Lower => "低いほど良い",
    }
}

fn goal_url(plan: &Plan, at: GoalAt, root: &str) -> String {
    let (year, m, g) = plan.goal_of(at);
    format!(
        "{root}{}#{}",
        urls::manifesto(year.fy, &m.department.value),
        urls::goal_anchor(g.number)
    )
}

fn score_rows(plan: &Plan, d: usize, root: &str) -> Vec<ScoreRow> {
    let mut previous: Option<f64> = None;
    plan.history.departments[d]
        .manifestos
        .iter()
        .map(|&at| {
            let m = plan.manifesto_at(at);
            let year = plan.years[at.year as usize].year;
            let s: &Summary = plan.history.summary(at);
            let score = s.self_eval.mean_score();
            let (change, direction) = match (previous, score) {
                (Some(a), Some(b)) => {
                    let (t, dir) = delta(a, b);
                    (Some(t), Some(dir))
                }
                _ => (None, None),
            };
            if score.is_some() {
                previous = score;
            }
            ScoreRow {
                fy: m.fy.0,
                label: m.fy.label(),
                url: format!("{root}{}", urls::manifesto(m.fy, &m.department.value)),
                name: department_name(plan, m),
                head_title: m.head.title.clone(),
                head_name: m.head.name.clone(),
                own: tally_view(&s.self_eval),
                change,
                direction,
                leader: year
                    .settings
                    .leader_scale
                    .as_ref()
                    .map(|_| tally_view(&s.leader)),
                leader_scale_label: year.settings.leader_scale.as_ref().map(|s| s.label.clone()),
            }
        })
        .collect()
}

fn overview(plan: &Plan, d: usize) -> Overview {
    let h = &plan.history.departments[d];
    let scored: Vec<(ManifestoAt, f64)> = h
        .manifestos
        .iter()
        .filter_map(|&at| {
            plan.history
                .summary(at)
                .self_eval
                .mean_score()
                .map(|s| (at, s))
        })
        .collect();
    let label = |at: ManifestoAt| plan.manifesto_at(at).fy.label();
    let last = scored.last().copied();
    let prev = scored.len().checked_sub(2).map(|i| scored[i]);
    let first = (scored.len() >= 3).then(|| scored[0]);
    let (change, direction) = match (prev, last) {
        (Some((_, a)), Some((_, b))) => {
            let (t, d) = delta(a, b);
            (Some(t), Some(d))
        }
        _ => (None, None),
    };
    let (change_since_first, direction_since_first) = match (first, last) {
        (Some((_, a)), Some((_, b))) => {
            let (t, d) = delta(a, b);
            (Some(t), Some(d))
        }
        _ => (None, None),
    };
    Overview {
        years: h.manifestos.len(),
        evaluated_years: scored.len(),
        mostly_achieved_years: scored
            .iter()
            .filter(|(at, _)| {
                let t = &plan.history.summary(*at).self_eval;
                t.achieved * 2 >= t.evaluated
            })
            .count(),
        latest_label: last.map(|(at, _)| label(at)),
        latest: last.map(|(at, _)| tally_view(&plan.history.summary(at).self_eval)),
        previous_label: prev.map(|(at, _)| label(at)),
        change,
        direction,
        first_label: first.map(|(at, _)| label(at)),
        change_since_first,
        direction_since_first,
    }
}

fn score_chart(rows: &[ScoreRow], name: &str) -> String {
    let bars: Vec<Bar> = rows
        .iter()
        .map(|r| {
            let value = r.own.score.as_ref().and_then(|s| s.parse::<f64>().ok());
            Bar {
                label: format!("{}年度", r.fy),
                value,
                text: match &r.own.score {
                    Some(s) => format!("{s}（{}/{}達成）", r.own.achieved, r.own.evaluated),
                    None => "未評価".into(),
                },
                hatched: false,
            }
        })
        .collect();
    charts::bar_chart(&BarChart {
        id: "score-chart",
        title: &format!("{name}の年度ごとのスコア（自己評価の平均、100点満点）"),
        description: "横棒の長さがスコア。棒の右に、スコアと、評価済みの目標のうち達成した数を記す。同じ数値を次の表に示す。",
        max: 100.0,
        ticks: &charts::percent_ticks(),
        bars: &bars,
    })
}

fn timeline(plan: &Plan, d: usize, root: &str) -> Vec<TimelineYear> {
    let h = &plan.history.departments[d];
    let mut out = Vec::with_capacity(h.manifestos.len());
    let mut previous_name: Option<String> = None;
    for &at in &h.manifestos {
        let py = &plan.years[at.year as usize];
        let m: &Manifesto = plan.manifesto_at(at);
        let name = department_name(plan, m);
        let url = format!("{root}{}", urls::manifesto(m.fy, &m.department.value));
        let goals = m
            .goals
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let (self_eval, leader_eval) = evaluations(py.year, g.evaluation.as_ref());
                let me = GoalAt {
                    year: at.year,
                    manifesto: at.manifesto,
                    goal: gi as u32,
                };
                let chain = plan.history.chain_of(me).map(|c| &plan.history.chains[c]);
                let step = chain.and_then(|c| c.steps.iter().position(|s| s.goal == me));
                let continues = chain.zip(step).and_then(|(c, i)| {
                    c.steps[i].parent.map(|p| {
                        let (_, pm, pg) = plan.goal_of(c.steps[p as usize].goal);
                        step_label(plan, pm, pg.number, m)
                    })
                });
                let continued = chain
                    .zip(step)
                    .is_some_and(|(c, i)| c.steps.iter().any(|s| s.parent == Some(i as u32)));
                TimelineGoal {
                    number: g.number,
                    title: g.title.clone(),
                    url: format!("{url}#{}", urls::goal_anchor(g.number)),
                    policy: g.policy.clone(),
                    self_eval,
                    leader_eval,
                    continues,
                    continued,
                }
            })
            .collect();
        out.push(TimelineYear {
            fy: m.fy.0,
            label: m.fy.label(),
            anchor: format!("year-{}", m.fy),
            url,
            renamed_from: previous_name.take().filter(|p| *p != name),
            name: name.clone(),
            head_title: m.head.title.clone(),
            head_name: m.head.name.clone(),
            photo: photo(plan, m, root),
            own: tally_view(&plan.history.summary(at).self_eval),
            goals,
        });
        previous_name = Some(name);
    }
    out.reverse();
    out
}

/// `2022（令和4）年度 目標1`, with the department's name when it is not the page's.
fn step_label(plan: &Plan, m: &Manifesto, number: usize, page: &Manifesto) -> String {
    let same =
        plan.site.history_id(&m.department.value) == plan.site.history_id(&page.department.value);
    if same {
        format!("{} 目標{number}", m.fy.label())
    } else {
        format!("{} {} 目標{number}", m.fy.label(), department_name(plan, m))
    }
}

fn chains(plan: &Plan, d: usize, root: &str) -> Vec<ChainView> {
    let page_id = plan.history.departments[d].department.id.as_str();
    plan.history.departments[d]
        .chains
        .iter()
        .map(|&c| {
            let chain = &plan.history.chains[c as usize];
            let steps: Vec<ChainStepView> = chain
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (year, m, g) = plan.goal_of(s.goal);
                    let (self_eval, leader_eval) = evaluations(year, g.evaluation.as_ref());
                    let other = plan.site.history_id(&m.department.value) != page_id;
                    let from = s.parent.filter(|&p| p as usize + 1 != i).map(|p| {
                        let (py, pm, pg) = plan.goal_of(chain.steps[p as usize].goal);
                        let _ = py;
                        format!(
                            "{} {} 目標{}",
                            pm.fy.label(),
                            department_name(plan, pm),
                            pg.number
                        )
                    });
                    ChainStepView {
                        fy: m.fy.0,
                        year_label: m.fy.label(),
                        department_name: department_name(plan, m),
                        other_department: other,
                        number: g.number,
                        title: g.title.clone(),
                        url: goal_url(plan, s.goal, root),
                        depth: s.depth,
                        from,
                        self_eval,
                        leader_eval,
                    }
                })
                .collect();
            let first = &steps[0];
            let last_fy = steps.iter().map(|s| s.fy).max().unwrap_or(first.fy);
            let latest: Vec<&ChainStepView> = steps.iter().filter(|s| s.fy == last_fy).collect();
            let mut years: Vec<i32> = steps.iter().map(|s| s.fy).collect();
            years.dedup();
            let span = format!(
                "{}〜{}",
                crate::model::FiscalYear(first.fy).label(),
                crate::model::FiscalYear(last_fy).label()
            );
            let outcome = latest
                .iter()
                .map(|s| {
                    let state = match (&s.self_eval, &s.leader_eval) {
                        (Some(e), _) | (None, Some(e)) => format!(
                            "{}（{} {}「{}」）",
                            if e.achieved { "達成" } else { "未達成" },
                            e.scale_label,
                            e.key,
                            e.label
                        ),
                        (None, None) => "年度末の評価前".into(),
                    };
                    format!(
                        "{} 目標{}「{}」：{}",
                        s.year_label, s.number, s.title, state
                    )
                })
                .collect::<Vec<_>>()
                .join("。");
            ChainView {
                anchor: format!("chain-{}", c + 1),
                title: latest.last().map(|s| s.title.clone()).unwrap_or_default(),
                span,
                years: years.len(),
                steps,
                outcome,
            }
        })
        .collect()
}

fn indicators(plan: &Plan, d: usize, root: &str) -> Vec<IndicatorSeriesView> {
    use super::context::number;
    plan.indicator_series(d)
        .into_iter()
        .map(|s| IndicatorSeriesView {
            name: s.name.to_string(),
            unit: s.unit.unwrap_or_default().to_string(),
            better_label: s
                .points
                .last()
                .map(|p| better_label(p.indicator.better))
                .unwrap_or("高いほど良い"),
            points: s
                .points
                .iter()
                .map(|p| {
                    let (_, _, g) = plan.goal_of(p.goal);
                    let i = p.indicator;
                    IndicatorPointView {
                        fy: p.fy.0,
                        year_label: p.fy.label(),
                        goal_label: format!("目標{}", g.number),
                        url: goal_url(plan, p.goal, root),
                        baseline: i.baseline.map(number),
                        baseline_label: i.baseline_label.clone(),
                        target: number(i.target),
                        actual: i.actual.map(number),
                        better_label: better_label(i.better),
                        met: i.met(),
                        change: p.change.map(|c| match c {
                            Change::Improved => "改善",
                            Change::Worsened => "悪化",
                            Change::Unchanged => "横ばい",
                        }),
                    }
                })
                .collect(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// /trends/
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
pub struct TrendRow {
    pub fy: i32,
    pub label: String,
    pub url: String,
    pub departments: u32,
    pub own: TallyView,
    pub leader: Option<TallyView>,
    pub leader_scale_label: Option<String>,
}

#[derive(Serialize)]
pub struct LevelCount {
    pub key: String,
    pub label: String,
    pub achieved: bool,
    pub count: u32,
    /// Of the evaluated goals on this scale.
    pub share: String,
}

#[derive(Serialize)]
pub struct Distribution {
    pub id: String,
    pub scale_label: String,
    /// `self` or `leader`
    pub kind: &'static str,
    pub evaluated: u32,
    pub not_evaluated: u32,
    pub levels: Vec<LevelCount>,
    pub chart_svg: String,
}

#[derive(Serialize)]
pub struct YearDistribution {
    pub fy: i32,
    pub label: String,
    pub anchor: String,
    pub scales: Vec<Distribution>,
}

#[derive(Serialize)]
pub struct MatrixYear {
    pub fy: i32,
    pub label: String,
    pub era_label: String,
}

#[derive(Serialize)]
pub struct MatrixCell {
    /// `none` (no manifesto), `pending` (not evaluated yet), `scored`
    pub state: &'static str,
    pub score: Option<String>,
    /// 0..4 for the background tint (the number is always written too).
    pub band: Option<u32>,
    pub achieved: u32,
    pub evaluated: u32,
    pub url: Option<String>,
    pub year_label: String,
}

#[derive(Serialize)]
pub struct MatrixRow {
    pub name: String,
    pub url: String,
    pub abolished: Option<String>,
    pub cells: Vec<MatrixCell>,
}

#[derive(Serialize)]
pub struct Matrix {
    pub years: Vec<MatrixYear>,
    pub rows: Vec<MatrixRow>,
}

fn distribution(
    id: String,
    kind: &'static str,
    scale: &Scale,
    counts: &[u32],
    tally: &Tally,
    year_label: &str,
) -> Distribution {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let total = tally.evaluated.max(1);
    let bars: Vec<Bar> = scale
        .levels
        .iter()
        .zip(counts)
        .map(|(l, &c)| Bar {
            label: format!("{} {}", l.key, if l.achieved { "✓" } else { "△" }),
            value: Some(f64::from(c)),
            text: format!("{c}件"),
            hatched: !l.achieved,
        })
        .collect();
    let chart_svg = charts::bar_chart(&BarChart {
        id: &id,
        title: &format!("{year_label} {}の分布", scale.label),
        description: "段階ごとの目標数。✓ は達成に数える段階（塗りつぶし）、△ は未達成の段階（斜線）。同じ数値と各段階の文言を次の表に示す。",
        max: f64::from(max),
        ticks: &[],
        bars: &bars,
    });
    Distribution {
        scale_label: scale.label.clone(),
        kind,
        evaluated: tally.evaluated,
        not_evaluated: tally.goals - tally.evaluated,
        levels: scale
            .levels
            .iter()
            .zip(counts)
            .map(|(l, &c)| LevelCount {
                key: l.key.0.clone(),
                label: l.label.clone(),
                achieved: l.achieved,
                count: c,
                share: percent(f64::from(c) / f64::from(total)),
            })
            .collect(),
        chart_svg,
        id,
    }
}

fn trends_context(plan: &Plan, root: &str, ctx: &mut Context) {
    let h = &plan.history;
    let rows: Vec<TrendRow> = plan
        .years
        .iter()
        .zip(&h.years)
        .map(|(py, t)| TrendRow {
            fy: py.year.fy.0,
            label: py.year.fy.label(),
            url: format!("{root}{}", urls::year(py.year.fy)),
            departments: t.departments,
            own: tally_view(&t.summary.self_eval),
            leader: py
                .year
                .settings
                .leader_scale
                .as_ref()
                .map(|_| tally_view(&t.summary.leader)),
            leader_scale_label: py
                .year
                .settings
                .leader_scale
                .as_ref()
                .map(|s| s.label.clone()),
        })
        .collect();
    let bars: Vec<Bar> = plan
        .years
        .iter()
        .zip(&h.years)
        .map(|(py, t)| {
            let s = &t.summary.self_eval;
            Bar {
                label: format!("{}年度", py.year.fy),
                value: s.share_achieved().map(|v| v * 100.0),
                text: match s.share_achieved() {
                    Some(v) => format!("{}（{}/{}）", percent(v), s.achieved, s.evaluated),
                    None => "未評価".into(),
                },
                hatched: false,
            }
        })
        .collect();
    let share_chart = charts::bar_chart(&BarChart {
        id: "share-chart",
        title: "年度ごとの達成率（評価済みの目標のうち達成した割合、自己評価）",
        description: "横棒の長さが達成率。棒の右に、達成率と「達成した目標数/評価済みの目標数」を記す。同じ数値を次の表に示す。",
        max: 100.0,
        ticks: &charts::percent_ticks(),
        bars: &bars,
    });
    let distributions: Vec<YearDistribution> = plan
        .years
        .iter()
        .zip(&h.years)
        .rev()
        .map(|(py, t)| {
            let year = py.year;
            let label = year.fy.label();
            let mut scales = vec![distribution(
                format!("dist-{}-self", year.fy),
                "self",
                &year.settings.self_scale,
                &t.self_levels,
                &t.summary.self_eval,
                &label,
            )];
            if let Some(scale) = &year.settings.leader_scale {
                scales.push(distribution(
                    format!("dist-{}-leader", year.fy),
                    "leader",
                    scale,
                    &t.leader_levels,
                    &t.summary.leader,
                    &label,
                ));
            }
            YearDistribution {
                fy: year.fy.0,
                anchor: format!("year-{}", year.fy),
                label,
                scales,
            }
        })
        .collect();
    let matrix = Matrix {
        years: plan
            .years
            .iter()
            .map(|py| MatrixYear {
                fy: py.year.fy.0,
                label: py.year.fy.label(),
                era_label: py.year.fy.era_label(),
            })
            .collect(),
        rows: h
            .departments
            .iter()
            .filter(|d| !d.manifestos.is_empty())
            .map(|d| {
                let mut cells: Vec<MatrixCell> = plan
                    .years
                    .iter()
                    .map(|py| MatrixCell {
                        state: "none",
                        score: None,
                        band: None,
                        achieved: 0,
                        evaluated: 0,
                        url: None,
                        year_label: py.year.fy.label(),
                    })
                    .collect();
                for &at in &d.manifestos {
                    let m = plan.manifesto_at(at);
                    let t = &h.summary(at).self_eval;
                    let score = t.mean_score();
                    cells[at.year as usize] = MatrixCell {
                        state: if score.is_some() { "scored" } else { "pending" },
                        score: score.map(points),
                        band: score.map(|s| ((s * 5.0).floor() as u32).min(4)),
                        achieved: t.achieved,
                        evaluated: t.evaluated,
                        url: Some(format!(
                            "{root}{}",
                            urls::manifesto(m.fy, &m.department.value)
                        )),
                        year_label: m.fy.label(),
                    };
                }
                MatrixRow {
                    name: d.department.name.clone(),
                    url: format!("{root}{}", urls::department(&d.department.id)),
                    abolished: d
                        .department
                        .abolished
                        .map(|fy| format!("{}に廃止", fy.label())),
                    cells,
                }
            })
            .collect(),
    };
    ctx.insert("has_leader", &rows.iter().any(|r| r.leader.is_some()));
    ctx.insert("rows", &rows);
    ctx.insert("share_chart_svg", &share_chart);
    ctx.insert("distributions", &distributions);
    ctx.insert("matrix", &matrix);
    ctx.insert("scales", &scale_notes(plan.years.iter().map(|py| py.year)));
}

// ---------------------------------------------------------------------------------------
// /policies/ and /policies/<code>/
// ---------------------------------------------------------------------------------------

#[derive(Serialize)]
pub struct PolicyRow {
    pub code: String,
    pub title: String,
    /// Whether policies.yaml lists the code.
    pub listed: bool,
    pub url: String,
    pub goal_count: usize,
    pub department_count: usize,
    /// `2021（令和3）年度〜2023（令和5）年度`, or none without goals.
    pub span: Option<String>,
}

#[derive(Serialize)]
pub struct PolicyGoal {
    /// The name that year.
    pub department_name: String,
    /// The department's history page and its current name.
    pub department_url: String,
    pub history_name: String,
    pub number: usize,
    pub title: String,
    pub url: String,
    /// As the goal writes it: `7-1-①･②`.
    pub policy: String,
    pub self_eval: Option<EvalView>,
    pub leader_eval: Option<EvalView>,
}

#[derive(Serialize)]
pub struct PolicyYear {
    pub fy: i32,
    pub label: String,
    pub goals: Vec<PolicyGoal>,
    pub own: TallyView,
}

fn policy_title(g: &crate::plan::history::PolicyGroup) -> String {
    g.policy
        .map(|p| p.title.clone())
        .unwrap_or_else(|| format!("施策 {}", g.code))
}

fn policy_rows(plan: &Plan, root: &str) -> Vec<PolicyRow> {
    let Some(groups) = &plan.history.policies else {
        return Vec::new();
    };
    groups
        .iter()
        .map(|g| {
            let mut departments: Vec<&str> = g
                .goals
                .iter()
                .map(|&at| plan.site.history_id(&plan.goal_of(at).1.department.value))
                .collect();
            departments.sort_unstable();
            departments.dedup();
            let first = g.goals.first().map(|&at| plan.goal_of(at).0.fy);
            let last = g.goals.last().map(|&at| plan.goal_of(at).0.fy);
            PolicyRow {
                code: g.code.clone(),
                title: policy_title(g),
                listed: g.policy.is_some(),
                url: format!("{root}{}", urls::policy(&g.code)),
                goal_count: g.goals.len(),
                department_count: departments.len(),
                span: first.zip(last).map(|(a, b)| {
                    if a == b {
                        a.label()
                    } else {
                        format!("{}〜{}", a.label(), b.label())
                    }
                }),
            }
        })
        .collect()
}

fn policy_years(plan: &Plan, group: usize, root: &str) -> Vec<PolicyYear> {
    let Some(g) = plan.history.policies.as_ref().and_then(|p| p.get(group)) else {
        return Vec::new();
    };
    let mut years: Vec<PolicyYear> = Vec::new();
    let mut tallies: Vec<Tally> = Vec::new();
    for &at in &g.goals {
        let (year, m, goal) = plan.goal_of(at);
        if years.last().is_none_or(|y| y.fy != year.fy.0) {
            years.push(PolicyYear {
                fy: year.fy.0,
                label: year.fy.label(),
                goals: Vec::new(),
                own: tally_view(&Tally::default()),
            });
            tallies.push(Tally::default());
        }
        let (self_eval, leader_eval) = evaluations(year, goal.evaluation.as_ref());
        let (own, _) = crate::plan::history::levels(year, goal);
        if let Some(t) = tallies.last_mut() {
            t.count(own);
        }
        let history = plan.site.history_id(&m.department.value);
        if let Some(y) = years.last_mut() {
            y.goals.push(PolicyGoal {
                department_name: department_name(plan, m),
                department_url: format!("{root}{}", urls::department(history)),
                history_name: plan
                    .site
                    .register
                    .get(history)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| department_name(plan, m)),
                number: goal.number,
                title: goal.title.clone(),
                url: goal_url(plan, at, root),
                policy: goal.policy.clone().unwrap_or_default(),
                self_eval,
                leader_eval,
            });
        }
    }
    for (y, t) in years.iter_mut().zip(&tallies) {
        y.own = tally_view(t);
    }
    years.reverse();
    years
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

pub(super) fn render_job(
    plan: &Plan,
    theme: &Theme,
    staging: &dyn Sink,
    base: &BaseContext,
    job: PageJob,
) -> Result<(), Diagnostic> {
    let (template, path) = match job {
        PageJob::Departments => ("departments.html", urls::departments()),
        PageJob::DepartmentHistory(d) => (
            "department.html",
            urls::department(&plan.history.departments[d].department.id),
        ),
        PageJob::Trends => ("trends.html", urls::trends()),
        PageJob::Policies => ("policies.html", urls::policies()),
        PageJob::Policy(p) => match plan.history.policies.as_ref().and_then(|g| g.get(p)) {
            Some(g) => ("policy.html", urls::policy(&g.code)),
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    let root = urls::root_prefix(&path);
    let mut ctx = base.page(plan, &path);
    ctx.insert("trends_url", &format!("{root}{}", urls::trends()));
    ctx.insert("departments_url", &format!("{root}{}", urls::departments()));
    ctx.insert(
        "policies_url",
        &plan
            .history
            .policies
            .as_ref()
            .map(|_| format!("{root}{}", urls::policies())),
    );
    match job {
        PageJob::Departments => {
            ctx.insert("departments", &departments_rows(plan, &root));
        }
        PageJob::DepartmentHistory(d) => {
            let h = &plan.history.departments[d];
            let dept = h.department;
            ctx.insert(
                "department",
                &serde_json::json!({
                    "id": dept.id,
                    "name": dept.name,
                    "kana": dept.kana,
                    "abolished": dept.abolished.map(|fy| format!("{}に廃止", fy.label())),
                    "former_names": former_names(plan, d),
                }),
            );
            let rows = score_rows(plan, d, &root);
            ctx.insert("score_chart_svg", &score_chart(&rows, &dept.name));
            ctx.insert("has_leader", &rows.iter().any(|r| r.leader.is_some()));
            ctx.insert("rows", &rows);
            ctx.insert("overview", &overview(plan, d));
            ctx.insert("timeline", &timeline(plan, d, &root));
            ctx.insert("chains", &chains(plan, d, &root));
            let series = indicators(plan, d, &root);
            let (multi, single): (Vec<_>, Vec<_>) =
                series.into_iter().partition(|s| s.points.len() > 1);
            ctx.insert("indicators", &multi);
            ctx.insert("single_indicators", &single);
            ctx.insert(
                "scales",
                &scale_notes(
                    h.manifestos
                        .iter()
                        .map(|at| plan.years[at.year as usize].year),
                ),
            );
            ctx.insert(
                "description",
                &format!(
                    "{}の部局マニフェストの年度ごとの達成状況と目標の推移",
                    dept.name
                ),
            );
        }
        PageJob::Trends => trends_context(plan, &root, &mut ctx),
        PageJob::Policies => {
            ctx.insert("policies", &policy_rows(plan, &root));
        }
        PageJob::Policy(p) => {
            let Some(g) = plan.history.policies.as_ref().and_then(|g| g.get(p)) else {
                return Ok(());
            };
            ctx.insert(
                "policy",
                &serde_json::json!({
                    "code": g.code,
                    "title": policy_title(g),
                    "listed": g.policy.is_some(),
                    "goal_count": g.goals.len(),
                }),
            );
            ctx.insert("years_with_goals", &policy_years(plan, p, &root));
        }
        _ => {}
    }
    render_to(
        theme,
        staging,
        template,
        &path,
        &urls::output_file(&path),
        &ctx,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_and_deltas() {
        assert_eq!(points(0.675), "68");
        assert_eq!(points(1.0), "100");
        assert_eq!(percent(2.0 / 3.0), "67%");
        assert_eq!(delta(0.6, 0.675), ("+8".to_string(), "up"));
        assert_eq!(delta(0.775, 0.6), ("−18".to_string(), "down"));
        assert_eq!(delta(0.7, 0.7), ("±0".to_string(), "flat"));
    }
}
