//! Open data, Atom feed and search index, built from `tests/fixtures/open-data`: FY2022
//! (somu), FY2023 (somu with two goals and a leader scale, hoken as a `.md` file, kikaku
//! as a draft manifesto) and FY2024 (a draft year).

use assert_cmd::Command;
use manifesto::data::schema::{CSV_COLUMNS, JSON_FIELDS};
use manifesto::data::search;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/open-data");
const BASE: &str = "https://www.city.example.lg.jp/manifesto/";

/// Words that only the drafts contain.
const DRAFT_WORDS: &[&str] = &[
    "下書き",
    "未公表",
    "甲賀",
    "kikaku",
    "企画部",
    "2024/",
    "2024（令和6）",
];

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
    fn json(&self, rel: &str) -> Value {
        serde_json::from_str(&self.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Build the fixture (after `edit` changes the copy) with extra arguments.
fn build_with(args: &[&str], edit: impl FnOnce(&Path)) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(Path::new(FIXTURE), &site);
    edit(&site);
    let out = tmp.path().join("out");
    let output = Command::cargo_bin("manifesto")
        .unwrap()
        .arg("--root")
        .arg(&site)
        .arg("build")
        .arg("-o")
        .arg(&out)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Built { _tmp: tmp, out }
}

fn build(args: &[&str]) -> Built {
    build_with(args, |_| {})
}

/// Every file of the output, site-relative.
fn files(out: &Path) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

// -------------------------------------------------------------------------------------
// JSON
// -------------------------------------------------------------------------------------

#[test]
fn year_json_has_every_field_of_every_published_manifesto_with_scales_and_licence() {
    let b = build(&[]);
    let d = b.json("2023/manifestos.json");
    assert_eq!(d["format"], "manifesto-open-data");
    assert_eq!(d["format_version"], 1);
    assert_eq!(d["license"], "CC BY 4.0");
    assert_eq!(d["organization"], "テスト市");
    assert_eq!(d["base_url"], BASE);
    let years = d["years"].as_array().unwrap();
    assert_eq!(years.len(), 1);
    let y = &years[0];
    assert_eq!(y["fiscal_year"], 2023);
    assert_eq!(y["label"], "2023（令和5）年度");
    assert_eq!(y["era_label"], "令和5年度");
    assert_eq!(y["era"], "令和");
    assert_eq!(y["era_year"], 5);
    assert_eq!(y["published"], "2023-05-15");
    assert_eq!(y["url"], format!("{BASE}2023/"));
    // Scales: the default self scale and the year's leader scale, with scores.
    let self_levels = y["scales"]["self"]["levels"].as_array().unwrap();
    assert_eq!(self_levels.len(), 5);
    assert_eq!(self_levels[2]["key"], "3");
    assert_eq!(self_levels[2]["label"], "業績目標を達成した");
    assert_eq!(self_levels[2]["score"], 0.7);
    assert_eq!(self_levels[2]["achieved"], true);
    assert_eq!(y["scales"]["leader"]["levels"][0]["key"], "A");
    assert_eq!(y["headings"]["current"], "〈現在の状態〉");

    // The published manifestos only (kikaku is a draft), in display order.
    let ms = y["manifestos"].as_array().unwrap();
    let ids: Vec<&str> = ms.iter().map(|m| m["id"].as_str().unwrap()).collect();
    // In the register's display order (by kana: けんこう before そうむ).
    assert_eq!(ids, ["2023/hoken", "2023/somu"]);
    let somu = &ms[1];
    assert_eq!(somu["department"]["id"], "somu");
    assert_eq!(somu["department"]["name"], "総務部");
    assert_eq!(somu["head"]["title"], "部長");
    assert_eq!(somu["head"]["name"], "伊賀 太郎");
    assert_eq!(somu["head"]["photo"], Value::Null);
    assert_eq!(somu["contact"], "0595-00-0000（内線1234）");
    assert_eq!(
        somu["motto"], "市民に**伝わる**市役所へ",
        "Markdown as written"
    );
    assert_eq!(ms[0]["message"], "健康福祉部からのお知らせです。");

    let g = &somu["goals"][0];
    assert_eq!(g["id"], "2023/somu/1");
    assert_eq!(g["number"], 1);
    assert_eq!(g["url"], format!("{BASE}2023/somu/#goal-1"));
    assert_eq!(g["title"], "ＤＸ人材の育成");
    assert_eq!(g["policy"], "7-1");
    assert_eq!(g["policy_title"], Value::Null);
    assert_eq!(g["deadline"], "2024-03");
    assert_eq!(g["continues"], "2022/somu/1");
    assert!(g["target"].as_str().unwrap().contains("- 2024年3月までに"));
    let i = &g["indicators"][0];
    assert_eq!(i["name"], "研修の受講者数");
    assert_eq!(i["unit"], "人");
    assert_eq!(i["baseline"], 120.0);
    assert_eq!(i["target"], 300.0);
    assert_eq!(i["actual"], 310.0);
    assert_eq!(i["better"], "higher");
    assert_eq!(i["met"], true);
    let ev = &g["evaluation"];
    assert_eq!(ev["self"]["key"], "4");
    assert_eq!(ev["self"]["achieved"], true);
    assert_eq!(ev["leader"]["label"], "目標を上回った");
    assert!(ev["reason"].as_str().unwrap().contains("310人"));
    // A goal without evaluation still has every key, as null.
    let g2 = &somu["goals"][1];
    assert_eq!(g2["evaluation"], Value::Null);
    assert_eq!(g2["policy"], Value::Null);
    assert_eq!(g2["indicators"], Value::Array(vec![]));
    // The .md manifesto's policy code finds its title in policies.yaml.
    assert_eq!(ms[0]["goals"][0]["policy_title"], "健康づくり");
}

#[test]
fn all_years_json_has_every_published_year_oldest_first() {
    let b = build(&[]);
    let all = b.json("data/manifestos.json");
    let years: Vec<i64> = all["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["fiscal_year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2022, 2023]);
    assert_eq!(all["license"], "CC BY 4.0");
    // The same year object as in the year's own file.
    assert_eq!(all["years"][1], b.json("2023/manifestos.json")["years"][0]);
}

/// `years[].manifestos[].goals[]` style paths of every key in a JSON value.
fn key_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                // `headings` is a map from goal field names to the year's headings.
                if k != "headings" {
                    key_paths(child, &path, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                key_paths(item, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// A documented path with `*` matches `self` and `leader`.
fn documented(path: &str) -> bool {
    JSON_FIELDS.iter().any(|f| {
        f.name == path
            || f.name.contains('*')
                && (f.name.replace('*', "self") == path || f.name.replace('*', "leader") == path)
    })
}

#[test]
fn every_json_key_is_documented_and_every_documented_key_occurs() {
    let b = build(&[]);
    let mut paths = BTreeSet::new();
    key_paths(&b.json("data/manifestos.json"), "", &mut paths);
    let undocumented: Vec<&String> = paths.iter().filter(|p| !documented(p)).collect();
    assert!(
        undocumented.is_empty(),
        "keys missing from schema::JSON_FIELDS: {undocumented:?}"
    );
    for f in JSON_FIELDS {
        let occurs = paths.contains(f.name)
            || paths.contains(&f.name.replace('*', "self"))
            || paths.contains(&f.name.replace('*', "leader"));
        assert!(
            occurs,
            "documented key {} does not occur in the fixture's JSON",
            f.name
        );
    }
    // The /data/ page shows every field and every CSV column.
    let page = b.read("data/index.html");
    for f in JSON_FIELDS {
        assert!(
            page.contains(&format!("<code>{}</code>", f.name)),
            "{} missing from /data/",
            f.name
        );
    }
    for (name, _, _) in CSV_COLUMNS {
        assert!(page.contains(name), "{name} missing from /data/");
    }
    assert!(page.contains("CC BY 4.0"));
    // And the README documents the format too.
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for f in JSON_FIELDS {
        assert!(
            readme.contains(&format!("`{}`", f.name)),
            "README lacks `{}`",
            f.name
        );
    }
    for (name, _, _) in CSV_COLUMNS {
        assert!(readme.contains(name), "README lacks the CSV column {name}");
    }
}

// -------------------------------------------------------------------------------------
// CSV
// -------------------------------------------------------------------------------------

#[test]
fn csv_has_bom_crlf_a_row_per_goal_and_quotes_commas_newlines_and_quotes() {
    let b = build(&[]);
    let bytes = b.bytes("2023/goals.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let header_line = text.split("\r\n").next().unwrap();
    assert_eq!(
        header_line,
        CSV_COLUMNS
            .iter()
            .map(|c| c.0)
            .collect::<Vec<_>>()
            .join(",")
    );
    assert!(text.ends_with("\r\n"), "records end with CRLF");

    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect();
    // hoken has one goal, somu two; the draft kikaku none.
    assert_eq!(rows.len(), 3);
    let ids: Vec<&str> = rows.iter().map(|r| r["目標ID"].as_str()).collect();
    assert_eq!(ids, ["2023/hoken/1", "2023/somu/1", "2023/somu/2"]);
    let first = &rows[1];
    assert_eq!(first["年度"], "2023");
    assert_eq!(first["和暦年度"], "令和5年度");
    assert_eq!(first["部局ID"], "somu");
    assert_eq!(first["部局名"], "総務部");
    assert_eq!(first["目標番号"], "1");
    assert_eq!(first["目標の表題"], "ＤＸ人材の育成");
    assert_eq!(first["関連の施策・基本事業No."], "7-1");
    assert_eq!(first["自己評価キー"], "4");
    assert_eq!(first["自己評価"], "達成水準を上回る成果があった");
    assert_eq!(first["自己評価の得点"], "0.85");
    assert_eq!(first["自己評価の達成"], "TRUE");
    assert_eq!(first["指導者評価キー"], "A");
    assert_eq!(first["指導者評価の達成"], "TRUE");
    assert_eq!(first["期日"], "2024-03");
    assert_eq!(first["URL"], format!("{BASE}2023/somu/#goal-1"));
    // The reason keeps its line break, comma and double quotes through the quoting.
    assert_eq!(
        first["理由"],
        "受講者は310人で、目標の300人を上回った。\nただし、課によって差があり、\"リーダー\"の配置は8割, 残りは翌年度に置く。"
    );
    assert!(
        text.contains("\"受講者は310人で、目標の300人を上回った。\nただし"),
        "the reason is quoted with its line break inside"
    );
    assert!(
        text.contains("\"\"リーダー\"\""),
        "double quotes are doubled"
    );
    // Markdown becomes plain lines: list items start with ・, no "- ".
    assert_eq!(
        first["達成目標"],
        "・2024年3月までに研修の受講者を300人にする。\n・「DX推進リーダー」を各課に1人置く。"
    );
    // A goal without evaluation has empty evaluation cells.
    assert_eq!(rows[2]["自己評価キー"], "");
    assert_eq!(rows[2]["理由"], "");
    assert_eq!(rows[0]["自己評価の達成"], "FALSE");
    assert_eq!(rows[0]["目標の表題"], "特定健診受診率の向上");

    // The all-years CSV has every published goal.
    let all = b.bytes("data/goals.csv");
    assert!(all.starts_with(b"\xEF\xBB\xBF"));
    let n = csv::Reader::from_reader(&all[3..]).records().count();
    assert_eq!(n, 4);
}

// -------------------------------------------------------------------------------------
// Atom
// -------------------------------------------------------------------------------------

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

#[test]
fn atom_feed_is_well_formed_with_an_entry_per_published_year() {
    let b = build(&[]);
    let text = b.read("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    assert_eq!(child_text(feed, "title"), Some("テスト市 部局マニフェスト"));
    assert_eq!(child_text(feed, "id"), Some(&*format!("{BASE}feed.xml")));
    assert_eq!(
        child_text(feed, "updated"),
        Some("2023-05-15T00:00:00+09:00")
    );
    assert_eq!(child_text(feed, "rights"), Some("CC BY 4.0"));
    assert!(
        feed.children()
            .any(|c| c.has_tag_name((ATOM, "author")) && child_text(c, "name") == Some("テスト市"))
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect();
    assert_eq!(entries.len(), 2, "one entry per published year");
    let got: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|e| {
            (
                child_text(*e, "id").unwrap(),
                child_text(*e, "updated").unwrap(),
                child_text(*e, "title").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                &*format!("{BASE}2023/"),
                "2023-05-15T00:00:00+09:00",
                "2023（令和5）年度の部局マニフェスト"
            ),
            (
                &*format!("{BASE}2022/"),
                "2022-05-16T00:00:00+09:00",
                "2022（令和4）年度の部局マニフェスト"
            ),
        ]
    );
    let link = entries[0]
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")))
        .unwrap();
    assert_eq!(link.attribute("href"), Some(&*format!("{BASE}2023/")));
    let content = child_text(entries[0], "content").unwrap();
    assert!(content.contains(&format!("<a href=\"{BASE}2023/hoken/\">健康福祉部</a>")));
    // Every page links the feed for discovery.
    assert!(
        b.read("index.html")
            .contains("type=\"application/atom+xml\"")
    );
}

#[test]
fn feed_without_base_url_has_urn_ids_and_relative_links() {
    let b = build_with(&[], |site| {
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        let yaml: String = yaml
            .lines()
            .filter(|l| !l.starts_with("base_url"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(site.join("site.yaml"), yaml).unwrap();
    });
    let text = b.read("feed.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    let ids: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "id")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(ids.len(), 3);
    for id in &ids {
        assert!(id.starts_with("urn:uuid:"), "{id}");
        assert_eq!(id.len(), 45, "{id}");
    }
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 3, "ids differ");
    let hrefs: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name((ATOM, "link")))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert_eq!(hrefs, ["feed.xml", "./", "2023/", "2022/"]);
    // Stable from build to build.
    let again = build_with(&[], |site| {
        let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
        std::fs::write(site.join("site.yaml"), yaml.replace("base_url:", "#")).unwrap();
    });
    assert_eq!(again.read("feed.xml"), text);
    // Data files say there is no base URL and give site-relative paths.
    let d = b.json("2023/manifestos.json");
    assert_eq!(d["base_url"], Value::Null);
    assert_eq!(d["years"][0]["manifestos"][0]["url"], Value::Null);
    assert_eq!(d["years"][0]["manifestos"][0]["path"], "2023/hoken/");
}

// -------------------------------------------------------------------------------------
// Drafts
// -------------------------------------------------------------------------------------

fn assert_no_drafts(b: &Built, what: &str) {
    let published = files(&b.out);
    let data_files: Vec<&String> = published
        .iter()
        .filter(|f| {
            f.ends_with(".json")
                || f.ends_with(".csv")
                || f.ends_with(".xml")
                || f.starts_with("search/")
                || f.starts_with("data/")
        })
        .collect();
    assert!(data_files.len() >= 10, "{data_files:?}");
    for f in data_files {
        if f == "sitemap.xml" {
            continue;
        }
        let mut text = b.read(f);
        if f.ends_with(".html") {
            // The pages' year navigation lists the draft years in a preview; the page's
            // own content must not.
            let start = text.find("<main").unwrap();
            let end = text.find("</main>").unwrap();
            text = text[start..end].to_string();
        }
        for word in DRAFT_WORDS {
            assert!(
                !text.contains(word),
                "{what}: {f} contains the draft's {word}"
            );
        }
    }
    assert!(!b.out.join("2024/manifestos.json").exists());
    assert!(!b.out.join("2024/goals.csv").exists());
}

#[test]
fn drafts_never_appear_in_data_feed_or_search_even_with_drafts() {
    let b = build(&[]);
    assert_no_drafts(&b, "build");
    let preview = build(&["--drafts"]);
    // The pages of the drafts are there in a preview …
    assert!(preview.out.join("2023/kikaku/index.html").is_file());
    assert!(preview.out.join("2024/somu/index.html").is_file());
    // … but not in what other systems copy.
    assert_no_drafts(&preview, "build --drafts");
    // The draft year's page offers no data files.
    assert!(!preview.read("2024/index.html").contains("goals.csv"));
    assert!(preview.read("2023/index.html").contains("goals.csv"));
}

// -------------------------------------------------------------------------------------
// Search index
// -------------------------------------------------------------------------------------

/// The index read back from the JavaScript files, as search.js does.
struct Index {
    terms: BTreeMap<String, String>,
    docs: Vec<Value>,
    shards: usize,
}

fn index(b: &Built) -> Index {
    let page = b.read("search/index.html");
    let attr = |name: &str| -> usize {
        let start = page.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        page[start..].split('"').next().unwrap().parse().unwrap()
    };
    let shards = attr("data-shards");
    let docs_n = attr("data-docs");
    let mut terms = BTreeMap::new();
    for s in 0..shards {
        let text = b.read(&format!("search/t{s}.js"));
        let json = text
            .strip_prefix(&format!("manifestoSearch.terms({s},"))
            .unwrap()
            .trim_end()
            .strip_suffix(");")
            .unwrap();
        let map: BTreeMap<String, String> = serde_json::from_str(json).unwrap();
        terms.extend(map);
    }
    let mut docs = Vec::new();
    for c in 0..docs_n.div_ceil(search::CHUNK) {
        let text = b.read(&format!("search/d{c}.js"));
        let json = text
            .strip_prefix(&format!("manifestoSearch.docs({c},"))
            .unwrap()
            .trim_end()
            .strip_suffix(");")
            .unwrap();
        let rows: Vec<Value> = serde_json::from_str(json).unwrap();
        docs.extend(rows);
    }
    assert_eq!(docs.len(), docs_n);
    Index {
        terms,
        docs,
        shards,
    }
}

impl Index {
    /// The URLs of the documents that have every bigram of the query.
    fn find(&self, query: &str) -> Vec<String> {
        let q: Vec<char> = search::normalize(query).chars().collect();
        let mut result: Option<Vec<u32>> = None;
        for pair in q.windows(2) {
            let key: String = pair.iter().collect();
            let ids = self
                .terms
                .get(&key)
                .map(|e| search::decode(e))
                .unwrap_or_default();
            result = Some(match result {
                None => ids,
                Some(r) => r.into_iter().filter(|d| ids.contains(d)).collect(),
            });
        }
        result
            .unwrap_or_default()
            .into_iter()
            .map(|d| self.docs[d as usize][0].as_str().unwrap().to_string())
            .collect()
    }
}

#[test]
fn search_index_finds_japanese_words_inside_compounds_and_across_widths() {
    let b = build(&[]);
    let idx = index(&b);
    assert_eq!(idx.shards, 1, "a small site has one shard");
    assert_eq!(idx.find("健診"), ["2023/hoken/#goal-1"]);
    // 2023 goal 1 writes ﾃﾞｼﾞﾀﾙ in half-width katakana; newest year first.
    assert_eq!(
        idx.find("デジタル"),
        ["2023/somu/#goal-1", "2022/somu/#goal-1"]
    );
    assert_eq!(idx.find("ﾃﾞｼﾞﾀﾙ"), idx.find("デジタル"));
    assert_eq!(idx.find("でじたる"), idx.find("デジタル"));
    assert_eq!(idx.find("ｄｘ人材"), ["2023/somu/#goal-1"]);
    // The manifesto itself is a document: head's name, motto, message.
    assert_eq!(idx.find("名張"), ["2023/hoken/"]);
    // The department's kana finds its documents.
    assert_eq!(idx.find("けんこう").len(), 2);
    // Documents carry what the results show.
    let doc = &idx.docs[idx
        .docs
        .iter()
        .position(|d| d[0] == "2023/hoken/#goal-1")
        .unwrap()];
    assert_eq!(doc[1], "2023（令和5）年度　健康福祉部　部局目標1");
    assert_eq!(doc[2], "特定健診受診率の向上");
    assert!(doc[3].as_str().unwrap().contains("特定健診受診率は38.2%"));
}

// -------------------------------------------------------------------------------------
// Pages
// -------------------------------------------------------------------------------------

#[test]
fn pages_link_to_search_and_data_and_the_search_page_degrades_without_javascript() {
    let b = build(&[]);
    let year = b.read("2023/index.html");
    assert!(
        year.contains("href=\"../2023/goals.csv\" download=\"manifesto-2023-goals.csv\""),
        "the year page offers its CSV in one click"
    );
    assert!(year.contains("href=\"../2023/manifestos.json\""));
    let home = b.read("index.html");
    for link in [
        "href=\"./search/\"",
        "href=\"./data/\"",
        "href=\"./feed.xml\"",
    ] {
        assert!(home.contains(link), "the top page lacks {link}");
    }
    let search = b.read("search/index.html");
    // Without JavaScript the notice shows and the form stays hidden (search.js swaps them).
    assert!(search.contains("<p class=\"notice\" id=\"search-nojs\">"));
    assert!(search.contains("<div id=\"search\" class=\"search\" hidden"));
    assert!(search.contains("<label class=\"search-form__label\" for=\"search-q\">"));
    assert!(search.contains("role=\"status\""));
    assert!(search.contains("src=\"../theme/search.js?v="));
    assert!(b.out.join("theme/search.js").is_file());
    let data = b.read("data/index.html");
    assert!(data.contains("download=\"manifesto-2023-goals.csv\""));
    assert!(data.contains("href=\"../data/manifestos.json\""));
}

#[test]
fn data_files_are_byte_identical_between_builds() {
    let a = build(&[]);
    let b = build(&[]);
    let fa = files(&a.out);
    assert_eq!(fa, files(&b.out));
    for f in fa {
        assert_eq!(a.bytes(&f), b.bytes(&f), "{f} differs between builds");
    }
}
