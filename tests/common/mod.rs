//! A small fixture-site builder for the integration tests: a minimal valid site in a
//! temporary folder that each test changes file by file, and helpers to run
//! `manifesto check` on it and to find where in a fixture text a problem must be reported.

#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Component, Path, PathBuf};
use tempfile::TempDir;

pub const SITE_YAML: &str = "\
title: テスト市 部局マニフェスト
organization: テスト市
base_url: https://www.city.example.lg.jp/manifesto/
";

pub const DEPARTMENTS_YAML: &str = "\
- id: somu
  name: 総務部
  kana: そうむぶ
- id: kikaku
  name: 企画部
  kana: きかくぶ
";

pub const YEAR_YAML: &str = "published: 2023-05-15\n";

/// The top of a manifesto: everything before `goals:`.
pub const HEAD: &str = "\
department: somu
head:
  title: 部長
  name: 伊賀 太郎
";

/// One complete goal, as an item of `goals:` (no `continues:`, no evaluation).
pub const GOAL: &str = "  - mission: 市民に信頼される市役所をつくる。
    title: 窓口手続のオンライン化
    current: 窓口の手続は年間12万件あり、オンラインで完結するものは1割である。
    target: 2024年3月までにオンラインで完結する手続を3割にする。
    outcome: 市民が来庁せずに手続を終えられる。
    means: 申請フォームを整え、電子決済を導入する。
";

/// A valid 3×4 grey PNG, written as each fixture manifesto's head photo so that the clean
/// site has no "no head photo" warning.
pub const PHOTO_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x03\x00\x00\x00\x04\x08\x02\x00\x00\x00\xc4\x4f\x12\x50\x00\x00\x00\x0e\x49\x44\x41\x54\x78\xda\x63\x68\x80\x01\x06\xbc\x2c\x00\x68\x37\x12\x01\x00\x95\x8b\x97\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/// A complete goal item like [`GOAL`] with the given title and extra lines (already
/// indented by four spaces, e.g. `    continues: 2022/somu/1\n`).
pub fn goal_titled(title: &str, extra: &str) -> String {
    format!(
        "  - mission: 市民に信頼される市役所をつくる。
    title: {title}
    current: 窓口の手続は年間12万件あり、オンラインで完結するものは1割である。
    target: 年度末までにオンラインで完結する手続を3割にする。
    outcome: 市民が来庁せずに手続を終えられる。
    means: 申請フォームを整え、電子決済を導入する。
{extra}"
    )
}

/// A manifesto with the given goal blocks (each like [`GOAL`]).
pub fn manifesto(goals: &[&str]) -> String {
    let mut text = format!("{HEAD}goals:\n");
    for g in goals {
        text.push_str(g);
    }
    text
}

/// The one valid manifesto of the fixture: somu, FY2023, one goal.
pub fn valid_manifesto() -> String {
    manifesto(&[GOAL])
}

/// A temporary site. Dropping it deletes the folder.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// The minimal valid site: site.yaml, a register with somu and kikaku, FY2023 with
    /// `_year.yaml` and `somu.yaml`, and somu's head photo.
    pub fn new() -> Site {
        let site = Site::empty();
        site.write("site.yaml", SITE_YAML)
            .write("content/departments.yaml", DEPARTMENTS_YAML)
            .write("content/2023/_year.yaml", YEAR_YAML)
            .write("content/2023/somu.yaml", valid_manifesto())
            .photo("2023", "somu");
        site
    }

    /// Give the manifesto of `fy`/`dept` a head photo at the default location.
    pub fn photo(&self, fy: &str, dept: &str) -> &Site {
        self.write(&format!("assets/photos/{fy}/{dept}.png"), PHOTO_PNG)
    }

    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Write (or overwrite) a file, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Site {
        std::fs::remove_file(self.file(rel)).unwrap();
        self
    }

    pub fn mkdir(&self, rel: &str) -> &Site {
        std::fs::create_dir_all(self.file(rel)).unwrap();
        self
    }

    /// Run `manifesto check --root <site>`.
    pub fn check(&self) -> Checked {
        check_dir(self.path())
    }

    /// Run `manifesto check --root <site> ARGS…`.
    pub fn check_with(&self, args: &[&str]) -> Checked {
        run_check(self.path(), args)
    }
}

/// Run `manifesto check --root DIR`; fails the test at once if the program panicked.
pub fn check_dir(dir: &Path) -> Checked {
    run_check(dir, &[])
}

fn run_check(dir: &Path, args: &[&str]) -> Checked {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

/// Run `manifesto --root <dir> <args>` from `dir`; fails the test if it panicked.
pub fn run_in(dir: &Path, args: &[&str]) -> Checked {
    let output = Command::cargo_bin("manifesto")
        .unwrap()
        .current_dir(dir)
        .arg("--root")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    let checked = Checked {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !checked.stderr.contains("panicked") && !checked.stdout.contains("panicked"),
        "manifesto panicked:\n{checked}"
    );
    checked
}

/// The outcome of one `manifesto check` run.
pub struct Checked {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code: {:?}\n--- stderr ---\n{}--- stdout ---\n{}",
            self.code, self.stderr, self.stdout
        )
    }
}

impl Checked {
    pub fn code(&self, expected: i32) -> &Checked {
        assert_eq!(
            self.code,
            Some(expected),
            "expected exit code {expected}\n{self}"
        );
        self
    }

    pub fn contains(&self, needle: &str) -> &Checked {
        assert!(
            self.stderr.contains(needle),
            "stderr does not contain {needle:?}\n{self}"
        );
        self
    }

    pub fn lacks(&self, needle: &str) -> &Checked {
        assert!(
            !self.stderr.contains(needle),
            "stderr contains {needle:?}\n{self}"
        );
        self
    }

    /// The diagnostics' first lines (`path:line:col: error: …` or `path: error: …`).
    pub fn headlines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .filter(|l| !l.starts_with(' '))
            .collect()
    }

    pub fn errors(&self) -> Vec<&str> {
        self.headlines()
            .into_iter()
            .filter(|l| l.contains(": error: "))
            .collect()
    }

    /// Assert an error at `path:line:col` whose message contains every one of `parts`;
    /// returns the whole rendered diagnostic (headline, quoted line, caret, notes).
    pub fn error_at(&self, path: &str, (line, col): (u32, u32), parts: &[&str]) -> String {
        self.diag_at("error", path, Some((line, col)), parts)
    }

    pub fn warning_at(&self, path: &str, (line, col): (u32, u32), parts: &[&str]) -> String {
        self.diag_at("warning", path, Some((line, col)), parts)
    }

    /// Assert an error on `line` of `path` (any column) whose message contains `parts`.
    pub fn error_on_line(&self, path: &str, line: u32, parts: &[&str]) -> String {
        let prefix = format!("{path}:{line}:");
        self.blocks()
            .into_iter()
            .find(|b| {
                b.starts_with(&prefix)
                    && b.lines().next().unwrap_or("").contains(": error: ")
                    && parts.iter().all(|p| b.contains(p))
            })
            .unwrap_or_else(|| panic!("no error on {path}:{line} containing {parts:?}\n{self}"))
    }

    /// Assert an error about a whole file or folder (`path: error: …`).
    pub fn file_error(&self, path: &str, parts: &[&str]) -> String {
        self.diag_at("error", path, None, parts)
    }

    fn diag_at(
        &self,
        severity: &str,
        path: &str,
        pos: Option<(u32, u32)>,
        parts: &[&str],
    ) -> String {
        let prefix = match pos {
            Some((line, col)) => format!("{path}:{line}:{col}: {severity}: "),
            None => format!("{path}: {severity}: "),
        };
        let blocks = self.blocks();
        let found = blocks
            .iter()
            .find(|b| b.starts_with(&prefix) && parts.iter().all(|p| b.contains(p)));
        match found {
            Some(b) => b.clone(),
            None => {
                panic!("no diagnostic starting with {prefix:?} and containing {parts:?}\n{self}")
            }
        }
    }

    /// Each diagnostic with its quoted line, caret and notes.
    pub fn blocks(&self) -> Vec<String> {
        let mut blocks: Vec<String> = Vec::new();
        for line in self.stderr.lines() {
            let starts_new = !line.starts_with(' ')
                && (line.contains(": error: ") || line.contains(": warning: "));
            if starts_new {
                blocks.push(String::new());
            } else if line.starts_with("checked ") {
                break;
            }
            if let Some(b) = blocks.last_mut() {
                b.push_str(line);
                b.push('\n');
            }
        }
        blocks
    }
}

/// The 1-based line and column (in characters) where `needle` first occurs in `text`.
pub fn at(text: &str, needle: &str) -> (u32, u32) {
    at_nth(text, needle, 1)
}

/// The 1-based line and column of the `n`th (1-based) occurrence of `needle`.
pub fn at_nth(text: &str, needle: &str, n: usize) -> (u32, u32) {
    let (offset, _) = text
        .match_indices(needle)
        .nth(n - 1)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {n} times in:\n{text}"));
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() as u32 + 1;
    (line, col)
}

/// Shorthand for a position written in a test.
pub fn pos(line: u32, col: u32) -> (u32, u32) {
    (line, col)
}

/// A relative link of a built page, as the file it names: `../../2023/somu/` on page `2021/somu/index.html` → `2023/somu/index.html`; `None`
/// when the path leaves the output folder.
pub fn resolve_link(page: &str, link_path: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    if link_path.is_empty() {
        return Some(page.to_string());
    }
    for c in Path::new(link_path).components() {
        match c {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_str()?),
            _ => return None,
        }
    }
    let mut joined = parts.join("/");
    if link_path.ends_with('/') || link_path == "." || link_path.ends_with("/.") {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}
