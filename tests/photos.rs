//! Head photos through the binary: missing, outside assets/, damaged, oversized, and a
//! phone photo with EXIF orientation and GPS that must come out upright and clean.

mod common;

use assert_cmd::Command;
use common::*;
use image::{Rgb, RgbImage};
use std::path::Path;

fn build(site: &Site, out: &Path) -> (i32, String) {
    let o = Command::cargo_bin("manifesto")
        .unwrap()
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (o.status.code().unwrap_or(-1), stderr)
}

fn with_photo_line(line: &str) -> String {
    valid_manifesto().replace(
        "  name: 伊賀 太郎\n",
        &format!("  name: 伊賀 太郎\n  {line}\n"),
    )
}

#[test]
fn a_missing_photo_is_a_warning_and_the_page_shows_the_placeholder() {
    let site = Site::new();
    site.remove("assets/photos/2023/somu.png");
    let out = site.check();
    out.code(0);
    let block = out
        .blocks()
        .into_iter()
        .find(|b| b.contains("no head photo"))
        .expect("a warning about the photo");
    assert!(
        block.starts_with("content/2023/somu.yaml: warning: "),
        "{block}"
    );
    assert!(block.contains("assets/photos/2023/somu.jpg"), "{block}");
    site.check_with(&["--strict"]).code(1);

    let dir = tempfile::tempdir().unwrap();
    let (code, _) = build(&site, &dir.path().join("out"));
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(dir.path().join("out/2023/somu/index.html")).unwrap();
    assert!(page.contains("theme/placeholder-portrait.svg"), "{page}");
    assert!(
        page.contains("alt=\"総務部 部長 伊賀 太郎（写真は準備中です）\""),
        "{page}"
    );
}

#[test]
fn an_explicit_photo_path_that_does_not_exist_is_a_warning_at_its_line() {
    let site = Site::new();
    let text = with_photo_line("photo: photos/2023/nobody.jpg");
    site.write("content/2023/somu.yaml", &text);
    let (line, col) = at(&text, "photos/2023/nobody.jpg");
    site.check().code(0).warning_at(
        "content/2023/somu.yaml",
        pos(line, col),
        &["no head photo", "assets/photos/2023/nobody.jpg"],
    );
}

#[test]
fn photo_paths_that_leave_assets_are_errors_at_their_position() {
    for bad in ["../site.yaml", "/etc/passwd", "photos/../../site.yaml"] {
        let site = Site::new();
        let text = with_photo_line(&format!("photo: {bad}"));
        site.write("content/2023/somu.yaml", &text);
        let (line, col) = at(&text, bad);
        site.check().code(1).error_at(
            "content/2023/somu.yaml",
            pos(line, col),
            &["must be a path inside assets/"],
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_assets_is_an_error() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("face.png"), PHOTO_PNG).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("face.png"),
        site.file("assets/photos/2023/link.png"),
    )
    .unwrap();
    let text = with_photo_line("photo: photos/2023/link.png");
    site.write("content/2023/somu.yaml", &text);
    let (line, col) = at(&text, "photos/2023/link.png");
    site.check().code(1).error_at(
        "content/2023/somu.yaml",
        pos(line, col),
        &["outside assets/"],
    );
}

#[test]
fn a_damaged_photo_is_an_error_naming_the_file_and_nothing_is_built() {
    let site = Site::new();
    site.remove("assets/photos/2023/somu.png");
    site.write("assets/photos/2023/somu.jpg", "これは写真ではありません");
    site.check().code(1).file_error(
        "assets/photos/2023/somu.jpg",
        &["head photo of somu", "not a JPEG, PNG or WebP"],
    );
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = build(&site, &dir.path().join("out"));
    assert_eq!(code, 1, "{stderr}");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    // A PNG header claiming 30000×30000 pixels (2.7 GB decoded), and nothing after it.
    let png = manifesto::photos::fixtures::png_bomb_header();
    let site = Site::new();
    site.write("assets/photos/2023/somu.png", &png);
    site.check().code(1).file_error(
        "assets/photos/2023/somu.png",
        &["too large to decode safely", "scale it down"],
    );
}

#[test]
fn a_phone_photo_comes_out_upright_small_and_without_metadata_and_is_cached() {
    // Landscape pixels, left red and right blue, with EXIF orientation 6 (the phone was
    // held upright): the published portrait must be red at the top.
    let img = RgbImage::from_fn(800, 600, |x, _| {
        if x < 400 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    });
    let jpeg = manifesto::photos::fixtures::jpeg_with_exif(&img, 6);
    let site = Site::new();
    site.remove("assets/photos/2023/somu.png");
    site.write("assets/photos/2023/somu.jpg", &jpeg);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 photos (1 decoded, 0 from cache)"),
        "{stderr}"
    );

    let page = std::fs::read_to_string(out.join("2023/somu/index.html")).unwrap();
    let img_tag = page
        .split("<img")
        .nth(1)
        .and_then(|s| s.split('>').next())
        .unwrap()
        .to_string();
    assert!(img_tag.contains("srcset=\""), "{img_tag}");
    assert!(img_tag.contains("sizes=\""), "{img_tag}");
    assert!(
        img_tag.contains("width=\"240\" height=\"320\""),
        "{img_tag}"
    );
    assert!(
        img_tag.contains("alt=\"総務部 部長 伊賀 太郎\""),
        "{img_tag}"
    );

    let photos: Vec<_> = std::fs::read_dir(out.join("photos"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    // 600 px wide after rotation → crop 600×800 → widths 120, 240, 360, 480.
    assert_eq!(photos.len(), 4, "{photos:?}");
    for p in &photos {
        let bytes = std::fs::read(p).unwrap();
        assert!(!bytes.windows(4).any(|w| w == b"Exif"), "EXIF in {p:?}");
        assert!(
            !bytes.windows(15).any(|w| w == b"HOME-GPS-SECRET"),
            "metadata in {p:?}"
        );
        let decoded = image::load_from_memory(&bytes).unwrap().into_rgb8();
        assert_eq!(decoded.width() * 4, decoded.height() * 3, "3:4 in {p:?}");
        let top = decoded.get_pixel(decoded.width() / 2, 1);
        let bottom = decoded.get_pixel(decoded.width() / 2, decoded.height() - 2);
        assert!(
            top[0] > 150 && top[2] < 100,
            "top not red in {p:?}: {top:?}"
        );
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "bottom not blue in {p:?}"
        );
    }
    // The source is never published as it is.
    assert!(!out.join("assets/photos/2023/somu.jpg").exists());

    // A second build decodes nothing and publishes the same bytes.
    let before: Vec<Vec<u8>> = photos.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let (code, stderr) = build(&site, &out);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("1 photos (0 decoded, 1 from cache)"),
        "{stderr}"
    );
    let after: Vec<Vec<u8>> = photos.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(before, after);
}
