//! The department register (`content/departments.yaml`) and policy codes
//! (`content/policies.yaml`).

use super::FiscalYear;
use crate::load::yaml::Pos;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq)]
pub struct Department {
    /// `[a-z0-9-]+`, stable forever: it is the URL.
    pub id: String,
    /// The current name; a year's manifesto may carry the name used that year.
    pub name: String,
    pub kana: Option<String>,
    pub order: Option<i64>,
    /// Earlier ids whose history continues here.
    pub renamed_from: Vec<String>,
    /// First fiscal year in which the department no longer exists.
    pub abolished: Option<FiscalYear>,
    pub pos: Pos,
}

/// Whether a string is a valid department id (the URL segment).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[derive(Clone, Debug, Default)]
pub struct Register {
    /// In display order: by `order`, then kana (or name), then id.
    pub departments: Vec<Department>,
    /// Lookups by id, built on first use: a portal has thousands of departments and
    /// every page looks several up.
    index: OnceLock<Index>,
}

/// Positions in `departments` by id and by `renamed_from` id (the first one wins, as a
/// scan in display order would find it), and the length the index was built for.
#[derive(Clone, Debug, Default)]
struct Index {
    ids: HashMap<String, usize>,
    renamed: HashMap<String, usize>,
    built_for: usize,
}

impl Register {
    pub fn new(departments: Vec<Department>) -> Register {
        Register {
            departments,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            let mut index = Index {
                built_for: self.departments.len(),
                ..Index::default()
            };
            for (i, d) in self.departments.iter().enumerate() {
                index.ids.entry(d.id.clone()).or_insert(i);
                for old in &d.renamed_from {
                    index.renamed.entry(old.clone()).or_insert(i);
                }
            }
            index
        })
    }

    /// Position of `id` through `map`; falls back to a scan when `departments` was
    /// changed after the index was built.
    fn lookup(
        &self,
        map: impl Fn(&Index) -> &HashMap<String, usize>,
        id: &str,
        matches: impl Fn(&Department) -> bool,
    ) -> Option<usize> {
        let index = self.index();
        if index.built_for == self.departments.len() {
            match map(index).get(id) {
                Some(&i) if self.departments.get(i).is_some_and(&matches) => return Some(i),
                None => return None,
                Some(_) => {}
            }
        }
        self.departments.iter().position(matches)
    }

    /// Where a department stands in display order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.lookup(|x| &x.ids, id, |d| d.id == id)
    }

    pub fn get(&self, id: &str) -> Option<&Department> {
        self.position(id).map(|i| &self.departments[i])
    }

    /// The department whose history a manifesto filed under `id` belongs to: the
    /// department itself, or the one that lists `id` in `renamed_from`.
    pub fn resolve(&self, id: &str) -> Option<&Department> {
        self.get(id).or_else(|| {
            self.lookup(
                |x| &x.renamed,
                id,
                |d| d.renamed_from.iter().any(|old| old == id),
            )
            .map(|i| &self.departments[i])
        })
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.departments.iter().map(|d| d.id.as_str())
    }

    pub fn sort(&mut self) {
        self.departments.sort_by(|a, b| {
            let ka = a.kana.as_deref().unwrap_or(&a.name);
            let kb = b.kana.as_deref().unwrap_or(&b.name);
            (a.order.unwrap_or(i64::MAX), ka, &a.id).cmp(&(b.order.unwrap_or(i64::MAX), kb, &b.id))
        });
        self.index = OnceLock::new();
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub code: String,
    pub title: String,
}

/// The policy (施策) part of a goal's `policy:` code: `7-1-①･②` → `7-1`, `7-5・①` →
/// `7-5`, `5-2` → `5-2`, `-` → none. A code is the leading run of ASCII digits and
/// hyphens between digits (full-width digits and hyphens are normalized first).
pub fn policy_base(code: &str) -> Option<String> {
    let normalized: String = code
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '‐' | '−' | 'ー' => '-',
            _ => c,
        })
        .collect();
    let mut out = String::new();
    for c in normalized.chars() {
        let joins_digits = c == '-' && out.chars().last().is_some_and(|p| p.is_ascii_digit());
        if c.is_ascii_digit() || joins_digits {
            out.push(c);
        } else {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_codes_keep_the_policy_part() {
        assert_eq!(policy_base("7-1-①･②").as_deref(), Some("7-1"));
        assert_eq!(policy_base("7-5・①").as_deref(), Some("7-5"));
        assert_eq!(policy_base("7-3・②").as_deref(), Some("7-3"));
        assert_eq!(policy_base("5-2").as_deref(), Some("5-2"));
        assert_eq!(policy_base("７－１"), Some("7-1".into()));
        assert_eq!(policy_base("-"), None);
        assert_eq!(policy_base(""), None);
        assert_eq!(policy_base("なし"), None);
    }

    #[test]
    fn ids() {
        assert!(is_valid_id("digital-jichi"));
        assert!(is_valid_id("somu2"));
        assert!(!is_valid_id("Somu"));
        assert!(!is_valid_id("総務部"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a_b"));
    }
}
