//! The neutral head portrait `init` puts where the sample manifesto's photo belongs: a
//! grey silhouette (no text, no person), drawn here rather than shipped as a file, so
//! that the new site's photo pipeline has a real image to process from the start.

use image::{ImageBuffer, ImageFormat, Rgb};
use std::io::Cursor;

const WIDTH: u32 = 600;
const HEIGHT: u32 = 800;
const BACKGROUND: Rgb<u8> = Rgb([0xe2, 0xe5, 0xe9]);
const FIGURE: Rgb<u8> = Rgb([0xb0, 0xb4, 0xba]);

/// A 600×800 (3:4 portrait) PNG.
pub fn png() -> Vec<u8> {
    let img = ImageBuffer::from_fn(WIDTH, HEIGHT, |x, y| {
        let (x, y) = (x as f64, y as f64);
        let head = (x - 300.0).powi(2) + (y - 260.0).powi(2) <= 110.0_f64.powi(2);
        // Shoulders: the upper half of an ellipse standing on the bottom edge.
        let body =
            y >= 420.0 && ((x - 300.0) / 200.0).powi(2) + ((y - 800.0) / 380.0).powi(2) <= 1.0;
        if head || body { FIGURE } else { BACKGROUND }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("encoding a PNG in memory cannot fail");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_a_small_portrait_png() {
        let bytes = super::png();
        assert!(bytes.starts_with(b"\x89PNG"));
        assert!(bytes.len() < 20_000, "{}", bytes.len());
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (600, 800));
    }
}
