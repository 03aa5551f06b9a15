//! Problems found in a site, reported as `path:line:column: error: message` with the
//! offending line quoted — the form compilers use, which editors and CI logs understand.
//!
//! The format is fixed by the spec (a gcc-style first line), which the snippet crates
//! (annotate-snippets, miette) do not produce, so the few lines that print it live here.

pub mod suggest;

use crate::load::yaml::Pos;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the site root, with `/` separators.
    pub path: PathBuf,
    /// `None` for problems of a whole file or folder.
    pub pos: Option<Pos>,
    pub message: String,
    /// Extra lines: `help: …`, `note: …`.
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `content/2023/somu.yaml:12:5: error: message`.
    pub fn headline(&self) -> String {
        let path = display_path(&self.path);
        match self.pos {
            Some(p) => format!(
                "{path}:{}:{}: {}: {}",
                p.line,
                p.col,
                self.severity.as_str(),
                self.message
            ),
            None => format!("{path}: {}: {}", self.severity.as_str(), self.message),
        }
    }

    /// The headline, the quoted source line with a caret under the column, and the notes.
    /// `source` is the text of the file, when it could be read.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let (Some(pos), Some(text)) = (self.pos, source)
            && let Some(line) = text.lines().nth(pos.line.saturating_sub(1) as usize)
        {
            let line = line.trim_end_matches('\r');
            let number = pos.line.to_string();
            let gutter = " ".repeat(number.len());
            // Long lines are cut to a window around the column.
            let chars: Vec<char> = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let col = (pos.col.saturating_sub(1) as usize).min(chars.len());
            let start = col.saturating_sub(40);
            let end = (col + 60).min(chars.len());
            let before: String = chars[start..col].iter().collect();
            let mut shown: String = chars[start..end].iter().collect();
            let before = if start > 0 {
                shown.insert(0, '…');
                format!("…{before}")
            } else {
                before
            };
            if end < chars.len() {
                shown.push('…');
            }
            let _ = writeln!(out, " {number} | {shown}");
            let _ = writeln!(out, " {gutter} | {}^", " ".repeat(before.width()));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  = {note}");
        }
        out
    }
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Sort by file, then position, then message, so that output is stable and reads top
/// to bottom like the files.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
    });
}

/// Render every diagnostic, reading each file once to quote its lines.
pub fn render_all(root: &Path, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut cache: Option<(PathBuf, Option<String>)> = None;
    for d in diags {
        if cache.as_ref().is_none_or(|(p, _)| p != &d.path) {
            let text = std::fs::read(root.join(&d.path))
                .ok()
                .map(|bytes| crate::load::text::decode_lossy(&bytes));
            cache = Some((d.path.clone(), text));
        }
        let source = cache.as_ref().and_then(|(_, t)| t.as_deref());
        out.push_str(&d.render(source));
    }
    out
}

/// `2 errors, 1 warning`.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_lines_up_under_wide_characters() {
        let d = Diagnostic::error(
            "content/2023/somu.yaml",
            Some(Pos::new(2, 9)),
            "unknown field",
        );
        let text = "goals:\n  - 組織使命: x\n";
        let out = d.render(Some(text));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "content/2023/somu.yaml:2:9: error: unknown field");
        assert_eq!(lines[1], " 2 |   - 組織使命: x");
        // 組織使命 is four double-width characters: the caret sits under ':'.
        assert_eq!(lines[2], format!("   | {}^", " ".repeat(12)));
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("title: {}x{}", "あ".repeat(500), "い".repeat(500));
        let d = Diagnostic::error("a.yaml", Some(Pos::new(1, 508)), "here");
        let out = d.render(Some(&line));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].chars().count() < 120, "{}", lines[1]);
        assert!(lines[1].contains('…'));
        let caret = lines[2].find('^').unwrap();
        let x = lines[1].find('x').unwrap();
        assert_eq!(
            lines[2][..caret].width(),
            lines[1][..x].width(),
            "caret under the x"
        );
    }

    #[test]
    fn file_level_problem_has_no_position() {
        let d = Diagnostic::warning("content/x.txt", None, "ignored");
        assert_eq!(d.headline(), "content/x.txt: warning: ignored");
    }

    #[test]
    fn summary_counts() {
        let ds = vec![
            Diagnostic::error("a", None, "x"),
            Diagnostic::error("a", None, "y"),
            Diagnostic::warning("a", None, "z"),
        ];
        assert_eq!(summary(&ds), "2 errors, 1 warning");
    }
}
