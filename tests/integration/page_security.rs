//! The counter page (`mynapin counter`) as a hostile program on the workstation, or a
//! hostile web page in the clerk's browser, sees it. The real binary serves a simulated
//! card (a profile file in a temporary folder: the file is the card, so its counters can be
//! read back) and is spoken to in raw HTTP/1.1 over a `TcpStream`, so that every header is
//! the test's choice and no client library adds or repairs one.
//!
//! One test per property of the guard (`src/bin/mynapin/counter_page/guard.rs`): the
//! one-use URL token, the session cookie, the Host check, Origin and the CSRF token, the
//! body limit and malformed forms, the security headers. Then what the guard protects: no
//! refused request reaches the card (its counter and the audit log stay as they were, while
//! the same request made properly does spend a try), concurrent submissions spend one try
//! per chosen procedure and a busy answer does nothing, and no PIN is ever in a URL, an
//! answer, the server's output or the audit log. Also, over the same raw HTTP, what the
//! audit log says of an issuer reset only a failed confirmation could have proven.
//!
//! Every server is stopped by its PID (SIGTERM, then SIGKILL after 10 s) when its test
//! ends, whether the test passed or not ([`Page`]'s `Drop`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use mynapin::card::PinKind;
use mynapin::sim::{PinProfile, Pins, Profile};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_mynapin");

/// The guard's source: the served policy must be its `CSP` constant, character for
/// character (the constant lives in the binary, which a test cannot import).
const GUARD_SOURCE: &str = include_str!("../../src/bin/mynapin/counter_page/guard.rs");

/// The largest body the page accepts (`mynapin::web::request::MAX_BODY`).
const MAX_BODY: usize = mynapin::web::request::MAX_BODY;

/// How long a server may take to start, or to answer one request.
const PATIENCE: Duration = Duration::from_secs(60);

/// The Content-Security-Policy of `guard.rs`.
/// The session cookie's name: it carries the port (`guard::cookie_name`), so two pages on
/// one PC keep their sessions apart.
fn session_cookie_name(port: u16) -> String {
    format!("mynapin_session_{port}")
}

fn csp() -> &'static str {
    let start = GUARD_SOURCE
        .find("pub const CSP: &str = \"")
        .expect("guard.rs defines CSP")
        + "pub const CSP: &str = \"".len();
    let end = start
        + GUARD_SOURCE[start..]
            .find('"')
            .expect("the CSP string ends");
    &GUARD_SOURCE[start..end]
}

// ------------------------------------------------------------------------------------
// A tiny HTTP/1.1 client: one request per connection (`Connection: close`).

/// A request, written exactly as given (plus `Content-Length` for a body, and
/// `Connection: close`).
#[derive(Clone)]
struct Req {
    method: &'static str,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Send the body with `Transfer-Encoding: chunked` instead of `Content-Length`.
    chunked: bool,
}

impl Req {
    fn new(method: &'static str, target: &str) -> Req {
        Req {
            method,
            target: target.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            chunked: false,
        }
    }

    /// Replaces every header `name` by `value` (`None`: removes it).
    fn set(mut self, name: &str, value: Option<&str>) -> Req {
        self.headers
            .retain(|(header, _)| !header.eq_ignore_ascii_case(name));
        if let Some(value) = value {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Adds a header `name` (another one if there is one already).
    fn add(mut self, name: &str, value: &str) -> Req {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn body(mut self, body: impl Into<Vec<u8>>) -> Req {
        self.body = body.into();
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        let has_length = self
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
        let mut body = self.body.clone();
        if self.chunked {
            head.push_str("Transfer-Encoding: chunked\r\n");
            let mut chunks = Vec::new();
            for chunk in self.body.chunks(1000) {
                chunks.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                chunks.extend_from_slice(chunk);
                chunks.extend_from_slice(b"\r\n");
            }
            chunks.extend_from_slice(b"0\r\n\r\n");
            body = chunks;
        } else if !has_length && (self.method == "POST" || !self.body.is_empty()) {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&body);
        bytes
    }
}

/// An answer: status, headers in order (names lowercase), body as text.
#[derive(Clone, Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    /// The whole answer as received (head and body), for the leak search.
    raw: String,
}

impl std::fmt::Display for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let raw: String = self.raw.chars().take(1500).collect();
        write!(f, "{raw}")
    }
}

impl Answer {
    /// Every value of header `name`.
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The value of header `name`, which must be there at most once.
    fn header(&self, name: &str) -> Option<&str> {
        let values = self.all(name);
        assert!(values.len() <= 1, "{name} {} times:\n{self}", values.len());
        values.first().copied()
    }
}

/// Sends `request` to the port and reads the whole answer (the server closes after it).
fn exchange(port: u16, request: &Req) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    // The server may answer (413) and close before it reads all of a large body: a write
    // error then is not the test's concern, the answer is.
    let _ = stream.write_all(&request.bytes());
    let mut bytes = Vec::new();
    // A reset after the answer (unread body bytes) ends the read; what came is kept.
    let _ = stream.read_to_end(&mut bytes);
    parse_answer(&bytes).unwrap_or_else(|| {
        panic!(
            "no HTTP answer to {} {}: {:?}",
            request.method,
            request.target,
            String::from_utf8_lossy(&bytes)
        )
    })
}

/// Sends `request` and reads the head of the answer only (a stream that does not end).
fn head_only(port: u16, request: &Req) -> Answer {
    open_stream(port, request).0
}

/// Sends `request`, reads the head of the answer, and keeps the connection open.
fn open_stream(port: u16, request: &Req) -> (Answer, TcpStream) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(&request.bytes()).unwrap();
    let mut bytes = Vec::new();
    let mut buffer = [0_u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(_) => bytes.push(buffer[0]),
        }
    }
    let answer = parse_answer(&bytes)
        .unwrap_or_else(|| panic!("no head: {:?}", String::from_utf8_lossy(&bytes)));
    (answer, stream)
}

fn parse_answer(bytes: &[u8]) -> Option<Answer> {
    let split = bytes.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next()?;
    let status: u16 = status_line.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let rest = &bytes[split + 4..];
    let chunked = headers
        .iter()
        .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked"));
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Some(Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        raw: format!("{head}\r\n\r\n{}", String::from_utf8_lossy(&body)),
    })
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(end) = rest.windows(2).position(|window| window == b"\r\n") {
        let size = std::str::from_utf8(&rest[..end])
            .ok()
            .and_then(|line| usize::from_str_radix(line.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        rest = &rest[end + 2..];
        if size == 0 || rest.len() < size {
            body.extend_from_slice(&rest[..size.min(rest.len())]);
            break;
        }
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
    body
}

/// `application/x-www-form-urlencoded`, every byte but the unreserved ones escaped.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `hex` with its last digit changed: the same length, another secret.
fn altered(hex: &str) -> String {
    let (head, last) = hex.split_at(hex.len() - 1);
    format!("{head}{}", if last == "0" { "1" } else { "0" })
}

// ------------------------------------------------------------------------------------
// The server.

/// A running `mynapin counter` on a simulated card in a temporary folder, with what it
/// printed, and every answer it gave to this test.
struct Page {
    child: Child,
    port: u16,
    /// The URL's one-use token.
    token: String,
    /// The session cookie's value, once the token was exchanged ([`Page::login`]).
    session: Option<String>,
    /// The forms' CSRF token, once a page was read.
    csrf: Option<String>,
    dir: TempDir,
    card: PathBuf,
    log: PathBuf,
    /// stdout and stderr, as the server writes them.
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
    /// Every answer received, in order.
    seen: Mutex<Vec<Answer>>,
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

impl Page {
    /// Starts `mynapin --simulated=CARD --audit-log LOG --lang en counter --no-browser`
    /// on `profile`, and reads the URL it prints.
    fn start(profile: &Profile) -> Page {
        let dir = tempfile::tempdir().unwrap();
        let card = dir.path().join("card.toml");
        profile.save_atomically(&card).unwrap();
        let log = dir.path().join("audit.jsonl");
        let mut child = Command::new(BIN)
            .arg(format!("--simulated={}", card.display()))
            .arg("--audit-log")
            .arg(&log)
            .args([
                "--lang",
                "en",
                "--operator",
                "page-test",
                "counter",
                "--no-browser",
            ])
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_STATE_HOME", crate::audit::state_home())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let output = Arc::new(Mutex::new(String::new()));
        let (first, first_line) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let into = Arc::clone(&output);
        let mut readers = vec![std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(line)) = lines.next() {
                into.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = first.send(line);
            }
            for line in lines.map_while(Result::ok) {
                into.lock().unwrap().push_str(&format!("{line}\n"));
            }
        })];
        let stderr = child.stderr.take().unwrap();
        let into = Arc::clone(&output);
        readers.push(std::thread::spawn(move || {
            let mut text = String::new();
            let mut stderr = BufReader::new(stderr);
            while stderr.read_line(&mut text).is_ok_and(|read| read > 0) {
                into.lock().unwrap().push_str(&text);
                text.clear();
            }
        }));
        let mut page = Page {
            child,
            port: 0,
            token: String::new(),
            session: None,
            csrf: None,
            dir,
            card,
            log,
            output,
            readers,
            seen: Mutex::new(Vec::new()),
        };
        let url = first_line.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            let _ = page.stop();
            panic!(
                "mynapin counter printed no URL:\n{}",
                page.output.lock().unwrap()
            )
        });
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("not the page's URL: {url}"));
        let (port, token) = rest
            .split_once("/start?token=")
            .unwrap_or_else(|| panic!("not the page's URL: {url}"));
        page.port = port.parse().unwrap();
        page.token = token.to_owned();
        assert_eq!(page.token.len(), 32, "{url}");
        assert!(page.token.bytes().all(|byte| byte.is_ascii_hexdigit()));
        page
    }

    /// The default card with distinctive PINs.
    fn profile_with(auth: &str, sign: &str) -> Profile {
        Profile {
            pins: Pins {
                auth: PinProfile::full(auth, 3),
                sign: PinProfile::full(sign, 5),
                ..Profile::default().pins
            },
            ..Profile::default()
        }
    }

    /// SIGTERM by PID, then up to 10 s for the server to end (SIGKILL after), and the
    /// output readers finished. `None`: it had to be killed.
    fn stop(&mut self) -> Option<ExitStatus> {
        self.stop_within(Duration::from_secs(10))
    }

    /// [`Page::stop`], waiting up to `patience` for the server to end by itself.
    fn stop_within(&mut self, patience: Duration) -> Option<ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + patience;
        let mut status = None;
        while Instant::now() < deadline {
            if let Ok(Some(ended)) = self.child.try_wait() {
                status = Some(ended);
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        for reader in self.readers.drain(..) {
            let _ = reader.join();
        }
        status
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!(
            "{}={}",
            session_cookie_name(self.port),
            self.session.as_deref().expect("logged in")
        )
    }

    fn csrf(&self) -> &str {
        self.csrf.as_deref().expect("a page was read")
    }

    /// A GET as the clerk's browser sends it (with the session once there is one).
    fn get(&self, target: &str) -> Req {
        let request = Req::new("GET", target).set("Host", Some(&self.host()));
        match &self.session {
            Some(_) => request.set("Cookie", Some(&self.cookie())),
            None => request,
        }
    }

    /// A form POST as the page's own form sends it: session, Origin, the CSRF token first.
    fn post(&self, target: &str, fields: &[(&str, &str)]) -> Req {
        let mut all = vec![("csrf", self.csrf())];
        all.extend_from_slice(fields);
        self.get(target)
            .method("POST")
            .set("Origin", Some(&self.origin()))
            .set("Content-Type", Some("application/x-www-form-urlencoded"))
            .body(form(&all))
    }

    /// Sends `request`, keeping the answer for the leak search.
    fn send(&self, request: &Req) -> Answer {
        let answer = exchange(self.port, request);
        self.seen.lock().unwrap().push(answer.clone());
        answer
    }

    /// The URL token exchanged for the session; the desk's page read for its CSRF token.
    fn login(&mut self) {
        let start = self.send(&self.get(&format!("/start?token={}", self.token)));
        self.login_from(&start);
    }

    /// The session from an answer to the URL token; the desk's page read for its CSRF token.
    fn login_from(&mut self, start: &Answer) {
        assert_eq!(start.status, 303, "{start}");
        let cookie = start.header("set-cookie").expect("a session cookie");
        let prefix = format!("{}=", session_cookie_name(self.port));
        let value = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.trim().strip_prefix(prefix.as_str()))
            .unwrap_or_else(|| panic!("not the session cookie: {cookie}"));
        self.session = Some(value.to_owned());
        let desk = self.desk();
        let at = desk
            .find("name=\"csrf\" value=\"")
            .unwrap_or_else(|| panic!("no CSRF field in the page:\n{desk}"))
            + "name=\"csrf\" value=\"".len();
        self.csrf = Some(desk[at..at + 32].to_owned());
    }

    /// `GET /`: the desk's screen (200).
    fn desk(&self) -> String {
        let answer = self.send(&self.get("/"));
        assert_eq!(answer.status, 200, "{answer}");
        answer.body
    }

    /// Reads `GET /` until it contains `needle`.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let desk = self.desk();
            if desk.contains(needle) {
                return desk;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle} on the desk after {PATIENCE:?}:\n{desk}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `POST /choose` for `pick` (the card's status read first), to the PIN screen.
    fn choose(&self, pick: &str) {
        let (operation, kind) = pick.split_once(':').unwrap();
        self.wait_for(&format!("id=\"pick-{operation}-{kind}\""));
        let chosen = self.send(&self.post("/choose", &[("pick", pick)]));
        assert_eq!(chosen.status, 303, "{chosen}");
        let desk = self.desk();
        assert!(desk.contains("id=\"screen-pin\""), "{pick}:\n{desk}");
    }

    /// The card's counter of `kind`, from its profile file.
    fn left(&self, kind: PinKind) -> u8 {
        Profile::load(&self.card).unwrap().pins.get(kind).tries_left
    }

    /// The audit log's records (none when there is no log yet).
    fn records(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn verify_records(&self) -> Vec<Value> {
        self.records()
            .into_iter()
            .filter(|record| record["procedure"] == "verify")
            .collect()
    }
}

impl Req {
    fn method(mut self, method: &'static str) -> Req {
        self.method = method;
        self
    }
}

/// The screen of a desk page: the id of its `screen-…` element.
fn screen(page: &str) -> &str {
    let at = page.find("id=\"screen-").map_or(0, |at| at + 4);
    page[at..].split('"').next().unwrap_or_default()
}

// ------------------------------------------------------------------------------------
// The URL token and the session.

#[test]
fn the_url_token_gives_one_session_once_and_a_wrong_one_gives_nothing() {
    let mut page = Page::start(&Profile::default());
    let token = page.token.clone();
    let refused = |answer: &Answer, status: u16, what: &str| {
        assert_eq!(answer.status, status, "{what}:\n{answer}");
        assert!(answer.all("set-cookie").is_empty(), "{what}:\n{answer}");
        assert!(!answer.body.contains("screen-"), "{what}:\n{answer}");
    };
    for (target, what) in [
        (format!("/start?token={}", altered(&token)), "a wrong token"),
        (
            format!("/start?token={}", token.to_uppercase()),
            "uppercase",
        ),
        (format!("/start?token={}", &token[..31]), "a short token"),
        (format!("/start?token={token}0"), "a long token"),
        ("/start".to_owned(), "no token"),
        ("/start?token=".to_owned(), "an empty token"),
        (
            format!("/start?token={}&token={token}", altered(&token)),
            "a wrong token first",
        ),
    ] {
        if what == "uppercase" && !token.bytes().any(|byte| byte.is_ascii_alphabetic()) {
            continue;
        }
        refused(&page.send(&page.get(&target)), 403, what);
    }
    // A page of a hostile name that resolves to 127.0.0.1 (DNS rebinding) cannot spend the
    // token: the Host check comes first.
    let rebound = page
        .get(&format!("/start?token={token}"))
        .set("Host", Some(&format!("evil.example:{}", page.port)));
    refused(&page.send(&rebound), 421, "a rebinding Host");
    // None of that spent the token: the right one gives the session.
    let start = page.send(&page.get(&format!("/start?token={token}")));
    assert_eq!(start.status, 303, "{start}");
    assert_eq!(start.header("location"), Some("/"), "{start}");
    let cookies = start.all("set-cookie");
    assert_eq!(cookies.len(), 1, "{start}");
    let attributes: Vec<&str> = cookies[0].split(';').map(str::trim).collect();
    let value = attributes[0]
        .strip_prefix(format!("{}=", session_cookie_name(page.port)).as_str())
        .unwrap_or_else(|| panic!("{start}"));
    assert_eq!(value.len(), 32, "{start}");
    assert!(value.bytes().all(|byte| byte.is_ascii_hexdigit()));
    assert_ne!(value, token, "the session is not the URL's token");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(attributes.contains(&attribute), "{attribute}: {start}");
    }
    page.session = Some(value.to_owned());
    let desk = page.desk();
    assert!(desk.contains("id=\"screen-card\""), "{desk}");
    // Spent: a second browser gets nothing with the same URL, nor without a cookie.
    let second = Req::new("GET", &format!("/start?token={token}")).set("Host", Some(&page.host()));
    refused(&page.send(&second), 403, "the token a second time");
    let no_cookie = Req::new("GET", "/").set("Host", Some(&page.host()));
    refused(&page.send(&no_cookie), 403, "the desk without the cookie");
    // Nor does the first browser get a second session.
    refused(
        &page.send(&page.get(&format!("/start?token={token}"))),
        403,
        "the token again with the session",
    );
}

#[test]
fn without_the_session_cookie_nothing_is_served() {
    let mut page = Page::start(&Profile::default());
    page.login();
    let session = page.session.clone().unwrap();
    let pin_form = form(&[("csrf", page.csrf()), ("current", "9999")]);
    let requests = [
        Req::new("GET", "/"),
        Req::new("GET", "/events"),
        Req::new("GET", "/audit"),
        Req::new("GET", "/print"),
        Req::new("GET", "/assets/app.js"),
        Req::new("GET", "/assets/app.css"),
        Req::new("POST", "/pin")
            .set("Origin", Some(&page.origin()))
            .set("Content-Type", Some("application/x-www-form-urlencoded"))
            .body(pin_form.clone()),
        Req::new("POST", "/cancel")
            .set("Origin", Some(&page.origin()))
            .body(form(&[("csrf", page.csrf())])),
    ];
    let name = session_cookie_name(page.port);
    let cookies = [
        None,
        Some(format!("{name}={}", altered(&session))),
        Some(format!("{name}={}", &session[..31])),
        Some(format!("{name}=")),
        Some(format!("other={session}")),
        Some(format!("x{name}={session}")),
        // Another page's (another port's) name: two counter pages on one PC stay apart.
        Some(format!(
            "mynapin_session_{}={session}",
            page.port.wrapping_add(1)
        )),
        Some(format!("mynapin_session={session}")),
        // Twice: which one a browser meant is unknowable, so neither counts.
        Some(format!("{name}={session}; {name}={}", altered(&session))),
        // The URL's token is not a session.
        Some(format!("{name}={}", page.token)),
    ];
    for request in &requests {
        let request = request.clone().set("Host", Some(&page.host()));
        for cookie in &cookies {
            let answer = page.send(&request.clone().set("Cookie", cookie.as_deref()));
            let what = format!("{} {} with {cookie:?}", request.method, request.target);
            assert_eq!(answer.status, 403, "{what}:\n{answer}");
            assert!(!answer.body.contains("screen-"), "{what}:\n{answer}");
            assert!(!answer.body.contains(page.csrf()), "{what}:\n{answer}");
            assert!(!answer.body.contains("function"), "{what}: the script");
        }
        // The same request with the session is served (the check can fail). /events is a
        // stream that does not end: its head is enough.
        let request = request.clone().set("Cookie", Some(&page.cookie()));
        if request.target == "/events" {
            let head = head_only(page.port, &request);
            assert_eq!(head.status, 200, "{head}");
            assert_eq!(
                head.header("content-type"),
                Some("text/event-stream"),
                "{head}"
            );
            continue;
        }
        let answer = page.send(&request);
        assert!(
            [200, 303].contains(&answer.status),
            "{} {} with the session:\n{answer}",
            request.method,
            request.target
        );
    }
    assert_eq!(page.left(PinKind::Auth), 3);
    assert!(page.verify_records().is_empty());
}

#[test]
fn a_forged_host_is_refused_even_with_the_session() {
    let mut page = Page::start(&Profile::default());
    page.login();
    let port = page.port;
    let other = if port == u16::MAX { port - 1 } else { port + 1 };
    let hosts = [
        Some(format!("evil.example:{port}")),
        Some(format!("127.0.0.1:{other}")),
        Some(format!("localhost:{other}")),
        Some("127.0.0.1".to_owned()),
        Some("localhost".to_owned()),
        Some(format!("127.0.0.1.evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("evil.example:{port}:{port}")),
        Some(format!("127.0.0.1:{port}.evil.example")),
        Some(format!("127.0.0.1:0{port}")),
        Some(format!("[::1]:{port}")),
        Some(format!("127.0.0.2:{port}")),
        Some(format!("0.0.0.0:{port}")),
        Some(String::new()),
        None,
    ];
    let requests = [
        page.get("/"),
        page.get("/audit"),
        page.get("/assets/app.js"),
        page.post("/lang", &[("lang", "ja")]),
        page.post("/cancel", &[]),
    ];
    for request in &requests {
        for host in &hosts {
            let answer = page.send(&request.clone().set("Host", host.as_deref()));
            let what = format!("{} {} with Host {host:?}", request.method, request.target);
            assert_eq!(answer.status, 421, "{what}:\n{answer}");
            assert!(!answer.body.contains("screen-"), "{what}:\n{answer}");
            assert!(!answer.body.contains(page.csrf()), "{what}:\n{answer}");
        }
        // Two Host headers, one of them right: refused too.
        let twice = request
            .clone()
            .set("Host", Some(&format!("evil.example:{port}")))
            .add("Host", &page.host());
        let answer = page.send(&twice);
        assert_eq!(answer.status, 421, "two Hosts:\n{answer}");
    }
    // None of the POSTs was done: the language is still English.
    assert!(page.desk().contains("<html lang=\"en\""));
    // The page's own names, in any case, are served (the check can fail).
    for host in [format!("localhost:{port}"), format!("LocalHost:{port}")] {
        let answer = page.send(&page.get("/").set("Host", Some(&host)));
        assert_eq!(answer.status, 200, "{host}:\n{answer}");
    }
    let answer = page.send(&page.post("/lang", &[("lang", "ja")]));
    assert_eq!(answer.status, 303, "{answer}");
    assert!(page.desk().contains("<html lang=\"ja\""));
}

#[test]
fn a_post_needs_the_pages_origin_and_its_form_token() {
    let mut page = Page::start(&Profile::default());
    page.login();
    let port = page.port;
    let csrf = page.csrf().to_owned();
    let session = page.session.clone().unwrap();
    let lang_ja = page.post("/lang", &[("lang", "ja")]);
    let mut refused: Vec<(String, Req)> = Vec::new();
    for origin in [
        None,
        Some("http://evil.example".to_owned()),
        Some(format!("http://evil.example:{port}")),
        Some("null".to_owned()),
        Some(String::new()),
        Some(format!("https://127.0.0.1:{port}")),
        Some(format!("http://127.0.0.1:{}", port.wrapping_add(1))),
        Some(format!("http://127.0.0.1:{port}/")),
        Some(format!("http://127.0.0.1:{port}.evil.example")),
        Some(format!("http://localhost.evil.example:{port}")),
        Some(format!("127.0.0.1:{port}")),
    ] {
        refused.push((
            format!("Origin {origin:?}"),
            lang_ja.clone().set("Origin", origin.as_deref()),
        ));
    }
    refused.push((
        "two Origins, one right".into(),
        lang_ja
            .clone()
            .set("Origin", Some("http://evil.example"))
            .add("Origin", &page.origin()),
    ));
    // The page's Origin, but not its form token.
    let with_body = |body: String| lang_ja.clone().body(body);
    for (what, body) in [
        ("no csrf", form(&[("lang", "ja")])),
        (
            "a wrong csrf",
            form(&[("csrf", &altered(&csrf)), ("lang", "ja")]),
        ),
        ("an empty csrf", form(&[("csrf", ""), ("lang", "ja")])),
        (
            "a short csrf",
            form(&[("csrf", &csrf[..31]), ("lang", "ja")]),
        ),
        (
            "the csrf in uppercase",
            form(&[("csrf", &csrf.to_uppercase()), ("lang", "ja")]),
        ),
        (
            "the session as csrf",
            form(&[("csrf", &session), ("lang", "ja")]),
        ),
        (
            "the URL token as csrf",
            form(&[("csrf", &page.token), ("lang", "ja")]),
        ),
        (
            "a wrong csrf before the right one",
            form(&[("csrf", &altered(&csrf)), ("csrf", &csrf), ("lang", "ja")]),
        ),
        (
            "a field named like csrf",
            form(&[("csrf ", &csrf), ("lang", "ja")]),
        ),
    ] {
        if what == "the csrf in uppercase" && !csrf.bytes().any(|byte| byte.is_ascii_alphabetic()) {
            continue;
        }
        refused.push((what.to_owned(), with_body(body)));
    }
    // The token in the URL instead of the form.
    let mut in_url = with_body(form(&[("lang", "ja")]));
    in_url.target = format!("/lang?csrf={csrf}");
    refused.push(("the csrf in the URL".into(), in_url));
    for (what, request) in &refused {
        let answer = page.send(request);
        assert_eq!(answer.status, 403, "{what}:\n{answer}");
        assert!(!answer.body.contains("screen-"), "{what}:\n{answer}");
        let desk = page.desk();
        assert!(desk.contains("<html lang=\"en\""), "{what} was done");
    }
    // The page's own Origin (either name) and form token: done (the checks can fail).
    let localhost = lang_ja
        .clone()
        .set("Origin", Some(&format!("http://localhost:{port}")));
    let answer = page.send(&localhost);
    assert_eq!(answer.status, 303, "{answer}");
    assert!(page.desk().contains("<html lang=\"ja\""));
    let answer = page.send(&page.post("/lang", &[("lang", "en")]));
    assert_eq!(answer.status, 303, "{answer}");
    assert!(page.desk().contains("<html lang=\"en\""));
}

#[test]
fn an_oversized_or_malformed_body_is_refused() {
    let mut page = Page::start(&Profile::default());
    page.login();
    let ja = page.post("/lang", &[("lang", "ja")]);
    let padded = |length: usize| {
        let mut body = ja.body.clone();
        body.extend_from_slice(b"&pad=");
        body.resize(length, b'x');
        body
    };
    let mut chunked = ja.clone().body(padded(MAX_BODY + 1000));
    chunked.chunked = true;
    let refused = [
        (
            "one byte too many",
            ja.clone().body(padded(MAX_BODY + 1)),
            413,
        ),
        ("a large body", ja.clone().body(padded(64 * 1024)), 413),
        ("a large chunked body", chunked, 413),
        (
            // Refused once the limit is passed, without waiting for the rest announced.
            "a huge announced length",
            ja.clone()
                .body(padded(MAX_BODY + 1000))
                .set("Content-Length", Some("1000000000")),
            413,
        ),
        (
            "a bad escape",
            ja.clone().body([ja.body.as_slice(), b"&x=%zz"].concat()),
            400,
        ),
        (
            "an escape cut short",
            ja.clone().body([ja.body.as_slice(), b"&x=%4"].concat()),
            400,
        ),
        (
            "an escape that is not UTF-8",
            ja.clone().body([ja.body.as_slice(), b"&x=%ff"].concat()),
            400,
        ),
        (
            "a byte that is not UTF-8",
            ja.clone().body([ja.body.as_slice(), b"&x=\xff"].concat()),
            400,
        ),
        (
            "a name that is not UTF-8",
            ja.clone().body([ja.body.as_slice(), b"&%C3%28=1"].concat()),
            400,
        ),
        (
            "too many fields",
            ja.clone()
                .body([ja.body.as_slice(), "&a=1".repeat(64).as_bytes()].concat()),
            400,
        ),
    ];
    for (what, request, status) in &refused {
        let started = Instant::now();
        let answer = page.send(request);
        assert_eq!(answer.status, *status, "{what}:\n{answer}");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{what}: {:?}",
            started.elapsed()
        );
        assert!(!answer.body.contains("screen-"), "{what}:\n{answer}");
        assert!(page.desk().contains("<html lang=\"en\""), "{what} was done");
    }
    // A body of exactly the limit is a form (the limit can fail).
    let answer = page.send(&ja.clone().body(padded(MAX_BODY)));
    assert_eq!(answer.status, 303, "{answer}");
    assert!(page.desk().contains("<html lang=\"ja\""));
}

#[test]
fn every_answer_carries_the_security_headers() {
    let policy = csp();
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} not in {policy}");
    }
    assert!(!policy.contains("unsafe"), "{policy}");
    let mut page = Page::start(&Profile::default());
    let wrong = page.get(&format!("/start?token={}", altered(&page.token)));
    let no_session_yet = page.send(&wrong);
    let start = page.send(&page.get(&format!("/start?token={}", page.token)));
    page.login_from(&start);
    let ja = page.post("/lang", &[("lang", "en")]);
    let answers = [
        ("200 the desk", page.send(&page.get("/")), 200),
        (
            "200 the script",
            page.send(&page.get("/assets/app.js")),
            200,
        ),
        ("200 the audit", page.send(&page.get("/audit")), 200),
        ("303 the token", start, 303),
        ("303 a form", page.send(&page.post("/cancel", &[])), 303),
        ("403 a wrong token", no_session_yet, 403),
        (
            "403 no session",
            page.send(&page.get("/").set("Cookie", None)),
            403,
        ),
        (
            "403 no form token",
            page.send(&ja.clone().body("lang=en")),
            403,
        ),
        (
            "421 a forged Host",
            page.send(&page.get("/").set("Host", Some("evil.example"))),
            421,
        ),
        (
            "413 too large",
            page.send(&ja.clone().body(vec![b'a'; MAX_BODY + 1])),
            413,
        ),
        (
            "400 not a form",
            page.send(&ja.clone().body(format!("csrf={}&x=%zz", page.csrf()))),
            400,
        ),
        (
            "405 a GET of a form's route",
            page.send(&page.get("/pin?current=1234")),
            405,
        ),
        ("404 no such page", page.send(&page.get("/nothing")), 404),
    ];
    for (what, answer, status) in &answers {
        assert_eq!(answer.status, *status, "{what}:\n{answer}");
        for (name, value) in [
            ("content-security-policy", policy),
            ("cache-control", "no-store"),
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "same-origin"),
            ("x-frame-options", "DENY"),
        ] {
            assert_eq!(answer.header(name), Some(value), "{what}: {name}\n{answer}");
        }
    }
}

// ------------------------------------------------------------------------------------
// Behind the guard: the card.

#[test]
fn no_refused_request_reaches_the_card() {
    let mut page = Page::start(&Profile::default());
    page.login();
    page.choose("verify:auth");
    let wrong = page.post("/pin", &[("current", "9999")]);
    let port = page.port;
    let mut oversized = wrong.clone();
    oversized.body.extend_from_slice(b"&pad=");
    oversized.body.resize(MAX_BODY + 1, b'x');
    let mut in_url = page.post("/pin", &[]);
    in_url.target = "/pin?current=9999".into();
    let refused: Vec<(&str, Req, &[u16])> = vec![
        ("no cookie", wrong.clone().set("Cookie", None), &[403]),
        (
            "a wrong cookie",
            wrong.clone().set(
                "Cookie",
                Some(&format!(
                    "{}={}",
                    session_cookie_name(page.port),
                    altered(page.session.as_deref().unwrap())
                )),
            ),
            &[403],
        ),
        (
            "a forged Host",
            wrong
                .clone()
                .set("Host", Some(&format!("evil.example:{port}"))),
            &[421],
        ),
        (
            "another port",
            wrong
                .clone()
                .set("Host", Some(&format!("127.0.0.1:{}", port.wrapping_add(1)))),
            &[421],
        ),
        ("no Host", wrong.clone().set("Host", None), &[421]),
        ("no Origin", wrong.clone().set("Origin", None), &[403]),
        (
            "a hostile Origin",
            wrong.clone().set("Origin", Some("http://evil.example")),
            &[403],
        ),
        (
            "Origin null",
            wrong.clone().set("Origin", Some("null")),
            &[403],
        ),
        (
            "no csrf",
            wrong.clone().body(form(&[("current", "9999")])),
            &[403],
        ),
        (
            "a wrong csrf",
            wrong.clone().body(form(&[
                ("csrf", &altered(page.csrf())),
                ("current", "9999"),
            ])),
            &[403],
        ),
        ("a body over the limit", oversized, &[413]),
        (
            "a malformed body",
            wrong
                .clone()
                .body([wrong.body.as_slice(), b"&x=%zz"].concat()),
            &[400],
        ),
        (
            "a GET with the PIN in the URL",
            page.get(&format!("/pin?csrf={}&current=9999", page.csrf())),
            &[405],
        ),
        // The PIN in the URL of a proper POST is not read: the form has no PIN.
        ("the PIN in a POST's URL", in_url, &[303]),
    ];
    for (what, request, statuses) in &refused {
        let answer = page.send(request);
        assert!(statuses.contains(&answer.status), "{what}:\n{answer}");
        assert_eq!(page.left(PinKind::Auth), 3, "{what}: a try was spent");
        assert!(
            page.verify_records().is_empty(),
            "{what}: recorded {:?}",
            page.records()
        );
        let desk = page.desk();
        assert_eq!(screen(&desk), "screen-pin", "{what}:\n{desk}");
    }
    // The same wrong PIN, sent properly, does reach the card (the checks above can fail).
    let answer = page.send(&wrong);
    assert_eq!(answer.status, 303, "{answer}");
    assert_eq!(page.left(PinKind::Auth), 2);
    let records = page.verify_records();
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0]["outcome"], "failed", "{}", records[0]);
    assert_eq!(records[0]["error"], "wrong-pin", "{}", records[0]);
    let desk = page.desk();
    assert_eq!(screen(&desk), "screen-result", "{desk}");
    assert!(desk.contains("data-ending=\"failed\""), "{desk}");
}

/// Sends `request` `n` times at once (threads released together), and returns the answers.
fn at_once(page: &Page, request: &Req, n: usize) -> Vec<Answer> {
    let barrier = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            let request = request.clone();
            let port = page.port;
            std::thread::spawn(move || {
                barrier.wait();
                exchange(port, &request)
            })
        })
        .collect();
    threads
        .into_iter()
        .map(|thread| thread.join().unwrap())
        .collect()
}

#[test]
fn concurrent_submissions_spend_one_try_per_procedure_and_busy_ones_nothing() {
    const AT_ONCE: usize = 8;
    let mut page = Page::start(&Profile::default());
    page.login();
    // What the code guarantees: the card work of a submission holds the card lock; another
    // submission meanwhile is answered 409 (the busy screen) and does nothing; once the
    // work is done the desk is on the result screen, where a PIN form is ignored (303, no
    // card work). So each chosen procedure is done exactly once, however many submissions
    // race: one try is spent per wrong submission round, one record written per round.
    let mut busy = 0;
    let mut rounds = 0;
    // Two rounds with a wrong PIN (3 → 2 → 1), then rounds with the right one (the counter
    // full again) until a busy answer was seen, so that "busy did nothing" was tested. The
    // staff's "last try" box is ticked in every submission: at 1 try left it lets the
    // submission through, and otherwise changes nothing.
    for round in 0..20 {
        let wrong = round < 2;
        let pin = if wrong { "9999" } else { "1234" };
        page.choose("verify:auth");
        let before = page.left(PinKind::Auth);
        let records_before = page.verify_records().len();
        let submission = page.post("/pin", &[("current", pin), ("last_try", "yes")]);
        let answers = at_once(&page, &submission, AT_ONCE);
        let statuses: Vec<u16> = answers.iter().map(|answer| answer.status).collect();
        for answer in &answers {
            match answer.status {
                303 => assert_eq!(answer.header("location"), Some("/"), "{answer}"),
                409 => {
                    busy += 1;
                    assert!(answer.body.contains("id=\"screen-busy\""), "{answer}");
                }
                _ => panic!("round {round}: neither done nor busy:\n{answer}"),
            }
        }
        assert!(
            statuses.contains(&303),
            "round {round}: every submission was busy"
        );
        let expected = if wrong { before - 1 } else { 3 };
        assert_eq!(
            page.left(PinKind::Auth),
            expected,
            "round {round}: {statuses:?}"
        );
        let records = page.verify_records();
        assert_eq!(
            records.len(),
            records_before + 1,
            "round {round}: {statuses:?} {records:?}"
        );
        let outcome = if wrong { "failed" } else { "ok" };
        assert_eq!(records.last().unwrap()["outcome"], outcome);
        let desk = page.desk();
        assert_eq!(screen(&desk), "screen-result", "{desk}");
        let ending = if wrong { "failed" } else { "done" };
        assert!(
            desk.contains(&format!("data-ending=\"{ending}\"")),
            "{desk}"
        );
        let cancelled = page.send(&page.post("/cancel", &[]));
        assert_eq!(cancelled.status, 303, "{cancelled}");
        rounds = round + 1;
        if !wrong && busy > 0 {
            break;
        }
    }
    eprintln!("{rounds} rounds of {AT_ONCE} submissions at once: {busy} busy answers");
    assert!(
        busy > 0,
        "{rounds} rounds of {AT_ONCE} submissions at once and never a busy answer"
    );
    // The right PIN filled the counter again.
    assert_eq!(page.left(PinKind::Auth), 3);
}

// ------------------------------------------------------------------------------------
// PINs.

/// Whether `text` contains `pin`: a number PIN as a whole number (not part of a longer
/// one), a password PIN in any case.
fn shows(text: &str, pin: &str) -> bool {
    if pin.bytes().all(|byte| byte.is_ascii_digit()) {
        text.match_indices(pin).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + pin.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit())
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
    } else {
        text.to_ascii_lowercase()
            .contains(&pin.to_ascii_lowercase())
    }
}

#[test]
fn no_pin_in_a_url_an_answer_the_output_or_the_audit_log() {
    const AUTH: &str = "4826";
    const NEW_AUTH: &str = "7391";
    const WRONG: &str = "8052";
    const MISTYPED: &str = "6194";
    const SIGN: &str = "QZ7391XK";
    const NEW_SIGN: &str = "MK6194PL";
    let mut page = Page::start(&Page::profile_with(AUTH, SIGN));
    page.login();
    let done = |page: &Page, ending: &str| {
        let desk = page.desk();
        assert_eq!(screen(&desk), "screen-result", "{desk}");
        assert!(
            desk.contains(&format!("data-ending=\"{ending}\"")),
            "{desk}"
        );
        let finished = page.send(&page.post("/cancel", &[]));
        assert_eq!(finished.status, 303, "{finished}");
    };
    // A wrong PIN.
    page.choose("verify:auth");
    page.send(&page.post("/pin", &[("current", WRONG)]));
    done(&page, "failed");
    // A change whose new value was mistyped the second time: the form comes back with an
    // error and nothing typed in it; then the change.
    page.choose("change:auth");
    let form_pin = page.desk();
    assert!(
        form_pin.contains("<form id=\"form-pin\" method=\"post\" action=\"/pin\""),
        "{form_pin}"
    );
    let answer = page.send(&page.post(
        "/pin",
        &[("current", AUTH), ("new", NEW_AUTH), ("again", MISTYPED)],
    ));
    assert_eq!(answer.status, 303, "{answer}");
    let desk = page.desk();
    assert_eq!(screen(&desk), "screen-pin", "{desk}");
    assert!(desk.contains("aria-invalid"), "no error shown:\n{desk}");
    page.send(&page.post(
        "/pin",
        &[("current", AUTH), ("new", NEW_AUTH), ("again", NEW_AUTH)],
    ));
    done(&page, "done");
    // The signature password changed, and the new auth PIN verified.
    page.choose("change:sign");
    page.send(&page.post(
        "/pin",
        &[("current", SIGN), ("new", NEW_SIGN), ("again", NEW_SIGN)],
    ));
    done(&page, "done");
    page.choose("verify:auth");
    page.send(&page.post("/pin", &[("current", NEW_AUTH)]));
    done(&page, "done");
    let audit = page.send(&page.get("/audit"));
    assert_eq!(audit.status, 200, "{audit}");
    assert!(audit.body.contains("id=\"screen-audit\""), "{audit}");
    page.send(&page.get("/print"));
    // The flows did what they were asked (the search below looks where PINs went).
    let card = Profile::load(&page.card).unwrap();
    assert_eq!(card.pins.auth.value, NEW_AUTH);
    assert_eq!(card.pins.sign.value, NEW_SIGN);
    let records = page.records();
    assert_eq!(records.len(), 4, "{records:?}");
    let status = page.stop();
    assert!(status.is_some_and(|status| status.success()), "{status:?}");

    // Where a PIN could go: every answer (status line, headers, body), the server's stdout
    // and stderr, the audit log. The random secrets, the folder's name and the port are
    // blanked first (hex or digits could spell four digits by chance), and the records'
    // hashes left out for the same reason.
    let secrets = [
        page.token.clone(),
        page.session.clone().unwrap(),
        page.csrf().to_owned(),
        page.dir.path().display().to_string(),
        page.port.to_string(),
    ];
    let blank = |text: &str| {
        secrets.iter().fold(text.to_owned(), |text, secret| {
            text.replace(secret, "<blanked>")
        })
    };
    let mut places: Vec<(String, String)> = page
        .seen
        .lock()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(index, answer)| (format!("answer {index}"), blank(&answer.raw)))
        .collect();
    places.push(("the output".into(), blank(&page.output.lock().unwrap())));
    for (index, mut record) in records.into_iter().enumerate() {
        let object = record.as_object_mut().unwrap();
        object.remove("prev");
        object.remove("intact_prev");
        places.push((format!("audit record {index}"), blank(&record.to_string())));
    }
    assert!(places.len() > 20, "{} places", places.len());
    for (place, text) in &places {
        for pin in [AUTH, NEW_AUTH, WRONG, MISTYPED, SIGN, NEW_SIGN] {
            assert!(!shows(text, pin), "{pin} in {place}:\n{text}");
        }
    }
    // The search finds a PIN where there is one.
    assert!(shows("current=4826&x", AUTH) && shows("qz7391xk", SIGN));
    assert!(!shows("14826", AUTH) && !shows("48260", AUTH));
}

// ------------------------------------------------------------------------------------
// What the audit log says of an issuer reset.

#[test]
fn an_issuer_reset_that_only_a_failed_confirmation_could_prove_is_recorded_unproven() {
    const AUTH: &str = "4826";
    const WRONG: &str = "8052";
    let mut page = Page::start(&Page::profile_with(AUTH, "QZ7391XK"));
    page.login();
    // auth is full: a reset leaves it full, so only the confirmation can prove it.
    page.choose("reset:auth");
    page.send(&page.post("/pin", &[]));
    page.wait_for("id=\"screen-handover\"");
    // The card taken to the J-LIS equipment and brought back (no reset done there).
    page.send(&page.post("/training", &[("action", "remove")]));
    page.send(&page.post("/training", &[("action", "insert")]));
    page.wait_for("data-ending=\"confirm\"");
    assert!(page.records().is_empty(), "{:?}", page.records());
    page.send(&page.post("/pin", &[("current", WRONG)]));
    page.wait_for("data-ending=\"failed\"");
    let records = page.records();
    let summary: Vec<(Value, Value, Value)> = records
        .iter()
        .map(|r| {
            (
                r["procedure"].clone(),
                r["outcome"].clone(),
                r["error"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("reset".into(), "unproven".into(), "wrong-pin".into()),
            ("verify".into(), "failed".into(), "wrong-pin".into()),
        ],
        "{records:?}"
    );
    assert_eq!(records[0]["authority"], "issuer");
    assert_eq!(records[0]["before"]["left"], 3, "{}", records[0]);
}

// ------------------------------------------------------------------------------------
// Stopping.

#[test]
fn the_server_stops_on_sigterm_while_the_page_is_open() {
    let mut page = Page::start(&Profile::default());
    page.login();
    // The page's script keeps /events open as long as the page is shown.
    let (events, _open) = open_stream(page.port, &page.get("/events"));
    assert_eq!(events.status, 200, "{events}");
    let started = Instant::now();
    let status = page.stop();
    assert!(
        status.is_some_and(|status| status.success()),
        "not stopped by SIGTERM within 10 s with the page open ({status:?}, {:?}):\n{}",
        started.elapsed(),
        page.output.lock().unwrap()
    );
}

#[test]
fn a_half_sent_request_does_not_hold_the_server_on_sigterm() {
    let mut page = Page::start(&Profile::default());
    page.login();
    // Any program on the workstation can open a connection and send half a request; the
    // clerk's browser can stall in the middle of a form. Neither keeps the server running
    // once it is told to stop (it gives open connections a few seconds).
    let mut half_head = TcpStream::connect(("127.0.0.1", page.port)).unwrap();
    half_head
        .write_all(format!("GET / HTTP/1.1\r\nHost: {}\r\n", page.host()).as_bytes())
        .unwrap();
    let mut half_body = TcpStream::connect(("127.0.0.1", page.port)).unwrap();
    let mut upload = page.post("/lang", &[("lang", "ja")]).bytes();
    upload.truncate(upload.len() - 3);
    half_body.write_all(&upload).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let status = page.stop_within(Duration::from_secs(20));
    assert!(
        status.is_some_and(|status| status.success()),
        "not stopped by SIGTERM within 20 s with half-sent requests ({status:?}, {:?}):\n{}",
        started.elapsed(),
        page.output.lock().unwrap()
    );
    drop((half_head, half_body));
}

/// The browser is opened with the path of a page only this user can read (0600 in a 0700
/// folder) that forwards to the URL: the one-use token never appears in a program's
/// arguments, which every user of the PC can read. The folder is removed at the end.
#[test]
fn the_browser_gets_a_private_page_not_the_token_in_its_arguments() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    // A stand-in xdg-open: notes its arguments and the page it was given.
    let opener = bin.join("xdg-open");
    let noted = dir.path().join("noted");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > {0}.args\nstat -c '%a' \"$1\" > {0}.mode\nstat -c '%a' \"$(dirname \"$1\")\" > {0}.folder\ncat \"$1\" > {0}.page\n",
            noted.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    for tool in ["sh", "printf", "stat", "dirname", "cat"] {
        if let Ok(found) = which(tool) {
            let _ = symlink(found, bin.join(tool));
        }
    }
    let profile = dir.path().join("card.toml");
    Profile::default().save_atomically(&profile).unwrap();
    let mut child = Command::new(BIN)
        .args([
            &format!("--simulated={}", profile.display()),
            "--audit-log",
            dir.path().join("audit.jsonl").to_str().unwrap(),
            "counter",
        ])
        .env("XDG_STATE_HOME", crate::audit::state_home())
        .env("DISPLAY", ":99")
        .env("PATH", &bin)
        .env("TMPDIR", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_owned();
    let token = url.split("token=").nth(1).unwrap().to_owned();
    let started = Instant::now();
    while !PathBuf::from(format!("{}.page", noted.display())).exists() {
        assert!(started.elapsed() < PATIENCE, "xdg-open was never run");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(200));
    let read =
        |suffix: &str| std::fs::read_to_string(format!("{}.{suffix}", noted.display())).unwrap();
    let args = read("args");
    assert!(
        !args.contains(&token),
        "the token is in xdg-open's arguments: {args}"
    );
    assert!(args.trim().ends_with("open.html"), "{args}");
    assert_eq!(read("mode").trim(), "600");
    assert_eq!(read("folder").trim(), "700");
    assert!(read("page").contains(&url), "the page forwards to the URL");
    let folder = PathBuf::from(args.trim()).parent().unwrap().to_owned();
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(!folder.exists(), "the private folder is removed at the end");
}

/// Where a tool is on the machine's PATH.
fn which(tool: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .ok_or(())?
        .to_string_lossy()
        .split(':')
        .map(|dir| PathBuf::from(dir).join(tool))
        .find(|path| path.is_file())
        .ok_or(())
}
