//! Stage 4, **render**: each planned page through its Tera template, in parallel, straight
//! into the staging folder (pages are not kept in memory).

pub mod charts;
pub mod context;
pub mod history;
pub mod markdown;
pub mod theme;

use crate::diagnostics::Diagnostic;
use crate::plan::{PageJob, Plan, urls};
use crate::write::Sink;
use context::*;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;
use theme::Theme;

#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub pages: usize,
    pub files: usize,
}

#[derive(Serialize)]
struct PrevNext {
    label: String,
    url: String,
}

/// A template failure as a diagnostic naming the template and the page, with the causes.
pub(crate) fn render_error(template: &str, page: &str, e: tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(
        format!("themes/{template}"),
        None,
        format!("rendering /{page} failed: {msg}"),
    )
}

fn render_to(
    theme: &Theme,
    staging: &dyn Sink,
    template: &str,
    path: &str,
    file: &str,
    ctx: &Context,
) -> Result<(), Diagnostic> {
    // Rendered as bytes (`render` would check the whole page is UTF-8 again), into a
    // buffer each thread keeps: a fresh one per page was a page-faulting allocation
    // that grew several times for the larger pages.
    thread_local! {
        static PAGE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    PAGE.with(|page| {
        let mut html = page.borrow_mut();
        html.clear();
        theme
            .tera
            .render_to(template, ctx, &mut *html)
            .map_err(|e| render_error(template, path, e))?;
        let written = staging
            .write(file, &html)
            .map_err(|e| Diagnostic::error(file, None, format!("cannot write: {e}")));
        // A year page of a large site is megabytes: do not keep that much per thread.
        if html.capacity() > 1 << 20 {
            *html = Vec::new();
        }
        written
    })
}

/// Render every planned page; stops collecting at the first few errors.
pub fn render_pages(
    plan: &Plan,
    theme: &Theme,
    staging: &dyn Sink,
    tick: &(dyn Fn() + Sync),
) -> Result<Stats, Vec<Diagnostic>> {
    render_jobs(plan, theme, staging, &plan.pages, tick)
}

/// Render the given pages of the plan (`serve` re-renders only the pages an edit affects).
pub fn render_jobs(
    plan: &Plan,
    theme: &Theme,
    staging: &dyn Sink,
    jobs: &[PageJob],
    tick: &(dyn Fn() + Sync),
) -> Result<Stats, Vec<Diagnostic>> {
    let base = BaseContext::new(plan);
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|job| {
            let r = render_job(plan, theme, staging, &base, *job);
            tick();
            r.err()
        })
        .collect();
    if !errors.is_empty() {
        let mut errors = errors;
        crate::diagnostics::sort(&mut errors);
        errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        errors.truncate(20);
        return Err(errors);
    }
    Ok(Stats {
        pages: jobs.len(),
        files: 0,
    })
}

fn render_job(
    plan: &Plan,
    theme: &Theme,
    staging: &dyn Sink,
    base: &BaseContext,
    job: PageJob,
) -> Result<(), Diagnostic> {
    match job {
        PageJob::Home => {
            let path = "";
            let mut ctx = base.page(plan, path);
            let root = urls::root_prefix(path);
            if let Some(latest) = plan.latest() {
                ctx.insert("latest", &year_link(latest.year, latest.manifestos.len()));
                let cards: Vec<ManifestoCard> = latest
                    .manifestos
                    .iter()
                    .map(|m| card(plan, latest.year, m, &root))
                    .collect();
                ctx.insert("cards", &cards);
            } else {
                ctx.insert("cards", &Vec::<ManifestoCard>::new());
            }
            render_to(theme, staging, "index.html", path, "index.html", &ctx)
        }
        PageJob::NotFound => {
            // 404.html is served at any depth: its links use the base URL's path.
            let mut ctx = base.page(plan, "");
            let base = urls::base_path(plan.site.config.base_url.as_deref());
            ctx.insert("root", &base);
            ctx.insert("asset_root", &base);
            ctx.insert("canonical", &Option::<String>::None);
            render_to(theme, staging, "404.html", "404.html", "404.html", &ctx)
        }
        PageJob::Year(yi) => {
            let py = &plan.years[yi];
            let year = py.year;
            let path = urls::year(year.fy);
            let root = urls::root_prefix(&path);
            let mut ctx = base.page(plan, &path);
            base.insert_year(&mut ctx, yi);
            let cards: Vec<ManifestoCard> = py
                .manifestos
                .iter()
                .map(|m| card(plan, year, m, &root))
                .collect();
            ctx.insert("cards", &cards);
            ctx.insert("data_links", &crate::data::year_links(year, &root));
            let link = |i: Option<usize>| {
                i.and_then(|i| plan.years.get(i)).map(|y| PrevNext {
                    label: y.year.fy.label(),
                    url: format!("{root}{}", urls::year(y.year.fy)),
                })
            };
            ctx.insert("prev", &link(yi.checked_sub(1)));
            ctx.insert("next", &link(Some(yi + 1)));
            render_to(
                theme,
                staging,
                "year.html",
                &path,
                &urls::output_file(&path),
                &ctx,
            )
        }
        PageJob::Manifesto(yi, mi) => {
            let py = &plan.years[yi];
            let year = py.year;
            let m = py.manifestos[mi];
            let path = urls::manifesto(year.fy, &m.department.value);
            let root = urls::root_prefix(&path);
            let mut ctx = base.page(plan, &path);
            let history = plan.site.history_id(&m.department.value).to_string();
            let register = plan.site.register.get(&history);
            let name = department_name(plan, m);
            base.insert_year(&mut ctx, yi);
            ctx.insert(
                "department",
                &serde_json::json!({
                    "id": m.department.value,
                    "history_id": history,
                    "name": name,
                    "current_name": register.map(|d| d.name.clone()).unwrap_or_else(|| name.clone()),
                }),
            );
            ctx.insert(
                "head",
                &serde_json::json!({ "title": m.head.title, "name": m.head.name }),
            );
            ctx.insert("photo", &photo(plan, m, &root));
            ctx.insert("contact", &m.contact);
            ctx.insert(
                "motto_html",
                &m.motto
                    .as_deref()
                    .map(|t| markdown::to_html_with_ids(t, 3, "motto-fn-")),
            );
            ctx.insert(
                "body_html",
                &m.body
                    .as_deref()
                    .map(|t| markdown::to_html_with_ids(t, 3, "message-fn-")),
            );
            ctx.insert("draft", &m.draft);
            let goals: Vec<GoalView> = m
                .goals
                .iter()
                .map(|g| goal_view(plan, year, m, g, &root))
                .collect();
            ctx.insert("goals", &goals);
            let (prev, next) = plan.neighbours(&history, year.fy);
            let link = |fy: Option<crate::model::FiscalYear>| {
                fy.and_then(|fy| plan.manifesto(fy, &history))
                    .map(|pm| PrevNext {
                        label: format!("{} {}", pm.fy.label(), department_name(plan, pm)),
                        url: format!("{root}{}", urls::manifesto(pm.fy, &pm.department.value)),
                    })
            };
            ctx.insert("prev", &link(prev));
            ctx.insert("next", &link(next));
            let summary = m.motto.clone().unwrap_or_else(|| {
                m.goals
                    .iter()
                    .map(|g| g.title.as_str())
                    .collect::<Vec<_>>()
                    .join("／")
            });
            ctx.insert("description", &description(&summary));
            render_to(
                theme,
                staging,
                "manifesto.html",
                &path,
                &urls::output_file(&path),
                &ctx,
            )
        }
        PageJob::Departments
        | PageJob::DepartmentHistory(_)
        | PageJob::Trends
        | PageJob::Policies
        | PageJob::Policy(_) => history::render_job(plan, theme, staging, base, job),
    }
}

/// Theme static files under `theme/`, the site's `assets/` under `assets/` (head photos
/// excepted: they go through the photo pipeline, never out as they are), sitemap, robots.
pub fn write_files(
    plan: &Plan,
    theme: &Theme,
    staging: &dyn Sink,
) -> Result<usize, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut count = 0;
    for (rel, bytes) in &theme.statics {
        match staging.write(&format!("theme/{rel}"), bytes) {
            Ok(()) => count += 1,
            Err(e) => errors.push(Diagnostic::error(
                format!("theme/{rel}"),
                None,
                format!("cannot write: {e}"),
            )),
        }
    }
    let assets = plan.site.root.join("assets");
    if assets.is_dir() {
        for entry in walkdir::WalkDir::new(&assets)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
        {
            let Ok(rel) = entry.path().strip_prefix(&assets) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.starts_with("photos/") || rel.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            let result = std::fs::read(entry.path())
                .and_then(|b| staging.write(&format!("assets/{rel}"), &b));
            match result {
                Ok(()) => count += 1,
                Err(e) => errors.push(Diagnostic::error(
                    format!("assets/{rel}"),
                    None,
                    format!("cannot copy: {e}"),
                )),
            }
        }
    }
    let mut write = |name: &str, text: String| match staging.write(name, text.as_bytes()) {
        Ok(()) => count += 1,
        Err(e) => errors.push(Diagnostic::error(name, None, format!("cannot write: {e}"))),
    };
    write("robots.txt", robots(plan));
    if let Some(sitemap) = sitemap(plan) {
        write("sitemap.xml", sitemap);
    }
    if errors.is_empty() {
        Ok(count)
    } else {
        Err(errors)
    }
}

fn robots(plan: &Plan) -> String {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &plan.site.config.base_url {
        s.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Absolute URLs need `base_url`; without it there is no sitemap.
fn sitemap(plan: &Plan) -> Option<String> {
    let base = plan.site.config.base_url.as_ref()?;
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entry = |path: &str, date: Option<jiff::civil::Date>| {
        s.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{base}{path}"))
        ));
        if let Some(d) = date {
            s.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        s.push_str("</url>\n");
    };
    let latest = plan
        .years
        .iter()
        .filter_map(|y| y.year.settings.published)
        .max();
    entry("", latest);
    entry("data/", latest);
    for py in plan.years.iter().rev() {
        let date = py.year.settings.published;
        entry(&urls::year(py.year.fy), date);
        for m in &py.manifestos {
            entry(&urls::manifesto(py.year.fy, &m.department.value), date);
        }
    }
    entry(&urls::departments(), latest);
    for d in plan
        .history
        .departments
        .iter()
        .filter(|d| !d.manifestos.is_empty())
    {
        entry(&urls::department(&d.department.id), latest);
    }
    entry(&urls::trends(), latest);
    if let Some(groups) = &plan.history.policies {
        entry(&urls::policies(), latest);
        for g in groups {
            entry(&urls::policy(&g.code), latest);
        }
    }
    s.push_str("</urlset>\n");
    Some(s)
}
