//! The search index behind `/search/`: character bigrams of normalised text, written as
//! small JavaScript files that the page loads with plain `<script>` elements, so that
//! search works from a folder opened with `file://` (where `fetch()` and WebAssembly
//! loading fail) as well as from any static host. README "Search" says why this and not
//! Pagefind, with the sizes.
//!
//! **Normalisation** (the same in `theme/search.js`): Unicode NFKC (full-width Latin and
//! digits → ASCII, half-width katakana → full-width, ㈱ → (株)), lower case, katakana →
//! hiragana (so デジタル, ﾃﾞｼﾞﾀﾙ and でじたる are one word).
//!
//! **Tokens**: text is cut into runs of letters and digits (`char::is_alphanumeric`, in
//! JavaScript `[\p{Alphabetic}\p{N}]`); each run gives its characters alone and its
//! bigrams. A query run of two or more characters needs all its bigrams; a one-character
//! run needs that character. Japanese has no spaces between words, and bigrams find 健診
//! inside 特定健診受診率 without a dictionary. Candidates are then checked against the text itself in the
//! browser, so a bigram match that is not a substring (東京 + 京都 ≠ 東京都) is dropped.
//!
//! **Files** under `search/`:
//! - `t<n>.js`: shard `n` of the keys (by a hash of the key): `{key: postings}`.
//! - `d<n>.js`: documents `n*CHUNK ..`, each `[url, meta, title, body, extra]`.
//!
//! Postings are the sorted document numbers, as gaps in a base-64 varint (5 bits a
//! character, the 6th says "more follows"), or as a bitmap (`!` then 6 documents a
//! character) when that is shorter. A document is a manifesto (head, motto, message) or
//! a goal (all its text); documents are numbered newest year first, in the register's
//! order, a manifesto before its goals, which is also the order of the results.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

/// Documents per `d<n>.js` file.
pub const CHUNK: usize = 50;
/// Target size of one key shard, in bytes.
const SHARD_TARGET: usize = 48 * 1024;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The text as the index sees it: NFKC, lower case, katakana folded to hiragana.
///
/// Sheet text is mostly kanji, kana and full-width ASCII, so this avoids the general
/// algorithms where it can (they were a third of the index's time): full-width ASCII and
/// the ideographic space are replaced by their compatibility decompositions first (which
/// never changes a string's NFKC), the full NFKC runs only when the quick check cannot
/// say the result is already normalised, and characters without case skip the case
/// tables. The tests compare it with the plain definition.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a buffer (cleared first), which the index reuses.
fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    // The common case in one pass: every character (after `fold_wide`) already NFKC and
    // without case, or ASCII.
    for c in text.chars().map(fold_wide) {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_plain_cjk(c) {
            out.push(fold_kana(c));
        } else {
            out.clear();
            out.push_str(&normalize_general(text));
            return;
        }
    }
}

fn normalize_general(text: &str) -> String {
    let folded: String = text.chars().map(fold_wide).collect();
    let nfkc = if unicode_normalization::is_nfkc_quick(folded.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        folded
    } else {
        folded.nfkc().collect()
    };
    if nfkc.contains('Σ') {
        // The one context-dependent lower-case mapping (final sigma): the library's.
        return nfkc.to_lowercase().chars().map(fold_kana).collect();
    }
    let mut out = String::with_capacity(nfkc.len());
    for c in nfkc.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_caseless(c) {
            out.push(fold_kana(c));
        } else {
            out.extend(c.to_lowercase().map(fold_kana));
        }
    }
    out
}

/// Japanese punctuation, kana and the common kanji that NFKC leaves alone, that never
/// combine with a neighbour and have no case (checked character by character in the
/// tests): `、。「」々`, ひらがな, カタカナ, `ー`, U+4E00–U+9FFF.
fn is_plain_cjk(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3029}'
        | '\u{3030}'..='\u{3035}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309E}'
        | '\u{30A1}'..='\u{30FE}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// The definition [`normalize`] is checked against.
#[cfg(test)]
fn normalize_plain(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    nfkc.to_lowercase().chars().map(fold_kana).collect()
}

/// Full-width ASCII (U+FF01–U+FF5E) and the ideographic space as their compatibility
/// decompositions (the ASCII character, a space).
fn fold_wide(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// CJK symbols, kana and ideographs (U+3000–U+9FFF) have no case.
fn is_caseless(c: char) -> bool {
    ('\u{3000}'..='\u{9FFF}').contains(&c)
}

fn fold_kana(c: char) -> char {
    match c {
        'ァ'..='ヶ' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Which of U+3000–U+303F are letters or numbers (bit `c - 0x3000`).
const CJK_SYMBOL_WORDS: u64 = 0x1f3e_03fe_0000_00e0;

/// `char::is_alphanumeric`, with kanji, kana and Japanese punctuation answered without
/// the table lookup.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3041}'..='\u{3096}').contains(&c)
        || ('\u{30A1}'..='\u{30FA}').contains(&c)
        || ('\u{30FC}'..='\u{30FF}').contains(&c)
    {
        true
    } else if ('\u{3000}'..='\u{303F}').contains(&c) {
        // Japanese punctuation: only 々〆〇, 〡–〩, 〱–〵 and 〸–〼 are letters or numbers.
        (CJK_SYMBOL_WORDS >> (c as u32 - 0x3000)) & 1 != 0
    } else {
        c.is_alphanumeric()
    }
}

/// A key: the first character in the high half, the second (or 0 for a run's last
/// character alone) in the low half.
type Key = u64;

fn key(a: char, b: Option<char>) -> Key {
    ((a as u64) << 32) | b.map(|b| b as u64).unwrap_or(0)
}

fn key_string(k: Key) -> String {
    let mut s = String::new();
    if let Some(a) = char::from_u32((k >> 32) as u32) {
        s.push(a);
    }
    if let Some(b) = char::from_u32((k & 0xffff_ffff) as u32).filter(|&b| b != '\0') {
        s.push(b);
    }
    s
}

/// The keys of an already normalised text, sorted and without repeats: every character
/// of a run of letters and digits alone, and every pair of neighbours in a run.
pub fn keys(normalized: &str) -> Vec<Key> {
    let mut out = Vec::new();
    push_keys(normalized, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn push_keys(normalized: &str, out: &mut Vec<Key>) {
    let mut prev: Option<char> = None;
    for c in normalized.chars() {
        if is_word(c) {
            out.push(key(c, None));
            if let Some(p) = prev {
                out.push(key(p, Some(c)));
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
}

/// The tokens as strings, for tests and the README's examples.
pub fn tokens(text: &str) -> Vec<String> {
    keys(&normalize(text)).into_iter().map(key_string).collect()
}

/// Which shard a key goes to: FNV-1a over its characters (code points), mixed;
/// search.js computes the same with `Math.imul`.
pub fn shard_of(key: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for c in key.chars() {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    (h as usize) & (shards - 1)
}

/// One searchable document.
pub struct Doc {
    /// Site-relative URL: `2023/somu/#goal-1`.
    pub url: String,
    /// Shown above the title: `2023（令和5）年度 総務部 部局目標1`.
    pub meta: String,
    pub title: String,
    /// Plain text of every field, one line each.
    pub body: String,
    /// Searched but not shown (the department's kana).
    pub extra: String,
}

impl Doc {
    /// What is indexed; search.js checks candidates against the same string.
    #[cfg(test)]
    fn indexed(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.meta, self.title, self.body, self.extra
        )
    }

    /// `keys(&normalize(&self.indexed()))` with repeats and unsorted, made a field at
    /// a time: the line breaks between the fields end every run and normalisation never
    /// looks across a line break, so the whole string need not be made.
    fn push_field_keys(&self, normalized: &mut String, out: &mut Vec<Key>) {
        for field in [&self.meta, &self.title, &self.body, &self.extra] {
            normalize_into(field, normalized);
            push_keys(normalized, out);
        }
    }

    #[cfg(test)]
    fn keys(&self) -> Vec<Key> {
        let mut out = Vec::new();
        self.push_field_keys(&mut String::new(), &mut out);
        out
    }

    /// The document's keys as the index takes them: the slots of the keys that
    /// `slots` already numbers, each once, and the other keys (with repeats).
    ///
    /// Made in parallel, so that the index's single-threaded part only appends: a
    /// document has about a thousand keys with repeats and two hundred without, and
    /// sorting them (a fifth of the index's time) or numbering them one by one in the
    /// merge (a third) were the cost.
    fn slots(&self, slots: &FxHashMap<Key, u32>, s: &mut Scratch) -> DocSlots {
        s.keys.clear();
        self.push_field_keys(&mut s.normalized, &mut s.keys);
        s.stamp = s.stamp.wrapping_add(1);
        if s.stamp == 0 {
            s.seen.iter_mut().for_each(|v| *v = 0);
            s.stamp = 1;
        }
        s.seen.resize(slots.len(), 0);
        let mut out = DocSlots::default();
        for k in &s.keys {
            match slots.get(k) {
                Some(&slot) => {
                    let seen = &mut s.seen[slot as usize];
                    if *seen != s.stamp {
                        *seen = s.stamp;
                        out.known.push(slot);
                    }
                }
                None => out.new.push(*k),
            }
        }
        out
    }
}

/// See [`Doc::slots`].
#[derive(Default)]
struct DocSlots {
    known: Vec<u32>,
    new: Vec<Key>,
}

/// A worker's buffers for [`Doc::slots`]; `seen[slot]` is the stamp of the last
/// document that had the slot's key.
#[derive(Default)]
struct Scratch {
    normalized: String,
    keys: Vec<Key>,
    seen: Vec<u32>,
    stamp: u32,
}

enum Postings {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

impl Postings {
    /// Add documents `run`, in order, all above the last one added.
    fn extend(&mut self, run: &[u32], docs: usize) {
        match self {
            Postings::List(v) => {
                v.extend_from_slice(run);
                if v.len() * 32 > docs + 256 {
                    let mut bits = vec![0u64; docs.div_ceil(64)];
                    for d in v.iter() {
                        bits[*d as usize / 64] |= 1 << (d % 64);
                    }
                    *self = Postings::Bits(bits);
                }
            }
            Postings::Bits(b) => {
                for &d in run {
                    b[d as usize / 64] |= 1 << (d % 64);
                }
            }
        }
    }

    fn into_ids(self) -> Vec<u32> {
        match self {
            Postings::List(v) => v,
            Postings::Bits(b) => {
                let mut ids = Vec::new();
                for (i, &word) in b.iter().enumerate() {
                    let mut w = word;
                    while w != 0 {
                        ids.push((i * 64) as u32 + w.trailing_zeros());
                        w &= w - 1;
                    }
                }
                ids
            }
        }
    }
}

/// `(slot, document)` pairs grouped by slot with a counting sort, documents kept in
/// their order.
#[derive(Default)]
struct Runs {
    /// Where each slot's run starts in `docs` (one more entry than slots).
    starts: Vec<u32>,
    docs: Vec<u32>,
}

impl Runs {
    fn group(&mut self, pairs: &[(u32, u32)], slots: usize) {
        self.starts.clear();
        self.starts.resize(slots + 1, 0);
        for &(s, _) in pairs {
            self.starts[s as usize + 1] += 1;
        }
        for i in 1..self.starts.len() {
            self.starts[i] += self.starts[i - 1];
        }
        self.docs.clear();
        self.docs.resize(pairs.len(), 0);
        // `starts[s]` is moved along slot s's run while it is filled, so that it ends
        // where run s + 1 starts; shifting the table back restores it.
        for &(s, d) in pairs {
            let at = &mut self.starts[s as usize];
            self.docs[*at as usize] = d;
            *at += 1;
        }
        self.starts.copy_within(0..slots, 1);
        self.starts[0] = 0;
    }

    /// Every slot with documents, and its documents.
    fn iter(&self) -> impl Iterator<Item = (usize, &[u32])> + '_ {
        self.starts
            .windows(2)
            .enumerate()
            .filter(|(_, w)| w[0] < w[1])
            .map(|(s, w)| (s, &self.docs[w[0] as usize..w[1] as usize]))
    }
}

/// Postings as text: gaps as varints, or `!` and a bitmap, whichever is shorter.
pub fn encode(ids: &[u32], docs: usize) -> String {
    let mut list = String::new();
    let mut prev: i64 = -1;
    for &d in ids {
        let mut v = (d as i64 - prev - 1) as u64;
        prev = d as i64;
        loop {
            let low = (v & 31) as usize;
            v >>= 5;
            if v == 0 {
                list.push(ALPHABET[low] as char);
                break;
            }
            list.push(ALPHABET[low | 32] as char);
        }
    }
    let last = ids.last().map(|&d| d as usize + 1).unwrap_or(0).min(docs);
    if 1 + last.div_ceil(6) < list.len() {
        let mut bits = vec![0u8; last.div_ceil(6)];
        for &d in ids {
            bits[d as usize / 6] |= 1 << (d % 6);
        }
        let mut s = String::with_capacity(bits.len() + 1);
        s.push('!');
        s.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
        s
    } else {
        list
    }
}

/// The inverse of [`encode`] (the tests check the round trip; search.js decodes).
pub fn decode(text: &str) -> Vec<u32> {
    let index = |c: u8| ALPHABET.iter().position(|&a| a == c).unwrap_or(0) as u32;
    if let Some(bits) = text.strip_prefix('!') {
        return bits
            .bytes()
            .enumerate()
            .flat_map(|(i, c)| {
                let v = index(c);
                (0..6)
                    .filter(move |j| v & (1 << j) != 0)
                    .map(move |j| (i * 6 + j) as u32)
            })
            .collect();
    }
    let mut out = Vec::new();
    let (mut prev, mut v, mut shift) = (-1i64, 0u64, 0u32);
    for c in text.bytes() {
        let x = index(c) as u64;
        v |= (x & 31) << shift;
        if x & 32 != 0 {
            shift += 5;
        } else {
            prev += v as i64 + 1;
            out.push(prev as u32);
            v = 0;
            shift = 0;
        }
    }
    out
}

/// Write a file; its size and hash (of path and text) are kept for the version.
fn emit(put: Put, path: String, text: String) -> Result<(usize, [u8; 32]), String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(path.as_bytes());
    hasher.update(text.as_bytes());
    put(&path, text.as_bytes())?;
    Ok((text.len(), *hasher.finalize().as_bytes()))
}

/// `d<i>.js`: the documents `i * CHUNK ..`.
fn write_docs(i: usize, chunk: &[Doc], put: Put) -> Result<(usize, [u8; 32]), String> {
    let rows: Vec<[&str; 5]> = chunk
        .iter()
        .map(|d| {
            [
                d.url.as_str(),
                d.meta.as_str(),
                d.title.as_str(),
                d.body.as_str(),
                d.extra.as_str(),
            ]
        })
        .collect();
    let json = serde_json::to_string(&rows).map_err(|e| e.to_string())?;
    emit(
        put,
        format!("search/d{i}.js"),
        format!("manifestoSearch.docs({i},{json});\n"),
    )
}

/// What the search page needs to know about the index.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct IndexInfo {
    pub docs: usize,
    pub shards: usize,
    pub chunk: usize,
    /// Bytes of the key shards (what a query loads part of).
    pub key_bytes: usize,
    /// Bytes of the document files (loaded only for the results shown).
    pub doc_bytes: usize,
    /// Short hash of every file, appended to the script URLs so browsers do not mix
    /// files of two builds.
    pub version: u32,
}

/// Where the index files go: `(path under the site root, bytes)`; called from several
/// threads.
pub type Put<'a> = &'a (dyn Fn(&str, &[u8]) -> Result<(), String> + Sync);

/// Write the index files through `put`, one at a time (a large site's index is never
/// held in memory whole); returns their summary, or the messages of failed writes.
///
/// `n` is the number of documents, which come in blocks, in document order: each block
/// is tokenised in parallel, merged into the postings and written out as `d<n>.js`
/// files before the next block is made.
pub fn build(
    n: usize,
    blocks: impl Iterator<Item = Vec<Doc>>,
    put: Put,
) -> Result<IndexInfo, Vec<String>> {
    // Every key has a slot: its number in `slot_keys` and `postings`. Keys are already
    // well spread; Fx hashing is several times cheaper than SipHash here.
    let mut slots: FxHashMap<Key, u32> = FxHashMap::default();
    let mut slot_keys: Vec<Key> = Vec::new();
    let mut postings: Vec<Postings> = Vec::new();
    // Per slot, the last document that had the key, plus one (0: none yet).
    let mut last: Vec<u32> = Vec::new();
    let mut next_id = 0u32;
    // Documents waiting for their `d<n>.js` (fewer than CHUNK), and the written files.
    let mut pending: Vec<Doc> = Vec::new();
    let mut chunks: Vec<Result<(usize, [u8; 32]), String>> = Vec::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut runs = Runs::default();
    for block in blocks {
        // Tokenise in parallel (keys numbered by earlier blocks become their slots),
        // then number the new keys in document order.
        let keyed: Vec<DocSlots> = block
            .par_iter()
            .map_init(Scratch::default, |scratch, doc| doc.slots(&slots, scratch))
            .collect();
        pairs.clear();
        for doc in keyed {
            next_id += 1;
            pairs.extend(doc.known.iter().map(|&slot| (slot, next_id - 1)));
            for k in doc.new {
                let slot = *slots.entry(k).or_insert_with(|| {
                    slot_keys.push(k);
                    postings.push(Postings::List(Vec::new()));
                    last.push(0);
                    (slot_keys.len() - 1) as u32
                });
                // A repeat within the document is skipped.
                if last[slot as usize] != next_id {
                    last[slot as usize] = next_id;
                    pairs.push((slot, next_id - 1));
                }
            }
        }
        // Each key's documents of the block in one go: adding them one by one went to a
        // different list for nearly every key, a cache miss each time (half the index's
        // time at 50,000 manifestos).
        runs.group(&pairs, postings.len());
        for (slot, run) in runs.iter() {
            postings[slot].extend(run, n);
        }
        pending.extend(block);
        let full = pending.len() / CHUNK * CHUNK;
        let rest = pending.split_off(full);
        let ready = std::mem::replace(&mut pending, rest);
        let first = chunks.len();
        chunks.par_extend(
            ready
                .par_chunks(CHUNK)
                .enumerate()
                .map(|(i, chunk)| write_docs(first + i, chunk, put)),
        );
    }

    if !pending.is_empty() {
        chunks.push(write_docs(chunks.len(), &pending, put));
    }
    debug_assert_eq!(next_id as usize, n);
    let mut encoded: Vec<(Key, String)> = slot_keys
        .into_par_iter()
        .zip(postings.into_par_iter())
        .map(|(k, p)| (k, encode(&p.into_ids(), n)))
        .collect();
    encoded.sort_unstable_by_key(|(k, _)| *k);
    let total: usize = encoded.iter().map(|(_, e)| e.len() + 10).sum();
    let shards = total
        .div_ceil(SHARD_TARGET)
        .max(1)
        .next_power_of_two()
        .min(4096);
    let mut by_shard: Vec<serde_json::Map<String, serde_json::Value>> =
        (0..shards).map(|_| serde_json::Map::new()).collect();
    for (k, e) in encoded {
        let k = key_string(k);
        by_shard[shard_of(&k, shards)].insert(k, serde_json::Value::String(e));
    }
    let terms: Vec<Result<(usize, [u8; 32]), String>> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, map)| {
            let json = serde_json::to_string(&map).map_err(|e| e.to_string())?;
            emit(
                put,
                format!("search/t{i}.js"),
                format!("manifestoSearch.terms({i},{json});\n"),
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut hasher = blake3::Hasher::new();
    let (mut key_bytes, mut doc_bytes) = (0, 0);
    for (r, is_key) in terms
        .into_iter()
        .map(|r| (r, true))
        .chain(chunks.into_iter().map(|r| (r, false)))
    {
        match r {
            Ok((len, hash)) => {
                hasher.update(&hash);
                if is_key {
                    key_bytes += len;
                } else {
                    doc_bytes += len;
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let h = hasher.finalize();
    let b = h.as_bytes();
    Ok(IndexInfo {
        docs: n,
        shards,
        chunk: CHUNK,
        key_bytes,
        doc_bytes,
        version: u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_folds_widths_case_and_kana() {
        assert_eq!(normalize("ＤＸ推進"), "dx推進");
        assert_eq!(normalize("ﾃﾞｼﾞﾀﾙ"), "でじたる");
        assert_eq!(normalize("デジタル"), "でじたる");
        assert_eq!(normalize("ヴ"), "ゔ");
        assert_eq!(normalize("２０２３年"), "2023年");
        assert_eq!(normalize("㈱"), "(株)");
        assert_eq!(normalize("カ\u{3099}"), "が");
        assert_eq!(normalize("特定健診受診率"), "特定健診受診率");
    }

    #[test]
    fn fast_normalisation_equals_the_definition() {
        let samples = [
            "令和５年度　特定健診受診率を６０％以上にする（令和４年度５１．３％）",
            "ＤＸ推進・ﾃﾞｼﾞﾀﾙ化　ＡＢＣ　abc ÀÉ Straße ΣΑΣ ὈΔΥΣΣΕΎΣ",
            "カ\u{3099}ﾊﾟ ㈱ ① ㍻ ｶﾞ Ａ\u{0301} ﬁ ℌ Ⓐ ﹏ ＼ ～ ￥",
            "- 一つ目\n- **二つ目**\t\r\n【重要】「かぎ」『二重』〔注〕々〆〇",
            "",
        ];
        for s in samples {
            assert_eq!(normalize(s), normalize_plain(s), "{s:?}");
        }
        // Every character alone, and after a letter it could combine with.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(normalize(&one), normalize_plain(&one), "U+{:04X}", c as u32);
            if (0x3000..=0xFFFF).contains(&(c as u32)) {
                let pair = format!("か{c}ア{c}");
                assert_eq!(
                    normalize(&pair),
                    normalize_plain(&pair),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn plain_cjk_characters_are_stable_starters() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_plain_cjk(c))
        {
            let at = format!("U+{:04X}", c as u32);
            assert_eq!(is_nfkc_quick(std::iter::once(c)), IsNormalized::Yes, "{at}");
            assert_eq!(canonical_combining_class(c), 0, "{at}");
            assert!(c.to_lowercase().eq(std::iter::once(c)), "{at}");
        }
    }

    #[test]
    fn fast_word_test_equals_is_alphanumeric() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_word(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn bigrams_find_words_inside_compounds() {
        let doc = tokens("特定健診受診率を60％にする");
        for t in [
            "特定", "定健", "健診", "診受", "受診", "診率", "率を", "を6", "60", "0", "にす", "る",
            "健", "率", "6",
        ] {
            assert!(doc.contains(&t.to_string()), "{t} missing from {doc:?}");
        }
        // Punctuation ends a run: no bigram across it.
        assert!(doc.iter().all(|t| !t.contains('%')), "{doc:?}");
        let split = tokens("東京・京都");
        assert!(split.contains(&"東京".to_string()));
        assert!(!split.contains(&"京・".to_string()));
        assert!(!split.contains(&"京京".to_string()));
        assert!(
            split.contains(&"京".to_string()),
            "a run's last character alone"
        );
        // Every query bigram of 健診 is a key of the document.
        let q = tokens("健診");
        assert!(q.contains(&"健診".to_string()));
    }

    #[test]
    fn a_documents_keys_are_those_of_its_indexed_text() {
        let doc = Doc {
            url: "x/".into(),
            meta: "2023（令和5）年度　総務部　部局目標1".into(),
            title: "ＤＸの推進ΣΑΣ".into(),
            body: "・行政手続のオンライン化\nﾃﾞｼﾞﾀﾙ化率を６０％に".into(),
            extra: "そうむぶ somu".into(),
        };
        let mut unique = doc.keys();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique, keys(&normalize(&doc.indexed())));
    }

    #[test]
    fn katakana_and_half_width_queries_share_keys() {
        assert_eq!(tokens("デジタル"), tokens("ﾃﾞｼﾞﾀﾙ"));
        assert_eq!(tokens("DX"), tokens("ｄｘ"));
    }

    #[test]
    fn postings_round_trip_in_both_encodings() {
        let sparse = vec![0, 5, 40, 1000, 70000];
        let e = encode(&sparse, 100000);
        assert!(!e.starts_with('!'));
        assert_eq!(decode(&e), sparse);
        let dense: Vec<u32> = (0..600).filter(|i| i % 3 != 0).collect();
        let e = encode(&dense, 600);
        assert!(e.starts_with('!'), "dense lists become bitmaps");
        assert_eq!(decode(&e), dense);
        assert!(e.len() <= 101);
        assert_eq!(decode(&encode(&[], 10)), Vec::<u32>::new());
    }

    #[test]
    fn shards_are_stable_and_in_range() {
        for k in ["健診", "で", "ab", "1"] {
            assert!(shard_of(k, 8) < 8);
            assert_eq!(shard_of(k, 1), 0);
        }
        // FNV-1a over the code points, then h ^= h >> 16.
        let mut h = (0x811c_9dc5u32 ^ '健' as u32).wrapping_mul(0x0100_0193);
        h = (h ^ '診' as u32).wrapping_mul(0x0100_0193);
        assert_eq!(shard_of("健診", 1024), ((h ^ (h >> 16)) & 1023) as usize);
        // The value search.js's shardOf('健診') gives with 1024 shards (run in node).
        assert_eq!(shard_of("健診", 1024), 96);
    }

    /// The index of `n` documents given in `blocks`, and its files sorted by path.
    fn build_in_memory(n: usize, blocks: Vec<Vec<Doc>>) -> (IndexInfo, Vec<(String, Vec<u8>)>) {
        let written = std::sync::Mutex::new(Vec::new());
        let put = |path: &str, bytes: &[u8]| -> Result<(), String> {
            written
                .lock()
                .unwrap()
                .push((path.to_string(), bytes.to_vec()));
            Ok(())
        };
        let info = build(n, blocks.into_iter(), &put).unwrap();
        let mut files = written.into_inner().unwrap();
        files.sort();
        (info, files)
    }

    #[test]
    fn documents_in_blocks_give_the_same_files_as_all_at_once() {
        let docs = |range: std::ops::Range<usize>| -> Vec<Doc> {
            range
                .map(|i| Doc {
                    url: format!("{i}/"),
                    meta: format!("{}年度", 2000 + i % 7),
                    title: ["健診の受診率", "デジタル化", "子育て支援"][i % 3].to_string(),
                    body: format!("本文{i}"),
                    extra: String::new(),
                })
                .collect()
        };
        let run = |blocks: Vec<Vec<Doc>>| {
            let (info, files) = build_in_memory(120, blocks);
            (info.version, info.docs, files)
        };
        let whole = run(vec![docs(0..120)]);
        let parts = run(vec![docs(0..37), docs(37..87), docs(87..88), docs(88..120)]);
        assert_eq!(whole, parts);
        assert_eq!(whole.2.iter().filter(|(p, _)| p.contains("/d")).count(), 3);
    }

    /// Every `t<n>.js` of a build, decoded: key → documents.
    fn all_postings(files: &[(String, Vec<u8>)]) -> std::collections::BTreeMap<String, Vec<u32>> {
        let mut out = std::collections::BTreeMap::new();
        for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("search/t")) {
            let text = std::str::from_utf8(bytes).unwrap();
            let json = &text[text.find(',').unwrap() + 1..text.rfind(");").unwrap()];
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json).unwrap();
            for (k, v) in map {
                assert!(
                    out.insert(k, decode(v.as_str().unwrap())).is_none(),
                    "{path}"
                );
            }
        }
        out
    }

    #[test]
    fn postings_equal_a_plain_scan_of_the_documents() {
        // Common keys (の, 度) pass the bitmap threshold, rare ones stay lists; keys repeat
        // inside documents and blocks end in the middle of runs.
        let words = [
            "健診",
            "受診率",
            "デジタル",
            "子育て",
            "の",
            "年度",
            "道路",
            "ＤＸ",
        ];
        let doc = |i: usize| Doc {
            url: format!("{i}/"),
            meta: format!("{}年度", 2000 + i % 5),
            title: format!("{}の{}", words[i % 8], words[(i * 7 + 3) % 8]),
            body: format!(
                "{}と{}の{}\n- {i}",
                words[i % 3],
                words[i % 5],
                words[i % 8]
            ),
            extra: if i % 11 == 0 {
                "まれ".into()
            } else {
                String::new()
            },
        };
        let n = 1500;
        let blocks: Vec<Vec<Doc>> = (0..n)
            .collect::<Vec<_>>()
            .chunks(313)
            .map(|c| c.iter().map(|&i| doc(i)).collect())
            .collect();
        let (info, files) = build_in_memory(n, blocks);
        assert_eq!(info.docs, n);
        let mut expected: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
        for i in 0..n {
            for k in keys(&normalize(&doc(i).indexed())) {
                expected.entry(key_string(k)).or_default().push(i as u32);
            }
        }
        let got = all_postings(&files);
        assert_eq!(got.len(), expected.len());
        assert_eq!(got, expected);
        // Both forms occurred.
        assert!(
            files
                .iter()
                .any(|(p, b)| p.starts_with("search/t") && b.windows(2).any(|w| w == b"\"!"))
        );
        assert_eq!(got["まれ"].len(), n.div_ceil(11));
    }

    #[test]
    fn index_lists_every_document_of_a_key() {
        let doc = |title: &str| Doc {
            url: "x/".into(),
            meta: String::new(),
            title: title.into(),
            body: String::new(),
            extra: String::new(),
        };
        let docs = vec![doc("特定健診受診率"), doc("デジタル化"), doc("健診の案内")];
        let (info, files) = build_in_memory(docs.len(), vec![docs]);
        assert_eq!(info.docs, 3);
        assert_eq!(info.shards, 1);
        let (_, t0) = files.iter().find(|(p, _)| p == "search/t0.js").unwrap();
        let terms = String::from_utf8(t0.clone()).unwrap();
        let json = terms
            .trim_start_matches("manifestoSearch.terms(0,")
            .trim_end()
            .trim_end_matches(");");
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(json).unwrap();
        assert_eq!(decode(map["健診"].as_str().unwrap()), vec![0, 2]);
        assert_eq!(decode(map["でじ"].as_str().unwrap()), vec![1]);
        assert!(files.iter().any(|(p, _)| p == "search/d0.js"));
    }
}
