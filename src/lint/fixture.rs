//! A goal that follows the guide, for the rules' tests to spoil one field at a time.

use super::Subject;
use crate::load::yaml::Pos;
use crate::model::{
    Evaluation, FiscalYear, Goal, Head, Located, Manifesto, ScaleKey, SourceFormat,
};

/// A FY2023 goal every rule is quiet on: facts in 〈現在の状態〉, a measurable target, an
/// outcome that is an effect, means that are actions.
pub fn goal() -> Goal {
    let field_pos = [
        "mission",
        "title",
        "current",
        "target",
        "outcome",
        "means",
        "deadline",
        "evaluation",
    ]
    .iter()
    .enumerate()
    .map(|(i, f)| (*f, Pos::new(i as u32 + 2, 5)))
    .collect();
    Goal {
        number: 1,
        pos: Pos::new(1, 5),
        mission: "市民に信頼される市役所をつくります。".into(),
        policy: None,
        title: "窓口手続のオンライン化".into(),
        background: None,
        current: "窓口の手続は年間１２万件あり、オンラインで完結するものは１割である。".into(),
        challenges: None,
        target: "令和６年３月までにオンラインで完結する手続を３割にする。".into(),
        outcome: "市民が来庁せずに、好きな時間に手続を終えられるようになっている。".into(),
        means: "- 申請フォームを整える\n- 電子決済を導入する\n- 窓口で使い方を案内する".into(),
        deadline: None,
        indicators: Vec::new(),
        continues: None,
        evaluation: None,
        lint_ignore: Vec::new(),
        field_pos,
    }
}

pub fn evaluation(key: Option<&str>, reason: Option<&str>) -> Evaluation {
    Evaluation {
        pos: Pos::new(20, 7),
        self_key: key.map(|k| Located {
            value: ScaleKey(k.into()),
            pos: Pos::new(20, 13),
        }),
        leader_key: None,
        reason: reason.map(String::from),
    }
}

pub fn manifesto(goals: Vec<Goal>) -> Manifesto {
    Manifesto {
        fy: FiscalYear(2023),
        department: Located {
            value: "somu".into(),
            pos: Pos::new(1, 13),
        },
        department_name: None,
        head: Head {
            pos: Pos::new(3, 3),
            title: "部長".into(),
            name: "伊賀 太郎".into(),
            photo: None,
            photo_alt: None,
        },
        contact: None,
        motto: None,
        draft: false,
        goals,
        body: None,
        source: "content/2023/somu.yaml".into(),
        format: SourceFormat::Yaml,
    }
}

/// Run one rule on a goal of FY2023.
pub fn run(check: fn(&Subject) -> Vec<super::Finding>, goal: &Goal) -> Vec<super::Finding> {
    check(&Subject::new(goal, FiscalYear(2023)))
}
