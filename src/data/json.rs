//! `/<fy>/manifestos.json` and `/data/manifestos.json`: the public JSON format.
//!
//! The format is defined here, field by field, and not by deriving `Serialize` on the
//! model: the model may change, the published format must not. Every optional field is
//! always present (as `null`), so that a reader sees the same keys in every file. Text
//! fields are the Markdown as the department wrote it. The structs borrow from the model,
//! so that the all-years file of a large site costs pointers, not copies.
//! Documented in [`super::schema::JSON_FIELDS`] (shown on `/data/`) and the README.

use super::Public;
use crate::model::{Better, Evaluation, Goal, Indicator, Manifesto, Scale, ScaleKey, Year};
use crate::plan::urls;
use serde::Serialize;
use std::collections::BTreeMap;

/// Raised when a field is added, renamed or changes meaning.
pub const FORMAT_VERSION: u32 = 1;
pub const FORMAT_NAME: &str = "manifesto-open-data";

#[derive(Serialize)]
pub struct DataFile<'a> {
    pub format: &'static str,
    pub format_version: u32,
    pub title: &'a str,
    pub organization: &'a str,
    pub license: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub generator: &'static str,
    pub years: &'a [YearData<'a>],
}

#[derive(Serialize)]
pub struct YearData<'a> {
    pub fiscal_year: i32,
    pub label: String,
    pub era_label: String,
    pub era: Option<&'static str>,
    pub era_year: Option<i32>,
    pub published: Option<String>,
    pub path: String,
    pub url: Option<String>,
    pub scales: Scales<'a>,
    /// Goal field → the heading this year's sheet uses for it.
    pub headings: BTreeMap<&'a str, &'a str>,
    pub manifestos: Vec<ManifestoData<'a>>,
}

#[derive(Serialize)]
pub struct Scales<'a> {
    #[serde(rename = "self")]
    pub self_scale: ScaleData<'a>,
    pub leader: Option<ScaleData<'a>>,
}

#[derive(Serialize)]
pub struct ScaleData<'a> {
    pub label: &'a str,
    pub levels: Vec<LevelData<'a>>,
}

#[derive(Serialize)]
pub struct LevelData<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub score: f64,
    pub achieved: bool,
}

#[derive(Serialize)]
pub struct ManifestoData<'a> {
    pub id: String,
    pub path: String,
    pub url: Option<String>,
    pub department: DepartmentData<'a>,
    pub head: HeadData<'a>,
    pub contact: Option<&'a str>,
    pub motto: Option<&'a str>,
    pub message: Option<&'a str>,
    pub goals: Vec<GoalData<'a>>,
}

#[derive(Serialize)]
pub struct DepartmentData<'a> {
    pub id: &'a str,
    pub name: String,
    pub current_name: String,
    pub history_id: &'a str,
}

#[derive(Serialize)]
pub struct HeadData<'a> {
    pub title: &'a str,
    pub name: &'a str,
    pub photo: Option<String>,
    pub photo_alt: String,
}

#[derive(Serialize)]
pub struct GoalData<'a> {
    pub id: String,
    pub number: usize,
    pub path: String,
    pub url: Option<String>,
    pub mission: &'a str,
    pub policy: Option<&'a str>,
    pub policy_title: Option<&'a str>,
    pub title: &'a str,
    pub background: Option<&'a str>,
    pub current: &'a str,
    pub challenges: Option<&'a str>,
    pub target: &'a str,
    pub outcome: &'a str,
    pub means: &'a str,
    pub deadline: Option<String>,
    pub indicators: Vec<IndicatorData<'a>>,
    pub continues: Option<String>,
    pub evaluation: Option<EvaluationData<'a>>,
}

#[derive(Serialize)]
pub struct IndicatorData<'a> {
    pub name: &'a str,
    pub unit: Option<&'a str>,
    pub baseline: Option<f64>,
    pub baseline_label: Option<&'a str>,
    pub target: f64,
    pub actual: Option<f64>,
    pub better: &'static str,
    pub met: Option<bool>,
}

#[derive(Serialize)]
pub struct EvaluationData<'a> {
    #[serde(rename = "self")]
    pub self_level: Option<LevelData<'a>>,
    pub leader: Option<LevelData<'a>>,
    pub reason: Option<&'a str>,
}

fn absolute(base: Option<&str>, path: &str) -> Option<String> {
    base.map(|b| format!("{b}{path}"))
}

fn scale(s: &Scale) -> ScaleData<'_> {
    ScaleData {
        label: &s.label,
        levels: s.levels.iter().map(level_data).collect(),
    }
}

fn level_data(l: &crate::model::Level) -> LevelData<'_> {
    LevelData {
        key: &l.key.0,
        label: &l.label,
        score: l.score,
        achieved: l.achieved,
    }
}

fn level<'a>(scale: Option<&'a Scale>, key: Option<&ScaleKey>) -> Option<LevelData<'a>> {
    scale?.level(key?).map(level_data)
}

pub fn year<'a>(public: &Public<'a>, y: &'a Year, manifestos: &[&'a Manifesto]) -> YearData<'a> {
    let base = public.site.config.base_url.as_deref();
    let path = urls::year(y.fy);
    let era = y.fy.era();
    YearData {
        fiscal_year: y.fy.0,
        label: y.fy.label(),
        era_label: y.fy.era_label(),
        era: era.map(|e| e.era),
        era_year: era.map(|e| e.year),
        published: y.settings.published.map(|d| d.to_string()),
        url: absolute(base, &path),
        path,
        scales: Scales {
            self_scale: scale(&y.settings.self_scale),
            leader: y.settings.leader_scale.as_ref().map(scale),
        },
        headings: y
            .settings
            .form
            .headings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        manifestos: manifestos.iter().map(|m| manifesto(public, y, m)).collect(),
    }
}

fn manifesto<'a>(public: &Public<'a>, y: &'a Year, m: &'a Manifesto) -> ManifestoData<'a> {
    let site = public.site;
    let base = site.config.base_url.as_deref();
    let path = urls::manifesto(y.fy, &m.department.value);
    let history = site.history_id(&m.department.value);
    let name = public.department_name(m);
    let current_name = site
        .register
        .get(history)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| name.clone());
    let photo = public.photos.get(m.fy, &m.department.value).map(|p| {
        let widest = p.sizes.last().map(|(w, _)| *w).unwrap_or(240);
        p.file(widest)
    });
    let photo_alt = m
        .head
        .photo_alt
        .clone()
        .unwrap_or_else(|| format!("{name} {} {}", m.head.title, m.head.name));
    ManifestoData {
        id: format!("{}/{}", y.fy, m.department.value),
        url: absolute(base, &path),
        goals: m
            .goals
            .iter()
            .map(|g| goal(public, y, m, g, &path))
            .collect(),
        path,
        department: DepartmentData {
            id: &m.department.value,
            name,
            current_name,
            history_id: history,
        },
        head: HeadData {
            title: &m.head.title,
            name: &m.head.name,
            photo,
            photo_alt,
        },
        contact: m.contact.as_deref(),
        motto: m.motto.as_deref(),
        message: m.body.as_deref(),
    }
}

fn goal<'a>(
    public: &Public<'a>,
    y: &'a Year,
    m: &'a Manifesto,
    g: &'a Goal,
    page: &str,
) -> GoalData<'a> {
    let base = public.site.config.base_url.as_deref();
    let path = format!("{page}#{}", urls::goal_anchor(g.number));
    GoalData {
        id: format!("{}/{}/{}", y.fy, m.department.value, g.number),
        number: g.number,
        url: absolute(base, &path),
        path,
        mission: &g.mission,
        policy: g.policy.as_deref(),
        policy_title: g.policy.as_deref().and_then(|p| public.policy_title(p)),
        title: &g.title,
        background: g.background.as_deref(),
        current: &g.current,
        challenges: g.challenges.as_deref(),
        target: &g.target,
        outcome: &g.outcome,
        means: &g.means,
        deadline: g.deadline.as_ref().map(|d| d.value.to_string()),
        indicators: g.indicators.iter().map(indicator).collect(),
        continues: g.continues.as_ref().map(|c| c.value.to_string()),
        evaluation: g.evaluation.as_ref().map(|e| evaluation(y, e)),
    }
}

fn indicator(i: &Indicator) -> IndicatorData<'_> {
    IndicatorData {
        name: &i.name,
        unit: i.unit.as_deref(),
        baseline: i.baseline,
        baseline_label: i.baseline_label.as_deref(),
        target: i.target,
        actual: i.actual,
        better: match i.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
        },
        met: i.met(),
    }
}

fn evaluation<'a>(y: &'a Year, e: &'a Evaluation) -> EvaluationData<'a> {
    EvaluationData {
        self_level: level(
            Some(&y.settings.self_scale),
            e.self_key.as_ref().map(|k| &k.value),
        ),
        leader: level(
            y.settings.leader_scale.as_ref(),
            e.leader_key.as_ref().map(|k| &k.value),
        ),
        reason: e.reason.as_deref(),
    }
}

/// One file with the given years.
pub fn file<'a>(public: &Public<'a>, years: &'a [YearData<'a>]) -> DataFile<'a> {
    let c = &public.site.config;
    DataFile {
        format: FORMAT_NAME,
        format_version: FORMAT_VERSION,
        title: &c.title,
        organization: &c.organization,
        license: c.license.as_deref(),
        base_url: c.base_url.as_deref(),
        generator: concat!("manifesto ", env!("CARGO_PKG_VERSION")),
        years,
    }
}

/// A data file around its years: the bytes before the first year, and after the last.
/// A file is `head`, then its years' JSON (each `serde_json::to_vec` of a [`YearData`])
/// separated by commas, then `tail` — exactly what serialising the whole [`DataFile`]
/// gives, so each year is serialised once for its own file and the all-years file.
pub struct Frame {
    pub head: Vec<u8>,
    pub tail: &'static [u8],
}

impl Frame {
    pub fn new(public: &Public) -> Result<Frame, serde_json::Error> {
        let mut head = serde_json::to_vec(&file(public, &[]))?;
        // `years` is the last field: the empty file ends with `[]}`.
        debug_assert!(head.ends_with(b"[]}"));
        head.truncate(head.len() - 2);
        Ok(Frame { head, tail: b"]}" })
    }
}
