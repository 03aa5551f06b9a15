//! `/feed.xml`: an Atom feed (RFC 4287) with one entry per published fiscal year, newest
//! first, dated by the year's `published` (midnight in Japan, +09:00).
//!
//! One entry per year and not per manifesto: a year's sheets are published together on
//! one date, so per-department entries would arrive as a burst of identically dated items;
//! the year's entry lists every department with a link instead.
//!
//! Atom wants absolute IRIs for ids. With `base_url`, ids and links are the pages' URLs.
//! Without it, links are relative references (resolved against the feed's own address,
//! RFC 4287 §2 / RFC 3986, so they work wherever the folder is put) and ids are
//! `urn:uuid:` names derived from the organization and the fiscal year (UUID version 8,
//! RFC 9562, from a BLAKE3 hash), which stay the same from build to build.

use super::Public;
use crate::model::{FiscalYear, Manifesto, Year};
use crate::plan::urls;

/// Text for XML content and attributes; characters XML 1.0 forbids are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A stable `urn:uuid:` (version 8) for a name.
fn uuid_urn(name: &str) -> String {
    let h = blake3::hash(name.as_bytes());
    let mut b: [u8; 16] = h.as_bytes()[..16].try_into().unwrap_or([0; 16]);
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// `2023-05-15T00:00:00+09:00`; without `published`, the first day of the fiscal year.
pub fn date_of(y: &Year) -> String {
    let date = y
        .settings
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| format!("{:04}-04-01", y.fy.0));
    format!("{date}T00:00:00+09:00")
}

pub fn feed(public: &Public, years: &[(&Year, Vec<&Manifesto>)]) -> String {
    let c = &public.site.config;
    let base = c.base_url.as_deref();
    let link = |path: &str| match base {
        Some(b) => format!("{b}{path}"),
        None if path.is_empty() => "./".to_string(),
        None => path.to_string(),
    };
    let year_id = |fy: FiscalYear| match base {
        Some(b) => format!("{b}{}", urls::year(fy)),
        None => uuid_urn(&format!("manifesto\0{}\0{}", c.organization, fy)),
    };
    let feed_id = match base {
        Some(b) => format!("{b}feed.xml"),
        None => uuid_urn(&format!("manifesto\0{}\0feed", c.organization)),
    };
    let mut entries: Vec<&(&Year, Vec<&Manifesto>)> = years.iter().collect();
    entries.sort_by_key(|e| std::cmp::Reverse((date_of(e.0), e.0.fy)));
    let updated = entries
        .first()
        .map(|(y, _)| date_of(y))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());

    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&c.language)
    ));
    s.push_str(&format!("  <id>{}</id>\n", escape(&feed_id)));
    s.push_str(&format!("  <title>{}</title>\n", escape(&c.title)));
    s.push_str(&format!(
        "  <subtitle>{}の部局マニフェストの公表のお知らせ</subtitle>\n",
        escape(&c.organization)
    ));
    s.push_str(&format!("  <updated>{updated}</updated>\n"));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&c.organization)
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&link("feed.xml"))
    ));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&link(""))
    ));
    if let Some(l) = &c.license {
        s.push_str(&format!("  <rights>{}</rights>\n", escape(l)));
    }
    s.push_str(&format!(
        "  <generator version=\"{}\">manifesto</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for (y, manifestos) in entries {
        let date = date_of(y);
        let goals: usize = manifestos.iter().map(|m| m.goals.len()).sum();
        let names: Vec<String> = manifestos
            .iter()
            .map(|m| public.department_name(m))
            .collect();
        let mut html = format!(
            "<p>{}の部局マニフェスト（{}部局・{}目標）を公表しました。</p><ul>",
            escape(&y.fy.label()),
            manifestos.len(),
            goals
        );
        for (m, name) in manifestos.iter().zip(&names) {
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a>（{}目標）</li>",
                escape(&link(&urls::manifesto(y.fy, &m.department.value))),
                escape(name),
                m.goals.len()
            ));
        }
        html.push_str("</ul>");
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <id>{}</id>\n", escape(&year_id(y.fy))));
        s.push_str(&format!(
            "    <title>{}の部局マニフェスト</title>\n",
            escape(&y.fy.label())
        ));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&link(&urls::year(y.fy)))
        ));
        s.push_str(&format!("    <published>{date}</published>\n"));
        s.push_str(&format!("    <updated>{date}</updated>\n"));
        s.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&format!(
                "{}部局・{}目標：{}",
                manifestos.len(),
                goals,
                names.join("、")
            ))
        ));
        s.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            escape(&html)
        ));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_is_stable_and_versioned() {
        let a = uuid_urn("x");
        assert_eq!(a, uuid_urn("x"));
        assert_ne!(a, uuid_urn("y"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a["urn:uuid:".len() + 14..][..1], "8");
    }

    #[test]
    fn escape_drops_control_characters() {
        assert_eq!(escape("a<b>&\"c\u{1}\u{b}"), "a&lt;b&gt;&amp;&quot;c");
        assert_eq!(escape("総務部\n"), "総務部\n");
    }
}
