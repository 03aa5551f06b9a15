//! Watching the site's sources: `notify` with a short debounce (editors save in bursts:
//! a temporary file, a rename, a change of mode), and what a changed path means.

use super::rebuild::Change;
use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The folders watched (with everything in them); `site.yaml` is watched through the
/// root folder, since many editors save by writing a new file and renaming it.
pub const WATCHED_DIRS: &[&str] = &["content", "assets", "themes"];

/// How long an event waits for the rest of its burst before it is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Whether an event can change a file: opening and reading one (as every build does)
/// cannot.
fn changes_something(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Start watching `root`; each burst of changed paths goes to `tx`.
pub fn start(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watcher> {
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let paths: Vec<PathBuf> = events
                        .into_iter()
                        .filter(|e| changes_something(&e.event.kind))
                        .flat_map(|e| e.event.paths.clone())
                        .collect();
                    if !paths.is_empty() {
                        let _ = tx.send(paths);
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching the files failed: {e}");
                    }
                }
            },
        )?;
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    Ok(debouncer)
}

/// Watch the content, assets and themes folders that exist and are not watched yet
/// (called again after a change at the root: one may have appeared).
pub fn watch_dirs(debouncer: &mut Watcher, root: &Path, watched: &mut Vec<&'static str>) {
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if watched.contains(dir) || !path.is_dir() {
            continue;
        }
        match debouncer.watch(&path, RecursiveMode::Recursive) {
            Ok(()) => watched.push(dir),
            Err(e) => eprintln!("warning: cannot watch {dir}/: {e}"),
        }
    }
}

/// Temporary, swap, backup and lock files of editors, and hidden files: never content.
pub fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913" // vim checks that it may write in the folder
        || [".swp", ".swo", ".swx", ".tmp", ".bak", ".orig", ".crdownload", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name.contains("___jb_") // JetBrains' safe write
        || name.contains(".sb-") // Emacs' backup by rename
}

/// What a burst of changed paths (absolute) means. `is_manifesto` tells the manifesto
/// files the last load read.
pub fn classify(root: &Path, paths: &[PathBuf], is_manifesto: &dyn Fn(&Path) -> bool) -> Change {
    let mut change = Change::default();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        let Some(first) = parts.first() else {
            continue;
        };
        if parts.iter().any(|p| is_editor_noise(p)) {
            continue;
        }
        let site_file = parts.len() == 1 && first == "site.yaml";
        if !site_file && !WATCHED_DIRS.contains(&first.as_str()) {
            // Anything else at the root: the output folder, README, the photo cache.
            continue;
        }
        let rel = PathBuf::from(parts.join("/"));
        if first == "content" && is_manifesto(&rel) && path.is_file() {
            change.manifestos.insert(rel);
        } else {
            change.full = true;
        }
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_noise() {
        for noise in [
            ".somu.yaml.swp",
            "somu.yaml~",
            "#somu.yaml#",
            ".#somu.yaml",
            "4913",
            "somu.yaml___jb_tmp___",
            "somu.yaml.tmp",
        ] {
            assert!(is_editor_noise(noise), "{noise}");
        }
        assert!(!is_editor_noise("somu.yaml"));
        assert!(!is_editor_noise("_year.yaml"));
    }

    #[test]
    fn classifies_changes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/2023")).unwrap();
        std::fs::write(root.join("content/2023/somu.yaml"), "x").unwrap();
        let known = |p: &Path| p == Path::new("content/2023/somu.yaml");
        let c = classify(root, &[root.join("content/2023/somu.yaml")], &known);
        assert!(!c.full);
        assert_eq!(c.manifestos.len(), 1);
        let c = classify(
            root,
            &[
                root.join("content/2023/.somu.yaml.swp"),
                root.join("public/index.html"),
                root.join("README.md"),
                root.join(".manifesto-cache/x"),
            ],
            &known,
        );
        assert!(c.is_empty(), "{c:?}");
        for full in [
            "site.yaml",
            "content/2023/_year.yaml",
            "content/departments.yaml",
            "content/2023/kikaku.yaml",
            "themes/default/templates/base.html",
            "assets/photos/2023/somu.jpg",
        ] {
            assert!(classify(root, &[root.join(full)], &known).full, "{full}");
        }
        // A manifesto that is gone changed what is published.
        std::fs::remove_file(root.join("content/2023/somu.yaml")).unwrap();
        assert!(classify(root, &[root.join("content/2023/somu.yaml")], &known).full);
    }
}
