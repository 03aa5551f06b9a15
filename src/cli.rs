//! The command line: parse arguments, run a command, turn its outcome into an exit code
//! (0 success, 1 content errors, 2 usage or environment errors).

use crate::diagnostics::{self, Diagnostic};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "manifesto",
    version,
    about = "Publish a city's department manifestos (部局マニフェスト) as a static site"
)]
pub struct Cli {
    /// The site folder (default: the nearest folder at or above the current one that
    /// holds site.yaml)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load and validate every file and print every problem; exit 1 on errors
    Check {
        /// Also fail (exit 1) on warnings
        #[arg(long)]
        strict: bool,
    },
    /// Build the site into the output folder (default: public/)
    Build {
        /// Include draft years and manifestos
        #[arg(long)]
        drafts: bool,
        /// Output folder (default: site.yaml's output_dir)
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
        /// Absolute URL the site is published at (overrides site.yaml's base_url)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Preview the site with drafts on http://127.0.0.1:8000/, rebuilding on every save
    /// and reloading the open browser tabs
    Serve {
        /// Port to listen on (default: 8000, or the next free one; 0: any free port)
        #[arg(long, value_name = "N")]
        port: Option<u16>,
        /// Address to listen on (default: 127.0.0.1, this machine only)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new site that checks and builds at once (site.yaml, register, this
    /// fiscal year, a sample manifesto)
    Init {
        /// Folder for the new site (default: the current folder); must be empty
        dir: Option<PathBuf>,
    },
    /// Freeze a published fiscal year's pages as a self-contained snapshot in
    /// archive/<FY>/ with a SHA-256 manifest (later builds publish it byte for byte), or
    /// check every snapshot with --verify
    Archive {
        /// Fiscal year to archive (2023 = 令和5年度)
        #[arg(required_unless_present = "verify")]
        fy: Option<String>,
        /// Make the snapshot again even though one exists (the year's published pages change)
        #[arg(long)]
        force: bool,
        /// Check every snapshot in archive/ against its manifest; exit 1 on any difference
        #[arg(long, conflicts_with_all = ["fy", "force", "zip"])]
        verify: bool,
        /// Also write a reproducible zip of the snapshot (the same snapshot always gives
        /// the same bytes); with an existing snapshot and no --force, only the zip
        #[arg(long, value_name = "FILE")]
        zip: Option<PathBuf>,
    },
    /// Start a department's manifesto for a fiscal year, carrying over the goals of its
    /// latest earlier manifesto
    New {
        /// Fiscal year, named by the western year in which it starts (2024 = 令和6年度)
        fy: String,
        /// Department id from content/departments.yaml
        dept: String,
    },
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let start = cli
        .root
        .clone()
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")));
    match cli.command {
        Command::Check { strict } => check(&start, strict),
        Command::Build {
            drafts,
            output,
            base_url,
        } => build(&start, drafts, output, base_url),
        Command::Serve { port, bind, open } => serve(&start, port, bind, open),
        Command::Init { dir } => init(dir.or(cli.root).unwrap_or(start)),
        Command::New { fy, dept } => new(&start, &fy, &dept),
        Command::Archive {
            fy,
            force,
            verify,
            zip,
        } => match (verify, fy) {
            (true, _) => archive_verify(&start),
            (false, Some(fy)) => archive(&start, &fy, force, zip.as_deref()),
            (false, None) => refused(crate::authoring::Refusal::usage(
                "give the fiscal year to archive (`manifesto archive 2023`) or --verify",
            )),
        },
    }
}

fn refused(r: crate::authoring::Refusal) -> ExitCode {
    eprintln!("error: {}", r.message);
    for note in &r.notes {
        eprintln!("  = {note}");
    }
    ExitCode::from(r.code)
}

fn init(dir: PathBuf) -> ExitCode {
    let today = crate::authoring::today_in_japan();
    match crate::authoring::init::init(&dir, today) {
        Ok(done) => {
            eprintln!(
                "created a manifesto site for {} in {}:",
                done.fy.label(),
                dir.display()
            );
            for f in &done.files {
                eprintln!("  {}", diagnostics::display_path(f));
            }
            eprintln!(
                "next: edit site.yaml and content/, then `manifesto check` and `manifesto build` in that folder"
            );
            ExitCode::SUCCESS
        }
        Err(r) => refused(r),
    }
}

fn new(start: &Path, fy: &str, dept: &str) -> ExitCode {
    let Some(fy) = crate::model::FiscalYear::parse(fy.trim()) else {
        return refused(
            crate::authoring::Refusal::usage(format!(
                "\"{fy}\" is not a fiscal year: write the western year in which it starts"
            ))
            .note("help: e.g. `manifesto new 2024 somu` for 2024（令和6）年度"),
        );
    };
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match crate::authoring::new::new_manifesto(&root, fy, dept) {
        Ok(created) => {
            let shown = diagnostics::display_path(&created.path);
            match &created.carried_from {
                Some((from, from_fy, goals)) => eprintln!(
                    "wrote {shown}: {goals} goal{} carried over from {} ({}), each with `continues:`",
                    if *goals == 1 { "" } else { "s" },
                    from_fy.label(),
                    diagnostics::display_path(from)
                ),
                None => {
                    eprintln!("wrote {shown}: an empty sheet (no earlier manifesto of \"{dept}\")")
                }
            }
            for note in &created.notes {
                eprintln!("  = {note}");
            }
            eprintln!(
                "next: replace every {} in it, set `draft: false` to publish, and run `manifesto check`",
                crate::lint::PLACEHOLDER
            );
            ExitCode::SUCCESS
        }
        Err(r) => refused(r),
    }
}

fn archive(start: &Path, fy: &str, force: bool, zip: Option<&Path>) -> ExitCode {
    let Some(fy) = crate::model::FiscalYear::parse(fy.trim()) else {
        return refused(
            crate::authoring::Refusal::usage(format!(
                "\"{fy}\" is not a fiscal year: write the western year in which it starts"
            ))
            .note("help: e.g. `manifesto archive 2023` for 2023（令和5）年度"),
        );
    };
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    match crate::archive::archive(&root, fy, force, zip) {
        Ok(done) => {
            let rel = done.snapshot.rel();
            if done.created {
                report(&root, &done.outside);
                if !done.warnings.is_empty() {
                    eprintln!(
                        "{}: run `manifesto check` to see them",
                        diagnostics::summary(&done.warnings)
                    );
                }
                eprintln!(
                    "{} {rel}/: {} manifesto{} of {}, {} files with their SHA-256 in {rel}/{}",
                    if done.replaced {
                        "archived again into"
                    } else {
                        "archived into"
                    },
                    done.manifestos,
                    if done.manifestos == 1 { "" } else { "s" },
                    fy.label(),
                    done.files,
                    crate::archive::MANIFEST
                );
                if !done.drafts.is_empty() {
                    eprintln!(
                        "  = note: left out draft manifesto{}: {}",
                        if done.drafts.len() == 1 { "" } else { "s" },
                        done.drafts.join(", ")
                    );
                }
                eprintln!(
                    "next: commit {rel}/; every later build publishes it to /{fy}/ unchanged, and `manifesto archive --verify` proves it"
                );
            } else {
                eprintln!("{rel}/ is intact ({} files match its manifest)", done.files);
            }
            if let Some(z) = &done.zip {
                eprintln!(
                    "wrote {} (reproducible: the same snapshot gives the same bytes)",
                    z.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(crate::archive::Failure::Content(diags)) => {
            report(&root, &diags);
            eprintln!(
                "archive failed: {}; nothing was written",
                diagnostics::summary(&diags)
            );
            ExitCode::from(1)
        }
        Err(crate::archive::Failure::Refused(r)) => refused(r),
    }
}

fn archive_verify(start: &Path) -> ExitCode {
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let v = crate::archive::verify_all(&root);
    report(&root, &v.problems);
    let snapshots = format!(
        "{} snapshot{}",
        v.snapshots,
        if v.snapshots == 1 { "" } else { "s" }
    );
    if v.problems.is_empty() {
        if v.snapshots == 0 {
            eprintln!(
                "no snapshots in {}/: nothing to verify",
                crate::archive::ARCHIVE_DIR
            );
        } else {
            eprintln!(
                "verified {snapshots}: all {} files match their manifests",
                v.files
            );
        }
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "verify failed: {} difference{} in {snapshots}",
            v.problems.len(),
            if v.problems.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(1)
    }
}

fn find_root(start: &Path) -> Result<PathBuf, ExitCode> {
    crate::load::find_root(start).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// Print diagnostics to stderr, then a summary line.
fn report(root: &Path, diags: &[Diagnostic]) {
    if !diags.is_empty() {
        eprint!("{}", diagnostics::render_all(root, diags));
    }
}

fn check(start: &Path, strict: bool) -> ExitCode {
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (site, diags) = crate::check(&root);
    report(&root, &diags);
    let manifestos: usize = site.years.iter().map(|y| y.manifestos.len()).sum();
    eprintln!(
        "checked {} manifesto{} in {} fiscal year{}: {}",
        manifestos,
        if manifestos == 1 { "" } else { "s" },
        site.years.len(),
        if site.years.len() == 1 { "" } else { "s" },
        diagnostics::summary(&diags)
    );
    let failing = diags.iter().any(|d| d.is_error() || strict);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn build(
    start: &Path,
    drafts: bool,
    output: Option<PathBuf>,
    base_url: Option<String>,
) -> ExitCode {
    use std::io::IsTerminal;
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let options = crate::build::BuildOptions {
        drafts,
        output,
        base_url,
        progress: std::io::stderr().is_terminal(),
        exiting: true,
    };
    match crate::build::build(&root, &options) {
        Ok(report) => {
            // Warnings (lint, missing photos) are `check`'s business: count them here.
            if !report.warnings.is_empty() {
                eprintln!(
                    "{}: run `manifesto check` to see them",
                    diagnostics::summary(&report.warnings)
                );
            }
            let shown = report
                .output
                .strip_prefix(&root)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| report.output.display().to_string());
            if !report.archived.is_empty() {
                let years: Vec<String> = report.archived.iter().map(|y| y.to_string()).collect();
                eprintln!("published {} from archive/ unchanged", years.join(", "));
            }
            eprintln!(
                "built {} pages, {} photos ({} decoded, {} from cache) and {} other files in {:.2} s into {}",
                report.pages,
                report.photos,
                report.photos_decoded,
                report.photos - report.photos_decoded,
                report.files,
                report.seconds,
                shown
            );
            ExitCode::SUCCESS
        }
        Err(crate::build::BuildError::Content(diags)) => {
            report_diags(&root, &diags);
            eprintln!(
                "build failed: {}; nothing was written, the previous output is unchanged",
                diagnostics::summary(&diags)
            );
            ExitCode::from(1)
        }
        Err(crate::build::BuildError::Environment(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn serve(start: &Path, port: Option<u16>, bind: std::net::IpAddr, open: bool) -> ExitCode {
    let root = match find_root(start) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let options = crate::serve::ServeOptions { port, bind, open };
    match crate::serve::serve(&root, &options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(crate::serve::ServeError(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn report_diags(root: &Path, diags: &[Diagnostic]) {
    report(root, diags);
}
