//! `current-not-factual`: 〈現在の状態〉 states facts, not needs.
//!
//! 「「求められている」や「必要となっている」という表現ではなく、客観的事実として記入して
//! ください。」 Needs belong in 【課題】 (`challenges`), which this rule does not read.

use super::text::{find_phrases, quote_all};
use super::{Finding, Subject};

/// Phrases that state a need or an expectation instead of a fact; longer forms first so
/// that each is quoted once.
const NEED_PHRASES: &[&str] = &[
    "求められている",
    "求められています",
    "求められる",
    "必要となっている",
    "必要となっています",
    "必要になっている",
    "必要とされている",
    "必要となる",
    "必要がある",
    "必要があります",
    "必要である",
    "必要です",
    "望まれている",
    "望まれる",
    "期待されている",
    "急務となっている",
    "急務である",
    "不可欠である",
    "不可欠となっている",
    "べきである",
];

pub fn not_factual(s: &Subject) -> Vec<Finding> {
    let Some(current) = s.text("current") else {
        return Vec::new();
    };
    let found = find_phrases(current, NEED_PHRASES);
    if found.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        "current",
        format!(
            "{}は求め・必要を述べる表現です。現在の状態は数値や経緯などの客観的事実で書き、必要なことは課題や達成目標に書いてください",
            quote_all(&found)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;

    #[test]
    fn quiet_on_facts() {
        assert!(run(not_factual, &goal()).is_empty());
        let mut g = goal();
        g.current =
            "- eモニターに約1000 人が登録している。\n- 市民に必要な情報が届いていない場合がある。"
                .into();
        assert!(run(not_factual, &g).is_empty());
    }

    #[test]
    fn fires_on_needs_and_quotes_each_once() {
        // FY2023 総務部 goal 6.
        let mut g = goal();
        g.current = "- より有効な評価方法等を検討する必要がある。\n- 書類の簡素化を図ることが求められている。".into();
        let f = run(not_factual, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "current");
        assert!(
            f[0].message
                .starts_with("「求められている」「必要がある」は"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn fires_on_the_guides_own_examples() {
        let mut g = goal();
        g.current = "人材の確保が必要となっている".into();
        assert!(
            run(not_factual, &g)[0]
                .message
                .contains("「必要となっている」")
        );
    }

    #[test]
    fn does_not_read_challenges() {
        let mut g = goal();
        g.challenges = Some("方針を策定していく必要がある".into());
        assert!(run(not_factual, &g).is_empty());
    }
}
