//! `content/<fy>/_year.yaml`: publication date, draft flag, scales and form headings.

use super::fields::{FieldSpec, Fields, FileCtx, as_text};
use super::yaml::{Kind, Node};
use crate::model::{Form, Level, Scale, ScaleKey, YearSettings};

const YEAR_FIELDS: &[FieldSpec] = &[
    ("published", "公表日"),
    ("draft", "下書き"),
    ("scales", "評価の尺度"),
    ("form", "様式の見出し"),
];
const SCALES_FIELDS: &[FieldSpec] = &[("self", "達成状況（自己評価）"), ("leader", "指導者評価")];
const SCALE_FIELDS: &[FieldSpec] = &[("label", "見出し"), ("levels", "段階")];
const LEVEL_FIELDS: &[FieldSpec] = &[
    ("key", "記号"),
    ("label", "標語"),
    ("score", "得点"),
    ("achieved", "達成"),
];

pub fn decode(ctx: &mut FileCtx, node: &Node) -> YearSettings {
    let mut settings = YearSettings::default();
    if matches!(node.kind, Kind::Null) {
        return settings;
    }
    let Some(mut f) = Fields::new(ctx, node, "the year settings", "", YEAR_FIELDS) else {
        return settings;
    };
    if let Some(n) = f.get("published") {
        settings.published = parse_date(ctx, n, "published");
    }
    settings.draft = f.bool(ctx, "draft").unwrap_or(false);
    if let Some(scales) = f.get("scales")
        && let Some(mut s) = Fields::new(ctx, scales, "`scales`", "", SCALES_FIELDS)
    {
        if let Some(n) = s.get("self")
            && let Some(scale) = decode_scale(ctx, n, "self", "達成状況（自己評価）")
        {
            settings.self_scale = scale;
        }
        if let Some(n) = s.get("leader") {
            settings.leader_scale = decode_scale(ctx, n, "leader", "指導者評価");
        }
        s.finish(ctx);
    }
    if let Some(form) = f.get("form") {
        settings.form = decode_form(ctx, form);
    }
    f.finish(ctx);
    settings
}

/// `YYYY-MM-DD`, checked to be a real date.
pub fn parse_date(ctx: &mut FileCtx, node: &Node, field: &str) -> Option<jiff::civil::Date> {
    let text = match &node.kind {
        Kind::Str(s) => s.trim().to_string(),
        other => {
            ctx.error(
                node.pos,
                format!(
                    "`{field}` must be a date like 2023-05-15, found {}",
                    other.describe()
                ),
            );
            return None;
        }
    };
    let ok = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match ok.then(|| text.parse::<jiff::civil::Date>().ok()).flatten() {
        Some(d) => Some(d),
        None => {
            ctx.error(
                node.pos,
                format!("`{field}` must be a date like 2023-05-15 (YYYY-MM-DD), found \"{text}\""),
            );
            None
        }
    }
}

fn decode_scale(ctx: &mut FileCtx, node: &Node, which: &str, default_label: &str) -> Option<Scale> {
    let context = format!(" in scale `{which}`");
    let mut f = Fields::new(ctx, node, "a scale", &context, SCALE_FIELDS)?;
    let label = f
        .text(ctx, "label")
        .unwrap_or_else(|| default_label.to_string());
    let mut levels: Vec<Level> = Vec::new();
    // Every key written, also of levels that have other errors: a duplicate is still one.
    let mut keys: Vec<ScaleKey> = Vec::new();
    match f.get("levels") {
        None => f.missing(ctx, "levels"),
        Some(n) => match &n.kind {
            Kind::Seq(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    let context = format!(" in level #{} of scale `{which}`", i + 1);
                    let Some(mut lf) = Fields::new(ctx, item, "a level", &context, LEVEL_FIELDS)
                    else {
                        continue;
                    };
                    let key = match lf.get("key") {
                        None => {
                            lf.missing(ctx, "key");
                            None
                        }
                        Some(k) => match &k.kind {
                            Kind::Int(_) | Kind::Str(_) => {
                                let key = as_text(ctx, k, &("key", ""), &context).map(ScaleKey);
                                if let Some(key) = &key {
                                    if keys.contains(key) {
                                        ctx.error(
                                            k.pos,
                                            format!("key {key} is used twice in scale `{which}`; keys must be unique"),
                                        );
                                    }
                                    keys.push(key.clone());
                                }
                                key
                            }
                            other => {
                                ctx.error(
                                    k.pos,
                                    format!("a level's `key` must be a number or a word{context}, found {}", other.describe()),
                                );
                                None
                            }
                        },
                    };
                    let label = lf.required_text(ctx, "label");
                    let score = match lf.get("score") {
                        None => {
                            lf.missing(ctx, "score");
                            None
                        }
                        Some(_) => lf.number(ctx, "score").and_then(|s| {
                            if (0.0..=1.0).contains(&s) {
                                Some(s)
                            } else {
                                let pos = lf.get("score").map(|n| n.pos).unwrap_or(lf.pos);
                                ctx.error(
                                    pos,
                                    format!("`score` must be between 0 and 1{context}, found {s}"),
                                );
                                None
                            }
                        }),
                    };
                    let achieved = match lf.get("achieved") {
                        None => {
                            lf.missing(ctx, "achieved");
                            None
                        }
                        Some(_) => lf.bool(ctx, "achieved"),
                    };
                    lf.finish(ctx);
                    if let (Some(key), Some(label), Some(score), Some(achieved)) =
                        (key, label, score, achieved)
                    {
                        levels.push(Level {
                            key,
                            label,
                            score,
                            achieved,
                        });
                    }
                }
            }
            other => {
                ctx.error(
                    n.pos,
                    format!(
                        "`levels`{context} must be a non-empty list of levels, found {}",
                        match other {
                            Kind::Seq(_) => "an empty list",
                            k => k.describe(),
                        }
                    ),
                );
            }
        },
    }
    f.finish(ctx);
    (!levels.is_empty()).then_some(Scale { label, levels })
}

fn decode_form(ctx: &mut FileCtx, node: &Node) -> Form {
    let mut form = Form::default();
    let Kind::Map(entries) = &node.kind else {
        ctx.error(
            node.pos,
            format!("`form` must map goal fields to headings (e.g. `current: 〈現在の状態〉`), found {}", node.kind.describe()),
        );
        return form;
    };
    let known: Vec<&str> = Form::FIELDS.iter().map(|f| f.0).collect();
    for (key, value) in entries {
        if !known.contains(&key.name.as_str()) {
            let mut msg = format!("unknown goal field `{}` in `form`", key.name);
            if let Some(g) = crate::diagnostics::suggest::closest(&key.name, known.iter().copied())
            {
                msg.push_str(&format!("; did you mean `{g}`?"));
            }
            ctx.error_with(
                key.pos,
                msg,
                format!("note: the fields are: {}", known.join(", ")),
            );
            continue;
        }
        let spec = ("form", "");
        if let Some(heading) = as_text(ctx, value, &spec, "") {
            form.headings.insert(key.name.clone(), heading);
        }
    }
    form
}
