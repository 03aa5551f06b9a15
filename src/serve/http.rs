//! The preview server: `tiny_http` parses requests; files come from memory.
//!
//! Every HTML response gets the live-reload script (here, at response time: built pages
//! never contain it). The script listens to `/__manifesto/events` (Server-Sent Events):
//! the server names the current build there on connect and after every rebuild, and a
//! page that was served by another build reloads. After the server restarts, the browser
//! reconnects by itself, hears a new build name, and reloads.

use super::rebuild::Files;
use std::io::Write;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

pub const EVENTS_PATH: &str = "/__manifesto/events";

/// What is served now.
pub struct Snapshot {
    pub files: Files,
    /// The error page, while the content has errors.
    pub error_page: Option<Arc<str>>,
    /// Names the build being served: pages with another name reload.
    pub version: String,
}

pub struct Shared {
    snapshot: RwLock<Snapshot>,
    subscribers: Mutex<Vec<Sender<String>>>,
    /// Distinguishes this server process from the previous one (a restart reloads tabs).
    run_id: String,
    generation: Mutex<u64>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

impl Shared {
    pub fn new() -> Shared {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let run_id = format!("{:x}{:x}", std::process::id(), nanos % (1 << 40));
        Shared {
            snapshot: RwLock::new(Snapshot {
                files: Files::new(),
                error_page: None,
                version: format!("{run_id}-0"),
            }),
            subscribers: Mutex::new(Vec::new()),
            run_id,
            generation: Mutex::new(0),
        }
    }

    /// Change what is served, then tell every open page.
    pub fn update(&self, change: impl FnOnce(&mut Snapshot)) {
        let version = {
            let mut generation = self.generation.lock().unwrap_or_else(|e| e.into_inner());
            *generation += 1;
            let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
            change(&mut snap);
            snap.version = format!("{}-{}", self.run_id, *generation);
            snap.version.clone()
        };
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|tx| tx.send(version.clone()).is_ok());
    }

    /// Replace files without announcing a new build: open tabs do not reload (the data
    /// and search files caught up after an edit whose pages were already announced).
    pub fn update_quietly(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        change(&mut snap);
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner())
    }

    fn subscribe(&self) -> mpsc::Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }
}

/// Answer requests on `threads` threads until the process ends; event streams get a
/// thread each.
pub fn run(server: Arc<tiny_http::Server>, shared: Arc<Shared>, threads: usize) {
    for _ in 0..threads {
        let server = server.clone();
        let shared = shared.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                if request.url().split('?').next() == Some(EVENTS_PATH) {
                    let shared = shared.clone();
                    std::thread::spawn(move || events(request, &shared));
                } else {
                    let _ = respond(request, &shared);
                }
            }
        });
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

/// The content type of a file by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Why a request path is refused.
#[derive(Debug, PartialEq)]
pub enum Refused {
    /// Not UTF-8 after percent-decoding, or not starting with `/`.
    Malformed,
    /// `..`, `.`, a backslash or a NUL byte, in any encoding.
    Traversal,
}

/// The file a request target names (`/2023/somu/?x` → `2023/somu/index.html`), after
/// percent-decoding; refuses anything that could climb out of the site.
pub fn resolve(target: &str) -> Result<String, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Err(Refused::Malformed);
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Refused::Malformed)?;
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|s| s == ".." || s == ".") {
        return Err(Refused::Traversal);
    }
    let rel = decoded.trim_start_matches('/');
    Ok(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// The live-reload script for a page of build `version`.
fn script(version: &str) -> String {
    format!(
        "<script>/* manifesto serve: live reload (not in built pages) */\n\
         (function(){{if(!window.EventSource)return;var v=\"{version}\";\
         var es=new EventSource(\"{EVENTS_PATH}\");\
         es.addEventListener(\"version\",function(e){{if(e.data!==v){{es.close();location.reload();}}}});}})();\
         </script>\n"
    )
}

/// The page with the live-reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let script = script(version);
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn respond(request: Request, shared: &Shared) -> std::io::Result<()> {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(
            text(
                405,
                "405 method not allowed: this preview serves GET and HEAD\n",
            )
            .with_header(header("Allow", "GET, HEAD")),
        );
    }
    let rel = match resolve(request.url()) {
        Ok(rel) => rel,
        Err(Refused::Traversal) => {
            return request.respond(text(
                400,
                "400 bad request: the path tries to leave the site (.., \\ or their encoded forms)\n",
            ));
        }
        Err(Refused::Malformed) => {
            return request.respond(text(400, "400 bad request: malformed path\n"));
        }
    };
    let snap = shared.read();
    let file = snap.files.get(&rel).cloned();
    let is_html = content_type(&rel).starts_with("text/html");
    // While the content has errors, every page shows them; other files stay as last built.
    if let Some(page) = &snap.error_page
        && (is_html || file.is_none())
    {
        let body = inject(page.as_bytes(), &snap.version);
        drop(snap);
        return request.respond(page_response(500, body, "text/html; charset=utf-8"));
    }
    match file {
        Some(bytes) => {
            let body = if is_html {
                inject(&bytes, &snap.version)
            } else {
                bytes.to_vec()
            };
            drop(snap);
            request.respond(page_response(200, body, content_type(&rel)))
        }
        None if snap.files.contains_key(&format!("{rel}/index.html")) => {
            drop(snap);
            let location = format!("/{rel}/");
            request.respond(
                text(301, &format!("moved to {location}\n"))
                    .with_header(header("Location", &location)),
            )
        }
        None => {
            let body = snap
                .files
                .get("404.html")
                .map(|p| inject(p, &snap.version))
                .unwrap_or_else(|| b"404 not found\n".to_vec());
            drop(snap);
            request.respond(page_response(404, body, "text/html; charset=utf-8"))
        }
    }
}

fn page_response(
    status: u16,
    body: Vec<u8>,
    content_type: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// A Server-Sent Events stream: the build's name now and after every rebuild, and a
/// comment now and then so that a closed tab is noticed. tiny_http buffers response
/// bodies, so the stream is written on the raw connection (status line and headers by
/// hand, then each event flushed).
fn events(request: Request, shared: &Shared) {
    let updates = shared.subscribe();
    let current = shared.read().version.clone();
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut send = |text: &str| w.write_all(text.as_bytes()).and_then(|_| w.flush());
    if send(head)
        .and_then(|_| send(&format!("retry: 500\nevent: version\ndata: {current}\n\n")))
        .is_err()
    {
        return;
    }
    loop {
        let message = match updates.recv_timeout(Duration::from_secs(15)) {
            Ok(version) => format!("event: version\ndata: {version}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&message).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_and_refuses_traversal() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/2023/somu/?a=b").unwrap(), "2023/somu/index.html");
        assert_eq!(resolve("/theme/style.css").unwrap(), "theme/style.css");
        assert_eq!(resolve("/%E7%B7%8F%E5%8B%99/").unwrap(), "総務/index.html");
        for bad in [
            "/../site.yaml",
            "/2023/../../x",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2fsite.yaml",
            "/..%5csite.yaml",
            "/a\\b",
            "/./x",
            "/%00",
        ] {
            assert_eq!(resolve(bad), Err(Refused::Traversal), "{bad}");
        }
        assert_eq!(resolve("/%ff"), Err(Refused::Malformed));
        assert_eq!(resolve("x"), Err(Refused::Malformed));
        // Names with dots inside are fine.
        assert_eq!(resolve("/a..b/x.y").unwrap(), "a..b/x.y");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, "v1")).unwrap();
        assert!(out.contains("<p>x</p><script>"));
        assert!(out.ends_with("</script>\n</body></html>"));
        assert!(out.contains("var v=\"v1\""));
        let out = String::from_utf8(inject(b"<p>no body", "v1")).unwrap();
        assert!(out.starts_with("<p>no body<script>"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("theme/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.JPG"), "image/jpeg");
        assert_eq!(content_type("2023/goals.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("theme/p.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
