//! `manifesto serve`: the binary on a free port, asked over plain HTTP/1.1 (std's
//! `TcpStream`, so that paths go out exactly as written, `..` included). Every server is
//! killed when its guard is dropped; waiting for a change polls with a generous timeout.

mod common;

use common::{GOAL, HEAD, Site, manifesto};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(60);

/// A running `manifesto serve`; killed on drop.
struct Server {
    child: Child,
    url: String,
    port: u16,
    /// Everything the server printed so far.
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &["--port", "0"]).expect("the server starts")
    }

    /// Start with arguments; `Err` has the output of a server that exited instead.
    fn start_with(site: &Site, args: &[&str]) -> Result<Server, (Option<i32>, String)> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_manifesto"))
            .arg("serve")
            .args(args)
            .arg("--root")
            .arg(site.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn manifesto serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("serving http://") {
                    let url = line[at + 8..].split(' ').next().unwrap().to_string();
                    let _ = tx.send(url);
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        match rx.recv_timeout(PATIENCE) {
            Ok(url) => {
                let port = url.rsplit(':').next().unwrap().trim_end_matches('/');
                let port = port.parse().unwrap();
                Ok(Server {
                    child,
                    url,
                    port,
                    log,
                })
            }
            Err(_) => {
                let _ = child.kill();
                let status = child.wait().ok().and_then(|s| s.code());
                std::thread::sleep(Duration::from_millis(100));
                let log = log.lock().unwrap().clone();
                Err((status, log))
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// GET `target` exactly as written.
    fn get(&self, target: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }

    /// Poll `target` until `done` holds for the response.
    fn wait_for(&self, target: &str, done: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(target);
            if done(&r) {
                return r;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "gave up waiting on {target}; last response {} {}\n--- server ---\n{}",
                r.status,
                r.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text.split_once("\r\n\r\n").expect("a response head");
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The live-reload event stream: each `version` event's data, as it arrives.
fn events(server: &Server) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__manifesto/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(e) = line.strip_prefix("event:") {
                event = e.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:")
                && event == "version"
                && tx.send(data.trim().to_string()).is_err()
            {
                return;
            }
        }
    });
    rx
}

/// The fixture site, with a draft manifesto of kikaku beside somu's.
fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/2023/kikaku.yaml",
        format!(
            "department: kikaku\ndraft: true\nhead:\n  title: 部長\n  name: 下書 花子\ngoals:\n{GOAL}"
        ),
    );
    site
}

fn somu_with_name(name: &str) -> String {
    manifesto(&[GOAL]).replace("伊賀 太郎", name)
}

#[test]
fn serves_pages_with_drafts_and_the_right_content_types() {
    let site = site();
    let server = Server::start(&site);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );

    let top = server.get("/");
    assert_eq!(top.status, 200);
    assert_eq!(top.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(top.body.contains("<html lang=\"ja\""));
    // The live-reload script is added to HTML by serve.
    assert!(top.body.contains("/__manifesto/events"), "{}", top.body);

    // Drafts are in the preview.
    let draft = server.get("/2023/kikaku/");
    assert_eq!(draft.status, 200);
    assert!(draft.body.contains("下書 花子"));
    let page = server.get("/2023/somu/");
    assert!(page.body.contains("伊賀 太郎"));

    for (path, expected) in [
        ("/theme/style.css", "text/css; charset=utf-8"),
        ("/theme/placeholder-portrait.svg", "image/svg+xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(expected), "{path}");
        assert!(!r.body.contains("__manifesto"), "{path} has the script");
    }
    // The head photo, as the page links it.
    let photo = page
        .body
        .split('"')
        .find(|s| s.contains("photos/") && s.ends_with(".jpg"))
        .expect("a photo on the page")
        .trim_start_matches("../");
    let r = server.get(&format!("/{photo}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("image/jpeg"));

    // A folder without its slash is redirected to it.
    let r = server.get("/2023/somu");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/2023/somu/"));

    // The real output folder is never touched.
    assert!(!site.file("public").exists());
}

#[test]
fn unknown_paths_get_the_sites_404_page() {
    let site = site();
    let server = Server::start(&site);
    let r = server.get("/2099/nothing/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.body.contains("ページが見つかりません"), "{}", r.body);
    let own = server.get("/404.html");
    assert_eq!(own.status, 200);
    assert_eq!(r.body, own.body);
}

#[test]
fn path_traversal_is_refused() {
    let site = site();
    let server = Server::start(&site);
    for target in [
        "/../site.yaml",
        "/2023/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/2023/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 400, "{target}: {}", r.body);
        assert!(!r.body.contains("organization"), "{target}");
    }
    // The server is still there.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn an_edit_is_served_and_announced_to_open_pages() {
    let site = site();
    let server = Server::start(&site);
    let versions = events(&server);
    let first = versions.recv_timeout(PATIENCE).expect("the current build");
    // The page names the build it belongs to, so that a tab opened before a rebuild
    // reloads when it hears of the next one.
    assert!(server.get("/2023/somu/").body.contains(&first));

    site.write("content/2023/somu.yaml", somu_with_name("更新 次郎"));
    let page = server.wait_for("/2023/somu/", |r| r.body.contains("更新 次郎"));
    assert_eq!(page.status, 200);
    let next = versions.recv_timeout(PATIENCE).expect("a reload event");
    assert_ne!(next, first);
    // The card on the year page shows the new name too.
    assert!(server.get("/2023/").body.contains("更新 次郎"));
    assert!(server.log().contains("rebuilt"), "{}", server.log());
}

#[test]
fn errors_replace_every_page_until_the_file_is_fixed() {
    let site = site();
    let server = Server::start(&site);
    let broken = format!("{HEAD}  titel: <b>太字</b>\ngoals:\n{GOAL}");
    site.write("content/2023/somu.yaml", &broken);
    let page = server.wait_for("/2023/somu/", |r| r.status == 500);
    assert!(
        page.body
            .contains("content/2023/somu.yaml:5:3: error: unknown field `titel`"),
        "{}",
        page.body
    );
    // The line is quoted, HTML-escaped.
    assert!(
        page.body.contains("titel: &lt;b&gt;太字&lt;/b&gt;"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("<b>太字"));
    // Every page shows it, and the page still reloads by itself.
    let other = server.get("/2023/kikaku/");
    assert_eq!(other.status, 500);
    assert!(other.body.contains("unknown field `titel`"));
    assert!(other.body.contains("/__manifesto/events"));
    assert_eq!(server.get("/theme/style.css").status, 200);
    // The terminal says it too.
    let start = Instant::now();
    while !server.log().contains("somu.yaml:5:3: error") {
        assert!(start.elapsed() < PATIENCE, "{}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }

    site.write("content/2023/somu.yaml", somu_with_name("修正 三郎"));
    let fixed = server.wait_for("/2023/somu/", |r| r.status == 200);
    assert!(fixed.body.contains("修正 三郎"));
    assert_eq!(server.get("/2023/kikaku/").status, 200);
}

#[test]
fn a_yaml_syntax_error_then_a_fix_also_recovers() {
    let site = site();
    let server = Server::start(&site);
    site.write("content/2023/somu.yaml", "head: [\n");
    let page = server.wait_for("/", |r| r.status == 500);
    assert!(
        page.body.contains("content/2023/somu.yaml:"),
        "{}",
        page.body
    );
    site.write("content/2023/somu.yaml", somu_with_name("構文 四郎"));
    server.wait_for("/2023/somu/", |r| {
        r.status == 200 && r.body.contains("構文 四郎")
    });
}

#[test]
fn site_settings_and_new_files_rebuild_everything() {
    let site = site();
    let server = Server::start(&site);
    site.write(
        "site.yaml",
        common::SITE_YAML.replace("テスト市 部局マニフェスト", "改名市 部局マニフェスト"),
    );
    server.wait_for("/2023/somu/", |r| {
        r.body.contains("改名市 部局マニフェスト")
    });
    site.write("content/2024/somu.yaml", somu_with_name("新年 五郎"));
    server.wait_for("/2024/somu/", |r| {
        r.status == 200 && r.body.contains("新年 五郎")
    });
    // The previous year now links to it.
    server.wait_for("/2023/somu/", |r| r.body.contains("2024/somu/"));
}

#[test]
fn build_output_has_no_live_reload_script() {
    let site = site();
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_manifesto"))
        .args(["build", "--drafts", "--root"])
        .arg(site.path())
        .arg("-o")
        .arg(out.path().join("site"))
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let page = std::fs::read_to_string(out.path().join("site/2023/somu/index.html")).unwrap();
    assert!(page.contains("伊賀 太郎"));
    assert!(!page.contains("__manifesto"));
    assert!(!page.contains("EventSource"));
}

#[test]
fn a_port_in_use_is_refused_with_a_clear_message() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, log) = match Server::start_with(&site, &["--port", &port]) {
        Ok(_) => panic!("started on a port in use"),
        Err(e) => e,
    };
    assert_eq!(code, Some(2), "{log}");
    assert!(
        log.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{log}"
    );
    assert!(log.contains("--port"), "{log}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let site = site();
    let mut server = Server::start(&site);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    let code = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(start.elapsed() < PATIENCE, "still running");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0));
    std::thread::sleep(Duration::from_millis(100));
    assert!(server.log().contains("stopped"), "{}", server.log());
    assert!(!site.file("public").exists());
}

#[test]
fn goal_links_across_years_follow_edits_and_breaks() {
    let site = site();
    let goal2 = GOAL.replace("窓口手続のオンライン化", "電子申請の拡大");
    site.write(
        "content/2022/somu.yaml",
        manifesto(&[GOAL, &goal2]).replace("伊賀 太郎", "前年 一郎"),
    );
    let continuing = format!("{GOAL}    continues: 2022/somu/2\n");
    site.write("content/2023/somu.yaml", manifesto(&[&continuing]));
    let server = Server::start(&site);
    assert!(server.get("/2023/somu/").body.contains("電子申請の拡大"));

    // The earlier goal's title changes: the later page that links to it follows.
    site.write(
        "content/2022/somu.yaml",
        manifesto(&[GOAL, &goal2.replace("電子申請の拡大", "電子申請の全面展開")])
            .replace("伊賀 太郎", "前年 一郎"),
    );
    server.wait_for("/2023/somu/", |r| r.body.contains("電子申請の全面展開"));

    // The earlier sheet loses the goal that is continued: an error in the later file.
    site.write(
        "content/2022/somu.yaml",
        manifesto(&[GOAL]).replace("伊賀 太郎", "前年 一郎"),
    );
    let page = server.wait_for("/2022/somu/", |r| r.status == 500);
    assert!(
        page.body.contains("content/2023/somu.yaml:"),
        "{}",
        page.body
    );
    assert!(page.body.contains("points nowhere"), "{}", page.body);

    // Fixed from the other side: the later sheet no longer continues it.
    site.write("content/2023/somu.yaml", manifesto(&[GOAL]));
    server.wait_for("/2023/somu/", |r| r.status == 200);
    let earlier = server.wait_for("/2022/somu/", |r| r.status == 200);
    assert!(!earlier.body.contains("電子申請"));
}

#[test]
fn an_evaluation_reaches_the_history_and_trends_pages_and_then_the_data_files() {
    let site = site();
    let server = Server::start(&site);
    assert!(
        !server
            .get("/2023/goals.csv")
            .body
            .contains("業績目標を達成した")
    );
    let evaluated = format!(
        "{}    evaluation:\n      self: 3\n      reason: 計画どおり3割に達した。\n",
        manifesto(&[GOAL])
    );
    site.write("content/2023/somu.yaml", &evaluated);
    // The pages follow at once: the department's history and the trends page count it.
    let history = server.wait_for("/departments/somu/", |r| r.body.contains("1／1"));
    assert!(
        history.body.contains("業績目標を達成した"),
        "{}",
        history.body
    );
    let trends = server.get("/trends/");
    assert!(trends.body.contains("100%"), "{}", trends.body);
    // The data files and the search index catch up once the edits pause.
    let csv = server.wait_for("/2023/goals.csv", |r| r.body.contains("業績目標を達成した"));
    assert!(csv.body.contains("計画どおり3割に達した。"), "{}", csv.body);
    let json = server.get("/data/manifestos.json");
    assert!(json.body.contains("計画どおり3割に達した。"));
}
