//! `manifesto new <FY> <DEPT>`: start a department's sheet for a fiscal year.
//!
//! When the department has a manifesto in an earlier year, the latest one's goals are
//! carried over — mission, policy and title, with `continues: <fy>/<dept>/<n>` — and so
//! are the head and the contact; everything the new year must say afresh holds
//! 【未記入】, which `check` lists as `unfilled` warnings, and the sheet starts as a draft
//! so that the site still builds (without it) while staff write.

use super::Refusal;
use super::sheet::{GoalDraft, Sheet};
use crate::diagnostics::suggest;
use crate::load::{CONTENT_DIR, REGISTER_FILE, YEAR_FILE};
use crate::model::{Department, FiscalYear, Form, Manifesto, Scale, Site};
use std::path::{Path, PathBuf};

pub struct Created {
    /// Relative to the site root.
    pub path: PathBuf,
    /// The manifesto the goals were carried over from: (its file, its fiscal year, goals).
    pub carried_from: Option<(PathBuf, FiscalYear, usize)>,
    pub notes: Vec<String>,
}

pub fn new_manifesto(root: &Path, fy: FiscalYear, dept: &str) -> Result<Created, Refusal> {
    let (site, diags) = crate::load_and_validate(root);
    if diags
        .iter()
        .any(|d| d.is_error() && d.path == Path::new(REGISTER_FILE))
    {
        return Err(Refusal {
            code: 1,
            message: format!("{REGISTER_FILE} has errors; fix them first (run `manifesto check`)"),
            notes: Vec::new(),
        });
    }
    let department = find_department(&site, dept)?;
    if let Some(abolished) = department.abolished
        && fy >= abolished
    {
        return Err(Refusal::usage(format!(
            "{} ({}) was abolished in {}: it can have no manifesto in {}",
            department.name,
            department.id,
            abolished.label(),
            fy.label()
        )));
    }
    refuse_existing(root, fy, department)?;
    let previous = latest_before(root, &site, fy, department)?;

    let (form, self_scale) = year_settings(&site, fy);
    let mut sheet = Sheet {
        fy,
        department: &department.id,
        department_name: &department.name,
        intro: vec![
            format!("`manifesto new {fy} {}` で作成しました。", department.id),
            format!(
                "「{}」の欄を書き換え、`manifesto check` で書き方の助言を確かめてください。",
                crate::lint::PLACEHOLDER
            ),
        ],
        draft: true,
        head_title: None,
        head_name: None,
        contact: None,
        motto: None,
        goals: vec![GoalDraft::default()],
        form: &form,
        self_scale: &self_scale,
    };
    if let Some(m) = previous {
        sheet.intro.push(format!(
            "部局目標は{}の{}から引き継いでいます（組織使命・施策No・表題と continues）。",
            m.fy.label(),
            crate::diagnostics::display_path(&m.source)
        ));
        sheet.intro.push(
            "今年度の目標でないものは、その「- mission:」から次の目標の前まで消してください。"
                .into(),
        );
        sheet.head_title = Some(m.head.title.clone());
        sheet.head_name = Some(m.head.name.clone());
        sheet.contact = m.contact.clone();
        sheet.goals = m
            .goals
            .iter()
            .map(|g| GoalDraft {
                note: format!("{}の部局目標{}から継続", m.fy.label(), g.number),
                mission: Some(g.mission.clone()),
                policy: g.policy.clone(),
                title: Some(g.title.clone()),
                continues: Some(format!("{}/{}/{}", m.fy, m.department.value, g.number)),
                ..GoalDraft::default()
            })
            .collect();
    }
    let text = sheet.render();

    let rel = PathBuf::from(format!("{CONTENT_DIR}/{fy}/{}.yaml", department.id));
    let path = root.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            Refusal::usage(format!("cannot create the folder {}: {e}", dir.display()))
        })?;
    }
    write_new(&path, text.as_bytes())?;

    let mut notes = Vec::new();
    if !root
        .join(format!("{CONTENT_DIR}/{fy}/{YEAR_FILE}"))
        .is_file()
    {
        notes.push(format!(
            "note: there is no {CONTENT_DIR}/{fy}/{YEAR_FILE}: {} uses the default 5-level self-evaluation scale and headings; copy the previous year's {YEAR_FILE} there if this year's form is the same",
            fy.label()
        ));
    }
    Ok(Created {
        path: rel,
        carried_from: previous.map(|m| (m.source.clone(), m.fy, m.goals.len())),
        notes,
    })
}

fn find_department<'s>(site: &'s Site, id: &str) -> Result<&'s Department, Refusal> {
    if let Some(d) = site.register.get(id) {
        return Ok(d);
    }
    if let Some(d) = site.register.resolve(id) {
        return Err(Refusal::usage(format!(
            "\"{id}\" is an earlier id of {} ({}): new manifestos are filed under the current id",
            d.name, d.id
        ))
        .note(format!("help: manifesto new <FY> {}", d.id)));
    }
    let mut r = Refusal::usage(format!(
        "unknown department \"{id}\": it is not in {REGISTER_FILE}"
    ));
    if let Some(s) = suggest::closest(id, site.register.ids()) {
        r = r.note(format!("help: did you mean \"{s}\"?"));
    }
    let ids: Vec<&str> = site.register.ids().collect();
    Err(r.note(if ids.is_empty() {
        format!("note: {REGISTER_FILE} lists no departments yet")
    } else {
        format!("note: the register has: {}", ids.join(", "))
    }))
}

/// Ids the department's manifestos may be filed under: its id and its earlier ids.
fn filed_ids(d: &Department) -> impl Iterator<Item = &str> {
    std::iter::once(d.id.as_str()).chain(d.renamed_from.iter().map(String::as_str))
}

fn refuse_existing(root: &Path, fy: FiscalYear, d: &Department) -> Result<(), Refusal> {
    for id in filed_ids(d) {
        for ext in ["yaml", "md"] {
            let rel = format!("{CONTENT_DIR}/{fy}/{id}.{ext}");
            if root.join(&rel).exists() {
                return Err(Refusal::usage(format!(
                    "{rel} already exists: {} has a manifesto in {}",
                    d.name,
                    fy.label()
                ))
                .note("help: edit that file, or delete it first to start again"));
            }
        }
    }
    Ok(())
}

/// The department's latest manifesto before `fy`. A later file that did not load (it
/// has errors) is not skipped silently: carrying over an older year's goals instead
/// would be wrong.
fn latest_before<'s>(
    root: &Path,
    site: &'s Site,
    fy: FiscalYear,
    d: &Department,
) -> Result<Option<&'s Manifesto>, Refusal> {
    let loaded = site
        .years
        .iter()
        .filter(|y| y.fy < fy)
        .flat_map(|y| y.manifestos.iter())
        .filter(|m| site.register.resolve(&m.department.value).map(|x| &x.id) == Some(&d.id))
        .max_by_key(|m| m.fy);
    let newest_file = newest_file_before(root, fy, d);
    if let Some((file_fy, rel)) = newest_file
        && loaded.is_none_or(|m| m.fy < file_fy)
    {
        return Err(Refusal {
            code: 1,
            message: format!(
                "{rel} has errors, so its goals cannot be carried over into {}",
                fy.label()
            ),
            notes: vec!["help: run `manifesto check`, fix them, and run this again".into()],
        });
    }
    Ok(loaded)
}

fn newest_file_before(root: &Path, fy: FiscalYear, d: &Department) -> Option<(FiscalYear, String)> {
    let entries = std::fs::read_dir(root.join(CONTENT_DIR)).ok()?;
    let mut years: Vec<FiscalYear> = entries
        .filter_map(Result::ok)
        .filter_map(|e| FiscalYear::parse(&e.file_name().to_string_lossy()))
        .filter(|y| *y < fy)
        .collect();
    years.sort();
    years.into_iter().rev().find_map(|y| {
        filed_ids(d)
            .flat_map(|id| ["yaml", "md"].map(|ext| format!("{CONTENT_DIR}/{y}/{id}.{ext}")))
            .find(|rel| root.join(rel).is_file())
            .map(|rel| (y, rel))
    })
}

/// The headings and self scale the sheet's comments use: the year's own, else the
/// latest earlier year's (a new year usually keeps the form), else the defaults.
fn year_settings(site: &Site, fy: FiscalYear) -> (Form, Scale) {
    let year = site
        .years
        .iter()
        .filter(|y| y.fy <= fy)
        .max_by_key(|y| y.fy);
    match year {
        Some(y) => (y.settings.form.clone(), y.settings.self_scale.clone()),
        None => (Form::default(), Scale::default_self()),
    }
}

/// Write a file that must not exist yet (never overwrite, even in a race).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Refusal::usage(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(bytes)
        .map_err(|e| Refusal::usage(format!("cannot write {}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(manifesto_2023: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w("site.yaml", "title: テスト市\norganization: テスト市\n");
        w(
            "content/departments.yaml",
            "- id: somu\n  name: 総務部\n  renamed_from: [somu-old]\n",
        );
        w("content/2022/somu-old.yaml", manifesto_2023);
        dir
    }

    #[test]
    fn any_text_is_carried_over_unchanged() {
        let old = r##"department: somu-old
head:
  title: "部長: 兼 #1"
  name: "- 伊賀 太郎"
contact: 'yes'
goals:
  - mission: "「市民」: 市政 # 参画 'と' \"共創\""
    policy: "5-2"
    title: |2-
        字下げで始まる表題
      二行目: 値
    current: x
    target: x
    outcome: x
    means: x
  - mission: "@始まり、%も、`も"
    policy: "-"
    title: "3"
    current: x
    target: x
    outcome: x
    means: x
"##;
        let dir = site(old);
        let (before, diags) = crate::check(dir.path());
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let made = new_manifesto(dir.path(), FiscalYear(2023), "somu").unwrap();
        assert_eq!(made.path, PathBuf::from("content/2023/somu.yaml"));
        assert_eq!(made.carried_from.as_ref().unwrap().2, 2);

        let (after, diags) = crate::check(dir.path());
        assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}");
        let (a, b) = (
            &before.years[0].manifestos[0],
            &after.years[1].manifestos[0],
        );
        assert_eq!(b.head.title, a.head.title);
        assert_eq!(b.head.name, a.head.name);
        assert_eq!(b.contact, a.contact);
        assert!(b.draft);
        for (ga, gb) in a.goals.iter().zip(&b.goals) {
            assert_eq!(gb.mission, ga.mission);
            assert_eq!(gb.title, ga.title);
            assert_eq!(gb.policy, ga.policy);
            assert_eq!(
                gb.continues.as_ref().unwrap().value.to_string(),
                format!("2022/somu-old/{}", ga.number)
            );
            assert!(gb.evaluation.is_none());
            assert_eq!(gb.current, crate::lint::PLACEHOLDER);
            assert_eq!(gb.background, None);
        }
        assert_eq!(b.goals[0].title, "  字下げで始まる表題\n二行目: 値");
    }
}
