//! Reading Japanese sheet text for the lint: full-width folding, the statements of a
//! field, how a statement ends (its predicate), and how alike two texts are.
//!
//! Japanese has no spaces between words and puts the verb last, so the rules look at the
//! *end* of each statement for the predicate and compare texts by character pairs
//! (bigrams) of their content characters rather than by words.

/// Full-width ASCII (`０`–`９`, `％`, `Ａ`, `．`) folded to half-width, the ideographic
/// space to a space; everything else as it is.
pub fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The statements of a field, width-folded: each line, split after `。`, without its
/// list marker (`- `, `1. `, `①`, `(1)`, `・`) and without trailing punctuation or a
/// trailing bracketed note (`（令和４年度14件）`). Empty statements are dropped.
pub fn statements(text: &str) -> Vec<String> {
    fold_width(text)
        .lines()
        .flat_map(|line| line.split_inclusive('。'))
        .map(|s| strip_trailing(strip_marker(s.trim())).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn strip_marker(s: &str) -> &str {
    let s = s.trim_start();
    for bullet in [
        "- ", "* ", "+ ", "・", "･", "〇", "○", "●", "◎", "■", "□", "◆",
    ] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    // ①..⑳
    if let Some(c) = s.chars().next()
        && ('\u{2460}'..='\u{2473}').contains(&c)
    {
        return s[c.len_utf8()..].trim_start();
    }
    // `1. ` / `1) ` / `(1)` / `（1）`
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let rest = &s[digits..];
        for end in [". ", ") ", ".", ")"] {
            if let Some(r) = rest.strip_prefix(end)
                && (end.ends_with(' ') || !r.starts_with(|c: char| c.is_ascii_digit()))
            {
                return r.trim_start();
            }
        }
    }
    if let Some(rest) = s.strip_prefix('(').or_else(|| s.strip_prefix('（')) {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && let Some(r) = rest[digits..]
                .strip_prefix(')')
                .or_else(|| rest[digits..].strip_prefix('）'))
        {
            return r.trim_start();
        }
    }
    s
}

fn strip_trailing(mut s: &str) -> &str {
    loop {
        let before = s;
        s = s.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '。' | '.' | '、' | ',' | '!' | '?' | '；' | ';')
        });
        if let Some(open) = trailing_bracket(s) {
            s = &s[..open];
        }
        if s == before {
            return s;
        }
    }
}

/// Where a bracketed note that ends the text starts: `…以上（令和４年度51.3%）`.
fn trailing_bracket(s: &str) -> Option<usize> {
    let close = s.chars().last()?;
    let open = match close {
        ')' => '(',
        '）' => '（',
        '】' => '【',
        _ => return None,
    };
    let at = s.rfind(open)?;
    (at > 0).then_some(at)
}

/// The longest of `endings` that `statement` ends with.
pub fn ending<'a>(statement: &str, endings: &'a [String]) -> Option<&'a str> {
    endings
        .iter()
        .filter(|e| statement.ends_with(e.as_str()))
        .max_by_key(|e| e.chars().count())
        .map(String::as_str)
}

/// Every `stem + suffix` (stems alone included), for matching conjugated predicates:
/// `推進` × `する`, `を図る`, … → `推進する`, `推進を図る`, ….
pub fn conjugate(stems: &[&str], suffixes: &[&str]) -> Vec<String> {
    stems
        .iter()
        .flat_map(|stem| {
            std::iter::once(stem.to_string())
                .chain(suffixes.iter().map(move |s| format!("{stem}{s}")))
        })
        .collect()
}

/// The characters that carry a text's content: kanji, katakana, letters and digits.
/// Hiragana (particles, okurigana, verb endings), punctuation and spaces are dropped, so
/// that `指定管理者制度の適切な運用を図ります` and `指定管理者制度の適切な運用` compare as
/// nearly the same.
pub fn content_chars(text: &str) -> Vec<char> {
    content_iter(text).collect()
}

fn content_iter(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|&c| {
            c.is_ascii_alphanumeric()
                || ('\u{4E00}'..='\u{9FFF}').contains(&c)
                || ('\u{3400}'..='\u{4DBF}').contains(&c)
                || matches!(c, '々' | '〇' | 'ー')
                || (('\u{30A1}'..='\u{30FA}').contains(&c))
        })
        .map(|c| c.to_ascii_lowercase())
}

/// The distinct content bigrams of a text, as a sorted list (two chars packed in a
/// `u64`): computed once per field and compared by merging, which is much cheaper than
/// hashing every pair (the lint runs on every goal of every build).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bigrams(Vec<u64>);

impl Bigrams {
    pub fn of(text: &str) -> Bigrams {
        let mut pairs = Vec::new();
        let mut prev: Option<char> = None;
        for c in content_iter(text) {
            if let Some(p) = prev {
                pairs.push(((p as u64) << 32) | c as u64);
            }
            prev = Some(c);
        }
        pairs.sort_unstable();
        pairs.dedup();
        Bigrams(pairs)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn common(&self, other: &Bigrams) -> usize {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// The share (0..1) of these bigrams that also occur in `other`: 1.0 when
    /// everything this text says is also in the other. `None` when this text is too short
    /// to tell (fewer than 2 bigrams).
    pub fn covered_by(&self, other: &Bigrams) -> Option<f64> {
        if self.len() < 2 {
            return None;
        }
        Some(self.common(other) as f64 / self.len() as f64)
    }

    /// How alike the two texts are (0..1, the Dice coefficient of their bigrams).
    pub fn similarity(&self, other: &Bigrams) -> f64 {
        if self.is_empty() || other.is_empty() {
            return 0.0;
        }
        2.0 * self.common(other) as f64 / (self.len() + other.len()) as f64
    }
}

/// [`Bigrams::covered_by`] of two texts.
#[cfg(test)]
pub fn covered_by(a: &str, b: &str) -> Option<f64> {
    Bigrams::of(a).covered_by(&Bigrams::of(b))
}

/// [`Bigrams::similarity`] of two texts.
#[cfg(test)]
pub fn similarity(a: &str, b: &str) -> f64 {
    Bigrams::of(a).similarity(&Bigrams::of(b))
}

/// [`nearly_same_with`] making the bigrams itself.
#[cfg(test)]
pub fn nearly_same(a: &str, b: &str) -> bool {
    nearly_same_with(a, &Bigrams::of(a), b, &Bigrams::of(b))
}

/// Whether `a` says nearly what `b` says (`a_pairs` and `b_pairs` are their bigrams):
/// the same text, a Dice similarity of 0.7 or more, or 90 % of `a`'s bigrams found in
/// `b` (the test of `outcome-same-as-target` and `means-restates-goal`).
pub fn nearly_same_with(a: &str, a_pairs: &Bigrams, b: &str, b_pairs: &Bigrams) -> bool {
    a.trim() == b.trim()
        || a_pairs.similarity(b_pairs) >= 0.7
        || a_pairs.covered_by(b_pairs).unwrap_or(0.0) >= 0.9
}

/// The distinct phrases of `phrases` that occur in `text` (width-folded), in the order of
/// the list, skipping a phrase that is part of one already found.
pub fn find_phrases<'a>(text: &str, phrases: &[&'a str]) -> Vec<&'a str> {
    let text = fold_width(text);
    let mut found: Vec<&str> = Vec::new();
    for p in phrases {
        if text.contains(p) && !found.iter().any(|f| f.contains(p)) {
            found.push(p);
        }
    }
    found
}

/// `「a」「b」`
pub fn quote_all(phrases: &[&str]) -> String {
    phrases.iter().map(|p| format!("「{p}」")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_width("５５％以上　１．５倍"), "55%以上 1.5倍");
    }

    #[test]
    fn statements_of_a_field() {
        let text = "①令和５年度の満足度55％以上（令和４年度51.3％）\n\n- 手続を確立する。マニュアルを策定し、庁内周知を図る。\n1. 書かない窓口の開始\n(2) 研修の実施";
        assert_eq!(
            statements(text),
            vec![
                "令和5年度の満足度55%以上",
                "手続を確立する",
                "マニュアルを策定し、庁内周知を図る",
                "書かない窓口の開始",
                "研修の実施",
            ]
        );
    }

    #[test]
    fn a_number_that_starts_a_statement_is_kept() {
        assert_eq!(statements("1.5倍にする"), vec!["1.5倍にする"]);
        assert_eq!(statements("12月に公表する"), vec!["12月に公表する"]);
    }

    #[test]
    fn endings_prefer_the_longest() {
        let endings = conjugate(&["推進"], &["する", "を図る"]);
        let mut all = endings.clone();
        all.push("図る".into());
        assert_eq!(ending("DXの推進を図る", &all), Some("推進を図る"));
        assert_eq!(ending("周知を図る", &all), Some("図る"));
        assert_eq!(ending("策定する", &all), None);
    }

    #[test]
    fn content_drops_particles_and_endings() {
        let a: String = content_chars("指定管理者制度の適切な運用を図ります。")
            .into_iter()
            .collect();
        assert_eq!(a, "指定管理者制度適切運用図");
        assert_eq!(
            covered_by(
                "指定管理者制度の適切な運用",
                "指定管理者制度の適切な運用を図ります"
            ),
            Some(1.0)
        );
        assert_eq!(covered_by("DX", "DXの推進"), None);
        assert!(similarity("窓口の手続", "オンライン申請の割合") < 0.1);
    }

    #[test]
    fn bigram_lists_count_like_sets() {
        let a = Bigrams::of("ＤＸの推進。DXの推進とDXの推進");
        // d-x, x-推, 推-進, 進-d: duplicates counted once; 推進DX has 推-進, 進-d, d-x.
        assert_eq!(a.len(), 4);
        assert_eq!(a.common(&Bigrams::of("推進DX")), 3);
        assert_eq!(similarity("推進", "推進"), 1.0);
        assert!(nearly_same("窓口を改善する", " 窓口を改善する。"));
        assert!(!nearly_same("窓口の手続", "オンライン申請の割合"));
    }

    #[test]
    fn phrases_found_once() {
        let found = find_phrases(
            "検討する必要がある。簡素化が求められている",
            &["求められている", "求められ", "必要がある"],
        );
        assert_eq!(found, vec!["求められている", "必要がある"]);
        assert_eq!(quote_all(&found), "「求められている」「必要がある」");
    }
}
