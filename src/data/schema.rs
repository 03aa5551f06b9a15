//! The documentation of the open data format: every JSON field and every CSV column,
//! with its type and meaning. The `/data/` page shows these tables, and a test checks
//! that every key the JSON writer produces is listed here, so page and files cannot drift.

use serde::Serialize;

#[derive(Serialize, Clone, Copy)]
pub struct FieldDoc {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

const fn f(name: &'static str, kind: &'static str, description: &'static str) -> FieldDoc {
    FieldDoc {
        name,
        kind,
        description,
    }
}

const TEXT: &str = "文字列";
const TEXT_OR_NULL: &str = "文字列または null";
const MD: &str = "文字列（Markdown）";
const MD_OR_NULL: &str = "文字列（Markdown）または null";
const INT: &str = "整数";
const INT_OR_NULL: &str = "整数または null";
const NUM: &str = "数値";
const NUM_OR_NULL: &str = "数値または null";
const BOOL: &str = "真偽値";
const BOOL_OR_NULL: &str = "真偽値または null";
const ARRAY: &str = "配列";
const OBJECT: &str = "オブジェクト";
const OBJECT_OR_NULL: &str = "オブジェクトまたは null";

/// Every key of `manifestos.json`, as a path (`[]` marks the items of an array).
pub const JSON_FIELDS: &[FieldDoc] = &[
    f("format", TEXT, "形式の名前。常に \"manifesto-open-data\""),
    f(
        "format_version",
        INT,
        "形式の版。項目の追加・変更・意味の変更のたびに上がる（現在 1）",
    ),
    f("title", TEXT, "サイトの名称（site.yaml の title）"),
    f(
        "organization",
        TEXT,
        "公表している団体（site.yaml の organization）",
    ),
    f(
        "license",
        TEXT_OR_NULL,
        "データの利用条件（site.yaml の license、例：CC BY 4.0）",
    ),
    f(
        "base_url",
        TEXT_OR_NULL,
        "サイトの公開URL。各 url はこれに path をつなげたもの",
    ),
    f("generator", TEXT, "ファイルを作ったプログラムと版"),
    f(
        "years",
        ARRAY,
        "年度（古い順）。年度別のファイルでは1件、data/manifestos.json では公表済みの全年度",
    ),
    f(
        "years[].fiscal_year",
        INT,
        "年度（始まる年の西暦。2021 = 2021年4月〜2022年3月）",
    ),
    f("years[].label", TEXT, "表示名。例：2021（令和3）年度"),
    f(
        "years[].era_label",
        TEXT,
        "和暦の年度。例：令和3年度、令和元年度",
    ),
    f("years[].era", TEXT_OR_NULL, "元号。例：令和"),
    f("years[].era_year", INT_OR_NULL, "元号の年（元年は 1）"),
    f(
        "years[].published",
        TEXT_OR_NULL,
        "公表日（YYYY-MM-DD）。未設定なら null",
    ),
    f("years[].path", TEXT, "年度ページのサイト内パス。例：2021/"),
    f(
        "years[].url",
        TEXT_OR_NULL,
        "年度ページの絶対URL（base_url がなければ null）",
    ),
    f("years[].scales", OBJECT, "その年度の評価の区分"),
    f("years[].scales.self", OBJECT, "達成状況（自己評価）の区分"),
    f(
        "years[].scales.leader",
        OBJECT_OR_NULL,
        "指導者評価の区分（その年度にない場合は null）",
    ),
    f("years[].scales.*.label", TEXT, "区分の名称"),
    f("years[].scales.*.levels", ARRAY, "段階（高い順）"),
    f(
        "years[].scales.*.levels[].key",
        TEXT,
        "段階のキー（数字も文字列で表す。例：\"3\"）",
    ),
    f("years[].scales.*.levels[].label", TEXT, "段階の文言"),
    f(
        "years[].scales.*.levels[].score",
        NUM,
        "年度をまたいで比べるための得点（0〜1）",
    ),
    f(
        "years[].scales.*.levels[].achieved",
        BOOL,
        "この段階を「達成」と数えるか",
    ),
    f(
        "years[].headings",
        OBJECT,
        "その年度の様式の見出し（項目名 → 見出し。例：\"current\": \"〈現在の状態〉\"）",
    ),
    f(
        "years[].manifestos",
        ARRAY,
        "公表された部局マニフェスト（表示順）",
    ),
    f(
        "years[].manifestos[].id",
        TEXT,
        "マニフェストのID：年度/部局ID。例：2021/somu",
    ),
    f("years[].manifestos[].path", TEXT, "ページのサイト内パス"),
    f(
        "years[].manifestos[].url",
        TEXT_OR_NULL,
        "ページの絶対URL（base_url がなければ null）",
    ),
    f("years[].manifestos[].department", OBJECT, "部局"),
    f(
        "years[].manifestos[].department.id",
        TEXT,
        "部局ID（英小文字・数字・ハイフン。URLになり、変わらない）",
    ),
    f(
        "years[].manifestos[].department.name",
        TEXT,
        "その年度の部局名",
    ),
    f(
        "years[].manifestos[].department.current_name",
        TEXT,
        "現在の部局名（名称変更・統合後の名前）",
    ),
    f(
        "years[].manifestos[].department.history_id",
        TEXT,
        "年度をまたいで同じ部局をたどるためのID（改称前のIDは改称後のIDになる）",
    ),
    f("years[].manifestos[].head", OBJECT, "部局長"),
    f("years[].manifestos[].head.title", TEXT, "役職"),
    f("years[].manifestos[].head.name", TEXT, "氏名"),
    f(
        "years[].manifestos[].head.photo",
        TEXT_OR_NULL,
        "顔写真（最大幅の版）のサイト内パス。写真がなければ null",
    ),
    f(
        "years[].manifestos[].head.photo_alt",
        TEXT,
        "顔写真の代替テキスト",
    ),
    f("years[].manifestos[].contact", TEXT_OR_NULL, "連絡先"),
    f("years[].manifestos[].motto", MD_OR_NULL, "その年度の抱負"),
    f(
        "years[].manifestos[].message",
        MD_OR_NULL,
        "部局からのメッセージ（本文）",
    ),
    f("years[].manifestos[].goals", ARRAY, "部局目標（番号順）"),
    f(
        "years[].manifestos[].goals[].id",
        TEXT,
        "目標のID：年度/部局ID/番号。例：2021/somu/1",
    ),
    f(
        "years[].manifestos[].goals[].number",
        INT,
        "目標の番号（1から）",
    ),
    f(
        "years[].manifestos[].goals[].path",
        TEXT,
        "ページ内の目標へのサイト内パス。例：2021/somu/#goal-1",
    ),
    f(
        "years[].manifestos[].goals[].url",
        TEXT_OR_NULL,
        "目標の絶対URL（base_url がなければ null）",
    ),
    f("years[].manifestos[].goals[].mission", MD, "組織使命"),
    f(
        "years[].manifestos[].goals[].policy",
        TEXT_OR_NULL,
        "関連の施策・基本事業No.（記載どおり。例：7-1-①･②）",
    ),
    f(
        "years[].manifestos[].goals[].policy_title",
        TEXT_OR_NULL,
        "施策の名称（policies.yaml にある場合）",
    ),
    f("years[].manifestos[].goals[].title", TEXT, "目標の表題"),
    f(
        "years[].manifestos[].goals[].background",
        MD_OR_NULL,
        "これまでの経緯",
    ),
    f(
        "years[].manifestos[].goals[].current",
        MD,
        "現在の状態（現状分析）",
    ),
    f(
        "years[].manifestos[].goals[].challenges",
        MD_OR_NULL,
        "課題",
    ),
    f(
        "years[].manifestos[].goals[].target",
        MD,
        "達成目標（目標数値）",
    ),
    f(
        "years[].manifestos[].goals[].outcome",
        MD,
        "目標が達成した状態（アウトカム）",
    ),
    f("years[].manifestos[].goals[].means", MD, "手段・工程"),
    f(
        "years[].manifestos[].goals[].deadline",
        TEXT_OR_NULL,
        "期日（YYYY-MM または YYYY-MM-DD）",
    ),
    f(
        "years[].manifestos[].goals[].indicators",
        ARRAY,
        "数値目標（指標）。なければ空の配列",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].name",
        TEXT,
        "指標名",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].unit",
        TEXT_OR_NULL,
        "単位（例：%、件）",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].baseline",
        NUM_OR_NULL,
        "基準値",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].baseline_label",
        TEXT_OR_NULL,
        "基準値の時点（例：令和4年度）",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].target",
        NUM,
        "目標値",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].actual",
        NUM_OR_NULL,
        "実績値（年度末に記入。未記入なら null）",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].better",
        TEXT,
        "\"higher\"（高いほど良い）または \"lower\"（低いほど良い。順位など）",
    ),
    f(
        "years[].manifestos[].goals[].indicators[].met",
        BOOL_OR_NULL,
        "実績値が目標値に届いたか（実績値がなければ null）",
    ),
    f(
        "years[].manifestos[].goals[].continues",
        TEXT_OR_NULL,
        "引き継いでいる前年度以前の目標のID",
    ),
    f(
        "years[].manifestos[].goals[].evaluation",
        OBJECT_OR_NULL,
        "年度末の評価（未評価なら null）",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.self",
        OBJECT_OR_NULL,
        "達成状況（自己評価）の段階：key, label, score, achieved（years[].scales の段階と同じ形）",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.leader",
        OBJECT_OR_NULL,
        "指導者評価の段階（同じ形）",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.*.key",
        TEXT,
        "段階のキー",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.*.label",
        TEXT,
        "段階の文言",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.*.score",
        NUM,
        "得点（0〜1）",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.*.achieved",
        BOOL,
        "達成と数えるか",
    ),
    f(
        "years[].manifestos[].goals[].evaluation.reason",
        MD_OR_NULL,
        "理由",
    ),
];

/// The columns of `goals.csv`, in order (the header row is the names).
pub const CSV_COLUMNS: &[(&str, &str, &str)] = &[
    ("年度", INT, "年度（始まる年の西暦）"),
    ("和暦年度", TEXT, "例：令和3年度"),
    ("部局ID", TEXT, "英小文字の部局ID（URLの一部）"),
    ("部局名", TEXT, "その年度の部局名"),
    ("目標番号", INT, "1から"),
    (
        "目標ID",
        TEXT,
        "年度/部局ID/番号。JSON の goals[].id と同じ",
    ),
    ("目標の表題", TEXT, "部局が付けた目標の表題"),
    ("関連の施策・基本事業No.", TEXT, "記載どおり。なければ空欄"),
    (
        "達成目標",
        TEXT,
        "〈達成目標〉（目標数値）の本文。書式を除いた文字列、箇条は「・」で始まる行",
    ),
    ("期日", TEXT, "YYYY-MM または YYYY-MM-DD。なければ空欄"),
    (
        "自己評価キー",
        TEXT,
        "達成状況（自己評価）の段階のキー。未評価なら空欄",
    ),
    ("自己評価", TEXT, "段階の文言"),
    ("自己評価の得点", NUM, "0〜1"),
    (
        "自己評価の達成",
        "TRUE / FALSE",
        "その段階を「達成」と数えるか",
    ),
    (
        "指導者評価キー",
        TEXT,
        "指導者評価の段階のキー（その年度にない場合は空欄）",
    ),
    ("指導者評価", TEXT, "段階の文言"),
    ("指導者評価の得点", NUM, "0〜1"),
    (
        "指導者評価の達成",
        "TRUE / FALSE",
        "その段階を「達成」と数えるか",
    ),
    (
        "理由",
        TEXT,
        "評価の理由。書式を除いた文字列で、セル内に改行を含むことがある",
    ),
    ("URL", TEXT, "目標のURL（base_url がなければサイト内パス）"),
];

#[derive(Serialize)]
pub struct CsvColumnDoc {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

pub fn csv_columns() -> Vec<CsvColumnDoc> {
    CSV_COLUMNS
        .iter()
        .map(|(name, kind, description)| CsvColumnDoc {
            name,
            kind,
            description,
        })
        .collect()
}
