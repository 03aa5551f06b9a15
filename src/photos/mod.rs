//! Head photos (部局長顔写真): find each manifesto's photo, check it, and publish it as a few
//! small JPEGs under content-hashed names, cached between builds.
//!
//! `check` looks at each photo's header only (cheap). `build` hashes each photo's bytes;
//! a photo whose processed files are already in the cache (`.manifesto-cache/photos/` in
//! the site) is not decoded again, so a rebuild with unchanged photos spends no time on
//! them. Year-over-year pages reuse the same files: they are keyed by content.

#[doc(hidden)]
pub mod fixtures;
pub mod locate;
pub mod process;

use crate::diagnostics::Diagnostic;
use crate::model::{FiscalYear, Manifesto};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

pub const CACHE_DIR: &str = ".manifesto-cache";

/// A processed photo, as pages use it.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// 16 hex digits of the BLAKE3 hash of the source bytes.
    pub key: String,
    /// Output sizes, smallest first.
    pub sizes: Vec<(u32, u32)>,
}

impl Photo {
    /// Site-relative path of the output of width `w`.
    pub fn file(&self, w: u32) -> String {
        format!("photos/{}-{w}.jpg", self.key)
    }
}

/// Check one manifesto's photo from its header: a missing photo is a warning, a path
/// leaving assets/ or a damaged, unsupported or oversized file an error.
pub fn check(root: &Path, m: &Manifesto) -> Vec<Diagnostic> {
    match locate::locate(root, m) {
        Err(d) => vec![d],
        Ok(locate::Located::Missing(expected)) => vec![missing(m, &expected)],
        Ok(locate::Located::Found(rel)) => {
            let result = std::fs::File::open(root.join(&rel))
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|f| {
                    let mut head = Vec::new();
                    use std::io::Read;
                    // Headers (with EXIF) sit in the first bytes; 256 KiB is plenty.
                    f.take(256 * 1024)
                        .read_to_end(&mut head)
                        .map_err(|e| format!("cannot read: {e}"))?;
                    process::probe(&head)
                });
            match result {
                Ok(_) => Vec::new(),
                Err(why) => vec![photo_error(m, &rel, &why)],
            }
        }
    }
}

fn missing(m: &Manifesto, expected: &str) -> Diagnostic {
    let at = m.head.photo.as_ref().map(|p| p.pos);
    Diagnostic::warning(
        &m.source,
        at,
        format!(
            "no head photo for {}: expected {expected}; the page shows a neutral placeholder",
            m.department.value
        ),
    )
}

fn photo_error(m: &Manifesto, rel: &Path, why: &str) -> Diagnostic {
    let mut note = format!(
        "note: used by {}",
        crate::diagnostics::display_path(&m.source)
    );
    if why.contains("not a JPEG") || why.contains("unsupported") {
        note.push_str("; save the photo as JPEG, PNG or WebP");
    }
    Diagnostic::error(
        rel,
        None,
        format!("head photo of {} ({}): {why}", m.department.value, m.fy),
    )
    .with_note(note)
}

/// A photo to publish: its source file, output sizes, and whether the cache has it.
#[derive(Debug, Clone)]
struct Source {
    rel: PathBuf,
    sizes: Vec<(u32, u32)>,
    cached: bool,
}

/// The photos of a build: which manifesto uses which processed photo.
#[derive(Default, Clone)]
pub struct PhotoSet {
    by_manifesto: HashMap<(FiscalYear, String), Photo>,
    /// By key (the hash of the source bytes).
    sources: BTreeMap<String, Source>,
}

impl PhotoSet {
    pub fn get(&self, fy: FiscalYear, department: &str) -> Option<&Photo> {
        self.by_manifesto.get(&(fy, department.to_string()))
    }

    pub fn len(&self) -> usize {
        self.sources.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Replace the photo of one manifesto by what [`prepare`] found for it in `update`
    /// (`serve`, after one manifesto was edited). Returns the photos to [`produce`].
    pub fn replace(&mut self, fy: FiscalYear, department: &str, update: PhotoSet) -> PhotoSet {
        self.by_manifesto.remove(&(fy, department.to_string()));
        self.by_manifesto.extend(update.by_manifesto.clone());
        for (key, source) in &update.sources {
            self.sources
                .entry(key.clone())
                .or_insert_with(|| source.clone());
        }
        update
    }
}

fn cache_dir(root: &Path) -> PathBuf {
    root.join(CACHE_DIR)
        .join(format!("photos-v{}", process::VERSION))
}

/// Hash every published manifesto's photo and work out its output sizes (from the cache
/// when it holds the photo, else from the header). Errors name the file.
pub fn prepare(root: &Path, manifestos: &[&Manifesto]) -> Result<PhotoSet, Vec<Diagnostic>> {
    let cache = cache_dir(root);
    type Prepared = Result<Option<((FiscalYear, String), Photo, PathBuf, bool)>, Diagnostic>;
    let results: Vec<Prepared> = manifestos
        .par_iter()
        .map(|m| {
            let rel = match locate::locate(root, m)? {
                locate::Located::Found(rel) => rel,
                locate::Located::Missing(_) => return Ok(None),
            };
            let bytes = std::fs::read(root.join(&rel))
                .map_err(|e| photo_error(m, &rel, &format!("cannot read: {e}")))?;
            let key = blake3::hash(&bytes).to_hex()[..16].to_string();
            let dims_file = cache.join(format!("{key}.dims"));
            let cached_dims = std::fs::read_to_string(&dims_file).ok().and_then(|t| {
                let mut it = t.split_whitespace().map(|n| n.parse::<u32>().ok());
                Some((it.next()??, it.next()??))
            });
            let (dims, cached) = match cached_dims {
                Some(d) => (d, true),
                None => (
                    process::probe(&bytes).map_err(|why| photo_error(m, &rel, &why))?,
                    false,
                ),
            };
            let sizes = process::output_sizes(dims.0, dims.1);
            let cached = cached
                && sizes
                    .iter()
                    .all(|(w, _)| cache.join(format!("{key}-{w}.jpg")).is_file());
            if !cached {
                // Remember the dimensions for the next build.
                let _ = std::fs::create_dir_all(&cache);
                let _ = std::fs::write(&dims_file, format!("{} {}\n", dims.0, dims.1));
            }
            Ok(Some((
                (m.fy, m.department.value.clone()),
                Photo { key, sizes },
                rel,
                cached,
            )))
        })
        .collect();
    let mut set = PhotoSet::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Some((id, photo, rel, cached))) => {
                set.sources.entry(photo.key.clone()).or_insert(Source {
                    rel,
                    sizes: photo.sizes.clone(),
                    cached,
                });
                set.by_manifesto.insert(id, photo);
            }
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

/// Process the photos the cache lacks, then publish every photo's files into `out`
/// (`photos/<key>-<w>.jpg`). Returns how many photos were decoded.
pub fn produce(
    root: &Path,
    set: &PhotoSet,
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> Result<usize, Vec<Diagnostic>> {
    let cache = cache_dir(root);
    let results: Vec<Result<bool, Diagnostic>> = set
        .sources
        .par_iter()
        .map(|(key, Source { rel, sizes, cached })| {
            let err =
                |why: String| Diagnostic::error(rel.clone(), None, format!("head photo: {why}"));
            let mut decoded = false;
            if !*cached {
                let bytes =
                    std::fs::read(root.join(rel)).map_err(|e| err(format!("cannot read: {e}")))?;
                let outputs = process::process(&bytes, sizes).map_err(err)?;
                std::fs::create_dir_all(&cache)
                    .map_err(|e| err(format!("cannot write the cache: {e}")))?;
                for ((w, _), data) in sizes.iter().zip(&outputs) {
                    // Write then rename, so that an interrupted build never leaves a
                    // truncated file that a later build would take as cached.
                    let file = cache.join(format!("{key}-{w}.jpg"));
                    let tmp = cache.join(format!(".{key}-{w}.jpg.{}", std::process::id()));
                    std::fs::write(&tmp, data)
                        .and_then(|_| std::fs::rename(&tmp, &file))
                        .map_err(|e| err(format!("cannot write the cache: {e}")))?;
                }
                decoded = true;
            }
            for (w, _) in sizes {
                let data = std::fs::read(cache.join(format!("{key}-{w}.jpg")))
                    .map_err(|e| err(format!("cannot read the cache: {e}")))?;
                write(&format!("photos/{key}-{w}.jpg"), &data)
                    .map_err(|e| err(format!("cannot write: {e}")))?;
            }
            Ok(decoded)
        })
        .collect();
    let mut decoded = 0;
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(true) => decoded += 1,
            Ok(false) => {}
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(decoded)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
