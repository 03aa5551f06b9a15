//! `deadline-outside-year`: the 期日 lies in the sheet's fiscal year.
//!
//! 「本年度の取組みによる達成点を…記入してください。」 A sheet is one fiscal year's
//! goals (April to March); a deadline outside it is a typo (2024-03 written as 2023-03)
//! or a goal for another year's sheet.

use super::{Finding, Subject};

pub fn outside_year(s: &Subject) -> Vec<Finding> {
    let Some(deadline) = &s.goal.deadline else {
        return Vec::new();
    };
    let d = deadline.value;
    if s.fy.contains_month(d.year, d.month) {
        return Vec::new();
    }
    vec![Finding::new(
        "deadline",
        format!(
            "期日 {d} は{}（{}年4月〜{}年3月）の外です。本年度の取組みの期日を書いてください",
            s.fy.label(),
            s.fy.year(),
            s.fy.year() + 1
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{goal, run};
    use super::*;
    use crate::model::{Deadline, Located};

    fn with_deadline(text: &str) -> Vec<Finding> {
        let mut g = goal();
        g.deadline = Some(Located {
            value: Deadline::parse(text).unwrap(),
            pos: Default::default(),
        });
        run(outside_year, &g)
    }

    #[test]
    fn quiet_inside_the_fiscal_year() {
        assert!(run(outside_year, &goal()).is_empty());
        assert!(with_deadline("2023-04").is_empty());
        assert!(with_deadline("2024-03-31").is_empty());
    }

    #[test]
    fn fires_outside() {
        let f = with_deadline("2023-03");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "deadline");
        assert_eq!(
            f[0].message,
            "期日 2023-03 は2023（令和5）年度（2023年4月〜2024年3月）の外です。本年度の取組みの期日を書いてください"
        );
        assert_eq!(with_deadline("2024-04").len(), 1);
    }
}
