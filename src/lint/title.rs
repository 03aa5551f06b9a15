//! `title-repeats-mission`: 目標の表題 must not say what the 組織使命 already says.
//!
//! 「組織使命と同内容とならないように目標の必要性を検討し記入してください。」 The mission
//! is the department's standing purpose; a goal's title names what this year's work
//! achieves. The title repeats the mission when nearly all of its content characters
//! (kanji, katakana, letters; particles and verb endings dropped) occur in the mission in
//! the same pairs: `効果的な投票環境整備` under `持続可能な投票環境の整備を図ります`.

use super::{Finding, Subject};

/// Share of the title's content that must be found in the mission to count as a repeat.
const THRESHOLD: f64 = 0.6;

pub fn repeats_mission(s: &Subject) -> Vec<Finding> {
    let (Some(title), Some(mission)) = (s.text("title"), s.text("mission")) else {
        return Vec::new();
    };
    let share = s
        .bigrams("title", title)
        .covered_by(&s.bigrams("mission", mission))
        .unwrap_or(0.0);
    if share < THRESHOLD {
        return Vec::new();
    }
    let how = if share >= 0.999 {
        "組織使命の言葉だけでできています"
    } else {
        "大部分が組織使命と同じ言葉です"
    };
    vec![Finding::new(
        "title",
        format!(
            "表題「{}」は{how}。今年度この目標で何を達成するのかを表題にしてください",
            title.trim()
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;

    #[test]
    fn quiet_on_a_title_of_its_own() {
        assert!(run(repeats_mission, &goal()).is_empty());
    }

    #[test]
    fn fires_on_the_mission_restated() {
        let mut g = goal();
        g.mission = "指定管理者制度の適切な運用を図ります。".into();
        g.title = "指定管理者制度の適切な運用".into();
        let f = run(repeats_mission, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "title");
        assert!(
            f[0].message.contains("組織使命の言葉だけ"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn fires_on_the_mission_with_an_adjective_added() {
        // FY2026 総務部 goal 4.
        let mut g = goal();
        g.mission = "持続可能な投票環境の整備を図ります".into();
        g.title = "効果的な投票環境整備".into();
        assert_eq!(run(repeats_mission, &g).len(), 1);
    }

    #[test]
    fn quiet_when_only_the_subject_is_shared() {
        // FY2023 総務部 goals 1 and 5: same subject, different aim.
        let mut g = goal();
        g.mission = "市民の市政参画の創出と情報発信力の強化により、市政への理解と共創のまちづくりを進めます。".into();
        g.title = "伝わる広報と市民の市政参画の促進".into();
        assert!(run(repeats_mission, &g).is_empty());
        g.mission = "指定管理者制度の適切な運用を図ります。".into();
        g.title = "指定管理者制度の導入、継続の適否についての検証".into();
        assert!(run(repeats_mission, &g).is_empty());
    }

    #[test]
    fn full_width_text_compares_like_half_width() {
        let mut g = goal();
        g.mission = "ＤＸ推進計画を着実に実行します".into();
        g.title = "DX推進計画の着実な実行".into();
        assert_eq!(run(repeats_mission, &g).len(), 1);
    }
}
