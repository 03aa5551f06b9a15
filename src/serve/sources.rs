//! The site's sources as `serve` keeps them between edits: everything [`load::load`] read,
//! with each manifesto file's result (model and problems) kept apart, so that an edit to
//! one manifesto re-reads that file only ([`load::load_manifesto`]) and the rest is
//! reassembled from memory.

use crate::diagnostics::Diagnostic;
use crate::load::{self, Loaded};
use crate::model::{FiscalYear, Manifesto, SourceFormat};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

struct FileResult {
    fy: FiscalYear,
    format: SourceFormat,
    manifesto: Option<Manifesto>,
    diags: Vec<Diagnostic>,
    /// Hash of the bytes last seen by [`Sources::unchanged`].
    seen: Option<blake3::Hash>,
}

pub struct Sources {
    /// What `load` read, with every year's manifestos and the manifesto files' problems
    /// taken out (they are in `files`).
    base: Loaded,
    /// Manifesto files by path relative to the root. `BTreeMap` order is the file-name
    /// order `load` reads them in within a year.
    files: BTreeMap<PathBuf, FileResult>,
}

impl Sources {
    /// Read the whole site.
    pub fn load(root: &Path) -> Sources {
        let listed = load::manifesto_files(root);
        let mut base = load::load(root);
        let mut files: BTreeMap<PathBuf, FileResult> = listed
            .into_iter()
            .map(|(fy, path, format)| {
                (
                    path,
                    FileResult {
                        fy,
                        format,
                        manifesto: None,
                        diags: Vec::new(),
                        seen: None,
                    },
                )
            })
            .collect();
        for year in &mut base.years {
            for m in year.manifestos.drain(..) {
                if let Some(f) = files.get_mut(&m.source) {
                    f.manifesto = Some(m);
                }
            }
        }
        let (mine, rest): (Vec<Diagnostic>, Vec<Diagnostic>) = base
            .diags
            .drain(..)
            .partition(|d| files.contains_key(&d.path));
        base.diags = rest;
        for d in mine {
            if let Some(f) = files.get_mut(&d.path) {
                f.diags.push(d);
            }
        }
        base.failed.clear();
        Sources { base, files }
    }

    /// Whether `rel` is one of the manifesto files read.
    pub fn is_manifesto(&self, rel: &Path) -> bool {
        self.files.contains_key(rel)
    }

    /// Whether `rel` holds the same bytes as when this was last asked (editors often
    /// write a file in two steps, and the watcher may report both): `false` the first
    /// time, and for files that cannot be read.
    pub fn unchanged(&mut self, rel: &Path) -> bool {
        let Some(f) = self.files.get_mut(rel) else {
            return false;
        };
        let now = std::fs::read(self.base.root.join(rel))
            .ok()
            .map(|b| blake3::hash(&b));
        let same = now.is_some() && now == f.seen;
        f.seen = now;
        same
    }

    /// Re-read one manifesto file that was read before; `false` when `rel` is not one.
    pub fn reload(&mut self, rel: &Path) -> bool {
        let root = self.base.root.clone();
        let Some(f) = self.files.get_mut(rel) else {
            return false;
        };
        let (manifesto, diags) = load::load_manifesto(&root, f.fy, rel, f.format);
        f.manifesto = manifesto;
        f.diags = diags;
        true
    }

    /// The manifesto read from `rel`, if it loaded without errors.
    pub fn manifesto(&self, rel: &Path) -> Option<&Manifesto> {
        self.files.get(rel).and_then(|f| f.manifesto.as_ref())
    }

    /// The problems found in `rel` when it was last read.
    pub fn problems(&self, rel: &Path) -> Vec<Diagnostic> {
        self.files
            .get(rel)
            .map(|f| f.diags.clone())
            .unwrap_or_default()
    }

    /// The site as [`load::load`] would read it now, for validation.
    pub fn assemble(&self) -> Loaded {
        let mut loaded = Loaded {
            years: self
                .base
                .years
                .iter()
                .map(|y| load::LoadedYear {
                    fy: y.fy,
                    settings: y.settings.clone(),
                    manifestos: Vec::new(),
                })
                .collect(),
            diags: self.base.diags.clone(),
            failed: Vec::new(),
            ..site_part(&self.base)
        };
        for (path, f) in &self.files {
            loaded.diags.extend(f.diags.iter().cloned());
            match &f.manifesto {
                Some(m) => {
                    if let Some(year) = loaded.years.iter_mut().find(|y| y.fy == m.fy) {
                        year.manifestos.push(m.clone());
                    }
                }
                None => loaded.failed.push((
                    f.fy,
                    path.file_stem()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                )),
            }
        }
        loaded
    }
}

/// The site-wide part of what was loaded (config, register, policies), with no years,
/// problems or failed files.
fn site_part(l: &Loaded) -> Loaded {
    Loaded {
        root: l.root.clone(),
        config: l.config.clone(),
        register: l.register.clone(),
        policies: l.policies.clone(),
        years: Vec::new(),
        failed: Vec::new(),
        diags: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const GOAL: &str = "goals:\n  - mission: 使命\n    title: 表題\n    current: 現状\n    target: 2024年3月までに3割にする。\n    outcome: 状態\n    means: 手段\n";

    #[test]
    fn reloading_one_file_gives_what_a_full_load_gives() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "site.yaml", "title: t\norganization: o\n");
        write(
            root,
            "content/departments.yaml",
            "- id: somu\n  name: 総務部\n- id: kikaku\n  name: 企画部\n",
        );
        let head = "head:\n  title: 部長\n  name: 名前\n";
        write(root, "content/2023/somu.yaml", &format!("{head}{GOAL}"));
        write(root, "content/2023/kikaku.yaml", &format!("{head}{GOAL}"));
        let mut sources = Sources::load(root);
        let rel = Path::new("content/2023/somu.yaml");
        assert!(sources.is_manifesto(rel));
        assert!(!sources.is_manifesto(Path::new("content/2023/_year.yaml")));

        // A broken edit: the file's problems replace its manifesto.
        write(
            root,
            "content/2023/somu.yaml",
            &format!("{head}  bad: [\n{GOAL}"),
        );
        assert!(sources.reload(rel));
        let assembled = sources.assemble();
        let full = load::load(root);
        assert_eq!(assembled.diags, full.diags);
        assert!(!assembled.diags.is_empty());
        assert_eq!(assembled.failed, full.failed);
        assert_eq!(assembled.years[0].manifestos, full.years[0].manifestos);

        // Fixed: back to one manifesto more and no problems.
        write(
            root,
            "content/2023/somu.yaml",
            &format!("{head}motto: 新しい抱負\n{GOAL}"),
        );
        assert!(sources.reload(rel));
        let assembled = sources.assemble();
        let full = load::load(root);
        assert!(assembled.diags.is_empty(), "{:?}", assembled.diags);
        assert_eq!(assembled.years[0].manifestos, full.years[0].manifestos);
        assert_eq!(
            sources.manifesto(rel).unwrap().motto.as_deref(),
            Some("新しい抱負")
        );
        assert!(!sources.reload(Path::new("content/2023/nope.yaml")));

        // The same bytes twice in a row are noticed.
        assert!(!sources.unchanged(rel));
        assert!(sources.unchanged(rel));
        write(
            root,
            "content/2023/somu.yaml",
            &format!("{head}motto: 次\n{GOAL}"),
        );
        assert!(!sources.unchanged(rel));
    }
}
