//! `manifesto build`: the whole pipeline, load → validate → plan → render → write.

use crate::diagnostics::Diagnostic;
use crate::plan::{Options, Plan};
use crate::render::{self, theme};
use crate::timing;
use crate::write::{self, Staging};
use std::path::{Path, PathBuf};
use std::time::Instant;

pub struct BuildOptions {
    pub drafts: bool,
    /// `-o DIR`; default: site.yaml's `output_dir` under the root.
    pub output: Option<PathBuf>,
    /// `--base-url URL`; overrides site.yaml.
    pub base_url: Option<String>,
    pub progress: bool,
    /// The process ends right after this build (`manifesto build`): the loaded site is
    /// left for the operating system to reclaim instead of being freed piece by piece,
    /// which took a fifth of a second on one core at 50,000 manifestos.
    pub exiting: bool,
}

pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub photos: usize,
    /// Photos decoded in this build (the others came from the cache).
    pub photos_decoded: usize,
    pub seconds: f64,
    pub warnings: Vec<Diagnostic>,
    /// Years published from their snapshot in `archive/` instead of being rendered.
    pub archived: Vec<crate::model::FiscalYear>,
}

pub enum BuildError {
    /// Content problems (exit 1); nothing was written.
    Content(Vec<Diagnostic>),
    /// Output folder refused or not writable (exit 2).
    Environment(String),
}

/// How a build runs: for `build` and `serve` (the default), or for `archive`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Mode {
    /// The year `manifesto archive` is freezing: its pages reference their own copies of
    /// the theme files and photos (`<fy>/_assets/`), snapshots in `archive/` are not
    /// published (the year is rendered afresh), and the output folder is taken as given
    /// (a temporary folder inside `archive/`).
    pub archiving: Option<crate::model::FiscalYear>,
}

pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (site, diags) = crate::check(root);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(BuildError::Content(diags));
    }
    build_site(root, site, diags, options, Mode::default())
}

/// Build a checked site (`diags` holds its warnings).
pub fn build_site(
    root: &Path,
    mut site: crate::model::Site,
    diags: Vec<Diagnostic>,
    options: &BuildOptions,
    mode: Mode,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    if let Some(url) = &options.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(BuildError::Environment(format!(
                "--base-url must start with https:// or http://, found \"{url}\""
            )));
        }
        site.config.base_url = Some(if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        });
    }
    let requested = options
        .output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output_dir));
    let output = if mode.archiving.is_some() {
        requested
    } else {
        write::resolve_output(root, &requested).map_err(BuildError::Environment)?
    };
    // Archived years are published from their snapshots, never rendered again.
    let frozen = if mode.archiving.is_some() {
        Vec::new()
    } else {
        crate::archive::frozen(root).map_err(BuildError::Content)?
    };

    let theme = theme::load(root, &site.config.theme).map_err(BuildError::Content)?;
    let mut plan = timing::stage("plan", || {
        Plan::new(
            &site,
            Options {
                drafts: options.drafts,
            },
        )
    });
    plan.archiving = mode.archiving;
    plan.skip_years(&frozen.iter().map(|s| s.fy).collect::<Vec<_>>());
    plan.photos = crate::photos::prepare(root, &plan.manifestos()).map_err(BuildError::Content)?;
    let staging = Staging::new(&output).map_err(|e| {
        BuildError::Environment(format!(
            "cannot create the output folder next to {}: {e}",
            output.display()
        ))
    })?;

    let bar = if options.progress {
        indicatif::ProgressBar::new(plan.pages.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} pages {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let tick = || bar.inc(1);
    // Photos are decoded and the data files, feed and search index written while pages
    // render: all three only need the plan, and the data stage is partly sequential
    // (streamed files), so running it alongside keeps every core busy.
    let write_photo = |rel: &str, bytes: &[u8]| staging.write(rel, bytes);
    let ((pages, photos), data) = timing::stage("render pages + photos + data", || {
        rayon::join(
            || {
                rayon::join(
                    || {
                        timing::stage("pages", || {
                            render::render_pages(&plan, &theme, &staging, &tick)
                        })
                    },
                    || crate::photos::produce(root, &plan.photos, &write_photo),
                )
            },
            || timing::stage("data", || crate::data::write(&plan, &theme, &staging)),
        )
    });
    let stats = pages.map_err(BuildError::Content)?;
    let decoded = photos.map_err(BuildError::Content)?;
    let data = data.map_err(BuildError::Content)?;
    bar.finish_and_clear();
    let mut files = timing::stage("theme files", || {
        render::write_files(&plan, &theme, &staging)
    })
    .map_err(BuildError::Content)?;
    // An archived year is published from its snapshot, replacing whatever the build wrote
    // under /<FY>/ (its pages and its data files) with the files as they were archived.
    for snapshot in &frozen {
        files += crate::archive::publish(snapshot, &staging).map_err(|e| {
            BuildError::Environment(format!("cannot publish {}: {e}", snapshot.rel()))
        })?;
    }
    timing::stage("commit", || staging.commit()).map_err(|e| {
        BuildError::Environment(format!("cannot replace {}: {e}", output.display()))
    })?;
    let report = BuildReport {
        output,
        pages: stats.pages + 2,
        files: files + data.files - 2,
        photos: plan.photos.len(),
        photos_decoded: decoded,
        seconds: started.elapsed().as_secs_f64(),
        warnings: diags,
        archived: frozen.iter().map(|s| s.fy).collect(),
    };
    if options.exiting {
        std::mem::forget(plan);
        std::mem::forget(site);
    }
    Ok(report)
}
