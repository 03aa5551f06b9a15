//! A YAML document as a tree of nodes that remember where they were written.
//!
//! We parse with `serde-saphyr` (a maintained, panic-free successor of the archived
//! `serde_yaml`) into this generic tree instead of deserializing straight into the model:
//! serde stops at the first error of a document, while staff need to see every problem of
//! a sheet at once. The decoders in this module's siblings walk the tree and report each
//! missing, unknown or mistyped field with its own line and column.

mod fast;
mod lines;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A 1-based line and column (columns count characters, not bytes, so Japanese text
/// does not shift them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
    /// Shift a position found in an embedded document (front matter) by the number of
    /// lines that precede it in the file.
    pub fn offset_lines(self, lines: u32) -> Self {
        Pos {
            line: self.line + lines,
            col: self.col,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Kind {
    /// What a staff member would call this kind of value, for "expected X, found Y".
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "nothing (an empty value)",
            Kind::Bool(_) => "true/false",
            Kind::Int(_) => "a whole number",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "text",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping (key: value lines)",
        }
    }
}

impl Node {
    pub fn shift(&mut self, lines: u32) {
        self.pos = self.pos.offset_lines(lines);
        match &mut self.kind {
            Kind::Seq(items) => items.iter_mut().for_each(|n| n.shift(lines)),
            Kind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.pos = k.pos.offset_lines(lines);
                v.shift(lines);
            }),
            _ => {}
        }
    }
}

fn pos_of(loc: &serde_saphyr::Location) -> Pos {
    Pos {
        line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
        col: u32::try_from(loc.column()).unwrap_or(u32::MAX),
    }
}

/// A YAML syntax error (or a document the parser refused), with where it happened.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parse one YAML document. An empty document is `Null`.
///
/// Sheets take the [`lines`] reader, then the [`fast`] one; whatever neither handles
/// with certainty (errors included) is read by serde-saphyr, which gives the same tree.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Some(node) = lines::parse(text) {
        return Ok(node);
    }
    match fast::parse(text) {
        Some(node) => Ok(node),
        None => parse_with_serde(text),
    }
}

fn parse_with_serde(text: &str) -> Result<Node, SyntaxError> {
    let mut options = serde_saphyr::Options::default();
    // `yes`/`no`/`on`/`off` stay text: a goal titled "No" must not become `false`.
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    match serde_saphyr::from_str_with_options::<Option<Node>>(text, options) {
        Ok(Some(node)) => Ok(node),
        Ok(None) => Ok(Node {
            pos: Pos::new(1, 1),
            kind: Kind::Null,
        }),
        Err(err) => {
            let pos = err.location().map(|l| pos_of(&l)).unwrap_or(Pos::new(1, 1));
            Err(SyntaxError {
                pos,
                message: clean_message(&err),
            })
        }
    }
}

/// serde-saphyr renders its own snippet and location; we print ours in the
/// `path:line:col:` form, so keep only the first line of the bare message.
fn clean_message(err: &serde_saphyr::Error) -> String {
    use serde_saphyr::budget::BudgetBreach;
    const TOO_DEEP: &str = "lists and mappings are nested too deeply";
    // The library's own wording of these names its API (DuplicateKeyPolicy, budgets)
    // or prints Rust debug output; say what it means for the file instead.
    let mut inner = err;
    while let serde_saphyr::Error::WithSnippet { error, .. }
    | serde_saphyr::Error::AliasError { error, .. } = inner
    {
        inner = error;
    }
    match inner {
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            return match key {
                Some(k) => format!(
                    "duplicate key `{k}`: a key may be written only once in a mapping; keep one of them"
                ),
                None => {
                    "duplicate key: a key may be written only once in a mapping; keep one of them"
                        .to_string()
                }
            };
        }
        serde_saphyr::Error::Budget { breach, .. } => {
            return match breach {
                BudgetBreach::Depth { .. } => TOO_DEEP.to_string(),
                _ => "the document is too large to read safely (too many values, or aliases that expand to too many)".to_string(),
            };
        }
        _ => {}
    }
    let raw = err.without_snippet().to_string();
    let first = raw.lines().next().unwrap_or("invalid YAML").trim();
    // Drop a trailing " at line X column Y" that some messages carry.
    let cut = first
        .find(" at line ")
        .map(|i| &first[..i])
        .unwrap_or(first);
    let cut = cut.trim_end_matches('.');
    if cut == "recursion limit exceeded" {
        return TOO_DEEP.to_string();
    }
    if cut.starts_with("mapping values are not allowed") {
        // Most often a `: ` inside unquoted text (`title: 目的: …`), else indentation.
        return format!(
            "{cut}: text that contains `: ` must be in quotes or in a `|` block; otherwise check this line's indentation"
        );
    }
    cut.to_string()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<Kind>::deserialize(deserializer)?;
        Ok(Node {
            pos: pos_of(&spanned.referenced),
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Kind, E> {
        Ok(Kind::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let name = match key.kind {
                Kind::Str(s) => s,
                Kind::Int(i) => i.to_string(),
                Kind::Float(f) => f.to_string(),
                Kind::Bool(b) => b.to_string(),
                Kind::Null => String::new(),
                Kind::Seq(_) | Kind::Map(_) => {
                    return Err(de::Error::custom(
                        "a key must be a plain word, not a list or mapping",
                    ));
                }
            };
            let value = map.next_value::<Node>()?;
            entries.push((Key { name, pos: key.pos }, value));
        }
        Ok(Kind::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_in_japanese_text() {
        let doc = "title: 総務部\nhead:\n  name: 月井 敦子\n  title: 部長\n";
        let node = parse(doc).unwrap();
        let Kind::Map(entries) = &node.kind else {
            panic!("not a map: {node:?}")
        };
        assert_eq!(entries[0].0.name, "title");
        assert_eq!(entries[0].1.pos, Pos::new(1, 8));
        let Kind::Map(head) = &entries[1].1.kind else {
            panic!()
        };
        assert_eq!(head[1].0.pos, Pos::new(4, 3));
        assert_eq!(head[1].1.kind, Kind::Str("部長".into()));
    }

    #[test]
    fn scalars_keep_their_types_and_yes_stays_text() {
        let node = parse("a: 3\nb: 0.85\nc: yes\nd: true\ne:\nf: 7-1\ng: 2024-03\n").unwrap();
        let Kind::Map(e) = node.kind else { panic!() };
        let kinds: Vec<_> = e.into_iter().map(|(_, v)| v.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Kind::Int(3),
                Kind::Float(0.85),
                Kind::Str("yes".into()),
                Kind::Bool(true),
                Kind::Null,
                Kind::Str("7-1".into()),
                Kind::Str("2024-03".into()),
            ]
        );
    }

    #[test]
    fn syntax_error_has_a_position() {
        let err = parse("title: a\n  bad: [1, 2\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
        assert!(!err.message.is_empty());
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("title: a\ntitle: b\n").unwrap_err();
        assert_eq!(err.pos.line, 2, "{err:?}");
    }

    /// The readers on one document: where a faster one answers, its tree is
    /// serde-saphyr's. True when the granit reader answered.
    fn same_tree(text: &str) -> bool {
        same_trees(text).0
    }

    /// `(granit reader answered, line reader answered)`; the line reader never answers
    /// where the granit reader does not.
    fn same_trees(text: &str) -> (bool, bool) {
        let slow = parse_with_serde(text);
        let slow = slow.as_ref().map_err(|e| &e.message);
        let fast = fast::parse(text);
        if let Some(node) = &fast {
            assert_eq!(Ok(node), slow, "granit reader: {text}");
        }
        let lines = lines::parse(text);
        if let Some(node) = &lines {
            assert_eq!(Ok(node), slow, "line reader: {text}");
            assert!(
                fast.is_some(),
                "line reader took what the granit reader declined: {text}"
            );
        }
        (fast.is_some(), lines.is_some())
    }

    #[test]
    fn fast_reader_gives_serde_saphyrs_tree() {
        let sheets = [
            "head:\n  title: 部長\n  name: \"北川　太郎\"\nmotto: '言う''こと'\n",
            "goals:\n  - title: 働き方改革\n    means: |\n      - 一つ目\n      - 二つ目\n    reason: >\n      折り返し\n      の文\n",
            "a: 3\nb: 0.85\nc: yes\nd: true\ne:\nf: 7-1\ng: 2024-03\nh: 2027-03-31\nh2: 2024/3/31\ni: -4\nj: -1.5\nk: 0\nl: ~\nm: Null\nn: FALSE\n",
            "list: [1, two, \"三\", {x: 1}]\nmap: {a: b, c: [d]}\nempty: []\nnone: {}\n",
            "1: one\n2.5: two\ntrue: three\n~: four\n\"quoted key\": 5\n",
            "long: 9223372036854775807\nplain: これは 長い\n  複数行の 文\nurl: https://example.jp/a#b\n",
            "# comment\n---\nkey: value # trailing\n...\n",
        ];
        for text in sheets {
            assert!(same_tree(text), "fast reader declined: {text}");
        }
        // Forms left to serde-saphyr: it must decline them (and serde-saphyr decides).
        let declined = [
            "a: &x 1\nb: *x\n",
            "base: &b {x: 1}\nc:\n  <<: *b\n",
            "a: !!str 3\n",
            "a: 0x1F\n",
            "a: 1e3\n",
            "a: .inf\n",
            "a: 007\n",
            "a: -0\n",
            "a: +5\n",
            "a: 9223372036854775808\n",
            "a: 1:20\n",
            "a: 1\na: 2\n",
            "- a\n- b\n",
            "just text\n",
            "",
            "a: [1, 2\n",
            "a: 1\n---\nb: 2\n",
            "? [a, b]\n: c\n",
        ];
        for text in declined {
            assert!(!same_tree(text), "fast reader took: {text}");
        }
    }

    #[test]
    fn fast_reader_agrees_on_every_yaml_file_of_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut taken, mut by_lines) = (0, 0);
        for dir in ["content", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                    && let Ok(text) = std::fs::read_to_string(path)
                {
                    let (g, l) = same_trees(&text);
                    taken += g as usize;
                    by_lines += l as usize;
                }
            }
        }
        eprintln!("{taken} files for the granit reader, {by_lines} for the line reader");
        assert!(taken >= 10, "only {taken} files took the fast path");
        assert!(by_lines >= 10, "only {by_lines} files took the line reader");
    }

    /// Values sheets have and values they must not be mistaken for; the generated
    /// documents below are made of them.
    const SCALARS: &[&str] = &[
        "部長",
        "\"北川　太郎\"",
        "'言う''こと'",
        "3",
        "-4",
        "0.85",
        "2027-03-31",
        "7-1",
        "true",
        "False",
        "~",
        "",
        "yes",
        "0x1F",
        "1e3",
        ".inf",
        "007",
        "a: b",
        "#x",
        "- a",
        "\"a\\nb\"",
        "https://example.jp/a#b",
        "[1, 2]",
        "{a: 1}",
        "&a 1",
        "*a",
        "!!str 3",
        "全角　スペース",
        "tab\there",
        "12.4 %",
        "-",
        "?",
        ">",
        "|",
        "x # comment",
        "\"q\" # comment",
        "\"unclosed",
        "[target-not-measurable, means-restates-goal]",
        "[ a ,b,c ]",
        "[]",
        "[a, [b]]",
        "[a, -1, 2.5, 007]",
        "[あ, い] # c",
        "[a, b",
        "達成：目標を上回った",
        "| # c",
        ">-",
    ];

    /// A xorshift generator: `next(n)` is in `0..n`.
    fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }

    #[test]
    fn fast_reader_agrees_on_generated_documents() {
        // Documents put together from pieces sheets are made of, and pieces they are not:
        // wherever the fast reader answers, its tree must be serde-saphyr's.
        const KEYS: &[&str] = &["title", "目標", "\"quoted key\"", "1", "a b", "null", "x"];
        let mut next = numbers(0x2545_f491_4f6c_dd1d);
        let mut taken = 0;
        for _ in 0..3000 {
            let mut doc = String::new();
            for _ in 0..1 + next(5) {
                let key = KEYS[next(KEYS.len())];
                match next(5) {
                    0 => {
                        doc.push_str(&format!("{key}:\n"));
                        for _ in 0..1 + next(3) {
                            doc.push_str(&format!("  - {}\n", SCALARS[next(SCALARS.len())]));
                        }
                    }
                    1 => {
                        doc.push_str(&format!("{key}:\n"));
                        for _ in 0..1 + next(3) {
                            let k = KEYS[next(KEYS.len())];
                            doc.push_str(&format!("  {k}: {}\n", SCALARS[next(SCALARS.len())]));
                        }
                    }
                    2 => doc.push_str(&format!("{key}: |\n  一行目\n  - 二行目\n\n")),
                    3 => doc.push_str(&format!("{key}: # comment\r\n  {}\r\n", SCALARS[next(5)])),
                    _ => doc.push_str(&format!("{key}: {}\n", SCALARS[next(SCALARS.len())])),
                }
            }
            if same_tree(&doc) {
                taken += 1;
            }
        }
        assert!(
            taken > 300,
            "only {taken} of 3000 documents took the fast path"
        );
    }

    #[test]
    fn line_reader_takes_sheets_and_agrees_on_generated_structures() {
        // Nested mappings and lists of mappings as sheets have them, with the pieces that
        // make the line reader decline mixed in: empty values, continuation lines,
        // folded and kept blocks, blank lines with extra spaces, comments, odd indents.
        const KEYS: &[&str] = &["title", "self", "means", "a-b", "_x", "目標", "Null", "1"];
        let mut next = numbers(0x9e37_79b9_7f4a_7c15);
        fn block(
            out: &mut String,
            indent: usize,
            depth: usize,
            next: &mut dyn FnMut(usize) -> usize,
        ) {
            let pad = " ".repeat(indent);
            let step = [2, 2, 4, 1, 3][next(5)];
            for _ in 0..1 + next(4) {
                let key = KEYS[next(KEYS.len())];
                match next(9) {
                    0 | 1 if depth < 4 => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        block(out, indent + step, depth + 1, next);
                    }
                    2 if depth < 4 => {
                        // A list of mappings, indented or at the key's indentation.
                        out.push_str(&format!("{pad}{key}:\n"));
                        let dash = if next(3) == 0 { indent } else { indent + step };
                        for _ in 0..1 + next(3) {
                            let k = KEYS[next(3)];
                            let v = SCALARS[next(SCALARS.len())];
                            out.push_str(&format!("{}- {k}: {v}\n", " ".repeat(dash)));
                            if next(2) == 0 {
                                block(out, dash + 2, depth + 1, next);
                            }
                        }
                    }
                    3 => {
                        out.push_str(&format!("{pad}{key}:\n"));
                        for _ in 0..1 + next(3) {
                            let v = SCALARS[next(SCALARS.len())];
                            out.push_str(&format!("{pad}{}- {v}\n", " ".repeat(step)));
                        }
                    }
                    4 | 5 => {
                        let head = ["|", ">-", "|-", ">", "|+", "|2"][next(6).min(next(6))];
                        out.push_str(&format!("{pad}{key}: {head}\n"));
                        let inner = " ".repeat(indent + step);
                        for _ in 0..1 + next(4) {
                            match next(8) {
                                0 => out.push('\n'),
                                6 => out.push_str(&format!("{inner}末尾に空白  \n")),
                                1 => out.push_str(&format!("{inner}\n")),
                                2 => out.push_str(&format!("{inner}   \n")),
                                3 => out.push_str(&format!("{inner}  - 字下げ\n")),
                                4 => out.push_str(&format!("{inner}# 本文の行\n")),
                                _ => out.push_str(&format!("{inner}**達成**（87%）：本文\n")),
                            }
                        }
                    }
                    6 => out.push_str(&format!("{pad}# {key}\n\n")),
                    7 => out.push_str(&format!(
                        "{pad}{key}: {}\n{pad}{}続きの行\n",
                        SCALARS[next(8)],
                        " ".repeat(next(3))
                    )),
                    _ => out.push_str(&format!("{pad}{key}: {}\n", SCALARS[next(SCALARS.len())])),
                }
            }
        }
        let (mut granit, mut lines) = (0, 0);
        for _ in 0..8000 {
            let mut doc = String::new();
            block(&mut doc, 0, 0, &mut next);
            let (g, l) = same_trees(&doc);
            granit += g as usize;
            lines += l as usize;
        }
        assert!(
            lines > 200,
            "line reader took {lines} of 8000 ({granit} for granit)"
        );
        assert!(
            granit > lines,
            "declined forms never reached the granit reader"
        );

        // A sheet as the benchmark corpus and the city write them.
        let sheet = "head:\n  title: 部長\n  name: \"高山町　太郎0\"\nmotto: \"市民の声を伺います。\"\ngoals:\n  - mission: \"成果を重視します。\"\n    title: \"水道事業の経営基盤強化\"\n    means: |\n      - 外部専門人材を登用する\n      - 協定を締結する\n    indicators:\n      - name: \"有収率\"\n        unit: \"%\"\n        baseline: 81.5\n        target: 86.5\n        actual: 85.6\n        better: higher\n    evaluation:\n      self: 2\n      reason: |\n        **一部達成**（進捗率83%）：遅れが生じた。\n        - 重点施策のため\n        \n        > 課題とする。\n  - title: 二つ目\n    policy: 7-1\n";
        assert_eq!(same_trees(sheet), (true, true), "{sheet}");
    }

    #[test]
    fn empty_document_is_null() {
        assert_eq!(parse("").unwrap().kind, Kind::Null);
        assert_eq!(parse("# only a comment\n").unwrap().kind, Kind::Null);
    }
}
