//! Turning a photo from a phone or camera into small, upright, private web images.
//!
//! Decoding goes through `image` with explicit limits (the orientation-aware decoder path
//! skips the default memory limit, so a crafted 30000×30000 header could otherwise
//! allocate gigabytes). The EXIF orientation is applied, the picture is cropped to a 3:4
//! portrait frame (centred across, a little above centre vertically, where faces are),
//! resized with `fast_image_resize` (Lanczos3), and encoded as JPEG. Re-encoding writes
//! pixels only: EXIF (with any GPS position), XMP, ICC and comments are all left behind.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// Largest accepted side and decoded size: a 48-megapixel phone photo is ~8000×6000.
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// CSS widths × densities used by the theme: card 6rem, profile 9rem (1× and 2×), print.
pub const WIDTHS: &[u32] = &[120, 240, 360, 480];
pub const JPEG_QUALITY: u8 = 82;
/// Bump when the output of processing changes, so that caches are rebuilt.
pub const VERSION: u32 = 1;

fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Size of the picture as shown (after EXIF orientation), read from the header only.
pub fn probe(bytes: &[u8]) -> Result<(u32, u32), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read: {e}"))?;
    if reader.format().is_none() {
        return Err("not a JPEG, PNG or WebP image".into());
    }
    let mut reader = reader;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let (w, h) = decoder.dimensions();
    if w == 0 || h == 0 {
        return Err("the image is empty (0 pixels)".into());
    }
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "the image is {w}×{h} pixels, larger than the limit of {MAX_SIDE} pixels a side; scale it down first"
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    Ok(if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    })
}

fn swaps_sides(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

fn describe(e: image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => format!(
            "the image is too large to decode safely (limit {MAX_SIDE} pixels a side, {} MB); scale it down first",
            MAX_ALLOC / 1024 / 1024
        ),
        image::ImageError::Unsupported(u) => format!("unsupported image: {u}"),
        image::ImageError::Decoding(d) => {
            format!("the image is damaged or not what its name says: {d}")
        }
        other => format!("cannot decode: {other}"),
    }
}

/// The 3:4 crop of a `w`×`h` picture: (left, top, width, height).
pub fn portrait_crop(w: u32, h: u32) -> (u32, u32, u32, u32) {
    // 3:4 means width/height = 0.75.
    if (w as u64) * 4 > (h as u64) * 3 {
        // Too wide: keep the height, cut the sides equally.
        let cw = ((h as u64 * 3) / 4).max(1) as u32;
        ((w - cw) / 2, 0, cw, h)
    } else {
        // Too tall: keep the width; keep more of the top, where the face is.
        let ch = ((w as u64 * 4) / 3).max(1).min(h as u64) as u32;
        let spare = h - ch;
        (0, spare / 5, w, ch)
    }
}

/// The output sizes for a picture of `w`×`h`: the widths that do not upscale (at least
/// one), each 3:4.
pub fn output_sizes(w: u32, h: u32) -> Vec<(u32, u32)> {
    let (_, _, cw, _) = portrait_crop(w, h);
    let mut sizes: Vec<(u32, u32)> = WIDTHS
        .iter()
        .copied()
        .filter(|&x| x <= cw)
        .map(|x| (x, x * 4 / 3))
        .collect();
    if sizes.is_empty() {
        let x = cw.max(3);
        sizes.push((x, x * 4 / 3));
    }
    sizes
}

/// Decode, orient, crop, resize to each size and encode as JPEG.
pub fn process(bytes: &[u8], sizes: &[(u32, u32)]) -> Result<Vec<Vec<u8>>, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot read: {e}"))?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(describe)?;
    img.apply_orientation(orientation);
    let rgb = flatten(img);
    let (w, h) = (rgb.width(), rgb.height());
    let (left, top, cw, ch) = portrait_crop(w, h);
    let src = DynamicImage::ImageRgb8(rgb);
    let mut resizer = fast_image_resize::Resizer::new();
    let mut outputs = Vec::with_capacity(sizes.len());
    for &(ow, oh) in sizes {
        let mut dst = DynamicImage::new_rgb8(ow, oh);
        let options = fast_image_resize::ResizeOptions::new().crop(
            left as f64,
            top as f64,
            cw as f64,
            ch as f64,
        );
        resizer
            .resize(&src, &mut dst, &options)
            .map_err(|e| format!("cannot resize: {e}"))?;
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&dst)
            .map_err(|e| format!("cannot encode: {e}"))?;
        outputs.push(out);
    }
    Ok(outputs)
}

/// Transparent parts (PNG/WebP with alpha) become white; everything becomes 8-bit RGB.
fn flatten(img: DynamicImage) -> image::RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = image::RgbImage::new(w, h);
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crops_are_three_by_four() {
        assert_eq!(portrait_crop(4000, 3000), (875, 0, 2250, 3000));
        assert_eq!(portrait_crop(300, 400), (0, 0, 300, 400));
        let (l, t, w, h) = portrait_crop(3000, 6000);
        assert_eq!((l, w, h), (0, 3000, 4000));
        assert_eq!(t, 400);
    }

    #[test]
    fn never_upscale() {
        assert_eq!(
            output_sizes(4000, 3000),
            vec![(120, 160), (240, 320), (360, 480), (480, 640)]
        );
        assert_eq!(output_sizes(200, 300), vec![(120, 160)]);
        assert_eq!(output_sizes(90, 120), vec![(90, 120)]);
    }
}
