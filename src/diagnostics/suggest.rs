//! "Did you mean …?" for misspelt field names and department ids.

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let fields = ["mission", "title", "current", "target", "outcome", "means"];
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("Outcome", fields), Some("outcome"));
        assert_eq!(closest("mision", fields), Some("mission"));
        assert_eq!(closest("zzz", fields), None);
        assert_eq!(closest("somu-bu", ["somu", "digital-jichi"]), Some("somu"));
    }
}
