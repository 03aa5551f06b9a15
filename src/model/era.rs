//! The Japanese era (和暦) of a fiscal year.
//!
//! The era of fiscal year N is the latest era whose first calendar year is not after N
//! (the fiscal year starts in April, so FY2019, which began on 2019-04-01, is 令和元年度
//! even though 令和 began on 1 May). The first year of an era is written 元.

/// (name, first calendar year), oldest first.
const ERAS: &[(&str, i32)] = &[
    ("明治", 1868),
    ("大正", 1912),
    ("昭和", 1926),
    ("平成", 1989),
    ("令和", 2019),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EraYear {
    pub era: &'static str,
    /// 1 for the first year (written 元).
    pub year: i32,
}

impl EraYear {
    /// The era year of a fiscal (or calendar) year, or `None` before 明治.
    pub fn of(western_year: i32) -> Option<EraYear> {
        ERAS.iter()
            .rev()
            .find(|(_, first)| *first <= western_year)
            .map(|(era, first)| EraYear {
                era,
                year: western_year - first + 1,
            })
    }

    /// `令和5`, `令和元`.
    pub fn label(&self) -> String {
        if self.year == 1 {
            format!("{}元", self.era)
        } else {
            format!("{}{}", self.era, self.year)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(y: i32) -> String {
        EraYear::of(y).unwrap().label()
    }

    #[test]
    fn boundary_years_from_the_spec() {
        assert_eq!(label(1988), "昭和63");
        assert_eq!(label(1989), "平成元");
        assert_eq!(label(2018), "平成30");
        assert_eq!(label(2019), "令和元");
        assert_eq!(label(2026), "令和8");
    }

    #[test]
    fn other_years() {
        assert_eq!(label(1926), "昭和元");
        assert_eq!(label(1925), "大正14");
        assert_eq!(label(1912), "大正元");
        assert_eq!(label(1868), "明治元");
        assert_eq!(label(2020), "令和2");
        assert_eq!(label(2023), "令和5");
        assert_eq!(label(2021), "令和3");
        assert_eq!(EraYear::of(1867), None);
    }
}
