//! Writes a manifesto site with N large head photos (4000×3000 JPEG, like a camera's),
//! for the photo benchmark (`benches/photos.sh`).
//!
//! `cargo run --release --example gen_photo_site -- 40 /tmp/photo-site`

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, Rgb, RgbImage};
use std::fs;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(40);
    let dir = Path::new(args.get(2).map(String::as_str).unwrap_or("photo-site"));
    let (w, h) = (4000u32, 3000u32);
    fs::create_dir_all(dir.join("content/2025")).unwrap();
    fs::create_dir_all(dir.join("assets/photos/2025")).unwrap();
    fs::write(
        dir.join("site.yaml"),
        "title: 写真ベンチマーク\norganization: ベンチ市\nbase_url: https://example.jp/\n",
    )
    .unwrap();
    let mut register = String::new();
    for i in 0..n {
        let id = format!("d{i:03}");
        register.push_str(&format!("- id: {id}\n  name: 第{i}部\n"));
        fs::write(
            dir.join(format!("content/2025/{id}.yaml")),
            format!(
                "head:\n  title: 部長\n  name: 職員 {i}\ngoals:\n  - mission: 使命\n    title: 目標\n    current: 現状\n    target: 件数を10件にする\n    outcome: 状態\n    means: 手段\n"
            ),
        )
        .unwrap();
        // Smooth shapes plus a little deterministic noise: compresses like a photo.
        let mut seed = 0x9E37_79B9u32.wrapping_mul(i as u32 + 1);
        let img = RgbImage::from_fn(w, h, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed & 15) as i32 - 8;
            let dx = x as i32 - (w / 2) as i32;
            let dy = y as i32 - (h / 3) as i32;
            let face = dx * dx / 4 + dy * dy < 600 * 600;
            let base = if face {
                [225, 190, 160]
            } else {
                [(x / 20) as i32, 120, (y / 15) as i32]
            };
            Rgb(base.map(|c| (c + noise).clamp(0, 255) as u8))
        });
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 90)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        fs::write(dir.join(format!("assets/photos/2025/{id}.jpg")), jpeg).unwrap();
    }
    fs::write(dir.join("content/departments.yaml"), register).unwrap();
    println!("wrote {n} photos of {w}×{h} into {}", dir.display());
}
