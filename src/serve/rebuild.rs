//! Builds the site into memory and rebuilds what an edit changes.
//!
//! The last good site (validated model, theme, photos) stays in memory. An edit to
//! manifesto files re-reads those files only, validates the whole site again (cheap: see
//! the README's serve benchmark), plans again, and re-renders the pages the edit reaches
//! ([`super::affected`]); anything else (site.yaml, the register, policies, a year's
//! settings, the theme, assets, a file added or removed) rebuilds everything.

use super::affected::{self, Affected};
use super::sources::Sources;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::photos::PhotoSet;
use crate::plan::{Options, PageJob, Plan};
use crate::render::{self, theme::Theme};
use crate::write::Sink;
use std::collections::{BTreeSet, HashMap};
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
    /// Every file of the site: replaces what was served.
    Full(FileList),
    /// Some files, replacing those of the same names.
    Partial(FileList),
    /// The content has errors (and maybe warnings): show them instead of the pages.
    Errors(Vec<Diagnostic>),
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

/// The last site that built: what an incremental rebuild starts from.
struct Good {
    site: Site,
    theme: Theme,
    photos: PhotoSet,
}

pub struct Builder {
    root: PathBuf,
    /// `http://127.0.0.1:8000/`: replaces site.yaml's `base_url`.
    base_url: String,
    sources: Option<Sources>,
    good: Option<Good>,
    /// Set until a full build succeeds after a change that needs one.
    pending_full: bool,
    /// Manifesto files edited since the last successful build.
    dirty: BTreeSet<PathBuf>,
}

const OPTIONS: Options = Options { drafts: true };

impl Builder {
    pub fn new(root: &Path, base_url: String) -> Builder {
        Builder {
            root: root.to_path_buf(),
            base_url,
            sources: None,
            good: None,
            pending_full: true,
            dirty: BTreeSet::new(),
        }
    }

    /// Whether `rel` (relative to the root) is a manifesto file read by the last load.
    pub fn is_manifesto(&self, rel: &Path) -> bool {
        self.sources.as_ref().is_some_and(|s| s.is_manifesto(rel))
    }

    /// Apply a change and build what it needs.
    pub fn rebuild(&mut self, change: Change) -> (Outcome, Timings) {
        let mut t = Timings::default();
        let mut clock = Instant::now();
        match self.sources.as_mut() {
            Some(sources) if !change.full => {
                let mut unknown = false;
                for rel in &change.manifestos {
                    unknown |= !sources.reload(rel);
                }
                self.dirty.extend(change.manifestos);
                if unknown {
                    // Not a file we know (added, or gone): read everything again.
                    self.pending_full = true;
                    *sources = Sources::load(&self.root);
                }
            }
            _ => {
                self.pending_full = true;
                self.sources = Some(Sources::load(&self.root));
            }
        }
        t.step("load", &mut clock);
        let loaded = self.sources.as_ref().expect("loaded above").assemble();
        t.step("assemble", &mut clock);
        let (mut site, diags) = crate::validate::validate(loaded);
        t.step("validate", &mut clock);
        if diags.iter().any(Diagnostic::is_error) {
            return (Outcome::Errors(diags), t);
        }
        site.config.base_url = Some(self.base_url.clone());
        let outcome = if self.pending_full || self.good.is_none() {
            self.full(site, &mut t, &mut clock)
        } else {
            match self.incremental(site, &mut t, &mut clock) {
                Ok(outcome) => outcome,
                Err(site) => self.full(*site, &mut t, &mut clock),
            }
        };
        if !matches!(outcome, Outcome::Errors(_)) {
            self.pending_full = false;
            self.dirty.clear();
        }
        (outcome, t)
    }

    fn full(&mut self, site: Site, t: &mut Timings, clock: &mut Instant) -> Outcome {
        t.full = true;
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
        t.step("render", clock);
        let photos = std::mem::take(&mut plan.photos);
        drop(plan);
        self.good = Some(Good {
            site,
            theme,
            photos,
        });
        Outcome::Full(sink.into_files())
    }

    /// Re-render the pages the dirty manifestos reach; `Err` gives the site back when the
    /// edit changed which pages exist (a full build follows).
    fn incremental(
        &mut self,
        site: Site,
        t: &mut Timings,
        clock: &mut Instant,
    ) -> Result<Outcome, Box<Site>> {
        let mut good = self.good.take().expect("checked by the caller");
        let outcome = self.render_affected(&mut good, &site, t, clock);
        match outcome {
            None => {
                self.good = Some(good);
                Err(Box::new(site))
            }
            Some(outcome) => {
                self.good = Some(Good { site, ..good });
                Ok(outcome)
            }
        }
    }

    /// `None` when the edit changed which pages exist. The photo set moves into the new
    /// plan and back into `good`, whatever happens.
    fn render_affected(
        &self,
        good: &mut Good,
        site: &Site,
        t: &mut Timings,
        clock: &mut Instant,
    ) -> Option<Outcome> {
        let old = Plan::new(&good.site, OPTIONS);
        let mut new = Plan::new(site, OPTIONS);
        t.step("plan", clock);
        if affected::page_keys(&old) != affected::page_keys(&new) {
            return None;
        }
        let find = |s: &Site, rel: &Path| {
            s.years
                .iter()
                .flat_map(|y| &y.manifestos)
                .find(|m| m.source == rel)
                .cloned()
        };
        let mut edited = Vec::new();
        for rel in &self.dirty {
            // A file that is not in both sites changed what is published.
            edited.push((find(&good.site, rel)?, find(site, rel)?));
        }
        let pairs: Vec<_> = edited.iter().map(|(a, b)| (a, b)).collect();
        let affected = Affected::of(&old, &new, &pairs);
        drop(old);

        // Photos: the edited manifestos' only; the others are as the last build left them.
        new.photos = std::mem::take(&mut good.photos);
        let result = self.render_jobs(&mut new, &good.theme, &edited, &affected, t);
        good.photos = std::mem::take(&mut new.photos);
        t.step("render", clock);
        Some(match result {
            Ok(files) => Outcome::Partial(files),
            Err(diags) => Outcome::Errors(diags),
        })
    }

    fn render_jobs(
        &self,
        plan: &mut Plan,
        theme: &Theme,
        edited: &[(crate::model::Manifesto, crate::model::Manifesto)],
        affected: &Affected,
        t: &mut Timings,
    ) -> Result<FileList, Vec<Diagnostic>> {
        let mut fresh = Vec::new();
        for (_, m) in edited {
            let update = crate::photos::prepare(&self.root, &[m])?;
            fresh.push(plan.photos.replace(m.fy, &m.department.value, update));
        }
        let plan = &*plan;
        let jobs: Vec<PageJob> = plan
            .pages
            .iter()
            .filter(|job| affected::must_render(job, plan, affected))
            .copied()
            .collect();
        t.pages = jobs.len();
        let sink = MemorySink::default();
        let write_photo = |rel: &str, bytes: &[u8]| sink.write(rel, bytes);
        render::render_jobs(plan, theme, &sink, &jobs, &|| {})?;
        for set in &fresh {
            crate::photos::produce(&self.root, set, &write_photo)?;
        }
        // Files written beside the pages (sitemap, robots, and whatever else is added
        // there) are cheap: write them again rather than track what they depend on.
        render::write_files(plan, theme, &sink)?;
        Ok(sink.into_files())
    }
}

/// Files as written by a build: (site-relative path, bytes).
pub type FileList = Vec<(String, Arc<[u8]>)>;

/// Files by site-relative path.
pub type Files = HashMap<String, Arc<[u8]>>;
