//! Splitting a `.md` manifesto into its YAML front matter and Markdown body.

/// The YAML between the opening and closing `---` lines, how many lines precede it in
/// the file (to shift positions), and the body after it. `None` when the file does not
/// start with a `---` line or the closing line is missing.
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: u32,
    pub body: &'a str,
}

pub fn split(text: &str) -> Result<Split<'_>, &'static str> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(
            "a .md manifesto must start with a `---` line, then the manifesto's YAML, then another `---` line, then the department's message",
        );
    }
    let rest = &text[first_end..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_first_line: 1,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err("the front matter is not closed: add a `---` line after the manifesto's YAML")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\nhead: x\n---\n本文です。\n").unwrap();
        assert_eq!(s.yaml, "head: x\n");
        assert_eq!(s.body, "本文です。\n");
        assert_eq!(s.yaml_first_line, 1);
    }

    #[test]
    fn crlf_and_empty_body() {
        let s = split("---\r\nhead: x\r\n---\r\n").unwrap();
        assert_eq!(s.yaml, "head: x\r\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn missing_delimiters() {
        assert!(split("head: x\n").is_err());
        assert!(split("---\nhead: x\n").is_err());
    }
}
