//! `manifesto init`, `manifesto new` and the writing-guide lint of `manifesto check`, run
//! as staff run them: the binary on sites in temporary folders.

use assert_cmd::Command;
use std::path::Path;
use tempfile::TempDir;

struct Run {
    code: Option<i32>,
    stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stderr ---\n{}",
            self.code, self.stderr
        )
    }
}

impl Run {
    fn code(&self, expected: i32) -> &Run {
        assert_eq!(self.code, Some(expected), "{self}");
        self
    }
    fn contains(&self, needle: &str) -> &Run {
        assert!(self.stderr.contains(needle), "no {needle:?} in\n{self}");
        self
    }
    fn lacks(&self, needle: &str) -> &Run {
        assert!(!self.stderr.contains(needle), "{needle:?} in\n{self}");
        self
    }
    /// The headline of the warning that carries `rule` and contains `part`.
    fn warning(&self, rule: &str, part: &str) -> String {
        self.stderr
            .lines()
            .find(|l| {
                l.contains(": warning: ") && l.ends_with(&format!("[{rule}]")) && l.contains(part)
            })
            .unwrap_or_else(|| panic!("no [{rule}] warning with {part:?} in\n{self}"))
            .to_string()
    }
    fn count(&self, rule: &str) -> usize {
        self.stderr
            .lines()
            .filter(|l| l.contains(": warning: ") && l.ends_with(&format!("[{rule}]")))
            .count()
    }
}

fn manifesto(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("manifesto")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: output.status.code(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{run}");
    run
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in\n{text}"))
        + 1
}

const SITE_YAML: &str = "title: テスト市 部局マニフェスト\norganization: テスト市\n";
const DEPARTMENTS_YAML: &str = "\
- id: somu
  name: 総務部
  kana: そうむぶ
- id: kikaku
  name: 企画部
  kana: きかくぶ
  renamed_from: [kikaku-seisaku]
";

/// FY2023 総務部 with two goals, evaluated; text chosen to need careful quoting.
const SOMU_2023: &str = r##"department: somu
head:
  title: 部長
  name: 伊賀 太郎
contact: "0595-22-9601"
goals:
  - mission: "市民の市政参画: 「開かれた市政」 #1 を進めます。"
    policy: 7-1-①･②
    title: '''伝わる'' 広報と市民の市政参画の促進'
    current: 満足度は51.3％である。
    target: 満足度を55％以上にする。
    outcome: 市民が必要な情報を得て、市政に意見を寄せている。
    means: |
      - 広報アンケートを実施する。
      - SNSで配信する。
    evaluation:
      self: 3
      reason: 満足度は49.4％だった。
  - mission: 市民の期待に応えられる組織・人づくりに取り組みます。
    policy: "7-3"
    title: |-
      人材確保
        と人材育成
    current: 応募者は年10人である。
    target: 応募者数を前年度比1.5倍にする。
    outcome: 必要な人材が確保され、市民サービスが安定している。
    means: 学校を訪問してPRする。
"##;

/// A site with FY2023 somu; the head photo is in place so that `--strict` is about the
/// text only.
fn site_with_2023() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "site.yaml", SITE_YAML);
    write(d, "content/departments.yaml", DEPARTMENTS_YAML);
    write(d, "content/2023/_year.yaml", "published: 2023-05-15\n");
    write(d, "content/2023/somu.yaml", SOMU_2023);
    write(
        d,
        "assets/photos/2023/somu.png",
        manifesto::authoring::placeholder_photo::png(),
    );
    dir
}

// ---------------------------------------------------------------------------------------
// init

#[test]
fn init_writes_a_site_that_checks_and_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let run = manifesto(tmp.path(), &["init", "city"]);
    run.code(0)
        .contains("created a manifesto site")
        .contains("site.yaml")
        .contains("content/departments.yaml");
    let site = tmp.path().join("city");
    let fy = std::fs::read_dir(site.join("content"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit()))
        .expect("a fiscal-year folder");
    for f in [
        "site.yaml".to_string(),
        "content/departments.yaml".into(),
        format!("content/{fy}/_year.yaml"),
        format!("content/{fy}/somu.yaml"),
        format!("assets/photos/{fy}/somu.png"),
    ] {
        assert!(site.join(&f).is_file(), "{f}");
    }
    let sheet = read(&site, &format!("content/{fy}/somu.yaml"));
    assert!(sheet.contains("# 組織使命"), "{sheet}");
    assert!(sheet.contains("〈現在の状態〉"), "{sheet}");

    manifesto(&site, &["check", "--strict"])
        .code(0)
        .contains("checked 1 manifesto in 1 fiscal year: 0 errors, 0 warnings");
    manifesto(&site, &["build"]).code(0).contains("built ");
    assert!(site.join(format!("public/{fy}/somu/index.html")).is_file());
}

#[test]
fn init_without_a_folder_uses_the_current_one() {
    let tmp = tempfile::tempdir().unwrap();
    manifesto(tmp.path(), &["init"]).code(0);
    assert!(tmp.path().join("site.yaml").is_file());
    manifesto(tmp.path(), &["check"])
        .code(0)
        .contains("0 errors");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "city/memo.txt", "x");
    manifesto(tmp.path(), &["init", "city"])
        .code(2)
        .contains("is not empty (memo.txt)");
    assert!(!tmp.path().join("city/site.yaml").exists());
    // Nor over an existing site.
    manifesto(tmp.path(), &["init", "city2"]).code(0);
    manifesto(tmp.path(), &["init", "city2"])
        .code(2)
        .contains("is not empty");
}

// ---------------------------------------------------------------------------------------
// new

#[test]
fn new_carries_last_years_goals_over_with_continues() {
    let site = site_with_2023();
    let d = site.path();
    manifesto(d, &["new", "2024", "somu"])
        .code(0)
        .contains("wrote content/2024/somu.yaml: 2 goals carried over from 2023（令和5）年度");
    let text = read(d, "content/2024/somu.yaml");
    assert!(text.contains("continues: 2023/somu/1"), "{text}");
    assert!(text.contains("continues: 2023/somu/2"), "{text}");
    assert!(text.contains("name: 伊賀 太郎"), "{text}");
    assert!(text.contains("draft: true"), "{text}");
    // Text that needs quoting in YAML is carried over as block scalars, unchanged.
    assert!(
        text.contains("      市民の市政参画: 「開かれた市政」 #1 を進めます。\n"),
        "{text}"
    );
    assert!(
        text.contains("      人材確保\n        と人材育成\n"),
        "{text}"
    );
    // The evaluation is not carried over: only its commented template.
    assert!(!text.contains("\n    evaluation:"), "{text}");
    assert!(!text.contains("49.4"), "{text}");

    // It loads, and check says exactly what is left to write, where.
    let run = manifesto(d, &["check"]);
    run.code(0).lacks(": error: ");
    assert_eq!(run.count("unfilled"), 8, "{run}");
    let current = line_of(&text, "    current: |-");
    assert!(
        run.warning("unfilled", "部局目標1の〈現在の状態〉（`current`）")
            .starts_with(&format!("content/2024/somu.yaml:{current}:5: warning: ")),
        "{run}"
    );
    run.warning("unfilled", "部局目標2の手段（`means`）");
    manifesto(d, &["check", "--strict"]).code(1);
}

#[test]
fn a_carried_over_sheet_once_written_checks_clean_and_builds() {
    let site = site_with_2023();
    let d = site.path();
    manifesto(d, &["new", "2024", "somu"]).code(0);
    let mut text = read(d, "content/2024/somu.yaml");
    for (i, answer) in [
        "満足度は49.4％である。",
        "満足度を55％以上にする。",
        "市民が必要な情報を得て、市政に意見を寄せている。",
        "- 広報アンケートを年2回実施する。",
        "応募者は前年度比3倍の30人である。",
        "応募者数を30人以上に保つ。",
        "必要な人材が確保され、市民サービスが安定している。",
        "- 学校を訪問してPRする。",
    ]
    .iter()
    .enumerate()
    {
        let placeholder = "\n      【未記入】\n";
        assert!(text.contains(placeholder), "placeholder {i} missing");
        text = text.replacen(placeholder, &format!("\n      {answer}\n"), 1);
    }
    assert!(!text.contains("      【未記入】"));
    text = text.replace("draft: true", "draft: false");
    write(d, "content/2024/somu.yaml", &text);
    write(
        d,
        "assets/photos/2024/somu.png",
        manifesto::authoring::placeholder_photo::png(),
    );
    manifesto(d, &["check", "--strict"])
        .code(0)
        .contains("checked 2 manifestos in 2 fiscal years: 0 errors, 0 warnings");
    manifesto(d, &["build"]).code(0);
    let page = read(d, "public/2024/somu/index.html");
    assert!(page.contains("満足度を55％以上にする。"));
    assert!(page.contains("人材確保"));
}

#[test]
fn new_without_an_earlier_sheet_starts_empty_and_check_names_every_field() {
    let site = site_with_2023();
    let d = site.path();
    manifesto(d, &["new", "2024", "kikaku"])
        .code(0)
        .contains("an empty sheet");
    let run = manifesto(d, &["check"]);
    run.code(0);
    run.warning("unfilled", "部局長の氏名（`head.name`）");
    run.warning("unfilled", "部局目標1の組織使命（`mission`）");
    run.warning("unfilled", "部局目標1の目標の表題（`title`）");
    assert_eq!(run.count("unfilled"), 8, "{run}");
}

#[test]
fn new_uses_the_years_own_headings() {
    let site = site_with_2023();
    let d = site.path();
    write(
        d,
        "content/2024/_year.yaml",
        "form:\n  current: 【現状分析】\n  target: 【目標数値】\n",
    );
    manifesto(d, &["new", "2024", "somu"])
        .code(0)
        .lacks("no content/2024/_year.yaml");
    let text = read(d, "content/2024/somu.yaml");
    assert!(text.contains("current: |-  # 【現状分析】"), "{text}");
    assert!(text.contains("target: |-  # 【目標数値】"), "{text}");
    manifesto(d, &["check"])
        .code(0)
        .contains("部局目標1の【現状分析】");
}

#[test]
fn new_refuses_an_unknown_department_with_a_suggestion() {
    let site = site_with_2023();
    manifesto(site.path(), &["new", "2024", "som"])
        .code(2)
        .contains("unknown department \"som\"")
        .contains("did you mean \"somu\"?");
    manifesto(site.path(), &["new", "2024", "kikaku-seisaku"])
        .code(2)
        .contains("earlier id of 企画部 (kikaku)");
    assert!(!site.path().join("content/2024").exists());
}

#[test]
fn new_refuses_an_existing_sheet() {
    let site = site_with_2023();
    let d = site.path();
    manifesto(d, &["new", "2023", "somu"])
        .code(2)
        .contains("content/2023/somu.yaml already exists");
    assert_eq!(read(d, "content/2023/somu.yaml"), SOMU_2023);
    write(d, "content/2024/somu.md", "---\n---\n");
    manifesto(d, &["new", "2024", "somu"])
        .code(2)
        .contains("content/2024/somu.md already exists");
}

#[test]
fn new_refuses_a_year_that_is_not_a_year() {
    let site = site_with_2023();
    manifesto(site.path(), &["new", "R6", "somu"])
        .code(2)
        .contains("\"R6\" is not a fiscal year");
}

#[test]
fn new_refuses_to_carry_over_from_a_sheet_with_errors() {
    let site = site_with_2023();
    let d = site.path();
    write(
        d,
        "content/2023/somu.yaml",
        SOMU_2023.replace("title: 部長", "titel: 部長"),
    );
    manifesto(d, &["new", "2024", "somu"])
        .code(1)
        .contains("content/2023/somu.yaml has errors");
    assert!(!d.join("content/2024/somu.yaml").exists());
}

#[test]
fn new_outside_a_site_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    manifesto(tmp.path(), &["new", "2024", "somu"])
        .code(2)
        .contains("no site.yaml");
}

// ---------------------------------------------------------------------------------------
// the writing-guide lint

/// The 2023 site with goal 2 of somu changed by `edit` (applied to SOMU_2023).
fn lint_site(edit: impl Fn(&str) -> String) -> (TempDir, String) {
    let site = site_with_2023();
    let text = edit(SOMU_2023);
    write(site.path(), "content/2023/somu.yaml", &text);
    (site, text)
}

#[test]
fn the_fixture_is_quiet() {
    let site = site_with_2023();
    manifesto(site.path(), &["check", "--strict"])
        .code(0)
        .contains("0 errors, 0 warnings");
}

#[test]
fn lint_warnings_have_position_rule_goal_field_and_the_guides_words() {
    let (site, text) = lint_site(|t| {
        t.replace(
            "current: 応募者は年10人である。",
            "current: 技術職員の確保が求められている。",
        )
    });
    let run = manifesto(site.path(), &["check"]);
    run.code(0).contains("0 errors, 1 warning");
    let line = line_of(&text, "確保が求められている");
    let w = run.warning(
        "current-not-factual",
        "部局目標2の〈現在の状態〉（`current`）",
    );
    assert!(
        w.starts_with(&format!("content/2023/somu.yaml:{line}:5: warning: ")),
        "{w}"
    );
    assert!(w.contains("「求められている」"), "{w}");
    run.contains("留意点「「求められている」や「必要となっている」という表現ではなく、客観的事実として記入してください。」")
        .contains("lint_ignore: [current-not-factual]");
    manifesto(site.path(), &["check", "--strict"]).code(1);
}

#[test]
fn lint_ignore_silences_the_rule_for_that_goal() {
    let (site, _) = lint_site(|t| {
        t.replace(
            "current: 応募者は年10人である。",
            "current: 技術職員の確保が求められている。\n    lint_ignore: [current-not-factual]",
        )
    });
    manifesto(site.path(), &["check", "--strict"])
        .code(0)
        .contains("0 errors, 0 warnings");
}

#[test]
fn an_unknown_rule_in_lint_ignore_is_a_warning_with_did_you_mean() {
    let (site, text) = lint_site(|t| {
        t.replace(
            "means: 学校を訪問してPRする。",
            "means: 学校を訪問してPRする。\n    lint_ignore: [target-vague-verbs]",
        )
    });
    let run = manifesto(site.path(), &["check"]);
    let line = line_of(&text, "target-vague-verbs");
    run.code(0)
        .contains(&format!(
            "content/2023/somu.yaml:{line}:19: warning: unknown rule \"target-vague-verbs\" in `lint_ignore` of 部局目標2"
        ))
        .contains("did you mean \"target-vague-verb\"?");
}

#[test]
fn vague_targets_full_width_measures_and_deadlines() {
    let (site, _) = lint_site(|t| {
        t.replace(
            "target: 応募者数を前年度比1.5倍にする。",
            "target: 技術職員の確保に努める。\n    deadline: 2024-04",
        )
        .replace(
            "target: 満足度を55％以上にする。",
            "target: 満足度を５５％以上にする。",
        )
    });
    let run = manifesto(site.path(), &["check"]);
    run.code(0);
    run.warning(
        "target-vague-verb",
        "部局目標2の〈達成目標〉（`target`）: 「努める」",
    );
    run.warning("deadline-outside-year", "期日 2024-04 は2023（令和5）年度");
    // The deadline counts as a date: the target is not "unmeasurable" as well.
    assert_eq!(run.count("target-not-measurable"), 0, "{run}");
    // ５５％ (full-width) is a measure: goal 1 is quiet.
    run.lacks("部局目標1の");
}

#[test]
fn evaluation_and_reason_come_in_pairs() {
    let (site, _) = lint_site(|t| t.replace("      reason: 満足度は49.4％だった。\n", ""));
    manifesto(site.path(), &["check"])
        .code(0)
        .contains("[evaluation-without-reason]");
    let (site, _) = lint_site(|t| t.replace("      self: 3\n", ""));
    manifesto(site.path(), &["check"])
        .code(0)
        .contains("[reason-without-evaluation]");
}

/// The seeds' own sheets: which rules fire on them is a judgement recorded in the README.
#[test]
fn the_example_sites_warnings_are_the_ones_judged_right() {
    let run = manifesto(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    run.code(0);
    // FY2023 総務部 goal 6: 〈現在の状態〉 says 「求められている」 and 「必要がある」.
    run.warning("current-not-factual", "部局目標6の〈現在の状態〉");
    run.warning(
        "target-vague-verb",
        "部局目標6の〈達成目標〉（`target`）: 「図る」",
    );
    // FY2026 総務部 goal 4: 効果的な投票環境整備 under 持続可能な投票環境の整備を図ります.
    run.warning("title-repeats-mission", "部局目標4の目標の表題");
    // FY2023 goals 1–4 state numbers (％, 位, 倍, in full width too): quiet.
    for n in 1..=4 {
        assert!(
            !run.stderr
                .lines()
                .any(|l| l.starts_with("content/2023/somu.yaml:")
                    && l.contains(&format!("部局目標{n}の"))),
            "goal {n}\n{run}"
        );
    }
}
