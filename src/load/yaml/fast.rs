//! The fast path of [`super::parse`]: build the node tree straight from the events of
//! `granit-parser` (the parser under `serde-saphyr`), without going through serde.
//!
//! Reading a manifesto sheet through serde-saphyr's deserializer cost twice the parse
//! itself (half the build's load stage at 10,000 sheets). This reader handles the YAML
//! that sheets are made of — block and flow mappings and lists, quoted and block text,
//! plain text, whole and decimal numbers, `true`/`false`, empty values — and answers
//! `None` for anything else: a parse error, a tag, an anchor or alias, a merge key
//! (`<<`), a repeated key, a plain scalar whose type it does not decide with certainty
//! (`0x1F`, `1e3`, `.inf`, `007`, …), a root that is not a mapping, a very large or
//! deeply nested document. [`super::parse`] then reads the document again with
//! serde-saphyr, so errors, messages and every unusual form stay exactly as before.
//!
//! Where it answers, the tree is the one serde-saphyr gives, positions included (the
//! tests compare the two on every YAML file of the repository and on tricky cases).

use super::{Key, Kind, Node, Pos};
use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};
use std::borrow::Cow;

/// Larger documents go to serde-saphyr, whose budgets then apply as before.
const MAX_BYTES: usize = 4 << 20;
const MAX_EVENTS: usize = 200_000;
/// serde-saphyr's default depth budget is 64.
const MAX_DEPTH: usize = 48;

/// The document as a tree, or `None` when serde-saphyr must decide.
pub fn parse(text: &str) -> Option<Node> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let mut r = Reader {
        events: Parser::new_from_str_with_options(text, options()),
        count: 0,
    };
    expect(r.next()?, |e| matches!(e, Event::StreamStart))?;
    expect(r.next()?, |e| matches!(e, Event::DocumentStart(..)))?;
    let (event, span) = r.next()?;
    let root = r.node(event, span, 0)?;
    if !matches!(root.kind, Kind::Map(_)) {
        return None;
    }
    expect(r.next()?, |e| matches!(e, Event::DocumentEnd))?;
    expect(r.next()?, |e| matches!(e, Event::StreamEnd))?;
    Some(root)
}

/// The parser options serde-saphyr uses with its default budget.
fn options() -> granit_parser::Options {
    let budget = serde_saphyr::budget::Budget::default();
    let mut o = granit_parser::Options::default();
    o.simple_key_max_lookahead = budget.simple_key_max_lookahead;
    o.flow_nesting_limit = budget.flow_nesting_limit;
    o.block_nesting_limit = o
        .block_nesting_limit
        .max(budget.max_depth.saturating_add(1));
    o
}

fn expect(item: (Event, Span), ok: impl Fn(&Event) -> bool) -> Option<()> {
    ok(&item.0).then_some(())
}

struct Reader<'a> {
    events: Parser<'a, StrInput<'a>>,
    count: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        self.count += 1;
        if self.count > MAX_EVENTS {
            return None;
        }
        self.events.next()?.ok()
    }

    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Option<Node> {
        let pos = pos_of(&span);
        let kind = match event {
            Event::Scalar(value, style, 0, None) => scalar(value, style)?,
            Event::SequenceStart(_, 0, None) if depth < MAX_DEPTH => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        break;
                    }
                    items.push(self.node(event, span, depth + 1)?);
                }
                Kind::Seq(items)
            }
            Event::MappingStart(_, 0, None) if depth < MAX_DEPTH => {
                let mut entries: Vec<(Key, Node)> = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        break;
                    }
                    let name = key_name(event)?;
                    if entries.iter().any(|(k, _)| k.name == name) {
                        return None;
                    }
                    let key = Key {
                        name,
                        pos: pos_of(&span),
                    };
                    let (event, span) = self.next()?;
                    entries.push((key, self.node(event, span, depth + 1)?));
                }
                Kind::Map(entries)
            }
            _ => return None,
        };
        Some(Node { pos, kind })
    }
}

/// 1-based line and column in characters, as serde-saphyr's `Location`.
fn pos_of(span: &Span) -> Pos {
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        col: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
    }
}

/// A mapping key as `yaml::KindVisitor` names it; `None` for keys it must not decide.
fn key_name(event: Event) -> Option<String> {
    let Event::Scalar(value, style, 0, None) = event else {
        return None;
    };
    if value == "<<" {
        return None;
    }
    Some(match scalar(value, style)? {
        Kind::Str(s) => s,
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => f.to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Null => String::new(),
        Kind::Seq(_) | Kind::Map(_) => return None,
    })
}

/// A scalar without tag or anchor, typed as serde-saphyr types it with strict booleans
/// (YAML 1.2 core schema); `None` when unsure.
pub(super) fn scalar(value: Cow<str>, style: ScalarStyle) -> Option<Kind> {
    if style != ScalarStyle::Plain {
        return Some(Kind::Str(value.into_owned()));
    }
    let s = value.as_ref();
    if s.is_empty() || s == "~" || s.eq_ignore_ascii_case("null") {
        return Some(Kind::Null);
    }
    if s.eq_ignore_ascii_case("true") {
        return Some(Kind::Bool(true));
    }
    if s.eq_ignore_ascii_case("false") {
        return Some(Kind::Bool(false));
    }
    // Numbers, booleans and null are ASCII; so is every other form that is not text.
    if !s.is_ascii() || s.as_bytes()[0].is_ascii_alphabetic() {
        return Some(Kind::Str(value.into_owned()));
    }
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits(unsigned) {
        // `007` (octal in YAML 1.1) and `-0` are left to serde-saphyr.
        if unsigned.starts_with('0') && (unsigned.len() > 1 || negative) {
            return None;
        }
        return s.parse::<i64>().ok().map(Kind::Int);
    }
    if let Some((whole, fraction)) = unsigned.split_once('.')
        && digits(whole)
        && digits(fraction)
    {
        return s
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(Kind::Float);
    }
    // Policy codes, dates and months (`7-1`, `2027-03-31`, `2024/03`): digits with `-` or
    // `/` between them are neither an integer nor a float (Rust's float syntax allows `-`
    // only first or after an exponent) and stay text.
    let b = s.as_bytes();
    let date = b[0].is_ascii_digit()
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'/'))
        && b.iter().any(|c| matches!(c, b'-' | b'/'));
    date.then(|| Kind::Str(value.into_owned()))
}
