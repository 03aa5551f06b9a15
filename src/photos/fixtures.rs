//! Test images: a JPEG carrying an EXIF orientation, a GPS block and a description, as
//! phones write them. Used by the unit tests, the integration tests and the benchmark's
//! corpus generator; not part of the pipeline.

use image::codecs::jpeg::JpegEncoder;
use image::{ImageEncoder, RgbImage};

/// A JPEG of `img` with an EXIF block holding `orientation`, a GPS IFD and a description.
pub fn jpeg_with_exif(img: &RgbImage, orientation: u16) -> Vec<u8> {
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 95)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    // TIFF, big-endian. IFD0 at 8: 3 entries (orientation, description, GPS pointer).
    let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let desc = b"HOME-GPS-SECRET\0"; // 16 bytes
    let ifd0_len = 2 + 3 * 12 + 4;
    let desc_off = 8 + ifd0_len as u32;
    let gps_off = desc_off + desc.len() as u32;
    tiff.extend(3u16.to_be_bytes());
    // Orientation: SHORT, 1
    tiff.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1]);
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]);
    // ImageDescription: ASCII, 16, offset
    tiff.extend([0x01, 0x0e, 0x00, 0x02, 0, 0, 0, 16]);
    tiff.extend(desc_off.to_be_bytes());
    // GPS IFD pointer: LONG, 1
    tiff.extend([0x88, 0x25, 0x00, 0x04, 0, 0, 0, 1]);
    tiff.extend(gps_off.to_be_bytes());
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(desc);
    // GPS IFD: GPSLatitudeRef "N"
    tiff.extend(1u16.to_be_bytes());
    tiff.extend([0x00, 0x01, 0x00, 0x02, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend(0u32.to_be_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    app1.extend(len.to_be_bytes());
    app1.extend(b"Exif\0\0");
    app1.extend(tiff);
    let mut out = plain[..2].to_vec();
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

/// A PNG header that claims 30000×30000 pixels (2.7 GB decoded), with nothing after it.
pub fn png_bomb_header() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(30000u32.to_be_bytes());
    ihdr.extend(30000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    png
}

/// The CRC-32 of PNG chunks.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
