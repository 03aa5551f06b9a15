//! One manifesto file as staff see it: every field of the sheet with a short Japanese
//! comment in the form's wording, the year's own headings (〈現在の状態〉 or 【現状分析】),
//! and 【未記入】 where something must still be written. `new` and `init` both write it.

use super::yaml_out::{block_field, comment, empty_field, field, raw_field};
use crate::lint::PLACEHOLDER;
use crate::model::{Better, FiscalYear, Form, Indicator, Scale};

/// The fields of one goal; `None` text becomes 【未記入】 (required fields) or an empty
/// block (optional ones).
#[derive(Clone, Debug, Default)]
pub struct GoalDraft {
    /// Shown after `◎部局目標N` in the comment above the goal.
    pub note: String,
    pub mission: Option<String>,
    pub policy: Option<String>,
    pub title: Option<String>,
    pub continues: Option<String>,
    pub background: Option<String>,
    pub current: Option<String>,
    pub challenges: Option<String>,
    pub target: Option<String>,
    pub outcome: Option<String>,
    pub means: Option<String>,
    pub deadline: Option<String>,
    pub indicators: Vec<Indicator>,
}

pub struct Sheet<'a> {
    pub fy: FiscalYear,
    pub department: &'a str,
    pub department_name: &'a str,
    /// Comment lines under the title line.
    pub intro: Vec<String>,
    pub draft: bool,
    pub head_title: Option<String>,
    pub head_name: Option<String>,
    pub contact: Option<String>,
    pub motto: Option<String>,
    pub goals: Vec<GoalDraft>,
    pub form: &'a Form,
    pub self_scale: &'a Scale,
}

impl Sheet<'_> {
    pub fn render(&self) -> String {
        let mut out = String::new();
        let o = &mut out;
        comment(
            o,
            0,
            &format!(
                "{} 部局マニフェスト（部局目標シート） {}",
                self.fy.label(),
                self.department_name
            ),
        );
        for line in &self.intro {
            comment(o, 0, line);
        }
        comment(o, 0, "");
        comment(
            o,
            0,
            "文章の欄は「|-」の次の行から、欄の名前より2文字分（半角スペース2つ）下げて書きます。",
        );
        comment(
            o,
            0,
            "箇条書きは「- 」、番号付きは「1. 」で始めます（Markdown）。「# 」の後ろはメモで、公開されません（文章の欄の中の # は本文です）。",
        );
        o.push('\n');
        field(
            o,
            0,
            "department",
            self.department,
            "部局ID（content/departments.yaml の id）",
        );
        comment(
            o,
            0,
            &format!(
                "department_name: {}  # その年度の部局名（台帳の名称と違う年だけ書く）",
                self.department_name
            ),
        );
        raw_field(
            o,
            0,
            "draft",
            if self.draft { "true" } else { "false" },
            "下書き: true の間は公開されない。市長協議を終えて公表するときに false にする",
        );
        o.push_str("head:  # 部局長\n");
        field(
            o,
            2,
            "title",
            self.head_title.as_deref().unwrap_or(PLACEHOLDER),
            "役職",
        );
        field(
            o,
            2,
            "name",
            self.head_name.as_deref().unwrap_or(PLACEHOLDER),
            "氏名（人事異動があれば書き換える）",
        );
        comment(
            o,
            2,
            &format!(
                "顔写真は assets/photos/{}/{}.jpg に置く（.jpeg .png .webp も可）",
                self.fy, self.department
            ),
        );
        comment(
            o,
            2,
            "photo_alt: 写真の説明（任意。既定は「部局名 役職 氏名」）",
        );
        match &self.contact {
            Some(c) => field(o, 0, "contact", c, "連絡先（任意）"),
            None => empty_field(
                o,
                0,
                "contact",
                "連絡先（任意）: 0595-00-0000(内線0000) など",
            ),
        }
        block_field(
            o,
            0,
            "motto",
            self.motto.as_deref().unwrap_or(""),
            "その年度の抱負（任意）",
        );
        o.push('\n');
        o.push_str(
            "goals:  # 部局目標: 1つ以上。上から部局目標1, 2, …。増やすときは「- mission:」から1目標分をコピー\n",
        );
        for (i, g) in self.goals.iter().enumerate() {
            self.goal(o, i + 1, g);
        }
        out
    }

    fn goal(&self, o: &mut String, n: usize, g: &GoalDraft) {
        let heading = |f: &str| self.form.heading(f).to_string();
        o.push('\n');
        if g.note.is_empty() {
            comment(o, 2, &format!("◎部局目標{n}"));
        } else {
            comment(o, 2, &format!("◎部局目標{n}（{}）", g.note));
        }
        let required = |v: &Option<String>| v.clone().unwrap_or_else(|| PLACEHOLDER.to_string());
        let optional = |v: &Option<String>| v.clone().unwrap_or_default();
        block_field(
            o,
            4,
            "- mission",
            &required(&g.mission),
            &heading("mission"),
        );
        match &g.policy {
            Some(p) => field(o, 4, "policy", p, &policy_comment(&heading("policy"))),
            None => empty_field(o, 4, "policy", &policy_comment(&heading("policy"))),
        }
        block_field(
            o,
            4,
            "title",
            &required(&g.title),
            &format!(
                "{}（何を）: 組織使命と同じ内容にせず、この目標で達成することを",
                heading("title")
            ),
        );
        if let Some(c) = &g.continues {
            raw_field(
                o,
                4,
                "continues",
                c,
                "継続元の目標（年度/部局ID/番号）。前年度から続く目標でなければこの行を消す",
            );
        }
        block_field(
            o,
            4,
            "background",
            &optional(&g.background),
            &format!("{}（任意）", heading("background")),
        );
        block_field(
            o,
            4,
            "current",
            &required(&g.current),
            &format!(
                "{}: 「求められている」「必要となっている」ではなく、客観的事実を",
                heading("current")
            ),
        );
        block_field(
            o,
            4,
            "challenges",
            &optional(&g.challenges),
            &format!("{}（任意）", heading("challenges")),
        );
        block_field(
            o,
            4,
            "target",
            &required(&g.target),
            &format!(
                "{}（どの程度まで）: 後から評価できるよう数値・期日・件数で。手段を書かない",
                heading("target")
            ),
        );
        block_field(
            o,
            4,
            "outcome",
            &required(&g.outcome),
            &format!(
                "{}（アウトカム）: 達成目標と区別し、期待される効果を",
                heading("outcome")
            ),
        );
        block_field(
            o,
            4,
            "means",
            &required(&g.means),
            &format!(
                "{}（どのような方法で）: 目標ではなく、具体的に何をするかを箇条書きで",
                heading("means")
            ),
        );
        let deadline_comment = format!(
            "{}（いつまでに。任意）: {}-03 のように年度内の年月",
            heading("deadline"),
            self.fy.year() + 1
        );
        match &g.deadline {
            Some(d) => raw_field(o, 4, "deadline", d, &deadline_comment),
            None => empty_field(o, 4, "deadline", &deadline_comment),
        }
        if g.indicators.is_empty() {
            indicators_example(o, self.fy, &heading("indicators"));
        } else {
            o.push_str(&format!(
                "    indicators:  # {}（任意）: 数値目標。年度末に actual（実績値）を書く\n",
                heading("indicators")
            ));
            for i in &g.indicators {
                indicator(o, i);
            }
        }
        self.evaluation_example(o);
    }

    fn evaluation_example(&self, o: &mut String) {
        comment(
            o,
            4,
            &format!(
                "年度末に記入: {}と{}。記入するときは次の行から先頭の「# 」を消す",
                self.form.heading("evaluation"),
                self.form.heading("reason")
            ),
        );
        comment(o, 4, "evaluation:");
        let levels: Vec<String> = self
            .self_scale
            .levels
            .iter()
            .map(|l| format!("{} {}", l.key, l.label))
            .collect();
        comment(
            o,
            4,
            &format!(
                "  self: 3  # {}: {}",
                self.self_scale.label,
                levels.join(" / ")
            ),
        );
        comment(o, 4, "  reason: |-");
        comment(o, 4, "    取組みの結果と、評価の理由を書く");
    }
}

fn policy_comment(heading: &str) -> String {
    format!("{heading}（例: 7-5・①。関連がなければ空のまま）")
}

fn indicators_example(o: &mut String, fy: FiscalYear, heading: &str) {
    comment(
        o,
        4,
        &format!("indicators:  # {heading}（任意）: 数値目標。使うときは先頭の「# 」を消す"),
    );
    comment(o, 4, "  - name: まちづくりアンケートの広聴広報に係る満足度");
    comment(o, 4, "    unit: \"%\"");
    comment(o, 4, "    baseline: 51.3  # 基準値");
    comment(
        o,
        4,
        &format!(
            "    baseline_label: {}  # 基準値の時点",
            FiscalYear(fy.year() - 1).era_label()
        ),
    );
    comment(o, 4, "    target: 55  # 目標値");
    comment(o, 4, "    # actual:  # 実績値（年度末に記入）");
    comment(
        o,
        4,
        "    # better: lower  # 小さいほど良い指標（順位・件数の削減など）",
    );
}

fn indicator(o: &mut String, i: &Indicator) {
    field(o, 8, "- name", &i.name, "指標名");
    if let Some(u) = &i.unit {
        field(o, 8, "unit", u, "単位");
    }
    if let Some(b) = i.baseline {
        o.push_str(&format!("        baseline: {b}  # 基準値\n"));
    }
    if let Some(l) = &i.baseline_label {
        field(o, 8, "baseline_label", l, "基準値の時点");
    }
    o.push_str(&format!("        target: {}  # 目標値\n", i.target));
    match i.actual {
        Some(a) => o.push_str(&format!("        actual: {a}  # 実績値\n")),
        None => o.push_str("        actual:  # 実績値（年度末に記入）\n"),
    }
    if i.better == Better::Lower {
        o.push_str("        better: lower  # 小さいほど良い\n");
    }
}
