//! The counter page in a real browser (headless Chromium through WebDriver, `browser.rs`),
//! against the simulated card, and once through pcscd with `mynapin sim serve`: the whole
//! change flow, a wrong PIN, the last-try confirmation, a reset refused until the documents
//! are there, a proxy's application visit that stops before the card, the card removed
//! mid-flow, the idle timeout, the busy answer, and the English screens. Every screen a test
//! visits is saved as a screenshot (`target/screenshots/<test>/`) and checked with axe-core
//! (WCAG 2.1 A and AA rules: zero violations).
//!
//! They need Chromium, chromedriver, the Noto CJK fonts and axe-core (`.ci/setup`), so they
//! are `#[ignore]`d; `.ci/test` runs them. The test through pcscd needs pcscd and vpcd too.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use mynapin::sim::Profile;
use serde_json::Value;

use crate::browser::Browser;
use crate::page_server::PageServer;

/// How long a screen may take to appear (a loaded CI machine).
const SCREEN: Duration = Duration::from_secs(30);

/// Opens the page with its one-use URL and waits for the card screen with the PINs read.
fn open(browser: &Browser, page: &PageServer) {
    browser.goto(&page.url);
    browser.wait_for("#screen-card table.pins", SCREEN);
}

/// Saves a screenshot of the screen and checks it with axe-core.
fn visit(browser: &Browser, test: &str, step: &str) {
    browser.screenshot(test, step);
    browser.assert_accessible(&format!("{test}: {step}"));
}

/// Clicks a submit button and waits for the screen that follows.
fn submit(browser: &Browser, button: &str, next: &str) {
    browser.click(button);
    browser.wait_for(next, SCREEN);
}

/// The default card with a change.
fn card(edit: impl FnOnce(&mut Profile)) -> Profile {
    let mut card = Profile::default();
    edit(&mut card);
    card
}

/// The `data-ending` of the result screen.
fn ending(browser: &Browser) -> String {
    let value = browser.execute(
        "return document.querySelector('[data-ending]').getAttribute('data-ending');",
        Vec::new(),
    );
    value.as_str().unwrap_or_default().to_owned()
}

/// An attribute of the first element matching `css`.
fn attribute(browser: &Browser, css: &str, name: &str) -> Option<String> {
    let script = "var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;";
    match browser.execute(script, vec![Value::from(css), Value::from(name)]) {
        Value::String(text) => Some(text),
        _ => None,
    }
}

/// Whether an element matching `css` is on the page.
fn present(browser: &Browser, css: &str) -> bool {
    browser.execute(
        "return document.querySelector(arguments[0]) !== null;",
        vec![Value::from(css)],
    ) == Value::Bool(true)
}

/// Ticks every checkbox of the documents checklist.
fn tick_every_document(browser: &Browser) {
    for checkbox in browser.find_all("#form-documents input[type=checkbox]") {
        browser.block_on(checkbox.click()).unwrap();
    }
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn the_whole_change_flow_in_japanese_with_the_counter_rules() {
    const TEST: &str = "page_browser_change_flow";
    let page = PageServer::simulated(&Profile::default(), &["--counter"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    assert_eq!(attribute(&browser, "html", "lang").as_deref(), Some("ja"));
    assert!(browser.text("#pin-auth").contains("残り 3/3 回"));
    assert_eq!(
        attribute(&browser, "ol.steps li[aria-current=step]", "aria-current").as_deref(),
        Some("step")
    );
    visit(&browser, TEST, "card");

    submit(&browser, "#pick-change-auth", "#screen-applicant");
    browser.click("#applicant-self");
    submit(&browser, "#submit-applicant", "#form-documents");
    visit(&browser, TEST, "applicant");
    tick_every_document(&browser);
    submit(&browser, "#submit-documents", "#screen-pin");
    visit(&browser, TEST, "pin");

    browser.fill("#current", "1234");
    browser.fill("#new", "48");
    assert_eq!(browser.text("#live-new"), "形式が違います");
    assert_eq!(
        attribute(&browser, "#new", "aria-invalid").as_deref(),
        Some("true")
    );
    browser.fill("#new", "4826");
    assert_eq!(browser.text("#live-new"), "形式は正しいです");
    browser.fill("#again", "4826");
    assert_eq!(browser.text("#live-again"), "形式は正しいです");
    browser.screenshot(TEST, "pin-typed");
    submit(&browser, "#submit-pin", "#screen-result");
    assert_eq!(ending(&browser), "done", "{}", page.stderr());
    assert!(browser.text("#summary").contains("変更しました"));
    assert!(browser.text("#after-state").contains("残り 3/3 回"));
    visit(&browser, TEST, "result");
    assert_eq!(page.card().pins.auth.value, "4826");

    browser.goto(&format!("{}/audit", page.base()));
    browser.wait_for("#screen-audit", SCREEN);
    let records = browser.text("#screen-audit table");
    assert!(
        records.contains("変更") && records.contains("本人") && records.contains("完了"),
        "{records}"
    );
    assert!(browser.text("#chain").contains("問題ありません"));
    visit(&browser, TEST, "audit");
    let log = page.audit_lines().join("\n");
    assert!(log.contains("\"procedure\":\"change\"") && log.contains("\"applicant\":\"self\""));
    assert!(!log.contains("4826") && !log.contains("1234"), "{log}");
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_wrong_pin_and_then_the_last_try_needs_the_staffs_tick() {
    const TEST: &str = "page_browser_wrong_pin_last_try";
    let page = PageServer::simulated(&card(|card| card.pins.auth.tries_left = 2), &[], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-verify-auth", "#screen-pin");
    assert!(!present(&browser, "#last-try"));
    browser.fill("#current", "9999");
    submit(&browser, "#submit-pin", "#screen-result");
    assert_eq!(ending(&browser), "failed");
    assert!(browser.text("#after-state").contains("残り 1/3 回"));
    visit(&browser, TEST, "wrong-pin");
    assert_eq!(page.card().pins.auth.tries_left, 1);

    submit(&browser, "#finish", "#screen-card table.pins");
    submit(&browser, "#pick-verify-auth", "#screen-pin");
    // The last try is shown before anything is typed.
    assert!(present(&browser, "#last-try"));
    visit(&browser, TEST, "last-try");
    browser.fill("#current", "1234");
    submit(&browser, "#submit-pin", "#error-last_try");
    assert_eq!(
        attribute(&browser, "#last_try", "aria-describedby").as_deref(),
        Some("error-last_try")
    );
    visit(&browser, TEST, "last-try-not-ticked");
    assert_eq!(
        page.card().pins.auth.tries_left,
        1,
        "nothing reached the card"
    );

    browser.click("#last_try");
    browser.fill("#current", "1234");
    submit(&browser, "#submit-pin", "#screen-result");
    assert_eq!(ending(&browser), "done");
    assert_eq!(page.card().pins.auth.tries_left, 3);
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_reset_is_refused_until_the_documents_are_there_then_done() {
    const TEST: &str = "page_browser_reset_documents";
    let blocked = card(|card| card.pins.sign.tries_left = 0);
    let page = PageServer::simulated(&blocked, &["--counter"], &["--authority", "other-password"]);
    let browser = Browser::start();
    open(&browser, &page);
    assert!(browser.text("#pin-sign").contains("ロック中"));
    assert!(
        !present(&browser, "#pick-change-sign"),
        "a blocked PIN offers no change"
    );
    submit(&browser, "#pick-reset-sign", "#screen-applicant");
    browser.click("#applicant-self");
    submit(&browser, "#submit-applicant", "#form-documents");
    submit(&browser, "#submit-documents", "#missing");
    assert!(
        present(&browser, "#screen-applicant"),
        "still on the documents step"
    );
    assert_eq!(
        attribute(&browser, "#form-documents fieldset", "aria-describedby").as_deref(),
        Some("missing")
    );
    visit(&browser, TEST, "documents-missing");
    tick_every_document(&browser);
    submit(&browser, "#submit-documents", "#screen-pin");
    assert!(browser.text("#proof-state").contains("残り 3/3 回"));
    visit(&browser, TEST, "pin");
    browser.fill("#proof", "1234");
    browser.fill("#new", "qz7391xk");
    browser.fill("#again", "QZ7391XK");
    submit(&browser, "#submit-pin", "#screen-result");
    assert_eq!(ending(&browser), "done", "{}", browser.text("#summary"));
    visit(&browser, TEST, "result");
    let sign = page.card().pins.sign;
    assert_eq!((sign.value.as_str(), sign.tries_left), ("QZ7391XK", 5));
    let log = page.audit_lines().join("\n");
    assert!(log.contains("\"authority\":\"other-password\""), "{log}");
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_proxys_application_visit_stops_before_the_card() {
    const TEST: &str = "page_browser_proxy_application";
    let page = PageServer::simulated(&Profile::default(), &["--counter"], &[]);
    let before = page.card();
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-change-auth", "#screen-applicant");
    browser.click("#applicant-proxy");
    browser.click("#visit-application");
    submit(&browser, "#submit-applicant", "#form-documents");
    tick_every_document(&browser);
    visit(&browser, TEST, "checklist");
    submit(&browser, "#submit-documents", "#screen-ends-here");
    visit(&browser, TEST, "ends-here");
    browser.click("#print-link");
    browser.wait_for("#screen-print", SCREEN);
    visit(&browser, TEST, "print");
    assert_eq!(page.card(), before, "the card was not touched");
    let log = page.audit_lines().join("\n");
    assert!(log.contains("\"applicant\":\"proxy\""), "{log}");
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn the_card_pulled_mid_flow_clears_the_screen() {
    const TEST: &str = "page_browser_card_removed";
    let page = PageServer::simulated(&Profile::default(), &[], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-change-auth", "#screen-pin");
    browser.fill("#current", "12");
    submit(&browser, "#training-remove", "#screen-card .notice");
    assert!(!present(&browser, "#current"), "the typed field is gone");
    assert!(
        browser
            .text("#screen-card")
            .contains("カードをリーダーに置いてください")
    );
    visit(&browser, TEST, "removed");
    submit(&browser, "#training-insert", "#screen-card table.pins");
    assert!(
        !present(&browser, ".choice"),
        "nothing of the procedure is left"
    );
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn training_presets_put_cards_in_each_state_in_the_reader() {
    const TEST: &str = "page_browser_training_presets";
    let page = PageServer::simulated_default(&[], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    assert!(
        !present(&browser, "#training-preset"),
        "no other card while one is in the reader"
    );
    submit(&browser, "#training-remove", "#training-preset");
    visit(&browser, TEST, "choose-a-card");
    let state = |kind: &str| attribute(&browser, &format!("#pin-{kind} td.state"), "class");
    for (preset, kind, class) in [
        ("sign-blocked", "sign", "state-blocked"),
        ("auth-last-try", "auth", "state-last"),
        ("child-no-sign-pin", "sign", "state-none"),
        ("fresh", "sign", "state-ok"),
    ] {
        browser.execute(
            "document.querySelector('#training-preset').value = arguments[0];",
            vec![serde_json::json!(preset)],
        );
        submit(
            &browser,
            "#training-insert-preset",
            "#screen-card table.pins",
        );
        let got = state(kind).unwrap_or_default();
        assert!(got.contains(class), "{preset}: {kind} is {got:?}");
        if preset == "sign-blocked" {
            visit(&browser, TEST, "sign-blocked");
        }
        submit(&browser, "#training-remove", "#training-preset");
    }
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn the_idle_time_clears_the_screen_by_itself() {
    const TEST: &str = "page_browser_idle";
    let page = PageServer::simulated(&Profile::default(), &[], &["--idle", "5"]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-verify-auth", "#screen-pin");
    browser.fill("#current", "12");
    browser.screenshot(TEST, "typing");
    // Typing counted as activity once; then no click: the server clears the desk after the
    // idle time and its event reloads the page.
    browser.wait_for("#screen-card table.pins", SCREEN);
    assert!(!present(&browser, "#current"));
    visit(&browser, TEST, "cleared");
}

/// POSTs `body` to `path` with the browser's session cookie and the page's CSRF token,
/// over a raw connection; the status code.
fn post_beside(page: &crate::page_server::PageAddress, cookie: &str, body: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", page.port)).unwrap();
    let request = format!(
        "POST /pin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\nCookie: mynapin_session_{port}={cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len(),
        port = page.port
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0)
}

/// The browser's session cookie and the page's CSRF token, for a request made beside it.
fn session_of(browser: &Browser, page: &PageServer) -> (String, String) {
    let cookies = browser
        .block_on(browser.client().get_all_cookies())
        .unwrap();
    let cookie = cookies
        .iter()
        .find(|cookie| cookie.name() == format!("mynapin_session_{}", page.port))
        .map(|cookie| cookie.value().to_owned())
        .unwrap();
    let csrf = browser
        .execute(
            "return document.querySelector('input[name=csrf]').value;",
            Vec::new(),
        )
        .as_str()
        .unwrap()
        .to_owned();
    (cookie, csrf)
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_second_submission_while_the_card_works_gets_the_busy_screen() {
    const TEST: &str = "page_browser_busy";
    // The card takes 3 s to answer the first VERIFY with a PIN.
    let page = PageServer::simulated(&Profile::default(), &["--sim-fault", "slow:20"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-verify-auth", "#screen-pin");
    let (cookie, csrf) = session_of(&browser, &page);
    // The first submission (the slow one) from beside the browser…
    let first = {
        let port_page = page.clone_address();
        let body = format!("csrf={csrf}&current=1234");
        std::thread::spawn(move || post_beside(&port_page, &cookie, &body))
    };
    std::thread::sleep(Duration::from_millis(800));
    // …and the citizen's meanwhile: busy, and nothing of it reaches the card.
    browser.fill("#current", "9999");
    browser.click("#submit-pin");
    browser.wait_for("#screen-busy", SCREEN);
    visit(&browser, TEST, "busy");
    assert_eq!(first.join().unwrap(), 303);
    // When the card work ends, the busy screen reloads the desk: the first one's result.
    browser.wait_for("#screen-result", SCREEN);
    assert_eq!(ending(&browser), "done");
    assert_eq!(
        page.card().pins.auth.tries_left,
        3,
        "the wrong PIN was never sent"
    );
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn the_screens_in_english() {
    const TEST: &str = "page_browser_english";
    let page = PageServer::simulated(&Profile::default(), &["--counter"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(
        &browser,
        "button[name=lang][value=en]",
        "html[lang=en] #screen-card table.pins",
    );
    assert!(browser.text("h1").contains("The card and the procedure"));
    visit(&browser, TEST, "card");
    submit(&browser, "#pick-verify-sign", "#screen-applicant");
    browser.click("#applicant-self");
    submit(&browser, "#submit-applicant", "#form-documents");
    visit(&browser, TEST, "applicant");
    tick_every_document(&browser);
    submit(&browser, "#submit-documents", "#screen-pin");
    visit(&browser, TEST, "pin");
    browser.fill("#current", "ABCD1234");
    submit(&browser, "#submit-pin", "#screen-result");
    assert!(browser.text("#summary").contains("is correct"));
    visit(&browser, TEST, "result");
    // Back to Japanese on the result screen: the same result, in Japanese.
    submit(
        &browser,
        "button[name=lang][value=ja]",
        "html[lang=ja] #screen-result",
    );
    assert!(browser.text("#summary").contains("正しいです"));
}

#[cfg(feature = "pcsc")]
#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running, and Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them; .ci/test runs it)"]
fn through_pcscd_a_change_then_the_card_pulled() {
    use crate::e2e_cli::{InsertedCard, SLOT1_PORT};
    const TEST: &str = "page_browser_pcscd";
    let _pcscd = crate::common::lock();
    crate::common::require_pcscd();
    let inserted = InsertedCard::insert(SLOT1_PORT, &Profile::default(), None);
    let page = PageServer::on_reader("Virtual PCD 00 01", &[], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    assert!(
        !present(&browser, "#training-title"),
        "a real reader has no training controls"
    );
    visit(&browser, TEST, "card");
    submit(&browser, "#pick-change-auth", "#screen-pin");
    browser.fill("#current", "1234");
    browser.fill("#new", "4826");
    browser.fill("#again", "4826");
    submit(&browser, "#submit-pin", "#screen-result");
    assert_eq!(
        ending(&browser),
        "done",
        "{} {}",
        browser.text("#summary"),
        page.stderr()
    );
    visit(&browser, TEST, "result");
    let card = inserted.pull();
    assert_eq!(card.pins.auth.value, "4826");
    // pcscd tells the page the card is gone: back to step 1 without a click.
    browser.wait_for("#screen-card .notice", SCREEN);
    assert!(!present(&browser, ".choice"));
    visit(&browser, TEST, "pulled");
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn an_issuer_reset_hands_the_card_over_and_checks_it_when_back() {
    const TEST: &str = "page_browser_issuer";
    let blocked = card(|card| card.pins.auth.tries_left = 0);
    let page = PageServer::simulated(&blocked, &[], &["--authority", "issuer"]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-reset-auth", "#screen-pin");
    visit(&browser, TEST, "pin-issuer");
    submit(&browser, "#submit-pin", "#screen-handover");
    visit(&browser, TEST, "handover");
    // Taking the card away does not clear the desk during a hand-over.
    submit(&browser, "#training-remove", "#training-jlis");
    assert!(present(&browser, "#screen-handover"));
    visit(&browser, TEST, "handover-away");
    browser.fill("#value", "4826");
    submit(&browser, "#training-jlis", "#training-insert");
    submit(&browser, "#training-insert", "#screen-result");
    assert_eq!(ending(&browser), "done", "{}", browser.text("#summary"));
    assert!(browser.text("#summary").contains("初期化を確認しました"));
    visit(&browser, TEST, "checked");
    browser.fill("#current", "4826");
    submit(&browser, "#submit-pin", "#summary");
    browser.wait_for("#next", SCREEN);
    assert!(
        browser.text("#summary").contains("確認しました"),
        "{}",
        browser.text("#summary")
    );
    let log = page.audit_lines().join("\n");
    assert!(
        log.contains("\"authority\":\"issuer\"") && log.contains("\"procedure\":\"verify\""),
        "{log}"
    );
    assert_eq!(page.card().pins.auth.tries_left, 3);
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_lost_answer_gets_the_outcome_unknown_screen() {
    const TEST: &str = "page_browser_unknown";
    // The card executes the CHANGE REFERENCE DATA, and its answer is lost.
    let page = PageServer::simulated(&Profile::default(), &["--sim-fault", "lose-answer:24"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-change-auth", "#screen-pin");
    browser.fill("#current", "1234");
    browser.fill("#new", "4826");
    browser.fill("#again", "4826");
    submit(&browser, "#submit-pin", "#screen-unknown");
    assert_eq!(ending(&browser), "unknown");
    assert!(
        present(&browser, "#refresh"),
        "the only way on is reading the card again"
    );
    visit(&browser, TEST, "unknown");
    let log = page.audit_lines().join("\n");
    assert!(log.contains("\"outcome\":\"outcome-unknown\""), "{log}");
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn every_applicant_kind_gets_through_with_its_documents() {
    const TEST: &str = "page_browser_every_applicant";
    let page = PageServer::simulated(&Profile::default(), &["--counter"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    // Each applicant on another PIN: (applicant, visit, pick, the PIN's value).
    let visits = [
        ("self", None, "verify:auth", "1234"),
        ("household", None, "verify:sign", "ABCD1234"),
        ("legal-minor", None, "verify:text", "1234"),
        ("legal-ward", None, "verify:juki", "1234"),
        ("proxy", Some("completion"), "verify:auth", "1234"),
    ];
    // What the embedded rules (the seed city's) say decides what the page must do.
    let rules = mynapin::procedure::Rules::embedded().unwrap();
    let mut through = 0;
    for (applicant, visit_kind, pick, value) in visits {
        let (operation, kind) = pick.split_once(':').unwrap();
        let who = mynapin::procedure::Applicant::ALL
            .into_iter()
            .find(|who| who.name() == applicant)
            .unwrap();
        let visit = visit_kind.map(|_| mynapin::procedure::Visit::Completion);
        let accepted = mynapin::procedure::requirements(
            &rules,
            mynapin::procedure::Procedure::Change,
            who,
            visit,
        )
        .is_ok();
        submit(
            &browser,
            &format!("#pick-{operation}-{kind}"),
            "#screen-applicant",
        );
        browser.click(&format!("#applicant-{applicant}"));
        if let Some(visit_kind) = visit_kind {
            browser.click(&format!("#visit-{visit_kind}"));
        }
        browser.click("#submit-applicant");
        if !accepted {
            // The rules do not take this applicant: said, and no checklist to fill.
            browser.wait_for("#screen-applicant p.error", SCREEN);
            assert!(!present(&browser, "#form-documents"), "{applicant}");
            browser.screenshot(TEST, &format!("{applicant}-not-accepted"));
            submit(&browser, "#cancel", "#screen-card table.pins");
            continue;
        }
        browser.wait_for("#form-documents", SCREEN);
        tick_every_document(&browser);
        browser.screenshot(TEST, &format!("{applicant}-checklist"));
        submit(&browser, "#submit-documents", "#screen-pin");
        browser.fill("#current", value);
        submit(&browser, "#submit-pin", "#screen-result");
        assert_eq!(
            ending(&browser),
            "done",
            "{applicant}: {}",
            browser.text("#summary")
        );
        let log = page.audit_lines().join("\n");
        assert!(
            log.contains(&format!("\"applicant\":\"{applicant}\"")),
            "{applicant}: {log}"
        );
        submit(&browser, "#finish", "#screen-card table.pins");
        through += 1;
    }
    assert!(
        through >= 3,
        "the seed city accepts most applicants for a change"
    );
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_cancel_while_the_card_works_keeps_the_record_but_not_the_result() {
    const TEST: &str = "page_browser_cancel_during_work";
    let page = PageServer::simulated(&Profile::default(), &["--sim-fault", "slow:20"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-verify-auth", "#screen-pin");
    let (cookie, csrf) = session_of(&browser, &page);
    let address = page.clone_address();
    let body = format!("csrf={csrf}&current=1234");
    let work = std::thread::spawn(move || post_beside(&address, &cookie, &body));
    std::thread::sleep(Duration::from_millis(800));
    // The clerk cancels while the (slow) card verifies: the desk starts again…
    submit(&browser, "#cancel", "#screen-card");
    assert_eq!(work.join().unwrap(), 303);
    // …and the verify that was running is recorded, but its result does not come back.
    std::thread::sleep(Duration::from_millis(500));
    browser.goto(&page.base());
    browser.wait_for("#screen-card table.pins", SCREEN);
    assert!(!present(&browser, "#screen-result"));
    visit(&browser, TEST, "after-cancel");
    let log = page.audit_lines().join("\n");
    assert!(
        log.contains("\"procedure\":\"verify\"") && log.contains("\"outcome\":\"ok\""),
        "{log}"
    );
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn an_issuer_reset_of_a_full_counter_is_recorded_only_with_its_confirmation() {
    const TEST: &str = "page_browser_issuer_unproven";
    let page = PageServer::simulated(&Profile::default(), &[], &["--authority", "issuer"]);
    let browser = Browser::start();
    open(&browser, &page);
    submit(&browser, "#pick-reset-auth", "#screen-pin");
    submit(&browser, "#submit-pin", "#screen-handover");
    submit(&browser, "#training-remove", "#training-insert");
    // Back without a reset: the counter is full as before, which proves nothing.
    submit(&browser, "#training-insert", "#screen-result");
    assert!(browser.text("#summary").contains("確認でしか分かりません"));
    assert!(
        !present(&browser, "#finish"),
        "the confirmation is the only way on"
    );
    assert_eq!(
        ending(&browser),
        "confirm",
        "not shown as done before it is proven"
    );
    visit(&browser, TEST, "unproven");
    let log = page.audit_lines().join("\n");
    assert!(
        !log.contains("\"procedure\":\"reset\""),
        "not recorded yet: {log}"
    );
    browser.fill("#current", "1234");
    submit(&browser, "#submit-pin", "#next");
    let log = page.audit_lines().join("\n");
    assert!(
        log.contains("\"procedure\":\"reset\"") && log.contains("\"procedure\":\"verify\""),
        "{log}"
    );
}

#[test]
#[ignore = "needs Debian's chromium, chromium-driver and fonts-noto-cjk (.ci/setup installs them); .ci/test runs it"]
fn a_proxy_visit_the_log_cannot_take_says_so_on_the_screen() {
    const TEST: &str = "page_browser_visit_not_recorded";
    let page = PageServer::simulated(&Profile::default(), &["--counter"], &[]);
    let browser = Browser::start();
    open(&browser, &page);
    // The log becomes impossible to append to after the page started (a folder in its
    // place: root ignores file modes).
    let _ = std::fs::remove_file(&page.audit_log);
    std::fs::create_dir(&page.audit_log).unwrap();
    submit(&browser, "#pick-change-auth", "#screen-applicant");
    browser.click("#applicant-proxy");
    browser.click("#visit-application");
    submit(&browser, "#submit-applicant", "#form-documents");
    tick_every_document(&browser);
    submit(&browser, "#submit-documents", "#screen-ends-here");
    browser.wait_for("#screen-ends-here p.warning", SCREEN);
    visit(&browser, TEST, "not-recorded");
}
