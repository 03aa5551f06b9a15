//! The year-end columns come in pairs: 達成状況 (the evaluation key) and 理由 (why).
//!
//! - `evaluation-without-reason`: `self:` or `leader:` without `reason:`.
//! - `reason-without-evaluation`: `reason:` without `self:` or `leader:`.

use super::{Finding, Subject};

pub fn without_reason(s: &Subject) -> Vec<Finding> {
    let Some(ev) = &s.goal.evaluation else {
        return Vec::new();
    };
    if (ev.self_key.is_some() || ev.leader_key.is_some()) && ev.reason.is_none() {
        return vec![Finding::new(
            "evaluation",
            "達成状況が記入されていますが、理由がありません。`reason:` に取組みの結果と評価の根拠を書いてください",
        )];
    }
    Vec::new()
}

pub fn reason_without_evaluation(s: &Subject) -> Vec<Finding> {
    let Some(ev) = &s.goal.evaluation else {
        return Vec::new();
    };
    if ev.self_key.is_none() && ev.leader_key.is_none() && s.text("reason").is_some() {
        return vec![Finding::new(
            "evaluation",
            "理由が書かれていますが、達成状況（`self:` の評価）がありません",
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{evaluation, goal, run};
    use super::*;

    #[test]
    fn quiet_without_evaluation_or_with_both() {
        assert!(run(without_reason, &goal()).is_empty());
        assert!(run(reason_without_evaluation, &goal()).is_empty());
        let mut g = goal();
        g.evaluation = Some(evaluation(Some("3"), Some("目標どおり３割に達した。")));
        assert!(run(without_reason, &g).is_empty());
        assert!(run(reason_without_evaluation, &g).is_empty());
    }

    #[test]
    fn fires_on_a_key_without_reason() {
        let mut g = goal();
        g.evaluation = Some(evaluation(Some("3"), None));
        let f = run(without_reason, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "evaluation");
        assert!(run(reason_without_evaluation, &g).is_empty());
    }

    #[test]
    fn fires_on_a_reason_without_key() {
        let mut g = goal();
        g.evaluation = Some(evaluation(None, Some("研修を４回実施した。")));
        assert_eq!(run(reason_without_evaluation, &g).len(), 1);
        assert!(run(without_reason, &g).is_empty());
    }
}
