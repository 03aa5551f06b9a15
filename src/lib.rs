//! `manifesto`: a static site generator for Japanese city department manifestos.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → plan → render → write.
//! [`model`] holds the domain types every stage shares; [`diagnostics`] the problems.

pub mod cli;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod photos;
pub mod validate;

use std::path::Path;

/// Load and validate a site: the first two stages, which `check` runs alone.
pub fn check(root: &Path) -> (model::Site, Vec<diagnostics::Diagnostic>) {
    validate::validate(load::load(root))
}

pub mod build;
pub mod plan;
pub mod render;
pub mod write;
