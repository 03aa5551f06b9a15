//! Photo pipeline tests on generated images: EXIF orientation, metadata stripping, alpha,
//! WebP, damaged and oversized files.

use super::fixtures::jpeg_with_exif;
use super::process::{output_sizes, probe, process};
use image::{ImageEncoder, Rgb, RgbImage};

/// Left half red, right half blue.
fn left_red_right_blue(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    })
}

/// Top half red, bottom half blue.
fn top_red_bottom_blue(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |_, y| {
        if y < h / 2 {
            Rgb([220, 0, 0])
        } else {
            Rgb([0, 0, 220])
        }
    })
}

fn decode(jpeg: &[u8]) -> RgbImage {
    image::load_from_memory(jpeg).unwrap().into_rgb8()
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}
fn is_blue(p: &Rgb<u8>) -> bool {
    p[2] > 150 && p[0] < 100
}

fn run(bytes: &[u8]) -> RgbImage {
    let (w, h) = probe(bytes).unwrap();
    let sizes = output_sizes(w, h);
    let out = process(bytes, &sizes).unwrap();
    decode(&out[0])
}

#[test]
fn orientation_6_turns_the_left_edge_to_the_top() {
    let bytes = jpeg_with_exif(&left_red_right_blue(160, 80), 6);
    assert_eq!(probe(&bytes).unwrap(), (80, 160));
    let img = run(&bytes);
    assert!(img.height() > img.width());
    assert!(
        is_red(img.get_pixel(img.width() / 2, 2)),
        "top should be red"
    );
    assert!(
        is_blue(img.get_pixel(img.width() / 2, img.height() - 3)),
        "bottom should be blue"
    );
}

#[test]
fn orientation_8_turns_the_left_edge_to_the_bottom() {
    let bytes = jpeg_with_exif(&left_red_right_blue(160, 80), 8);
    let img = run(&bytes);
    assert!(
        is_blue(img.get_pixel(img.width() / 2, 2)),
        "top should be blue"
    );
    assert!(
        is_red(img.get_pixel(img.width() / 2, img.height() - 3)),
        "bottom should be red"
    );
}

#[test]
fn orientation_3_turns_the_picture_upside_down() {
    let bytes = jpeg_with_exif(&top_red_bottom_blue(90, 120), 3);
    assert_eq!(probe(&bytes).unwrap(), (90, 120));
    let img = run(&bytes);
    assert!(is_blue(img.get_pixel(img.width() / 2, 2)));
    assert!(is_red(img.get_pixel(img.width() / 2, img.height() - 3)));
}

#[test]
fn metadata_is_stripped() {
    let bytes = jpeg_with_exif(&top_red_bottom_blue(600, 800), 1);
    assert!(bytes.windows(4).any(|w| w == b"Exif"));
    let (w, h) = probe(&bytes).unwrap();
    for out in process(&bytes, &output_sizes(w, h)).unwrap() {
        assert!(!out.windows(4).any(|w| w == b"Exif"), "EXIF left in output");
        assert!(
            !out.windows(15).any(|w| w == b"HOME-GPS-SECRET"),
            "description left in output"
        );
        assert!(
            !out.windows(2).any(|w| w == [0xFF, 0xE1]),
            "APP1 segment left in output"
        );
        assert!(out.starts_with(&[0xFF, 0xD8]));
    }
}

#[test]
fn sizes_are_portrait_and_not_upscaled() {
    let bytes = jpeg_with_exif(&top_red_bottom_blue(4000 / 8, 3000 / 8), 1);
    let (w, h) = probe(&bytes).unwrap();
    let sizes = output_sizes(w, h);
    assert_eq!(sizes, vec![(120, 160), (240, 320)]);
    let outs = process(&bytes, &sizes).unwrap();
    let img = decode(&outs[1]);
    assert_eq!(img.dimensions(), (240, 320));
}

#[test]
fn png_with_alpha_is_flattened_on_white() {
    let img = image::RgbaImage::from_fn(90, 120, |_, y| {
        if y < 60 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([0, 0, 200, 255])
        }
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(img.as_raw(), 90, 120, image::ExtendedColorType::Rgba8)
        .unwrap();
    let out = run(&png);
    let top = out.get_pixel(45, 2);
    assert!(
        top[0] > 240 && top[1] > 240 && top[2] > 240,
        "transparent → white, got {top:?}"
    );
    assert!(is_blue(out.get_pixel(45, out.height() - 3)));
}

#[test]
fn webp_is_read() {
    let img = top_red_bottom_blue(90, 120);
    let mut webp = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
        .write_image(img.as_raw(), 90, 120, image::ExtendedColorType::Rgb8)
        .unwrap();
    let out = run(&webp);
    assert!(is_red(out.get_pixel(45, 2)));
}

#[test]
fn damaged_and_unknown_files_are_errors() {
    let good = jpeg_with_exif(&top_red_bottom_blue(90, 120), 1);
    // Cut inside the headers: no frame to decode. (A JPEG cut inside its pixel data
    // decodes with grey at the bottom, as browsers show it; that is not an error.)
    let truncated = &good[..40];
    assert!(probe(truncated).is_err());
    assert!(process(truncated, &[(90, 120)]).is_err());
    let err = probe(b"this is not an image at all").unwrap_err();
    assert!(err.contains("not a JPEG, PNG or WebP"), "{err}");
    assert!(probe(&[]).is_err());
}

#[test]
fn decompression_bomb_is_refused_from_the_header() {
    // A PNG header claiming 30000×30000 pixels (2.7 GB decoded), and nothing after it.
    let png = super::fixtures::png_bomb_header();
    let err = probe(&png).unwrap_err();
    assert!(
        err.contains("too large") || err.contains("larger than"),
        "{err}"
    );
    assert!(process(&png, &[(120, 160)]).is_err());
}
