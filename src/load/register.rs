//! `content/departments.yaml` and `content/policies.yaml`.

use super::fields::{FieldSpec, Fields, FileCtx};
use super::yaml::{Kind, Node};
use crate::model::department::is_valid_id;
use crate::model::{Department, FiscalYear, Policy, Register};
use std::collections::HashMap;

const DEPARTMENT_FIELDS: &[FieldSpec] = &[
    ("id", "部局ID"),
    ("name", "部局名"),
    ("kana", "よみがな"),
    ("order", "表示順"),
    ("renamed_from", "旧ID"),
    ("abolished", "廃止年度"),
];

const POLICY_FIELDS: &[FieldSpec] = &[("code", "施策No."), ("title", "施策名")];

fn items<'n>(ctx: &mut FileCtx, node: &'n Node, what: &str) -> &'n [Node] {
    match &node.kind {
        Kind::Seq(items) => items,
        Kind::Null => &[],
        other => {
            ctx.error(
                node.pos,
                format!(
                    "expected a list of {what} (lines starting with `- `), found {}",
                    other.describe()
                ),
            );
            &[]
        }
    }
}

pub fn decode_departments(ctx: &mut FileCtx, node: &Node) -> Register {
    let mut departments = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, item) in items(ctx, node, "departments").iter().enumerate() {
        let context = format!(" in department #{}", i + 1);
        let Some(mut f) = Fields::new(ctx, item, "a department", &context, DEPARTMENT_FIELDS)
        else {
            continue;
        };
        let id = f.required_text(ctx, "id");
        if let (Some(id), Some(n)) = (&id, f.get("id")) {
            if !is_valid_id(id) {
                ctx.error_with(
                    n.pos,
                    format!("department id \"{id}\" may only contain a-z, 0-9 and '-'"),
                    "note: the id is the page's URL and must never change: e.g. `somu` for 総務部",
                );
            } else if let Some(prev) = seen.get(id) {
                ctx.error(
                    n.pos,
                    format!("department id \"{id}\" is listed twice (first as department #{prev})"),
                );
            } else {
                seen.insert(id.clone(), i + 1);
            }
        }
        let name = f.required_text(ctx, "name");
        let kana = f.text(ctx, "kana");
        let order = f.int(ctx, "order");
        let renamed_from: Vec<String> = f
            .words(ctx, "renamed_from")
            .into_iter()
            .filter_map(|(old, pos)| {
                if is_valid_id(&old) {
                    Some(old)
                } else {
                    ctx.error(
                        pos,
                        format!("`renamed_from` id \"{old}\" may only contain a-z, 0-9 and '-'"),
                    );
                    None
                }
            })
            .collect();
        let abolished = match f.get("abolished") {
            None => None,
            Some(n) => {
                let fy = match &n.kind {
                    Kind::Int(y) => FiscalYear::parse(&y.to_string()),
                    Kind::Str(s) => FiscalYear::parse(s),
                    _ => None,
                };
                if fy.is_none() {
                    ctx.error(
                        n.pos,
                        "`abolished` (廃止年度) must be a fiscal year like 2024 (the first year the department no longer exists)",
                    );
                }
                fy
            }
        };
        let pos = f.pos;
        f.finish(ctx);
        if let (Some(id), Some(name)) = (id, name) {
            departments.push(Department {
                id,
                name,
                kana,
                order,
                renamed_from,
                abolished,
                pos,
            });
        }
    }
    // An old id may not be claimed by two departments, nor be a current id.
    let mut old_owner: HashMap<&str, &str> = HashMap::new();
    for d in &departments {
        for old in &d.renamed_from {
            if seen.contains_key(old) {
                ctx.error(
                    d.pos,
                    format!("department \"{}\" lists \"{old}\" in `renamed_from`, but \"{old}\" is itself in the register; keep only one of them", d.id),
                );
            } else if let Some(owner) = old_owner.insert(old, &d.id) {
                ctx.error(
                    d.pos,
                    format!(
                        "\"{old}\" is in `renamed_from` of both \"{owner}\" and \"{}\"",
                        d.id
                    ),
                );
            }
        }
    }
    let mut register = Register::new(departments);
    register.sort();
    register
}

pub fn decode_policies(ctx: &mut FileCtx, node: &Node) -> Vec<Policy> {
    let mut policies: Vec<Policy> = Vec::new();
    for (i, item) in items(ctx, node, "policies").iter().enumerate() {
        let context = format!(" in policy #{}", i + 1);
        let Some(mut f) = Fields::new(ctx, item, "a policy", &context, POLICY_FIELDS) else {
            continue;
        };
        let code = f.required_text(ctx, "code");
        let title = f.required_text(ctx, "title");
        if let (Some(code), Some(n)) = (&code, f.get("code")) {
            if crate::model::department::policy_base(code).as_deref() != Some(code.as_str()) {
                ctx.error(
                    n.pos,
                    format!("policy code \"{code}\" must be digits joined by '-', like \"7-1\""),
                );
            } else if policies.iter().any(|p| &p.code == code) {
                ctx.error(n.pos, format!("policy code \"{code}\" is listed twice"));
            }
        }
        f.finish(ctx);
        if let (Some(code), Some(title)) = (code, title) {
            policies.push(Policy { code, title });
        }
    }
    policies
}
