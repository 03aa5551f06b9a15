//! What each template receives. Every value is prepared here (Markdown already rendered
//! to safe HTML, years already labelled 2023（令和5）年度, links already relative), so that
//! templates only lay it out. The fields are documented in `docs/templates.md`.

use super::markdown::{to_html_with_ids, to_html_with_lazy_ids, to_plain};
use crate::model::{
    Better, Evaluation, FiscalYear, Goal, GoalRef, Manifesto, Scale, ScaleKey, Year,
};
use crate::plan::{Plan, urls};
use serde::Serialize;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub organization: String,
    pub language: String,
    pub license: Option<String>,
    pub contact_note_html: Option<String>,
    pub base_url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct YearLink {
    pub fy: i32,
    pub label: String,
    pub era_label: String,
    pub url: String,
    pub manifesto_count: usize,
    pub published: Option<String>,
    pub draft: bool,
}

#[derive(Serialize, Clone)]
pub struct PhotoView {
    pub src: String,
    pub srcset: Option<String>,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub placeholder: bool,
}

#[derive(Serialize, Clone)]
pub struct EvalView {
    pub key: String,
    pub label: String,
    pub scale_label: String,
    pub score: f64,
    /// Percent, for text: "70".
    pub score_percent: String,
    pub achieved: bool,
    /// 1 for the best level.
    pub rank: usize,
    pub levels: usize,
}

#[derive(Serialize, Clone)]
pub struct FieldView {
    pub key: String,
    pub heading: String,
    pub html: String,
}

#[derive(Serialize, Clone)]
pub struct IndicatorView {
    pub name: String,
    pub unit: String,
    pub baseline: Option<String>,
    pub baseline_label: Option<String>,
    pub target: String,
    pub actual: Option<String>,
    pub better: &'static str,
    pub better_label: &'static str,
    pub met: Option<bool>,
    pub met_label: Option<&'static str>,
}

#[derive(Serialize, Clone)]
pub struct GoalLink {
    pub label: String,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct GoalView {
    pub number: usize,
    pub anchor: String,
    pub id: String,
    pub mission_html: String,
    pub policy: Option<String>,
    /// The policy's page (`/policies/<code>/`), when policies.yaml exists.
    pub policy_url: Option<String>,
    pub title: String,
    pub sections: Vec<FieldView>,
    pub deadline: Option<String>,
    pub indicators: Vec<IndicatorView>,
    pub continues: Option<GoalLink>,
    pub continued_by: Vec<GoalLink>,
    pub self_eval: Option<EvalView>,
    pub leader_eval: Option<EvalView>,
    pub reason_html: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct CardGoal {
    pub number: usize,
    pub title: String,
    pub url: String,
    pub self_eval: Option<EvalView>,
}

#[derive(Serialize, Clone)]
pub struct ManifestoCard {
    pub department_id: String,
    pub department_name: String,
    pub head_title: String,
    pub head_name: String,
    pub url: String,
    pub photo: PhotoView,
    pub goals: Vec<CardGoal>,
    pub goal_count: usize,
    pub evaluated_count: usize,
    pub achieved_count: usize,
    pub draft: bool,
}

#[derive(Serialize, Clone)]
pub struct ScaleView {
    pub label: String,
    pub levels: Vec<LevelView>,
}

#[derive(Serialize, Clone)]
pub struct LevelView {
    pub key: String,
    pub label: String,
    pub achieved: bool,
}

/// Shared by every page.
#[derive(Serialize)]
pub struct Common {
    pub site: SiteView,
    /// Relative prefix back to the site root: `../../`.
    pub root: String,
    /// Where the theme's static files and head photos are referenced from: `root`,
    /// except on the pages of a year being archived (`../_assets/`): see `archive`.
    pub asset_root: String,
    /// Site-relative path of this page: `2023/somu/`.
    pub path: String,
    /// Absolute URL of this page when `base_url` is set.
    pub canonical: Option<String>,
    /// Every published year, newest first.
    pub years: Vec<YearLink>,
    pub generator: &'static str,
}

/// A number as pages and data show it: at most four decimals, no trailing zeros.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return format!("{}", v as i64);
    }
    // The shortest form that reads back as `v` (`23.2`), when it has at most four
    // decimals, is also `v` rounded to four: `v` is within half a unit in the last
    // place of it, far less than 0.00005 below 1e11. Rounding to four decimals
    // exactly (below) is several times slower; the test compares the two.
    if v.abs() < 1e11 {
        let s = v.to_string();
        if s.split_once('.')
            .is_some_and(|(_, decimals)| decimals.len() <= 4)
        {
            return s;
        }
    }
    number_rounded(v)
}

fn number_rounded(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub fn site_view(plan: &Plan) -> SiteView {
    let c = &plan.site.config;
    SiteView {
        title: c.title.clone(),
        organization: c.organization.clone(),
        language: c.language.clone(),
        license: c.license.clone(),
        contact_note_html: c
            .contact_note
            .as_deref()
            .map(|t| to_html_with_ids(t, 2, "note-fn-")),
        base_url: c.base_url.clone(),
    }
}

pub fn year_link(year: &Year, count: usize) -> YearLink {
    YearLink {
        fy: year.fy.0,
        label: year.fy.label(),
        era_label: year.fy.era_label(),
        url: urls::year(year.fy),
        manifesto_count: count,
        published: year
            .settings
            .published
            .map(|d| japanese_date(d.year() as i32, d.month() as u32, Some(d.day() as u32))),
        draft: year.settings.draft,
    }
}

pub fn common(plan: &Plan, path: &str, site: &SiteView) -> Common {
    let root = urls::root_prefix(path);
    Common {
        site: site.clone(),
        asset_root: asset_root(plan, &root, path),
        root,
        path: path.to_string(),
        canonical: canonical(plan, path),
        years: plan
            .years
            .iter()
            .rev()
            .map(|py| year_link(py.year, py.manifestos.len()))
            .collect(),
        generator: concat!("manifesto ", env!("CARGO_PKG_VERSION")),
    }
}

fn asset_root(plan: &Plan, root: &str, path: &str) -> String {
    plan.asset_root(
        root,
        path.split_once('/')
            .and_then(|(first, _)| FiscalYear::parse(first)),
    )
}

fn canonical(plan: &Plan, path: &str) -> Option<String> {
    plan.site
        .config
        .base_url
        .as_ref()
        .map(|b| format!("{b}{path}"))
}

/// The context every page starts from: [`Common`], built once per build with the
/// fields that depend on the page (`root`, `asset_root`, `path`, `canonical`) replaced
/// for each page. Tera's values are reference-counted, so the copy is cheap; building
/// the year list and site values again for each of 10,000 pages was not.
use tera::Value;

pub struct BaseContext {
    ctx: tera::Context,
    /// Per planned year (the plan's order): what the year page and every manifesto page
    /// of that year show alike, made into Tera values once ([`BaseContext::insert_year`]).
    years: Vec<Vec<(&'static str, tera::Value)>>,
}

impl BaseContext {
    pub fn new(plan: &Plan) -> BaseContext {
        let site = site_view(plan);
        let years = plan
            .years
            .iter()
            .map(|py| {
                let year = py.year;
                let form = &year.settings.form;
                let headings: std::collections::BTreeMap<&str, &str> = crate::model::Form::FIELDS
                    .iter()
                    .map(|(k, _)| (*k, form.heading(k)))
                    .collect();
                vec![
                    (
                        "year",
                        Value::from_serializable(&year_link(year, py.manifestos.len())),
                    ),
                    (
                        "self_scale",
                        Value::from_serializable(&scale_view(&year.settings.self_scale)),
                    ),
                    (
                        "leader_scale",
                        Value::from_serializable(
                            &year.settings.leader_scale.as_ref().map(scale_view),
                        ),
                    ),
                    ("headings", Value::from_serializable(&headings)),
                ]
            })
            .collect();
        BaseContext {
            ctx: tera::Context::from_serialize(&common(plan, "", &site)).unwrap_or_default(),
            years,
        }
    }

    /// Insert `year`, `self_scale`, `leader_scale` and `headings` of planned year `yi`
    /// (the same as inserting `year_link`, `scale_view`s and the form's headings).
    pub fn insert_year(&self, ctx: &mut tera::Context, yi: usize) {
        for (key, value) in &self.years[yi] {
            ctx.insert_value(*key, value.clone());
        }
    }

    /// The same as `Context::from_serialize(&common(plan, path, …))`.
    pub fn page(&self, plan: &Plan, path: &str) -> tera::Context {
        let mut ctx = self.ctx.clone();
        let root = urls::root_prefix(path);
        ctx.insert("asset_root", &asset_root(plan, &root, path));
        ctx.insert("root", &root);
        ctx.insert("path", path);
        ctx.insert("canonical", &canonical(plan, path));
        ctx
    }
}

/// `2024年3月`, `2024年3月31日`.
pub fn japanese_date(year: i32, month: u32, day: Option<u32>) -> String {
    match day {
        Some(d) => format!("{year}年{month}月{d}日"),
        None => format!("{year}年{month}月"),
    }
}

pub fn department_name(plan: &Plan, m: &Manifesto) -> String {
    m.department_name.clone().unwrap_or_else(|| {
        plan.site
            .register
            .resolve(&m.department.value)
            .map(|d| d.name.clone())
            .unwrap_or_else(|| m.department.value.clone())
    })
}

pub fn photo(plan: &Plan, m: &Manifesto, root: &str) -> PhotoView {
    let root = &plan.asset_root(root, Some(m.fy));
    let dept = department_name(plan, m);
    let alt = m
        .head
        .photo_alt
        .clone()
        .unwrap_or_else(|| format!("{dept} {} {}", m.head.title, m.head.name));
    match plan.photos.get(m.fy, &m.department.value) {
        Some(p) => {
            // The 240-pixel file suits the profile at 1× and the card at 2×; the browser
            // picks from `srcset` by the `sizes` the template gives.
            let (w, h) = p
                .sizes
                .iter()
                .copied()
                .find(|(w, _)| *w >= 240)
                .unwrap_or_else(|| *p.sizes.last().unwrap_or(&(240, 320)));
            PhotoView {
                src: format!("{root}{}", p.file(w)),
                srcset: Some(
                    p.sizes
                        .iter()
                        .map(|(w, _)| format!("{root}{} {w}w", p.file(*w)))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                width: w,
                height: h,
                alt,
                placeholder: false,
            }
        }
        None => PhotoView {
            src: format!("{root}theme/placeholder-portrait.svg"),
            srcset: None,
            width: 300,
            height: 400,
            alt,
            placeholder: true,
        },
    }
}

fn eval_view(scale: &Scale, key: &ScaleKey) -> Option<EvalView> {
    let rank = scale.levels.iter().position(|l| &l.key == key)?;
    let level = &scale.levels[rank];
    Some(EvalView {
        key: level.key.0.clone(),
        label: level.label.clone(),
        scale_label: scale.label.clone(),
        score: level.score,
        score_percent: number((level.score * 100.0).round()),
        achieved: level.achieved,
        rank: rank + 1,
        levels: scale.levels.len(),
    })
}

pub fn evaluations(year: &Year, ev: Option<&Evaluation>) -> (Option<EvalView>, Option<EvalView>) {
    let Some(ev) = ev else { return (None, None) };
    let s = ev
        .self_key
        .as_ref()
        .and_then(|k| eval_view(&year.settings.self_scale, &k.value));
    let l = match (&ev.leader_key, &year.settings.leader_scale) {
        (Some(k), Some(scale)) => eval_view(scale, &k.value),
        _ => None,
    };
    (s, l)
}

pub fn scale_view(scale: &Scale) -> ScaleView {
    ScaleView {
        label: scale.label.clone(),
        levels: scale
            .levels
            .iter()
            .map(|l| LevelView {
                key: l.key.0.clone(),
                label: l.label.clone(),
                achieved: l.achieved,
            })
            .collect(),
    }
}

pub fn card(plan: &Plan, year: &Year, m: &Manifesto, root: &str) -> ManifestoCard {
    let url = format!("{root}{}", urls::manifesto(year.fy, &m.department.value));
    let goals: Vec<CardGoal> = m
        .goals
        .iter()
        .map(|g| CardGoal {
            number: g.number,
            title: g.title.clone(),
            url: format!("{url}#{}", urls::goal_anchor(g.number)),
            self_eval: evaluations(year, g.evaluation.as_ref()).0,
        })
        .collect();
    let evaluated_count = goals.iter().filter(|g| g.self_eval.is_some()).count();
    let achieved_count = goals
        .iter()
        .filter(|g| g.self_eval.as_ref().is_some_and(|e| e.achieved))
        .count();
    ManifestoCard {
        department_id: m.department.value.clone(),
        department_name: department_name(plan, m),
        head_title: m.head.title.clone(),
        head_name: m.head.name.clone(),
        url,
        photo: photo(plan, m, root),
        goal_count: goals.len(),
        goals,
        evaluated_count,
        achieved_count,
        draft: m.draft,
    }
}

fn goal_link(plan: &Plan, r: &GoalRef, root: &str) -> Option<GoalLink> {
    let history = plan.site.history_id(&r.department);
    let m = plan.manifesto(r.fy, history)?;
    let goal = m.goals.get(r.number.checked_sub(1)?)?;
    Some(GoalLink {
        label: format!(
            "{} {} 部局目標{}",
            r.fy.label(),
            department_name(plan, m),
            r.number
        ),
        title: goal.title.clone(),
        url: format!(
            "{root}{}#{}",
            urls::manifesto(r.fy, &m.department.value),
            urls::goal_anchor(r.number)
        ),
    })
}

/// Goal fields in the order of the paper form, under the year's headings.
const SECTION_FIELDS: &[&str] = &[
    "background",
    "current",
    "challenges",
    "target",
    "outcome",
    "means",
];

pub fn goal_view(plan: &Plan, year: &Year, m: &Manifesto, g: &Goal, root: &str) -> GoalView {
    let form = &year.settings.form;
    let sections = SECTION_FIELDS
        .iter()
        .filter_map(|f| {
            g.text(f).map(|t| FieldView {
                key: f.to_string(),
                heading: form.heading(f).to_string(),
                html: to_html_with_lazy_ids(t, 4, || format!("goal-{}-{f}-fn-", g.number)),
            })
        })
        .collect();
    let history = plan.site.history_id(&m.department.value).to_string();
    let me = GoalRef {
        fy: year.fy,
        department: history,
        number: g.number,
    };
    let (self_eval, leader_eval) = evaluations(year, g.evaluation.as_ref());
    GoalView {
        number: g.number,
        anchor: urls::goal_anchor(g.number),
        id: format!("{}/{}/{}", year.fy, m.department.value, g.number),
        mission_html: to_html_with_lazy_ids(&g.mission, 4, || {
            format!("goal-{}-mission-fn-", g.number)
        }),
        policy: g.policy.clone(),
        policy_url: g
            .policy
            .as_deref()
            .and_then(|p| plan.history.policy_group(p))
            .and_then(|i| plan.history.policies.as_ref()?.get(i))
            .map(|group| format!("{root}{}", urls::policy(&group.code))),
        title: g.title.clone(),
        sections,
        deadline: g
            .deadline
            .as_ref()
            .map(|d| japanese_date(d.value.year, d.value.month, d.value.day)),
        indicators: g.indicators.iter().map(indicator_view).collect(),
        continues: g
            .continues
            .as_ref()
            .and_then(|c| goal_link(plan, &c.value, root)),
        continued_by: plan
            .continued_by(&me)
            .iter()
            .filter_map(|r| goal_link(plan, r, root))
            .collect(),
        self_eval,
        leader_eval,
        reason_html: g
            .evaluation
            .as_ref()
            .and_then(|e| e.reason.as_deref())
            .map(|r| to_html_with_lazy_ids(r, 4, || format!("goal-{}-reason-fn-", g.number))),
    }
}

fn indicator_view(i: &crate::model::Indicator) -> IndicatorView {
    let met = i.met();
    IndicatorView {
        name: i.name.clone(),
        unit: i.unit.clone().unwrap_or_default(),
        baseline: i.baseline.map(number),
        baseline_label: i.baseline_label.clone(),
        target: number(i.target),
        actual: i.actual.map(number),
        better: match i.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
        },
        better_label: match i.better {
            Better::Higher => "高いほど良い",
            Better::Lower => "低いほど良い",
        },
        met,
        met_label: met.map(|m| {
            if m {
                "目標値に到達"
            } else {
                "目標値に未到達"
            }
        }),
    }
}

/// A short description for `<meta name="description">`.
pub fn description(text: &str) -> String {
    let plain = to_plain(text);
    let mut out: String = plain.chars().take(110).collect();
    if plain.chars().count() > 110 {
        out.push('…');
    }
    out
}

pub fn fy_label(fy: FiscalYear) -> String {
    fy.label()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_at_most_four_decimals() {
        assert_eq!(number(23.2), "23.2");
        assert_eq!(number(70.0), "70");
        assert_eq!(number(0.123456), "0.1235");
        assert_eq!(number(-0.00001), "-0");
        assert_eq!(number(1.00005), "1.0001");
        assert_eq!(number(f64::NAN), "NaN");
    }

    #[test]
    fn the_short_way_equals_rounding_to_four_decimals() {
        // Values with one to six decimals around every scale, as sheets have them, and
        // pseudo-random bit patterns (xorshift) over all magnitudes.
        let mut values = Vec::new();
        for scale in [
            1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 1e3, 1e6, 1e9, 1e10, 1e12,
        ] {
            for k in 0..2000 {
                values.push(k as f64 * 0.000_37 * scale + scale);
                values.push(-(k as f64) * 0.1 * scale);
            }
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push(f64::from_bits(x));
            values.push((x % 10_000_000) as f64 / 10f64.powi((x % 7) as i32));
        }
        values.extend([
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.00005,
            0.00015,
            99999.99995,
        ]);
        for v in values {
            let exact = if v.fract() == 0.0 && v.abs() < 1e15 {
                format!("{}", v as i64)
            } else {
                number_rounded(v)
            };
            assert_eq!(number(v), exact, "{v:?}");
        }
    }
}
