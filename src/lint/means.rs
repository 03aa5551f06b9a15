//! `means-restates-goal`: 手段 are the means, not the goal said again.
//!
//! 「目標ではなく手段を記入してください。」「目標達成までのプロセスを詳しく（具体的に）
//! 記入してください。」 Flags means that say (nearly) what the target or the title says,
//! and means whose every statement describes a state (〜している, 〜されている) instead
//! of an action.

use super::text::{nearly_same_with, statements};
use super::{Finding, Subject};

/// Predicates of a state, which is what a target describes.
const STATE_ENDINGS: &[&str] = &[
    "ている",
    "ています",
    "ていること",
    "ている状態",
    "た状態",
    "となる",
    "となっている",
    "になる",
    "になっている",
    "ようになる",
];

pub fn restates_goal(s: &Subject) -> Vec<Finding> {
    let Some(means) = s.text("means") else {
        return Vec::new();
    };
    let pairs = s.bigrams("means", means);
    for (field, label) in [("target", "達成目標"), ("title", "目標の表題")] {
        let Some(other) = s.text(field) else { continue };
        if nearly_same_with(means, &pairs, other, &s.bigrams(field, other)) {
            return vec![Finding::new(
                "means",
                format!(
                    "{label}とほぼ同じ内容で、目標の言い換えになっています。目標を達成するために具体的に何をするのかを箇条書きで書いてください"
                ),
            )];
        }
    }
    let all = statements(means);
    if !all.is_empty()
        && all
            .iter()
            .all(|st| STATE_ENDINGS.iter().any(|e| st.ends_with(e)))
    {
        return vec![Finding::new(
            "means",
            "「〜している」のような達成した状態の書き方で、手段になっていません。目標を達成するために何をするのか（〜を実施する、〜を設置する）を書いてください",
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;

    #[test]
    fn quiet_on_actions() {
        assert!(run(restates_goal, &goal()).is_empty());
        let mut g = goal();
        // A noun list of actions (FY2021 デジタル自治推進局 goal 2) is means.
        g.means = "- 外部講師や若年職員WGによる職員研修・啓発\n- 優先実施事業にかかる関連所属の横断的実施グループの設置".into();
        assert!(run(restates_goal, &g).is_empty());
    }

    #[test]
    fn fires_on_the_target_restated() {
        let mut g = goal();
        g.means = "オンラインで完結する手続を３割にする".into();
        let f = run(restates_goal, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "means");
        assert!(
            f[0].message.starts_with("達成目標とほぼ同じ"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn fires_on_the_title_restated() {
        let mut g = goal();
        g.means = "窓口手続のオンライン化を進める".into();
        assert!(run(restates_goal, &g)[0].message.starts_with("目標の表題"));
    }

    #[test]
    fn fires_on_states() {
        let mut g = goal();
        g.means = "- 職員の意識が高まっている\n- 市民が手続を終えられるようになっている".into();
        assert!(
            run(restates_goal, &g)[0]
                .message
                .contains("手段になっていません")
        );
    }
}
