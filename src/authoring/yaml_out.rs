//! Writing YAML by hand so that the Japanese comments that teach the format survive (a
//! serializer would drop them), with quoting that is right for any text carried over
//! from an earlier sheet.

use std::fmt::Write as _;

// Every writer takes the `indent` of the mapping the key belongs to; a key written as
// `- key` starts a list item, its dash two spaces to the left of the mapping.

/// `key: value  # comment`, the value written by [`scalar`].
pub fn field(out: &mut String, indent: usize, key: &str, value: &str, comment: &str) {
    key_line(out, indent, key);
    let _ = write!(out, " {}", scalar(value));
    end_line(out, comment);
}

/// `key: raw  # comment`, the value written as it is (`true`, `2025-03`, `55`).
pub fn raw_field(out: &mut String, indent: usize, key: &str, raw: &str, comment: &str) {
    key_line(out, indent, key);
    let _ = write!(out, " {raw}");
    end_line(out, comment);
}

/// `key:  # comment` with no value (YAML null: the field counts as absent).
pub fn empty_field(out: &mut String, indent: usize, key: &str, comment: &str) {
    key_line(out, indent, key);
    end_line(out, comment);
}

fn key_line(out: &mut String, indent: usize, key: &str) {
    let pad = if key.starts_with("- ") {
        indent.saturating_sub(2)
    } else {
        indent
    };
    let _ = write!(out, "{:pad$}{key}:", "");
}

/// `key: |-  # comment` and the text under it, indented two more spaces: a literal block
/// scalar keeps every line and needs no quoting. An empty text leaves the block empty
/// (the empty string). Text a block cannot hold (control characters) is double-quoted.
pub fn block_field(out: &mut String, indent: usize, key: &str, text: &str, comment: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.trim_start_matches('\n').trim_end();
    if text.chars().any(needs_escape) {
        key_line(out, indent, key);
        let _ = write!(out, " {}", quoted(text));
        end_line(out, comment);
        return;
    }
    // A first line that starts with a space would be taken for the block's indentation:
    // say how deep the block is indented instead.
    let header = if text.starts_with(' ') { "|2-" } else { "|-" };
    key_line(out, indent, key);
    let _ = write!(out, " {header}");
    end_line(out, comment);
    if text.is_empty() {
        return;
    }
    for line in text.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:w$}{line}", "", w = indent + 2);
        }
    }
}

/// A comment line at `indent` spaces (`#` alone for an empty text).
pub fn comment(out: &mut String, indent: usize, text: &str) {
    if text.is_empty() {
        let _ = writeln!(out, "{:indent$}#", "");
    } else {
        let _ = writeln!(out, "{:indent$}# {text}", "");
    }
}

fn end_line(out: &mut String, comment: &str) {
    if !comment.is_empty() {
        let _ = write!(out, "  # {comment}");
    }
    out.push('\n');
}

/// A one-line value: as it is when YAML reads it back unchanged as text (Japanese text,
/// names, `0595-22-9601(内線2721)`), double-quoted otherwise (`7-1`, `3`, `yes`, `- a`,
/// `a: b`, `#1`).
pub fn scalar(value: &str) -> String {
    if is_plain_safe(value) {
        value.to_string()
    } else {
        quoted(value)
    }
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
pub fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

fn is_plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    // Starts with a letter that is not an ASCII indicator, digit or sign, and holds
    // only characters that never start a comment, a mapping or a flow collection.
    let starts_ok = !first.is_ascii() || first.is_ascii_alphabetic();
    let body_ok = value.chars().all(|c| {
        (!c.is_ascii() && !needs_escape(c) && c != '\u{3000}')
            || c.is_ascii_alphanumeric()
            || matches!(c, ' ' | '-' | '(' | ')' | '.' | '/' | '_' | '+' | '~')
    });
    let not_special = !matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
    );
    starts_ok && body_ok && not_special && !value.ends_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::{Kind, parse};

    /// Write `text` as a field, parse it back, return the text YAML reads.
    fn round_trip(text: &str, block: bool) -> String {
        let mut out = String::from("goals:\n  - mission: x\n");
        if block {
            block_field(&mut out, 4, "title", text, "目標の表題");
        } else {
            field(&mut out, 4, "title", text, "目標の表題");
        }
        out.push_str("    current: y\n");
        let node = parse(&out).unwrap_or_else(|e| panic!("{}\n{out}", e.message));
        let Kind::Map(top) = node.kind else { panic!() };
        let Kind::Seq(goals) = &top[0].1.kind else {
            panic!()
        };
        let Kind::Map(goal) = &goals[0].kind else {
            panic!()
        };
        assert_eq!(goal.len(), 3, "{out}");
        match &goal[1].1.kind {
            Kind::Str(s) => s.clone(),
            Kind::Null => String::new(),
            other => panic!("{other:?}\n{out}"),
        }
    }

    #[test]
    fn block_scalars_hold_any_japanese_text() {
        for text in [
            "伝わる広報と市民の市政参画の促進",
            "- 市民に必要な情報が届いていない場合がある。\n- eモニターに約1000 人が登録している。",
            "①満足度55％以上\n\n②実施数：15件（令和４年度14件）",
            "key: value # not a comment",
            "「重要」: *強調* & 'quote' \"dq\" | > % @ `code`",
            "  字下げで始まる行\n次の行",
            "# 見出しのような行\n---\n...",
            "タブ\tを含む",
            "1. 番号付き\n   続きの行",
        ] {
            assert_eq!(round_trip(text, true), text, "{text:?}");
        }
    }

    #[test]
    fn block_trims_surrounding_blank_lines_and_normalizes_line_ends() {
        assert_eq!(round_trip("\n\n本文\r\n二行目\n\n", true), "本文\n二行目");
        assert_eq!(round_trip("", true), "");
    }

    #[test]
    fn control_characters_are_quoted() {
        assert_eq!(round_trip("ベル\u{7}と改行\n", true), "ベル\u{7}と改行");
    }

    #[test]
    fn one_line_values_read_back_as_the_same_text() {
        for text in [
            "部長",
            "月井 敦子",
            "0595-22-9601(内線2721)",
            "7-1-①･②",
            "5-2",
            "3",
            "yes",
            "No",
            "- 箇条書き",
            "a: b",
            "#1",
            "[x]",
            "末尾に空白 ",
            "ＤＸ推進",
            "null",
        ] {
            assert_eq!(round_trip(text, false), text, "{text:?}");
        }
        assert_eq!(scalar("月井 敦子"), "月井 敦子");
        assert_eq!(scalar("5-2"), "\"5-2\"");
    }
}
