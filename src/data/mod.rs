//! Open data, the Atom feed and the search index — everything a build publishes besides
//! the pages, for readers who download, subscribe or search:
//!
//! - `/<fy>/manifestos.json`, `/<fy>/goals.csv` per published year, and
//!   `/data/manifestos.json`, `/data/goals.csv` with every published year
//!   ([`json`], [`csv`]; the format is documented in [`schema`] and on `/data/`);
//! - `/feed.xml` ([`feed`]);
//! - `/search/` and its index files ([`search`]);
//! - the pages `/data/` (`data.html`) and `/search/` (`search.html`).
//!
//! Drafts never appear in any of them, whatever `--drafts` says: these files are what
//! other systems copy and cache, and a draft that leaked into them would outlive the
//! preview. Everything is written into the build's staging folder.

pub mod csv;
pub mod feed;
pub mod json;
pub mod schema;
pub mod search;

use crate::diagnostics::Diagnostic;
use crate::model::department::policy_base;
use crate::model::{Manifesto, Site, Year};
use crate::photos::PhotoSet;
use crate::plan::{Options, Plan, urls};
use crate::render::context::BaseContext;
use crate::render::markdown::to_text;
use crate::render::theme::Theme;
use crate::write::Sink;
use rayon::prelude::*;
use serde::Serialize;

/// The published content: what data, feed and search are made of. Drafts never.
pub struct Public<'a> {
    pub site: &'a Site,
    pub photos: &'a PhotoSet,
    /// Oldest first, each with its published manifestos in display order.
    pub years: Vec<(&'a Year, Vec<&'a Manifesto>)>,
}

impl<'a> Public<'a> {
    /// The years and manifestos a build without `--drafts` publishes.
    pub fn new(plan: &'a Plan<'a>) -> Public<'a> {
        let published = Plan::published_years(plan.site, Options { drafts: false });
        Public {
            site: plan.site,
            photos: &plan.photos,
            years: published
                .into_iter()
                .map(|py| (py.year, py.manifestos))
                .collect(),
        }
    }

    /// The department's name that year (as the pages show it).
    pub fn department_name(&self, m: &Manifesto) -> String {
        m.department_name.clone().unwrap_or_else(|| {
            self.site
                .register
                .resolve(&m.department.value)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| m.department.value.clone())
        })
    }

    /// The policies.yaml title of a goal's policy code (`7-1-①` → 7-1's title).
    pub fn policy_title(&self, code: &str) -> Option<&'a str> {
        let base = policy_base(code)?;
        self.site
            .policies
            .as_ref()?
            .iter()
            .find(|p| p.code == base)
            .map(|p| p.title.as_str())
    }
}

/// Links a year page shows to its data files (none for a year that is not published).
#[derive(Serialize)]
pub struct YearData {
    pub csv: String,
    pub json: String,
    /// File name suggested for the download (`download` attribute).
    pub csv_name: String,
    pub data_page: String,
}

/// The data links of a year page at `root`; `None` when the year is not published
/// without `--drafts` (the same rule as the plan's).
pub fn year_links(year: &Year, root: &str) -> Option<YearData> {
    let published = !year.settings.draft
        && (year.manifestos.is_empty() || year.manifestos.iter().any(|m| !m.draft));
    published.then(|| YearData {
        csv: format!("{root}{}goals.csv", urls::year(year.fy)),
        json: format!("{root}{}manifestos.json", urls::year(year.fy)),
        csv_name: csv_download_name(year),
        data_page: format!("{root}data/"),
    })
}

fn csv_download_name(year: &Year) -> String {
    format!("manifesto-{}-goals.csv", year.fy)
}

/// `12.3 KB`
fn size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    }
}

#[derive(Serialize)]
struct DataYearView {
    fy: i32,
    label: String,
    published: Option<String>,
    manifesto_count: usize,
    goal_count: usize,
    csv: String,
    csv_name: String,
    csv_size: String,
    json: String,
    json_size: String,
}

/// Write a file through the sink piece by piece; returns its size.
fn stream(
    sink: &dyn Sink,
    rel: &str,
    mut write: impl FnMut(&mut dyn std::io::Write) -> Result<(), String>,
) -> Result<usize, Diagnostic> {
    sink.write_streamed(rel, &mut write)
        .map_err(|e| err(rel, e))
}

/// Summary of what [`write`] wrote, for the build report and benchmarks.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub search: search::IndexInfo,
}

fn err(file: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(file, None, format!("cannot write: {e}"))
}

fn year_view(y: &Year, ms: &[&Manifesto], dir: &str, csv: usize, json: usize) -> DataYearView {
    DataYearView {
        fy: y.fy.0,
        label: y.fy.label(),
        published: y.settings.published.map(|d| {
            crate::render::context::japanese_date(
                d.year() as i32,
                d.month() as u32,
                Some(d.day() as u32),
            )
        }),
        manifesto_count: ms.len(),
        goal_count: ms.iter().map(|m| m.goals.len()).sum(),
        csv: format!("{dir}goals.csv"),
        csv_name: csv_download_name(y),
        csv_size: size(csv),
        json: format!("{dir}manifestos.json"),
        json_size: size(json),
    }
}

/// Write the data files, the feed, the search index and the `/data/` and `/search/`
/// pages into the staging folder.
pub fn write(plan: &Plan, theme: &Theme, staging: &dyn Sink) -> Result<Written, Vec<Diagnostic>> {
    let public = Public::new(plan);
    let mut errors = Vec::new();
    let mut files = 0;
    // A file made of the given pieces (written one after the other, never joined in
    // memory); returns its size.
    let mut put = |rel: &str, parts: &[&[u8]], errors: &mut Vec<Diagnostic>| {
        let write = &mut |w: &mut dyn std::io::Write| {
            parts
                .iter()
                .try_for_each(|p| w.write_all(p))
                .map_err(|e| e.to_string())
        };
        match staging.write_streamed(rel, write) {
            Ok(len) => {
                files += 1;
                len
            }
            Err(e) => {
                errors.push(err(rel, e));
                0
            }
        }
    };

    // Open data. Each year's JSON and CSV are made once (side by side) and written both
    // as the year's own files and into the all-years files, which are streamed to disk:
    // a large site's data is never held whole.
    let frame = json::Frame::new(&public).map_err(|e| vec![err("data/manifestos.json", e)])?;
    let csv_head = csv::header().map_err(|e| vec![err("data/goals.csv", e)])?;
    let mut views = Vec::new();
    let mut all_csv = 0;
    let all_json = crate::timing::stage("data: year files", || {
        stream(staging, "data/manifestos.json", |json_out| {
            let io = |e: std::io::Error| e.to_string();
            json_out.write_all(&frame.head).map_err(io)?;
            all_csv = stream(staging, "data/goals.csv", |csv_out| {
                csv_out.write_all(&csv_head).map_err(io)?;
                for (n, (y, ms)) in public.years.iter().enumerate() {
                    let (json_body, csv_rows) = rayon::join(
                        || {
                            // About 7 KB a manifesto (see `csv::rows`).
                            let mut out = Vec::with_capacity(7 * 1024 * ms.len());
                            serde_json::to_writer(&mut out, &json::year(&public, y, ms))
                                .map(|()| out)
                        },
                        || csv::rows(&public, y, ms),
                    );
                    let (json_body, csv_rows) = (json_body.map_err(|e| e.to_string())?, csv_rows?);
                    if n > 0 {
                        json_out.write_all(b",").map_err(io)?;
                    }
                    json_out.write_all(&json_body).map_err(io)?;
                    csv_out.write_all(&csv_rows).map_err(io)?;
                    let dir = urls::year(y.fy);
                    let json_len = put(
                        &format!("{dir}manifestos.json"),
                        &[&frame.head, &json_body, frame.tail],
                        &mut errors,
                    );
                    let csv_len = put(
                        &format!("{dir}goals.csv"),
                        &[&csv_head, &csv_rows],
                        &mut errors,
                    );
                    views.push(year_view(y, ms, &dir, csv_len, json_len));
                }
                Ok(())
            })
            .map_err(|d| d.message)?;
            json_out.write_all(frame.tail).map_err(io)
        })
    })
    .map_err(|e| vec![e])?;

    // Search: documents are made a block of manifestos at a time and written out as the
    // index takes them, so the text of a large site is never held whole.
    let list = search_list(&public);
    let n: usize = list.iter().map(|(_, m)| 1 + m.goals.len()).sum();
    let blocks = list.chunks(SEARCH_BLOCK).map(|block| {
        let per: Vec<Vec<search::Doc>> = block
            .par_iter()
            .map(|(y, m)| manifesto_docs(&public, y, m))
            .collect();
        per.into_iter().flatten().collect::<Vec<_>>()
    });
    let put_index = |rel: &str, bytes: &[u8]| -> Result<(), String> {
        staging
            .write(rel, bytes)
            .map_err(|e| format!("{rel}: cannot write: {e}"))
    };
    let info = crate::timing::stage("data: search", || search::build(n, blocks, &put_index))
        .map_err(|messages| {
            messages
                .into_iter()
                .map(|m| Diagnostic::error("search/", None, m))
                .collect::<Vec<_>>()
        })?;
    views.reverse();

    put(
        "feed.xml",
        &[feed::feed(&public, &public.years).as_bytes()],
        &mut errors,
    );

    let index_files = info.shards + n.div_ceil(search::CHUNK);

    // Pages.
    let base = BaseContext::new(plan);
    let render = |template: &str, path: &str, ctx: &tera::Context| -> Result<String, Diagnostic> {
        theme
            .tera
            .render(template, ctx)
            .map_err(|e| crate::render::render_error(template, path, e))
    };
    let path = "data/";
    let root = urls::root_prefix(path);
    let mut ctx = base.page(plan, path);
    let views: Vec<DataYearView> = views
        .into_iter()
        .map(|v| DataYearView {
            csv: format!("{root}{}", v.csv),
            json: format!("{root}{}", v.json),
            ..v
        })
        .collect();
    ctx.insert("data_years", &views);
    ctx.insert("all_json", &format!("{root}data/manifestos.json"));
    ctx.insert("all_json_size", &size(all_json));
    ctx.insert("all_csv", &format!("{root}data/goals.csv"));
    ctx.insert("all_csv_size", &size(all_csv));
    ctx.insert("feed", &format!("{root}feed.xml"));
    ctx.insert("format_name", json::FORMAT_NAME);
    ctx.insert("format_version", &json::FORMAT_VERSION);
    ctx.insert("json_fields", schema::JSON_FIELDS);
    ctx.insert("csv_columns", &schema::csv_columns());
    ctx.insert(
        "description",
        &format!(
            "{}の部局マニフェストのオープンデータ（JSON・CSV）とその項目の説明",
            plan.site.config.organization
        ),
    );
    match render("data.html", path, &ctx) {
        Ok(html) => {
            put(&urls::output_file(path), &[html.as_bytes()], &mut errors);
        }
        Err(d) => errors.push(d),
    }

    let path = "search/";
    let root = urls::root_prefix(path);
    let mut ctx = base.page(plan, path);
    ctx.insert("search_index", &format!("{root}search/"));
    ctx.insert("search", &info);
    ctx.insert(
        "description",
        &format!(
            "{}の部局マニフェストを、すべての年度・部局から語句で検索します",
            plan.site.config.organization
        ),
    );
    match render("search.html", path, &ctx) {
        Ok(html) => {
            put(&urls::output_file(path), &[html.as_bytes()], &mut errors);
        }
        Err(d) => errors.push(d),
    }

    if errors.is_empty() {
        Ok(Written {
            files: files + index_files + 2,
            search: info,
        })
    } else {
        Err(errors)
    }
}

/// Manifestos per block of search documents (a manifesto and its goals are 5 documents
/// in a typical sheet).
const SEARCH_BLOCK: usize = 512;

/// What the search index is made of: every published manifesto, newest year first, in
/// each year's display order; each gives one document for the manifesto (head, motto,
/// message, contact) and one per goal ([`manifesto_docs`]).
fn search_list<'a>(public: &Public<'a>) -> Vec<(&'a Year, &'a Manifesto)> {
    public
        .years
        .iter()
        .rev()
        .flat_map(|(y, ms)| ms.iter().map(move |m| (*y, *m)))
        .collect()
}

fn manifesto_docs(public: &Public, y: &Year, m: &Manifesto) -> Vec<search::Doc> {
    let name = public.department_name(m);
    let label = y.fy.label();
    let register = public.site.register.resolve(&m.department.value);
    let mut extra = vec![m.department.value.clone()];
    if let Some(d) = register {
        extra.extend(d.kana.clone());
        if d.name != name {
            extra.push(d.name.clone());
        }
    }
    let extra = extra.join(" ");
    let page = urls::manifesto(y.fy, &m.department.value);
    let lines = |parts: &[Option<&str>]| {
        parts
            .iter()
            .flatten()
            .map(|t| to_text(t))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut docs = vec![search::Doc {
        url: page.clone(),
        meta: label.clone(),
        title: format!("{name}　{}　{}", m.head.title, m.head.name),
        body: lines(&[m.motto.as_deref(), m.body.as_deref(), m.contact.as_deref()]),
        extra: extra.clone(),
    }];
    for g in &m.goals {
        let policy = g.policy.as_deref().map(|p| match public.policy_title(p) {
            Some(t) if !t.contains(p) => format!("施策 {p} {t}"),
            _ => format!("施策 {p}"),
        });
        let indicators: Vec<String> = g
            .indicators
            .iter()
            .map(|i| format!("指標 {}", i.name))
            .collect();
        let mut body = lines(&[
            Some(&g.mission),
            policy.as_deref(),
            g.background.as_deref(),
            Some(&g.current),
            g.challenges.as_deref(),
            Some(&g.target),
            Some(&g.outcome),
            Some(&g.means),
        ]);
        for i in indicators {
            body.push('\n');
            body.push_str(&i);
        }
        if let Some(r) = g.evaluation.as_ref().and_then(|e| e.reason.as_deref()) {
            body.push('\n');
            body.push_str(&to_text(r));
        }
        docs.push(search::Doc {
            url: format!("{page}#{}", urls::goal_anchor(g.number)),
            meta: format!("{label}　{name}　部局目標{}", g.number),
            title: g.title.clone(),
            body,
            extra: extra.clone(),
        });
    }
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_lines_and_drops_markup() {
        assert_eq!(
            to_text("- 一つ目\n- **二つ目**\n\n理由は**「重要」**です。"),
            "・一つ目\n・二つ目\n理由は「重要」です。"
        );
        assert_eq!(to_text("一行目\n二行目"), "一行目\n二行目");
        assert_eq!(to_text("<b>生のHTML</b>"), "<b>生のHTML</b>");
        assert_eq!(to_text(""), "");
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(900), "900 B");
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(3 * 1024 * 1024), "3.0 MB");
    }
}
