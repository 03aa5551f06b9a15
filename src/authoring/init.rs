//! `manifesto init [DIR]`: a new site that checks and builds at once — site settings,
//! the department register, the current fiscal year and one sample manifesto, each with
//! Japanese comments that teach the format.
//!
//! The sample's head photo is a neutral grey silhouette ([`super::placeholder_photo`]);
//! the comment in the manifesto says where the real one goes.

use super::Refusal;
use super::new::write_new;
use super::sheet::{GoalDraft, Sheet};
use crate::model::{Better, FiscalYear, Form, Indicator, Scale};
use std::path::{Path, PathBuf};

pub struct Initialized {
    /// The files written, relative to the site folder.
    pub files: Vec<PathBuf>,
    pub fy: FiscalYear,
}

/// Write a new site into `dir`, which must not exist, be empty, or hold only `.git`.
pub fn init(dir: &Path, today: jiff::civil::Date) -> Result<Initialized, Refusal> {
    refuse_non_empty(dir)?;
    let fy = super::fiscal_year_of(today);
    let files: Vec<(String, String)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (
            ".gitignore".into(),
            "# manifesto build の出力先\n/public/\n".into(),
        ),
        ("content/departments.yaml".into(), DEPARTMENTS_YAML.into()),
        (format!("content/{fy}/_year.yaml"), year_yaml(fy, today)),
        (format!("content/{fy}/somu.yaml"), sample_manifesto(fy)),
    ];
    let photo = (
        format!("assets/photos/{fy}/somu.png"),
        super::placeholder_photo::png(),
    );
    let mut written = Vec::new();
    let texts = files
        .into_iter()
        .map(|(rel, text)| (rel, text.into_bytes()));
    for (rel, bytes) in texts.chain(std::iter::once(photo)) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Refusal::usage(format!(
                    "cannot create the folder {}: {e}",
                    parent.display()
                ))
            })?;
        }
        write_new(&path, &bytes)?;
        written.push(PathBuf::from(rel));
    }
    Ok(Initialized { files: written, fy })
}

fn refuse_non_empty(dir: &Path) -> Result<(), Refusal> {
    if dir.exists() && !dir.is_dir() {
        return Err(Refusal::usage(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(()); // does not exist yet: created as the files are written
    };
    let others: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    let mut shown: Vec<&str> = others.iter().map(String::as_str).collect();
    shown.sort_unstable();
    let more = shown.len().saturating_sub(5);
    shown.truncate(5);
    Err(Refusal::usage(format!(
        "{} is not empty ({}{}): `manifesto init` writes a new site only into an empty folder",
        dir.display(),
        shown.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    ))
    .note("help: give a new folder's name, e.g. `manifesto init my-site`"))
}

const SITE_YAML: &str = "\
# サイトの設定（site.yaml）。このフォルダがサイトの一番上です。
# ファイルはすべて UTF-8 で保存してください（Shift_JIS は読めません）。
title: 〇〇市 部局マニフェスト  # サイト名（必須）
organization: 〇〇市  # 発行者（必須）
# 公開先のURL。sitemap・フィード・正規URLに使います。公開前に設定してください。
# base_url: https://www.city.example.lg.jp/manifesto/
language: ja
theme: default  # 見た目。themes/<名前>/ にテンプレートやCSSを置くと上書きできます
output_dir: public  # `manifesto build` の出力先
license: CC BY 4.0  # フッターとオープンデータに表示するライセンス
# フッターに表示する文（任意。Markdown）
# contact_note: |-
#   お問い合わせは〇〇課（電話 0000-00-0000）まで。
";

const DEPARTMENTS_YAML: &str = "\
# 部局の台帳（content/departments.yaml）
# id は部局のページのURLになります（/2025/somu/）。半角の英小文字・数字・ハイフンで付け、
# 一度公開したら変えないでください。名称が変わっても id はそのままにします。
- id: somu
  name: 総務部
  kana: そうむぶ  # 読み（任意）: 並び順と検索に使う
  order: 10  # 表示順（任意）: 小さいほど先
# 部局を増やすときは、このように続けます:
# - id: kikaku
#   name: 企画振興部
#   kana: きかくしんこうぶ
#   order: 20
# 組織改編で id が変わったときは renamed_from: [旧id]、廃止は abolished: 2027（廃止した年度）。
";

fn year_yaml(fy: FiscalYear, today: jiff::civil::Date) -> String {
    let mut levels = String::new();
    for l in Scale::default_self().levels {
        levels.push_str(&format!(
            "      - {{key: {}, label: {}, score: {}, achieved: {}}}\n",
            l.key,
            l.label,
            if l.score.fract() == 0.0 {
                format!("{:.1}", l.score)
            } else {
                l.score.to_string()
            },
            l.achieved
        ));
    }
    format!(
        "\
# {label}の設定（content/{fy}/_year.yaml）。どの項目も省略できます。
# 年度のフォルダ名は、その年度が始まる西暦の年です（{fy} = {era}）。
published: {today}  # 公表日
draft: false  # true にすると、この年度全体を公開しない（`manifesto build --drafts` では表示）

scales:
  # 達成状況（自己評価）の段階。score（0〜1）と achieved（達成とみなすか）は、
  # 段階の違う年度どうしを比べるために使います。
  self:
    label: 達成状況（自己評価）
    levels:
{levels}  # 指導者評価も使う年度は、同じ形で leader: を書きます。
  # leader:
  #   label: 指導者評価
  #   levels:
  #     - {{key: 6, label: 目標としていた達成水準を上回る成果を出した(100%超), score: 0.85, achieved: true}}

# 様式の見出しが既定と違う年度は、ここで変えます（ページの見出しになります）。
# form:
#   current: 【現状分析】
#   target: 【目標数値】
#   outcome: 【達成された状態】
#   means: 【手段・工程】
",
        label = fy.label(),
        era = fy.era_label(),
    )
}

fn sample_manifesto(fy: FiscalYear) -> String {
    let next = fy.year() + 1;
    let previous = FiscalYear(fy.year() - 1).era_label();
    let goal = GoalDraft {
        note: "記入例".into(),
        mission: Some(
            "市民の市政参画の創出と情報発信力の強化により、市政への理解と共創のまちづくりを進めます。"
                .into(),
        ),
        policy: Some("7-1-①".into()),
        title: Some("市民に伝わる広報への転換".into()),
        current: Some(format!(
            "- まちづくりアンケートの広聴広報に係る満足度は51.3％（{previous}）である。\n- eモニターに約1,000人が登録しているが、eモニターを活用したアンケートは年14件である。"
        )),
        target: Some(
            "- まちづくりアンケートの広聴広報に係る満足度を55％以上にする。\n- eモニターを活用したアンケート・パブリックコメントを15件実施する。"
                .into(),
        ),
        outcome: Some(
            "市民が必要とする情報が届き、市政に意見を寄せる市民が増えている。".into(),
        ),
        means: Some(
            "- 広報媒体の定点集計と、eモニターによる広報アンケートを実施する。\n- SNSのセグメント配信で、対象に合わせた情報発信を行う。\n- 市政に関するアンケートやパブリックコメントの募集にeモニターを活用する。"
                .into(),
        ),
        deadline: Some(format!("{next}-03")),
        indicators: vec![
            Indicator {
                name: "まちづくりアンケートの広聴広報に係る満足度".into(),
                unit: Some("%".into()),
                baseline: Some(51.3),
                baseline_label: Some(previous.clone()),
                target: 55.0,
                actual: None,
                better: Better::Higher,
            },
            Indicator {
                name: "eモニターを活用したアンケート・パブリックコメントの実施数".into(),
                unit: Some("件".into()),
                baseline: Some(14.0),
                baseline_label: Some(previous),
                target: 15.0,
                actual: None,
                better: Better::Higher,
            },
        ],
        ..GoalDraft::default()
    };
    let form = Form::default();
    let scale = Scale::default_self();
    Sheet {
        fy,
        department: "somu",
        department_name: "総務部",
        intro: vec![
            "`manifesto init` が作った記入例です。書き換えて使ってください。".into(),
            "次の年度の部局目標シートは `manifesto new <年度> <部局ID>` で作れます（前年度の目標を引き継ぎます）。"
                .into(),
            "書き方は `manifesto check` が「部局目標シート作成の留意点」に沿って助言します。".into(),
            format!("顔写真 assets/photos/{fy}/somu.png は仮の画像（シルエット）です。部局長の写真に差し替えてください。"),
        ],
        draft: false,
        head_title: Some("部長".into()),
        head_name: Some("見本 太郎".into()),
        contact: Some("0000-00-0000(内線0000)".into()),
        motto: Some("市民に伝わる市政を、市民とともに。".into()),
        goals: vec![goal],
        form: &form,
        self_scale: &scale,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FiscalYear;

    #[test]
    fn the_new_site_checks_clean_and_lints_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let done = init(&site, jiff::civil::date(2025, 2, 10)).unwrap();
        assert_eq!(done.fy, FiscalYear(2024));
        assert!(site.join("content/2024/somu.yaml").is_file());
        let (s, diags) = crate::check(&site);
        assert!(
            diags.is_empty(),
            "{}",
            crate::diagnostics::render_all(&site, &diags)
        );
        let m = &s.years[0].manifestos[0];
        assert_eq!(m.goals.len(), 1);
        assert_eq!(m.goals[0].indicators.len(), 2);
        assert_eq!(
            m.goals[0].deadline.as_ref().unwrap().value.to_string(),
            "2025-03"
        );
        assert_eq!(m.head.name, "見本 太郎");
        assert!(m.goals[0].evaluation.is_none());
    }

    #[test]
    fn refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let r = init(dir.path(), jiff::civil::date(2025, 5, 1))
            .err()
            .unwrap();
        assert_eq!(r.code, 2);
        assert!(
            r.message.contains("is not empty (notes.txt)"),
            "{}",
            r.message
        );
        assert!(!dir.path().join("site.yaml").exists());
    }

    #[test]
    fn a_fresh_git_repository_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        init(dir.path(), jiff::civil::date(2025, 5, 1)).unwrap();
        assert!(dir.path().join("content/2025/_year.yaml").is_file());
    }
}
