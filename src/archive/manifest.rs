//! The snapshot manifest: one `<sha256 hex>  <path>` line per file, in the format of GNU
//! coreutils' `sha256sum` (and `shasum -a 256`), so that a records office can check a
//! snapshot with `sha256sum -c SHA256SUMS` without our tool.
//!
//! Paths are relative to the folder the manifest describes, with `/` separators, sorted
//! by their bytes. A name holding a backslash or a newline is escaped the way `sha256sum`
//! does it (the line starts with `\`, and `\\` / `\n` stand for the two characters).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::Path;

/// Path → lowercase hex SHA-256.
pub type Manifest = BTreeMap<String, String>;

/// The SHA-256 of a byte string, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a file, read in chunks.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The manifest text: sorted lines, each ending in `\n`.
pub fn format(manifest: &Manifest) -> String {
    let mut out = String::new();
    for (path, hash) in manifest {
        if path.contains(['\\', '\n']) {
            let escaped = path.replace('\\', "\\\\").replace('\n', "\\n");
            out.push_str(&format!("\\{hash}  {escaped}\n"));
        } else {
            out.push_str(&format!("{hash}  {path}\n"));
        }
    }
    out
}

/// Read a manifest. Errors name the line (1-based) that is not `<64 hex>  <path>`.
pub fn parse(text: &str) -> Result<Manifest, String> {
    let mut manifest = Manifest::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            continue;
        }
        let (escaped, line) = match line.strip_prefix('\\') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let bad = || format!("line {n} is not `<SHA-256 in hex>  <path>`: {line:?}");
        if line.len() < 66 || !line.is_char_boundary(64) {
            return Err(bad());
        }
        let (hash, rest) = line.split_at(64);
        if !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        // Two spaces (text mode) or space-asterisk (binary mode): the same bytes either way.
        let path = rest
            .strip_prefix("  ")
            .or_else(|| rest.strip_prefix(" *"))
            .ok_or_else(bad)?;
        let path = if escaped {
            unescape(path).ok_or_else(bad)?
        } else {
            path.to_string()
        };
        if path.is_empty() || !is_safe(&path) {
            return Err(format!(
                "line {n}: the path {path:?} leaves the folder or is not relative"
            ));
        }
        if manifest
            .insert(path.clone(), hash.to_ascii_lowercase())
            .is_some()
        {
            return Err(format!("line {n}: {path:?} is listed twice"));
        }
    }
    Ok(manifest)
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next()? {
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A relative path that stays inside its folder: no `..`, no leading `/`, no empty part.
pub fn is_safe(path: &str) -> bool {
    !path.starts_with('/')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Hash every file under `dir` (recursively, sorted), skipping the relative paths in
/// `except`. Symbolic links are refused: a snapshot holds plain files only.
pub fn hash_folder(dir: &Path, except: &[&str]) -> io::Result<Manifest> {
    let mut manifest = Manifest::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = slash_path(entry.path().strip_prefix(dir).map_err(io::Error::other)?);
        if except.contains(&rel.as_str()) {
            continue;
        }
        if entry.file_type().is_symlink() {
            return Err(io::Error::other(format!(
                "{rel} is a symbolic link; a snapshot holds plain files only"
            )));
        }
        manifest.insert(rel, sha256_file(entry.path())?);
    }
    Ok(manifest)
}

/// A relative path with `/` between its parts, whatever the platform.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// How a folder differs from its manifest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Difference {
    pub changed: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
}

impl Difference {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compare what a manifest lists with what a folder holds (both path → hash).
pub fn compare(expected: &Manifest, actual: &Manifest) -> Difference {
    let mut d = Difference::default();
    for (path, hash) in expected {
        match actual.get(path) {
            None => d.missing.push(path.clone()),
            Some(h) if h != hash => d.changed.push(path.clone()),
            Some(_) => {}
        }
    }
    d.extra = actual
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .cloned()
        .collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn known_digests() {
        assert_eq!(sha256_hex(b""), EMPTY);
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn format_is_sha256sum_text_mode_sorted() {
        let mut m = Manifest::new();
        m.insert("somu/index.html".into(), EMPTY.into());
        m.insert("_assets/theme/style.css".into(), EMPTY.into());
        m.insert("index.html".into(), EMPTY.into());
        let text = format(&m);
        assert_eq!(
            text,
            format!(
                "{EMPTY}  _assets/theme/style.css\n{EMPTY}  index.html\n{EMPTY}  somu/index.html\n"
            )
        );
        assert_eq!(parse(&text).unwrap(), m);
    }

    #[test]
    fn escapes_like_sha256sum() {
        let mut m = Manifest::new();
        m.insert("a\\b".into(), EMPTY.into());
        m.insert("line\nbreak".into(), EMPTY.into());
        let text = format(&m);
        assert!(text.contains(&format!("\\{EMPTY}  a\\\\b\n")), "{text}");
        assert!(
            text.contains(&format!("\\{EMPTY}  line\\nbreak\n")),
            "{text}"
        );
        assert_eq!(parse(&text).unwrap(), m);
    }

    #[test]
    fn parse_accepts_binary_mode_crlf_and_uppercase() {
        let upper = EMPTY.to_uppercase();
        let m = parse(&format!("{upper} *index.html\r\n\n")).unwrap();
        assert_eq!(m.get("index.html").map(String::as_str), Some(EMPTY));
    }

    #[test]
    fn parse_rejects_bad_lines() {
        assert!(parse("not a manifest\n").unwrap_err().contains("line 1"));
        let short = &EMPTY[..63];
        assert!(parse(&format!("{short}  x\n")).is_err());
        assert!(parse(&format!("{EMPTY} x\n")).is_err());
        let escaping = parse(&format!("{EMPTY}  ../../etc/passwd\n")).unwrap_err();
        assert!(escaping.contains("leaves the folder"), "{escaping}");
        assert!(parse(&format!("{EMPTY}  /abs\n")).is_err());
        let twice = parse(&format!("{EMPTY}  a\n{EMPTY}  a\n")).unwrap_err();
        assert!(
            twice.contains("line 2") && twice.contains("twice"),
            "{twice}"
        );
        // A multi-byte character where the hash should end is an error, not a panic.
        assert!(parse(&format!("{}あ  x\n", &EMPTY[..63])).is_err());
    }

    #[test]
    fn compare_names_each_kind_of_difference() {
        let mut expected = Manifest::new();
        expected.insert("same".into(), "1".into());
        expected.insert("changed".into(), "2".into());
        expected.insert("gone".into(), "3".into());
        let mut actual = Manifest::new();
        actual.insert("same".into(), "1".into());
        actual.insert("changed".into(), "x".into());
        actual.insert("new".into(), "4".into());
        let d = compare(&expected, &actual);
        assert_eq!(d.changed, ["changed"]);
        assert_eq!(d.missing, ["gone"]);
        assert_eq!(d.extra, ["new"]);
        assert!(compare(&expected, &expected).is_empty());
    }

    #[test]
    fn hash_folder_walks_sorted_and_skips_exceptions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/x.html"), "").unwrap();
        std::fs::write(dir.path().join("a.css"), "abc").unwrap();
        std::fs::write(dir.path().join("SHA256SUMS"), "skip me").unwrap();
        let m = hash_folder(dir.path(), &["SHA256SUMS"]).unwrap();
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a.css", "b/x.html"]);
        assert_eq!(m["b/x.html"], EMPTY);
    }
}
