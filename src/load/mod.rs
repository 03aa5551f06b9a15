//! Stage 1, **load**: read every file of a site into the domain model, collecting every
//! problem (syntax, unknown or missing fields, wrong types, encodings) as diagnostics.
//! Cross-file checks (registers, scales, `continues:`) are the next stage, `validate`.

pub mod fields;
pub mod front_matter;
pub mod manifesto;
pub mod register;
pub mod site_config;
pub mod text;
pub mod yaml;
pub mod year;

use crate::diagnostics::Diagnostic;
use crate::model::{
    FiscalYear, Manifesto, Policy, Register, SiteConfig, SourceFormat, YearSettings,
};
use fields::FileCtx;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use yaml::Node;

pub const SITE_FILE: &str = "site.yaml";
pub const CONTENT_DIR: &str = "content";
pub const REGISTER_FILE: &str = "content/departments.yaml";
pub const POLICIES_FILE: &str = "content/policies.yaml";
pub const YEAR_FILE: &str = "_year.yaml";

/// Problems that stop us before any content is read (exit code 2).
#[derive(Debug)]
pub enum EnvError {
    NotASite(PathBuf),
}

impl std::fmt::Display for EnvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnvError::NotASite(dir) => write!(
                f,
                "no {SITE_FILE} in {} or any folder above it: run this inside a manifesto site (or `manifesto init` to make one)",
                dir.display()
            ),
        }
    }
}

/// Find the site root: the nearest folder at or above `start` holding `site.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf, EnvError> {
    let start = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    start
        .ancestors()
        .find(|dir| dir.join(SITE_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or(EnvError::NotASite(start))
}

/// A year folder as read, before cross-file validation.
#[derive(Debug, Clone)]
pub struct LoadedYear {
    pub fy: FiscalYear,
    pub settings: YearSettings,
    pub manifestos: Vec<Manifesto>,
}

/// Everything read from a site; `config` is `None` when `site.yaml` had errors.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Option<SiteConfig>,
    pub register: Register,
    pub policies: Option<Vec<Policy>>,
    pub years: Vec<LoadedYear>,
    /// Manifesto files that had errors, as (year, file stem): links to them are not
    /// reported again as pointing nowhere.
    pub failed: Vec<(FiscalYear, String)>,
    pub diags: Vec<Diagnostic>,
}

/// Read a YAML file into a node tree; problems go to `ctx`.
fn read_yaml(root: &Path, rel: &Path, ctx: &mut FileCtx) -> Option<Node> {
    let text = read_text(root, rel, ctx)?;
    parse_yaml(&text, 0, ctx)
}

fn read_text(root: &Path, rel: &Path, ctx: &mut FileCtx) -> Option<String> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            ctx.diags.push(Diagnostic::error(
                rel,
                None,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    match text::decode_owned(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            ctx.error(e.pos, e.message);
            None
        }
    }
}

fn parse_yaml(text: &str, line_offset: u32, ctx: &mut FileCtx) -> Option<Node> {
    match yaml::parse(text) {
        Ok(mut node) => {
            if line_offset > 0 {
                node.shift(line_offset);
            }
            Some(node)
        }
        Err(e) => {
            ctx.error(
                e.pos.offset_lines(line_offset),
                format!("YAML syntax: {}", e.message),
            );
            None
        }
    }
}

pub fn load(root: &Path) -> Loaded {
    let mut diags = Vec::new();

    let mut ctx = FileCtx::new(SITE_FILE);
    let config = read_yaml(root, Path::new(SITE_FILE), &mut ctx)
        .and_then(|n| site_config::decode(&mut ctx, &n));
    let config = if ctx.has_errors() { None } else { config };
    diags.append(&mut ctx.diags);

    let mut register = Register::default();
    let mut policies = None;
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(Diagnostic::error(
            CONTENT_DIR,
            None,
            "missing folder: a site keeps its manifestos in content/<fiscal year>/",
        ));
    } else if !content.join("departments.yaml").is_file() {
        diags.push(Diagnostic::error(
            REGISTER_FILE,
            None,
            "missing department register: list every department with its id and name (see the README)",
        ));
    } else {
        let mut ctx = FileCtx::new(REGISTER_FILE);
        if let Some(n) = read_yaml(root, Path::new(REGISTER_FILE), &mut ctx) {
            register = register::decode_departments(&mut ctx, &n);
        }
        diags.append(&mut ctx.diags);
    }
    if root.join(POLICIES_FILE).is_file() {
        let mut ctx = FileCtx::new(POLICIES_FILE);
        if let Some(n) = read_yaml(root, Path::new(POLICIES_FILE), &mut ctx) {
            policies = Some(register::decode_policies(&mut ctx, &n));
        }
        diags.append(&mut ctx.diags);
    }

    let (year_dirs, mut listing_diags) = list_content(root);
    diags.append(&mut listing_diags);

    let mut years = Vec::new();
    let mut jobs: Vec<(FiscalYear, PathBuf, SourceFormat)> = Vec::new();
    for (fy, files) in year_dirs {
        let mut settings = YearSettings::default();
        let year_file = PathBuf::from(format!("{CONTENT_DIR}/{fy}/{YEAR_FILE}"));
        if root.join(&year_file).is_file() {
            let mut ctx = FileCtx::new(&year_file);
            if let Some(n) = read_yaml(root, &year_file, &mut ctx) {
                settings = year::decode(&mut ctx, &n);
            }
            diags.append(&mut ctx.diags);
        }
        for (path, format) in files {
            jobs.push((fy, path, format));
        }
        years.push(LoadedYear {
            fy,
            settings,
            manifestos: Vec::new(),
        });
    }

    let results: Vec<(Option<Manifesto>, Vec<Diagnostic>)> = std::thread::scope(|s| {
        s.spawn(|| prefetch(root, &jobs));
        jobs.par_iter()
            .map(|(fy, path, format)| load_manifesto(root, *fy, path, *format))
            .collect()
    });
    let mut failed = Vec::new();
    for ((fy, path, _), (manifesto, mut d)) in jobs.iter().zip(results) {
        diags.append(&mut d);
        if manifesto.is_none() {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            failed.push((*fy, stem));
        }
        if let Some(m) = manifesto
            && let Some(year) = years.iter_mut().find(|y| y.fy == m.fy)
        {
            year.manifestos.push(m);
        }
    }

    Loaded {
        root: root.to_path_buf(),
        config,
        register,
        policies,
        years,
        failed,
        diags,
    }
}

/// Ask the kernel to start reading every sheet (`posix_fadvise(WILLNEED)`), from a
/// thread of its own while the sheets are parsed: when the files are not in the page
/// cache (the first build after a reboot, or after other work pushed them out), the
/// parsing threads would otherwise wait for one file at a time each. At 50,000 sheets
/// with a cold cache (`drop_caches`) this took the load stage on two threads from
/// 4.6–6.9 s to 1.6 s, as fast as with a warm cache; with a warm cache each hint costs
/// one `open`, one `fadvise` and one `close` on a thread that is otherwise idle.
#[cfg(target_os = "linux")]
fn prefetch(root: &Path, jobs: &[(FiscalYear, PathBuf, SourceFormat)]) {
    for (_, path, _) in jobs {
        if let Ok(file) = std::fs::File::open(root.join(path)) {
            let _ = rustix::fs::fadvise(&file, 0, None, rustix::fs::Advice::WillNeed);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn prefetch(_root: &Path, _jobs: &[(FiscalYear, PathBuf, SourceFormat)]) {}

/// One manifesto file; the manifesto is `None` when the file has errors.
pub fn load_manifesto(
    root: &Path,
    fy: FiscalYear,
    rel: &Path,
    format: SourceFormat,
) -> (Option<Manifesto>, Vec<Diagnostic>) {
    let mut ctx = FileCtx::new(rel);
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let manifesto = (|| {
        let text = read_text(root, rel, &mut ctx)?;
        let (node, body) = match format {
            SourceFormat::Yaml => (parse_yaml(&text, 0, &mut ctx)?, None),
            SourceFormat::Markdown => match front_matter::split(&text) {
                Ok(split) => {
                    let node = parse_yaml(split.yaml, split.yaml_first_line, &mut ctx)?;
                    let body = split.body.trim();
                    (node, (!body.is_empty()).then(|| body.to_string()))
                }
                Err(msg) => {
                    ctx.error(yaml::Pos::new(1, 1), msg);
                    return None;
                }
            },
        };
        let source = manifesto::Source {
            fy,
            stem,
            path: rel.to_path_buf(),
            format,
            body,
        };
        manifesto::decode(&mut ctx, &node, source)
    })();
    let manifesto = if ctx.has_errors() { None } else { manifesto };
    (manifesto, ctx.diags)
}

type YearFiles = Vec<(PathBuf, SourceFormat)>;

/// Every manifesto file [`load`] reads, as (year, path relative to the root, format), in
/// the order it reads them. `serve` keeps this list to re-load one edited file with
/// [`load_manifesto`] instead of the whole site.
pub fn manifesto_files(root: &Path) -> Vec<(FiscalYear, PathBuf, SourceFormat)> {
    list_content(root)
        .0
        .into_iter()
        .flat_map(|(fy, files)| files.into_iter().map(move |(p, f)| (fy, p, f)))
        .collect()
}

/// The fiscal-year folders under `content/` and the manifesto files in each, in name
/// order; anything else is reported.
fn list_content(root: &Path) -> (Vec<(FiscalYear, YearFiles)>, Vec<Diagnostic>) {
    let mut years = Vec::new();
    let mut diags = Vec::new();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return (years, diags);
    }
    for (entry, name) in entries_of(&content) {
        let rel = PathBuf::from(format!("{CONTENT_DIR}/{name}"));
        if name.starts_with('.') {
            continue;
        }
        if entry.path().is_dir() {
            match FiscalYear::parse(&name) {
                Some(fy) => {
                    let (files, mut d) = list_year(root, fy);
                    diags.append(&mut d);
                    years.push((fy, files));
                }
                None => diags.push(
                    Diagnostic::error(
                        rel,
                        None,
                        format!("folder \"{name}\" is not a fiscal year"),
                    )
                    .with_note("help: name each year's folder by the western year in which the fiscal year starts, e.g. content/2023/ for 2023（令和5）年度"),
                ),
            }
        } else if !matches!(name.as_str(), "departments.yaml" | "policies.yaml")
            && !is_readme(&name)
        {
            diags.push(
                Diagnostic::warning(rel, None, "ignored: content/ holds departments.yaml, policies.yaml and one folder per fiscal year")
            );
        }
    }
    (years, diags)
}

/// The entries directly inside `dir`, in name order (the directory's own order differs
/// between machines), with their names.
fn entries_of(dir: &Path) -> impl Iterator<Item = (walkdir::DirEntry, String)> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (e, name)
        })
}

fn is_readme(name: &str) -> bool {
    name.to_ascii_lowercase().starts_with("readme")
}

fn list_year(root: &Path, fy: FiscalYear) -> (YearFiles, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let dir = root.join(CONTENT_DIR).join(fy.to_string());
    for (entry, name) in entries_of(&dir) {
        let rel = PathBuf::from(format!("{CONTENT_DIR}/{fy}/{name}"));
        // Hidden files, editor backups and lock files are never content.
        if name.starts_with('.')
            || name.ends_with('~')
            || name.starts_with('#')
            || name == YEAR_FILE
        {
            continue;
        }
        if entry.path().is_dir() {
            diags.push(Diagnostic::warning(
                rel,
                None,
                "ignored: a fiscal-year folder holds only _year.yaml and one <department>.yaml or .md per department",
            ));
            continue;
        }
        let format = match Path::new(&name).extension().and_then(|e| e.to_str()) {
            Some("yaml") => SourceFormat::Yaml,
            Some("md") if !is_readme(&name) => SourceFormat::Markdown,
            Some("md") => continue,
            Some("yml") => {
                diags.push(Diagnostic::warning(
                    rel,
                    None,
                    "ignored: manifestos end in .yaml (rename this file to .yaml)",
                ));
                continue;
            }
            _ => {
                diags.push(Diagnostic::warning(
                    rel,
                    None,
                    "ignored: not a manifesto (.yaml or .md)",
                ));
                continue;
            }
        };
        files.push((rel, format));
    }
    (files, diags)
}
