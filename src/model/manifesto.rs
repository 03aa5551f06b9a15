//! One department's manifesto for one fiscal year, its goals, indicators and evaluation.

use super::{FiscalYear, ScaleKey};
use crate::load::yaml::Pos;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// A value together with where it was written, for messages that point at it.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Head {
    /// Where the `head:` mapping starts.
    pub pos: Pos,
    /// 役職
    pub title: String,
    /// 氏名
    pub name: String,
    /// Relative to `assets/`.
    pub photo: Option<Located<String>>,
    pub photo_alt: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceFormat {
    Yaml,
    Markdown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Manifesto {
    pub fy: FiscalYear,
    /// The department id the file is filed under (`department:` or the file stem).
    pub department: Located<String>,
    /// The name used that year, when it differs from the register's current name.
    pub department_name: Option<String>,
    pub head: Head,
    pub contact: Option<String>,
    pub motto: Option<String>,
    pub draft: bool,
    pub goals: Vec<Goal>,
    /// The Markdown body of a `.md` manifesto: the department's message.
    pub body: Option<String>,
    /// Path relative to the site root, with `/` separators.
    pub source: PathBuf,
    pub format: SourceFormat,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// 1-based, in the order written.
    pub number: usize,
    pub pos: Pos,
    /// 組織使命
    pub mission: String,
    /// 関連の施策・基本事業No (`-` is stored as none)
    pub policy: Option<String>,
    /// 目標の表題
    pub title: String,
    /// 【これまでの経緯】
    pub background: Option<String>,
    /// 〈現在の状態〉 / 【現状分析】
    pub current: String,
    /// 【課題】
    pub challenges: Option<String>,
    /// 〈達成目標〉 / 【目標数値】
    pub target: String,
    /// ※目標が達成した状態 / 【達成された状態】
    pub outcome: String,
    /// 手段 / 【手段・工程】
    pub means: String,
    /// 期日
    pub deadline: Option<Located<Deadline>>,
    pub indicators: Vec<Indicator>,
    pub continues: Option<Located<GoalRef>>,
    pub evaluation: Option<Evaluation>,
    /// Writing-guide lint rules silenced for this goal.
    pub lint_ignore: Vec<Located<String>>,
    /// Where each field's key is written (`"current"` → line and column), for messages
    /// about a field's text.
    pub field_pos: BTreeMap<&'static str, Pos>,
}

impl Goal {
    /// Where a field is written; the goal's own position when the field is not.
    pub fn pos_of(&self, field: &str) -> Pos {
        self.field_pos.get(field).copied().unwrap_or(self.pos)
    }
}

impl Goal {
    /// A text field by its YAML name (`current`, `reason`, …); `None` when it is absent
    /// or not a text field.
    pub fn text(&self, field: &str) -> Option<&str> {
        match field {
            "mission" => Some(&self.mission),
            "title" => Some(&self.title),
            "background" => self.background.as_deref(),
            "current" => Some(&self.current),
            "challenges" => self.challenges.as_deref(),
            "target" => Some(&self.target),
            "outcome" => Some(&self.outcome),
            "means" => Some(&self.means),
            "reason" => self.evaluation.as_ref().and_then(|e| e.reason.as_deref()),
            _ => None,
        }
    }
}

/// `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

impl Deadline {
    pub fn parse(text: &str) -> Option<Deadline> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let num = |s: &str, len: usize| -> Option<u32> {
            (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let (year, month) = (num(parts.first()?, 4)?, num(parts.get(1)?, 2)?);
        if !(1..=12).contains(&month) {
            return None;
        }
        let day = match parts.len() {
            2 => None,
            3 => {
                let d = num(parts[2], 2)?;
                jiff::civil::Date::new(year as i16, month as i8, d as i8).ok()?;
                Some(d)
            }
            _ => return None,
        };
        Some(Deadline {
            year: year as i32,
            month,
            day,
        })
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Better {
    #[default]
    Higher,
    Lower,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub name: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub baseline_label: Option<String>,
    pub target: f64,
    pub actual: Option<f64>,
    pub better: Better,
}

impl Indicator {
    /// Whether the actual value reached the target, in the indicator's direction.
    pub fn met(&self) -> Option<bool> {
        self.actual.map(|a| match self.better {
            Better::Higher => a >= self.target,
            Better::Lower => a <= self.target,
        })
    }
}

/// `<fy>/<dept>/<n>`: a goal's id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoalRef {
    pub fy: FiscalYear,
    pub department: String,
    pub number: usize,
}

impl GoalRef {
    pub fn parse(text: &str) -> Option<GoalRef> {
        let mut parts = text.trim().split('/');
        let fy = FiscalYear::parse(parts.next()?)?;
        let department = parts.next()?.to_string();
        let number: usize = parts.next()?.parse().ok()?;
        if parts.next().is_some() || number == 0 || !super::department::is_valid_id(&department) {
            return None;
        }
        Some(GoalRef {
            fy,
            department,
            number,
        })
    }
}

impl fmt::Display for GoalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.fy, self.department, self.number)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub pos: Pos,
    /// A key of the year's self scale.
    pub self_key: Option<Located<ScaleKey>>,
    /// A key of the year's leader scale.
    pub leader_key: Option<Located<ScaleKey>>,
    /// 理由 (Markdown)
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines() {
        assert_eq!(
            Deadline::parse("2024-03"),
            Some(Deadline {
                year: 2024,
                month: 3,
                day: None
            })
        );
        assert_eq!(Deadline::parse("2024-02-29").unwrap().day, Some(29));
        assert_eq!(Deadline::parse("2023-02-29"), None);
        assert_eq!(Deadline::parse("2024-13"), None);
        assert_eq!(Deadline::parse("2024-3"), None);
        assert_eq!(Deadline::parse("令和6年3月"), None);
        assert_eq!(Deadline::parse("2024-03-01-01"), None);
    }

    #[test]
    fn goal_refs() {
        let r = GoalRef::parse("2022/somu/2").unwrap();
        assert_eq!(r.fy, FiscalYear(2022));
        assert_eq!(r.department, "somu");
        assert_eq!(r.number, 2);
        assert_eq!(r.to_string(), "2022/somu/2");
        assert_eq!(GoalRef::parse("2022/somu/0"), None);
        assert_eq!(GoalRef::parse("2022/somu"), None);
        assert_eq!(GoalRef::parse("somu/2"), None);
        assert_eq!(GoalRef::parse("2022/総務部/1"), None);
    }

    #[test]
    fn indicator_direction() {
        let mut i = Indicator {
            name: "情報接触度".into(),
            unit: Some("位".into()),
            baseline: Some(251.0),
            baseline_label: None,
            target: 230.0,
            actual: Some(204.0),
            better: Better::Lower,
        };
        assert_eq!(i.met(), Some(true));
        i.better = Better::Higher;
        assert_eq!(i.met(), Some(false));
        i.actual = None;
        assert_eq!(i.met(), None);
    }
}
