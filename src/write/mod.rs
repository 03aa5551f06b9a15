//! Stage 5, **write**: the output folder, written safely.
//!
//! A build writes into a fresh hidden folder beside the output folder and swaps it in only
//! when everything succeeded, so that a failed or interrupted build leaves the previous
//! output intact. We only ever replace or delete a folder that carries our marker file,
//! and refuse output folders that would overwrite the site's own sources.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Written into every output folder; a non-empty folder without it is not ours.
pub const MARKER: &str = ".manifesto-output";
const MARKER_TEXT: &str =
    "This folder is written by `manifesto build` and is replaced on every build.\n";

/// Where the output goes, checked against the site root. Errors are messages for the user.
pub fn resolve_output(root: &Path, requested: &Path) -> Result<PathBuf, String> {
    let joined = if requested.is_absolute() {
        requested.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(requested))
            .unwrap_or_else(|_| root.join(requested))
    };
    let out = normalize(&joined);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let shown = out.display();
    if out == root {
        return Err(format!(
            "refusing to write the site into its own folder {shown}: choose an output folder such as public/"
        ));
    }
    if root.starts_with(&out) {
        return Err(format!(
            "refusing to write into {shown}: it contains the site itself"
        ));
    }
    for protected in ["content", "assets", "themes", "archive", ".git"] {
        if out.starts_with(root.join(protected)) {
            return Err(format!(
                "refusing to write into {shown}: it is inside the site's {protected}/ folder"
            ));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(format!(
                "refusing to write into {shown}: it is a file, not a folder"
            ));
        }
        let mut entries = fs::read_dir(&out).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let empty = entries.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(format!(
                "refusing to write into {shown}: the folder is not empty and was not made by manifesto build (no {MARKER} file); nothing was deleted. Choose another folder or empty it yourself"
            ));
        }
    }
    Ok(out)
}

/// Make a path absolute and clean (`a/./b/../c` → `a/c`), resolving symlinks of the part
/// that exists, without requiring the rest to exist.
fn normalize(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other.as_os_str()),
        }
    }
    // Resolve the longest existing ancestor (symlinks, /tmp → /private/tmp, …).
    let mut existing = clean.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => {
                rest.push(name.to_os_string());
                existing.pop();
            }
            None => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}

/// Where rendered files go: the staging folder of `build`, or memory in `serve`.
/// `rel` is a site-relative path with `/` separators (`2023/somu/index.html`).
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;

    /// Write a file produced piece by piece (the all-years data files of a large site);
    /// returns its size. By default it is gathered in memory and written whole; the
    /// staging folder streams it to disk instead.
    fn write_streamed(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), String>,
    ) -> Result<usize, String> {
        let mut buf = Vec::new();
        produce(&mut buf)?;
        self.write(rel, &buf).map_err(|e| e.to_string())?;
        Ok(buf.len())
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn write_streamed(
        &self,
        rel: &str,
        produce: &mut dyn FnMut(&mut dyn io::Write) -> Result<(), String>,
    ) -> Result<usize, String> {
        self.make_folder(rel).map_err(|e| e.to_string())?;
        let file = fs::File::create(self.dir().join(rel)).map_err(|e| e.to_string())?;
        let mut w = io::BufWriter::new(file);
        produce(&mut w)?;
        let file = w.into_inner().map_err(|e| e.to_string())?;
        let len = file.metadata().map_err(|e| e.to_string())?.len();
        Ok(len as usize)
    }
}

/// A build in progress: files go into `tmp`, which replaces `out` on [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    committed: bool,
    /// Folders this build has made: asking the file system again for every page
    /// (`create_dir_all` is a failing `mkdir` plus a `stat` when the folder exists) was a
    /// third of the time spent writing.
    made: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Staging {
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale_temps(&parent, &name);
        let tmp = parent.join(format!(".{name}.manifesto-tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        fs::write(tmp.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            committed: false,
            made: Default::default(),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Write a file at a site-relative path (`2023/somu/index.html`).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.tmp.join(rel);
        let known = self.make_folder(rel)?;
        match fs::write(&path, bytes) {
            // A folder removed behind our back (never in a build, but cheap to survive).
            Err(e) if known && e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(path, bytes)
            }
            result => result,
        }
    }

    /// Make the folder of `rel` unless this build already made it; says whether it had
    /// (`false` for a file at the top, whose folder is the staging folder itself).
    fn make_folder(&self, rel: &str) -> io::Result<bool> {
        let Some((folder, _)) = rel.rsplit_once('/') else {
            return Ok(false);
        };
        if self.made.lock().is_ok_and(|made| made.contains(folder)) {
            return Ok(true);
        }
        fs::create_dir_all(self.tmp.join(folder))?;
        if let Ok(mut made) = self.made.lock() {
            made.insert(folder.to_string());
        }
        Ok(false)
    }

    /// Swap the finished folder in place of the output folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.out.with_file_name(format!(
            ".{}.manifesto-old-{}",
            self.out.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Temporary folders of builds that were killed before they could clean up.
fn remove_stale_temps(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let ours = file.starts_with(&format!(".{name}.manifesto-tmp-"))
            || file.starts_with(&format!(".{name}.manifesto-old-"));
        if ours && entry.path().join(MARKER).is_file() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_output_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content/2023")).unwrap();
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "大事なメモ").unwrap();
        assert!(resolve_output(root, root).is_err());
        assert!(resolve_output(root, &root.join("content")).is_err());
        assert!(resolve_output(root, &root.join("content/2023/out")).is_err());
        assert!(resolve_output(root, &root.join("assets/x")).is_err());
        assert!(resolve_output(root, &root.join("themes")).is_err());
        assert!(resolve_output(root, &root.join("archive")).is_err());
        assert!(resolve_output(root, &root.join("archive/2023/public")).is_err());
        assert!(resolve_output(root, root.parent().unwrap()).is_err());
        let err = resolve_output(root, &root.join("mine")).unwrap_err();
        assert!(err.contains("not empty"), "{err}");
        assert!(root.join("mine/notes.txt").exists());
        assert!(resolve_output(root, &root.join("public")).is_ok());
        assert!(resolve_output(root, &root.join("a/../public")).is_ok());
    }

    #[test]
    fn staging_swaps_and_failed_builds_leave_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        // A build that is dropped without commit leaves the old output and no temp folder.
        let s = Staging::new(&out).unwrap();
        s.write("index.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1);
        // Our own output is accepted as a target again.
        assert!(resolve_output(dir.path(), &out).is_ok());
    }
}
