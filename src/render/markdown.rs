//! Markdown of content fields → safe HTML.
//!
//! Safety comes from the event stream, not from filtering HTML afterwards: raw HTML in
//! content becomes escaped text, and link or image URLs with a scheme other than
//! http(s)/mailto/tel (so `javascript:`, `data:`, `vbscript:` …) are dropped, keeping the
//! link text. pulldown-cmark escapes every text and attribute it writes, so no event
//! handler or script can reach the page.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH
}

/// Whether a link target may appear in a page.
pub fn is_safe_url(url: &str) -> bool {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match trimmed.find(':') {
        // A colon before any '/', '?' or '#' means a scheme.
        Some(i) if !trimmed[..i].contains(['/', '?', '#']) => {
            let scheme = &trimmed[..i];
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

/// Render `text` as HTML. Headings in content are shifted so that `#` becomes
/// `<h{base}>` (the page owns h1 and the section headings).
pub fn to_html(text: &str, heading_base: u8) -> String {
    to_html_with_ids(text, heading_base, "fn-")
}

/// [`to_html`] for a text that shares its page with other Markdown fields: footnote ids
/// become `<id_prefix><n>` (n = 1, 2, … in order of appearance), so that two fields of a
/// page never produce the same id, and an author's footnote label (`[^main]`) never
/// collides with the page's own ids (`#main`, `#goal-1`).
pub fn to_html_with_ids(text: &str, heading_base: u8, id_prefix: &str) -> String {
    to_html_with_lazy_ids(text, heading_base, || id_prefix.to_string())
}

/// [`to_html_with_ids`] with the prefix made only when the text needs the parser (most
/// fields do not, and a page has dozens of them).
pub fn to_html_with_lazy_ids(
    text: &str,
    heading_base: u8,
    id_prefix: impl FnOnce() -> String,
) -> String {
    plain_paragraph(text)
        .or_else(|| simple_html(text))
        .unwrap_or_else(|| parsed_html(text, heading_base, &id_prefix()))
}

/// [`to_html_with_ids`] through the Markdown parser.
fn parsed_html(text: &str, heading_base: u8, id_prefix: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3 / 2);
    // Links and images nest properly, so one stack says which end events to drop.
    let mut dropped: Vec<bool> = Vec::new();
    let mut footnotes: Vec<String> = Vec::new();
    let mut footnote_id = |label: &str| -> CowStr<'static> {
        let n = match footnotes.iter().position(|l| l == label) {
            Some(i) => i + 1,
            None => {
                footnotes.push(label.to_string());
                footnotes.len()
            }
        };
        format!("{id_prefix}{n}").into()
    };
    let prepared = cjk_emphasis(text);
    let events = Parser::new_ext(&prepared, options()).filter_map(|event| match event {
        Event::Text(t) if t.contains(ZWSP) => Some(Event::Text(t.replace(ZWSP, "").into())),
        Event::Code(t) if t.contains(ZWSP) => Some(Event::Code(t.replace(ZWSP, "").into())),
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        // A link or image with an unsafe URL is dropped; its text (or alt text) stays.
        Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
            let safe = match &tag {
                Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => is_safe_url(dest_url),
                _ => true,
            };
            dropped.push(!safe);
            safe.then_some(Event::Start(tag))
        }
        Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
            let was_dropped = dropped.pop().unwrap_or(false);
            (!was_dropped).then_some(Event::End(end))
        }
        Event::FootnoteReference(label) => Some(Event::FootnoteReference(footnote_id(&label))),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Some(Event::Start(Tag::FootnoteDefinition(footnote_id(&label))))
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: shift(level, heading_base),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => {
            Some(Event::End(TagEnd::Heading(shift(level, heading_base))))
        }
        other => Some(other),
    });
    html::push_html(&mut out, events);
    out
}

const ZWSP: char = '\u{200B}';

/// Most fields are one sentence of Japanese text with no Markdown in it; pulldown-cmark
/// would turn it into `<p>text</p>\n` unchanged, so we do that directly. Only a single
/// line (a trailing newline allowed) without ASCII punctuation other than `,.%/:;()`
/// (and no `.`/`)` after a leading digit, which could start a list), without a leading
/// or trailing space and without any other whitespace character takes this way; the
/// test `plain_paragraphs_match_pulldown` checks it agrees with the parser.
fn plain_paragraph(text: &str) -> Option<String> {
    plain_line(text).map(|line| {
        let mut out = String::with_capacity(line.len() + 8);
        out.push_str("<p>");
        out.push_str(line);
        out.push_str("</p>\n");
        out
    })
}

/// The line of a text that [`plain_paragraph`] may take: it is its own plain text, too.
fn plain_line(text: &str) -> Option<&str> {
    let line = text.strip_suffix('\n').unwrap_or(text);
    let first = *line.as_bytes().first()?;
    if first == b' ' || line.ends_with(' ') || first.is_ascii_digit() {
        return None;
    }
    // Byte by byte: kana, CJK punctuation and kanji (U+3001–U+9FFF, three bytes led by
    // E3–E9, of which only U+3000 is a space) without decoding; `is_plain_char` says
    // the same for every character (tested).
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !plain_ascii(b) {
                return None;
            }
            i += 1;
        } else if (0xE3..=0xE9).contains(&b) {
            if b == 0xE3 && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 {
                return None;
            }
            i += 3;
        } else {
            let c = line[i..].chars().next()?;
            if !is_plain_char(c) {
                return None;
            }
            i += c.len_utf8();
        }
    }
    Some(line)
}

fn plain_ascii(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b' ' | b',' | b'.' | b'%' | b'/' | b':' | b';' | b'(' | b')'
        )
}

/// Whether a character may stand in a [`plain_line`].
fn is_plain_char(c: char) -> bool {
    if c.is_ascii() {
        plain_ascii(c as u8)
    } else {
        ('\u{3001}'..='\u{9FFF}').contains(&c)
            || (!c.is_whitespace() && !c.is_control() && c != ZWSP && c != '\u{FEFF}')
    }
}

/// The other common shapes of a field, which [`simple_html`] and [`simple_text`] write
/// without the parser: plain lines (one paragraph), then `- ` list items, then a blank
/// line and `> ` lines (one quoted paragraph), each part optional, every line passing
/// [`plain_line`] after its marker. The paragraph may open with a bold lead of kana or
/// kanji, as evaluation reasons do (`**達成**（進捗率87%）：…`): CommonMark always takes
/// that `**` pair as strong emphasis, since a kana or kanji (neither space nor
/// punctuation) stands inside both delimiters. Anything else, such as a plain line after
/// the list (CommonMark continues the last item with it), gives `None`. The test
/// `simple_blocks_match_pulldown` checks both renderings against the parser.
struct Simple<'a> {
    /// The bold lead of the first paragraph line, which is then the rest of that line.
    lead: Option<&'a str>,
    lines: Vec<&'a str>,
    items: Vec<&'a str>,
    quote: Vec<&'a str>,
}

fn simple_blocks(text: &str) -> Option<Simple<'_>> {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut simple = Simple {
        lead: None,
        lines: Vec::new(),
        items: Vec::new(),
        quote: Vec::new(),
    };
    if !body.contains('\n') && !body.starts_with("- ") && !body.starts_with("**") {
        // One line without a list marker or a lead: `plain_paragraph` has said no.
        return None;
    }
    let mut blank = false;
    for (i, line) in body.split('\n').enumerate() {
        if let Some(quoted) = line.strip_prefix("> ") {
            // A quote opens the text or follows one blank line.
            if simple.quote.is_empty() && i > 0 && !blank {
                return None;
            }
            simple.quote.push(plain_line(quoted)?);
        } else if !simple.quote.is_empty() || blank {
            return None;
        } else if line.is_empty() {
            if i == 0 {
                return None;
            }
            blank = true;
        } else if let Some(item) = line.strip_prefix("- ") {
            simple.items.push(plain_line(item)?);
        } else if !simple.items.is_empty() {
            return None;
        } else if i == 0 && line.starts_with("**") {
            let (lead, rest) = line[2..].split_once("**")?;
            let kana_or_kanji = |c: char| {
                ('\u{3041}'..='\u{3096}').contains(&c)
                    || ('\u{30A1}'..='\u{30FA}').contains(&c)
                    || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            };
            if lead.is_empty() || !lead.chars().all(kana_or_kanji) {
                return None;
            }
            simple.lead = Some(lead);
            simple.lines.push(plain_line(rest)?);
        } else {
            simple.lines.push(plain_line(line)?);
        }
    }
    if blank && simple.quote.is_empty() {
        return None;
    }
    Some(simple)
}

/// [`simple_blocks`] as pulldown-cmark writes them.
fn simple_html(text: &str) -> Option<String> {
    let simple = simple_blocks(text)?;
    let mut out = String::with_capacity(text.len() + 64 + 10 * simple.items.len());
    if !simple.lines.is_empty() {
        out.push_str("<p>");
        if let Some(lead) = simple.lead {
            out.push_str("<strong>");
            out.push_str(lead);
            out.push_str("</strong>");
        }
        out.push_str(&simple.lines.join("\n"));
        out.push_str("</p>\n");
    }
    if !simple.items.is_empty() {
        out.push_str("<ul>\n");
        for item in simple.items {
            out.push_str("<li>");
            out.push_str(item);
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    if !simple.quote.is_empty() {
        out.push_str("<blockquote>\n<p>");
        out.push_str(&simple.quote.join("\n"));
        out.push_str("</p>\n</blockquote>\n");
    }
    Some(out)
}

/// [`simple_blocks`] as [`parsed_text`] writes them.
fn simple_text(text: &str) -> Option<String> {
    let simple = simple_blocks(text)?;
    let mut out = String::with_capacity(text.len());
    if let Some(lead) = simple.lead {
        out.push_str(lead);
    }
    out.push_str(&simple.lines.join("\n"));
    let items = simple.items.into_iter().map(|item| ("・", item));
    for (mark, line) in items.chain(simple.quote.into_iter().map(|q| ("", q))) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(mark);
        out.push_str(line);
    }
    Some(out)
}

/// CommonMark does not open `**` before `「` or close it after `。` when a letter is on
/// the other side (its flanking rules assume spaces between words), so `これは**「重要」**です`
/// and `**テスト。**テスト` stay unemphasised — and Japanese staff write exactly this. We
/// put a zero-width space between such a `*` run and the punctuation on its inner side,
/// which makes the run flanking, and remove the zero-width spaces from the text again
/// after parsing. Only runs next to non-ASCII characters are touched, so English
/// Markdown parses exactly as before.
fn cjk_emphasis(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('*') || text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace() && c != '*';
    let word = |c: char| c.is_alphanumeric();
    // Byte offsets where a zero-width space goes; most texts need none and are returned
    // as they are.
    let mut inserts: Vec<usize> = Vec::new();
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c != '*' {
            before = Some(c);
            continue;
        }
        let mut end = start + 1;
        while let Some(&(i, '*')) = chars.peek() {
            end = i + 1;
            chars.next();
        }
        let after = chars.peek().map(|&(_, c)| c);
        let non_ascii =
            before.is_some_and(|c| !c.is_ascii()) || after.is_some_and(|c| !c.is_ascii());
        // Closing run: punctuation inside, a letter outside.
        if non_ascii && before.is_some_and(punct) && after.is_some_and(word) {
            inserts.push(start);
        }
        // Opening run: a letter outside, punctuation inside.
        if non_ascii && before.is_some_and(word) && after.is_some_and(punct) {
            inserts.push(end);
        }
        before = Some('*');
    }
    if inserts.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 3 * inserts.len());
    let mut from = 0;
    for at in inserts {
        out.push_str(&text[from..at]);
        out.push(ZWSP);
        from = at;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// The first version of [`cjk_emphasis`], over a vector of characters: the test compares.
#[cfg(test)]
fn cjk_emphasis_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('*') || text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let punct = |c: char| !c.is_alphanumeric() && !c.is_whitespace() && c != '*';
    let word = |c: char| c.is_alphanumeric();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '*' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '*' {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let non_ascii =
            before.is_some_and(|c| !c.is_ascii()) || after.is_some_and(|c| !c.is_ascii());
        // Closing run: punctuation inside, a letter outside.
        let close_fix = non_ascii && before.is_some_and(punct) && after.is_some_and(word);
        // Opening run: a letter outside, punctuation inside.
        let open_fix = non_ascii && before.is_some_and(word) && after.is_some_and(punct);
        if close_fix {
            out.push(ZWSP);
        }
        out.extend(&chars[start..i]);
        if open_fix {
            out.push(ZWSP);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn shift(level: HeadingLevel, base: u8) -> HeadingLevel {
    let n = (level as u8).saturating_add(base.saturating_sub(1)).min(6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// Plain text of Markdown that keeps its lines (for the open data and the search index):
/// markup dropped (with the same CJK emphasis fix as the pages, so no `**` is left),
/// one line per paragraph, list item or table row, list items marked `・`.
pub fn to_text(text: &str) -> String {
    match plain_line(text) {
        Some(line) => line.to_string(),
        None => simple_text(text).unwrap_or_else(|| parsed_text(text)),
    }
}

/// [`to_text`] through the Markdown parser.
fn parsed_text(text: &str) -> String {
    let prepared = cjk_emphasis(text);
    let mut out = String::new();
    let newline = |out: &mut String| {
        let trimmed = out.trim_end_matches([' ', '\n']).len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push('\n');
        }
    };
    for event in Parser::new_ext(&prepared, options()) {
        match event {
            Event::Text(t) | Event::Code(t) if t.contains(ZWSP) => {
                out.push_str(&t.replace(ZWSP, ""))
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => {
                newline(&mut out);
                out.push('・');
            }
            Event::Start(Tag::TableCell) if !out.ends_with('\n') && !out.is_empty() => {
                out.push(' ')
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock,
            ) => newline(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Plain text of Markdown (for summaries, alt text, search): markup dropped.
pub fn to_plain(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_range_has_no_whitespace_or_controls() {
        for c in ('\u{3001}'..='\u{9FFF}').filter(|c| !c.is_whitespace()) {
            assert!(!c.is_control() && c != ZWSP && c != '\u{FEFF}', "{c:?}");
        }
        assert!(('\u{3001}'..='\u{9FFF}').all(|c| !c.is_whitespace()));
    }

    #[test]
    fn plain_lines_take_exactly_the_plain_characters() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(plain_line(&text).is_some(), is_plain_char(c), "{c:?}");
        }
    }

    #[test]
    fn plain_paragraphs_match_pulldown() {
        let plain = [
            "庁内の業務プロセスは紙と電子が混在している状態。行政手続のオンライン化率は45.3%である。",
            "令和8年度末までに待機児童数を0人に引き下げる。\n",
            "WiFi/LAN: 50%（前年度比）; see (note), ok.",
            "A. not a list",
        ];
        let not_plain = [
            "1. list",
            "2) list",
            "- list",
            "**強調**",
            "a  \nb",
            " lead",
            "trail ",
            "tab\there",
            "<b>x</b>",
            "a & b",
            "quote \"x\"",
            "[link](http://x)",
            "two\nlines",
            "# heading",
            "> quote",
            "a_b_c",
            "~~strike~~",
            "x|y",
            "",
            "\n",
            "nbsp\u{00A0}here",
            "ＤＸ推進　全角スペース入り",
        ];
        for t in plain.iter().chain(&not_plain) {
            assert_eq!(
                to_html_with_ids(t, 4, "x-"),
                parsed_html(t, 4, "x-"),
                "{t:?}"
            );
            assert_eq!(to_text(t), parsed_text(t), "{t:?}");
        }
        for t in plain {
            assert!(plain_paragraph(t).is_some(), "{t:?}");
        }
        for t in not_plain {
            assert_eq!(plain_paragraph(t), None, "{t:?}");
        }
    }

    #[test]
    fn simple_blocks_match_pulldown() {
        // Every text of one to three lines over these pieces and of four over the first
        // 12, with and without a final line break: the fast path must agree with the
        // parser wherever it answers.
        let pieces = [
            "計画を策定する",
            "- 先進自治体の事例を調査し、手法を導入する",
            "",
            "> 達成状況の評価は「一部達成」とする。",
            "**達成**（進捗率87%）：目標値に届いた。",
            "- 外部専門人材を登用する（年3回）",
            "**一部達成**です",
            "> 二行目",
            "WiFi/LAN: 50%",
            "**達成**",
            "**達成。**（句点の後）",
            "**強調**と**二つ**",
            "- 2025年度に実施",
            "- 1. 入れ子",
            "-  二つの空白",
            "- ",
            "-",
            "- - 二重",
            "* 星印",
            "+ 足す",
            " 字下げ",
            "    コード",
            "---",
            "===",
            ">引用",
            ">  二つの空白",
            "> ",
            "- **強調**",
            "| a | b |",
            "1. 番号",
            "**ＡＢ**全角",
            "**ab**c",
            "****",
            "**達成** 空白",
        ];
        // Every text of exactly `n` lines over `pieces`.
        fn texts(pieces: &[&str], n: usize) -> Vec<String> {
            if n == 1 {
                return pieces.iter().map(|p| p.to_string()).collect();
            }
            let shorter = texts(pieces, n - 1);
            let mut out = Vec::new();
            for t in &shorter {
                for p in pieces {
                    out.push(format!("{t}\n{p}"));
                }
            }
            out
        }
        let mut all = Vec::new();
        for n in 1..=3 {
            all.extend(texts(&pieces, n));
        }
        all.extend(texts(&pieces[..12], 4));
        let mut fast = 0;
        for t in &all {
            for text in [t.clone(), format!("{t}\n")] {
                if simple_blocks(&text).is_some() {
                    fast += 1;
                }
                assert_eq!(
                    to_html_with_ids(&text, 4, "x-"),
                    parsed_html(&text, 4, "x-"),
                    "{text:?}"
                );
                assert_eq!(to_text(&text), parsed_text(&text), "{text:?}");
            }
        }
        assert!(fast > 500, "{fast}");
        assert!(simple_blocks("段落\n- 一\n- 二\n").is_some());
        assert!(simple_blocks("**達成**（87%）\n- 一\n\n> 引用\n").is_some());
        assert!(simple_blocks("- 一\n続き").is_none());
        assert!(simple_blocks("**達成。**x").is_none());
    }

    #[test]
    fn emphasis_fix_equals_the_character_version() {
        let pieces = [
            "**",
            "*",
            "「",
            "」",
            "。",
            "重要",
            "a",
            " ",
            "\"",
            "テスト",
            "1",
            "\n",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let mut longer = Vec::new();
            for t in &texts {
                for p in pieces {
                    longer.push(format!("{t}{p}"));
                }
            }
            for t in &longer {
                assert_eq!(cjk_emphasis(t), cjk_emphasis_chars(t), "{t:?}");
            }
            texts = longer;
        }
        assert!(matches!(
            cjk_emphasis("普通の**強調**です"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn raw_html_is_escaped() {
        let html = to_html(
            "<script>alert(1)</script>\n\n本文<b onclick=\"x()\">太字</b>",
            4,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn dangerous_links_lose_their_href_but_keep_text() {
        for url in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            " java\tscript:x",
        ] {
            let html = to_html(&format!("[押す]({url})"), 4);
            assert!(!html.contains("href"), "{url}: {html}");
            assert!(html.contains("押す"), "{html}");
        }
        let ok = to_html(
            "[市のサイト](https://www.city.iga.lg.jp/) [相対](../2023/)",
            4,
        );
        assert!(ok.contains("href=\"https://www.city.iga.lg.jp/\""), "{ok}");
        assert!(ok.contains("href=\"../2023/\""), "{ok}");
    }

    #[test]
    fn images_with_script_urls_are_dropped_keeping_the_alt_text() {
        let html = to_html("![写真](javascript:alert(1))", 4);
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("写真"), "{html}");
        let ok = to_html("![写真](photo.png)", 4);
        assert!(ok.contains("<img src=\"photo.png\" alt=\"写真\""), "{ok}");
    }

    #[test]
    fn footnote_ids_are_numbered_under_the_prefix() {
        let text = "現状[^main]と[^注 1]。\n\n[^main]: 一つ目\n\n[^注 1]: 二つ目";
        let html = to_html_with_ids(text, 4, "goal-1-current-fn-");
        assert!(html.contains("href=\"#goal-1-current-fn-1\""), "{html}");
        assert!(html.contains("id=\"goal-1-current-fn-1\""), "{html}");
        assert!(html.contains("href=\"#goal-1-current-fn-2\""), "{html}");
        assert!(html.contains("id=\"goal-1-current-fn-2\""), "{html}");
        assert!(
            !html.contains("\"main\"") && !html.contains("注 1\""),
            "{html}"
        );
    }

    #[test]
    fn headings_are_shifted() {
        let html = to_html("# 見出し\n\n## 小見出し", 4);
        assert!(html.contains("<h4>見出し</h4>"), "{html}");
        assert!(html.contains("<h5>小見出し</h5>"), "{html}");
        assert!(to_html("#### 深い", 4).contains("<h6>"));
    }

    #[test]
    fn lists_and_tables() {
        let html = to_html("- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 4);
        assert!(html.contains("<li>一</li>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn japanese_emphasis_next_to_punctuation() {
        assert_eq!(
            to_html("これは**「重要」**です", 4),
            "<p>これは<strong>「重要」</strong>です</p>\n"
        );
        assert_eq!(
            to_html("**テスト。**テスト", 4),
            "<p><strong>テスト。</strong>テスト</p>\n"
        );
        assert_eq!(
            to_html("普通の**強調**です", 4),
            "<p>普通の<strong>強調</strong>です</p>\n"
        );
        // English is untouched, and no zero-width space is left anywhere.
        assert_eq!(to_html("a**\"b\"**c", 4), "<p>a**\"b\"**c</p>\n");
        assert!(!to_html("`**「」**`と**「x」**", 4).contains('\u{200B}'));
    }

    #[test]
    fn plain_text() {
        assert_eq!(to_plain("- **一**\n- 二\n\n段落"), "一 二 段落");
    }
}
