//! Integration tests of `manifesto archive <FY>` and `manifesto archive --verify`, and of
//! how `build` and `check` treat a snapshot: the binary runs on fixture sites in temporary
//! folders, and the snapshot, the manifest and the built site are read back file by file.

mod common;

use common::{Checked, GOAL, HEAD, Site};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Run `manifesto --root <site> ARGS…` in the site folder.
fn run(site: &Site, args: &[&str]) -> Checked {
    common::run_in(site.path(), args)
}

/// Every file under `dir`, by `/`-separated relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// The diagnostic (with its notes) whose first line starts with `headline`.
fn diag(c: &Checked, headline: &str) -> String {
    c.blocks()
        .into_iter()
        .find(|b| b.starts_with(headline))
        .unwrap_or_else(|| panic!("no diagnostic starting with {headline:?}\n{c}"))
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The fixture site (FY2023: somu with its photo) plus FY2021 with kikaku, so that the
/// archived year has a neighbour whose pages keep changing.
fn two_years() -> Site {
    let site = Site::new();
    site.write("content/2021/_year.yaml", "published: 2021-05-10\n")
        .write(
            "content/2021/kikaku.yaml",
            format!("department: kikaku\nhead:\n  title: 部長\n  name: 企画 花子\ngoals:\n{GOAL}"),
        )
        .photo("2021", "kikaku");
    site
}

fn archive_ok(site: &Site, fy: &str) -> Checked {
    let c = run(site, &["archive", fy]);
    c.code(0);
    c
}

#[test]
fn archive_writes_a_self_contained_snapshot_with_a_sha256sum_manifest() {
    let site = two_years();
    archive_ok(&site, "2023").contains("archived into archive/2023/");
    let snap = site.file("archive/2023");
    let files = tree(&snap);
    for f in [
        "index.html",
        "somu/index.html",
        "_assets/theme/style.css",
        "_assets/theme/print.css",
        "SHA256SUMS",
        "SOURCES.sha256",
    ] {
        assert!(files.contains_key(f), "{f} missing from {:?}", files.keys());
    }
    assert!(
        files
            .keys()
            .any(|f| f.starts_with("_assets/photos/") && f.ends_with(".jpg")),
        "no photo copied: {:?}",
        files.keys()
    );
    // Nothing of other years, nothing site-wide, no temporary folder left.
    assert!(
        !files
            .keys()
            .any(|f| f.contains("2021") || f == "sitemap.xml")
    );
    let leftovers: Vec<_> = fs::read_dir(site.file("archive"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["2023"]);

    // The manifest: `<sha256>  <path>` for every other file, sorted, checkable by hand.
    let manifest = String::from_utf8(files["SHA256SUMS"].clone()).unwrap();
    let listed: Vec<(&str, &str)> = manifest
        .lines()
        .map(|l| {
            l.split_once("  ")
                .expect("two spaces between hash and path")
        })
        .collect();
    let paths: Vec<&str> = listed.iter().map(|(_, p)| *p).collect();
    let mut expected: Vec<&str> = files
        .keys()
        .map(String::as_str)
        .filter(|f| *f != "SHA256SUMS")
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    for (hash, path) in &listed {
        assert_eq!(*hash, sha256(&files[*path]), "hash of {path}");
    }
    // The records office's own tool agrees, where it is installed.
    if let Ok(out) = std::process::Command::new("sha256sum")
        .args(["--strict", "-c", "SHA256SUMS"])
        .current_dir(&snap)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    // The sources record: the year's content and the photo it uses, site-relative.
    let sources = String::from_utf8(files["SOURCES.sha256"].clone()).unwrap();
    let source_paths: Vec<&str> = sources.lines().map(|l| &l[66..]).collect();
    assert_eq!(
        source_paths,
        [
            "assets/photos/2023/somu.png",
            "content/2023/_year.yaml",
            "content/2023/somu.yaml"
        ]
    );
    let verified = run(&site, &["archive", "--verify"]);
    verified.code(0).contains("verified 1 snapshot");
}

/// Links of the snapshot's pages: every relative link either names a file of the
/// snapshot, or leaves it upwards with `../` (the top page, other years: they resolve
/// where the snapshot is published at /<FY>/). Stylesheets and images never leave it.
#[test]
fn every_link_of_the_snapshot_resolves_inside_it_or_leaves_with_dot_dot() {
    let site = two_years();
    // A second department, so that the year page links to two pages.
    site.write(
        "content/2023/kikaku.yaml",
        format!("department: kikaku\nhead:\n  title: 部長\n  name: 企画 次郎\ngoals:\n{GOAL}"),
    )
    .photo("2023", "kikaku");
    archive_ok(&site, "2023");
    let snap = site.file("archive/2023");
    let files = tree(&snap);
    let mut inside = 0;
    let mut outside = 0;
    for (page, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for (attr, url) in urls(&html) {
            if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                continue;
            }
            assert!(!url.starts_with('/'), "{page}: root-absolute link {url}");
            let path = url.split(['#', '?']).next().unwrap();
            match common::resolve_link(page, path) {
                Some(target) => {
                    inside += 1;
                    assert!(
                        files.contains_key(&target),
                        "{page}: {attr}=\"{url}\" → {target}, not a file of the snapshot"
                    );
                }
                None => {
                    outside += 1;
                    assert!(url.starts_with("../"), "{page}: {url}");
                    assert_eq!(attr, "href", "{page}: an asset outside the snapshot: {url}");
                }
            }
        }
    }
    assert!(
        inside >= 10 && outside >= 2,
        "inside {inside}, outside {outside}"
    );
    // The year page links straight to the department pages.
    let year = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(year.contains("href=\"somu/index.html\""), "{year}");
    assert!(year.contains("href=\"kikaku/index.html\""), "{year}");
}

/// (attribute, URL) of every href, src and srcset candidate.
fn urls(html: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for attr in ["href", "src", "srcset"] {
        let needle = format!(" {attr}=\"");
        for (i, _) in html.match_indices(&needle) {
            let value = &html[i + needle.len()..];
            let value = &value[..value.find('"').unwrap()];
            if attr == "srcset" {
                for candidate in value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    found.push((attr, url.replace("&amp;", "&")));
                }
            } else {
                found.push((attr, value.replace("&amp;", "&")));
            }
        }
    }
    found
}

#[test]
fn verify_names_every_changed_missing_and_extra_file_and_build_refuses_them() {
    let site = two_years();
    archive_ok(&site, "2023");
    site.write("archive/2023/index.html", "<p>書き換えられた</p>")
        .remove("archive/2023/somu/index.html")
        .write("archive/2023/extra.html", "<p>追加</p>");
    let verified = run(&site, &["archive", "--verify"]);
    verified.code(1);
    verified.file_error(
        "archive/2023/index.html",
        &["changed since it was archived"],
    );
    verified.file_error("archive/2023/somu/index.html", &["missing"]);
    verified.file_error("archive/2023/extra.html", &["extra", "does not list"]);
    verified.contains("verify failed: 3 differences in 1 snapshot");

    // A build never publishes a tampered snapshot; it says which file and writes nothing.
    let built = run(&site, &["build"]);
    built.code(1);
    built.file_error(
        "archive/2023/index.html",
        &["changed since it was archived"],
    );
    assert!(!site.file("public").exists());

    // A snapshot without its manifest cannot be trusted either.
    let other = two_years();
    archive_ok(&other, "2023");
    other.remove("archive/2023/SHA256SUMS");
    let verified = run(&other, &["archive", "--verify"]);
    verified.code(1);
    verified.file_error(
        "archive/2023/SHA256SUMS",
        &["cannot read the snapshot's manifest"],
    );
}

#[test]
fn an_existing_snapshot_is_replaced_only_with_force() {
    let site = two_years();
    archive_ok(&site, "2023");
    let before = tree(&site.file("archive/2023"));
    site.write(
        "content/2023/somu.yaml",
        common::valid_manifesto().replace("伊賀 太郎", "伊賀 次郎"),
    );
    let refused = run(&site, &["archive", "2023"]);
    refused
        .code(2)
        .contains("already archived")
        .contains("--force");
    assert_eq!(
        tree(&site.file("archive/2023")),
        before,
        "refusal changed the snapshot"
    );

    run(&site, &["archive", "2023", "--force"])
        .code(0)
        .contains("archived again");
    let after = tree(&site.file("archive/2023"));
    let page = String::from_utf8(after["somu/index.html"].clone()).unwrap();
    assert!(page.contains("伊賀 次郎") && !page.contains("伊賀 太郎"));
    run(&site, &["archive", "--verify"]).code(0);
    let names: Vec<_> = fs::read_dir(site.file("archive"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2023"], "temporary folders left behind");
}

#[test]
fn refuses_drafts_unknown_years_and_content_errors_and_writes_nothing() {
    let site = two_years();
    site.write(
        "content/2023/_year.yaml",
        "published: 2023-05-15\ndraft: true\n",
    );
    run(&site, &["archive", "2023"])
        .code(1)
        .contains("2023（令和5）年度 is a draft year");
    assert!(!site.file("archive/2023").exists());

    let site = two_years();
    site.write(
        "content/2023/somu.yaml",
        format!("{HEAD}draft: true\ngoals:\n{GOAL}"),
    );
    run(&site, &["archive", "2023"])
        .code(1)
        .contains("all its manifestos are drafts (somu)");
    assert!(!site.file("archive/2023").exists());

    run(&site, &["archive", "2019"])
        .code(2)
        .contains("there is no fiscal year 2019")
        .contains("the site has 2021, 2023");
    run(&site, &["archive", "令和5"])
        .code(2)
        .contains("is not a fiscal year");
    run(&site, &["archive"]).code(2);

    // A year whose content has errors is not archived (nor built).
    site.write("content/2021/kikaku.yaml", "department: kikaku\nhead: [\n");
    run(&site, &["archive", "2021"])
        .code(1)
        .contains("archive failed")
        .contains("content/2021/kikaku.yaml:");
    assert!(!site.file("archive/2021").exists());
    let leftovers = fs::read_dir(site.file("archive"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(leftovers, 0, "temporary folder left behind");
}

/// The heart of it: after a theme change and content edits, the archived year is
/// published exactly as archived, while the other year changes and the site-wide pages
/// still list the archived year.
#[test]
fn later_builds_publish_the_snapshot_byte_for_byte_after_a_theme_change() {
    let site = two_years();
    archive_ok(&site, "2023");
    let snapshot = tree(&site.file("archive/2023"));

    // A new look: an overridden template and stylesheet; and an edit of the archived year.
    let base = include_str!("../themes/default/templates/base.html");
    site.write(
        "themes/default/templates/base.html",
        base.replace(
            "<main id=\"main\"",
            "<p class=\"new-banner\">新デザイン</p>\n<main id=\"main\"",
        ),
    )
    .write(
        "themes/default/static/style.css",
        "body { color: #111; } /* 新しいテーマ */\n",
    )
    .write(
        "content/2023/somu.yaml",
        common::valid_manifesto().replace("窓口手続のオンライン化", "書き換えた目標"),
    );
    let built = run(&site, &["build"]);
    built
        .code(0)
        .contains("published 2023 from archive/ unchanged");
    let public = site.file("public");
    assert_eq!(
        tree(&public.join("2023")),
        snapshot,
        "/2023/ differs from the snapshot"
    );

    // Other pages took the change.
    let other = fs::read_to_string(public.join("2021/kikaku/index.html")).unwrap();
    assert!(other.contains("新デザイン"));
    let top = fs::read_to_string(public.join("index.html")).unwrap();
    assert!(top.contains("新デザイン"));
    assert!(
        fs::read_to_string(public.join("theme/style.css"))
            .unwrap()
            .contains("新しいテーマ")
    );
    // The archived year is still listed site-wide and in the sitemap.
    assert!(top.contains("href=\"./2023/\""), "{top}");
    assert!(other.contains("href=\"../../2023/\""));
    let sitemap = fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("manifesto/2023/somu/</loc>"), "{sitemap}");
    // The archived pages kept their old look and text.
    let archived = fs::read_to_string(public.join("2023/somu/index.html")).unwrap();
    assert!(!archived.contains("新デザイン") && !archived.contains("書き換えた目標"));
    assert!(archived.contains("窓口手続のオンライン化"));

    // And again: every later build gives the same bytes at /2023/.
    run(&site, &["build"]).code(0);
    assert_eq!(tree(&public.join("2023")), snapshot);
    run(&site, &["archive", "--verify"]).code(0);
}

#[test]
fn check_warns_when_an_archived_years_sources_change() {
    let site = two_years();
    archive_ok(&site, "2023");
    run(&site, &["check"]).code(0).lacks("archived");

    site.write(
        "content/2023/somu.yaml",
        common::valid_manifesto().replace("伊賀 太郎", "伊賀 次郎"),
    )
    .write(
        "content/2023/kikaku.yaml",
        format!("department: kikaku\nhead:\n  title: 部長\n  name: 企画 次郎\ngoals:\n{GOAL}"),
    )
    .photo("2023", "kikaku")
    // Editing another year is none of the archive's business.
    .write(
        "content/2021/kikaku.yaml",
        format!("department: kikaku\nhead:\n  title: 部長\n  name: 企画 三郎\ngoals:\n{GOAL}"),
    );
    let checked = run(&site, &["check"]);
    checked.code(0);
    let changed = diag(
        &checked,
        "content/2023/somu.yaml: warning: changed since 2023（令和5）年度 was archived",
    );
    assert!(changed.contains("archive 2023 --force"), "{changed}");
    diag(
        &checked,
        "content/2023/kikaku.yaml: warning: added since 2023（令和5）年度 was archived",
    );
    diag(
        &checked,
        "assets/photos/2023/kikaku.png: warning: added since",
    );
    checked.lacks("content/2021/kikaku.yaml: warning");
    run(&site, &["check", "--strict"]).code(1);

    site.remove("assets/photos/2023/somu.png");
    let checked = run(&site, &["check"]);
    checked.code(0);
    diag(
        &checked,
        "assets/photos/2023/somu.png: warning: deleted or moved since 2023（令和5）年度 was archived",
    );
}

#[test]
fn zip_is_reproducible_and_holds_the_snapshot_under_the_year() {
    let site = two_years();
    run(&site, &["archive", "2023", "--zip", "a.zip"])
        .code(0)
        .contains("reproducible");
    // The snapshot exists: --zip alone zips it as it is, after checking it.
    let touched = site.file("archive/2023/index.html");
    fs::File::options()
        .write(true)
        .open(&touched)
        .unwrap()
        .set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(7 * 86_400))
        .unwrap();
    run(&site, &["archive", "2023", "--zip", "b.zip"])
        .code(0)
        .contains("is intact");
    let a = fs::read(site.file("a.zip")).unwrap();
    let b = fs::read(site.file("b.zip")).unwrap();
    assert_eq!(a, b, "two zips of the same snapshot differ");

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(a)).unwrap();
    let snapshot = tree(&site.file("archive/2023"));
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries not sorted");
    let expected: Vec<String> = snapshot.keys().map(|k| format!("2023/{k}")).collect();
    assert_eq!(sorted, expected);
    for (rel, bytes) in &snapshot {
        let mut entry = zip.by_name(&format!("2023/{rel}")).unwrap();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        assert_eq!(&content, bytes, "{rel}");
    }

    // Never into the snapshot itself; never from a tampered snapshot.
    run(&site, &["archive", "2023", "--zip", "archive/2023/x.zip"])
        .code(2)
        .contains("extra file");
    site.write("archive/2023/index.html", "tampered");
    run(&site, &["archive", "2023", "--zip", "c.zip"])
        .code(1)
        .contains("changed since it was archived");
    assert!(!site.file("c.zip").exists());
}

#[test]
fn the_archive_folder_is_never_an_output_folder_and_never_content() {
    let site = two_years();
    archive_ok(&site, "2023");
    run(&site, &["build", "-o", "archive/site"])
        .code(2)
        .contains("inside the site's archive/ folder");
    run(&site, &["build", "-o", "archive"]).code(2);
    // Snapshots are not read as content: check sees two years, no problem.
    run(&site, &["check"])
        .code(0)
        .contains("in 2 fiscal years: 0 errors, 0 warnings");
}

#[test]
fn verify_with_no_snapshots_says_so() {
    let site = two_years();
    run(&site, &["archive", "--verify"])
        .code(0)
        .contains("no snapshots in archive/");
}

/// A theme's own files follow the year into the snapshot when its templates reference
/// them through `asset_root`; a template that bypasses it is named in a warning.
#[test]
fn theme_files_go_into_the_snapshot_and_bypassing_asset_root_is_warned() {
    let site = two_years();
    let base = include_str!("../themes/default/templates/base.html");
    site.write(
        "themes/default/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .write(
        "themes/default/templates/base.html",
        base.replace(
            "<main id=\"main\"",
            "<img src=\"{{ asset_root }}theme/logo.svg\" alt=\"市章\"><main id=\"main\"",
        ),
    );
    let archived = run(&site, &["archive", "2023"]);
    archived.code(0).lacks("outside the snapshot");
    assert!(site.file("archive/2023/_assets/theme/logo.svg").is_file());
    let page = fs::read_to_string(site.file("archive/2023/somu/index.html")).unwrap();
    assert!(page.contains("src=\"../_assets/theme/logo.svg\""));

    site.write(
        "themes/default/templates/base.html",
        base.replace(
            "<main id=\"main\"",
            "<img src=\"{{ root }}theme/logo.svg\" alt=\"市章\"><main id=\"main\"",
        ),
    );
    let archived = run(&site, &["archive", "2023", "--force"]);
    archived.code(0);
    let warning = diag(
        &archived,
        "archive/2023/somu/index.html: warning: loads ../../theme/logo.svg from outside the snapshot",
    );
    assert!(warning.contains("asset_root"), "{warning}");
}

/// The same sources give the same snapshot, byte for byte: archiving is deterministic, so
/// `--force` without changes leaves the records office's copy valid.
#[test]
fn archiving_unchanged_sources_again_gives_the_same_snapshot() {
    let site = two_years();
    archive_ok(&site, "2023");
    let first = tree(&site.file("archive/2023"));
    run(&site, &["archive", "2023", "--force"]).code(0);
    assert_eq!(tree(&site.file("archive/2023")), first);
}
