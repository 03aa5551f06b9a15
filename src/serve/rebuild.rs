//! Builds the site into memory and rebuilds what an edit changes.
//!
//! The last good site (validated model, theme, photos) stays in memory. An edit to
//! manifesto files that keeps each file's department (the common case: a staff member
//! changes the text of a sheet) takes the fast path: re-read those files only
//! ([`Sources::reload`]), check them against the site ([`validate::revalidate_manifesto`]),
//! put them in place, plan again and re-render the pages the edit reaches
//! ([`super::affected`]). Anything else (site.yaml, the register, policies, a year's
//! settings, the theme, assets, a file added or removed, a department changed) reads,
//! validates and renders everything again.

use super::affected::{self, Affected};
use super::sources::Sources;
use crate::diagnostics::Diagnostic;
use crate::model::{Manifesto, Site};
use crate::photos::PhotoSet;
use crate::plan::{Options, PageJob, Plan};
use crate::render::{self, theme::Theme};
use crate::write::Sink;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Files written by a build, in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<FileList>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), Arc::from(bytes)));
        Ok(())
    }
}

impl MemorySink {
    pub fn into_files(self) -> FileList {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// What a change is: manifesto files edited in place, or anything that needs a full build.
#[derive(Debug, Default)]
pub struct Change {
    pub full: bool,
    /// Manifesto files (relative to the root) that were edited.
    pub manifestos: BTreeSet<PathBuf>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        !self.full && self.manifestos.is_empty()
    }

    pub fn merge(&mut self, other: Change) {
        self.full |= other.full;
        self.manifestos.extend(other.manifestos);
    }
}

pub enum Outcome {
    /// The edited files hold what they held: nothing to do.
    Unchanged,
    /// Every file of the site: replaces what was served.
    Full(FileList),
    /// Some files, replacing those of the same names.
    Partial(FileList),
    /// The content has errors (and maybe warnings): show them instead of the pages.
    Errors(Vec<Diagnostic>),
    /// Errors, and files of edits that were fine, to serve once the errors are fixed.
    ErrorsWith(Vec<Diagnostic>, FileList),
}

/// How long the steps of a rebuild took, for the terminal and the benchmark.
#[derive(Debug, Default)]
pub struct Timings {
    pub steps: Vec<(&'static str, Duration)>,
    pub pages: usize,
    pub full: bool,
}

impl Timings {
    fn step(&mut self, name: &'static str, since: &mut Instant) {
        let now = Instant::now();
        self.steps.push((name, now - *since));
        *since = now;
    }

    pub fn total(&self) -> Duration {
        self.steps.iter().map(|(_, d)| *d).sum()
    }

    pub fn breakdown(&self) -> String {
        self.steps
            .iter()
            .map(|(n, d)| format!("{n} {:.1}", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The last site that built: what the fast path starts from.
struct Good {
    /// Shared with a data refresh running in the background; an edit meanwhile copies it.
    site: Arc<Site>,
    theme: Arc<Theme>,
    photos: PhotoSet,
}

pub struct Builder {
    root: PathBuf,
    /// `http://127.0.0.1:8000/`: replaces site.yaml's `base_url`.
    base_url: String,
    sources: Option<Sources>,
    good: Option<Good>,
    /// Manifesto files whose last edit the fast path could not accept, with its problems:
    /// while there are any, the browser shows them.
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The open data, feed and search files no longer match the pages: an edit on the
    /// fast path re-rendered the pages only (those files cover every year and take far
    /// longer than the pages on a large site); a [`DataJob`] catches up.
    data_stale: bool,
}

/// Writing the data, feed and search files again: see [`Builder::data_job`].
pub struct DataJob {
    site: Arc<Site>,
    theme: Arc<Theme>,
    photos: PhotoSet,
}

impl DataJob {
    pub fn run(mut self) -> Result<FileList, Vec<Diagnostic>> {
        let sink = MemorySink::default();
        let mut plan = Plan::new(&self.site, OPTIONS);
        plan.photos = std::mem::take(&mut self.photos);
        crate::data::write(&plan, &self.theme, &sink)?;
        Ok(sink.into_files())
    }
}

const OPTIONS: Options = Options { drafts: true };

impl Builder {
    pub fn new(root: &Path, base_url: String) -> Builder {
        Builder {
            root: root.to_path_buf(),
            base_url,
            sources: None,
            good: None,
            broken: BTreeMap::new(),
            data_stale: false,
        }
    }

    /// Whether the data, feed and search files wait for a [`DataJob`].
    pub fn data_stale(&self) -> bool {
        self.data_stale && self.good.is_some()
    }

    /// The work of writing the open data, feed and search files (and the `/data/` and
    /// `/search/` pages) again for the site in memory, after edits that re-rendered only
    /// pages. Run it before the next edit: while it holds the site, an edit would copy it.
    pub fn data_job(&mut self) -> Option<DataJob> {
        if !self.data_stale() {
            return None;
        }
        self.data_stale = false;
        let good = self.good.as_ref()?;
        Some(DataJob {
            site: good.site.clone(),
            theme: good.theme.clone(),
            photos: good.photos.clone(),
        })
    }

    /// Whether `rel` (relative to the root) is a manifesto file read by the last load.
    pub fn is_manifesto(&self, rel: &Path) -> bool {
        self.sources.as_ref().is_some_and(|s| s.is_manifesto(rel))
    }

    /// Apply a change and build what it needs.
    pub fn rebuild(&mut self, change: Change) -> (Outcome, Timings) {
        let mut t = Timings::default();
        let mut clock = Instant::now();
        if !change.full
            && let Some(outcome) = self.fast(&change.manifestos, &mut t, &mut clock)
        {
            return (outcome, t);
        }
        self.broken.clear();
        self.sources = Some(Sources::load(&self.root));
        t.step("load", &mut clock);
        let loaded = self.sources.as_ref().expect("loaded above").assemble();
        let (mut site, diags) = crate::validate::validate(loaded);
        t.step("validate", &mut clock);
        if diags.iter().any(Diagnostic::is_error) {
            // The next edit starts from here again: the last good site is not current.
            self.good = None;
            return (Outcome::Errors(diags), t);
        }
        site.config.base_url = Some(self.base_url.clone());
        (self.full(site, &mut t, &mut clock), t)
    }

    fn full(&mut self, site: Site, t: &mut Timings, clock: &mut Instant) -> Outcome {
        t.full = true;
        self.good = None;
        let theme = match render::theme::load(&self.root, &site.config.theme) {
            Ok(theme) => theme,
            Err(diags) => return Outcome::Errors(diags),
        };
        t.step("theme", clock);
        let sink = MemorySink::default();
        let mut plan = Plan::new(&site, OPTIONS);
        t.step("plan", clock);
        plan.photos = match crate::photos::prepare(&self.root, &plan.manifestos()) {
            Ok(p) => p,
            Err(diags) => return Outcome::Errors(diags),
        };
        let write_photo = |rel: &str, bytes: &[u8]| sink.write(rel, bytes);
        let (pages, photos) = rayon::join(
            || render::render_pages(&plan, &theme, &sink, &|| {}),
            || crate::photos::produce(&self.root, &plan.photos, &write_photo),
        );
        if let Err(diags) = pages.and(photos) {
            return Outcome::Errors(diags);
        }
        t.pages = plan.pages.len();
        if let Err(diags) = render::write_files(&plan, &theme, &sink) {
            return Outcome::Errors(diags);
        }
        if let Err(diags) = crate::data::write(&plan, &theme, &sink) {
            return Outcome::Errors(diags);
        }
        self.data_stale = false;
        t.step("render", clock);
        let photos = std::mem::take(&mut plan.photos);
        drop(plan);
        self.good = Some(Good {
            site: Arc::new(site),
            theme: Arc::new(theme),
            photos,
        });
        Outcome::Full(sink.into_files())
    }

    /// The fast path for edited manifesto files; `None` when it does not apply (no good
    /// site yet, a file it does not know, a department changed), before changing anything.
    fn fast(
        &mut self,
        edited: &BTreeSet<PathBuf>,
        t: &mut Timings,
        clock: &mut Instant,
    ) -> Option<Outcome> {
        let good = self.good.as_mut()?;
        let sources = self.sources.as_mut()?;
        let edited: Vec<&PathBuf> = edited
            .iter()
            .filter(|rel| !sources.unchanged(rel))
            .collect();
        if edited.is_empty() {
            return Some(Outcome::Unchanged);
        }
        for rel in &edited {
            if !sources.reload(rel) {
                return None;
            }
        }
        // Files broken by an earlier edit are checked again: this edit may fix them (a
        // `continues:` of another file that now points at a goal that exists).
        let mut pending = Vec::new();
        for rel in edited.iter().copied().chain(self.broken.keys()) {
            let (yi, mi) = position(&good.site, rel)?;
            if let Some(m) = sources.manifesto(rel) {
                let old = &good.site.years[yi].manifestos[mi];
                let policies = |m: &Manifesto| -> Vec<Option<String>> {
                    m.goals.iter().map(|g| g.policy.clone()).collect()
                };
                // Another department, or other policy codes (which may add or remove
                // policy pages): the pages themselves change, so build everything.
                if m.department.value != old.department.value || policies(m) != policies(old) {
                    return None;
                }
            }
            if !pending.iter().any(|(r, _, _)| r == rel) {
                pending.push((rel.clone(), yi, mi));
            }
        }
        t.step("load", clock);
        // Check each file against the site and put it in place; files that failed are
        // checked again while others get in (one may be what the other needed).
        let mut accepted = Vec::new();
        loop {
            let accepted_before = accepted.len();
            let mut waiting = Vec::new();
            for (rel, yi, mi) in pending {
                let Some(m) = sources.manifesto(&rel) else {
                    self.broken.insert(rel.clone(), sources.problems(&rel));
                    continue;
                };
                let diags = crate::validate::revalidate_manifesto(&good.site, m);
                let photo = if diags.iter().any(Diagnostic::is_error) {
                    Err(diags)
                } else {
                    crate::photos::prepare(&self.root, &[m])
                };
                match photo {
                    Err(diags) => {
                        self.broken.insert(rel.clone(), diags);
                        waiting.push((rel, yi, mi));
                    }
                    Ok(photo) => {
                        self.broken.remove(&rel);
                        let old = std::mem::replace(
                            &mut Arc::make_mut(&mut good.site).years[yi].manifestos[mi],
                            m.clone(),
                        );
                        accepted.push((yi, mi, old, photo));
                    }
                }
            }
            if waiting.is_empty() || accepted.len() == accepted_before {
                break;
            }
            pending = waiting;
        }
        t.step("validate", clock);
        let mut files = FileList::new();
        if !accepted.is_empty() {
            match self.render_edits(accepted, t, clock) {
                Ok(f) => files = f,
                Err(diags) => return Some(Outcome::Errors(diags)),
            }
        }
        if self.broken.is_empty() {
            Some(Outcome::Partial(files))
        } else {
            let mut diags: Vec<Diagnostic> = self.broken.values().flatten().cloned().collect();
            crate::diagnostics::sort(&mut diags);
            // The pages of the edits that were fine are served once the rest is fixed.
            Some(Outcome::ErrorsWith(diags, files))
        }
    }

    /// Re-render the pages that the manifestos put in place reach. `accepted` has each
    /// one's place, the manifesto it replaced, and its photo.
    fn render_edits(
        &mut self,
        accepted: Vec<(usize, usize, Manifesto, PhotoSet)>,
        t: &mut Timings,
        clock: &mut Instant,
    ) -> Result<FileList, Vec<Diagnostic>> {
        let good = self.good.as_mut().expect("the fast path has a good site");
        let (before, fresh): (Vec<_>, Vec<_>) = accepted
            .into_iter()
            .map(|(yi, mi, old, photo)| ((yi, mi, old), photo))
            .unzip();
        let mut plan = Plan::new(&good.site, OPTIONS);
        plan.photos = std::mem::take(&mut good.photos);
        t.step("plan", clock);
        // What the pages around each manifesto showed of it, with the photos of before.
        let shown_before: Vec<_> = before
            .iter()
            .map(|(yi, _, m)| affected::Shown::of(&plan, &good.site.years[*yi], m))
            .collect();
        let mut produce = Vec::new();
        for ((yi, mi, _), update) in before.iter().zip(fresh) {
            let m = &good.site.years[*yi].manifestos[*mi];
            produce.push(plan.photos.replace(m.fy, &m.department.value, update));
        }
        let edits: Vec<affected::Edit> = before
            .iter()
            .zip(shown_before)
            .map(|((yi, mi, old), shown)| affected::Edit {
                before: old,
                after: &good.site.years[*yi].manifestos[*mi],
                shown_before: shown,
                shown_after: affected::Shown::of(
                    &plan,
                    &good.site.years[*yi],
                    &good.site.years[*yi].manifestos[*mi],
                ),
            })
            .collect();
        let reach = Affected::of(&plan, &edits);
        let jobs: Vec<PageJob> = plan
            .pages
            .iter()
            .filter(|job| affected::must_render(job, &plan, &reach))
            .copied()
            .collect();
        t.pages = jobs.len();
        t.step("affected", clock);
        let sink = MemorySink::default();
        let write_photo = |rel: &str, bytes: &[u8]| sink.write(rel, bytes);
        let mut result =
            render::render_jobs(&plan, &good.theme, &sink, &jobs, &|| {}).and_then(|_| {
                produce.iter().try_for_each(|set| {
                    crate::photos::produce(&self.root, set, &write_photo).map(|_| ())
                })
            });
        t.step("render", clock);
        // Files written beside the pages (sitemap, robots, and whatever else is added
        // there) are cheap: write them again rather than track what they depend on.
        if result.is_ok() {
            result = render::write_files(&plan, &good.theme, &sink).map(|_| ());
        }
        good.photos = std::mem::take(&mut plan.photos);
        self.data_stale = true;
        t.step("files", clock);
        result.map(|_| sink.into_files())
    }
}

/// Where the manifesto read from `rel` sits in the site: (year index, manifesto index).
/// Only the year of the file's folder is searched.
fn position(site: &Site, rel: &Path) -> Option<(usize, usize)> {
    let fy = rel
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| crate::model::FiscalYear::parse(&n.to_string_lossy()))?;
    let yi = site.years.iter().position(|y| y.fy == fy)?;
    let mi = site.years[yi]
        .manifestos
        .iter()
        .position(|m| m.source.as_os_str() == rel.as_os_str())?;
    Some((yi, mi))
}

/// Files as written by a build: (site-relative path, bytes).
pub type FileList = Vec<(String, Arc<[u8]>)>;

/// Files by site-relative path.
pub type Files = HashMap<String, Arc<[u8]>>;
