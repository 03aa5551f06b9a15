//! Benchmark corpus: N manifestos over 20 fiscal years of realistic Japanese text, written
//! byte for byte as `../shared/bench/gen_manifesto.py` writes them (same vocabulary, same
//! per-manifesto random numbers), so that our build and Hugo's/Zola's builds of
//! `../shared/bench/gen_corpus.py` time the same text.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N DIR [--seed S] [--years 20] [--first-year 2007] [--photos]
//! ```
//!
//! Manifesto `i` is fiscal year `first_year + i % years`, department `d{i / years:05}`;
//! its text comes from a Python-compatible Mersenne Twister seeded with `"{seed}:{i}"`
//! (Python's `random.Random(str)`), so the 1,000 corpus is the first 1,000 manifestos of
//! the 50,000 one. Each has a head, a motto and four goals with background (3 in 10),
//! current state, target, outcome, Markdown lists of means, one indicator with baseline,
//! target and actual, and a self-evaluation whose reason is a Markdown paragraph, a list
//! and (3 in 10) a block quote. `--photos` also writes a generated 480×640 JPEG head photo
//! per manifesto at the default location `assets/photos/<fy>/<dept>.jpg` (the YAML text
//! stays the same). DIR is replaced only when it is empty or was made by this program.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use rayon::prelude::*;
use sha2::{Digest, Sha512};
use std::fs;
use std::path::{Path, PathBuf};

const MARKER: &str = ".gen_corpus";

// Vocabulary: copied from ../shared/bench/gen_corpus.py (same order; the RNG indexes it).
const SITE_TITLE: &str = "部長マニフェスト集";
const DEPARTMENTS: &[&str] = &[
    "総務部",
    "企画政策部",
    "財政部",
    "市民生活部",
    "福祉部",
    "子ども未来部",
    "健康推進部",
    "環境部",
    "産業振興部",
    "都市整備部",
    "建設部",
    "上下水道局",
    "消防局",
    "教育委員会事務局",
    "会計管理室",
    "危機管理室",
    "デジタル推進部",
    "観光文化部",
    "農林水産部",
    "議会事務局",
];
const CITY_HEAD: &[&str] = &[
    "東", "西", "南", "北", "新", "大", "小", "上", "下", "中", "若", "高", "青", "白", "富",
];
const CITY_TAIL: &[&str] = &[
    "山", "川", "田", "野", "原", "浜", "島", "沢", "崎", "森", "岡", "瀬", "松", "橋", "井",
];
const CITY_KIND: &[&str] = &["市", "市", "市", "町", "村"];

/// (theme, KPI, unit, low, high, direction: +1 raise, -1 lower)
type GoalDef = (&'static str, &'static str, &'static str, i64, i64, i32);
const GOALS: &[GoalDef] = &[
    (
        "デジタルトランスフォーメーションの推進",
        "行政手続のオンライン化率",
        "%",
        20,
        95,
        1,
    ),
    (
        "人材育成と組織力の強化",
        "職員研修の受講率",
        "%",
        40,
        100,
        1,
    ),
    (
        "業務改善による効率化",
        "職員一人当たりの時間外勤務時間",
        "時間",
        5,
        30,
        -1,
    ),
    ("市民サービスの向上", "窓口の平均待ち時間", "分", 5, 45, -1),
    (
        "防災・減災対策の強化",
        "自主防災組織の結成率",
        "%",
        50,
        100,
        1,
    ),
    ("財政の健全化", "経常収支比率", "%", 85, 99, -1),
    ("子育て支援の充実", "待機児童数", "人", 0, 120, -1),
    (
        "地域包括ケアの推進",
        "介護予防教室の参加者数",
        "人",
        300,
        5000,
        1,
    ),
    (
        "脱炭素社会の実現",
        "庁舎の温室効果ガス排出量",
        "トン",
        500,
        9000,
        -1,
    ),
    ("地域経済の活性化", "創業支援件数", "件", 10, 300, 1),
    (
        "公共施設の適正な管理",
        "個別施設計画の進捗率",
        "%",
        10,
        100,
        1,
    ),
    (
        "情報公開と広報の充実",
        "ウェブサイトの月間閲覧数",
        "万件",
        5,
        80,
        1,
    ),
    (
        "働き方改革の推進",
        "年次有給休暇の平均取得日数",
        "日",
        8,
        18,
        1,
    ),
    (
        "多文化共生の推進",
        "多言語対応が可能な窓口の割合",
        "%",
        10,
        100,
        1,
    ),
    (
        "観光振興と交流人口の拡大",
        "観光入込客数",
        "万人",
        20,
        900,
        1,
    ),
    ("健康づくりの推進", "特定健康診査の受診率", "%", 25, 70, 1),
    (
        "教育環境の整備",
        "一人一台端末の授業での活用率",
        "%",
        30,
        100,
        1,
    ),
    (
        "安全な道路環境の確保",
        "橋りょう点検の実施率",
        "%",
        40,
        100,
        1,
    ),
    (
        "ごみの減量とリサイクル",
        "一人一日当たりのごみ排出量",
        "グラム",
        600,
        1000,
        -1,
    ),
    ("水道事業の経営基盤強化", "有収率", "%", 80, 97, 1),
];
const SUBJECTS: &[&str] = &[
    "庁内の業務プロセス",
    "窓口での手続",
    "職員の専門知識",
    "各課の情報共有",
    "市民からの問い合わせ対応",
    "紙の申請書による事務",
    "施設の維持管理",
    "地域団体との連携",
    "若手職員の育成",
    "データの利活用",
    "予算の執行管理",
    "災害時の連絡体制",
    "相談支援の体制",
    "事業の進捗管理",
];
const STATES: &[&str] = &[
    "部署ごとに異なる手順で運用されている状態",
    "担当者の経験に依存している状態",
    "十分に標準化されていない状態",
    "紙と電子が混在している状態",
    "繁忙期に処理が集中している状態",
    "一部の職員に負担が偏っている状態",
    "前年度と比べて改善の兆しが見られる状態",
    "他自治体と比較して遅れている状態",
];
const PROBLEMS: &[&str] = &[
    "処理時間の長期化",
    "ミスの発生と手戻り",
    "市民の利便性の低下",
    "ノウハウの継承",
    "時間外勤務の増加",
    "情報の属人化",
    "費用対効果の検証不足",
    "サービス水準のばらつき",
];
const FUTURES: &[&str] = &[
    "手続の大部分が自宅から完結できる状態",
    "職員が自律的に業務を改善できる状態",
    "誰が担当しても同じ品質で対応できる状態",
    "必要な情報が必要なときに共有される状態",
    "市民が待たずにサービスを受けられる状態",
    "データに基づいて施策を判断できる状態",
    "地域と行政が役割を分担して課題に取り組む状態",
    "限られた財源が重点分野に配分される状態",
];
const BENEFITS: &[&str] = &[
    "市民の満足度が向上している",
    "職員の働きやすさが向上している",
    "行政コストが削減されている",
    "地域の安全・安心が高まっている",
    "意思決定が迅速になっている",
    "市民との信頼関係が深まっている",
];
const MEANS: &[&str] = &[
    "{s}を棚卸しし、業務フローを可視化する",
    "外部専門人材を登用し、{t}の推進体制を整備する",
    "階層別研修とOJTを組み合わせた人材育成計画を策定する",
    "電子申請システムの対象手続を段階的に拡大する",
    "関係部署による横断的なプロジェクトチームを設置する",
    "四半期ごとに進捗を確認し、必要に応じて計画を見直す",
    "先進自治体の事例を調査し、地域の実情に適した手法を導入する",
    "市民アンケートを実施し、ニーズを把握した上で事業を設計する",
    "RPAやAI-OCRを活用して定型業務を自動化する",
    "マニュアルとFAQを整備し、庁内ポータルで共有する",
    "地域団体や事業者との協定を締結し、連携を強化する",
    "国や県の補助制度を積極的に活用し、財源を確保する",
    "オープンデータとして関連データを公開する",
    "職員提案制度を活用し、現場の改善アイデアを事業化する",
];
const REASONS: &[&str] = &[
    "{k}は{t}の成果を示す代表的な指標であるため",
    "市民アンケートで改善を求める意見が最も多かったため",
    "総合計画の重点施策に位置付けられているため",
    "人口減少と職員数の減少が見込まれる中で、持続可能な体制が必要なため",
    "前年度の取組で課題が明らかになったため",
    "国のデジタル・ガバメント推進方針と整合させる必要があるため",
    "他部署への波及効果が大きく、全庁的な底上げにつながるため",
    "現在の状態のままでは、目標が達成した状態との差が拡大するおそれがあるため",
];
/// (status, explanation, progress-rate range in %)
const STATUS: &[(&str, &str, i64, i64)] = &[
    ("達成", "目標値を上回る成果が得られた", 100, 125),
    (
        "概ね達成",
        "目標値には僅かに届かなかったが、計画どおりに取組が進んだ",
        85,
        99,
    ),
    (
        "一部達成",
        "一部の取組に遅れが生じたが、年度内に主要な成果を得た",
        60,
        84,
    ),
    (
        "未達成",
        "外部環境の変化により計画を見直す必要が生じた",
        20,
        59,
    ),
    (
        "取組中",
        "年度途中のため、引き続き進捗を管理している",
        10,
        70,
    ),
];
const CLOSINGS: &[&str] = &[
    "本年度は、{d}の使命である市民サービスの向上に向けて、職員一丸となって取り組みます。",
    "限られた経営資源を有効に活用し、成果を重視した行政運営を進めます。",
    "達成状況は年度末に検証し、その結果を次年度の方針に反映します。",
    "デジタルトランスフォーメーションと人材育成を両輪として、持続可能な組織づくりを進めます。",
    "市民の皆さまの声を丁寧に伺いながら、着実に施策を推進してまいります。",
];

/// CPython's `random.Random`: MT19937 seeded the way `Random(str)` seeds it (version 2:
/// the string's UTF-8 bytes followed by their SHA-512, as one big-endian integer), with
/// the same `getrandbits`/`_randbelow`/`random`/`sample` algorithms (Python 3.11).
struct PyRandom {
    mt: [u32; 624],
    index: usize,
}

impl PyRandom {
    fn from_str_seed(seed: &str) -> PyRandom {
        let mut bytes = seed.as_bytes().to_vec();
        bytes.extend_from_slice(&Sha512::digest(seed.as_bytes()));
        // The integer's 32-bit words, least significant first, without leading zeros.
        bytes.reverse();
        let mut key: Vec<u32> = bytes
            .chunks(4)
            .map(|c| {
                let mut w = [0u8; 4];
                w[..c.len()].copy_from_slice(c);
                u32::from_le_bytes(w)
            })
            .collect();
        while key.len() > 1 && key.last() == Some(&0) {
            key.pop();
        }
        let mut r = PyRandom {
            mt: [0; 624],
            index: 624,
        };
        r.init_by_array(&key);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..624 {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = 624;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        const N: usize = 624;
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    fn next_u32(&mut self) -> u32 {
        const N: usize = 624;
        const M: usize = 397;
        if self.index >= N {
            for k in 0..N {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
                let mut v = self.mt[(k + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.mt[k] = v;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: 53 random bits in [0, 1).
    fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `_randbelow_with_getrandbits(n)` for n < 2^32.
    fn below(&mut self, n: usize) -> usize {
        let k = usize::BITS - n.leading_zeros();
        assert!((1..=32).contains(&k));
        loop {
            let r = (self.next_u32() >> (32 - k)) as usize;
            if r < n {
                return r;
            }
        }
    }

    fn choice<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `randint(a, b)`, both ends included.
    fn randint(&mut self, a: i64, b: i64) -> i64 {
        a + self.below((b - a + 1) as usize) as i64
    }

    fn uniform(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.random()
    }

    /// `sample(items, k)`, the pool branch (taken while `len(items) <= 21`).
    fn sample<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let n = items.len();
        assert!(k <= n && n <= 21);
        let mut pool = items.to_vec();
        (0..k)
            .map(|i| {
                let j = self.below(n - i);
                let picked = pool[j];
                pool[j] = pool[n - i - 1];
                picked
            })
            .collect()
    }
}

fn era_label(year: i32) -> String {
    if year >= 2019 {
        let n = year - 2018;
        if n == 1 {
            "令和元年度".into()
        } else {
            format!("令和{n}年度")
        }
    } else {
        let n = year - 1988;
        if n == 1 {
            "平成元年度".into()
        } else {
            format!("平成{n}年度")
        }
    }
}

/// A number as Python computes it: a float, or an `int` when `min`/`max` returned a bound.
#[derive(Clone, Copy)]
enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    fn f(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
    /// `repr(round(v, 1))`
    fn round1(self) -> String {
        match self {
            Num::Int(i) => i.to_string(),
            Num::Float(f) => format!("{f:.1}"),
        }
    }
}

fn thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// `fmt_num` of gen_corpus.py.
fn fmt_num(v: Num, unit: &str) -> String {
    if unit == "%" {
        let s = format!("{:.1}", v.f());
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return format!("{s}{unit}");
    }
    let r = match v {
        Num::Int(i) => i,
        Num::Float(f) => f.round_ties_even() as i64,
    };
    format!("{}{unit}", thousands(r))
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn block(s: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let lines: Vec<String> = s.lines().map(|l| format!("{pad}{l}")).collect();
    format!("|\n{}\n", lines.join("\n"))
}

fn goal_yaml(rng: &mut PyRandom, n: usize, goal: &GoalDef, year: i32, dept: &str) -> String {
    let &(theme, kpi, unit, lo, hi, direction) = goal;
    let subj = *rng.choice(SUBJECTS);
    let cur = rng.uniform(lo as f64, hi as f64);
    let span = (hi - lo) as f64 * rng.uniform(0.05, 0.3);
    // Python's min/max keep the first argument (the int bound) unless the float beats it.
    let target = if direction > 0 {
        if cur + span < hi as f64 {
            Num::Float(cur + span)
        } else {
            Num::Int(hi)
        }
    } else if cur - span > lo as f64 {
        Num::Float(cur - span)
    } else {
        Num::Int(lo)
    };
    let &(status, status_note, p_lo, p_hi) = rng.choice(STATUS);
    let progress = rng.randint(p_lo, p_hi);
    let key = match status {
        "達成" => 4,
        "概ね達成" | "取組中" => 3,
        _ => 2,
    };
    let actual = cur + (target.f() - cur) * progress as f64 / 100.0;
    let mut intro = String::new();
    if rng.random() < 0.3 {
        let state = rng.choice(STATES);
        let problem = rng.choice(PROBLEMS);
        intro = format!(
            "{dept}では、{theme}を重点目標の一つに掲げる。{subj}は現在、{state}であり、{problem}が課題となっている。"
        );
    }
    let current = format!(
        "{subj}は{}。{kpi}は{}である。",
        rng.choice(STATES),
        fmt_num(Num::Float(cur), unit)
    );
    let outcome = format!("{}となり、{}。", rng.choice(FUTURES), rng.choice(BENEFITS));
    let tgt = format!(
        "{}年度末までに{kpi}を{}{}。",
        era_label(year).replace("年度", ""),
        fmt_num(target, unit),
        if direction > 0 {
            "に引き上げる"
        } else {
            "に引き下げる"
        }
    );
    let k = rng.randint(2, 3) as usize;
    let means: Vec<String> = rng
        .sample(MEANS, k)
        .iter()
        .map(|m| format!("- {}", m.replace("{s}", subj).replace("{t}", theme)))
        .collect();
    let k = rng.randint(1, 2) as usize;
    let reasons: Vec<String> = rng
        .sample(REASONS, k)
        .iter()
        .map(|r| format!("- {}", r.replace("{k}", kpi).replace("{t}", theme)))
        .collect();
    let mut reason = format!(
        "**{status}**（進捗率{progress}%）：{status_note}。\n{}",
        reasons.join("\n")
    );
    if rng.random() < 0.3 {
        reason += &format!(
            "\n\n> 達成状況の評価は「{status}」とし、{}への対応を次年度以降の課題とする。",
            rng.choice(PROBLEMS)
        );
    }
    let mission = CLOSINGS[n % CLOSINGS.len()].replace("{d}", dept);
    let mut s = format!("  - mission: {}\n", q(&mission));
    s += &format!("    title: {}\n", q(theme));
    if !intro.is_empty() {
        s += &format!("    background: {}\n", q(&intro));
    }
    s += &format!(
        "    current: {}\n    target: {}\n    outcome: {}\n",
        q(&current),
        q(&tgt),
        q(&outcome)
    );
    s += &format!("    means: {}", block(&means.join("\n"), 6));
    s += "    indicators:\n";
    s += &format!("      - name: {}\n        unit: {}\n", q(kpi), q(unit));
    s += &format!(
        "        baseline: {}\n        target: {}\n        actual: {}\n",
        Num::Float(cur).round1(),
        target.round1(),
        Num::Float(actual).round1()
    );
    s += &format!(
        "        better: {}\n",
        if direction > 0 { "higher" } else { "lower" }
    );
    s += &format!(
        "    evaluation:\n      self: {key}\n      reason: {}",
        block(&reason, 8)
    );
    s
}

struct Page {
    year: i32,
    dept_no: usize,
    yaml: String,
}

fn manifesto(i: usize, years: usize, first_year: i32, seed: &str) -> Page {
    // page_meta() of gen_corpus.py: city name, then the (unused here) publication day.
    let mut rng = PyRandom::from_str_seed(&format!("{seed}:{i}"));
    let year = first_year + (i % years) as i32;
    let dept_no = i / years;
    let dept = DEPARTMENTS[dept_no % DEPARTMENTS.len()];
    let city = format!(
        "{}{}{}",
        rng.choice(CITY_HEAD),
        rng.choice(CITY_TAIL),
        rng.choice(CITY_KIND)
    );
    rng.below(61);
    let motto = rng.choice(CLOSINGS).replace("{d}", dept);
    let mut yaml = format!(
        "head:\n  title: 部長\n  name: {}\nmotto: {}\ngoals:\n",
        q(&format!("{city}　太郎{dept_no}")),
        q(&motto)
    );
    for (k, goal) in rng.sample(GOALS, 4).iter().enumerate() {
        yaml += &goal_yaml(&mut rng, k + 1, goal, year, dept);
    }
    Page {
        year,
        dept_no,
        yaml,
    }
}

/// A 480×640 head photo: a face and shoulders on a background that varies by department
/// and year, with a little deterministic noise so that it compresses like a photo.
fn photo(dept_no: usize, year: i32) -> Vec<u8> {
    let (w, h) = (480u32, 640u32);
    let mut seed = 0x9E37_79B9u32.wrapping_mul(dept_no as u32 * 31 + year as u32 + 1) | 1;
    let tint = (dept_no * 37 % 160) as i32;
    let img = RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed & 7) as i32 - 4;
        let (dx, dy) = (x as i32 - 240, y as i32 - 260);
        let face = dx * dx * 16 / 10 + dy * dy < 130 * 130;
        let body = y > 430 && dx.unsigned_abs() < 200 + (y - 430) / 2;
        let base = if face {
            [226, 192, 162]
        } else if body {
            [40, 50, 70 + tint / 4]
        } else {
            [
                60 + tint,
                110 + (x / 12) as i32,
                150 + (y / 16) as i32 - tint / 3,
            ]
        };
        Rgb(base.map(|c| (c + noise).clamp(0, 255) as u8))
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 85)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .expect("encoding a JPEG in memory");
    jpeg
}

fn prepare(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty && !dir.join(MARKER).is_file() {
            return Err(format!(
                "{} exists, is not empty and was not made by gen_corpus; choose another folder",
                dir.display()
            ));
        }
        fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir.join("content")).map_err(|e| e.to_string())?;
    fs::write(dir.join(MARKER), "generated by examples/gen_corpus.rs\n").map_err(|e| e.to_string())
}

struct Args {
    n: usize,
    dir: PathBuf,
    seed: String,
    years: usize,
    first_year: i32,
    photos: bool,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: gen_corpus N DIR [--seed S] [--years 20] [--first-year 2007] [--photos]";
    let mut positional = Vec::new();
    let mut args = Args {
        n: 0,
        dir: PathBuf::new(),
        seed: "manifesto".into(),
        years: 20,
        first_year: 2007,
        photos: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value\n{usage}"));
        match a.as_str() {
            "--seed" => args.seed = value("--seed")?,
            "--years" => {
                args.years = value("--years")?
                    .parse()
                    .map_err(|_| "--years: a number".to_string())?
            }
            "--first-year" => {
                args.first_year = value("--first-year")?
                    .parse()
                    .map_err(|_| "--first-year: a year".to_string())?
            }
            "--photos" => args.photos = true,
            "-h" | "--help" => return Err(usage.into()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{usage}")),
            _ => positional.push(a),
        }
    }
    let [n, dir] = <[String; 2]>::try_from(positional).map_err(|_| usage.to_string())?;
    args.n = n
        .parse()
        .map_err(|_| format!("N must be a number\n{usage}"))?;
    args.dir = PathBuf::from(dir);
    if args.n == 0 || args.years == 0 {
        return Err("N and --years must be positive".into());
    }
    Ok(args)
}

fn run() -> Result<(), String> {
    let a = parse_args()?;
    prepare(&a.dir)?;
    let content = a.dir.join("content");
    let io = |e: std::io::Error| e.to_string();
    fs::write(
        a.dir.join("site.yaml"),
        format!(
            "title: {}\norganization: ベンチマーク市\nbase_url: https://example.org/\n",
            q(SITE_TITLE)
        ),
    )
    .map_err(io)?;
    let ndept = a.n.div_ceil(a.years);
    let register: String = (0..ndept)
        .map(|d| {
            format!(
                "- id: d{d:05}\n  name: {}\n",
                q(&format!("{}{d}", DEPARTMENTS[d % DEPARTMENTS.len()]))
            )
        })
        .collect();
    fs::write(content.join("departments.yaml"), register).map_err(io)?;
    for k in 0..a.years.min(a.n) {
        let year = a.first_year + k as i32;
        let ydir = content.join(year.to_string());
        fs::create_dir_all(&ydir).map_err(io)?;
        fs::write(
            ydir.join("_year.yaml"),
            format!("published: {year}-05-01\n"),
        )
        .map_err(io)?;
    }
    (0..a.n).into_par_iter().try_for_each(|i| {
        let p = manifesto(i, a.years, a.first_year, &a.seed);
        let name = format!("d{:05}", p.dept_no);
        fs::write(
            content
                .join(p.year.to_string())
                .join(format!("{name}.yaml")),
            &p.yaml,
        )
        .map_err(io)?;
        if a.photos {
            let pdir = a.dir.join(format!("assets/photos/{}", p.year));
            fs::create_dir_all(&pdir).map_err(io)?;
            fs::write(pdir.join(format!("{name}.jpg")), photo(p.dept_no, p.year)).map_err(io)?;
        }
        Ok::<(), String>(())
    })?;
    println!(
        "wrote {} manifestos ({} departments, {} fiscal years{}) to {}",
        a.n,
        ndept,
        a.years.min(a.n),
        if a.photos { ", with head photos" } else { "" },
        a.dir.display()
    );
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("gen_corpus: {e}");
        std::process::exit(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_random_compatible() {
        // python3 -c 'import random; r=random.Random("manifesto:0");
        //   print(r.getrandbits(32), repr(r.random()), r.sample(range(20), 4))'
        let mut r = PyRandom::from_str_seed("manifesto:0");
        assert_eq!(r.next_u32(), 3_913_610_073);
        assert_eq!(r.random(), 0.4872043592897818);
        let all: Vec<usize> = (0..20).collect();
        assert_eq!(r.sample(&all, 4), vec![14, 3, 6, 5]);
        assert_eq!(fmt_num(Num::Float(50.04), "%"), "50%");
        assert_eq!(fmt_num(Num::Float(1234.5), "人"), "1,234人");
        assert_eq!(fmt_num(Num::Int(0), "人"), "0人");
    }
}
