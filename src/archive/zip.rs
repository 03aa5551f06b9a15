//! A reproducible zip of a snapshot for the records office: entries sorted by path under
//! one top folder named after the year (`2023/index.html`, …), every timestamp fixed at
//! 1980-01-01 00:00 (the earliest a zip can hold), fixed permissions, no extra fields, and
//! Deflate at a fixed level — so the same snapshot always gives the same bytes.

use std::io::{self, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Write the files of `dir` into a zip at `out` (through a temporary file beside it, so a
/// failed run leaves no half-written zip), each under `top/`.
pub fn write(dir: &Path, top: &str, out: &Path) -> io::Result<()> {
    let files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(io::Error::other)?
        .into_iter()
        .filter(|e| e.file_type().is_file())
        .collect();
    let mut entries: Vec<(String, std::path::PathBuf)> = files
        .iter()
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            (format!("{top}/{rel}"), e.path().to_path_buf())
        })
        .collect();
    // walkdir sorts per folder by name; sort the full paths too, by bytes.
    entries.sort();

    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "archive.zip".into());
    let tmp = out.with_file_name(format!(".{name}.manifesto-tmp-{}", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        let mut zip = ZipWriter::new(io::BufWriter::new(file));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        for (name, path) in &entries {
            zip.start_file(name.as_str(), options)
                .map_err(io::Error::other)?;
            zip.write_all(&std::fs::read(path)?)?;
        }
        let mut inner = zip.finish().map_err(io::Error::other)?;
        inner.flush()?;
        inner.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_folder_same_bytes_and_sorted_entries() {
        let dir = tempfile::tempdir().unwrap();
        let snap = dir.path().join("snap");
        std::fs::create_dir_all(snap.join("somu")).unwrap();
        std::fs::write(snap.join("somu/index.html"), "<p>総務部</p>").unwrap();
        std::fs::write(snap.join("index.html"), "<p>年度</p>").unwrap();
        let a = dir.path().join("a.zip");
        let b = dir.path().join("b.zip");
        write(&snap, "2023", &a).unwrap();
        // Another modification time on disk must not change the zip.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(86_400);
        std::fs::File::options()
            .write(true)
            .open(snap.join("index.html"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        write(&snap, "2023", &b).unwrap();
        let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
        assert_eq!(a, b);
        let mut archive = zip::ZipArchive::new(io::Cursor::new(a)).unwrap();
        let names: Vec<String> = archive.file_names().map(str::to_string).collect();
        assert_eq!(names, ["2023/index.html", "2023/somu/index.html"]);
        let mut text = String::new();
        io::Read::read_to_string(
            &mut archive.by_name("2023/somu/index.html").unwrap(),
            &mut text,
        )
        .unwrap();
        assert_eq!(text, "<p>総務部</p>");
    }
}
