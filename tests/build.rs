//! Integration tests of `manifesto build`: the binary is run on the repository's example
//! site and on small fixture sites written into temporary folders, and the output folder
//! is checked page by page (links, headings, safety, drafts, determinism, the atomic swap
//! and the refusals of dangerous output folders).

mod common;

use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------
// Fixture sites
// ---------------------------------------------------------------------------------------

const SITE_YAML: &str = "\
title: テスト市 部局マニフェスト
organization: テスト市
base_url: https://www.city.example.lg.jp/manifesto/
license: CC BY 4.0
";

const REGISTER: &str = "\
- id: somu
  name: 総務部
  kana: そうむぶ
  order: 10
- id: kikaku
  name: 企画部
  kana: きかくぶ
  order: 20
";

fn goal(title: &str, extra: &str) -> String {
    common::goal_titled(title, extra)
}

/// A manifesto of `dept` headed by `name`, with extra top-level lines and goals.
fn manifesto(dept: &str, name: &str, top: &str, goals: &[String]) -> String {
    let mut text =
        format!("department: {dept}\nhead:\n  title: 部長\n  name: {name}\n{top}goals:\n");
    for g in goals {
        text.push_str(g);
    }
    text
}

/// A site in a temporary folder. Dropping it deletes the folder.
struct Fixture {
    dir: TempDir,
}

impl Fixture {
    /// site.yaml and the register (somu, kikaku); no years yet.
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        f.write("site.yaml", SITE_YAML)
            .write("content/departments.yaml", REGISTER);
        f
    }

    /// The minimal site: FY2023 with one somu manifesto of one goal.
    fn simple() -> Fixture {
        let f = Fixture::new();
        f.write("content/2023/_year.yaml", "published: 2023-05-15\n")
            .write(
                "content/2023/somu.yaml",
                &manifesto(
                    "somu",
                    "伊賀 太郎",
                    "",
                    &[goal("窓口手続のオンライン化", "")],
                ),
            );
        f
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Copy one of the example site's head photos (`assets/photos/…`) to `rel`.
    fn photo(&self, example: &str, rel: &str) -> &Fixture {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/photos")
            .join(example);
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::copy(&from, path).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
        self
    }

    fn write(&self, rel: &str, text: &str) -> &Fixture {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }
}

/// `manifesto --root <root> build <args>`, run from the site root.
fn build_cmd(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("manifesto").expect("the manifesto binary");
    cmd.current_dir(root).arg("--root").arg(root).arg("build");
    cmd.args(args);
    cmd
}

/// Build `root` into `out` and require success.
fn build_ok(root: &Path, out: &Path, args: &[&str]) {
    let mut cmd = build_cmd(root, args);
    cmd.arg("-o").arg(out);
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "build of {} failed ({:?}):\n{}",
        root.display(),
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Build `root` into `out`, expecting the exit code; returns stderr.
fn build_fails(root: &Path, out: &Path, args: &[&str], code: i32) -> String {
    let mut cmd = build_cmd(root, args);
    cmd.arg("-o").arg(out);
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "expected exit {code}; stderr:\n{stderr}\nstdout:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

/// Every file under `dir` (relative path with `/` → bytes).
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                files.insert(rel.replace('\\', "/"), fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two trees hold different files");
    for (name, bytes) in a {
        assert!(
            bytes == &b[name],
            "{name} differs:\n--- first\n{}\n--- second\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[name])
        );
    }
}

/// Names of the entries of a folder.
fn entries(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The HTML pages of an output folder, site-relative.
fn pages(out: &Path) -> Vec<String> {
    read_tree(out)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// A small HTML tokenizer: enough to see the tags and attributes our pages are made of.
// Text (where escaped markup such as `&lt;script&gt;` lives) is skipped, so whatever it
// reports as a tag or an attribute is real markup a browser would act on.
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                u32::from_str_radix(&entity[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if entity.starts_with('#') => {
                entity[1..].parse::<u32>().ok().and_then(char::from_u32)
            }
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The start tags of a document, in order, with decoded attribute values.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map(|e| i + e + 3).unwrap_or(b.len());
            continue;
        }
        if html[i..].starts_with("<!") || html[i..].starts_with("<?") || html[i..].starts_with("</")
        {
            i = html[i..].find('>').map(|e| i + e + 1).unwrap_or(b.len());
            continue;
        }
        if i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        // Attributes.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let key = html[start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vstart = j + 1;
                    j = vstart;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = decode_entities(&html[vstart..j.min(b.len())]);
                    j += 1;
                } else {
                    let vstart = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[vstart..j]);
                }
            }
            attrs.push((key, value));
        }
        // Raw text elements: their content is not markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            j = html[j.min(b.len())..]
                .to_ascii_lowercase()
                .find(&close)
                .map(|e| j + e)
                .unwrap_or(b.len());
        }
        tags.push(Tag { name, attrs });
        i = j;
    }
    tags
}

/// The markup of a page with text and attribute values left out: tag and attribute names.
fn markup_skeleton(html: &str) -> String {
    let mut s = String::new();
    for t in tags(html) {
        s.push('<');
        s.push_str(&t.name);
        for (k, _) in &t.attrs {
            s.push(' ');
            s.push_str(k);
            s.push('=');
        }
        s.push('>');
    }
    s
}

fn ids(html: &str) -> BTreeSet<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

fn count_tags(html: &str, name: &str) -> usize {
    tags(html).iter().filter(|t| t.name == name).count()
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Check every `href`, `src` and `srcset` URL of every page of `out`. Relative links must resolve to a
/// file of the output (a trailing `/` means its index.html) and a `#fragment` to an id of
/// the target page. Root-relative links (`/…`) are only allowed on 404.html, which is
/// served at any depth, and must start with `base_path` (the path of base_url).
/// External links are skipped. Returns every problem.
fn check_links(out: &Path, base_path: &str) -> Vec<String> {
    let tree = read_tree(out);
    let mut id_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &str| -> BTreeSet<String> {
        id_cache
            .entry(file.to_string())
            .or_insert_with(|| ids(&String::from_utf8_lossy(&tree[file])))
            .clone()
    };
    let mut problems = Vec::new();
    for (page, bytes) in &tree {
        if !page.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            // href, src and every candidate URL of srcset.
            let mut urls: Vec<(&str, String)> = Vec::new();
            for (attr, value) in &tag.attrs {
                match attr.as_str() {
                    "href" | "src" => urls.push((attr.as_str(), value.clone())),
                    "srcset" => {
                        for candidate in value.split(',') {
                            let url = candidate.split_whitespace().next().unwrap_or("");
                            urls.push(("srcset", url.to_string()));
                        }
                    }
                    _ => {}
                }
            }
            for (attr, url) in &urls {
                if tag.name == "link" && tag.attr("rel") == Some("canonical") {
                    if !url.starts_with("https://") && !url.starts_with("http://") {
                        problems.push(format!("{page}: canonical link is not absolute: {url}"));
                    }
                    continue;
                }
                if is_external(url) {
                    continue;
                }
                if url.is_empty() {
                    problems.push(format!("{page}: <{} {attr}=\"\">", tag.name));
                    continue;
                }
                let (path, fragment) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url.as_str(), None),
                };
                // A query string does not change the file served.
                let path = path.split('?').next().unwrap_or(path);
                let has_scheme = path
                    .find(':')
                    .is_some_and(|i| !path[..i].contains(['/', '?']));
                let target = if path.starts_with('/') {
                    if page != "404.html" {
                        problems.push(format!("{page}: root-relative link {url}"));
                        continue;
                    }
                    let Some(in_site) = path.strip_prefix(base_path) else {
                        problems.push(format!(
                            "{page}: {url} is outside the base path {base_path}"
                        ));
                        continue;
                    };
                    common::resolve_link("index.html", in_site)
                } else if has_scheme {
                    problems.push(format!("{page}: link with a scheme: {url}"));
                    continue;
                } else {
                    common::resolve_link(page, path)
                };
                let Some(target) = target else {
                    problems.push(format!("{page}: {url} leaves the output folder"));
                    continue;
                };
                if !tree.contains_key(&target) {
                    problems.push(format!("{page}: {url} → {target} does not exist"));
                    continue;
                }
                if let Some(frag) = fragment.filter(|f| !f.is_empty())
                    && !ids_of(&target).contains(frag)
                {
                    problems.push(format!("{page}: {url}: no id=\"{frag}\" in {target}"));
                }
            }
        }
    }
    problems
}

/// The common page requirements: lang="ja", exactly one h1, a skip link to #main as the
/// first link, a `main` landmark with id="main", headings that never skip a level going
/// down, ids that are unique, and every image with an alt attribute.
fn check_page(page: &str, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let all = tags(html);
    match all.iter().find(|t| t.name == "html") {
        Some(t) if t.attr("lang") == Some("ja") => {}
        other => problems.push(format!("{page}: <html> without lang=\"ja\": {other:?}")),
    }
    let h1 = count_tags(html, "h1");
    if h1 != 1 {
        problems.push(format!("{page}: {h1} <h1> elements, expected exactly one"));
    }
    match all.iter().find(|t| t.name == "a") {
        Some(a) if a.attr("href") == Some("#main") => {}
        other => problems.push(format!(
            "{page}: the first link is not a skip link to #main: {other:?}"
        )),
    }
    if !all
        .iter()
        .any(|t| t.name == "main" && t.attr("id") == Some("main"))
    {
        problems.push(format!("{page}: no <main id=\"main\">"));
    }
    let mut last = 0;
    for t in &all {
        let level = match t.name.as_str() {
            "h1" => 1,
            "h2" => 2,
            "h3" => 3,
            "h4" => 4,
            "h5" => 5,
            "h6" => 6,
            _ => continue,
        };
        if level > last + 1 {
            problems.push(format!(
                "{page}: heading <h{level}> follows <h{last}> (a level is skipped)"
            ));
        }
        last = level;
    }
    let mut seen = BTreeSet::new();
    for id in all.iter().filter_map(|t| t.attr("id")) {
        if !seen.insert(id) {
            problems.push(format!("{page}: duplicate id=\"{id}\""));
        }
    }
    for img in all.iter().filter(|t| t.name == "img") {
        if img.attr("alt").is_none() {
            problems.push(format!("{page}: <img> without alt: {img:?}"));
        }
    }
    problems
}

fn assert_no_problems(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The `<loc>`s of a sitemap.
fn sitemap_locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(l, _)| decode_entities(l)))
        .collect()
}

/// Every `href` of a page.
fn hrefs(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------------------------
// 1. The example site of the repository
// ---------------------------------------------------------------------------------------

#[test]
fn example_site_builds_with_every_page_and_working_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(root, &out, &[]);

    for page in [
        "index.html",
        "404.html",
        "2021/index.html",
        "2023/index.html",
        "2026/index.html",
        "2021/digital-jichi/index.html",
        "2023/somu/index.html",
        "2026/somu/index.html",
        "sitemap.xml",
        "robots.txt",
        "theme/style.css",
        "theme/print.css",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }

    let mut problems = Vec::new();
    for page in pages(&out) {
        problems.extend(check_page(&page, &read(&out, &page)));
    }
    problems.extend(check_links(&out, "/manifesto/"));
    assert_no_problems(problems);

    // The sitemap lists every page (and only pages that exist), under base_url.
    let sitemap = read(&out, "sitemap.xml");
    let base = "https://www.city.example.lg.jp/manifesto/";
    let locs = sitemap_locs(&sitemap);
    for loc in &locs {
        let rel = loc
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("sitemap entry {loc} is not under {base}"));
        assert!(
            out.join(format!("{rel}index.html")).is_file(),
            "sitemap entry {loc} has no page"
        );
    }
    for page in [
        "",
        "2021/",
        "2023/",
        "2026/",
        "2021/digital-jichi/",
        "2023/somu/",
        "2026/somu/",
    ] {
        assert!(
            locs.contains(&format!("{base}{page}")),
            "sitemap lacks /{page}: {sitemap}"
        );
    }
    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml")),
        "{robots}"
    );
    // Nothing staging-related is left beside the output, and the output is marked ours.
    assert_eq!(entries(tmp.path()), BTreeSet::from(["out".to_string()]));
    assert!(out.join(".manifesto-output").is_file());
}

// ---------------------------------------------------------------------------------------
// 2. Era labels
// ---------------------------------------------------------------------------------------

#[test]
fn era_labels_of_boundary_years() {
    let f = Fixture::new();
    for fy in ["1988", "1989", "2018", "2019"] {
        f.write(
            &format!("content/{fy}/somu.yaml"),
            &manifesto(
                "somu",
                "伊賀 太郎",
                "",
                &[goal("窓口手続のオンライン化", "")],
            ),
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);

    for (fy, label, era) in [
        ("1988", "1988（昭和63）年度", "昭和63年度"),
        ("1989", "1989（平成元）年度", "平成元年度"),
        ("2018", "2018（平成30）年度", "平成30年度"),
        ("2019", "2019（令和元）年度", "令和元年度"),
    ] {
        let year_page = read(&out, &format!("{fy}/index.html"));
        assert!(year_page.contains(label), "{fy}/ lacks {label}");
        let h1 = year_page.split("<h1").nth(1).unwrap();
        assert!(
            h1.split("</h1>").next().unwrap().contains(label),
            "the h1 of {fy}/ lacks {label}"
        );
        let page = read(&out, &format!("{fy}/somu/index.html"));
        assert!(page.contains(label), "{fy}/somu/ lacks {label}");
        let home = read(&out, "index.html");
        assert!(home.contains(label), "the top page lacks {label}");
        assert!(home.contains(era), "the top page lacks {era}");
    }
    // Wrong forms never appear.
    for page in pages(&out) {
        let html = read(&out, &page);
        for wrong in ["令和1年度", "令和1）", "平成1）", "平成31", "昭和64）"] {
            assert!(!html.contains(wrong), "{page} contains {wrong}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// 3. Escaping and safety
// ---------------------------------------------------------------------------------------

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const JS_LINK: &str = "[x](javascript:alert(1))";

/// Fails when a page holds markup that a browser would run: a script element, an event
/// handler attribute, a `javascript:`-like URL; content must have been escaped to text.
fn assert_safe(page: &str, html: &str) {
    // The generator's own charts (`<svg class="chart__svg" …>`, on the year-over-year
    // pages) are the one place with SVG: they may hold only drawing elements, and their
    // text (department names, titles) must be escaped like everywhere else.
    let mut rest = html;
    let mut without_charts = String::new();
    while let Some(i) = rest.find("<svg class=\"chart__svg\"") {
        without_charts.push_str(&rest[..i]);
        let end = rest[i..]
            .find("</svg>")
            .map(|e| i + e + 6)
            .unwrap_or(rest.len());
        for t in tags(&rest[i..end]) {
            assert!(
                [
                    "svg", "title", "desc", "defs", "pattern", "rect", "line", "text"
                ]
                .contains(&t.name.as_str()),
                "{page}: <{}> inside a chart",
                t.name
            );
        }
        rest = &rest[end..];
    }
    without_charts.push_str(rest);
    let html = without_charts.as_str();
    // The search page's own script (the theme's search.js) is the one script a page has.
    let html = &if page == "search/index.html" {
        let start = html
            .find("<script src=\"../theme/search.js?v=")
            .expect("search.js");
        let end = start + html[start..].find("</script>").expect("</script>") + 9;
        format!("{}{}", &html[..start], &html[end..])
    } else {
        html.to_string()
    };
    let lower = html.to_ascii_lowercase();
    assert!(
        !lower.contains("<script"),
        "{page} contains <script:\n{html}"
    );
    let skeleton = markup_skeleton(html).to_ascii_lowercase();
    for bad in [
        "<script",
        "onerror=",
        "onload=",
        "onclick=",
        "javascript:",
        "<iframe",
        "<svg",
        "<object",
        "<embed",
    ] {
        assert!(
            !skeleton.contains(bad),
            "{page}: markup contains {bad}: {skeleton}\n{html}"
        );
    }
    for t in tags(html) {
        for (k, v) in &t.attrs {
            assert!(
                !k.starts_with("on"),
                "{page}: event handler {k}=\"{v}\" on <{}>",
                t.name
            );
            let v: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "vbscript:", "data:"] {
                assert!(
                    !v.starts_with(scheme),
                    "{page}: <{} {k}=\"{v}\"> uses {scheme}",
                    t.name
                );
            }
        }
    }
    // Outside the escaped text of content nothing may spell the attack either: every
    // remaining `onerror=` and `javascript:` must be inside text or an attribute value,
    // which the skeleton check above proves.
}

#[test]
fn content_cannot_inject_script() {
    let f = Fixture::new();
    let title = "\"><script>alert(1)</script> 表題";
    let evil_goal = format!(
        "  - mission: \"{SCRIPT}\"
    policy: '\"><script>alert(1)</script>'
    title: '{title}'
    background: \"{IMG}\"
    current: \"{JS_LINK} と [y](JaVaScRiPt:alert(1)) と [z]( javascript:alert(1) )\"
    challenges: '<a href=\"javascript:alert(1)\">x</a> <svg onload=alert(1)>'
    target: '![画像](javascript:alert(1)) [e](&#106;avascript:alert(1)) <javascript:alert(1)>'
    outcome: |
      <div onclick=\"alert(1)\">
      <script>
      alert(1)
      </script>
      </div>
    means: |
      [参照][r]

      [r]: javascript:alert(1)
    indicators:
      - name: \"{SCRIPT}\"
        unit: \"{IMG}\"
        baseline: 1
        baseline_label: '\"><script>'
        target: 5
        actual: 3
    evaluation:
      self: 3
      reason: \"{IMG} {JS_LINK}\"
"
    );
    let top = format!(
        "department_name: '\"><script>alert(1)</script>'\ncontact: \"{IMG}\"\nmotto: \"{JS_LINK} {SCRIPT}\"\n"
    );
    let text = format!(
        "department: somu\nhead:\n  title: '\"><script>alert(1)</script>'\n  name: \"{IMG}\"\n  photo_alt: '\" onerror=\"alert(1)'\n{top}goals:\n{evil_goal}"
    );
    f.write("content/2023/somu.yaml", &text);
    // A .md manifesto: its body is Markdown too.
    f.write(
        "content/2023/kikaku.md",
        &format!(
            "---\n{}---\n{SCRIPT}\n\n{IMG}\n\n{JS_LINK}\n\n<a href=\"javascript:alert(1)\">リンク</a>\n",
            manifesto("kikaku", "甲賀 花子", "", &[goal("企画の目標", "")])
        ),
    );
    f.write(
        "site.yaml",
        &format!(
            "title: '\"><script>alert(1)</script>テスト市'\norganization: \"{IMG}\"\nbase_url: https://www.city.example.lg.jp/manifesto/\nlicense: \"{SCRIPT}\"\ncontact_note: \"{SCRIPT} {IMG} {JS_LINK}\"\n"
        ),
    );
    f.write(
        "content/departments.yaml",
        &format!("- id: somu\n  name: \"総務部{SCRIPT}\"\n- id: kikaku\n  name: \"企画部{IMG}\"\n"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);

    let all = pages(&out);
    assert!(all.contains(&"2023/somu/index.html".to_string()), "{all:?}");
    assert!(
        all.contains(&"2023/kikaku/index.html".to_string()),
        "{all:?}"
    );
    for page in &all {
        assert_safe(page, &read(&out, page));
    }
    // The content is still shown, as text.
    let page = read(&out, "2023/somu/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("表題"), "{page}");
    let body = read(&out, "2023/kikaku/index.html");
    assert!(
        body.contains("リンク"),
        "the link text of a dropped link stays: {body}"
    );
    // What is left of the dropped links and images is not broken markup either.
    assert_no_problems(check_links(&out, "/manifesto/"));
    // Non-HTML outputs escape too.
    let sitemap = read(&out, "sitemap.xml");
    assert!(!sitemap.contains("<script"), "{sitemap}");
}

// ---------------------------------------------------------------------------------------
// 4. Drafts
// ---------------------------------------------------------------------------------------

fn draft_fixture() -> Fixture {
    let f = Fixture::new();
    f.write("content/2022/_year.yaml", "published: 2022-05-16\n")
        .write(
            "content/2022/somu.yaml",
            &manifesto("somu", "伊賀 太郎", "", &[goal("公開済みの目標", "")]),
        )
        .write(
            "content/2022/kikaku.yaml",
            &manifesto(
                "kikaku",
                "甲賀 花子",
                "draft: true\n",
                &[goal("下書き部局の目標", "")],
            ),
        )
        // A published year whose only manifesto is a draft.
        .write(
            "content/2024/kikaku.yaml",
            &manifesto(
                "kikaku",
                "甲賀 花子",
                "draft: true\n",
                &[goal("下書きだけの年度の目標", "")],
            ),
        )
        .write(
            "content/2023/_year.yaml",
            "published: 2023-05-15\ndraft: true\n",
        )
        .write(
            "content/2023/somu.yaml",
            &manifesto(
                "somu",
                "名張 次郎",
                "",
                &[goal("下書き年度の目標", "    continues: 2022/somu/1\n")],
            ),
        );
    // Head photos: the draft manifesto's must not be published either.
    f.photo("2021/digital-jichi.png", "assets/photos/2022/somu.png")
        .photo("2023/somu.png", "assets/photos/2022/kikaku.png")
        .photo("2026/somu.png", "assets/photos/2023/somu.png");
    f
}

/// The photo keys (`photos/<key>-<width>.jpg`) of an output folder, and whether every
/// photo file is used by some page.
fn photo_keys(out: &Path) -> BTreeSet<String> {
    let tree = read_tree(out);
    let files: BTreeSet<&String> = tree.keys().filter(|k| k.starts_with("photos/")).collect();
    let mut used = BTreeSet::new();
    for (name, bytes) in &tree {
        if name.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            for file in &files {
                if html.contains(file.as_str()) {
                    used.insert(file.to_string());
                }
            }
        }
    }
    for file in &files {
        assert!(
            used.contains(file.as_str()),
            "{file} is published but used by no page"
        );
    }
    files
        .iter()
        .map(|f| {
            let name = f.trim_start_matches("photos/");
            name.split('-').next().unwrap().to_string()
        })
        .collect()
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let f = draft_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);

    assert!(out.join("2022/somu/index.html").is_file());
    assert!(
        !out.join("2022/kikaku").exists(),
        "a draft manifesto was built"
    );
    assert!(!out.join("2023").exists(), "a draft year was built");
    assert!(
        !out.join("2024").exists(),
        "a year of draft manifestos only was built"
    );
    for (name, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for leak in [
            "下書き部局の目標",
            "下書き年度の目標",
            "下書きだけの年度の目標",
            "2024/",
            "令和6",
            "名張",
            "甲賀",
            "2023/",
            "kikaku",
            "令和5",
        ] {
            assert!(!text.contains(leak), "{name} mentions the draft ({leak})");
        }
    }
    let sitemap = read(&out, "sitemap.xml");
    assert_eq!(
        sitemap_locs(&sitemap),
        vec![
            "https://www.city.example.lg.jp/manifesto/".to_string(),
            "https://www.city.example.lg.jp/manifesto/data/".to_string(),
            "https://www.city.example.lg.jp/manifesto/2022/".to_string(),
            "https://www.city.example.lg.jp/manifesto/2022/somu/".to_string(),
            "https://www.city.example.lg.jp/manifesto/departments/".to_string(),
            "https://www.city.example.lg.jp/manifesto/departments/somu/".to_string(),
            "https://www.city.example.lg.jp/manifesto/trends/".to_string(),
        ]
    );
    assert_no_problems(check_links(&out, "/manifesto/"));
    assert_eq!(
        photo_keys(&out).len(),
        1,
        "only the published manifesto's photo may be published"
    );

    // With --drafts they are all there, linked, and marked as drafts.
    let out2 = tmp.path().join("preview");
    build_ok(f.root(), &out2, &["--drafts"]);
    for page in [
        "2022/kikaku/index.html",
        "2023/index.html",
        "2023/somu/index.html",
        "2024/kikaku/index.html",
    ] {
        assert!(out2.join(page).is_file(), "{page} is missing with --drafts");
        assert!(
            read(&out2, page).contains("下書き"),
            "{page} is not marked as a draft"
        );
    }
    let year = read(&out2, "2022/index.html");
    assert!(
        hrefs(&year).iter().any(|h| h == "../2022/kikaku/"),
        "{year}"
    );
    let home = read(&out2, "index.html");
    assert!(hrefs(&home).iter().any(|h| h == "./2023/"), "{home}");
    let older = read(&out2, "2022/somu/index.html");
    assert!(
        hrefs(&older).iter().any(|h| h == "../../2023/somu/#goal-1"),
        "the continued-by link to the draft year is missing with --drafts: {older}"
    );
    assert!(
        hrefs(&older).iter().any(|h| h == "../../2023/somu/"),
        "the next-year link is missing with --drafts"
    );
    let sitemap = read(&out2, "sitemap.xml");
    for p in ["2022/kikaku/", "2023/", "2023/somu/"] {
        assert!(
            sitemap_locs(&sitemap)
                .contains(&format!("https://www.city.example.lg.jp/manifesto/{p}")),
            "{p} is missing from the sitemap with --drafts"
        );
    }
    assert_no_problems(check_links(&out2, "/manifesto/"));
    assert_eq!(photo_keys(&out2).len(), 3);
}

// ---------------------------------------------------------------------------------------
// 5. Determinism
// ---------------------------------------------------------------------------------------

#[test]
fn the_same_sources_build_byte_identical_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("nested/b");
    build_ok(root, &a, &[]);
    build_ok(root, &b, &[]);
    assert_same_tree(&read_tree(&a), &read_tree(&b));

    // A fixture with drafts, continues links and several departments, built with drafts.
    let f = draft_fixture();
    let c = tmp.path().join("c");
    let d = tmp.path().join("d");
    build_ok(f.root(), &c, &["--drafts"]);
    build_ok(f.root(), &d, &["--drafts"]);
    assert_same_tree(&read_tree(&c), &read_tree(&d));
    // Rebuilding over a previous output gives the same tree again, and so does a build
    // that processes the photos afresh (no cache).
    build_ok(f.root(), &c, &["--drafts"]);
    assert_same_tree(&read_tree(&c), &read_tree(&d));
    let cache = f.root().join(".manifesto-cache");
    assert!(cache.is_dir(), "no photo cache was made");
    fs::remove_dir_all(&cache).unwrap();
    build_ok(f.root(), &c, &["--drafts"]);
    assert_same_tree(&read_tree(&c), &read_tree(&d));
}

#[test]
fn stage_timings_are_printed_only_when_asked_for_and_change_nothing() {
    let f = Fixture::simple();
    let tmp = tempfile::tempdir().unwrap();
    let (plain, timed) = (tmp.path().join("plain"), tmp.path().join("timed"));
    let run = |out: &Path, timings: &str| {
        let mut cmd = build_cmd(f.root(), &[]);
        cmd.arg("-o").arg(out).env("MANIFESTO_TIMINGS", timings);
        let output = cmd.output().unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let quiet = run(&plain, "0");
    assert!(!quiet.contains("timing:"), "{quiet}");
    let stderr = run(&timed, "1");
    for stage in [
        "load",
        "validate",
        "lint",
        "plan",
        "pages",
        "data: search",
        "commit",
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("timing: {stage} ")) && l.ends_with(" ms")),
            "no timing of {stage}:\n{stderr}"
        );
    }
    assert_same_tree(&read_tree(&plain), &read_tree(&timed));
}

// ---------------------------------------------------------------------------------------
// 6. A failed build leaves the previous output alone
// ---------------------------------------------------------------------------------------

/// Build a good site, break it with `breakage`, build again: exit 1, the output is
/// byte-identical and nothing is left beside it.
fn failed_build_keeps_output(breakage: impl FnOnce(&Fixture), expect_in_stderr: &str) {
    let f = Fixture::simple();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    let before = read_tree(&out);
    assert!(before.contains_key("2023/somu/index.html"));

    breakage(&f);
    let stderr = build_fails(f.root(), &out, &[], 1);
    assert!(
        stderr.contains(expect_in_stderr),
        "stderr does not mention {expect_in_stderr}:\n{stderr}"
    );
    assert_same_tree(&before, &read_tree(&out));
    assert_eq!(
        entries(tmp.path()),
        BTreeSet::from(["out".to_string()]),
        "leftovers beside the output"
    );
}

#[test]
fn a_content_error_leaves_the_previous_output_intact() {
    failed_build_keeps_output(
        |f| {
            f.write(
                "content/2023/somu.yaml",
                &manifesto(
                    "somu",
                    "伊賀 太郎",
                    "",
                    &[goal(
                        "窓口手続のオンライン化",
                        "    evaluation:\n      self: 9\n",
                    )],
                ),
            );
        },
        "content/2023/somu.yaml",
    );
}

#[test]
fn a_broken_template_override_leaves_the_previous_output_intact() {
    failed_build_keeps_output(
        |f| {
            f.write(
                "themes/default/templates/manifesto.html",
                "{% extends \"base.html\" %}{% block main %}<h1>{% if %}</h1>{% endblock main %}",
            );
        },
        "manifesto.html",
    );
}

#[test]
fn a_template_failing_while_rendering_leaves_the_previous_output_intact() {
    // Parses, but fails on the manifesto page only, after other pages were written into
    // the staging folder.
    failed_build_keeps_output(
        |f| {
            f.write(
                "themes/default/templates/manifesto.html",
                "{% extends \"base.html\" %}{% block main %}<h1>{{ no_such_variable.field }}</h1>{% endblock main %}",
            );
        },
        "manifesto.html",
    );
}

#[test]
fn staging_folders_left_by_a_killed_build_are_cleaned_up() {
    let f = Fixture::simple();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    // What a build killed before its swap leaves behind: marked staging folders.
    for stale in [".out.manifesto-tmp-999999", ".out.manifesto-old-999999"] {
        fs::create_dir_all(tmp.path().join(stale).join("2023")).unwrap();
        fs::write(tmp.path().join(stale).join(".manifesto-output"), "").unwrap();
    }
    // A look-alike folder without the marker is somebody else's: kept.
    fs::create_dir(tmp.path().join(".out.manifesto-tmp-notours")).unwrap();
    fs::write(
        tmp.path().join(".out.manifesto-tmp-notours/keep.txt"),
        "残す",
    )
    .unwrap();
    build_ok(f.root(), &out, &[]);
    assert_eq!(
        entries(tmp.path()),
        BTreeSet::from(["out".to_string(), ".out.manifesto-tmp-notours".to_string()])
    );
    assert!(
        tmp.path()
            .join(".out.manifesto-tmp-notours/keep.txt")
            .is_file()
    );
}

#[test]
fn a_failed_first_build_creates_nothing() {
    let f = Fixture::simple();
    f.write("content/2023/kikaku.yaml", "department: kikaku\nhead: [\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_fails(f.root(), &out, &[], 1);
    assert!(entries(tmp.path()).is_empty(), "{:?}", entries(tmp.path()));
}

// ---------------------------------------------------------------------------------------
// 7. Refused output folders
// ---------------------------------------------------------------------------------------

#[test]
fn dangerous_output_folders_are_refused_and_nothing_is_deleted() {
    let f = Fixture::simple();
    let root = f.root();
    let sources_before = read_tree(root);

    // The site root itself, absolute and relative.
    let err = build_fails(root, root, &[], 2);
    assert!(err.contains("refusing"), "{err}");
    let err = build_fails(root, Path::new("."), &[], 2);
    assert!(err.contains("refusing"), "{err}");
    // Inside content/ (and the folder itself).
    let err = build_fails(root, &root.join("content"), &[], 2);
    assert!(
        err.contains("refusing") && err.contains("content/"),
        "{err}"
    );
    let err = build_fails(root, Path::new("content/2023/out"), &[], 2);
    assert!(err.contains("content/"), "{err}");
    // themes/ and assets/.
    let err = build_fails(root, &root.join("themes/default"), &[], 2);
    assert!(err.contains("themes/"), "{err}");
    let err = build_fails(root, &root.join("assets/out"), &[], 2);
    assert!(err.contains("assets/"), "{err}");
    // A parent of the site.
    let err = build_fails(root, root.parent().unwrap(), &[], 2);
    assert!(err.contains("refusing"), "{err}");
    assert_same_tree(&sources_before, &read_tree(root));
    assert!(!root.join("content/2023/out").exists());
    assert!(!root.join("assets").exists());

    // A non-empty folder that we did not make.
    let tmp = tempfile::tempdir().unwrap();
    let mine = tmp.path().join("mine");
    fs::create_dir_all(mine.join("sub")).unwrap();
    fs::write(mine.join("notes.txt"), "大事なメモ").unwrap();
    fs::write(mine.join("sub/index.html"), "<p>別のサイト</p>").unwrap();
    let mine_before = read_tree(&mine);
    let err = build_fails(root, &mine, &[], 2);
    assert!(err.contains("not empty"), "{err}");
    assert!(err.contains(".manifesto-output"), "{err}");
    assert_same_tree(&mine_before, &read_tree(&mine));
    assert_eq!(entries(tmp.path()), BTreeSet::from(["mine".to_string()]));
    // A file.
    fs::write(tmp.path().join("file.txt"), "x").unwrap();
    let err = build_fails(root, &tmp.path().join("file.txt"), &[], 2);
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(fs::read(tmp.path().join("file.txt")).unwrap(), b"x");

    // An empty folder is fine; our own previous output is fine, and rebuilt cleanly.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build_ok(root, &empty, &[]);
    assert!(empty.join("index.html").is_file());
    let out = tmp.path().join("out");
    build_ok(root, &out, &[]);
    fs::write(out.join("stale.html"), "古いページ").unwrap();
    build_ok(root, &out, &[]);
    assert!(out.join("2023/somu/index.html").is_file());
    assert!(
        !out.join("stale.html").exists(),
        "the previous output was not replaced"
    );
    assert_eq!(
        entries(tmp.path()),
        BTreeSet::from([
            "empty".to_string(),
            "file.txt".to_string(),
            "mine".to_string(),
            "out".to_string()
        ])
    );
    // The default output folder (site.yaml's output_dir under the root) is fine too.
    let mut cmd = build_cmd(root, &[]);
    cmd.assert().success();
    assert!(root.join("public/2023/somu/index.html").is_file());
    let mut cmd = build_cmd(root, &[]);
    cmd.assert().success();
}

// ---------------------------------------------------------------------------------------
// 8. base_url with a path
// ---------------------------------------------------------------------------------------

#[test]
fn base_url_with_a_path() {
    let f = draft_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // Given without the trailing slash: one is added.
    build_ok(
        f.root(),
        &out,
        &["--base-url", "https://example.jp/city/manifesto"],
    );
    let base = "https://example.jp/city/manifesto/";

    let page = read(&out, "2022/somu/index.html");
    let canonical: Vec<String> = tags(&page)
        .into_iter()
        .filter(|t| t.name == "link" && t.attr("rel") == Some("canonical"))
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect();
    assert_eq!(canonical, vec![format!("{base}2022/somu/")]);
    let home = read(&out, "index.html");
    assert!(
        home.contains(&format!("<link rel=\"canonical\" href=\"{base}\">")),
        "{home}"
    );

    let sitemap = read(&out, "sitemap.xml");
    let locs = sitemap_locs(&sitemap);
    assert!(!locs.is_empty());
    for loc in &locs {
        assert!(loc.starts_with(base), "{loc}");
    }
    assert!(locs.contains(&format!("{base}2022/somu/")), "{locs:?}");
    assert!(
        !sitemap.contains("www.city.example.lg.jp"),
        "site.yaml's base_url leaked: {sitemap}"
    );
    assert!(read(&out, "robots.txt").contains(&format!("Sitemap: {base}sitemap.xml")));

    // 404.html is served at any depth: its links start with the base path.
    let not_found = read(&out, "404.html");
    let links: Vec<String> = tags(&not_found)
        .into_iter()
        .flat_map(|t| {
            ["href", "src"]
                .into_iter()
                .filter_map(|a| t.attr(a).map(str::to_string))
                .collect::<Vec<_>>()
        })
        .filter(|u| !u.starts_with('#'))
        .collect();
    assert!(links.iter().any(|u| u == "/city/manifesto/"), "{links:?}");
    assert!(
        links.iter().any(|u| u == "/city/manifesto/theme/style.css"),
        "{links:?}"
    );
    for u in &links {
        assert!(u.starts_with("/city/manifesto/"), "404.html link {u}");
    }
    // Every other page links relatively (check_links rejects root-relative links there).
    assert_no_problems(check_links(&out, "/city/manifesto/"));
    for p in pages(&out) {
        if p == "404.html" {
            continue;
        }
        let html = read(&out, &p);
        for t in tags(&html) {
            for a in ["href", "src"] {
                if let Some(u) = t.attr(a) {
                    let canonical = t.name == "link" && t.attr("rel") == Some("canonical");
                    assert!(
                        canonical || !u.starts_with("https://example.jp") && !u.starts_with('/'),
                        "{p}: absolute internal link {u}"
                    );
                }
            }
        }
    }

    // A base URL that is not http(s) is a usage error.
    let err = build_fails(
        f.root(),
        &tmp.path().join("x"),
        &["--base-url", "example.jp/city/"],
        2,
    );
    assert!(err.contains("--base-url"), "{err}");
    assert!(!tmp.path().join("x").exists());
}

// ---------------------------------------------------------------------------------------
// 9. Previous/next year and continued goals
// ---------------------------------------------------------------------------------------

fn history_fixture() -> Fixture {
    let f = Fixture::new();
    f.write(
        "content/2021/somu.yaml",
        &manifesto(
            "somu",
            "伊賀 太郎",
            "",
            &[
                goal("二〇二一年の目標一", ""),
                goal("二〇二一年の目標二", ""),
            ],
        ),
    )
    .write(
        "content/2022/kikaku.yaml",
        &manifesto("kikaku", "甲賀 花子", "", &[goal("企画の目標", "")]),
    )
    .write(
        "content/2023/somu.yaml",
        &manifesto(
            "somu",
            "名張 次郎",
            "",
            &[
                goal("二〇二三年の目標一", ""),
                goal("二〇二三年の目標二", "    continues: 2021/somu/2\n"),
            ],
        ),
    )
    .write(
        "content/2024/somu.yaml",
        &manifesto(
            "somu",
            "名張 次郎",
            "",
            &[goal("二〇二四年の目標一", "    continues: 2023/somu/2\n")],
        ),
    );
    f
}

/// The `href` of the `<a>` whose attribute `attr` is `value`.
fn link_with(html: &str, attr: &str, value: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|t| t.name == "a" && t.attr(attr) == Some(value))
        .and_then(|t| t.attr("href").map(str::to_string))
}

#[test]
fn previous_and_next_years_and_continued_goals_are_linked() {
    let f = history_fixture();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    assert_no_problems(check_links(&out, "/manifesto/"));

    let p2021 = read(&out, "2021/somu/index.html");
    let p2023 = read(&out, "2023/somu/index.html");
    let p2024 = read(&out, "2024/somu/index.html");
    // Previous/next skip the year without a somu manifesto (2022).
    assert_eq!(link_with(&p2021, "rel", "prev"), None);
    assert_eq!(
        link_with(&p2021, "rel", "next").as_deref(),
        Some("../../2023/somu/")
    );
    assert_eq!(
        link_with(&p2023, "rel", "prev").as_deref(),
        Some("../../2021/somu/")
    );
    assert_eq!(
        link_with(&p2023, "rel", "next").as_deref(),
        Some("../../2024/somu/")
    );
    assert_eq!(
        link_with(&p2024, "rel", "prev").as_deref(),
        Some("../../2023/somu/")
    );
    assert_eq!(link_with(&p2024, "rel", "next"), None);
    let p2022 = read(&out, "2022/kikaku/index.html");
    assert_eq!(link_with(&p2022, "rel", "prev"), None);
    assert_eq!(link_with(&p2022, "rel", "next"), None);

    // 2023 goal 2 continues 2021 goal 2: the link sits in goal 2's section.
    let goal2 = p2023
        .split("id=\"goal-2\"")
        .nth(1)
        .expect("goal-2 section")
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        hrefs(goal2).iter().any(|h| h == "../../2021/somu/#goal-2"),
        "no continues link in goal 2: {goal2}"
    );
    assert!(goal2.contains("二〇二一年の目標二"), "{goal2}");
    let goal1 = p2023
        .split("id=\"goal-1\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        !goal1.contains("2021/somu/#goal"),
        "goal 1 continues nothing: {goal1}"
    );

    // The reverse link on the earlier page, in goal 2's section, and a chain onwards.
    let earlier = p2021
        .split("id=\"goal-2\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(
        hrefs(earlier)
            .iter()
            .any(|h| h == "../../2023/somu/#goal-2"),
        "no continued-by link on 2021 goal 2: {earlier}"
    );
    assert!(earlier.contains("二〇二三年の目標二"), "{earlier}");
    let first = p2021
        .split("id=\"goal-1\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(!first.contains("2023/somu/#goal"), "{first}");
    let goal2_2023 = goal2;
    assert!(
        hrefs(goal2_2023)
            .iter()
            .any(|h| h == "../../2024/somu/#goal-1"),
        "2023 goal 2 is continued by 2024 goal 1: {goal2_2023}"
    );
}

#[test]
fn history_follows_renamed_departments() {
    // somu was reorganised into soumu-dx (a new id that lists the old one): the pages of
    // both ids link to each other as previous/next year.
    let f = Fixture::new();
    f.write(
        "content/departments.yaml",
        "- id: soumu-dx\n  name: 総務DX部\n  renamed_from: [somu]\n- id: kikaku\n  name: 企画部\n",
    )
    .write(
        "content/2022/somu.yaml",
        &manifesto(
            "somu",
            "伊賀 太郎",
            "department_name: 総務部\n",
            &[goal("旧部の目標", "")],
        ),
    )
    .write(
        "content/2023/soumu-dx.yaml",
        &manifesto(
            "soumu-dx",
            "名張 次郎",
            "",
            &[goal("新部の目標", "    continues: 2022/somu/1\n")],
        ),
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    assert_no_problems(check_links(&out, "/manifesto/"));
    let old = read(&out, "2022/somu/index.html");
    let new = read(&out, "2023/soumu-dx/index.html");
    assert_eq!(
        link_with(&old, "rel", "next").as_deref(),
        Some("../../2023/soumu-dx/")
    );
    assert_eq!(
        link_with(&new, "rel", "prev").as_deref(),
        Some("../../2022/somu/")
    );
    assert!(
        hrefs(&new).iter().any(|h| h == "../../2022/somu/#goal-1"),
        "{new}"
    );
    assert!(
        hrefs(&old)
            .iter()
            .any(|h| h == "../../2023/soumu-dx/#goal-1"),
        "{old}"
    );
}

// ---------------------------------------------------------------------------------------
// 10. Names of that year, theme overrides
// ---------------------------------------------------------------------------------------

/// The text inside the page's h1.
fn h1_text(html: &str) -> String {
    let inner = html.split("<h1").nth(1).expect("an h1");
    let inner = &inner[inner.find('>').unwrap() + 1..];
    let inner = inner.split("</h1>").next().unwrap();
    // Text only: drop the tags inside the heading.
    let mut text = String::new();
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}

#[test]
fn the_department_name_of_that_year_is_shown() {
    let f = Fixture::new();
    f.write(
        "content/departments.yaml",
        "- id: somu\n  name: 総務DX部\n- id: kikaku\n  name: 企画部\n",
    )
    .write(
        "content/2022/somu.yaml",
        &manifesto(
            "somu",
            "伊賀 太郎",
            "department_name: 総務部\n",
            &[goal("旧名の年の目標", "")],
        ),
    )
    .write(
        "content/2023/somu.yaml",
        &manifesto("somu", "名張 次郎", "", &[goal("新名の年の目標", "")]),
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);

    let old = read(&out, "2022/somu/index.html");
    let heading = h1_text(&old);
    assert!(
        heading.ends_with(" 総務部") && heading.contains("2022（令和4）年度"),
        "{heading}"
    );
    assert!(
        old.contains("現在の名称：総務DX部"),
        "the current name is not mentioned: {old}"
    );
    let title = old
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(title.starts_with("総務部 "), "{title}");
    let new = read(&out, "2023/somu/index.html");
    let heading = h1_text(&new);
    assert!(heading.ends_with(" 総務DX部"), "{heading}");
    assert!(!new.contains("現在の名称"), "{new}");
    // Links between the years name each year's department as it was called then.
    let prev = new
        .split("rel=\"prev\">")
        .nth(1)
        .unwrap()
        .split("</a>")
        .next()
        .unwrap();
    assert!(
        prev.contains("総務部") && !prev.contains("総務DX部"),
        "{prev}"
    );
    let next = old
        .split("rel=\"next\">")
        .nth(1)
        .unwrap()
        .split("</a>")
        .next()
        .unwrap();
    assert!(next.contains("総務DX部"), "{next}");
    // The year's card too.
    let year = read(&out, "2022/index.html");
    assert!(year.contains(">総務部</a>"), "{year}");
    assert!(!year.contains("総務DX部</a>"), "{year}");
}

#[test]
fn a_site_theme_overrides_a_builtin_template() {
    let f = Fixture::simple();
    f.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>見つかりません</h1><p>OVERRIDE-MARKER-404 {{ site.title }}</p><p><a href=\"{{ root }}\">トップへ</a></p>{% endblock main %}",
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    let not_found = read(&out, "404.html");
    assert!(
        not_found.contains("OVERRIDE-MARKER-404 テスト市 部局マニフェスト"),
        "{not_found}"
    );
    assert!(
        !not_found.contains("お探しのページは移動したか"),
        "the built-in 404 was used"
    );
    // The override extends the built-in base: the page frame is still there.
    assert_no_problems(check_page("404.html", &not_found));
    // Other pages still use the built-in templates.
    let page = read(&out, "2023/somu/index.html");
    assert!(!page.contains("OVERRIDE-MARKER-404"));
    assert!(page.contains("窓口手続のオンライン化"));
    // A theme's static file overrides the built-in one.
    f.write("themes/default/static/style.css", "/* OVERRIDE-CSS */\n");
    let out2 = tmp.path().join("out2");
    build_ok(f.root(), &out2, &[]);
    assert_eq!(read(&out2, "theme/style.css"), "/* OVERRIDE-CSS */\n");
    assert!(out2.join("theme/print.css").is_file());
}

// ---------------------------------------------------------------------------------------
// 11. Japanese Markdown in fields
// ---------------------------------------------------------------------------------------

#[test]
fn markdown_lists_tables_and_headings_in_fields() {
    let f = Fixture::new();
    let goal_text = "  - mission: |
      # 使命の見出し

      市民に信頼される市役所をつくる。
    title: 窓口手続のオンライン化
    current: |
      # 現状の見出し

      - 窓口の手続は年間１２万件
      - オンライン完結は１割

      | 区分 | 件数 |
      |---|---:|
      | 窓口 | １０万件 |
      | オンライン | ２万件 |
    target: |
      1. オンライン完結を３割にする
      2. 待ち時間を半分にする
    outcome: 市民が来庁せずに手続を終えられる。**重要**です。
    means: |
      ## 手段の小見出し

      申請フォームを整え、電子決済を導入する[^1]。

      [^1]: 令和５年度の予算による。
    evaluation:
      self: 3
      reason: |
        # 理由の見出し

        達成した。
";
    f.write(
        "content/2023/somu.md",
        &format!(
            "---\n{}---\n# 部長からのメッセージ\n\n市民の皆さまへ。\n",
            manifesto(
                "somu",
                "伊賀 太郎",
                "motto: \"# 抱負の見出し\"\n",
                &[goal_text.to_string()]
            )
        ),
    );
    f.write(
        "site.yaml",
        &format!("{SITE_YAML}contact_note: |\n  # 問い合わせ\n\n  総務課まで。\n"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    let page = read(&out, "2023/somu/index.html");

    assert!(page.contains("<ul>"), "{page}");
    assert!(page.contains("<li>窓口の手続は年間１２万件</li>"), "{page}");
    assert!(page.contains("<ol>"), "{page}");
    assert!(page.contains("<table>"), "{page}");
    assert!(
        page.contains("<th style=\"text-align: right\">件数</th>") || page.contains("件数</th>"),
        "{page}"
    );
    assert!(page.contains("<td>オンライン</td>"), "{page}");
    assert!(page.contains("<strong>重要</strong>"), "{page}");
    assert!(
        page.contains("市民の皆さまへ。"),
        "the .md body is missing: {page}"
    );
    assert!(
        page.contains("令和５年度の予算による。"),
        "the footnote is missing: {page}"
    );

    assert_eq!(count_tags(&page, "h1"), 1, "{page}");
    for heading in [
        "使命の見出し",
        "現状の見出し",
        "手段の小見出し",
        "理由の見出し",
        "抱負の見出し",
        "部長からのメッセージ",
        "問い合わせ",
    ] {
        assert!(page.contains(heading), "{heading} is missing");
        assert!(
            !page.contains(&format!("<h1>{heading}</h1>")),
            "{heading} became an h1"
        );
    }
    for p in pages(&out) {
        assert_eq!(count_tags(&read(&out, &p), "h1"), 1, "{p}");
    }
    assert_no_problems(check_links(&out, "/manifesto/"));
}

// ---------------------------------------------------------------------------------------
// The checkers themselves: they must catch what they are meant to catch.
// ---------------------------------------------------------------------------------------

#[test]
fn the_page_checkers_catch_broken_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let page = |title: &str, body: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"ja\"><head><title>{title}</title></head><body><a class=\"skip-link\" href=\"#main\">本文へ</a><main id=\"main\"><h1>{title}</h1>{body}</main></body></html>"
        )
    };
    fs::create_dir_all(out.join("2023/somu")).unwrap();
    fs::create_dir_all(out.join("photos")).unwrap();
    fs::write(out.join("photos/a-120.jpg"), b"jpg").unwrap();
    fs::write(
        out.join("index.html"),
        page(
            "トップ",
            "<a href=\"./2023/\">年度</a><a href=\"2023/somu/#goal-1\">目標</a><a href=\"https://example.jp/\">外部</a><a href=\"mailto:a@example.jp\">メール</a>",
        ),
    )
    .unwrap();
    fs::write(
        out.join("2023/index.html"),
        page(
            "年度",
            "<a href=\"../2023/somu/#goal-9\">ない目標</a><a href=\"../2022/\">ない年度</a><a href=\"../../outside/\">外</a><img src=\"../photos/a-120.jpg\" srcset=\"../photos/a-120.jpg 120w, ../photos/a-240.jpg 240w\" alt=\"\">",
        ),
    )
    .unwrap();
    fs::write(
        out.join("2023/somu/index.html"),
        page(
            "総務部",
            "<section id=\"goal-1\"><h3>飛んだ見出し</h3></section><a href=\"/2023/\">絶対パス</a><h1>二つ目</h1><img src=\"x.png\"><div id=\"main\"></div><img src=\"\" alt=\"空\">",
        ),
    )
    .unwrap();
    fs::write(
        out.join("404.html"),
        page(
            "404",
            "<a href=\"/other/\">外</a><a href=\"/manifesto/2023/\">年度</a>",
        ),
    )
    .unwrap();
    let problems = check_links(out, "/manifesto/").join("\n");
    for expected in [
        "2023/index.html: ../2023/somu/#goal-9: no id=\"goal-9\"",
        "2023/index.html: ../2022/ → 2022/index.html does not exist",
        "2023/index.html: ../../outside/ leaves the output folder",
        "2023/index.html: ../photos/a-240.jpg → photos/a-240.jpg does not exist",
        "2023/somu/index.html: root-relative link /2023/",
        "2023/somu/index.html: x.png → 2023/somu/x.png does not exist",
        "404.html: /other/ is outside the base path /manifesto/",
        "2023/somu/index.html: <img src=\"\">",
    ] {
        assert!(
            problems.contains(expected),
            "missed: {expected}\n{problems}"
        );
    }
    assert_eq!(problems.lines().count(), 8, "{problems}");

    let somu = read(out, "2023/somu/index.html");
    let problems = check_page("2023/somu/index.html", &somu).join("\n");
    assert!(problems.contains("2 <h1> elements"), "{problems}");
    assert!(problems.contains("<h3> follows <h1>"), "{problems}");
    assert!(problems.contains("<img> without alt"), "{problems}");
    assert!(problems.contains("duplicate id=\"main\""), "{problems}");
    let no_lang = "<html><body><a href=\"x\">x</a><h1>a</h1></body></html>";
    let problems = check_page("x.html", no_lang).join("\n");
    assert!(problems.contains("lang"), "{problems}");
    assert!(problems.contains("skip link"), "{problems}");
    assert!(problems.contains("<main id=\"main\">"), "{problems}");

    // The safety check rejects real markup and accepts escaped text.
    let escaped = "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p><img alt=\"&quot; onerror=&quot;x\" src=\"a.png\">";
    assert_safe("ok.html", escaped);
    for bad in [
        "<p><script>alert(1)</script></p>",
        "<p><img src=x onerror=alert(1)></p>",
        "<p><IMG SRC=x OnError=alert(1)></p>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" java&#x09;script:alert(1)\">x</a>",
        "<a href='JaVaScRiPt:alert(1)'>x</a>",
        "<svg onload=alert(1)>",
    ] {
        let caught = std::panic::catch_unwind(|| assert_safe("bad.html", bad)).is_err();
        assert!(caught, "assert_safe let through: {bad}");
    }
}

#[test]
fn footnotes_in_several_fields_keep_the_page_ids_unique() {
    let f = Fixture::new();
    let with_note = |title: &str, note: &str| {
        goal(
            title,
            &format!(
                "    background: |\n      経緯[^1]と[^main]と[^goal-1]。\n\n      [^1]: {note}の注一\n\n      [^main]: {note}の注main\n\n      [^goal-1]: {note}の注goal\n    challenges: |\n      課題[^1]。\n\n      [^1]: {note}の課題の注\n"
            ),
        )
    };
    f.write(
        "content/2023/somu.yaml",
        &manifesto(
            "somu",
            "伊賀 太郎",
            "motto: \"抱負[^1]\\n\\n[^1]: 抱負の注\"\n",
            &[with_note("目標一", "一"), with_note("目標二", "二")],
        ),
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_ok(f.root(), &out, &[]);
    let page = read(&out, "2023/somu/index.html");
    for note in [
        "一の注一",
        "一の注main",
        "一の注goal",
        "一の課題の注",
        "二の注一",
        "二の注main",
        "二の課題の注",
        "抱負の注",
    ] {
        assert!(page.contains(note), "{note} is missing");
    }
    assert_no_problems(check_page("2023/somu/index.html", &page));
    // Every footnote link leads to its own note (check_links checks the fragments).
    assert_no_problems(check_links(&out, "/manifesto/"));
    let main_ids = tags(&page)
        .iter()
        .filter(|t| t.attr("id") == Some("main"))
        .count();
    assert_eq!(main_ids, 1);
}
