//! Evaluation scales (達成状況の尺度).
//!
//! Each fiscal year may define its own self-evaluation scale and an optional second
//! (leader, 指導者評価) scale. Levels carry a normalized `score` (0..1) and an `achieved`
//! flag: these, never the keys, are what comparisons across years use, because the keys
//! of different years' scales mean different things.

use std::fmt;

/// A level's key as written in YAML: `3` and `"3"` are the same key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ScaleKey(pub String);

impl fmt::Display for ScaleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    pub key: ScaleKey,
    pub label: String,
    pub score: f64,
    pub achieved: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scale {
    pub label: String,
    /// Highest first, as the sheets list them.
    pub levels: Vec<Level>,
}

/// Which of a year's scales an evaluation key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleKind {
    SelfEvaluation,
    Leader,
}

impl ScaleKind {
    pub fn field(self) -> &'static str {
        match self {
            ScaleKind::SelfEvaluation => "self",
            ScaleKind::Leader => "leader",
        }
    }
}

impl Scale {
    pub fn level(&self, key: &ScaleKey) -> Option<&Level> {
        self.levels.iter().find(|l| &l.key == key)
    }

    /// `5, 4, 3, 2, 1` for "valid keys are …" messages.
    pub fn keys_list(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.key.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The 5-level self-evaluation scale of the FY2021 and FY2023 seeds, used when a
    /// year's `_year.yaml` defines none.
    pub fn default_self() -> Scale {
        let level = |key: &str, label: &str, score: f64, achieved: bool| Level {
            key: ScaleKey(key.into()),
            label: label.into(),
            score,
            achieved,
        };
        Scale {
            label: "達成状況（自己評価）".into(),
            levels: vec![
                level("5", "先進的な取り組みを行い、成果があった", 1.0, true),
                level("4", "達成水準を上回る成果があった", 0.85, true),
                level("3", "業績目標を達成した", 0.7, true),
                level("2", "取り組んだが、業績目標を達成しなかった", 0.35, false),
                level("1", "業績目標に取り組まなかった", 0.0, false),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_scale_matches_the_seeds() {
        let s = Scale::default_self();
        assert_eq!(s.keys_list(), "5, 4, 3, 2, 1");
        let three = s.level(&ScaleKey("3".into())).unwrap();
        assert_eq!(three.label, "業績目標を達成した");
        assert!(three.achieved);
        assert!(!s.level(&ScaleKey("2".into())).unwrap().achieved);
        assert_eq!(s.level(&ScaleKey("6".into())), None);
    }

    #[test]
    fn default_scores_fall_with_the_level() {
        let s = Scale::default_self();
        for pair in s.levels.windows(2) {
            assert!(pair[0].score > pair[1].score);
        }
        assert!(s.levels.iter().all(|l| (0.0..=1.0).contains(&l.score)));
    }
}
