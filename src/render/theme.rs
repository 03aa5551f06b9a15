//! The theme: Tera templates and static files.
//!
//! The default theme (`themes/default/` in this repository) is embedded in the binary, so
//! a site without `themes/` builds. A site's `themes/<name>/templates/x.html` overrides the
//! built-in `x.html` file by file (through Tera's fallback prefixes: built-in templates
//! are registered as `default/x.html`), and `themes/<name>/static/` files override or add
//! to the built-in static files.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (name, source) of the built-in templates.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "year.html",
        include_str!("../../themes/default/templates/year.html"),
    ),
    (
        "manifesto.html",
        include_str!("../../themes/default/templates/manifesto.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/default/templates/data.html"),
    ),
    (
        "partials/photo.html",
        include_str!("../../themes/default/templates/partials/photo.html"),
    ),
    (
        "partials/badge.html",
        include_str!("../../themes/default/templates/partials/badge.html"),
    ),
    (
        "partials/legend.html",
        include_str!("../../themes/default/templates/partials/legend.html"),
    ),
    (
        "partials/pager.html",
        include_str!("../../themes/default/templates/partials/pager.html"),
    ),
    (
        "partials/card.html",
        include_str!("../../themes/default/templates/partials/card.html"),
    ),
    (
        "partials/scale.html",
        include_str!("../../themes/default/templates/partials/scale.html"),
    ),
    (
        "departments.html",
        include_str!("../../themes/default/templates/departments.html"),
    ),
    (
        "department.html",
        include_str!("../../themes/default/templates/department.html"),
    ),
    (
        "trends.html",
        include_str!("../../themes/default/templates/trends.html"),
    ),
    (
        "policies.html",
        include_str!("../../themes/default/templates/policies.html"),
    ),
    (
        "policy.html",
        include_str!("../../themes/default/templates/policy.html"),
    ),
    (
        "partials/score-note.html",
        include_str!("../../themes/default/templates/partials/score-note.html"),
    ),
    (
        "partials/history-nav.html",
        include_str!("../../themes/default/templates/partials/history-nav.html"),
    ),
];

/// (path under static/, bytes) of the built-in static files.
pub const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_bytes!("../../themes/default/static/print.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "placeholder-portrait.svg",
        include_bytes!("../../themes/default/static/placeholder-portrait.svg"),
    ),
];

pub const BUILTIN_PREFIX: &str = "default/";

pub struct Theme {
    pub tera: tera::Tera,
    /// Output path under `theme/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// Load the theme named in site.yaml over the built-in one.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut tera = tera::Tera::default();
    if let Err(e) = tera.set_fallback_prefixes([BUILTIN_PREFIX]) {
        diags.push(Diagnostic::error(
            "themes",
            None,
            format!("theme setup: {e}"),
        ));
        return Err(diags);
    }
    let theme_dir = PathBuf::from("themes").join(name);
    if name != "default" && !root.join(&theme_dir).is_dir() {
        diags.push(Diagnostic::error(
            "site.yaml",
            None,
            format!("theme \"{name}\" not found: there is no folder themes/{name}/"),
        ));
        return Err(diags);
    }
    let mut sources: Vec<(String, String, PathBuf)> = BUILTIN_TEMPLATES
        .iter()
        .map(|(n, s)| {
            (
                format!("{BUILTIN_PREFIX}{n}"),
                s.to_string(),
                PathBuf::new(),
            )
        })
        .collect();
    let mut statics: BTreeMap<String, Vec<u8>> = BUILTIN_STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();

    let templates_dir = root.join(&theme_dir).join("templates");
    for (rel, path) in files_under(&templates_dir) {
        let shown = theme_dir.join("templates").join(&rel);
        match std::fs::read(&path).map(|b| crate::load::text::decode(&b)) {
            Ok(Ok(text)) => sources.push((rel, text, shown)),
            Ok(Err(e)) => diags.push(Diagnostic::error(shown, Some(e.pos), e.message)),
            Err(e) => diags.push(Diagnostic::error(shown, None, format!("cannot read: {e}"))),
        }
    }
    let static_dir = root.join(&theme_dir).join("static");
    for (rel, path) in files_under(&static_dir) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                statics.insert(rel, bytes);
            }
            Err(e) => diags.push(Diagnostic::error(
                theme_dir.join("static").join(&rel),
                None,
                format!("cannot read: {e}"),
            )),
        }
    }
    // Added together, since templates include and extend each other; an error names
    // the template, which we map back to its file.
    if diags.is_empty()
        && let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
    {
        let text = e.to_string();
        let path = sources
            .iter()
            .filter(|(n, _, _)| text.contains(n.as_str()))
            .max_by_key(|(n, _, _)| n.len())
            .map(|(n, _, shown)| {
                if shown.as_os_str().is_empty() {
                    PathBuf::from(format!("(built-in theme) {n}"))
                } else {
                    shown.clone()
                }
            })
            .unwrap_or_else(|| theme_dir.join("templates"));
        diags.push(Diagnostic::error(
            path,
            None,
            format!("template error: {text}"),
        ));
    }
    if diags.is_empty() {
        Ok(Theme { tera, statics })
    } else {
        Err(diags)
    }
}

/// Files under `dir`, as (path relative to `dir` with `/`, full path), sorted.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            Some((
                rel.to_string_lossy().replace('\\', "/"),
                e.path().to_path_buf(),
            ))
        })
        .collect()
}
