//! `manifesto serve`: build with drafts into memory, serve it on the loopback address,
//! rebuild what an edit changes and reload the open tabs.
//!
//! Threads: the watcher (`notify`) sends bursts of changed paths to the rebuild loop,
//! which builds and swaps what [`http::Shared`] serves; `tiny_http` workers answer
//! requests from memory; the main thread waits for Ctrl-C. Nothing is written to the
//! output folder (photos go through the usual cache in `.manifesto-cache/`).

pub mod affected;
pub mod http;
pub mod rebuild;
pub mod sources;
pub mod watch;

use crate::diagnostics::{self, Diagnostic};
use rebuild::{Builder, Change, Outcome, Timings};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

pub const DEFAULT_PORT: u16 = 8000;
/// How many ports after the default one are tried when it is taken.
const PORT_TRIES: u16 = 10;

pub struct ServeOptions {
    /// `None`: 8000, or the next free port. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    pub open: bool,
}

/// Usage or environment problems (exit 2).
pub struct ServeError(pub String);

/// Bind the listening socket: the port asked for, or with no port asked, 8000 or the next
/// free one (said aloud).
fn listen(options: &ServeOptions) -> Result<TcpListener, ServeError> {
    let in_use = |port: u16, e: std::io::Error| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            " (another program, or another `manifesto serve`, uses it): choose another with --port N, or --port 0 for any free port"
        } else {
            ""
        };
        ServeError(format!(
            "cannot listen on {}: {e}{hint}",
            SocketAddr::new(options.bind, port)
        ))
    };
    match options.port {
        Some(port) => {
            TcpListener::bind(SocketAddr::new(options.bind, port)).map_err(|e| in_use(port, e))
        }
        None => {
            let mut first_error = None;
            for port in DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES {
                match TcpListener::bind(SocketAddr::new(options.bind, port)) {
                    Ok(listener) => {
                        if port != DEFAULT_PORT {
                            eprintln!(
                                "port {DEFAULT_PORT} is in use: serving on port {port} instead"
                            );
                        }
                        return Ok(listener);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                        first_error.get_or_insert(e);
                    }
                    Err(e) => return Err(in_use(port, e)),
                }
            }
            Err(in_use(
                DEFAULT_PORT,
                first_error.unwrap_or_else(|| std::io::Error::other("no free port")),
            ))
        }
    }
}

/// The page shown in place of every page while the content has errors: each problem as
/// the terminal prints it (file:line:column, message, the line quoted), HTML-escaped.
pub fn error_page(root: &Path, diags: &[Diagnostic]) -> String {
    let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    let text = diagnostics::render_all(root, &errors);
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let summary = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>エラーがあります（{summary}） – manifesto serve</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;line-height:1.7;margin:0 auto;padding:1rem;max-width:60rem;color:#1a1a1a;background:#fff}}\n\
         h1{{font-size:1.4rem;color:#9b1c1c}}\n\
         pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;border-left:4px solid #9b1c1c;padding:1rem;font-size:.95rem;line-height:1.5}}\n\
         </style>\n</head>\n<body>\n<main>\n\
         <h1>サイトの原稿にエラーがあります（{summary}）</h1>\n\
         <p>ファイルを直して保存すると、このページは自動で元のページに戻ります。The content has errors; \
         fix the file and save, and this page reloads by itself.</p>\n\
         <pre>{}</pre>\n</main>\n</body>\n</html>\n",
        escape(&text)
    )
}

/// Apply a rebuild's outcome to what is served, and say what happened in the terminal.
fn publish(root: &Path, shared: &http::Shared, outcome: Outcome, t: &Timings, first: bool) {
    let ms = t.total().as_secs_f64() * 1000.0;
    let detail = if std::env::var_os("MANIFESTO_SERVE_TIMINGS").is_some() {
        format!(" [{}]", t.breakdown())
    } else {
        String::new()
    };
    let (diags, files) = match outcome {
        Outcome::Unchanged => return,
        Outcome::Errors(diags) => (diags, Vec::new()),
        Outcome::ErrorsWith(diags, files) => (diags, files),
        Outcome::Full(files) => {
            let count = files.len();
            shared.update(|snap| {
                snap.files = files.into_iter().collect();
                snap.error_page = None;
            });
            eprintln!(
                "{} {} pages ({count} files) in {ms:.0} ms{detail}",
                if first { "built" } else { "rebuilt all" },
                t.pages
            );
            return;
        }
        Outcome::Partial(files) => {
            shared.update(|snap| {
                snap.files.extend(files);
                snap.error_page = None;
            });
            let s = if t.pages == 1 { "" } else { "s" };
            eprintln!("rebuilt {} page{s} in {ms:.0} ms{detail}", t.pages);
            return;
        }
    };
    let errors: Vec<Diagnostic> = diags.iter().filter(|d| d.is_error()).cloned().collect();
    eprint!("{}", diagnostics::render_all(root, &errors));
    eprintln!(
        "{}: the browser shows them until the files are fixed",
        diagnostics::summary(&errors)
    );
    let page: Arc<str> = Arc::from(error_page(root, &diags));
    shared.update(|snap| {
        snap.files.extend(files);
        snap.error_page = Some(page);
    });
}

/// How long edits must pause before the data and search files are written again.
const DATA_CATCH_UP: std::time::Duration = std::time::Duration::from_millis(1000);

/// Write the data and search files again, on the watching thread once edits have paused.
/// (On another thread it would hold the site while the next edit changes it, and that
/// edit would have to copy the whole site: 1.5 s at 10,000 manifestos, measured.)
fn refresh_data(root: &Path, shared: &Arc<http::Shared>, builder: &mut Builder) {
    let Some(job) = builder.data_job() else {
        return;
    };
    let started = std::time::Instant::now();
    match job.run() {
        Ok(files) => {
            let count = files.len();
            shared.update_quietly(|snap| snap.files.extend(files));
            if std::env::var_os("MANIFESTO_SERVE_TIMINGS").is_some() {
                eprintln!(
                    "updated the data and search files ({count} files) in {:.0} ms",
                    started.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
        Err(diags) => eprint!("{}", diagnostics::render_all(root, &diags)),
    }
}

pub fn serve(root: &Path, options: &ServeOptions) -> Result<(), ServeError> {
    let listener = listen(options)?;
    let addr = listener
        .local_addr()
        .map_err(|e| ServeError(format!("cannot listen: {e}")))?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "127.0.0.1".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| ServeError(format!("cannot start the server: {e}")))?;
    let shared = Arc::new(http::Shared::new());

    // Watch before the first build, so that an edit during it is not missed.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = watch::start(root, tx)
        .map_err(|e| ServeError(format!("cannot watch the site's files: {e}")))?;
    let mut watched = Vec::new();
    watch::watch_dirs(&mut watcher, root, &mut watched);

    let mut builder = Builder::new(root, url.clone());
    let (outcome, t) = builder.rebuild(Change {
        full: true,
        ..Change::default()
    });
    publish(root, &shared, outcome, &t, true);
    http::run(Arc::new(server), shared.clone(), 4);
    eprintln!("serving {url} (drafts included); Ctrl-C to stop");
    if !options.bind.is_loopback() {
        eprintln!(
            "note: listening on {}: other machines on the network can see these pages, drafts included",
            options.bind
        );
    }
    eprintln!("watching site.yaml, content/, assets/ and themes/ for changes");
    if options.open
        && let Err(e) = open::that_detached(&url)
    {
        eprintln!("warning: cannot open a browser: {e}");
    }

    let (stop_tx, stop_rx) = mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| ServeError(format!("cannot handle Ctrl-C: {e}")))?;

    let root_owned = root.to_path_buf();
    std::thread::spawn(move || {
        loop {
            // After an edit on the fast path, the data and search files catch up once
            // the edits pause, without making the next edit's pages wait.
            let paths = if builder.data_stale() {
                match rx.recv_timeout(DATA_CATCH_UP) {
                    Ok(paths) => paths,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        refresh_data(&root_owned, &shared, &mut builder);
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match rx.recv() {
                    Ok(paths) => paths,
                    Err(_) => break,
                }
            };
            let mut all = paths;
            // Coalesce bursts that arrived while the last rebuild ran.
            while let Ok(more) = rx.try_recv() {
                all.extend(more);
            }
            let change =
                watch::classify(&root_owned, &all, &|rel: &Path| builder.is_manifesto(rel));
            if change.is_empty() {
                continue;
            }
            if change.full {
                // A folder may have appeared (themes/ for example).
                watch::watch_dirs(&mut watcher, &root_owned, &mut watched);
            }
            let (outcome, t) = builder.rebuild(change);
            publish(&root_owned, &shared, outcome, &t, false);
        }
    });

    let _ = stop_rx.recv();
    eprintln!("stopped");
    Ok(())
}
