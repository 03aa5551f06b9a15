//! `manifesto archive`: freeze a fiscal year's pages as a self-contained snapshot in
//! `archive/<FY>/`, verify snapshots against their manifests, and hand them to `build`,
//! which publishes each snapshot to `/<FY>/` byte for byte instead of rendering the year.
//!
//! A snapshot is made by the real build: the whole site is built into a temporary folder
//! inside `archive/` with the year's pages pointing at their own copies of the theme's
//! files and the head photos (`<FY>/_assets/…`, see [`crate::plan::Plan::asset_root`]);
//! the `<FY>/` subtree of that build — whatever the build writes there: pages, data files —
//! becomes the snapshot, together with every `_assets/` file its pages reference and the
//! theme's static files. Then come the two records, and one rename puts the finished
//! folder in place, so that an interrupted run never leaves half a snapshot:
//!
//! - `SHA256SUMS` — the SHA-256 of every other file of the snapshot, in `sha256sum`'s
//!   format ([`manifest`]); published with the year, so anyone can check it.
//! - `SOURCES.sha256` — the SHA-256 of the year's sources when it was archived
//!   (`content/<FY>/**` and the head photos its manifestos use), paths relative to the site
//!   root; `check` warns when one of them changes later.

pub mod manifest;
pub mod zip;

use crate::authoring::Refusal;
use crate::diagnostics::Diagnostic;
use crate::model::{FiscalYear, Site};
use manifest::Manifest;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder of snapshots, under the site root.
pub const ARCHIVE_DIR: &str = "archive";
/// The manifest of a snapshot, in its top folder.
pub const MANIFEST: &str = "SHA256SUMS";
/// The record of the year's sources, in the snapshot's top folder.
pub const SOURCES: &str = "SOURCES.sha256";
/// The snapshot's own copies of theme files and photos: `<FY>/_assets/theme/…`,
/// `<FY>/_assets/photos/…`. Department ids are `[a-z0-9-]+`, so it cannot collide.
pub const ASSETS: &str = "_assets";

/// A snapshot on disk: `archive/<fy>/`.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub fy: FiscalYear,
    /// Absolute (the site root joined with `archive/<fy>`).
    pub dir: PathBuf,
}

impl Snapshot {
    /// Site-relative folder, for messages: `archive/2023`.
    pub fn rel(&self) -> String {
        format!("{ARCHIVE_DIR}/{}", self.fy)
    }
}

/// The snapshots of a site, oldest first: the folders of `archive/` named by a fiscal year.
/// Anything else there (a zip, a README, a hidden temporary folder) is not a snapshot.
pub fn snapshots(root: &Path) -> Vec<Snapshot> {
    let Ok(entries) = fs::read_dir(root.join(ARCHIVE_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<Snapshot> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let fy = FiscalYear::parse(&e.file_name().to_string_lossy())?;
            Some(Snapshot { fy, dir: e.path() })
        })
        .collect();
    found.sort_by_key(|s| s.fy);
    found
}

/// Check a snapshot against its manifest. Returns the number of files checked; every
/// difference is an error naming the file.
pub fn verify_snapshot(s: &Snapshot) -> Result<usize, Vec<Diagnostic>> {
    let rel = s.rel();
    let manifest_path = s.dir.join(MANIFEST);
    let text = match fs::read_to_string(&manifest_path) {
        Ok(t) => t,
        Err(e) => {
            return Err(vec![
                Diagnostic::error(
                    format!("{rel}/{MANIFEST}"),
                    None,
                    format!("cannot read the snapshot's manifest: {e}"),
                )
                .with_note(format!(
                    "help: a snapshot is made by `manifesto archive {}`; without its manifest nobody can tell whether it is what was published",
                    s.fy
                )),
            ]);
        }
    };
    let expected = manifest::parse(&text).map_err(|why| {
        vec![Diagnostic::error(
            format!("{rel}/{MANIFEST}"),
            None,
            format!("damaged manifest: {why}"),
        )]
    })?;
    let actual = manifest::hash_folder(&s.dir, &[MANIFEST]).map_err(|e| {
        vec![Diagnostic::error(
            rel.clone(),
            None,
            format!("cannot read the snapshot: {e}"),
        )]
    })?;
    let d = manifest::compare(&expected, &actual);
    if d.is_empty() {
        return Ok(actual.len());
    }
    let mut diags = Vec::new();
    for p in &d.changed {
        diags.push(Diagnostic::error(
            format!("{rel}/{p}"),
            None,
            "changed since it was archived: its SHA-256 differs from the manifest",
        ));
    }
    for p in &d.missing {
        diags.push(Diagnostic::error(
            format!("{rel}/{p}"),
            None,
            "missing: the manifest lists it but the snapshot does not have it",
        ));
    }
    for p in &d.extra {
        diags.push(Diagnostic::error(
            format!("{rel}/{p}"),
            None,
            "extra: the snapshot has it but the manifest does not list it",
        ));
    }
    crate::diagnostics::sort(&mut diags);
    Err(diags)
}

/// What `archive --verify` found.
pub struct Verified {
    pub snapshots: usize,
    pub files: usize,
    pub problems: Vec<Diagnostic>,
}

/// Check every snapshot of the site.
pub fn verify_all(root: &Path) -> Verified {
    let mut v = Verified {
        snapshots: 0,
        files: 0,
        problems: Vec::new(),
    };
    for s in snapshots(root) {
        v.snapshots += 1;
        match verify_snapshot(&s) {
            Ok(n) => v.files += n,
            Err(mut d) => v.problems.append(&mut d),
        }
    }
    v
}

/// The snapshots a build publishes instead of rendering their years, each verified first:
/// a build never publishes a snapshot that differs from its manifest.
pub fn frozen(root: &Path) -> Result<Vec<Snapshot>, Vec<Diagnostic>> {
    let all = snapshots(root);
    let problems: Vec<Diagnostic> = all
        .iter()
        .filter_map(|s| verify_snapshot(s).err())
        .flatten()
        .map(|d| {
            d.with_note(
                "help: run `manifesto archive --verify`; restore the snapshot from version control or the records office's copy, or make it again with `manifesto archive <FY> --force`",
            )
        })
        .collect();
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(problems)
    }
}

/// Copy a snapshot into the build at `<fy>/`, replacing whatever the build wrote there.
/// Returns the number of files copied.
pub fn publish(s: &Snapshot, staging: &crate::write::Staging) -> io::Result<usize> {
    let target = staging.dir().join(s.fy.to_string());
    if target.exists() {
        fs::remove_dir_all(&target)?;
    }
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&s.dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&s.dir)
            .map_err(io::Error::other)?;
        let to = target.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(entry.path(), &to)?;
        count += 1;
    }
    Ok(count)
}

/// The year's sources, site-relative: every file under `content/<fy>/` and the head photo
/// of each published manifesto of the year.
fn source_files(root: &Path, site: &Site, fy: FiscalYear) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let dir = root.join(crate::load::CONTENT_DIR).join(fy.to_string());
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && let Ok(rel) = entry.path().strip_prefix(root)
        {
            files.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    if let Some(year) = site.years.iter().find(|y| y.fy == fy) {
        for m in year.manifestos.iter().filter(|m| !m.draft) {
            if let Ok(crate::photos::locate::Located::Found(rel)) =
                crate::photos::locate::locate(root, m)
            {
                files.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files
}

fn hash_sources(root: &Path, files: &BTreeSet<String>) -> io::Result<Manifest> {
    files
        .iter()
        .map(|f| Ok((f.clone(), manifest::sha256_file(&root.join(f))?)))
        .collect()
}

/// `check`'s warnings: a source of an archived year that changed, disappeared or appeared
/// since the year was archived. The site keeps publishing the snapshot; the warning says
/// so and how to publish the change.
pub fn source_warnings(root: &Path, site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for s in snapshots(root) {
        let record = s.dir.join(SOURCES);
        let label = s.fy.label();
        let help = format!(
            "help: the site keeps publishing {} as archived; to publish the change, run `manifesto archive {} --force` and hand the new snapshot to the records office",
            s.rel(),
            s.fy
        );
        let recorded = match fs::read_to_string(&record)
            .map_err(|e| e.to_string())
            .and_then(|t| manifest::parse(&t))
        {
            Ok(m) => m,
            Err(why) => {
                diags.push(Diagnostic::warning(
                    format!("{}/{SOURCES}", s.rel()),
                    None,
                    format!("cannot read the record of {label}'s sources ({why}): changes to the year's content cannot be detected"),
                ));
                continue;
            }
        };
        let now = source_files(root, site, s.fy);
        for (path, hash) in &recorded {
            let current = manifest::sha256_file(&root.join(path));
            let what = match current {
                Ok(h) if &h == hash => continue,
                Ok(_) => "changed",
                Err(_) => "deleted or moved",
            };
            diags.push(
                Diagnostic::warning(
                    path.as_str(),
                    None,
                    format!("{what} since {label} was archived"),
                )
                .with_note(help.clone()),
            );
        }
        for path in now.iter().filter(|p| !recorded.contains_key(*p)) {
            diags.push(
                Diagnostic::warning(
                    path.as_str(),
                    None,
                    format!("added since {label} was archived"),
                )
                .with_note(help.clone()),
            );
        }
    }
    diags
}

/// What `manifesto archive <FY>` did.
pub struct Archived {
    pub snapshot: Snapshot,
    /// False when the snapshot existed and only the zip was written.
    pub created: bool,
    pub files: usize,
    pub manifestos: usize,
    /// Draft manifestos of the year, left out.
    pub drafts: Vec<String>,
    pub replaced: bool,
    pub zip: Option<PathBuf>,
    /// Warnings of the content check (the build would count them too).
    pub warnings: Vec<Diagnostic>,
    /// Stylesheets, scripts or images the snapshot's pages load from outside it (a theme
    /// template that bypasses `asset_root`): they would change with the live site.
    pub outside: Vec<Diagnostic>,
}

/// Why `archive` did nothing.
pub enum Failure {
    /// Content errors (exit 1), printed as diagnostics.
    Content(Vec<Diagnostic>),
    /// A refusal with its message and exit code (1: the year cannot be archived as it is;
    /// 2: usage or environment).
    Refused(Refusal),
}

fn refuse(code: u8, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
        notes: Vec::new(),
    }
}

fn env_error(what: &str, e: impl std::fmt::Display) -> Failure {
    Failure::Refused(refuse(2, format!("{what}: {e}")))
}

/// `manifesto archive <FY> [--force] [--zip FILE]`.
pub fn archive(
    root: &Path,
    fy: FiscalYear,
    force: bool,
    zip_to: Option<&Path>,
) -> Result<Archived, Failure> {
    let archive_dir = root.join(ARCHIVE_DIR);
    let target = archive_dir.join(fy.to_string());
    let snapshot = Snapshot {
        fy,
        dir: target.clone(),
    };
    let zip_to = match zip_to {
        Some(z) => Some(resolve_zip(root, &target, z)?),
        None => None,
    };
    let exists = target.exists();
    // An existing snapshot with --zip and without --force: zip it as it is, once it
    // proves to be what its manifest says.
    if exists && !force {
        let Some(zip_to) = zip_to else {
            return Err(Failure::Refused(
                refuse(
                    2,
                    format!(
                        "{} is already archived in {}/: a snapshot is never overwritten by accident",
                        fy.label(),
                        snapshot.rel()
                    ),
                )
                .note(format!(
                    "help: `manifesto archive {fy} --force` makes it again from today's content and theme (the published pages of {fy} change); `manifesto archive {fy} --zip FILE` zips the snapshot as it is"
                )),
            ));
        };
        let files = verify_snapshot(&snapshot).map_err(Failure::Content)?;
        zip::write(&target, &fy.to_string(), &zip_to)
            .map_err(|e| env_error(&format!("cannot write {}", zip_to.display()), e))?;
        return Ok(Archived {
            snapshot,
            created: false,
            files: files + 1,
            manifestos: 0,
            drafts: Vec::new(),
            replaced: false,
            zip: Some(zip_to),
            warnings: Vec::new(),
            outside: Vec::new(),
        });
    }

    let (site, diags) = crate::check(root);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(diags));
    }
    let Some(year) = site.years.iter().find(|y| y.fy == fy) else {
        let known: Vec<String> = site.years.iter().map(|y| y.fy.to_string()).collect();
        let mut r = refuse(
            2,
            format!("there is no fiscal year {fy} to archive: content/{fy}/ does not exist"),
        );
        if !known.is_empty() {
            r = r.note(format!("note: the site has {}", known.join(", ")));
        }
        return Err(Failure::Refused(r));
    };
    if year.settings.draft {
        return Err(Failure::Refused(
            refuse(
                1,
                format!(
                    "{} is a draft year (content/{fy}/_year.yaml has `draft: true`): only a published year can be archived",
                    fy.label()
                ),
            )
            .note("help: publish the year first (remove `draft: true`), build and check the pages, then archive it"),
        ));
    }
    let published: Vec<_> = year.manifestos.iter().filter(|m| !m.draft).collect();
    let drafts: Vec<String> = year
        .manifestos
        .iter()
        .filter(|m| m.draft)
        .map(|m| m.department.value.clone())
        .collect();
    if published.is_empty() {
        let why = if drafts.is_empty() {
            "it has no manifestos".to_string()
        } else {
            format!("all its manifestos are drafts ({})", drafts.join(", "))
        };
        return Err(Failure::Refused(refuse(
            1,
            format!("{} has nothing published to archive: {why}", fy.label()),
        )));
    }
    let sources = source_files(root, &site, fy);
    let manifestos = published.len();

    // Build the whole site into a temporary folder beside the snapshots.
    fs::create_dir_all(&archive_dir)
        .map_err(|e| env_error(&format!("cannot create {ARCHIVE_DIR}/"), e))?;
    remove_stale_work(&archive_dir);
    let work =
        WorkDir::new(archive_dir.join(format!(".{fy}.manifesto-tmp-{}", std::process::id())))
            .map_err(|e| env_error("cannot create a temporary folder in archive/", e))?;
    let built = work.path.join("site");
    let options = crate::build::BuildOptions {
        drafts: false,
        output: Some(built.clone()),
        base_url: None,
        progress: false,
        exiting: false,
    };
    let mode = crate::build::Mode {
        archiving: Some(fy),
    };
    let report =
        crate::build::build_site(root, site, diags, &options, mode).map_err(|e| match e {
            crate::build::BuildError::Content(d) => Failure::Content(d),
            crate::build::BuildError::Environment(m) => Failure::Refused(refuse(2, m)),
        })?;

    let snap = work.path.join("snapshot");
    fs::rename(built.join(fy.to_string()), &snap)
        .map_err(|e| env_error(&format!("the build wrote no {fy}/ folder"), e))?;
    localize_pages(&snap, fy).map_err(|e| env_error("cannot rewrite the year's links", e))?;
    copy_assets(&built, &snap)
        .map_err(|e| env_error("cannot copy the pages' theme files and photos", e))?;
    let outside =
        outside_assets(&snap, fy).map_err(|e| env_error("cannot read the snapshot", e))?;
    // The record of the sources, then the manifest of everything else.
    let recorded =
        hash_sources(root, &sources).map_err(|e| env_error("cannot read the year's sources", e))?;
    fs::write(snap.join(SOURCES), manifest::format(&recorded))
        .map_err(|e| env_error("cannot write the record of sources", e))?;
    let listed = manifest::hash_folder(&snap, &[MANIFEST])
        .map_err(|e| env_error("cannot read the snapshot", e))?;
    fs::write(snap.join(MANIFEST), manifest::format(&listed))
        .map_err(|e| env_error("cannot write the manifest", e))?;

    // Put it in place: one rename (two when replacing, with the old one restored on failure).
    let old = work.path.join("replaced");
    if exists {
        fs::rename(&target, &old)
            .map_err(|e| env_error(&format!("cannot move the old {}", snapshot.rel()), e))?;
    }
    if let Err(e) = fs::rename(&snap, &target) {
        if exists {
            let _ = fs::rename(&old, &target);
        }
        return Err(env_error(&format!("cannot create {}", snapshot.rel()), e));
    }
    drop(work);
    if let Some(z) = &zip_to {
        zip::write(&target, &fy.to_string(), z)
            .map_err(|e| env_error(&format!("cannot write {}", z.display()), e))?;
    }
    Ok(Archived {
        snapshot,
        created: true,
        files: listed.len() + 1,
        manifestos,
        drafts,
        replaced: exists,
        zip: zip_to,
        warnings: report.warnings,
        outside,
    })
}

/// Where the zip goes: anywhere but inside the snapshot (it would be an extra file there).
fn resolve_zip(root: &Path, target: &Path, zip: &Path) -> Result<PathBuf, Failure> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| root.to_path_buf());
    let path = if zip.is_absolute() {
        zip.to_path_buf()
    } else {
        cwd.join(zip)
    };
    let parent = path.parent().unwrap_or(Path::new("/"));
    let canon_parent = parent.canonicalize().map_err(|e| {
        Failure::Refused(refuse(
            2,
            format!("cannot write the zip into {}: {e}", parent.display()),
        ))
    })?;
    let canon_target = target
        .canonicalize()
        .unwrap_or_else(|_| target.to_path_buf());
    if canon_parent.starts_with(&canon_target) {
        return Err(Failure::Refused(refuse(
            2,
            format!(
                "refusing to write the zip into the snapshot folder {}: it would become an extra file there",
                target.display()
            ),
        )));
    }
    if path.is_dir() {
        return Err(Failure::Refused(refuse(
            2,
            format!("{} is a folder: give the zip a file name", path.display()),
        )));
    }
    Ok(canon_parent.join(path.file_name().unwrap_or_default()))
}

/// Copy into `snap/_assets/` the theme's static files and every other `_assets/` file the
/// snapshot's pages reference (head photos), from the build at `built`.
fn copy_assets(built: &Path, snap: &Path) -> io::Result<()> {
    let assets = snap.join(ASSETS);
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let theme = built.join("theme");
    for entry in walkdir::WalkDir::new(&theme).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(built).map_err(io::Error::other)?;
            wanted.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    for entry in walkdir::WalkDir::new(snap).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let is_page = entry
            .path()
            .extension()
            .is_some_and(|e| e == "html" || e == "css");
        if entry.file_type().is_file() && is_page {
            let text = fs::read_to_string(entry.path())?;
            wanted.extend(asset_references(&text));
        }
    }
    for rel in wanted {
        let from = built.join(&rel);
        if !from.is_file() {
            return Err(io::Error::other(format!(
                "the pages reference {ASSETS}/{rel}, which the build did not write"
            )));
        }
        let to = assets.join(&rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&from, &to)?;
    }
    Ok(())
}

/// The paths after `_assets/` in a page's text (`theme/style.css`, `photos/ab12-240.jpg`),
/// safe ones only.
pub fn asset_references(text: &str) -> BTreeSet<String> {
    let marker = format!("{ASSETS}/");
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find(&marker) {
        let after = &rest[i + marker.len()..];
        let end = after
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(c, '"' | '\'' | ',' | ')' | '<' | '>' | '?' | '#' | '&')
            })
            .unwrap_or(after.len());
        let path = &after[..end];
        if !path.is_empty() && manifest::is_safe(path) {
            found.insert(path.to_string());
        }
        rest = after;
    }
    found
}

/// Rewrite every page's links to pages and files of the year itself as direct relative
/// links, naming `index.html` (see [`localize_links`]).
fn localize_pages(snap: &Path, fy: FiscalYear) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(snap).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = entry.path().strip_prefix(snap).map_err(io::Error::other)?;
        let rel = manifest::slash_path(rel);
        let text = fs::read_to_string(entry.path())?;
        let page = format!("{fy}/{rel}");
        let localized = localize_links(&text, &page, fy);
        if localized != text {
            fs::write(entry.path(), localized)?;
        }
    }
    Ok(())
}

/// In the HTML of the page at site-relative `page` (`2023/somu/index.html`), rewrite each
/// `href="…"` that leads to a page or file of the year `fy` as a direct relative link,
/// with `index.html` named for pages: `../2023/somu/#goal-1` → `somu/index.html#goal-1`,
/// `../../2023/` → `../index.html`. The pages render their links through the site root
/// (`../2023/somu/`), which works on a web server; inside a snapshot the direct form also
/// works opened from a plain folder or a zip (a browser shows a folder listing, not
/// `index.html`, for a `file:` link to a folder) and whatever the folder is called.
/// Links elsewhere (the top page, other years, absolute URLs) are left as they are.
pub fn localize_links(html: &str, page: &str, fy: FiscalYear) -> String {
    let year = format!("{fy}/");
    let Some(page_in_year) = page.strip_prefix(&year) else {
        return html.to_string();
    };
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => "",
    };
    let page_dirs: Vec<&str> = match page_in_year.rsplit_once('/') {
        Some((dirs, _)) => dirs.split('/').collect(),
        None => Vec::new(),
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    const ATTR: &str = "href=\"";
    while let Some(i) = rest.find(ATTR) {
        let start = i + ATTR.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('"') else {
            rest = after;
            break;
        };
        let url = &after[..end];
        out.push_str(
            &localize_one(url, page_dir, &year, &page_dirs).unwrap_or_else(|| url.to_string()),
        );
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn localize_one(url: &str, page_dir: &str, year: &str, page_dirs: &[&str]) -> Option<String> {
    let is_relative = !url.is_empty()
        && !url.starts_with(['#', '/', '?'])
        && !url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'));
    if !is_relative {
        return None;
    }
    let split = url.find(['#', '?']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    // Resolve against the page's folder; a link above the site root is left alone.
    let mut parts: Vec<&str> = page_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/')
        || path.is_empty()
        || path.ends_with("/.")
        || path.ends_with("/..")
        || path == "."
        || path == ".."
    {
        target.push('/');
    }
    let inner = target.strip_prefix(year)?;
    // From the page's folder in the year to the target: up past the folders they do not
    // share, down into the target's.
    let (target_dirs, file) = match inner.rsplit_once('/') {
        Some((dirs, file)) => (dirs.split('/').collect::<Vec<_>>(), file),
        None => (Vec::new(), inner),
    };
    let file = if file.is_empty() { "index.html" } else { file };
    let shared = page_dirs
        .iter()
        .zip(&target_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut link = "../".repeat(page_dirs.len() - shared);
    for d in &target_dirs[shared..] {
        link.push_str(d);
        link.push('/');
    }
    link.push_str(file);
    Some(format!("{link}{suffix}"))
}

/// Warnings for what the snapshot's pages load (`src`, `srcset`, `<link href>`) from
/// outside the snapshot: a theme template that writes `{{ root }}theme/…` instead of
/// `{{ asset_root }}theme/…`. Such a file is missing when the snapshot is opened alone and
/// changes with the live site.
fn outside_assets(snap: &Path, fy: FiscalYear) -> io::Result<Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for entry in walkdir::WalkDir::new(snap).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = manifest::slash_path(entry.path().strip_prefix(snap).map_err(io::Error::other)?);
        let html = fs::read_to_string(entry.path())?;
        let depth = rel.matches('/').count();
        for url in loaded_urls(&html) {
            let leaves = !url.contains(':')
                && (url.starts_with('/') || url.split('/').filter(|p| *p == "..").count() > depth);
            if leaves {
                diags.push(Diagnostic::warning(
                    format!("{ARCHIVE_DIR}/{fy}/{rel}"),
                    None,
                    format!("loads {url} from outside the snapshot: it is missing when the snapshot is opened alone, and changes with the live site"),
                ).with_note("help: in the theme's templates, reference theme files as `{{ asset_root }}theme/…`, not `{{ root }}theme/…`, then archive again with --force"));
            }
        }
    }
    Ok(diags)
}

/// The URLs a page loads: `src`, each `srcset` candidate, and the `href` of a `<link>`
/// that fetches something (a style sheet, an icon, a preload); `rel="alternate"` (the
/// feed) and `rel="canonical"` only point elsewhere and are left to the link rewriting.
fn loaded_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let value = |from: &str| from.find('"').map(|end| from[..end].to_string());
    for (i, _) in html.match_indices(" src=\"") {
        urls.extend(value(&html[i + 6..]));
    }
    for (i, _) in html.match_indices(" srcset=\"") {
        if let Some(v) = value(&html[i + 9..]) {
            urls.extend(
                v.split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .map(str::to_string),
            );
        }
    }
    for (i, _) in html.match_indices("<link ") {
        let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
        let rel = tag
            .find(" rel=\"")
            .and_then(|r| value(&tag[r + 6..]))
            .unwrap_or_default();
        let fetches = rel.split_whitespace().any(|r| {
            matches!(
                r,
                "stylesheet"
                    | "icon"
                    | "apple-touch-icon"
                    | "preload"
                    | "modulepreload"
                    | "manifest"
            )
        });
        if !fetches {
            continue;
        }
        if let Some(h) = tag.find(" href=\"") {
            urls.extend(value(&tag[h + 7..]));
        }
    }
    urls
}

/// The temporary folder of one `archive` run, removed when dropped.
struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    fn new(path: PathBuf) -> io::Result<WorkDir> {
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir_all(&path)?;
        fs::write(path.join(WORK_MARKER), "")?;
        Ok(WorkDir { path })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

const WORK_MARKER: &str = ".manifesto-archive-work";

/// Temporary folders of `archive` runs that were killed before they could clean up.
fn remove_stale_work(archive_dir: &Path) {
    let Ok(entries) = fs::read_dir(archive_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            && name.contains(".manifesto-tmp-")
            && entry.path().join(WORK_MARKER).is_file()
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_asset_references_in_pages() {
        let html = r#"<link rel="stylesheet" href="../_assets/theme/style.css">
<img src="_assets/photos/ab12-240.jpg" srcset="_assets/photos/ab12-160.jpg 160w, _assets/photos/ab12-240.jpg 240w">
<a href="../_assets/../../etc/passwd">x</a> url(_assets/theme/bg.svg#x)"#;
        let refs: Vec<String> = asset_references(html).into_iter().collect();
        assert_eq!(
            refs,
            [
                "photos/ab12-160.jpg",
                "photos/ab12-240.jpg",
                "theme/bg.svg",
                "theme/style.css"
            ]
        );
    }

    #[test]
    fn links_into_the_year_become_direct() {
        let fy = FiscalYear(2023);
        let year_page = r##"<a href="../">top</a> <a href="../2023/">this year</a>
<a href="../2023/somu/">総務部</a> <a href="../2023/somu/#goal-2">目標2</a>
<a href="../2021/somu/">2021</a> <a href="../2023/goals.csv">CSV</a>
<a href="https://example.jp/2023/">abs</a> <a href="#main">skip</a> <a href="../../../x/">above</a>"##;
        assert_eq!(
            localize_links(year_page, "2023/index.html", fy),
            r##"<a href="../">top</a> <a href="index.html">this year</a>
<a href="somu/index.html">総務部</a> <a href="somu/index.html#goal-2">目標2</a>
<a href="../2021/somu/">2021</a> <a href="goals.csv">CSV</a>
<a href="https://example.jp/2023/">abs</a> <a href="#main">skip</a> <a href="../../../x/">above</a>"##
        );
        let dept_page = r#"<a href="../../2023/">year</a> <a href="../../2023/kikaku/?q=1#goal-1">other</a> <a href="../../2023/somu/">self</a> <a href="../../departments/somu/">history</a>"#;
        assert_eq!(
            localize_links(dept_page, "2023/somu/index.html", fy),
            r#"<a href="../index.html">year</a> <a href="../kikaku/index.html?q=1#goal-1">other</a> <a href="index.html">self</a> <a href="../../departments/somu/">history</a>"#
        );
        // Pages of other years are not touched.
        assert_eq!(
            localize_links(dept_page, "2021/somu/index.html", fy),
            dept_page
        );
    }

    #[test]
    fn finds_what_a_page_loads() {
        let html = r#"<link rel="stylesheet" href="../_assets/theme/style.css"><link rel="canonical" href="https://x.jp/2023/"><link rel="alternate" href="../../feed.xml">
<img src="../../theme/logo.png" srcset="a.jpg 1x, ../../b.jpg 2x"><a href="../../">top</a>"#;
        assert_eq!(
            loaded_urls(html),
            [
                "../../theme/logo.png",
                "a.jpg",
                "../../b.jpg",
                "../_assets/theme/style.css",
            ]
        );
    }

    #[test]
    fn snapshots_are_year_folders_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in [
            "archive/2023",
            "archive/2021",
            "archive/notes",
            "archive/.2024.manifesto-tmp-1",
        ] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        fs::write(root.join("archive/2022"), "a file").unwrap();
        let years: Vec<i32> = snapshots(root).iter().map(|s| s.fy.0).collect();
        assert_eq!(years, [2021, 2023]);
    }
}
