//! `manifesto`: a static site generator for Japanese city department manifestos.
//!
//! The pipeline, one module per stage: [`load`] → [`validate`] → plan → render → write.
//! [`model`] holds the domain types every stage shares; [`diagnostics`] the problems.

pub mod archive;
pub mod authoring;
pub mod cli;
pub mod diagnostics;
pub mod lint;
pub mod load;
pub mod model;
pub mod photos;
pub mod timing;
pub mod validate;

use std::path::Path;

/// Load and validate a site, then run the writing-guide [`lint`] on it: what `check`
/// reports (the lint adds warnings only).
pub fn check(root: &Path) -> (model::Site, Vec<diagnostics::Diagnostic>) {
    let (site, mut diags) = load_and_validate(root);
    diags.extend(timing::stage("lint", || lint::lint(&site)));
    diags.extend(timing::stage("archive sources", || {
        archive::source_warnings(root, &site)
    }));
    timing::stage("sort diagnostics", || diagnostics::sort(&mut diags));
    (site, diags)
}

/// Load and validate a site: the first two stages, without the lint's advice.
pub fn load_and_validate(root: &Path) -> (model::Site, Vec<diagnostics::Diagnostic>) {
    let loaded = timing::stage("load", || load::load(root));
    timing::stage("validate", || validate::validate(loaded))
}

pub mod build;
pub mod data;
pub mod plan;
pub mod render;
pub mod serve;
pub mod write;
