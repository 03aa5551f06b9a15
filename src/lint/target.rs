//! 〈達成目標〉 must be measurable later.
//!
//! 「目標の達成度を客観的に判断するために曖昧な表現は避け、後から評価できるものとして
//! ください。」
//!
//! - `target-not-measurable`: the target states no number, date, count, rank or
//!   percentage ([`measure`]), and the goal has no `indicators:` and no `deadline:`.
//! - `target-vague-verb`: a statement of the target ends in a verb that cannot be judged
//!   done or not done (推進する, 図る, 努める, 充実させる, 強化する, 促進する, …) and
//!   states no measure itself. Goals with `indicators:` are measured by them and skipped.

use super::measurable::measure;
use super::text::{conjugate, ending, quote_all, statements};
use super::{Finding, Subject};
use std::sync::LazyLock;

pub fn not_measurable(s: &Subject) -> Vec<Finding> {
    let Some(target) = s.text("target") else {
        return Vec::new();
    };
    if !s.goal.indicators.is_empty() || s.goal.deadline.is_some() || measure(target).is_some() {
        return Vec::new();
    }
    vec![Finding::new(
        "target",
        "数値・期日・件数・順位・割合がなく、年度末に達成したかどうかを判断できません。「〇件」「〇％以上」「令和〇年〇月までに」のように書くか、`indicators:` に数値目標を置いてください",
    )]
}

/// Nouns of action that make a vague predicate: `推進`, `推進する`, `推進を図る`, ….
const VAGUE_STEMS: &[&str] = &[
    "推進",
    "強化",
    "促進",
    "充実",
    "向上",
    "検討",
    "支援",
    "展開",
    "醸成",
    "改善",
    "拡充",
    "徹底",
    "活性化",
];
const STEM_SUFFIXES: &[&str] = &[
    "する",
    "します",
    "している",
    "しています",
    "していく",
    "していきます",
    "させる",
    "させます",
    "させていく",
    "される",
    "されている",
    "されます",
    "を図る",
    "を図ります",
    "が図られる",
    "が図られている",
    "に努める",
    "に努めます",
    "を目指す",
    "を目指します",
    "を進める",
    "を進めます",
    "に取り組む",
    "に取り組みます",
    "を行う",
    "を行います",
];
/// Verbs that are vague on their own.
const VAGUE_VERBS: &[&str] = &[
    "図る",
    "図ります",
    "図っていく",
    "図っていきます",
    "図られる",
    "図られている",
    "努める",
    "努めます",
    "努めていく",
    "目指す",
    "目指します",
    "取り組む",
    "取り組みます",
    "取組む",
    "進める",
    "進めます",
    "進めていく",
    "高める",
    "高めます",
    "深める",
    "深めます",
];

static VAGUE_ENDINGS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut all = conjugate(VAGUE_STEMS, STEM_SUFFIXES);
    all.extend(VAGUE_VERBS.iter().map(|v| v.to_string()));
    all
});

pub fn vague_verb(s: &Subject) -> Vec<Finding> {
    let Some(target) = s.text("target") else {
        return Vec::new();
    };
    if !s.goal.indicators.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<&str> = Vec::new();
    for statement in statements(target) {
        if measure(&statement).is_some() {
            continue;
        }
        if let Some(e) = ending(&statement, &VAGUE_ENDINGS)
            && !found.contains(&e)
        {
            found.push(e);
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        "target",
        format!(
            "{}は曖昧な表現で、どこまでできたら達成かが分かりません。何をどこまで（件数・割合・期日など）達成するかを書いてください",
            quote_all(&found)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;
    use crate::model::{Better, Deadline, Indicator, Located};

    #[test]
    fn quiet_on_a_measurable_target() {
        assert!(run(not_measurable, &goal()).is_empty());
        assert!(run(vague_verb, &goal()).is_empty());
    }

    #[test]
    fn japanese_measures_count() {
        let mut g = goal();
        for target in [
            "①令和５年度市民まちづくりアンケートの広聴広報に係る満足度55％以上（令和４年度51.3％）",
            "地域ブランド調査による伊賀市の情報接触度230位以内（令和４年度全国で251位）",
            "①令和６年度の土木技術職の応募者数を前年度比１．５倍にする。",
            "- アクションプランの中間案の公表 9月\n- アクションプランの策定 12月",
            "R9.2の議員全員協議会において、条例中間案が示されている。",
            "避難所の備蓄を全１２か所で更新する",
            "利用率を３割に高める",
        ] {
            g.target = target.into();
            assert!(run(not_measurable, &g).is_empty(), "{target}");
            assert!(run(vague_verb, &g).is_empty(), "{target}");
        }
    }

    #[test]
    fn fires_without_any_measure() {
        // FY2026 総務部 goal 4.
        let mut g = goal();
        g.target = "災害配備等の際にも必要な体制が敷けるよう投票区の見直しを行う".into();
        let f = run(not_measurable, &g);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "target");
        assert!(f[0].message.starts_with("数値・期日"));
    }

    #[test]
    fn a_deadline_or_indicators_make_it_measurable() {
        let mut g = goal();
        g.target = "指定管理者制度の導入、継続を選定委員会で審査する手続を確立する。".into();
        assert_eq!(run(not_measurable, &g).len(), 1);
        g.deadline = Some(Located {
            value: Deadline::parse("2024-03").unwrap(),
            pos: Default::default(),
        });
        assert!(run(not_measurable, &g).is_empty());
        g.deadline = None;
        g.indicators.push(Indicator {
            name: "審査件数".into(),
            unit: Some("件".into()),
            baseline: None,
            baseline_label: None,
            target: 10.0,
            actual: None,
            better: Better::Higher,
        });
        assert!(run(not_measurable, &g).is_empty());
    }

    #[test]
    fn vague_verbs_are_quoted_in_their_conjugated_form() {
        // FY2023 総務部 goal 6.
        let mut g = goal();
        g.target = "- 総合評価方式等発注基準について検証を行い、見直す。\n- 工事書類の適正化・簡素化についてマニュアルを策定し、庁内周知を図る。".into();
        let f = run(vague_verb, &g);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("「図る」は"), "{}", f[0].message);

        for (target, verb) in [
            ("DXを推進する", "推進する"),
            ("情報発信の強化を図ります。", "強化を図ります"),
            ("市民サービスの充実に努める", "充実に努める"),
            ("窓口サービスを充実させる", "充実させる"),
            ("広報戦略の推進", "推進"),
            ("市民の市政参画を促進する", "促進する"),
            ("積極的な取り組みを展開している", "展開している"),
        ] {
            g.target = target.into();
            let f = run(vague_verb, &g);
            assert_eq!(f.len(), 1, "{target}");
            assert!(
                f[0].message.contains(&format!("「{verb}」")),
                "{target}: {}",
                f[0].message
            );
        }
    }

    #[test]
    fn a_vague_verb_with_a_number_is_fine() {
        let mut g = goal();
        g.target = "SNSの登録者数を２割増やし、情報発信の強化を図る（令和５年度末）".into();
        assert!(run(vague_verb, &g).is_empty());
        g.target = "満足度55％以上を目指す".into();
        assert!(run(vague_verb, &g).is_empty());
    }
}
