//! The domain model: fiscal years and their era, departments, manifestos, goals,
//! indicators, evaluation scales. Every stage of the pipeline (load → validate → plan →
//! render → write) speaks in these types.

pub mod department;
pub mod era;
pub mod fiscal_year;
pub mod manifesto;
pub mod scale;
pub mod site;

pub use department::{Department, Policy, Register};
pub use era::EraYear;
pub use fiscal_year::FiscalYear;
pub use manifesto::{
    Better, Deadline, Evaluation, Goal, GoalRef, Head, Indicator, Located, Manifesto, SourceFormat,
};
pub use scale::{Level, Scale, ScaleKey, ScaleKind};
pub use site::{Form, Site, SiteConfig, Year, YearSettings};
