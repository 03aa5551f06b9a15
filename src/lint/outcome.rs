//! ※目標が達成した状態 (the outcome) is the effect, not the target again.
//!
//! - `outcome-same-as-target`: 「「目標が達成した状態（アウトカム）」を「達成目標
//!   （アウトプット）」と区別して明確に記入してください。」 — the outcome says (nearly) what
//!   the target says. (A missing outcome is already an error: the field is required.)
//! - `outcome-is-output`: 「計画策定（改正）やイベント実施について記入する場合、策定や実施が
//!   ゴールとならないよう、この取組みにより期待される効果をアウトカムの視点で記入して
//!   ください。」 — the outcome ends in 策定された, 実施されている, 開催する and the like.

use super::text::{conjugate, ending, nearly_same_with, statements};
use super::{Finding, Subject};
use std::sync::LazyLock;

pub fn same_as_target(s: &Subject) -> Vec<Finding> {
    let (Some(outcome), Some(target)) = (s.text("outcome"), s.text("target")) else {
        return Vec::new();
    };
    let (a, b) = (s.bigrams("outcome", outcome), s.bigrams("target", target));
    if !nearly_same_with(outcome, &a, target, &b) {
        return Vec::new();
    }
    vec![Finding::new(
        "outcome",
        "達成目標（アウトプット）とほぼ同じ内容です。目標を達成した結果、市民や地域・組織がどのような状態になるか（アウトカム）を書いてください",
    )]
}

const OUTPUT_STEMS: &[&str] = &[
    "策定", "実施", "開催", "改正", "改定", "改訂", "制定", "設置", "完了", "公表",
];
const OUTPUT_SUFFIXES: &[&str] = &[
    "する",
    "します",
    "した",
    "している",
    "される",
    "された",
    "されている",
    "されています",
    "されました",
    "が完了している",
];

static OUTPUT_ENDINGS: LazyLock<Vec<String>> =
    LazyLock::new(|| conjugate(OUTPUT_STEMS, OUTPUT_SUFFIXES));

pub fn is_output(s: &Subject) -> Vec<Finding> {
    let Some(outcome) = s.text("outcome") else {
        return Vec::new();
    };
    let Some(last) = statements(outcome).pop() else {
        return Vec::new();
    };
    let Some(e) = ending(&last, &OUTPUT_ENDINGS) else {
        return Vec::new();
    };
    vec![Finding::new(
        "outcome",
        format!(
            "「{e}」で終わっており、策定や実施そのものがゴールになっています。その取組みによって期待される効果を書いてください"
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;

    #[test]
    fn quiet_on_an_effect() {
        assert!(run(same_as_target, &goal()).is_empty());
        assert!(run(is_output, &goal()).is_empty());
        // FY2021 デジタル自治推進局 goal 1: a plan is made, and the effect follows.
        let mut g = goal();
        g.outcome = "アクションプランが策定され、職員は基より、市民にもデジタル化により行政サービス向上への期待が育まれている。".into();
        assert!(run(is_output, &g).is_empty());
    }

    #[test]
    fn fires_when_the_outcome_repeats_the_target() {
        let mut g = goal();
        g.outcome = g.target.clone();
        let f = run(same_as_target, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "outcome");
        g.outcome = "オンラインで完結する手続が３割になっている。".into();
        assert_eq!(run(same_as_target, &g).len(), 1);
    }

    #[test]
    fn fires_when_the_outcome_is_the_plan_or_the_event() {
        let mut g = goal();
        for (outcome, e) in [
            ("人材育成基本方針が策定されている。", "策定されている"),
            ("市民向けのシンポジウムを開催する", "開催する"),
            ("条例の改正", "改正"),
        ] {
            g.outcome = outcome.into();
            let f = run(is_output, &g);
            assert_eq!(f.len(), 1, "{outcome}");
            assert!(
                f[0].message.starts_with(&format!("「{e}」")),
                "{}",
                f[0].message
            );
        }
    }
}
