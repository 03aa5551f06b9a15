//! Whether a target can be measured later: does it state a number, a date, a count, a
//! rank or a percentage — the way Japanese sheets write them (`５５％以上`, `230位以内`,
//! `１．５倍`, `3割`, `15件`, `12か所`, `令和6年3月`, `R9.2`, `2024年3月`, `9月`, `半減`)?
//!
//! Numbers that only order or label things do not count: `第3次計画`, `2期目` after
//! `第`, list markers (`1. `, `(1)`, `①`), and numbers inside names such as `Society5.0`
//! or `5G`.

use super::text::fold_width;

/// Words that state an amount without digits.
const AMOUNT_WORDS: &[&str] = &[
    "半減",
    "倍増",
    "ゼロ",
    "皆無",
    "全件",
    "全員",
    "令和元年",
    "平成元年",
];

/// Kanji numerals count before these (`三割`, `二倍`); elsewhere they are too often part
/// of a word (`一層`, `十分`, `一人ひとり`).
const KANJI_NUMERALS: &str = "一二三四五六七八九十";
const KANJI_UNITS: &[char] = &['割', '倍'];

/// Letters of era abbreviations before a year: `R9.2` (令和9年2月), `H30`.
const ERA_LETTERS: &[char] = &['R', 'H', 'S', 'r', 'h'];

/// The first thing in `text` that makes it measurable (for messages and tests), or `None`.
pub fn measure(text: &str) -> Option<String> {
    let text = fold_width(text);
    for word in AMOUNT_WORDS {
        if text.contains(word) {
            return Some(word.to_string());
        }
    }
    let chars: Vec<char> = text.chars().collect();
    if let Some(w) = chars
        .windows(2)
        .find(|w| KANJI_NUMERALS.contains(w[0]) && KANJI_UNITS.contains(&w[1]))
    {
        return Some(w.iter().collect());
    }
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (matches!(chars[i], '.' | ',')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        if counts(&chars, start, i) {
            return Some(number);
        }
    }
    None
}

/// Whether the number at `chars[start..end]` states an amount or a date.
fn counts(chars: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    // `R9.2`, `H30年`: an era year.
    if let Some(b) = before
        && ERA_LETTERS.contains(&b)
        && !start
            .checked_sub(2)
            .is_some_and(|i| chars[i].is_ascii_alphabetic())
    {
        return true;
    }
    // `第3次`, `3次`, ordinal numbers.
    if before == Some('第') || matches!(after, Some('次')) {
        return false;
    }
    // `5G`, `Society5.0`, `DX2`: part of a name.
    if before.is_some_and(|c| c.is_ascii_alphabetic())
        || after.is_some_and(|c| c.is_ascii_alphabetic() && !unit_letters(chars, end))
    {
        return false;
    }
    // A list marker: `1. ` or `1)` at the start of a line, `(1)` anywhere.
    let line_start = before.is_none_or(|c| c == '\n')
        || chars[..start]
            .iter()
            .rev()
            .take_while(|&&c| c != '\n')
            .all(|c| c.is_whitespace());
    if line_start && matches!(after, Some('.' | ')' | '）')) {
        return false;
    }
    if matches!(before, Some('(' | '（')) && matches!(after, Some(')' | '）')) {
        return false;
    }
    // Circled and parenthesised numbers are not ASCII digits, so they never get here.
    true
}

/// `km`, `kg`, `ha`, `pt`, `t`, `m` after a number are units, not a name.
fn unit_letters(chars: &[char], at: usize) -> bool {
    let word: String = chars[at..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    matches!(
        word.as_str(),
        "km" | "kg" | "ha" | "pt" | "t" | "m" | "g" | "kW" | "kWh" | "MB" | "GB" | "TB"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes(text: &str) {
        assert!(measure(text).is_some(), "should be measurable: {text}");
    }
    fn no(text: &str) {
        assert_eq!(measure(text), None, "should not be measurable: {text}");
    }

    #[test]
    fn numbers_with_japanese_units() {
        yes("満足度５５％以上");
        yes("満足度55%以上");
        yes("実施数：15件（令和４年度14件）");
        yes("情報接触度230位以内");
        yes("応募者数を前年度比１．５倍にする");
        yes("オンラインで完結する手続を3割にする");
        yes("避難所を12か所整備する");
        yes("約1000 人が登録");
        yes("研修を年4回実施");
    }

    #[test]
    fn dates() {
        yes("R9.2の議員全員協議会で中間案を示す");
        yes("書かない窓口のR9.1の供用開始");
        yes("令和6年3月までに策定する");
        yes("令和元年度比");
        yes("2024年3月末までに公開する");
        yes("中間案の公表 9月");
        yes("2025-03までに");
    }

    #[test]
    fn words_and_kanji_numerals() {
        yes("待ち時間を半減させる");
        yes("重大なインシデントをゼロにする");
        yes("利用率を三割に高める");
        no("一層の充実を図る");
        no("十分な体制を整える");
    }

    #[test]
    fn numbers_that_only_order_or_name() {
        no("第3次基本計画に基づき推進する");
        no("第2次総合計画の施策を進める");
        no("1. 計画を推進する\n2. 周知を図る");
        no("(1) 計画の推進");
        no("①計画の推進 ②周知");
        no("Society5.0の実現に向けてDXを推進する");
        no("5Gの活用を検討する");
    }

    #[test]
    fn vague_targets() {
        no("優先実行DX事業が決定され、関係部署が連携した積極的な取り組みを展開している。");
        no("人材育成文化が向上するような人材育成基本方針が策定されている");
        no("災害配備等の際にも必要な体制が敷けるよう投票区の見直しを行う");
    }

    #[test]
    fn full_width_and_units_with_letters() {
        yes("ＣＯ２排出量を10t削減");
        yes("延長5km");
        yes("１０％削減");
    }
}
