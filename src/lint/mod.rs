//! The writing-guide lint: `check`'s warnings from the city's guide 「部局目標シート作成の
//! 留意点」 (seed 002) — what each field of a goal must and must not contain.
//!
//! Each rule looks at one goal and returns findings; this module turns them into
//! warnings that name the rule, the goal (部局目標N) and the field under the year's own
//! heading, quote the guide, and say how to silence the rule for that goal
//! (`lint_ignore: [rule-id]`).
//!
//! The rules read Japanese text: full-width digits and `％` count as numbers
//! ([`measurable`]), predicates are found at the end of each statement and texts are
//! compared by character pairs ([`text`]).

mod current;
mod deadline;
mod evaluation;
mod means;
pub mod measurable;
mod outcome;
mod target;
pub mod text;
mod title;
pub mod unfilled;

use crate::diagnostics::{Diagnostic, suggest};
use crate::model::{FiscalYear, Form, Goal, Manifesto, Site};

pub use unfilled::PLACEHOLDER;

/// One writing-guide rule.
pub struct Rule {
    /// What `lint_ignore:` names and warnings end with: `[target-not-measurable]`.
    pub id: &'static str,
    /// What the warning's note says: the guide's own words (seed 002), quoted as
    /// 留意点「…」.
    pub guide: Guide,
    pub check: fn(&Subject) -> Vec<Finding>,
}

/// Where a rule's advice comes from.
#[derive(Clone, Copy, Debug)]
pub enum Guide {
    /// Words of 「部局目標シート作成の留意点」, verbatim.
    Quote(&'static str),
    /// Our own words, where the guide says nothing (the sheet's pairs of columns).
    Note(&'static str),
}

impl Guide {
    pub fn note(self) -> String {
        match self {
            Guide::Quote(words) => format!("note: 留意点「{words}」"),
            Guide::Note(words) => format!("note: {words}"),
        }
    }
}

/// What a rule found: the field it is about and a one-line reason in Japanese.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub field: &'static str,
    pub message: String,
}

impl Finding {
    pub fn new(field: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            field,
            message: message.into(),
        }
    }
}

/// A goal as the rules see it.
pub struct Subject<'a> {
    pub goal: &'a Goal,
    pub fy: FiscalYear,
    /// The content bigrams of the fields compared so far (several rules compare the
    /// same fields: the target with the outcome and the means, the title with the
    /// means and the mission).
    bigrams: std::cell::RefCell<Vec<(&'static str, std::rc::Rc<text::Bigrams>)>>,
}

impl<'a> Subject<'a> {
    pub fn new(goal: &'a Goal, fy: FiscalYear) -> Self {
        Subject {
            goal,
            fy,
            bigrams: Default::default(),
        }
    }

    /// [`text::Bigrams`] of `value`, the text of `field`, made once per goal.
    pub fn bigrams(&self, field: &'static str, value: &str) -> std::rc::Rc<text::Bigrams> {
        let mut cache = self.bigrams.borrow_mut();
        if let Some((_, b)) = cache.iter().find(|(f, _)| *f == field) {
            return b.clone();
        }
        let b = std::rc::Rc::new(text::Bigrams::of(value));
        cache.push((field, b.clone()));
        b
    }

    /// A text field's value — `None` when the field is absent, blank or still holds the
    /// placeholder of `manifesto new` (which the `unfilled` rule reports instead).
    pub fn text(&self, field: &str) -> Option<&'a str> {
        let value = self.goal.text(field)?;
        (!value.trim().is_empty() && !unfilled::is_placeholder(value)).then_some(value)
    }
}

/// Every rule, in the order of the sheet's fields.
pub const RULES: &[Rule] = &[
    Rule {
        id: "unfilled",
        guide: Guide::Note(
            "公表する前に、すべての欄を記入してください（`manifesto new` が置いた「【未記入】」が残っています）。",
        ),
        check: unfilled::check,
    },
    Rule {
        id: "title-repeats-mission",
        guide: Guide::Quote(
            "組織使命と同内容とならないように目標の必要性を検討し記入してください。",
        ),
        check: title::repeats_mission,
    },
    Rule {
        id: "current-not-factual",
        guide: Guide::Quote(
            "「求められている」や「必要となっている」という表現ではなく、客観的事実として記入してください。",
        ),
        check: current::not_factual,
    },
    Rule {
        id: "target-not-measurable",
        guide: Guide::Quote(
            "目標の達成度を客観的に判断するために曖昧な表現は避け、後から評価できるものとしてください。",
        ),
        check: target::not_measurable,
    },
    Rule {
        id: "target-vague-verb",
        guide: Guide::Quote(
            "目標の達成度を客観的に判断するために曖昧な表現は避け、後から評価できるものとしてください。",
        ),
        check: target::vague_verb,
    },
    Rule {
        id: "outcome-same-as-target",
        guide: Guide::Quote(
            "「目標が達成した状態（アウトカム）」を「達成目標（アウトプット）」と区別して明確に記入してください。",
        ),
        check: outcome::same_as_target,
    },
    Rule {
        id: "outcome-is-output",
        guide: Guide::Quote(
            "計画策定（改正）やイベント実施について記入する場合、策定や実施がゴールとならないよう、この取組みにより期待される効果をアウトカムの視点で記入してください。",
        ),
        check: outcome::is_output,
    },
    Rule {
        id: "means-restates-goal",
        guide: Guide::Quote(
            "目標ではなく手段を記入してください。目標達成までのプロセスを詳しく（具体的に）記入してください。",
        ),
        check: means::restates_goal,
    },
    Rule {
        id: "deadline-outside-year",
        guide: Guide::Quote(
            "本年度の取組みによる達成点を目標の表題と合致するよう分かりやすく記入してください。",
        ),
        check: deadline::outside_year,
    },
    Rule {
        id: "evaluation-without-reason",
        guide: Guide::Note(
            "様式では「達成状況」と「理由」は対の欄です。評価にはその理由を記入してください。",
        ),
        check: evaluation::without_reason,
    },
    Rule {
        id: "reason-without-evaluation",
        guide: Guide::Note(
            "様式では「達成状況」と「理由」は対の欄です。理由を書いたら達成状況（評価）も記入してください。",
        ),
        check: evaluation::reason_without_evaluation,
    },
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Lint every manifesto of a loaded site.
pub fn lint(site: &Site) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // In parallel, one manifesto at a time; the result keeps the sequential order.
    let all: Vec<(&Manifesto, FiscalYear, &Form)> = site
        .years
        .iter()
        .flat_map(|y| y.manifestos.iter().map(|m| (m, y.fy, &y.settings.form)))
        .collect();
    all.par_iter()
        .map(|&(m, fy, form)| {
            let mut out = Vec::new();
            lint_manifesto(m, fy, form, &mut out);
            out
        })
        .flatten_iter()
        .collect()
}

pub fn lint_manifesto(m: &Manifesto, fy: FiscalYear, form: &Form, out: &mut Vec<Diagnostic>) {
    for (pos, message) in unfilled::check_manifesto(m) {
        out.push(
            Diagnostic::warning(&m.source, Some(pos), format!("{message} [unfilled]"))
                .with_note(RULES[0].guide.note()),
        );
    }
    for goal in &m.goals {
        unknown_ignores(m, goal, out);
        let subject = Subject::new(goal, fy);
        for rule in RULES {
            if goal.lint_ignore.iter().any(|i| i.value == rule.id) {
                continue;
            }
            for finding in (rule.check)(&subject) {
                out.push(warning(m, goal, form, rule, finding));
            }
        }
    }
}

fn warning(m: &Manifesto, goal: &Goal, form: &Form, rule: &Rule, f: Finding) -> Diagnostic {
    let heading = form.heading(f.field);
    let d = Diagnostic::warning(
        &m.source,
        Some(goal.pos_of(f.field)),
        format!(
            "部局目標{}の{heading}（`{}`）: {} [{}]",
            goal.number, f.field, f.message, rule.id
        ),
    )
    .with_note(rule.guide.note());
    if rule.id == "unfilled" {
        d
    } else {
        d.with_note(format!(
            "help: 意図どおりの記載なら、この目標に `lint_ignore: [{}]` と書くとこの警告は出なくなります",
            rule.id
        ))
    }
}

fn unknown_ignores(m: &Manifesto, goal: &Goal, out: &mut Vec<Diagnostic>) {
    for ignore in &goal.lint_ignore {
        if rule(&ignore.value).is_some() {
            continue;
        }
        let mut d = Diagnostic::warning(
            &m.source,
            Some(ignore.pos),
            format!(
                "unknown rule \"{}\" in `lint_ignore` of 部局目標{}",
                ignore.value, goal.number
            ),
        );
        if let Some(s) = suggest::closest(&ignore.value, RULES.iter().map(|r| r.id)) {
            d = d.with_note(format!("help: did you mean \"{s}\"?"));
        }
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        out.push(d.with_note(format!("note: the rules are: {}", ids.join(", "))));
    }
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::fixture::{goal, manifesto};
    use super::*;
    use crate::model::Located;

    fn lint_one(m: &Manifesto) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        lint_manifesto(m, FiscalYear(2023), &Form::default(), &mut out);
        out
    }

    #[test]
    fn a_fields_bigrams_are_made_once_per_goal() {
        let g = goal();
        let s = Subject::new(&g, FiscalYear(2023));
        let a = s.bigrams("target", "達成目標を定める");
        let b = s.bigrams("target", "達成目標を定める");
        assert!(std::rc::Rc::ptr_eq(&a, &b));
        assert_eq!(*a, text::Bigrams::of("達成目標を定める"));
        assert!(!std::rc::Rc::ptr_eq(
            &a,
            &s.bigrams("title", "達成目標を定める")
        ));
    }

    #[test]
    fn a_good_goal_is_quiet() {
        assert_eq!(lint_one(&manifesto(vec![goal()])), vec![]);
    }

    #[test]
    fn warnings_name_rule_goal_and_field_under_the_years_heading() {
        let mut g = goal();
        g.current = "簡素化が求められている。".into();
        let mut m = manifesto(vec![goal(), g]);
        m.goals[1].number = 2;
        let mut form = Form::default();
        form.headings
            .insert("current".into(), "【現状分析】".into());
        let mut out = Vec::new();
        lint_manifesto(&m, FiscalYear(2023), &form, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        let d = &out[0];
        assert!(!d.is_error());
        assert_eq!(d.pos, Some(m.goals[1].pos_of("current")));
        assert!(
            d.message
                .starts_with("部局目標2の【現状分析】（`current`）: 「求められている」"),
            "{}",
            d.message
        );
        assert!(
            d.message.ends_with("[current-not-factual]"),
            "{}",
            d.message
        );
        assert!(d.notes[0].contains("客観的事実として記入してください"));
        assert!(d.notes[1].contains("lint_ignore: [current-not-factual]"));
    }

    #[test]
    fn lint_ignore_silences_a_rule_for_that_goal_only() {
        let mut g = goal();
        g.current = "簡素化が求められている。".into();
        let mut ignored = g.clone();
        ignored.lint_ignore = vec![Located {
            value: "current-not-factual".into(),
            pos: Default::default(),
        }];
        let out = lint_one(&manifesto(vec![ignored, g]));
        assert_eq!(out.len(), 1, "{out:?}");
    }

    #[test]
    fn unknown_rule_in_lint_ignore_is_a_warning_with_a_suggestion() {
        let mut g = goal();
        g.lint_ignore = vec![Located {
            value: "current-not-factal".into(),
            pos: crate::load::yaml::Pos::new(9, 20),
        }];
        let out = lint_one(&manifesto(vec![g]));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "unknown rule \"current-not-factal\" in `lint_ignore` of 部局目標1"
        );
        assert_eq!(out[0].pos, Some(crate::load::yaml::Pos::new(9, 20)));
        assert_eq!(
            out[0].notes[0],
            "help: did you mean \"current-not-factual\"?"
        );
    }

    #[test]
    fn rule_ids_are_unique_and_well_formed() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(
                r.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                r.id
            );
            assert!(RULES[..i].iter().all(|o| o.id != r.id), "{}", r.id);
        }
    }
}
