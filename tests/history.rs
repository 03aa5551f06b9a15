//! The year-over-year pages (`/departments/`, `/departments/<dept>/`, `/trends/`,
//! `/policies/…`) on a fixture city with three years, a renamed department, an
//! abolished one, a scale change (5 levels, then a 6-level leader scale), a goal carried
//! over three years across the rename, another across departments, and indicators in
//! both directions. The assertions read the built HTML: numbers, links, chains, matrix
//! cells and the charts' accessible names.

mod common;

use assert_cmd::Command;
use common::Site;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

const REGISTER: &str = "\
- id: somu-dx
  name: 総務DX部
  order: 10
  renamed_from: [somu]
- id: kikaku
  name: 企画部
  order: 20
- id: digital
  name: デジタル推進局
  order: 30
  abolished: 2023
";

const POLICIES: &str = "\
- code: \"7-1\"
  title: 市民参画と情報発信
- code: \"7-5\"
  title: デジタル自治
";

/// FY2023: the default 5-level self scale and a 6-level leader scale (as the FY2026
/// example site), with the same scores for levels that mean the same.
const YEAR_2023: &str = "\
published: 2023-05-15
scales:
  leader:
    label: 指導者評価（業績目標の標語）
    levels:
      - {key: 6, label: 目標としていた達成水準を上回る成果を出した(100%超), score: 0.85, achieved: true}
      - {key: 5, label: 目標としていた達成水準に到達した(100%), score: 0.7, achieved: true}
      - {key: 4, label: わずかに目標の達成水準に達しなかった(90%以上100%未満), score: 0.55, achieved: false}
      - {key: 3, label: 目標の達成水準には届かなかった(60%以上90%未満), score: 0.35, achieved: false}
      - {key: 2, label: 目標の達成水準までは遠い結果となった(60%未満), score: 0.15, achieved: false}
      - {key: 1, label: 目標達成のための取り組みが見られなかった, score: 0.0, achieved: false}
";

fn goal(title: &str, extra: &str) -> String {
    common::goal_titled(title, extra)
}

fn eval(self_key: Option<u32>, leader: Option<u32>) -> String {
    let mut s = String::from("    evaluation:\n");
    if let Some(k) = self_key {
        s.push_str(&format!("      self: {k}\n"));
    }
    if let Some(k) = leader {
        s.push_str(&format!("      leader: {k}\n"));
    }
    s.push_str("      reason: 年度末の振り返り。\n");
    s
}

fn indicator(name: &str, unit: &str, target: f64, actual: f64, better: &str) -> String {
    format!(
        "    indicators:\n      - name: {name}\n        unit: \"{unit}\"\n        target: {target}\n        actual: {actual}\n        better: {better}\n"
    )
}

fn manifesto(dept: &str, head: &str, top: &str, goals: &[String]) -> String {
    let mut text =
        format!("department: {dept}\nhead:\n  title: 部長\n  name: {head}\n{top}goals:\n");
    for g in goals {
        text.push_str(g);
    }
    text
}

fn city() -> Site {
    let site = Site::empty();
    site.write("site.yaml", common::SITE_YAML)
        .write("content/departments.yaml", REGISTER)
        .write("content/policies.yaml", POLICIES)
        .write("content/2021/_year.yaml", "published: 2021-05-17\n")
        .write("content/2022/_year.yaml", "published: 2022-05-16\n")
        .write("content/2023/_year.yaml", YEAR_2023);
    let online = |t: f64, a: f64| indicator("窓口のオンライン化率", "%", t, a, "higher");
    let rank = |a: f64| indicator("待ち時間の全国順位", "位", 100.0, a, "lower");
    // 総務部 (filed as somu) in 2021 and 2022, 総務DX部 (somu-dx) from 2023.
    site.write(
        "content/2021/somu.yaml",
        manifesto(
            "somu",
            "伊賀 太郎",
            "department_name: 総務部\n",
            &[
                goal(
                    "窓口のオンライン化",
                    &format!(
                        "    policy: 7-1-①\n{}{}",
                        online(30.0, 20.0),
                        eval(Some(2), None)
                    ),
                ),
                goal("職員研修の充実", &eval(Some(4), None)),
            ],
        ),
    )
    .write(
        "content/2022/somu.yaml",
        manifesto(
            "somu",
            "伊賀 太郎",
            "department_name: 総務部\n",
            &[
                goal(
                    "窓口のオンライン化の拡大",
                    &format!(
                        "    continues: 2021/somu/1\n{}{}",
                        online(40.0, 35.0),
                        eval(Some(3), None)
                    ),
                ),
                goal("働きやすい職場", &eval(Some(3), None)),
            ],
        ),
    )
    .write(
        "content/2023/somu-dx.yaml",
        manifesto(
            "somu-dx",
            "名張 花子",
            "",
            &[
                goal(
                    "窓口のオンライン完結",
                    &format!(
                        "    policy: 7-1・②\n    continues: 2022/somu/1\n{}{}",
                        online(50.0, 50.0),
                        eval(Some(4), Some(6))
                    ),
                ),
                goal("庁内DXの推進", &eval(Some(5), Some(4))),
                goal(
                    "行政手続のデジタル化",
                    &format!("    continues: 2022/digital/1\n{}", eval(Some(2), Some(3))),
                ),
            ],
        ),
    )
    // 企画部: a rank (lower is better) over three years, the last year not evaluated.
    .write(
        "content/2021/kikaku.yaml",
        manifesto(
            "kikaku",
            "甲賀 次郎",
            "",
            &[goal(
                "待ち時間の短縮",
                &format!("{}{}", rank(120.0), eval(Some(1), None)),
            )],
        ),
    )
    .write(
        "content/2022/kikaku.yaml",
        manifesto(
            "kikaku",
            "甲賀 次郎",
            "",
            &[goal(
                "待ち時間のさらなる短縮",
                &format!("    policy: 3-2\n{}{}", rank(90.0), eval(Some(5), None)),
            )],
        ),
    )
    .write(
        "content/2023/kikaku.yaml",
        manifesto(
            "kikaku",
            "甲賀 次郎",
            "",
            &[goal("待ち時間の維持", &rank(95.0))],
        ),
    )
    // デジタル推進局: abolished from 2023; its 2022 goal is carried on by 総務DX部.
    .write(
        "content/2021/digital.yaml",
        manifesto(
            "digital",
            "上野 三郎",
            "",
            &[goal("デジタル化計画の策定", &eval(Some(3), None))],
        ),
    )
    .write(
        "content/2022/digital.yaml",
        manifesto(
            "digital",
            "上野 三郎",
            "",
            &[goal(
                "デジタル化計画の実行",
                &format!("    policy: 7-5-①\n{}", eval(Some(2), None)),
            )],
        ),
    );
    for (fy, dept) in [
        ("2021", "somu"),
        ("2022", "somu"),
        ("2023", "somu-dx"),
        ("2021", "kikaku"),
        ("2022", "kikaku"),
        ("2023", "kikaku"),
        ("2021", "digital"),
        ("2022", "digital"),
    ] {
        site.photo(fy, dept);
    }
    site
}

fn build(root: &Path, out: &Path) {
    let output = Command::cargo_bin("manifesto")
        .unwrap()
        .arg("--root")
        .arg(root)
        .arg("build")
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "build failed ({:?}):\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// The text of an HTML fragment: tags dropped, whitespace runs made one space.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the element with `id="<id>"` to the end of the next
/// `</section>` (or `</tr>` for a row), for assertions about one part of a page.
fn part<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in page:\n{html}"));
    let rest = &html[from..];
    &rest[..rest.find(end).map(|i| i + end.len()).unwrap_or(rest.len())]
}

/// Every value of `attr="…"` in `html`, in order.
fn attrs(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let v = &html[i + needle.len()..];
            v[..v.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// Every HTML file under `out`, site-relative.
fn pages(out: &Path) -> Vec<String> {
    let mut list = Vec::new();
    for e in walk(out) {
        if e.ends_with(".html") {
            list.push(e);
        }
    }
    list
}

fn walk(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push(rel);
            }
        }
    }
    files.sort();
    files
}

/// Every relative `href`/`src` of every page resolves to a file, and its `#fragment` to
/// an id of that file.
fn broken_links(out: &Path) -> Vec<String> {
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for page in pages(out) {
        if page == "404.html" {
            continue;
        }
        let html = read(out, &page);
        for url in attrs(&html, "href").into_iter().chain(attrs(&html, "src")) {
            if url.starts_with("https://") || url.starts_with("http://") {
                continue;
            }
            let (path, frag) = url.split_once('#').unwrap_or((&url, ""));
            // `style.css?v=…`: the query only busts caches; the file is the path.
            let path = path.split_once('?').map_or(path, |(p, _)| p);
            let target = if path.is_empty() {
                Some(page.clone())
            } else {
                common::resolve_link(&page, path)
            };
            let Some(target) = target.filter(|t| out.join(t).is_file()) else {
                problems.push(format!("{page}: {url} does not exist"));
                continue;
            };
            if !frag.is_empty() {
                let list = ids
                    .entry(target.clone())
                    .or_insert_with(|| attrs(&read(out, &target), "id"));
                if !list.iter().any(|i| i == frag) {
                    problems.push(format!("{page}: {url}: no id {frag} in {target}"));
                }
            }
        }
    }
    problems
}

struct Built {
    _site: Site,
    _tmp: tempfile::TempDir,
    out: std::path::PathBuf,
}

fn built() -> Built {
    let site = city();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(site.path(), &out);
    Built {
        _site: site,
        _tmp: tmp,
        out,
    }
}

#[test]
fn every_history_page_exists_and_every_link_resolves() {
    let b = built();
    for page in [
        "departments/index.html",
        "departments/somu-dx/index.html",
        "departments/kikaku/index.html",
        "departments/digital/index.html",
        "trends/index.html",
        "policies/index.html",
        "policies/7-1/index.html",
        "policies/7-5/index.html",
        "policies/3-2/index.html",
    ] {
        assert!(b.out.join(page).is_file(), "{page} is missing");
    }
    // The old id has no history page of its own: its years are on somu-dx's.
    assert!(!b.out.join("departments/somu").exists());
    let problems = broken_links(&b.out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every history page is in the sitemap.
    let sitemap = read(&b.out, "sitemap.xml");
    for p in [
        "departments/",
        "departments/digital/",
        "trends/",
        "policies/3-2/",
    ] {
        assert!(
            sitemap.contains(&format!("manifesto/{p}</loc>")),
            "sitemap lacks {p}"
        );
    }
}

#[test]
fn pages_link_to_the_history_views() {
    let b = built();
    let top = read(&b.out, "index.html");
    let links = attrs(&top, "href");
    assert!(links.iter().any(|l| l == "./trends/"), "{links:?}");
    assert!(links.iter().any(|l| l == "./departments/"), "{links:?}");
    // Every page's navigation has 部局一覧 and 推移.
    let nav = part(
        &read(&b.out, "2022/kikaku/index.html"),
        "class=\"site-nav\"",
        "</nav>",
    )
    .to_string();
    assert!(
        nav.contains("href=\"../../departments/\"") && nav.contains("部局一覧"),
        "{nav}"
    );
    assert!(
        nav.contains("href=\"../../trends/\"") && nav.contains("推移"),
        "{nav}"
    );
    // A manifesto filed under the old id links to the history of the renamed department.
    for (page, history) in [
        ("2021/somu/index.html", "../../departments/somu-dx/"),
        ("2023/somu-dx/index.html", "../../departments/somu-dx/"),
        ("2022/digital/index.html", "../../departments/digital/"),
    ] {
        let html = read(&b.out, page);
        assert!(
            attrs(&html, "href").iter().any(|h| h == history),
            "{page} does not link to {history}"
        );
    }
    // A goal's policy code links to its policy page (7-1-① → 7-1).
    let html = read(&b.out, "2021/somu/index.html");
    assert!(html.contains("<a href=\"../../policies/7-1/\">7-1-①</a>"));
}

#[test]
fn the_register_lists_every_department_with_renames_and_abolition() {
    let b = built();
    let html = read(&b.out, "departments/index.html");
    let rows: Vec<String> = html
        .split("<tr>")
        .skip(2)
        .map(|r| text(r.split("</tr>").next().unwrap()))
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[0].starts_with("総務DX部"), "{}", rows[0]);
    assert!(
        rows[0].contains("2021（令和3）年度（総務部）"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("以前の名称：総務部"), "{}", rows[0]);
    // 2023: self 4, 5, 2 → (85 + 100 + 35) / 3 = 73.
    assert!(rows[0].contains("73点"), "{}", rows[0]);
    assert!(rows[2].starts_with("デジタル推進局"), "{}", rows[2]);
    assert!(rows[2].contains("2023（令和5）年度に廃止"), "{}", rows[2]);
    assert!(
        attrs(&html, "href")
            .iter()
            .any(|h| h == "../departments/digital/")
    );
}

/// The `<tr>` of the score table whose row header starts with the year.
fn score_row(html: &str, fy: &str) -> String {
    let table = part(
        html,
        "class=\"data-table stack-table score-table\"",
        "</table>",
    );
    table
        .split("<tr>")
        .find(|r| text(r).starts_with(fy))
        .map(|r| text(r.split("</tr>").next().unwrap()))
        .unwrap_or_else(|| panic!("no row for {fy} in {table}"))
}

#[test]
fn a_department_page_shows_scores_per_year_across_the_rename_and_the_scale_change() {
    let b = built();
    let html = read(&b.out, "departments/somu-dx/index.html");
    // 2021: self 2 (35) and 4 (85) → 60, one of two achieved.
    let r2021 = score_row(&html, "2021");
    assert!(r2021.contains("総務部"), "{r2021}");
    assert!(r2021.contains("1／2"), "{r2021}");
    assert!(r2021.contains("50%") && r2021.contains("60 点"), "{r2021}");
    // 2022: 3 and 3 → 70 (+10).
    let r2022 = score_row(&html, "2022");
    assert!(r2022.contains("2／2") && r2022.contains("70 点"), "{r2022}");
    assert!(r2022.contains("↑ +10"), "{r2022}");
    // 2023 under the new name; self 4, 5, 2 → 73 (+3); the leader scale (6, 4, 3 →
    // 85, 55, 35 → 58, one achieved) is its own column, not mixed into the score.
    let r2023 = score_row(&html, "2023");
    assert!(r2023.contains("総務DX部 部長 名張 花子"), "{r2023}");
    assert!(r2023.contains("2／3") && r2023.contains("73 点"), "{r2023}");
    assert!(r2023.contains("↑ +3"), "{r2023}");
    assert!(r2023.contains("1／3達成 ・ 58点"), "{r2023}");
    assert!(
        r2021.ends_with("この年度はなし"),
        "no leader scale in 2021: {r2021}"
    );

    // The overview answers "is it getting better?".
    let overview = text(part(&html, "id=\"overview-heading\"", "</section>"));
    assert!(
        overview.contains("最新の評価（2023（令和5）年度）"),
        "{overview}"
    );
    assert!(overview.contains("スコアは +3点 （上昇）"), "{overview}");
    assert!(
        overview.contains("最初の評価（2021（令和3）年度）と比べると +13点 （上昇）"),
        "{overview}"
    );

    // The chart: an accessible SVG with a bar per year and the values as text.
    let svg = part(&html, "<svg", "</svg>");
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("aria-labelledby=\"score-chart-title score-chart-desc\""));
    assert!(svg.contains("<title id=\"score-chart-title\">総務DX部の年度ごとのスコア"));
    assert_eq!(svg.matches("<rect x=\"84\"").count(), 3, "{svg}");
    for t in [">60（1/2達成）<", ">70（2/2達成）<", ">73（2/3達成）<"] {
        assert!(svg.contains(t), "{t} not in {svg}");
    }
    // The scales of both kinds are explained with their scores.
    let note = text(part(&html, "id=\"score-note\"", "</section>"));
    assert!(note.contains("自己評価と混ぜて平均しません"), "{note}");
    assert!(
        note.contains("指導者評価（業績目標の標語） （2023（令和5）年度）"),
        "{note}"
    );
}

#[test]
fn the_timeline_shows_heads_renames_and_badges_newest_first() {
    let b = built();
    let html = read(&b.out, "departments/somu-dx/index.html");
    let timeline = part(&html, "id=\"timeline-heading\"", "id=\"chains-heading\"");
    let years: Vec<usize> = ["year-2023", "year-2022", "year-2021"]
        .iter()
        .map(|y| timeline.find(&format!("id=\"{y}\"")).unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "newest first");
    let y2023 = text(part(timeline, "id=\"year-2023\"", "</section>"));
    assert!(
        y2023.contains("名称変更 この年度から「総務DX部」（前年度までは「総務部」）"),
        "{y2023}"
    );
    assert!(y2023.contains("部長 名張 花子"), "{y2023}");
    assert!(
        y2023.contains("指導者評価 ✓") || y2023.contains("指導者評価 6"),
        "{y2023}"
    );
    let y2022 = part(timeline, "id=\"year-2022\"", "</section>");
    assert!(
        !text(y2022).contains("名称変更"),
        "no rename between 2021 and 2022"
    );
    assert!(
        y2022.contains("<img class=\"portrait\""),
        "a head photo per year"
    );
    assert!(
        text(y2022).contains("← 2021（令和3）年度 目標1から継続"),
        "{}",
        text(y2022)
    );
}

#[test]
fn goals_carried_over_are_shown_as_one_line_of_work() {
    let b = built();
    let html = read(&b.out, "departments/somu-dx/index.html");
    let chains = part(&html, "id=\"chains-heading\"", "id=\"indicators-heading\"");
    // The three-year line through the rename, oldest first, with links to each goal.
    let first = part(chains, "id=\"chain-1\"", "</section>");
    assert_eq!(
        attrs(first, "href"),
        [
            "../../2021/somu/#goal-1",
            "../../2022/somu/#goal-1",
            "../../2023/somu-dx/#goal-1"
        ]
    );
    let t = text(first);
    assert!(
        t.contains("窓口のオンライン完結"),
        "titled by its latest goal: {t}"
    );
    assert!(
        t.contains("2021（令和3）年度〜2023（令和5）年度・ 3年度"),
        "{t}"
    );
    assert!(
        t.contains("最新の状況： 2023（令和5）年度 目標1「窓口のオンライン完結」：達成（達成状況（自己評価） 4"),
        "{t}"
    );
    // The line from the abolished department names it.
    let second = part(chains, "id=\"chain-2\"", "</section>");
    assert_eq!(
        attrs(second, "href"),
        ["../../2022/digital/#goal-1", "../../2023/somu-dx/#goal-3"]
    );
    assert!(
        text(second).contains("2022（令和4）年度 デジタル推進局"),
        "{}",
        text(second)
    );
    // The abolished department's page shows the same line.
    let digital = read(&b.out, "departments/digital/index.html");
    assert!(digital.contains("この部局は2023（令和5）年度に廃止されました"));
    assert!(
        attrs(&digital, "href")
            .iter()
            .any(|h| h == "../../2023/somu-dx/#goal-3")
    );
}

/// The data rows of the indicator table captioned `name`.
fn indicator_rows(html: &str, name: &str) -> Vec<String> {
    let table = part(html, &format!("<caption>{name}"), "</table>");
    table
        .split("<tr>")
        .skip(2)
        .map(|r| text(r.split("</tr>").next().unwrap()))
        .collect()
}

#[test]
fn indicators_over_the_years_respect_their_direction() {
    let b = built();
    let somu = read(&b.out, "departments/somu-dx/index.html");
    let rows = indicator_rows(&somu, "窓口のオンライン化率");
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(
        rows[0].starts_with("2021（令和3）年度 目標1") && rows[0].contains("20% × 目標値に未到達"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("35% × 目標値に未到達 改善"), "{}", rows[1]);
    assert!(rows[2].contains("50% ○ 目標値に到達 改善"), "{}", rows[2]);
    // A rank: 120 → 90 is better, 90 → 95 worse; the target is 100位 or better.
    let kikaku = read(&b.out, "departments/kikaku/index.html");
    assert!(kikaku.contains(
        "待ち時間の全国順位（単位：位）<span class=\"indicator-series__better\">低いほど良い"
    ));
    let rows = indicator_rows(&kikaku, "待ち時間の全国順位");
    assert!(rows[0].contains("120位 × 目標値に未到達"), "{}", rows[0]);
    assert!(rows[1].contains("90位 ○ 目標値に到達 改善"), "{}", rows[1]);
    assert!(rows[2].contains("95位 ○ 目標値に到達 悪化"), "{}", rows[2]);
}

#[test]
fn trends_show_each_year_of_the_whole_city() {
    let b = built();
    let html = read(&b.out, "trends/index.html");
    let table = part(
        &html,
        "class=\"data-table stack-table trend-table\"",
        "</table>",
    );
    let rows: Vec<String> = table
        .split("<tr>")
        .skip(2)
        .map(|r| text(r.split("</tr>").next().unwrap()))
        .collect();
    // year, departments, goals, evaluated, achieved, share, score (the mean over goals:
    // 2021 = (35 + 85 + 0 + 70) / 4 = 47.5), leader.
    assert_eq!(
        rows,
        [
            "2021（令和3）年度 3 4 4 2 50% 48点 － この年度はなし",
            "2022（令和4）年度 3 4 4 3 75% 69点 － この年度はなし",
            "2023（令和5）年度 2 4 3 2 67% 73点 1／3達成 （ 33% ）・ 58点",
        ]
    );
    let svg = part(&html, "<svg", "</svg>");
    assert!(svg.contains("role=\"img\"") && svg.contains("<title id=\"share-chart-title\">"));
    for t in [">50%（2/4）<", ">75%（3/4）<", ">67%（2/3）<"] {
        assert!(svg.contains(t), "{t} not in {svg}");
    }
    // The 2023 distributions: the self scale's 5 levels and the leader scale's 6, each
    // with a chart and a table, never mixing keys.
    let y2023 = part(&html, "id=\"year-2023\"", "</section>");
    assert!(y2023.contains("<title id=\"dist-2023-self-title\">"));
    assert!(y2023.contains("<title id=\"dist-2023-leader-title\">"));
    let leader = part(
        y2023,
        "指導者評価（業績目標の標語）の段階別の目標数",
        "</table>",
    );
    assert_eq!(leader.matches("<tr><th scope=\"row\"").count(), 6);
    assert!(
        text(leader).contains("✓ 6 目標としていた達成水準を上回る成果を出した(100%超) 1 33%"),
        "{}",
        text(leader)
    );
    let own = part(y2023, "達成状況（自己評価）の段階別の目標数", "</table>");
    assert_eq!(own.matches("<tr><th scope=\"row\"").count(), 5);
    assert!(
        text(own).contains("△ 2 取り組んだが、業績目標を達成しなかった 1 33%"),
        "{}",
        text(own)
    );
    // The chart's bars are hatched for levels that are not achieved.
    assert!(y2023.contains("fill=\"url(#dist-2023-self-hatch)\""));
}

#[test]
fn the_matrix_writes_a_number_in_every_cell() {
    let b = built();
    let html = read(&b.out, "trends/index.html");
    let matrix = part(&html, "<table class=\"data-table matrix\">", "</table>");
    let rows: Vec<String> = matrix
        .split("<tr>")
        .skip(2)
        .map(|r| text(r.split("</tr>").next().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            "総務DX部 60 1/2 （2021（令和3）年度：2目標中1目標を達成） 70 2/2 （2022（令和4）年度：2目標中2目標を達成） 73 2/3 （2023（令和5）年度：3目標中2目標を達成）",
            "企画部 0 0/1 （2021（令和3）年度：1目標中0目標を達成） 100 1/1 （2022（令和4）年度：1目標中1目標を達成） 評価前 （2023（令和5）年度）",
            "デジタル推進局 2023（令和5）年度に廃止 70 1/1 （2021（令和3）年度：1目標中1目標を達成） 35 0/1 （2022（令和4）年度：1目標中0目標を達成） － マニフェストなし",
        ]
    );
    // Cells link to that year's manifesto (under the id it was filed as).
    let links = attrs(matrix, "href");
    assert!(links.contains(&"../2021/somu/".to_string()), "{links:?}");
    assert!(links.contains(&"../2023/kikaku/".to_string()), "{links:?}");
    // Tints follow the score band, with the number always written.
    assert!(matrix.contains("matrix__cell--scored matrix__cell--band-4\"><a href=\"../2022/kikaku/\"><span class=\"matrix__score\">100</span>"));
    assert!(matrix.contains("matrix__cell--scored matrix__cell--band-0\"><a href=\"../2021/kikaku/\"><span class=\"matrix__score\">0</span>"));
}

#[test]
fn policy_pages_gather_goals_across_departments_and_years() {
    let b = built();
    let index = text(&read(&b.out, "policies/index.html"));
    assert!(
        index.contains("7-1 市民参画と情報発信 2 1 2021（令和3）年度〜2023（令和5）年度"),
        "{index}"
    );
    assert!(
        index.contains("3-2 施策 3-2 施策一覧に未掲載 1 1 2022（令和4）年度"),
        "{index}"
    );
    let page = read(&b.out, "policies/7-1/index.html");
    let links = attrs(&page, "href");
    // 7-1-① (2021, 総務部) and 7-1・② (2023, 総務DX部), newest first.
    let a = links
        .iter()
        .position(|h| h == "../../2023/somu-dx/#goal-1")
        .unwrap();
    let c = links
        .iter()
        .position(|h| h == "../../2021/somu/#goal-1")
        .unwrap();
    assert!(a < c, "{links:?}");
    let t = text(&page);
    assert!(
        t.contains("総務部 目標1「窓口のオンライン化」 （施策・基本事業 7-1-① ）"),
        "{t}"
    );
    assert!(!t.contains("デジタル化計画"), "7-5 goals are not under 7-1");
    // Each goal links to its department's history, named by the current name.
    assert!(page.contains("href=\"../../departments/somu-dx/\">総務DX部の年度別の推移</a>"));
    let digital = text(&read(&b.out, "policies/7-5/index.html"));
    assert!(
        digital.contains("デジタル推進局 目標1「デジタル化計画の実行」"),
        "{digital}"
    );
}

#[test]
fn without_policies_yaml_there_are_no_policy_pages() {
    let site = city();
    site.remove("content/policies.yaml");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build(site.path(), &out);
    assert!(!out.join("policies").exists());
    let html = read(&out, "2021/somu/index.html");
    assert!(!html.contains("policies/"), "no policy links");
    assert!(out.join("departments/somu-dx/index.html").is_file());
    assert!(broken_links(&out).is_empty());
}

#[test]
fn history_pages_are_byte_identical_between_builds() {
    let site = city();
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(site.path(), &a);
    build(site.path(), &b);
    let files = walk(&a);
    assert_eq!(files, walk(&b));
    for f in files.iter().filter(|f| f.ends_with(".html")) {
        assert!(read(&a, f) == read(&b, f), "{f} differs between builds");
    }
}
