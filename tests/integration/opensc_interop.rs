//! OpenSC against the simulated card through a real pcscd, on every training preset: the
//! proof that the simulated card is a drop-in for a public JPKI client nobody here wrote.
//!
//! For each preset the card is served on vpcd slot 1 and OpenSC, with its JPKI driver,
//! lists the PINs (`pkcs15-tool --list-pins`), verifies them (`--verify-pin`), reads the
//! certificates (`--read-certificate`, the sign one after its password) and signs through
//! PKCS#11 (`pkcs11-tool --sign --mechanism SHA256-RSA-PKCS`); each signature is checked
//! with `openssl dgst -verify` against the public key of the certificate the card served.
//! What a real card would refuse (a blocked PIN, a child's card without the signature
//! certificate) must fail in OpenSC too and leave every counter as it was; the preset whose
//! IEF 001B is missing cannot be bound by OpenSC 0.23 at all (its PKCS#15 emulator queries
//! both JPKI PINs), which is asserted, while mynapin reads it.
//!
//! `#[ignore]`d: they need pcscd with vpcd (`.ci/test` starts it) and OpenSC and OpenSSL
//! (`.ci/setup` installs them). The PINs on these command lines are the simulated card's
//! test values.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mynapin::sim::{PRESETS, Preset, Profile};

use crate::common::{lock, require_pcscd};
use crate::e2e_cli::{InsertedCard, SLOT1_PORT};

/// pkcs15-tool's index of vpcd slot 1 (`Virtual PCD 00 01`).
const READER_INDEX: &str = "1";
/// pcscd's name of vpcd slot 1.
const READER_NAME: &str = "Virtual PCD 00 01";
/// OpenSC's PKCS#11 command-line client.
const PKCS11_TOOL: &str = "pkcs11-tool";
/// The simulated card's test values (the default profile's, kept by every preset).
const AUTH_PIN: &str = "1234";
const SIGN_PIN: &str = "ABCD1234";

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .env("OPENSC_DRIVER", "jpki")
        .output()
        .unwrap_or_else(|error| panic!("{program} runs (.ci/setup installs it): {error}"))
}

fn pkcs15(args: &[&str]) -> Output {
    let mut all = vec!["--reader", READER_INDEX];
    all.extend_from_slice(args);
    run("pkcs15-tool", &all)
}

/// OpenSC's PKCS#11 module, wherever Debian's multiarch layout put it.
fn pkcs11_module() -> PathBuf {
    let mut candidates = vec![PathBuf::from("/usr/lib/opensc-pkcs11.so")];
    if let Ok(entries) = std::fs::read_dir("/usr/lib") {
        candidates.extend(
            entries
                .flatten()
                .map(|entry| entry.path().join("opensc-pkcs11.so")),
        );
    }
    candidates
        .into_iter()
        .find(|path| path.exists())
        .expect("opensc-pkcs11.so (package opensc-pkcs11, which opensc pulls in)")
}

/// The PKCS#11 slot id of slot 1's token for `pin_label` ("User Authentication PIN" or
/// "Digital Signature PIN"): OpenSC makes one virtual slot per PIN.
fn pkcs11_slot(module: &Path, pin_label: &str) -> Option<String> {
    let output = run(PKCS11_TOOL, &["--module", &module_str(module), "-L"]);
    let listing = text(&output);
    let mut slot: Option<(String, bool)> = None;
    for line in listing.lines() {
        if let Some(rest) = line.strip_prefix("Slot ") {
            // "Slot 1 (0x4): Virtual PCD 00 01"
            let id = rest
                .split(['(', ')'])
                .nth(1)
                .map(str::to_owned)
                .unwrap_or_default();
            slot = Some((id, rest.ends_with(READER_NAME)));
        } else if line.contains("token label")
            && line.contains(pin_label)
            && let Some((id, true)) = &slot
        {
            return Some(id.clone());
        }
    }
    None
}

fn module_str(module: &Path) -> String {
    module.display().to_string()
}

/// The DER bytes of a PEM certificate as pkcs15-tool prints it.
fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    base64_decode(body.trim())
}

/// Standard base64 (RFC 4648 §4) without the padding checks a PEM never needs.
fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET
            .iter()
            .position(|candidate| *candidate == byte)
            .unwrap_or_else(|| panic!("not base64: {byte:#04x}")) as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

fn served_certificate(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/sim/certs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Tries left by PIN label, as `pkcs15-tool --list-pins` reports them; `Err` with
/// OpenSC's words when it cannot bind the card.
fn listed_tries() -> Result<Vec<(String, u8)>, String> {
    let output = pkcs15(&["--list-pins"]);
    let listing = text(&output);
    if !output.status.success() {
        return Err(listing);
    }
    let mut tries = Vec::new();
    let mut label = String::new();
    for line in listing.lines() {
        if let Some(rest) = line.strip_prefix("PIN [") {
            label = rest.trim_end_matches(']').to_owned();
        } else if let Some(value) = line.trim().strip_prefix("Tries left") {
            let count = value.trim_start_matches([' ', ':']).trim();
            tries.push((label.clone(), count.parse().expect("a count")));
        }
    }
    Ok(tries)
}

/// Signs `message` through PKCS#11 with key `id` on the slot of `pin_label`, and checks
/// the signature with OpenSSL against `certificate`'s key. `Err` with the tools' words
/// when OpenSC refuses (the check itself must then not be reached).
fn sign_and_check(
    dir: &Path,
    pin_label: &str,
    pin: &str,
    id: &str,
    certificate: &[u8],
) -> Result<(), String> {
    let module = pkcs11_module();
    let slot = pkcs11_slot(&module, pin_label)
        .ok_or_else(|| format!("no PKCS#11 slot for {pin_label} on {READER_NAME}"))?;
    let message = dir.join("message.txt");
    std::fs::write(
        &message,
        "mynapin: a message signed by the simulated card\n",
    )
    .unwrap();
    let signature = dir.join(format!("signature-{id}"));
    let _ = std::fs::remove_file(&signature);
    let output = run(
        PKCS11_TOOL,
        &[
            "--module",
            &module_str(&module),
            "--slot",
            &slot,
            "--login",
            "--pin",
            pin,
            "--sign",
            "--mechanism",
            "SHA256-RSA-PKCS",
            "--id",
            id,
            "--input-file",
            &message.display().to_string(),
            "--output-file",
            &signature.display().to_string(),
        ],
    );
    if !output.status.success() || !signature.exists() {
        return Err(text(&output));
    }
    let der = dir.join(format!("certificate-{id}.der"));
    std::fs::write(&der, certificate).unwrap();
    let public_key = dir.join(format!("public-{id}.pem"));
    let extracted = run(
        "openssl",
        &[
            "x509",
            "-inform",
            "DER",
            "-in",
            &der.display().to_string(),
            "-pubkey",
            "-noout",
            "-out",
            &public_key.display().to_string(),
        ],
    );
    assert!(extracted.status.success(), "{}", text(&extracted));
    let verified = run(
        "openssl",
        &[
            "dgst",
            "-sha256",
            "-verify",
            &public_key.display().to_string(),
            "-signature",
            &signature.display().to_string(),
            &message.display().to_string(),
        ],
    );
    assert!(
        verified.status.success() && text(&verified).contains("Verified OK"),
        "OpenSSL rejects the signature of key {id}: {}",
        text(&verified)
    );
    Ok(())
}

/// What one preset lets OpenSC do, as a real card in that state would.
struct Expected {
    auth_usable: bool,
    sign_usable: bool,
    signature_certificate: bool,
}

fn expected(profile: &Profile) -> Expected {
    Expected {
        auth_usable: profile.pins.auth.tries_left > 0,
        sign_usable: profile.signature_certificate && profile.pins.sign.tries_left > 0,
        signature_certificate: profile.signature_certificate,
    }
}

fn exercise(preset: &Preset) {
    let profile = preset.profile();
    let name = preset.name;
    let want = expected(&profile);
    let dir = tempfile::tempdir().unwrap();
    let card = InsertedCard::insert(SLOT1_PORT, &profile, None);

    // List: the counters the card holds, or (IEF 001B missing) no binding at all.
    let sign_pin_missing = !profile.signature_certificate
        && profile.sign_pin_file == mynapin::sim::SignPinFile::Missing;
    match listed_tries() {
        Ok(tries) => {
            assert!(
                !sign_pin_missing,
                "{name}: OpenSC bound a card without 001B"
            );
            assert_eq!(
                tries,
                [
                    (
                        "User Authentication PIN".to_owned(),
                        profile.pins.auth.tries_left
                    ),
                    (
                        "Digital Signature PIN".to_owned(),
                        profile.pins.sign.tries_left
                    ),
                ],
                "{name}"
            );
        }
        Err(words) => {
            assert!(
                sign_pin_missing,
                "{name}: OpenSC cannot list the PINs: {words}"
            );
            assert!(words.contains("Unsupported card"), "{name}: {words}");
            let state = card.pull();
            assert_eq!(state.pins, profile.pins, "{name}: nothing changed");
            return;
        }
    }

    // Read the auth certificate without a PIN: the bytes the card serves.
    let read = pkcs15(&["--read-certificate", "01"]);
    assert!(read.status.success(), "{name}: {}", text(&read));
    let auth_certificate = served_certificate("auth.der");
    assert_eq!(
        pem_to_der(&String::from_utf8_lossy(&read.stdout)),
        auth_certificate,
        "{name}: the auth certificate"
    );

    // Verify and sign with the auth key.
    let verify = pkcs15(&["--verify-pin", "--auth-id", "01", "--pin", AUTH_PIN]);
    assert_eq!(
        verify.status.success(),
        want.auth_usable,
        "{name}: verify auth: {}",
        text(&verify)
    );
    let signed = sign_and_check(
        dir.path(),
        "User Authentication PIN",
        AUTH_PIN,
        "01",
        &auth_certificate,
    );
    assert_eq!(
        signed.is_ok(),
        want.auth_usable,
        "{name}: sign auth: {signed:?}"
    );

    // The sign certificate, after the sign password, and a signature with the sign key.
    let read = pkcs15(&[
        "--read-certificate",
        "02",
        "--auth-id",
        "02",
        "--verify-pin",
        "--pin",
        SIGN_PIN,
    ]);
    let sign_certificate = served_certificate("sign.der");
    if want.sign_usable {
        assert!(read.status.success(), "{name}: {}", text(&read));
        assert_eq!(
            pem_to_der(&String::from_utf8_lossy(&read.stdout)),
            sign_certificate,
            "{name}: the sign certificate"
        );
    } else {
        assert!(
            !read.status.success() || !text(&read).contains("BEGIN CERTIFICATE"),
            "{name}: a sign certificate read on a card that would refuse it: {}",
            text(&read)
        );
    }
    let signed = sign_and_check(
        dir.path(),
        "Digital Signature PIN",
        SIGN_PIN,
        "02",
        &sign_certificate,
    );
    assert_eq!(
        signed.is_ok(),
        want.sign_usable,
        "{name}: sign with the sign key: {signed:?}"
    );

    // Right values only: a usable PIN is full again, a blocked one stays blocked, and a
    // child's card's sign password (no certificate) was verified by OpenSC's read only.
    let state = card.pull();
    let after = |usable: bool, pin: &mynapin::sim::PinProfile| {
        if usable {
            pin.max_tries
        } else {
            pin.tries_left
        }
    };
    assert_eq!(
        state.pins.auth.tries_left,
        after(want.auth_usable, &profile.pins.auth),
        "{name}: auth counter"
    );
    let sign_verified = profile.pins.sign.tries_left > 0 && !want.signature_certificate;
    assert_eq!(
        state.pins.sign.tries_left,
        after(want.sign_usable || sign_verified, &profile.pins.sign),
        "{name}: sign counter"
    );
    assert_eq!(state.pins.text, profile.pins.text, "{name}: text untouched");
    assert_eq!(state.pins.juki, profile.pins.juki, "{name}: juki untouched");
}

#[test]
#[ignore = "needs pcscd with vsmartcard-vpcd running, OpenSC and OpenSSL (.ci/setup installs them, .ci/test starts pcscd)"]
fn opensc_lists_verifies_reads_and_signs_on_every_preset_as_a_real_card_would() {
    require_pcscd();
    let _one = lock();
    for preset in &PRESETS {
        exercise(preset);
    }
}
