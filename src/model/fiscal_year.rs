//! A fiscal year (年度), named by the western year in which it starts:
//! FY2023 runs from April 2023 to March 2024 and is 令和5年度.

use super::era::EraYear;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    /// Folder names and goal ids use the four-digit western year.
    pub fn parse(text: &str) -> Option<FiscalYear> {
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            let y: i32 = text.parse().ok()?;
            (1868..=2999).contains(&y).then_some(FiscalYear(y))
        } else {
            None
        }
    }

    pub fn year(self) -> i32 {
        self.0
    }

    pub fn era(self) -> Option<EraYear> {
        EraYear::of(self.0)
    }

    /// `2023（令和5）年度`, as the pages show it.
    pub fn label(self) -> String {
        match self.era() {
            Some(era) => format!("{}（{}）年度", self.0, era.label()),
            None => format!("{}年度", self.0),
        }
    }

    /// `令和5年度`.
    pub fn era_label(self) -> String {
        match self.era() {
            Some(era) => format!("{}年度", era.label()),
            None => format!("{}年度", self.0),
        }
    }

    /// Whether a calendar month lies inside this fiscal year (April..March).
    pub fn contains_month(self, year: i32, month: u32) -> bool {
        (year == self.0 && month >= 4) || (year == self.0 + 1 && month <= 3)
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(FiscalYear(2023).label(), "2023（令和5）年度");
        assert_eq!(FiscalYear(2019).label(), "2019（令和元）年度");
        assert_eq!(FiscalYear(1988).era_label(), "昭和63年度");
    }

    #[test]
    fn parse_folder_names() {
        assert_eq!(FiscalYear::parse("2023"), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::parse("R5"), None);
        assert_eq!(FiscalYear::parse("２０２３"), None);
        assert_eq!(FiscalYear::parse("20231"), None);
        assert_eq!(FiscalYear::parse("0999"), None);
    }

    #[test]
    fn months_of_the_fiscal_year() {
        let fy = FiscalYear(2023);
        assert!(fy.contains_month(2023, 4));
        assert!(fy.contains_month(2024, 3));
        assert!(!fy.contains_month(2023, 3));
        assert!(!fy.contains_month(2024, 4));
    }
}
