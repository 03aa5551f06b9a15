//! Reading mappings field by field while collecting every problem of a file.
//!
//! Each decoder asks a [`Fields`] for the fields it knows; whatever is left over is an
//! unknown field, reported with a "did you mean" that also understands the Japanese
//! headings of the paper form (`表題:` → `title`).

use super::yaml::{Key, Kind, Node, Pos};
use crate::diagnostics::{Diagnostic, suggest};
use std::path::PathBuf;

/// The diagnostics of one file, and its path for them.
pub struct FileCtx {
    pub path: PathBuf,
    pub diags: Vec<Diagnostic>,
}

impl FileCtx {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileCtx {
            path: path.into(),
            diags: Vec::new(),
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.path.clone(), Some(pos), message));
    }

    pub fn error_with(&mut self, pos: Pos, message: impl Into<String>, note: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.path.clone(), Some(pos), message).with_note(note));
    }

    pub fn warning(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(self.path.clone(), Some(pos), message));
    }

    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}

/// A known field: its YAML name and the Japanese label staff know it by ("" if none).
pub type FieldSpec = (&'static str, &'static str);

/// `title` (目標の表題)
pub fn field_name(spec: &FieldSpec) -> String {
    if spec.1.is_empty() {
        format!("`{}`", spec.0)
    } else {
        format!("`{}` ({})", spec.0, spec.1)
    }
}

pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    used: Vec<bool>,
    /// Where the mapping starts: missing fields are reported here.
    pub pos: Pos,
    /// " in 部局目標2" or "" — appended to messages.
    pub context: String,
    specs: &'static [FieldSpec],
}

impl<'n> Fields<'n> {
    /// Start reading `node` as a mapping with the given known fields; reports and returns
    /// `None` when it is not a mapping.
    pub fn new(
        ctx: &mut FileCtx,
        node: &'n Node,
        what: &str,
        context: &str,
        specs: &'static [FieldSpec],
    ) -> Option<Fields<'n>> {
        match &node.kind {
            Kind::Map(entries) => Some(Fields {
                entries,
                used: vec![false; entries.len()],
                pos: node.pos,
                context: context.to_string(),
                specs,
            }),
            other => {
                ctx.error(
                    node.pos,
                    format!(
                        "expected {what} (key: value lines){context}, found {}",
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    fn spec(&self, name: &'static str) -> FieldSpec {
        self.specs
            .iter()
            .copied()
            .find(|s| s.0 == name)
            .unwrap_or((name, ""))
    }

    /// The value of a field (a `null` value counts as absent).
    pub fn get(&mut self, name: &'static str) -> Option<&'n Node> {
        let idx = self.entries.iter().position(|(k, _)| k.name == name)?;
        self.used[idx] = true;
        let node = &self.entries[idx].1;
        (!matches!(node.kind, Kind::Null)).then_some(node)
    }

    /// Where a field's key is written, if it is.
    pub fn key_pos(&self, name: &'static str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.pos)
    }

    pub fn missing(&self, ctx: &mut FileCtx, name: &'static str) {
        // A misspelt key (`titel:`) is reported once, as an unknown field with
        // "did you mean `title`", not again as a missing `title`.
        if self
            .entries
            .iter()
            .any(|(k, _)| k.name != name && self.guess(&k.name) == Some(name))
        {
            return;
        }
        let spec = self.spec(name);
        let at = self.key_pos(name).unwrap_or(self.pos);
        ctx.error(
            at,
            format!(
                "missing required field {}{}",
                field_name(&spec),
                self.context
            ),
        );
    }

    /// Optional text (numbers are accepted and written as they read).
    pub fn text(&mut self, ctx: &mut FileCtx, name: &'static str) -> Option<String> {
        let node = self.get(name)?;
        let spec = self.spec(name);
        as_text(ctx, node, &spec, &self.context)
    }

    /// Required text: absent, empty or blank is an error naming the field.
    pub fn required_text(&mut self, ctx: &mut FileCtx, name: &'static str) -> Option<String> {
        match self.get(name) {
            None => {
                self.missing(ctx, name);
                None
            }
            Some(node) => {
                let spec = self.spec(name);
                let text = as_text(ctx, node, &spec, &self.context)?;
                if text.trim().is_empty() {
                    ctx.error(
                        node.pos,
                        format!(
                            "required field {} is empty{}",
                            field_name(&spec),
                            self.context
                        ),
                    );
                    return None;
                }
                Some(text)
            }
        }
    }

    pub fn bool(&mut self, ctx: &mut FileCtx, name: &'static str) -> Option<bool> {
        let node = self.get(name)?;
        match node.kind {
            Kind::Bool(b) => Some(b),
            ref other => {
                let spec = self.spec(name);
                ctx.error(
                    node.pos,
                    format!(
                        "{} must be true or false{}, found {}",
                        field_name(&spec),
                        self.context,
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    pub fn int(&mut self, ctx: &mut FileCtx, name: &'static str) -> Option<i64> {
        let node = self.get(name)?;
        match node.kind {
            Kind::Int(i) => Some(i),
            ref other => {
                let spec = self.spec(name);
                ctx.error(
                    node.pos,
                    format!(
                        "{} must be a whole number{}, found {}",
                        field_name(&spec),
                        self.context,
                        other.describe()
                    ),
                );
                None
            }
        }
    }

    /// A number; full-width digits written as text (`５５`) are accepted.
    pub fn number(&mut self, ctx: &mut FileCtx, name: &'static str) -> Option<f64> {
        let node = self.get(name)?;
        match &node.kind {
            Kind::Int(i) => Some(*i as f64),
            Kind::Float(f) if f.is_finite() => Some(*f),
            Kind::Str(s) if parse_number(s).is_some() => parse_number(s),
            other => {
                let spec = self.spec(name);
                let found = match other {
                    Kind::Str(s) => format!("\"{s}\""),
                    k => k.describe().to_string(),
                };
                ctx.error_with(
                    node.pos,
                    format!(
                        "{} must be a number{}, found {found}",
                        field_name(&spec),
                        self.context
                    ),
                    "help: write the unit in `unit:` and only the number here, e.g. `target: 55`",
                );
                None
            }
        }
    }

    /// A list of plain words (ids, rule names).
    pub fn words(&mut self, ctx: &mut FileCtx, name: &'static str) -> Vec<(String, Pos)> {
        let Some(node) = self.get(name) else {
            return Vec::new();
        };
        let spec = self.spec(name);
        let items: Vec<&Node> = match &node.kind {
            Kind::Seq(items) => items.iter().collect(),
            Kind::Str(_) | Kind::Int(_) => vec![node],
            other => {
                ctx.error(
                    node.pos,
                    format!(
                        "{} must be a list{}, found {}",
                        field_name(&spec),
                        self.context,
                        other.describe()
                    ),
                );
                return Vec::new();
            }
        };
        items
            .into_iter()
            .filter_map(|n| as_text(ctx, n, &spec, &self.context).map(|t| (t, n.pos)))
            .collect()
    }

    /// The known field an unknown key most likely means: by its Japanese label (`表題`
    /// → `title`), else by spelling.
    fn guess(&self, key: &str) -> Option<&'static str> {
        if self.specs.iter().any(|s| s.0 == key) {
            return None;
        }
        let by_label = self
            .specs
            .iter()
            .find(|s| {
                let label = strip_brackets(s.1);
                !label.is_empty()
                    && (label == strip_brackets(key)
                        || label.contains(strip_brackets(key)) && key.chars().count() >= 2)
            })
            .map(|s| s.0);
        by_label.or_else(|| suggest::closest(key, self.specs.iter().map(|s| s.0)))
    }

    /// Report every field nobody asked for.
    pub fn finish(self, ctx: &mut FileCtx) {
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let guess = self.guess(&key.name);
            let mut message = format!("unknown field `{}`{}", key.name, self.context);
            if let Some(g) = guess {
                let spec = self.spec(g);
                message.push_str(&format!("; did you mean {}?", field_name(&spec)));
            }
            let names: Vec<&str> = self.specs.iter().map(|s| s.0).collect();
            ctx.error_with(
                key.pos,
                message,
                format!("note: the fields allowed here are: {}", names.join(", ")),
            );
        }
    }
}

fn strip_brackets(s: &str) -> &str {
    s.trim_matches(|c| {
        matches!(
            c,
            '〈' | '〉' | '【' | '】' | '※' | ' ' | '（' | '）' | '(' | ')'
        )
    })
}

/// Text from a scalar; lists and mappings are type errors.
pub fn as_text(ctx: &mut FileCtx, node: &Node, spec: &FieldSpec, context: &str) -> Option<String> {
    match &node.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f) => Some(f.to_string()),
        Kind::Null => None,
        other => {
            let hint = match other {
                Kind::Seq(_) => {
                    "; to write a bulleted list, use a Markdown list inside a `|` block"
                }
                Kind::Map(_) => "; if the text contains `: `, put it in quotes or in a `|` block",
                _ => "",
            };
            ctx.error(
                node.pos,
                format!(
                    "{} must be text{context}, found {}{hint}",
                    field_name(spec),
                    other.describe()
                ),
            );
            None
        }
    }
}

/// `55`, `51.3`, `５５`, `１．５`, `1,000`.
pub fn parse_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' | '−' => '-',
            _ => c,
        })
        .collect();
    if ascii.is_empty()
        || !ascii
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    ascii.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_japanese_writing() {
        assert_eq!(parse_number("55"), Some(55.0));
        assert_eq!(parse_number("５５"), Some(55.0));
        assert_eq!(parse_number("１．５"), Some(1.5));
        assert_eq!(parse_number("1,000"), Some(1000.0));
        assert_eq!(parse_number("55%"), None);
        assert_eq!(parse_number("約50"), None);
        assert_eq!(parse_number(""), None);
    }
}
