//! Authoring: `manifesto init` (a new site that builds at once) and `manifesto new` (next
//! year's sheet for a department, carrying its goals over). Both write files as text with
//! Japanese comments that teach the format ([`sheet`], [`yaml_out`]).

pub mod init;
pub mod new;
pub mod placeholder_photo;
pub mod sheet;
pub mod yaml_out;

use crate::model::FiscalYear;

/// Why a command refused or failed: a message, notes (`help: …`), and the exit code
/// (2 for usage and environment, 1 for content errors).
#[derive(Debug)]
pub struct Refusal {
    pub code: u8,
    pub message: String,
    pub notes: Vec<String>,
}

impl Refusal {
    pub fn usage(message: impl Into<String>) -> Refusal {
        Refusal {
            code: 2,
            message: message.into(),
            notes: Vec::new(),
        }
    }

    pub fn note(mut self, note: impl Into<String>) -> Refusal {
        self.notes.push(note.into());
        self
    }
}

/// The fiscal year a date lies in: April starts a fiscal year.
pub fn fiscal_year_of(date: jiff::civil::Date) -> FiscalYear {
    let year = i32::from(date.year());
    FiscalYear(if date.month() >= 4 { year } else { year - 1 })
}

/// Today in Japan (UTC+9, no daylight saving), whatever the machine's time zone.
pub fn today_in_japan() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)))
        .date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn april_starts_the_fiscal_year() {
        assert_eq!(fiscal_year_of(date(2024, 3, 31)), FiscalYear(2023));
        assert_eq!(fiscal_year_of(date(2024, 4, 1)), FiscalYear(2024));
        assert_eq!(fiscal_year_of(date(2024, 12, 31)), FiscalYear(2024));
        assert_eq!(fiscal_year_of(date(2025, 1, 1)), FiscalYear(2024));
    }
}
