//! `unfilled`: a field still holds the placeholder that `manifesto new` writes.
//!
//! `new` fills every required field it cannot carry over with [`PLACEHOLDER`], so that
//! the sheet is valid YAML, loads, and `check` lists exactly what is left to write.

use super::{Finding, Subject};
use crate::load::yaml::Pos;
use crate::model::Manifesto;

/// What `manifesto new` writes into a field for staff to replace.
pub const PLACEHOLDER: &str = "【未記入】";

/// Every rule asks this of each field it reads (`Subject::text`): a vectorised search
/// is several times cheaper than `str::contains` on Japanese text.
pub fn is_placeholder(text: &str) -> bool {
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(PLACEHOLDER));
    FINDER.find(text.as_bytes()).is_some()
}

const GOAL_TEXT_FIELDS: &[&str] = &[
    "mission",
    "title",
    "background",
    "current",
    "challenges",
    "target",
    "outcome",
    "means",
];

pub fn check(s: &Subject) -> Vec<Finding> {
    let g = s.goal;
    let mut out: Vec<Finding> = GOAL_TEXT_FIELDS
        .iter()
        .filter(|f| g.text(f).is_some_and(is_placeholder))
        .map(|f| Finding::new(f, format!("{PLACEHOLDER}のままです。記入してください")))
        .collect();
    if let Some(reason) = g.text("reason")
        && is_placeholder(reason)
    {
        out.push(Finding::new(
            "evaluation",
            format!("理由が{PLACEHOLDER}のままです。記入してください"),
        ));
    }
    out
}

/// The placeholder in the head's title or name (where `new` puts it when there is no
/// earlier sheet to carry the head over from), at the `head:` mapping.
pub fn check_manifesto(m: &Manifesto) -> Vec<(Pos, String)> {
    [
        ("部局長の役職", "head.title", &m.head.title),
        ("部局長の氏名", "head.name", &m.head.name),
    ]
    .into_iter()
    .filter(|(_, _, v)| is_placeholder(v))
    .map(|(label, field, _)| {
        (
            m.head.pos,
            format!("{label}（`{field}`）が{PLACEHOLDER}のままです。記入してください"),
        )
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{evaluation, goal, manifesto, run};
    use super::*;

    #[test]
    fn placeholder_is_found_anywhere_in_a_text() {
        assert!(is_placeholder(PLACEHOLDER));
        assert!(is_placeholder("前の文。【未記入】\n- 後"));
        assert!(!is_placeholder("【未記"));
        assert!(!is_placeholder("未記入"));
        assert!(!is_placeholder(""));
    }

    #[test]
    fn quiet_on_a_written_goal() {
        assert!(run(check, &goal()).is_empty());
        assert!(check_manifesto(&manifesto(vec![goal()])).is_empty());
    }

    #[test]
    fn names_every_unfilled_field() {
        let mut g = goal();
        g.current = PLACEHOLDER.into();
        g.means = format!("{PLACEHOLDER}\n");
        g.evaluation = Some(evaluation(Some("3"), Some(PLACEHOLDER)));
        let f = run(check, &g);
        let fields: Vec<&str> = f.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["current", "means", "evaluation"]);
    }

    #[test]
    fn the_head_too() {
        let mut m = manifesto(vec![goal()]);
        m.head.name = PLACEHOLDER.into();
        let found = check_manifesto(&m);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, m.head.pos);
        assert!(found[0].1.starts_with("部局長の氏名（`head.name`）"));
    }
}
