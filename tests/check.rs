//! `manifesto check` on bad input (SPEC.md §3 "What bad input gets"): every test builds
//! a small site, breaks one thing, and asserts the exit code, the message and the exact
//! `path:line:column` of the problem, computed from the fixture text it wrote.

mod common;

use common::{GOAL, HEAD, Site, at, at_nth, check_dir, manifesto, pos, valid_manifesto};

const SOMU: &str = "content/2023/somu.yaml";

/// `GOAL` with one line (`    <field>: …\n`) removed.
fn goal_without(field: &str) -> String {
    let prefix = format!("    {field}: ");
    let text: String = GOAL
        .lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(text, GOAL, "GOAL has no field {field}");
    text
}

/// `GOAL` with one field's line replaced by `line` (without indentation or newline).
fn goal_with(field: &str, line: &str) -> String {
    let prefix = format!("    {field}: ");
    let text: String = GOAL
        .lines()
        .map(|l| {
            if l.starts_with(&prefix) {
                format!("    {line}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    assert_ne!(text, GOAL, "GOAL has no field {field}");
    text
}

/// `GOAL` with extra lines (already indented) added at its end.
fn goal_plus(extra: &str) -> String {
    format!("{GOAL}{extra}")
}

// ---------------------------------------------------------------------------------------
// 1, 2, 14: clean sites and no site

#[test]
fn clean_fixture_passes() {
    let out = Site::new().check();
    out.code(0)
        .contains("0 errors")
        .contains("checked 1 manifesto in 1 fiscal year: 0 errors, 0 warnings");
    assert!(out.headlines().is_empty(), "{out}");
}

#[test]
fn repository_example_site_passes() {
    let out = check_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    out.code(0).contains(": 0 errors");
    assert!(out.errors().is_empty(), "{out}");
}

#[test]
fn not_a_site_is_exit_2() {
    let site = Site::empty();
    site.check()
        .code(2)
        .contains("no site.yaml")
        .lacks("checked ");
}

#[test]
fn not_a_site_from_current_dir_is_exit_2() {
    let site = Site::empty();
    let out = assert_cmd::Command::cargo_bin("manifesto")
        .unwrap()
        .arg("check")
        .current_dir(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no site.yaml"), "{stderr}");
}

#[test]
fn site_root_is_found_from_a_subfolder() {
    let site = Site::new();
    let out = assert_cmd::Command::cargo_bin("manifesto")
        .unwrap()
        .arg("check")
        .current_dir(site.file("content/2023"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("checked 1 manifesto"), "{stderr}");
}

#[test]
fn stray_files_are_warnings_and_strict_fails_on_them() {
    let site = Site::new();
    site.write("content/2023/memo.txt", "メモ\n")
        .write("content/2023/kikaku.yml", "department: kikaku\n");
    let out = site.check();
    out.code(0).contains("0 errors, 2 warnings");
    let warnings: Vec<&str> = out
        .headlines()
        .into_iter()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(
        warnings[0].starts_with("content/2023/kikaku.yml: warning: ignored")
            && warnings[0].contains("rename this file to .yaml"),
        "{out}"
    );
    assert!(
        warnings[1].starts_with("content/2023/memo.txt: warning: ignored"),
        "{out}"
    );
    site.check_with(&["--strict"])
        .code(1)
        .contains("0 errors, 2 warnings");
}

// ---------------------------------------------------------------------------------------
// 3: YAML syntax

#[test]
fn yaml_bad_indentation() {
    // `name` is indented one space deeper than `title`.
    let text = valid_manifesto().replace("  name: 伊賀 太郎", "   name: 伊賀 太郎");
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1).contains("1 error");
    // The parser notices at the `:` after `name`, on the offending line.
    let (line, col) = at(&text, "   name:");
    let block = out.error_at(
        SOMU,
        pos(line, col + 7),
        &["YAML syntax", "mapping values are not allowed"],
    );
    assert!(block.contains(" 4 |    name: 伊賀 太郎"), "{block}");
}

#[test]
fn yaml_unclosed_bracket() {
    let text = format!(
        "{HEAD}goals:\n{}",
        goal_with("means", "means: [申請フォームの整備, 電子決済の導入")
    );
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    out.error_at(
        SOMU,
        at(&text, "[申請"),
        &["YAML syntax", "unclosed bracket"],
    );
}

#[test]
fn yaml_tab_indentation() {
    let text = valid_manifesto().replace("  title: 部長", "\ttitle: 部長");
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    let (line, _) = at(&text, "\ttitle");
    out.error_at(SOMU, pos(line, 2), &["YAML syntax", "tab"]);
}

#[test]
fn yaml_colon_in_plain_text_gets_a_hint() {
    // A very common slip: `: ` inside an unquoted value.
    let text = format!(
        "{HEAD}goals:\n{}",
        goal_with("title", "title: 目的: 窓口手続のオンライン化")
    );
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    // Columns count characters: the second `:` follows 目的.
    let (line, col) = at(&text, ": 窓口手続の");
    let block = out.error_at(SOMU, pos(line, col), &["YAML syntax", "quotes"]);
    assert!(block.contains("`|`"), "{block}");
}

// ---------------------------------------------------------------------------------------
// 4: unknown fields

#[test]
fn unknown_field_in_goal_suggests_the_field() {
    let text = manifesto(&[&goal_with("title", "titel: 窓口手続のオンライン化")]);
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    let block = out.error_at(
        SOMU,
        at(&text, "titel:"),
        &[
            "unknown field `titel`",
            "部局目標1",
            "did you mean `title` (目標の表題)?",
        ],
    );
    assert!(
        block.contains("note: the fields allowed here are: mission"),
        "{block}"
    );
}

#[test]
fn japanese_key_suggests_the_field() {
    let text = manifesto(&[&goal_with("title", "表題: 窓口手続のオンライン化")]);
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    out.error_at(
        SOMU,
        at(&text, "表題:"),
        &["unknown field `表題`", "部局目標1", "did you mean `title`"],
    );
}

#[test]
fn japanese_heading_as_key_suggests_the_field() {
    // Staff copy the paper form's heading: 〈現在の状態〉 → `current`.
    let text = manifesto(&[&goal_with(
        "current",
        "〈現在の状態〉: 窓口の手続は年間12万件ある。",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    out.error_at(
        SOMU,
        at(&text, "〈現在の状態〉"),
        &["unknown field `〈現在の状態〉`", "did you mean `current`"],
    );
}

#[test]
fn unknown_field_after_japanese_text_has_a_character_column() {
    // In a flow mapping, the unknown key follows Japanese text on the same line.
    let text = format!("department: somu\nhead: {{title: 部長, 氏名: 伊賀 太郎}}\ngoals:\n{GOAL}");
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    assert_eq!(at(&text, "氏名"), pos(2, 19));
    out.error_at(
        SOMU,
        pos(2, 19),
        &[
            "unknown field `氏名`",
            "`head` (部局長)",
            "did you mean `name` (氏名)?",
        ],
    );
}

#[test]
fn unknown_top_level_field() {
    let text = format!("{}mottto: 市民とともに\n", valid_manifesto());
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "mottto"),
        &["unknown field `mottto`", "did you mean `motto`"],
    );
}

// ---------------------------------------------------------------------------------------
// 5: missing required fields

#[test]
fn missing_field_names_the_goal_number_and_japanese_label() {
    let goal2 = goal_without("current");
    let text = manifesto(&[GOAL, &goal2]);
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1).contains("1 error");
    // Reported where goal 2 starts.
    let goal2_start = at_nth(&text, "mission:", 2);
    out.error_at(
        SOMU,
        goal2_start,
        &["missing required field `current` (〈現在の状態〉) in 部局目標2"],
    );
}

#[test]
fn missing_head_name() {
    let text = valid_manifesto().replace("  name: 伊賀 太郎\n", "");
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "title: 部長"),
        &["missing required field `name` (氏名) in `head` (部局長)"],
    );
}

#[test]
fn missing_head_and_goals() {
    let text = "department: somu\ncontact: 0595-22-9601\n";
    let site = Site::new();
    site.write(SOMU, text);
    let out = site.check();
    out.code(1).contains("2 errors");
    out.error_at(SOMU, pos(1, 1), &["missing required field `head` (部局長)"]);
    out.error_at(
        SOMU,
        pos(1, 1),
        &["missing required field `goals` (部局目標)"],
    );
}

#[test]
fn empty_required_field() {
    let text = manifesto(&[GOAL, &goal_with("title", "title: \"  \"")]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "\"  \""),
        &["required field `title` (目標の表題) is empty in 部局目標2"],
    );
}

#[test]
fn empty_goal_list() {
    let text = format!("{HEAD}goals: []\n");
    let site = Site::new();
    site.write(SOMU, &text);
    site.check()
        .code(1)
        .error_at(SOMU, at(&text, "[]"), &["`goals` (部局目標) is empty"]);
}

// ---------------------------------------------------------------------------------------
// 6: wrong types

#[test]
fn goals_as_text() {
    let text = format!("{HEAD}goals: 窓口手続のオンライン化\n");
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "窓口手続"),
        &["`goals` (部局目標) must be a list of goals", "found text"],
    );
}

#[test]
fn indicator_target_with_a_percent_sign() {
    let text = manifesto(&[&goal_plus(
        "    indicators:\n      - name: オンライン化率\n        target: 30%\n",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    let block = site.check().code(1).error_at(
        SOMU,
        at(&text, "30%"),
        &[
            "`target` (目標値) must be a number in indicator #1 of 部局目標1",
            "found \"30%\"",
        ],
    );
    assert!(block.contains("help: write the unit in `unit:`"), "{block}");
}

#[test]
fn indicator_full_width_number_is_accepted() {
    let text = manifesto(&[&goal_plus(
        "    indicators:\n      - name: オンライン化率\n        unit: \"%\"\n        target: ３０\n",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(0);
}

#[test]
fn draft_maybe() {
    let text = format!("{}draft: maybe\n", valid_manifesto());
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "maybe"),
        &["`draft` (下書き) must be true or false", "found text"],
    );
}

#[test]
fn list_where_text_is_expected() {
    let text = manifesto(&[&goal_with(
        "means",
        "means:\n      - 申請フォームを整える。\n      - 電子決済を導入する。",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "- 申請"),
        &[
            "`means` (手段) must be text in 部局目標1",
            "found a list",
            "Markdown list inside a `|` block",
        ],
    );
}

#[test]
fn bad_deadline() {
    let text = manifesto(&[&goal_plus("    deadline: 令和6年3月\n")]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "令和6年3月"),
        &["`deadline` (期日) must be YYYY-MM or YYYY-MM-DD in 部局目標1"],
    );
}

// ---------------------------------------------------------------------------------------
// 7: evaluation keys and scales

#[test]
fn self_key_not_in_the_default_scale() {
    let text = manifesto(&[&goal_plus(
        "    evaluation:\n      self: 7\n      reason: 30%を達成した。\n",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).contains("1 error").error_at(
        SOMU,
        at(&text, "self: 7").right(6),
        &[
            "evaluation `self: 7` in 部局目標1",
            "2023（令和5）年度",
            "valid keys are 5, 4, 3, 2, 1",
        ],
    );
}

#[test]
fn self_key_in_the_default_scale_passes() {
    let text = manifesto(&[&goal_plus(
        "    evaluation:\n      self: 3\n      reason: 30%を達成した。\n",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(0);
}

#[test]
fn custom_scale_with_text_keys() {
    let year = "\
published: 2023-05-15
scales:
  self:
    label: 達成度
    levels:
      - {key: A, label: 達成, score: 1.0, achieved: true}
      - {key: B, label: 一部達成, score: 0.5, achieved: false}
      - {key: C, label: 未達成, score: 0, achieved: false}
";
    let good = goal_plus("    evaluation:\n      self: A\n      reason: 達成した。\n");
    let bad = goal_plus("    evaluation:\n      self: 3\n      reason: 達成した。\n");
    let text = manifesto(&[&good, &bad]);
    let site = Site::new();
    site.write("content/2023/_year.yaml", year)
        .write(SOMU, &text);
    let out = site.check();
    out.code(1).contains("1 error");
    out.error_at(
        SOMU,
        at(&text, "self: 3").right(6),
        &[
            "evaluation `self: 3` in 部局目標2",
            "「達成度」",
            "valid keys are A, B, C",
        ],
    );
}

#[test]
fn leader_key_without_a_leader_scale() {
    let text = manifesto(&[&goal_plus(
        "    evaluation:\n      self: 3\n      leader: 4\n      reason: 達成した。\n",
    )]);
    let site = Site::new();
    site.write(SOMU, &text);
    let block = site.check().code(1).error_at(
        SOMU,
        at(&text, "4\n      reason"),
        &[
            "evaluation `leader` in 部局目標1 needs a leader scale",
            "2023（令和5）年度 has none",
        ],
    );
    assert!(block.contains("content/2023/_year.yaml"), "{block}");
}

#[test]
fn leader_key_not_in_the_leader_scale() {
    let year = "\
scales:
  leader:
    label: 指導者評価
    levels:
      - {key: S, label: 100%超, score: 1.0, achieved: true}
      - {key: A, label: 100%, score: 0.8, achieved: true}
      - {key: B, label: 一部未達, score: 0.4, achieved: false}
";
    let text = manifesto(&[&goal_plus(
        "    evaluation:\n      self: 3\n      leader: 5\n      reason: 達成した。\n",
    )]);
    let site = Site::new();
    site.write("content/2023/_year.yaml", year)
        .write(SOMU, &text);
    site.check().code(1).contains("1 error").error_at(
        SOMU,
        at(&text, "5\n      reason"),
        &[
            "evaluation `leader: 5`",
            "「指導者評価」",
            "valid keys are S, A, B",
        ],
    );
}

#[test]
fn evaluation_key_of_the_wrong_type() {
    let text = manifesto(&[&goal_plus("    evaluation:\n      self: [3]\n")]);
    let site = Site::new();
    site.write(SOMU, &text);
    site.check().code(1).error_at(
        SOMU,
        at(&text, "[3]"),
        &["`self` must be a key of the year's scale", "found a list"],
    );
}

// ---------------------------------------------------------------------------------------
// 8: departments

#[test]
fn unknown_department_id_with_suggestion() {
    let text = valid_manifesto().replace("department: somu", "department: somu-bu");
    let site = Site::new();
    site.write(SOMU, &text);
    let block = site.check().code(1).contains("1 error").error_at(
        SOMU,
        at(&text, "somu-bu"),
        &["unknown department \"somu-bu\"", "content/departments.yaml"],
    );
    assert!(block.contains("help: did you mean \"somu\"?"), "{block}");
    // In the register's display order (by kana: きかくぶ before そうむぶ).
    assert!(
        block.contains("note: the register has: kikaku, somu"),
        "{block}"
    );
}

#[test]
fn file_stem_not_in_the_register() {
    let text = valid_manifesto().replace("department: somu\n", "");
    let site = Site::new();
    site.write("content/2023/kikau.yaml", &text);
    let block = site.check().code(1).contains("1 error").file_error(
        "content/2023/kikau.yaml",
        &["\"kikau\" (the file name) is not a department id"],
    );
    assert!(block.contains("help: did you mean \"kikaku\"?"), "{block}");
}

// ---------------------------------------------------------------------------------------
// 9: continues

/// FY2022 with a one-goal somu manifesto; FY2023 somu's goal continues `target`.
fn site_with_continues(target: &str) -> (Site, String) {
    let text = manifesto(&[&goal_plus(&format!("    continues: {target}\n"))]);
    let site = Site::new();
    site.write("content/2022/somu.yaml", valid_manifesto())
        .write(SOMU, &text);
    (site, text)
}

#[test]
fn continues_a_goal_that_exists() {
    let (site, _) = site_with_continues("2022/somu/1");
    site.check()
        .code(0)
        .contains("checked 2 manifestos in 2 fiscal years: 0 errors");
}

#[test]
fn continues_a_missing_year() {
    let (site, text) = site_with_continues("2020/somu/1");
    site.check().code(1).error_at(
        SOMU,
        at(&text, "2020/somu/1"),
        &[
            "`continues: 2020/somu/1` in 部局目標1 points nowhere",
            "総務部 has no manifesto in 2020（令和2）年度",
        ],
    );
}

#[test]
fn continues_a_goal_number_beyond_the_count() {
    let (site, text) = site_with_continues("2022/somu/3");
    site.check().code(1).error_at(
        SOMU,
        at(&text, "2022/somu/3"),
        &[
            "`continues: 2022/somu/3` in 部局目標1 points nowhere",
            "has only 1 goal",
        ],
    );
}

#[test]
fn continues_a_later_year() {
    let (site, text) = site_with_continues("2024/somu/1");
    site.check().code(1).error_at(
        SOMU,
        at(&text, "2024/somu/1"),
        &[
            "`continues: 2024/somu/1` in 部局目標1",
            "earlier fiscal year",
        ],
    );
}

#[test]
fn continues_the_same_year() {
    let (site, text) = site_with_continues("2023/somu/1");
    site.check()
        .code(1)
        .error_at(SOMU, at(&text, "2023/somu/1"), &["earlier fiscal year"]);
}

#[test]
fn continues_an_unknown_department() {
    let (site, text) = site_with_continues("2022/somo/1");
    let block = site.check().code(1).error_at(
        SOMU,
        at(&text, "2022/somo/1"),
        &["points nowhere", "\"somo\" is not a department id"],
    );
    assert!(block.contains("did you mean \"somu\"?"), "{block}");
}

#[test]
fn continues_written_wrong() {
    let (site, text) = site_with_continues("somu/1");
    site.check().code(1).error_at(
        SOMU,
        at(&text, "somu/1"),
        &["`continues` must name a goal as <fiscal year>/<department id>/<goal number>"],
    );
}

// ---------------------------------------------------------------------------------------
// 10: duplicate department in one year

#[test]
fn duplicate_department_yaml_and_md() {
    let site = Site::new();
    let md = format!("---\n{}---\n\n市民の皆さまへ。\n", valid_manifesto());
    site.write("content/2023/somu.md", &md);
    let out = site.check();
    out.code(1).contains("1 error");
    // Both files are named: the one reported and the other one in the message.
    let headline = &out.errors()[0];
    assert!(
        headline.contains("content/2023/somu.md") && headline.contains("content/2023/somu.yaml"),
        "{out}"
    );
    assert!(
        headline.contains("総務部 (somu) has two manifestos in 2023（令和5）年度"),
        "{out}"
    );
}

#[test]
fn duplicate_department_through_the_department_field() {
    let site = Site::new();
    // kikaku.yaml says it is somu's.
    site.write("content/2023/kikaku.yaml", valid_manifesto());
    let out = site.check();
    out.code(1).contains("1 error");
    out.error_at(
        "content/2023/somu.yaml",
        at(&valid_manifesto(), "somu"),
        &[
            "総務部 (somu) has two manifestos",
            "content/2023/kikaku.yaml",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// 11: a fiscal-year folder that is not a year

#[test]
fn year_folder_that_is_not_a_year() {
    let site = Site::new();
    site.write("content/R5/somu.yaml", valid_manifesto());
    let block = site
        .check()
        .code(1)
        .contains("1 error")
        .file_error("content/R5", &["folder \"R5\" is not a fiscal year"]);
    assert!(block.contains("content/2023/"), "{block}");
}

#[test]
fn year_folder_in_japanese() {
    let site = Site::new();
    site.mkdir("content/令和5年度");
    site.check().code(1).file_error(
        "content/令和5年度",
        &["folder \"令和5年度\" is not a fiscal year"],
    );
}

// ---------------------------------------------------------------------------------------
// 12: encodings

/// somu.yaml as Shift_JIS: 部長 = 95 94 92 B7, 総務 = 91 8D 96 B1, 太郎 = 91 BE 98 59.
const SHIFT_JIS_MANIFESTO: &[u8] = b"department: somu\nhead:\n  title: \x95\x94\x92\xb7\n  name: \x91\x8d\x96\xb1 \x91\xbe\x98\x59\ngoals:\n  - mission: \x91\x8d\x96\xb1\n    title: x\n    current: x\n    target: x\n    outcome: x\n    means: x\n";

#[test]
fn shift_jis_file_is_named() {
    let site = Site::new();
    site.write(SOMU, SHIFT_JIS_MANIFESTO);
    let out = site.check();
    out.code(1).contains("1 error");
    // The first byte that is not UTF-8: 部 on line 3, after `  title: `.
    let block = out.error_at(
        SOMU,
        pos(3, 10),
        &["not UTF-8", "Shift_JIS", "save it as UTF-8"],
    );
    // The quoted line is decoded, so that staff see which text it is.
    assert!(block.contains(" 3 |   title: 部長\n"), "{block}");
    assert!(
        block.contains(&format!("   | {}^", " ".repeat(9))),
        "{block}"
    );
}

#[test]
fn shift_jis_register_is_named() {
    let site = Site::new();
    // - id: somu / name: 総務部
    site.write(
        "content/departments.yaml",
        b"- id: somu\n  name: \x91\x8d\x96\xb1\x95\x94\n  kana: x\n- id: kikaku\n  name: kikaku\n",
    );
    site.check()
        .code(1)
        .error_at("content/departments.yaml", pos(2, 9), &["Shift_JIS"]);
}

#[test]
fn utf16_file_is_not_called_shift_jis() {
    // Notepad's 「Unicode」 is UTF-16 LE with a byte order mark.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in valid_manifesto().encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let site = Site::new();
    site.write(SOMU, &bytes);
    let out = site.check();
    out.code(1).contains("1 error");
    let block = out.error_at(SOMU, pos(1, 1), &["not UTF-8", "UTF-16"]);
    assert!(!block.contains("Shift_JIS"), "{block}");
}

#[test]
fn utf8_bom_is_accepted() {
    let site = Site::new();
    site.write(SOMU, format!("\u{FEFF}{}", valid_manifesto()))
        .write("site.yaml", format!("\u{FEFF}{}", common::SITE_YAML))
        .write(
            "content/departments.yaml",
            format!("\u{FEFF}{}", common::DEPARTMENTS_YAML),
        )
        .write(
            "content/2023/_year.yaml",
            format!("\u{FEFF}{}", common::YEAR_YAML),
        );
    site.check().code(0).contains("0 errors");
}

#[test]
fn utf8_bom_does_not_shift_columns() {
    let text = valid_manifesto().replace("department: somu", "department: somu-bu");
    let site = Site::new();
    site.write(SOMU, format!("\u{FEFF}{text}"));
    site.check()
        .code(1)
        .error_at(SOMU, pos(1, 13), &["unknown department \"somu-bu\""]);
}

#[test]
fn utf8_bom_in_markdown_front_matter_is_accepted() {
    let site = Site::new();
    site.remove(SOMU).write(
        "content/2023/somu.md",
        format!(
            "\u{FEFF}---\n{}---\n\n市民の皆さまへ。\n",
            valid_manifesto()
        ),
    );
    site.check().code(0);
}

#[test]
fn crlf_line_endings() {
    let site = Site::new();
    site.write(SOMU, valid_manifesto().replace('\n', "\r\n"));
    site.check().code(0);

    let text = manifesto(&[&goal_with("title", "titel: x")]).replace('\n', "\r\n");
    site.write(SOMU, &text);
    site.check()
        .code(1)
        .error_at(SOMU, at(&text, "titel"), &["unknown field `titel`"]);
}

// ---------------------------------------------------------------------------------------
// 13: many problems in many files, one run, sorted by file

#[test]
fn every_problem_of_every_file_in_one_run_sorted_by_file() {
    let site = Site::new();
    let somu = format!("mottto: x\n{}draft: maybe\n", valid_manifesto());
    let kikaku = format!("department: kikaku\ngoals:\n{GOAL}");
    let register = common::DEPARTMENTS_YAML.replace("  kana: きかくぶ", "  kna: きかくぶ");
    site.write("site.yaml", "title: テスト市\n")
        .write("content/departments.yaml", &register)
        .write("content/2023/_year.yaml", "publishd: 2023-05-15\n")
        .write(SOMU, &somu)
        .write("content/2023/kikaku.yaml", &kikaku);
    let out = site.check();
    out.code(1).contains("6 errors");

    let (draft_line, draft_col) = at(&somu, "maybe");
    let (kna_line, kna_col) = at(&register, "kna");
    let expected = [
        "content/2023/_year.yaml:1:1: error: unknown field `publishd`".to_string(),
        "content/2023/kikaku.yaml:1:1: error: missing required field `head`".to_string(),
        "content/2023/somu.yaml:1:1: error: unknown field `mottto`".to_string(),
        format!("content/2023/somu.yaml:{draft_line}:{draft_col}: error: `draft`"),
        format!("content/departments.yaml:{kna_line}:{kna_col}: error: unknown field `kna`"),
        "site.yaml:1:1: error: missing required field `organization`".to_string(),
    ];
    let headlines = out.headlines();
    assert_eq!(headlines.len(), expected.len(), "{out}");
    for (got, want) in headlines.iter().zip(&expected) {
        assert!(
            got.starts_with(want.as_str()),
            "expected {want:?}, got {got:?}\n{out}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// 15: Markdown manifestos with front matter

#[test]
fn markdown_manifesto_passes() {
    let site = Site::new();
    site.remove(SOMU).write(
        "content/2023/somu.md",
        format!("---\n{}---\n\n市民の皆さまへ。\n", valid_manifesto()),
    );
    site.check().code(0).contains("checked 1 manifesto");
}

#[test]
fn markdown_front_matter_errors_have_file_lines() {
    let yaml = manifesto(&[
        GOAL,
        &goal_with("title", "titel: x"),
        &goal_without("outcome"),
    ]);
    let text = format!("---\n{yaml}---\n\n市民の皆さまへ。\n");
    let site = Site::new();
    site.remove(SOMU).write("content/2023/somu.md", &text);
    let out = site.check();
    out.code(1);
    let (line, col) = at(&text, "titel");
    assert_eq!(line, at(&yaml, "titel").0 + 1);
    let block = out.error_at(
        "content/2023/somu.md",
        pos(line, col),
        &["unknown field `titel`", "部局目標2"],
    );
    // The quoted line is the file's line.
    assert!(
        block.contains(&format!(" {line} |     titel: x")),
        "{block}"
    );
    // The misspelt key is not reported a second time as a missing `title`.
    assert!(
        !out.stderr.contains("missing required field `title`"),
        "{}",
        out.stderr
    );
    // A missing field is reported where goal 3 starts, also in file lines.
    out.error_at(
        "content/2023/somu.md",
        at_nth(&text, "mission:", 3),
        &["missing required field `outcome`", "部局目標3"],
    );
}

#[test]
fn markdown_front_matter_syntax_error_has_file_lines() {
    let yaml = valid_manifesto().replace("  name: 伊賀 太郎", "   name: 伊賀 太郎");
    let text = format!("---\n{yaml}---\n本文\n");
    let site = Site::new();
    site.remove(SOMU).write("content/2023/somu.md", &text);
    let (line, col) = at(&text, "   name:");
    site.check()
        .code(1)
        .error_at("content/2023/somu.md", pos(line, col + 7), &["YAML syntax"]);
}

#[test]
fn markdown_front_matter_not_closed() {
    let text = format!("---\n{}\n市民の皆さまへ。\n", valid_manifesto());
    let site = Site::new();
    site.remove(SOMU).write("content/2023/somu.md", &text);
    site.check().code(1).contains("1 error").error_at(
        "content/2023/somu.md",
        pos(1, 1),
        &["front matter is not closed", "`---`"],
    );
}

#[test]
fn markdown_without_front_matter() {
    let site = Site::new();
    site.remove(SOMU)
        .write("content/2023/somu.md", "# 総務部\n\n市民の皆さまへ。\n");
    site.check().code(1).error_at(
        "content/2023/somu.md",
        pos(1, 1),
        &["must start with a `---` line"],
    );
}

// ---------------------------------------------------------------------------------------
// 16: duplicate keys, scales, the register

#[test]
fn duplicate_yaml_key() {
    let text =
        valid_manifesto().replace("  name: 伊賀 太郎\n", "  name: 伊賀 太郎\n  title: 局長\n");
    let site = Site::new();
    site.write(SOMU, &text);
    let out = site.check();
    out.code(1);
    let block = out.error_at(
        SOMU,
        at(&text, "title: 局長"),
        &["duplicate key `title`", "only once"],
    );
    assert!(!block.contains("DuplicateKeyPolicy"), "{block}");
}

#[test]
fn year_scale_with_duplicate_keys() {
    let year = "\
scales:
  self:
    levels:
      - {key: 3, label: 達成, score: 1.0, achieved: true}
      - {key: 2, label: 一部達成, score: 0.5, achieved: false}
      - {key: \"3\", label: 未達成, score: 0, achieved: false}
";
    let site = Site::new();
    site.write("content/2023/_year.yaml", year);
    site.check().code(1).contains("1 error").error_at(
        "content/2023/_year.yaml",
        at(year, "\"3\""),
        &["key 3 is used twice in scale `self`"],
    );
}

#[test]
fn year_scale_score_out_of_range() {
    let year = "\
scales:
  self:
    levels:
      - {key: 3, label: 達成, score: 100, achieved: true}
      - {key: 1, label: 未達成, score: -0.5, achieved: false}
";
    let site = Site::new();
    site.write("content/2023/_year.yaml", year);
    let out = site.check();
    out.code(1).contains("2 errors");
    out.error_at(
        "content/2023/_year.yaml",
        at(year, "100"),
        &["`score` must be between 0 and 1 in level #1 of scale `self`, found 100"],
    );
    out.error_at(
        "content/2023/_year.yaml",
        at(year, "-0.5"),
        &["`score` must be between 0 and 1 in level #2 of scale `self`"],
    );
}

#[test]
fn year_scale_duplicate_key_after_an_invalid_level() {
    // Level #1 has a bad score; its key still counts for the duplicate check.
    let year = "\
scales:
  self:
    levels:
      - {key: 3, label: 達成, score: 85, achieved: true}
      - {key: 3, label: 未達成, score: 0, achieved: false}
";
    let site = Site::new();
    site.write("content/2023/_year.yaml", year);
    let out = site.check();
    out.code(1).contains("2 errors");
    out.error_at("content/2023/_year.yaml", at(year, "85"), &["`score`"]);
    out.error_at(
        "content/2023/_year.yaml",
        at_nth(year, "3,", 2),
        &["key 3 is used twice in scale `self`"],
    );
}

#[test]
fn year_settings_wrong_values() {
    let year = "published: 2023-13-01\ndraft: maybe\nform:\n  curent: 【現状分析】\n";
    let site = Site::new();
    site.write("content/2023/_year.yaml", year);
    let out = site.check();
    out.code(1).contains("3 errors");
    out.error_at(
        "content/2023/_year.yaml",
        at(year, "2023-13-01"),
        &["`published` must be a date like 2023-05-15"],
    );
    out.error_at(
        "content/2023/_year.yaml",
        at(year, "maybe"),
        &["`draft` (下書き) must be true or false"],
    );
    out.error_at(
        "content/2023/_year.yaml",
        at(year, "curent"),
        &[
            "unknown goal field `curent` in `form`",
            "did you mean `current`?",
        ],
    );
}

#[test]
fn register_invalid_and_duplicate_ids() {
    let register = format!(
        "{}- id: Zaimu\n  name: 財務部\n- id: kikaku\n  name: 企画部（重複）\n",
        common::DEPARTMENTS_YAML
    );
    let site = Site::new();
    site.write("content/departments.yaml", &register);
    let out = site.check();
    out.code(1).contains("2 errors");
    let block = out.error_at(
        "content/departments.yaml",
        at(&register, "Zaimu"),
        &["department id \"Zaimu\" may only contain a-z, 0-9 and '-'"],
    );
    assert!(block.contains("never change"), "{block}");
    out.error_at(
        "content/departments.yaml",
        at_nth(&register, "kikaku", 2),
        &["department id \"kikaku\" is listed twice (first as department #2)"],
    );
}

#[test]
fn abolished_department_with_a_manifesto_in_and_after_that_year() {
    let register = common::DEPARTMENTS_YAML.replace(
        "  kana: きかくぶ\n",
        "  kana: きかくぶ\n  abolished: 2023\n",
    );
    let kikaku = valid_manifesto().replace("department: somu", "department: kikaku");
    let site = Site::new();
    site.write("content/departments.yaml", &register)
        .write("content/2022/kikaku.yaml", &kikaku)
        .write("content/2023/kikaku.yaml", &kikaku)
        .write("content/2024/kikaku.yaml", &kikaku);
    let out = site.check();
    out.code(1).contains("2 errors");
    let at_dept = at(&kikaku, "kikaku");
    out.error_at(
        "content/2023/kikaku.yaml",
        at_dept,
        &[
            "企画部 (kikaku) was abolished in 2023（令和5）年度",
            "no manifesto in 2023（令和5）年度",
        ],
    );
    out.error_at(
        "content/2024/kikaku.yaml",
        at_dept,
        &[
            "企画部 (kikaku) was abolished in 2023（令和5）年度",
            "no manifesto in 2024（令和6）年度",
        ],
    );
    assert!(
        !out.errors().iter().any(|e| e.starts_with("content/2022/")),
        "the year before it was abolished is fine\n{out}"
    );
}

#[test]
fn register_abolished_not_a_year() {
    let register = common::DEPARTMENTS_YAML.replace(
        "  kana: きかくぶ\n",
        "  kana: きかくぶ\n  abolished: 令和6年度\n",
    );
    let site = Site::new();
    site.write("content/departments.yaml", &register);
    site.check().code(1).error_at(
        "content/departments.yaml",
        at(&register, "令和6年度"),
        &["`abolished` (廃止年度) must be a fiscal year like 2024"],
    );
}

// ---------------------------------------------------------------------------------------
// 17: weird input never panics

/// Write `contents` at `rel` in a fresh valid site, check, and expect `code` (the helper
/// already fails on "panicked"); returns the run for further checks.
fn weird(rel: &str, contents: impl AsRef<[u8]>, code: i32) -> common::Checked {
    let site = Site::new();
    site.write(rel, contents);
    let out = site.check();
    out.code(code);
    assert!(
        out.stderr.contains("checked "),
        "no summary line: the program did not finish normally\n{out}"
    );
    out
}

#[test]
fn weird_empty_files() {
    weird(SOMU, "", 1).error_at(SOMU, pos(1, 1), &["expected a manifesto", "found nothing"]);
    weird("site.yaml", "", 1).error_at("site.yaml", pos(1, 1), &["expected the site settings"]);
    // An empty register: somu is then unknown, and the note says the register is empty.
    weird("content/departments.yaml", "", 1).error_at(
        SOMU,
        pos(1, 13),
        &["unknown department \"somu\"", "lists no departments"],
    );
    weird("content/2023/_year.yaml", "", 0);
    weird("content/policies.yaml", "", 0);
    let site = Site::new();
    site.remove(SOMU).write("content/2023/somu.md", "");
    site.check().code(1).error_at(
        "content/2023/somu.md",
        pos(1, 1),
        &["must start with a `---` line"],
    );
    site.write("content/2023/somu.md", "---\n---\n");
    site.check()
        .code(1)
        .error_at("content/2023/somu.md", pos(2, 1), &["expected a manifesto"]);
    site.write("content/2023/somu.md", "\u{FEFF}");
    site.check().code(1);
}

#[test]
fn weird_list_null_and_scalars() {
    weird(SOMU, "[]", 1).error_at(SOMU, pos(1, 1), &["expected a manifesto", "found a list"]);
    weird(SOMU, "null\n", 1).error_at(SOMU, pos(1, 1), &["found nothing"]);
    weird(SOMU, "~\n", 1);
    weird(SOMU, "42\n", 1).error_at(SOMU, pos(1, 1), &["found a whole number"]);
    weird(SOMU, "\"\"\n", 1);
    weird("site.yaml", "[]", 1);
    weird("content/departments.yaml", "{}", 1);
    weird("content/departments.yaml", "[1, null, [], x]", 1);
    weird("content/2023/_year.yaml", "[]", 1);
    weird("content/2023/_year.yaml", "null", 0);
    weird(
        "content/2023/_year.yaml",
        "scales: {self: [], leader: null}",
        1,
    );
    weird(
        "content/2023/_year.yaml",
        "scales: {self: {levels: [[], null, 1]}}",
        1,
    );
    weird("content/policies.yaml", "[]", 0);
    weird("content/policies.yaml", "[{code: x, title: y}, 1]", 1);
    let text = format!("{HEAD}goals: [1, null, x, [], {{}}]\n");
    let out = weird(SOMU, &text, 1);
    out.error_at(
        SOMU,
        at(&text, "1,"),
        &["expected a goal", "部局目標1", "found a whole number"],
    );
    out.error_at(SOMU, at(&text, "null"), &["部局目標2", "found nothing"]);
    out.error_at(
        SOMU,
        at(&text, "{}"),
        &["missing required field `mission`", "部局目標5"],
    );
    weird(SOMU, format!("{HEAD}goals:\n  -\n"), 1);
    weird(
        SOMU,
        format!(
            "{HEAD}goals:\n{}",
            goal_plus("    indicators: [{}, null, 3]\n    evaluation: 3\n")
        ),
        1,
    );
}

#[test]
fn weird_huge_numbers() {
    let huge = "99999999999999999999999999999999999999999";
    // As an indicator value the number is at least a number: no panic, whatever it says.
    let out = weird(
        SOMU,
        manifesto(&[&goal_plus(&format!(
            "    indicators:\n      - name: x\n        target: {huge}\n        actual: 1e400\n"
        ))]),
        1,
    );
    assert!(out.errors().len() == 1, "{out}");
    weird(
        SOMU,
        manifesto(&[&goal_plus(&format!(
            "    evaluation:\n      self: {huge}\n      reason: x\n"
        ))]),
        1,
    );
    weird(
        SOMU,
        manifesto(&[&goal_plus(&format!("    continues: 2022/somu/{huge}\n"))]),
        1,
    );
    weird(
        SOMU,
        manifesto(&[&goal_plus("    deadline: 9999-12-31\n")]),
        0,
    );
    weird(
        "content/departments.yaml",
        format!("- id: somu\n  name: 総務部\n  order: {huge}\n  abolished: {huge}\n"),
        1,
    );
    weird(
        "content/departments.yaml",
        "- id: somu\n  name: 総務部\n  order: -9223372036854775808\n",
        0,
    );
    weird(
        "content/2023/_year.yaml",
        format!(
            "scales:\n  self:\n    levels:\n      - {{key: {huge}, label: x, score: 1e-400, achieved: true}}\n"
        ),
        1,
    );
}

#[test]
fn weird_binary_bytes() {
    // Bytes 0..=255: 0x0A ends line 1; 0x0B..=0x7F are 117 characters of line 2; 0x80
    // is the first byte that is not UTF-8.
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    weird(SOMU, &bytes, 1)
        .lacks("Shift_JIS")
        .error_at(SOMU, pos(2, 118), &["not UTF-8", "binary"]);
    weird("site.yaml", &bytes, 1);
    weird(
        "content/departments.yaml",
        [0xFFu8, 0xFE, 0x00, 0x00, 0x01],
        1,
    );
    weird("content/2023/_year.yaml", [0x00u8; 64], 1);
    // A photo saved under a manifesto's name.
    let png =
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";
    weird(SOMU, png, 1)
        .lacks("Shift_JIS")
        .error_at(SOMU, pos(1, 1), &["not UTF-8", "binary"]);
    // NUL bytes in otherwise valid UTF-8.
    weird(
        SOMU,
        format!("department: somu\0\n{}", &valid_manifesto()[17..]),
        1,
    );
}

#[test]
fn weird_deep_nesting() {
    // Far more `[` than any parser should recurse into, on line 5.
    let flow = format!("{HEAD}goals: {}\n", "[".repeat(100_000));
    weird(SOMU, &flow, 1).error_on_line(SOMU, 5, &["YAML syntax", "nested"]);
    let closed = format!(
        "{HEAD}goals: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    weird(SOMU, &closed, 1).error_on_line(SOMU, 5, &["YAML syntax", "nested"]);
    // Block lists, each item one level deeper.
    let mut block = format!("{HEAD}goals:\n");
    for depth in 0..5_000 {
        block.push_str(&format!("{}- \n", "  ".repeat(depth + 1)));
    }
    let out = weird(SOMU, &block, 1);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{out}");
    assert!(
        errors[0].contains("YAML syntax") && errors[0].contains("nested"),
        "{out}"
    );
    assert!(!errors[0].contains("budget"), "{out}");
    // Nested mappings in site.yaml.
    let mut maps = String::from(
        "title: t
organization: o
license:\n",
    );
    for depth in 0..1_000 {
        maps.push_str(&format!("{}k: \n", "  ".repeat(depth + 1)));
    }
    weird("site.yaml", &maps, 1);
    // Nested, but within the parser's limits: a type error, not a crash.
    let goal = GOAL.replacen(
        "mission: 市民に信頼される市役所をつくる。",
        &format!("mission: {}{}", "[".repeat(40), "]".repeat(40)),
        1,
    );
    let text = manifesto(&[&goal]);
    weird(SOMU, &text, 1).error_at(
        SOMU,
        at(&text, "[["),
        &["`mission` (組織使命) must be text", "found a list"],
    );
}

#[test]
fn weird_aliases_do_not_explode() {
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let out = weird(SOMU, &text, 1);
    assert!(!out.stderr.contains("budget breached"), "{out}");
    assert!(
        !out.stderr.contains(" { "),
        "Rust debug output in a message\n{out}"
    );
    weird(SOMU, "department: *nowhere\n", 1).error_at(SOMU, pos(1, 13), &["YAML syntax"]);
    weird(SOMU, "? [a, b]\n: c\n", 1).error_at(SOMU, pos(1, 1), &["YAML syntax"]);
}

/// Move a position right by `n` columns (from a key to its value on the same line).
trait Right {
    fn right(self, n: u32) -> (u32, u32);
}
impl Right for (u32, u32) {
    fn right(self, n: u32) -> (u32, u32) {
        (self.0, self.1 + n)
    }
}
