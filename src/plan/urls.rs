//! Page URLs. Every page lives in a folder (`/2023/somu/` → `2023/somu/index.html`), and
//! links between pages are relative (`../../2023/`), so the output works from any
//! subfolder of any host and from a plain folder on disk.

use crate::model::FiscalYear;

/// Site-relative path of the year page: `2023/`.
pub fn year(fy: FiscalYear) -> String {
    format!("{fy}/")
}

/// Site-relative path of a manifesto page: `2023/somu/`.
pub fn manifesto(fy: FiscalYear, department: &str) -> String {
    format!("{fy}/{department}/")
}

/// `departments/`: the register.
pub fn departments() -> String {
    "departments/".to_string()
}

/// `departments/somu/`: a department's history (by its history id).
pub fn department(history_id: &str) -> String {
    format!("departments/{history_id}/")
}

/// `trends/`
pub fn trends() -> String {
    "trends/".to_string()
}

/// `policies/`
pub fn policies() -> String {
    "policies/".to_string()
}

/// `policies/7-1/` (codes are digits joined by `-`).
pub fn policy(code: &str) -> String {
    format!("policies/{code}/")
}

/// `#goal-3`
pub fn goal_anchor(number: usize) -> String {
    format!("goal-{number}")
}

/// The prefix that leads from a page at `path` (site-relative, ending in `/` or empty for
/// the top) back to the site root: `""` → `./`, `2023/` → `../`, `2023/somu/` → `../../`.
pub fn root_prefix(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// The output file of a page path: `2023/somu/` → `2023/somu/index.html`.
pub fn output_file(path: &str) -> String {
    format!("{path}index.html")
}

/// The path part of a base URL (`https://x.jp/manifesto/` → `/manifesto/`), for pages
/// that can be served at any depth (404.html).
pub fn base_path(base_url: Option<&str>) -> String {
    let Some(url) = base_url else {
        return "/".to_string();
    };
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("/");
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("2023/"), "../");
        assert_eq!(root_prefix("2023/somu/"), "../../");
    }

    #[test]
    fn base_paths() {
        assert_eq!(
            base_path(Some("https://www.city.example.lg.jp/manifesto/")),
            "/manifesto/"
        );
        assert_eq!(base_path(Some("https://example.jp")), "/");
        assert_eq!(base_path(None), "/");
    }
}
