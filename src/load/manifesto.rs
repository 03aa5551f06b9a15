//! One manifesto: `content/<fy>/<dept>.yaml`, or the front matter of `<dept>.md`.

use super::fields::{FieldSpec, Fields, FileCtx, as_text};
use super::yaml::{Kind, Node, Pos};
use crate::model::{
    Better, Deadline, Evaluation, FiscalYear, Goal, GoalRef, Head, Indicator, Located, Manifesto,
    ScaleKey, SourceFormat,
};
use std::path::PathBuf;

const MANIFESTO_FIELDS: &[FieldSpec] = &[
    ("department", "部局ID"),
    ("department_name", "部局名"),
    ("head", "部局長"),
    ("contact", "連絡先"),
    ("motto", "抱負"),
    ("draft", "下書き"),
    ("goals", "部局目標"),
];
const HEAD_FIELDS: &[FieldSpec] = &[
    ("title", "役職"),
    ("name", "氏名"),
    ("photo", "顔写真"),
    ("photo_alt", "写真の代替テキスト"),
];
const GOAL_FIELDS: &[FieldSpec] = &[
    ("mission", "組織使命"),
    ("policy", "関連の施策・基本事業No"),
    ("title", "目標の表題"),
    ("background", "【これまでの経緯】"),
    ("current", "〈現在の状態〉"),
    ("challenges", "【課題】"),
    ("target", "〈達成目標〉"),
    ("outcome", "※目標が達成した状態"),
    ("means", "手段"),
    ("deadline", "期日"),
    ("indicators", "指標"),
    ("continues", "継続元の目標"),
    ("evaluation", "達成状況"),
    ("lint_ignore", "チェックの除外"),
];
const INDICATOR_FIELDS: &[FieldSpec] = &[
    ("name", "指標名"),
    ("unit", "単位"),
    ("baseline", "基準値"),
    ("baseline_label", "基準値の時点"),
    ("target", "目標値"),
    ("actual", "実績値"),
    ("better", "望ましい方向"),
];
const EVALUATION_FIELDS: &[FieldSpec] = &[
    ("self", "達成状況（自己評価）"),
    ("leader", "指導者評価"),
    ("reason", "理由"),
];

pub struct Source {
    pub fy: FiscalYear,
    pub stem: String,
    pub path: PathBuf,
    pub format: SourceFormat,
    pub body: Option<String>,
}

pub fn decode(ctx: &mut FileCtx, node: &Node, src: Source) -> Option<Manifesto> {
    let mut f = Fields::new(ctx, node, "a manifesto", "", MANIFESTO_FIELDS)?;
    let department = match f.get("department") {
        Some(n) => as_text(ctx, n, &("department", "部局ID"), "").map(|id| Located {
            value: id,
            pos: n.pos,
        }),
        None => Some(Located {
            value: src.stem.clone(),
            pos: Pos::new(1, 1),
        }),
    };
    let department_name = f.text(ctx, "department_name");
    let head = match f.get("head") {
        None => {
            f.missing(ctx, "head");
            None
        }
        Some(n) => decode_head(ctx, n),
    };
    let contact = non_blank(f.text(ctx, "contact"));
    let motto = non_blank(f.text(ctx, "motto"));
    let draft = f.bool(ctx, "draft").unwrap_or(false);
    let goals = match f.get("goals") {
        None => {
            f.missing(ctx, "goals");
            None
        }
        Some(n) => match &n.kind {
            Kind::Seq(items) if !items.is_empty() => {
                let goals: Vec<Option<Goal>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| decode_goal(ctx, item, i + 1))
                    .collect();
                goals.into_iter().collect::<Option<Vec<Goal>>>()
            }
            Kind::Seq(_) => {
                ctx.error(
                    n.pos,
                    "`goals` (部局目標) is empty: a manifesto needs at least one goal",
                );
                None
            }
            other => {
                ctx.error(
                    n.pos,
                    format!("`goals` (部局目標) must be a list of goals (each starting with `- mission:`), found {}", other.describe()),
                );
                None
            }
        },
    };
    f.finish(ctx);
    Some(Manifesto {
        fy: src.fy,
        department: department?,
        department_name,
        head: head?,
        contact,
        motto,
        draft,
        goals: goals?,
        body: src.body,
        source: src.path,
        format: src.format,
    })
}

fn decode_head(ctx: &mut FileCtx, node: &Node) -> Option<Head> {
    let mut f = Fields::new(
        ctx,
        node,
        "`head` (部局長)",
        " in `head` (部局長)",
        HEAD_FIELDS,
    )?;
    let title = f.required_text(ctx, "title");
    let name = f.required_text(ctx, "name");
    let photo = f.get("photo").and_then(|n| {
        as_text(ctx, n, &("photo", "顔写真"), " in `head`").map(|p| Located {
            value: p,
            pos: n.pos,
        })
    });
    let photo_alt = f.text(ctx, "photo_alt");
    let pos = f.pos;
    f.finish(ctx);
    Some(Head {
        pos,
        title: title?,
        name: name?,
        photo,
        photo_alt,
    })
}

fn decode_goal(ctx: &mut FileCtx, node: &Node, number: usize) -> Option<Goal> {
    let context = format!(" in 部局目標{number} (goal {number})");
    let mut f = Fields::new(ctx, node, "a goal", &context, GOAL_FIELDS)?;
    let mission = f.required_text(ctx, "mission");
    let policy = f
        .text(ctx, "policy")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty() && !matches!(p.as_str(), "-" | "－" | "ー" | "―"));
    let title = f.required_text(ctx, "title");
    let background = non_blank(f.text(ctx, "background"));
    let current = f.required_text(ctx, "current");
    let challenges = non_blank(f.text(ctx, "challenges"));
    let target = f.required_text(ctx, "target");
    let outcome = f.required_text(ctx, "outcome");
    let means = f.required_text(ctx, "means");
    let deadline = f.get("deadline").and_then(|n| {
        let text = as_text(ctx, n, &("deadline", "期日"), &context)?;
        match Deadline::parse(&text) {
            Some(d) => Some(Located {
                value: d,
                pos: n.pos,
            }),
            None => {
                ctx.error_with(
                    n.pos,
                    format!(
                        "`deadline` (期日) must be YYYY-MM or YYYY-MM-DD{context}, found \"{text}\""
                    ),
                    "help: write 令和6年3月末 as 2024-03",
                );
                None
            }
        }
    });
    let indicators = match f.get("indicators") {
        None => Vec::new(),
        Some(n) => match &n.kind {
            Kind::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| decode_indicator(ctx, item, number, i + 1))
                .collect(),
            other => {
                ctx.error(
                    n.pos,
                    format!(
                        "`indicators` (指標) must be a list{context}, found {}",
                        other.describe()
                    ),
                );
                Vec::new()
            }
        },
    };
    let continues = f.get("continues").and_then(|n| {
        let text = as_text(ctx, n, &("continues", "継続元の目標"), &context)?;
        match GoalRef::parse(&text) {
            Some(r) => Some(Located { value: r, pos: n.pos }),
            None => {
                ctx.error_with(
                    n.pos,
                    format!("`continues` must name a goal as <fiscal year>/<department id>/<goal number>{context}, found \"{text}\""),
                    "help: e.g. `continues: 2022/somu/2` for 部局目標2 of 総務部 in FY2022",
                );
                None
            }
        }
    });
    let evaluation = f
        .get("evaluation")
        .and_then(|n| decode_evaluation(ctx, n, &context));
    let lint_ignore = f
        .words(ctx, "lint_ignore")
        .into_iter()
        .map(|(value, pos)| Located { value, pos })
        .collect();
    let pos = f.pos;
    let field_pos = GOAL_FIELDS
        .iter()
        .filter_map(|&(name, _)| f.key_pos(name).map(|p| (name, p)))
        .collect();
    f.finish(ctx);
    Some(Goal {
        number,
        pos,
        mission: mission?,
        policy,
        title: title?,
        background,
        current: current?,
        challenges,
        target: target?,
        outcome: outcome?,
        means: means?,
        deadline,
        indicators,
        continues,
        evaluation,
        lint_ignore,
        field_pos,
    })
}

fn decode_indicator(ctx: &mut FileCtx, node: &Node, goal: usize, n: usize) -> Option<Indicator> {
    let context = format!(" in indicator #{n} of 部局目標{goal}");
    let mut f = Fields::new(ctx, node, "an indicator", &context, INDICATOR_FIELDS)?;
    let name = f.required_text(ctx, "name");
    let unit = f.text(ctx, "unit");
    let baseline = f.number(ctx, "baseline");
    let baseline_label = f.text(ctx, "baseline_label");
    let target = match f.get("target") {
        None => {
            f.missing(ctx, "target");
            None
        }
        Some(_) => f.number(ctx, "target"),
    };
    let actual = f.number(ctx, "actual");
    let better = match f.get("better") {
        None => Some(Better::Higher),
        Some(b) => match &b.kind {
            Kind::Str(s) if s == "higher" => Some(Better::Higher),
            Kind::Str(s) if s == "lower" => Some(Better::Lower),
            _ => {
                ctx.error_with(
                    b.pos,
                    format!("`better` must be `higher` or `lower`{context}"),
                    "help: `lower` for a rank or a count that should fall (e.g. 230位以内)",
                );
                None
            }
        },
    };
    f.finish(ctx);
    Some(Indicator {
        name: name?,
        unit,
        baseline,
        baseline_label,
        target: target?,
        actual,
        better: better?,
    })
}

fn decode_evaluation(ctx: &mut FileCtx, node: &Node, context: &str) -> Option<Evaluation> {
    let ctx_label = format!(" in `evaluation`{context}");
    let mut f = Fields::new(
        ctx,
        node,
        "`evaluation` (達成状況)",
        &ctx_label,
        EVALUATION_FIELDS,
    )?;
    let key = |f: &mut Fields, ctx: &mut FileCtx, name: &'static str| {
        let n = f.get(name)?;
        match &n.kind {
            Kind::Int(_) | Kind::Str(_) => {
                as_text(ctx, n, &(name, ""), &ctx_label).map(|k| Located {
                    value: ScaleKey(k.trim().to_string()),
                    pos: n.pos,
                })
            }
            other => {
                ctx.error(
                    n.pos,
                    format!(
                        "`{name}` must be a key of the year's scale (e.g. 3){ctx_label}, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    };
    let self_key = key(&mut f, ctx, "self");
    let leader_key = key(&mut f, ctx, "leader");
    let reason = f.text(ctx, "reason").filter(|r| !r.trim().is_empty());
    let pos = f.pos;
    f.finish(ctx);
    Some(Evaluation {
        pos,
        self_key,
        leader_key,
        reason,
    })
}

/// An optional text left empty (`background: |-` with nothing under it, as `manifesto new`
/// writes it) is the same as an absent one.
fn non_blank(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}
