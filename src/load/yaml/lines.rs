//! The fastest path of [`super::parse`]: a line-by-line reader for the plain shape that
//! nearly every sheet has, in front of [`super::fast`] (granit-parser's events), which
//! cost a third of the load stage.
//!
//! It takes block mappings with simple keys (`title:`, `self:`), block lists (`- …`,
//! including `- key: value` items and lists at the key's own indentation), and values
//! on one line: plain text and numbers, `"…"` without backslashes, `'…'`, flow lists of
//! plain words (`[a, b]`); `|`, `|-`, `>` and `>-` blocks; whole-line and trailing
//! comments; blank lines. Anything else — tabs, carriage returns, control characters,
//! flow mappings, other flow lists, anchors, tags, kept (`|+`) or indented (`|2`)
//! blocks, folded lines with extra indentation, multi-line plain or quoted text, empty
//! values, keys other than ASCII letters, digits, `_` and `-` (first a letter), a
//! repeated key, a root that is not a mapping, document markers —
//! makes it answer `None`, and [`super::fast`] (or serde-saphyr) reads the document as
//! before. Where it answers, the tree is serde-saphyr's, positions included (the tests
//! compare the readers on every YAML file of the repository and on generated documents).

use super::{Key, Kind, Node, Pos};
use std::borrow::Cow;

const MAX_BYTES: usize = 4 << 20;
const MAX_DEPTH: usize = 48;

/// The document as a tree, or `None` when another reader must decide.
pub fn parse(text: &str) -> Option<Node> {
    if text.len() > MAX_BYTES || !plain_characters(text) {
        return None;
    }
    let mut r = Reader {
        lines: text.split('\n').collect(),
        next: 0,
        inline: None,
    };
    let first = r.peek()?;
    if first.indent != 0 || is_item(first.body) {
        return None;
    }
    let root = r.mapping(0, 0)?;
    // Nothing may follow the root mapping.
    match r.peek() {
        None => Some(root),
        Some(_) => None,
    }
}

/// No byte that YAML treats specially or rejects: controls other than the line feed
/// (tabs and carriage returns included), DEL, C1 controls (NEL among them), the line
/// and paragraph separators, a byte order mark and the non-characters U+FFFE/U+FFFF.
fn plain_characters(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {}
            0..=0x1F | 0x7F => return false,
            0xC2 if (0x80..=0x9F).contains(&b[i + 1]) => return false,
            0xE2 if b[i + 1] == 0x80 && matches!(b[i + 2], 0xA8 | 0xA9) => return false,
            0xEF if (b[i + 1] == 0xBB && b[i + 2] == 0xBF)
                || (b[i + 1] == 0xBF && matches!(b[i + 2], 0xBE | 0xBF)) =>
            {
                return false;
            }
            _ => {}
        }
        // Lead bytes give the length; the text is valid UTF-8, so the bytes exist.
        i += match c {
            0..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    true
}

/// A line with content: its 1-based number, the column its content starts at
/// (0-based, spaces before it) and the content.
#[derive(Clone, Copy)]
struct Line<'a> {
    no: u32,
    indent: usize,
    body: &'a str,
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    /// The next line not yet read.
    next: usize,
    /// The rest of a list item line (`- key: value`) to be read as a line of its own.
    inline: Option<Line<'a>>,
}

/// A line that starts a list item.
fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// Leading spaces.
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether what follows a value on its line is nothing, spaces, or spaces and a
/// comment (anything else is left to the other readers).
fn only_comment(rest: &str) -> bool {
    let t = rest.trim_start_matches(' ');
    t.is_empty() || (t.starts_with('#') && t.len() < rest.len())
}

impl<'a> Reader<'a> {
    /// The next line with content (blank and comment lines skipped).
    fn peek(&mut self) -> Option<Line<'a>> {
        if let Some(line) = self.inline {
            return Some(line);
        }
        while self.next < self.lines.len() {
            let raw = self.lines[self.next];
            let indent = indent_of(raw);
            let body = &raw[indent..];
            if body.is_empty() || body.starts_with('#') {
                self.next += 1;
                continue;
            }
            return Some(Line {
                no: self.next as u32 + 1,
                indent,
                body,
            });
        }
        None
    }

    fn advance(&mut self) {
        if self.inline.take().is_none() {
            self.next += 1;
        }
    }

    /// The block collection starting at the next line, whose indentation is `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let line = self.peek()?;
        if is_item(line.body) {
            self.list(indent, depth, false)
        } else {
            self.mapping(indent, depth)
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut pos = None;
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_item(line.body) {
                return None;
            }
            let (name, rest) = split_key(line.body)?;
            if entries.iter().any(|(k, _)| k.name == name) {
                return None;
            }
            let key_pos = Pos::new(line.no, indent as u32 + 1);
            pos.get_or_insert(key_pos);
            self.advance();
            let skipped = rest.len() - rest.trim_start_matches(' ').len();
            let col = indent + name.len() + 1 + skipped;
            let value = self.value(&rest[skipped..], line.no, col, indent, true, depth)?;
            entries.push((
                Key {
                    name: name.to_string(),
                    pos: key_pos,
                },
                value,
            ));
        }
        Some(Node {
            pos: pos?,
            kind: Kind::Map(entries),
        })
    }

    /// A list whose dashes are at `indent`; `indentless` when they are at the
    /// indentation of the key it belongs to (serde-saphyr then places the list at its
    /// first item's text, not at the dash).
    fn list(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        let mut items = Vec::new();
        let mut pos = None;
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !is_item(line.body)) {
                break;
            }
            if line.indent > indent || line.body == "-" {
                return None;
            }
            let rest = &line.body[2..];
            let skipped = rest.len() - rest.trim_start_matches(' ').len();
            let rest = &rest[skipped..];
            let col = indent + 2 + skipped;
            let at = if indentless { col } else { indent };
            pos.get_or_insert(Pos::new(line.no, at as u32 + 1));
            if rest.is_empty() || rest.starts_with('#') || is_item(rest) {
                return None;
            }
            if split_key(rest).is_some() {
                // `- key: value`: the rest of the line is the first line of a mapping.
                self.advance();
                self.inline = Some(Line {
                    no: line.no,
                    indent: col,
                    body: rest,
                });
                if depth + 1 >= MAX_DEPTH {
                    return None;
                }
                items.push(self.mapping(col, depth + 1)?);
            } else {
                self.advance();
                items.push(self.value(rest, line.no, col, indent, false, depth)?);
            }
        }
        Some(Node {
            pos: pos?,
            kind: Kind::Seq(items),
        })
    }

    /// The value written after a key (`in_map`) or a list item's `- `, at 0-based column
    /// `col` of line `no`; `parent` is the key's or the dash's indentation.
    fn value(
        &mut self,
        rest: &'a str,
        no: u32,
        col: usize,
        parent: usize,
        in_map: bool,
        depth: usize,
    ) -> Option<Node> {
        let pos = Pos::new(no, col as u32 + 1);
        if rest.is_empty() || rest.starts_with('#') {
            // A nested block, or a list at the key's own indentation.
            let next = self.peek()?;
            if next.indent > parent {
                return self.block(next.indent, depth + 1);
            }
            if in_map && next.indent == parent && is_item(next.body) && depth + 1 < MAX_DEPTH {
                return self.list(parent, depth + 1, true);
            }
            // An empty value: its position is serde-saphyr's to say.
            return None;
        }
        let kind = match rest.as_bytes()[0] {
            b'"' => {
                let body = &rest[1..];
                let end = body.find('"')?;
                if body[..end].contains('\\') || !only_comment(&body[end + 1..]) {
                    return None;
                }
                Kind::Str(body[..end].to_string())
            }
            b'\'' => {
                let (text, after) = single_quoted(&rest[1..])?;
                if !only_comment(after) {
                    return None;
                }
                Kind::Str(text)
            }
            b'|' | b'>' => {
                let strip = match rest[1..].trim_end_matches(' ') {
                    "" => false,
                    "-" => true,
                    _ => return None,
                };
                // serde-saphyr places a block at its first line of text.
                let (text, pos) = self.block_text(parent, rest.starts_with('>'), strip)?;
                return Some(Node {
                    pos,
                    kind: Kind::Str(text),
                });
            }
            b'[' => {
                let (items, after) = flow_list(&rest[1..], no, col + 1)?;
                if !only_comment(after) {
                    return None;
                }
                Kind::Seq(items)
            }
            b']' | b'{' | b'}' | b',' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => {
                return None;
            }
            b'-' | b'?' | b':' if rest.len() == 1 || rest.as_bytes()[1] == b' ' => return None,
            _ => {
                let text = match rest.find(" #") {
                    Some(i) => &rest[..i],
                    None => rest,
                }
                .trim_end_matches(' ');
                if text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                super::fast::scalar(Cow::Borrowed(text), granit_parser::ScalarStyle::Plain)?
            }
        };
        // Text that goes on in the next, deeper line is not one-line text.
        if self.peek().is_some_and(|next| next.indent > parent) {
            return None;
        }
        Some(Node { pos, kind })
    }

    /// The text of a `|` (or, `folded`, `>`) block under a key or dash indented
    /// `parent` (`strip` for `|-` and `>-`), and where its first line of text starts.
    /// A folded block joins neighbouring lines with a space, and a run of blank lines
    /// stands for that many line breaks; a folded line with extra indentation (kept as
    /// it is by YAML) is left to the other readers.
    fn block_text(&mut self, parent: usize, folded: bool, strip: bool) -> Option<(String, Pos)> {
        let mut out = String::new();
        let mut pos = None;
        let mut content_indent = None;
        // Blank lines seen since the last line of text (they count if text follows).
        let mut blanks = 0;
        while self.next < self.lines.len() {
            let raw = self.lines[self.next];
            let indent = indent_of(raw);
            if indent == raw.len() {
                match content_indent {
                    // A blank line with more spaces than the text's indentation holds
                    // spaces: left to the other readers.
                    Some(n) if indent <= n => blanks += 1,
                    _ => return None,
                }
                self.next += 1;
                continue;
            }
            if indent <= parent {
                break;
            }
            let n = *content_indent.get_or_insert(indent);
            if indent < n || (folded && indent > n) {
                return None;
            }
            if pos.is_none() {
                pos = Some(Pos::new(self.next as u32 + 1, n as u32 + 1));
            } else if folded {
                match blanks {
                    0 => out.push(' '),
                    _ => (0..blanks).for_each(|_| out.push('\n')),
                }
            } else {
                (0..=blanks).for_each(|_| out.push('\n'));
            }
            blanks = 0;
            out.push_str(&raw[n..]);
            self.next += 1;
        }
        let pos = pos?;
        if !strip {
            out.push('\n');
        }
        Some((out, pos))
    }
}

/// `key: rest` or `key:` with a key of ASCII letters, digits, `_` and `-` that starts
/// with a letter and is not a null or boolean word; `None` otherwise.
fn split_key(body: &str) -> Option<(&str, &str)> {
    let b = body.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-')))?;
    if b[len] != b':' || !(len + 1 == b.len() || b[len + 1] == b' ') {
        return None;
    }
    let name = &body[..len];
    if ["null", "true", "false"]
        .iter()
        .any(|w| name.eq_ignore_ascii_case(w))
    {
        return None;
    }
    Some((name, &body[len + 1..]))
}

/// The items of a one-line flow list (`[a, b]`, after its `[`, which is at 0-based
/// column `col - 1`) of plain words and numbers, and what follows the `]`.
fn flow_list(body: &str, no: u32, col: usize) -> Option<(Vec<Node>, &str)> {
    let end = body.find(']')?;
    let inner = &body[..end];
    let mut items = Vec::new();
    if !inner.trim_start_matches(' ').is_empty() {
        let mut at = col;
        for piece in inner.split(',') {
            let skipped = piece.len() - piece.trim_start_matches(' ').len();
            let word = piece[skipped..].trim_end_matches(' ');
            let plain = !word.is_empty()
                && !word.contains(|c| "[]{}:#'\"&*!|>%@`?".contains(c))
                && !word.starts_with('-');
            if !plain {
                return None;
            }
            let kind = super::fast::scalar(Cow::Borrowed(word), granit_parser::ScalarStyle::Plain)?;
            // Columns count characters.
            let pos = Pos::new(no, (at + piece[..skipped].chars().count()) as u32 + 1);
            items.push(Node { pos, kind });
            at += piece.chars().count() + 1;
        }
    }
    Some((items, &body[end + 1..]))
}

/// The text of a `'…'` scalar that closes on this line (`''` is a quote) and what
/// follows it.
fn single_quoted(body: &str) -> Option<(String, &str)> {
    let mut text = String::new();
    let mut rest = body;
    loop {
        let end = rest.find('\'')?;
        text.push_str(&rest[..end]);
        if rest[end + 1..].starts_with('\'') {
            text.push('\'');
            rest = &rest[end + 2..];
        } else {
            return Some((text, &rest[end + 1..]));
        }
    }
}
