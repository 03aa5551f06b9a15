//! Finding a manifesto's head photo under `assets/`, and refusing paths that leave it.

use crate::diagnostics::Diagnostic;
use crate::model::Manifesto;
use std::path::{Component, Path, PathBuf};

pub const EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Where a manifesto's photo is, relative to the site root.
#[derive(Debug, Clone, PartialEq)]
pub enum Located {
    /// An existing file (site-relative path, e.g. `assets/photos/2023/somu.jpg`).
    Found(PathBuf),
    /// No file: the page shows the placeholder. The path is the one we looked for.
    Missing(String),
}

/// Look for the photo of `m`: `head.photo` (relative to `assets/`), else
/// `assets/photos/<fy>/<dept>.<jpg|jpeg|png|webp>`. A `photo:` that leaves `assets/`
/// (`..`, an absolute path, a symlink pointing outside) is an error at its position.
pub fn locate(root: &Path, m: &Manifesto) -> Result<Located, Diagnostic> {
    let assets = root.join("assets");
    if let Some(photo) = &m.head.photo {
        let rel = Path::new(&photo.value);
        let leaves = rel.is_absolute()
            || photo.value.starts_with('/')
            || photo.value.starts_with('\\')
            || rel.components().any(|c| {
                matches!(
                    c,
                    Component::ParentDir | Component::RootDir | Component::Prefix(_)
                )
            });
        if leaves {
            return Err(Diagnostic::error(
                &m.source,
                Some(photo.pos),
                format!(
                    "`photo: {}` must be a path inside assets/ (like photos/{}/{}.jpg), without `..` or a leading `/`",
                    photo.value, m.fy, m.department.value
                ),
            ));
        }
        let full = assets.join(rel);
        if !full.exists() {
            return Ok(Located::Missing(format!("assets/{}", photo.value)));
        }
        check_inside(&assets, &full).map_err(|why| {
            Diagnostic::error(
                &m.source,
                Some(photo.pos),
                format!("`photo: {}` {why}", photo.value),
            )
        })?;
        if !full.is_file() {
            return Err(Diagnostic::error(
                &m.source,
                Some(photo.pos),
                format!("`photo: {}` is a folder, not an image file", photo.value),
            ));
        }
        return Ok(Located::Found(PathBuf::from("assets").join(rel)));
    }
    let base = format!("photos/{}/{}", m.fy, m.department.value);
    // One look at the year's folder first: a site without photos for a year would
    // otherwise ask for four missing files per manifesto, in `check` and in `build`.
    if !assets.join(format!("photos/{}", m.fy)).is_dir() {
        return Ok(Located::Missing(format!("assets/{base}.jpg")));
    }
    for ext in EXTENSIONS {
        let full = assets.join(format!("{base}.{ext}"));
        if full.is_file() {
            check_inside(&assets, &full)
                .map_err(|why| Diagnostic::error(format!("assets/{base}.{ext}"), None, why))?;
            return Ok(Located::Found(PathBuf::from(format!(
                "assets/{base}.{ext}"
            ))));
        }
    }
    Ok(Located::Missing(format!("assets/{base}.jpg")))
}

/// A symlink may point anywhere: the real file must still be inside `assets/`.
fn check_inside(assets: &Path, full: &Path) -> Result<(), String> {
    let real = full
        .canonicalize()
        .map_err(|e| format!("cannot be opened: {e}"))?;
    let assets = assets
        .canonicalize()
        .unwrap_or_else(|_| assets.to_path_buf());
    if real.starts_with(&assets) {
        Ok(())
    } else {
        Err("is a link to a file outside assets/; copy the photo into assets/ instead".to_string())
    }
}
