//! Reading source files as UTF-8 text.
//!
//! Japanese offices still save files as Shift_JIS; such a file gets a message that says
//! so (guessed with `chardetng`), at the line and column of the first byte that is not
//! UTF-8. A UTF-8 byte order mark, which Windows editors add, is accepted and dropped.

use super::yaml::Pos;

const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, PartialEq)]
pub struct NotUtf8 {
    pub pos: Pos,
    pub message: String,
}

/// Decode a file's bytes as UTF-8 (BOM dropped, CRLF left for the YAML parser).
pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let line = prefix.matches('\n').count() as u32 + 1;
            let col = prefix.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            let guess = guess_encoding(bytes);
            let message = match guess {
                // Notepad's 「Unicode」 and binary files (a photo or an .xlsx saved under
                // a manifesto's name) are not a legacy encoding: do not call them Shift_JIS.
                _ if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") => {
                    "file is not UTF-8: it is UTF-16 (Notepad's 「Unicode」); save it as UTF-8 (名前を付けて保存 → 文字コード UTF-8)".to_string()
                }
                _ if bytes.contains(&0) => {
                    "file is not UTF-8 text: it contains NUL bytes (a binary file such as a photo or a spreadsheet, or UTF-16 text); save the manifesto as UTF-8 text".to_string()
                }
                Some("Shift_JIS") => "file is not UTF-8: it looks like Shift_JIS (as saved by some Japanese office software); save it as UTF-8 (e.g. in Notepad: 名前を付けて保存 → 文字コード UTF-8)".to_string(),
                Some(name) => format!("file is not UTF-8: it looks like {name}; save it as UTF-8"),
                None => "file is not UTF-8 text; save it as UTF-8".to_string(),
            };
            Err(NotUtf8 {
                pos: Pos::new(line, col),
                message,
            })
        }
    }
}

/// [`decode`] of a file's bytes, taking them over: UTF-8 text (nearly every file) keeps
/// its buffer instead of being copied.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<String, NotUtf8> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => decode(e.as_bytes()),
    }
}

/// The likely legacy encoding of bytes that are not UTF-8.
fn guess_encoding(bytes: &[u8]) -> Option<&'static str> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow);
    (encoding != encoding_rs::UTF_8).then(|| encoding.name())
}

/// For quoting lines in messages: never fails, decodes legacy bytes as best it can.
pub fn decode_lossy(bytes: &[u8]) -> String {
    match decode(bytes) {
        Ok(text) => text,
        Err(_) => match guess_encoding(bytes)
            .and_then(|n| encoding_rs::Encoding::for_label(n.as_bytes()))
        {
            Some(encoding) if !bytes.contains(&0) => encoding.decode(bytes).0.into_owned(),
            _ => String::from_utf8_lossy(bytes).into_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFtitle: x\n").unwrap(), "title: x\n");
        assert_eq!(
            decode_owned(b"\xEF\xBB\xBFtitle: x\n".to_vec()).unwrap(),
            "title: x\n"
        );
    }

    #[test]
    fn shift_jis_is_named() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("department: somu\nname: 総務部\n");
        let err = decode(&sjis).unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 7));
        assert!(err.message.contains("Shift_JIS"), "{}", err.message);
        let owned = decode_owned(sjis.to_vec()).unwrap_err();
        assert_eq!((owned.pos, owned.message), (err.pos, err.message));
    }

    #[test]
    fn utf16_and_binary_are_not_called_shift_jis() {
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "title: 部長\n".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let err = decode(&utf16).unwrap_err();
        assert!(err.message.contains("UTF-16"), "{}", err.message);
        let err = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00").unwrap_err();
        assert!(!err.message.contains("Shift_JIS"), "{}", err.message);
    }

    #[test]
    fn shift_jis_is_quoted_decoded() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("title: 総務部の部長です\n");
        assert_eq!(decode_lossy(&sjis), "title: 総務部の部長です\n");
    }

    #[test]
    fn binary_garbage_is_not_utf8() {
        let err = decode(&[0x66, 0xff, 0xfe, 0x00]).unwrap_err();
        assert!(err.message.starts_with("file is not UTF-8"));
        assert_eq!(err.pos, Pos::new(1, 2));
    }
}
