//! Site settings (`site.yaml`), year settings (`_year.yaml`) and the loaded site.

use super::{Department, FiscalYear, Manifesto, Policy, Register, Scale};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub organization: String,
    pub base_url: Option<String>,
    pub language: String,
    pub theme: String,
    pub output_dir: String,
    pub license: Option<String>,
    pub contact_note: Option<String>,
}

/// Headings a year's sheet uses for the goal fields (`form:` in `_year.yaml`).
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    /// Goal field name → heading, for every field in [`Form::FIELDS`].
    pub headings: BTreeMap<String, String>,
}

impl Form {
    /// Goal fields that have a heading on the sheet, in the order of the form.
    pub const FIELDS: &'static [(&'static str, &'static str)] = &[
        ("mission", "組織使命"),
        ("policy", "関連の施策・基本事業No."),
        ("title", "目標の表題"),
        ("background", "【これまでの経緯】"),
        ("current", "〈現在の状態〉"),
        ("challenges", "【課題】"),
        ("target", "〈達成目標〉"),
        ("outcome", "※目標が達成した状態"),
        ("means", "手段"),
        ("deadline", "期日"),
        ("indicators", "指標"),
        ("evaluation", "達成状況"),
        ("reason", "理由"),
    ];

    pub fn heading<'a>(&'a self, field: &'a str) -> &'a str {
        self.headings
            .get(field)
            .map(String::as_str)
            .unwrap_or(field)
    }
}

impl Default for Form {
    fn default() -> Self {
        Form {
            headings: Form::FIELDS
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct YearSettings {
    pub published: Option<jiff::civil::Date>,
    pub draft: bool,
    pub self_scale: Scale,
    pub leader_scale: Option<Scale>,
    pub form: Form,
}

impl Default for YearSettings {
    fn default() -> Self {
        YearSettings {
            published: None,
            draft: false,
            self_scale: Scale::default_self(),
            leader_scale: None,
            form: Form::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Year {
    pub fy: FiscalYear,
    pub settings: YearSettings,
    /// Sorted by the register's display order.
    pub manifestos: Vec<Manifesto>,
}

/// Everything under a site root, loaded and validated.
#[derive(Clone, Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub register: Register,
    pub policies: Option<Vec<Policy>>,
    /// Oldest first.
    pub years: Vec<Year>,
}

impl Site {
    pub fn department(&self, id: &str) -> Option<&Department> {
        self.register.resolve(id)
    }
}
