//! Generates the simulated card's **test-only** key pairs and certificates
//! (`src/sim/certs/`), byte for byte the same on every run.
//!
//! Each RSA-2048 key is drawn from a ChaCha20 generator seeded with the SHA-256 of a fixed
//! label, so the keys are public knowledge by construction: they must never be trusted by
//! any real system. The certificates have fixed serial numbers and validity dates and are
//! signed with PKCS#1 v1.5 (deterministic), so a run reproduces the committed files
//! exactly, and `--check` proves it.
//!
//! Usage: `cargo run --release --manifest-path tools/sim-keys/Cargo.toml -- [--check] DIR`
//! writes (or, with `--check`, compares) in DIR:
//! `auth.der`, `auth-key.der`, `auth-ca.der`, `sign.der`, `sign-key.der`, `sign-ca.der`
//! (keys as unencrypted PKCS#8 DER). The CA keys are not written: the seeds make them anew.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use der::Encode;
use der::asn1::UtcTime;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use rsa::PrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::EncodePrivateKey;
use rsa::sha2::{Digest, Sha256};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{EncodePublicKey, SubjectPublicKeyInfo, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity};

/// Bits of every key: the card's RSA-2048 (OpenSC `card-jpki.c` registers 2048 only).
const KEY_BITS: usize = 2048;

/// 2026-01-01T00:00:00Z, the start of every validity period.
const NOT_BEFORE_UNIX: u64 = 1_767_225_600;
/// Leaf certificates: 5 years (a JPKI certificate lasts until the holder's fifth birthday
/// after issue, about 5 years), to 2031-01-01T00:00:00Z.
const LEAF_NOT_AFTER_UNIX: u64 = 1_924_992_000;
/// CA certificates: 20 years, to 2046-01-01T00:00:00Z.
const CA_NOT_AFTER_UNIX: u64 = 2_398_377_600;

/// One hierarchy (auth or sign): its CA and the card's certificate under it.
struct Hierarchy {
    /// File stem and seed label: `auth` or `sign`.
    name: &'static str,
    ca_subject: &'static str,
    leaf_subject: &'static str,
    ca_serial: u32,
    leaf_serial: u32,
    /// Key usage of the card's certificate: digitalSignature for auth,
    /// nonRepudiation (with digitalSignature) for sign, as JPKI's profiles do.
    leaf_usage: KeyUsage,
}

/// Extensions and names for one certificate.
struct Profile {
    subject: Name,
    issuer: Name,
    ca: bool,
    usage: KeyUsage,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let subject = &tbs.subject();
        let mut extensions: Vec<Extension> = Vec::new();
        let basic = BasicConstraints {
            ca: self.ca,
            path_len_constraint: self.ca.then_some(0),
        };
        extensions.push(basic.to_extension(subject, &extensions)?);
        extensions.push(self.usage.to_extension(subject, &extensions)?);
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(ski.to_extension(subject, &extensions)?);
        let aki = AuthorityKeyIdentifier::try_from(issuer_spk)?;
        extensions.push(aki.to_extension(subject, &extensions)?);
        Ok(extensions)
    }
}

/// A key drawn from a ChaCha20 generator seeded with SHA-256 of `label`.
fn seeded_key(label: &str) -> PrivateKey {
    let seed: [u8; 32] = Sha256::digest(label.as_bytes()).into();
    let mut rng = ChaCha20Rng::from_seed(seed);
    PrivateKey::new(&mut rng, KEY_BITS).expect("RSA key generation")
}

fn validity(not_after_unix: u64) -> Validity {
    let time = |unix: u64| {
        Time::UtcTime(UtcTime::from_unix_duration(Duration::from_secs(unix)).expect("UTC time"))
    };
    Validity::new(time(NOT_BEFORE_UNIX), time(not_after_unix))
}

/// A certificate for `subject_key`, signed by `issuer_key`.
fn certificate(
    profile: Profile,
    serial: u32,
    not_after_unix: u64,
    subject_key: &PrivateKey,
    issuer_key: &PrivateKey,
) -> Vec<u8> {
    let spki_der = subject_key
        .to_public_key()
        .to_public_key_der()
        .expect("public key DER");
    let spki = SubjectPublicKeyInfo::try_from(spki_der.as_bytes()).expect("SPKI");
    let builder = CertificateBuilder::new(
        profile,
        SerialNumber::from(serial),
        validity(not_after_unix),
        spki,
    )
    .expect("certificate builder");
    let signer = SigningKey::<Sha256>::new(issuer_key.clone());
    let certificate = builder
        .build::<_, rsa::pkcs1v15::Signature>(&signer)
        .expect("signed certificate");
    certificate.to_der().expect("certificate DER")
}

fn hierarchies() -> [Hierarchy; 2] {
    [
        Hierarchy {
            name: "auth",
            ca_subject: "CN=mynapin simulated auth-ca,OU=SIMULATED auth-ca - NOT JPKI,O=mynapin test,C=JP",
            leaf_subject: "CN=mynapin simulated card auth (test only),C=JP",
            ca_serial: 0xA001,
            leaf_serial: 0x1001,
            leaf_usage: KeyUsage(KeyUsages::DigitalSignature.into()),
        },
        Hierarchy {
            name: "sign",
            ca_subject: "CN=mynapin simulated sign-ca,OU=SIMULATED sign-ca - NOT JPKI,O=mynapin test,C=JP",
            leaf_subject: "CN=mynapin simulated card sign (test only),C=JP",
            ca_serial: 0xA002,
            leaf_serial: 0x2001,
            leaf_usage: KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
        },
    ]
}

/// Every file, by name, with its bytes.
fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for hierarchy in hierarchies() {
        let name = hierarchy.name;
        let ca_key = seeded_key(&format!("mynapin simulated {name}-ca key (test only)"));
        let leaf_key = seeded_key(&format!("mynapin simulated card {name} key (test only)"));
        let ca_name = Name::from_str(hierarchy.ca_subject).expect("CA name");
        let ca = Profile {
            subject: ca_name.clone(),
            issuer: ca_name.clone(),
            ca: true,
            usage: KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign),
        };
        let leaf = Profile {
            subject: Name::from_str(hierarchy.leaf_subject).expect("leaf name"),
            issuer: ca_name,
            ca: false,
            usage: hierarchy.leaf_usage,
        };
        out.push((
            format!("{name}-ca.der"),
            certificate(ca, hierarchy.ca_serial, CA_NOT_AFTER_UNIX, &ca_key, &ca_key),
        ));
        out.push((
            format!("{name}.der"),
            certificate(
                leaf,
                hierarchy.leaf_serial,
                LEAF_NOT_AFTER_UNIX,
                &leaf_key,
                &ca_key,
            ),
        ));
        out.push((
            format!("{name}-key.der"),
            leaf_key.to_pkcs8_der().expect("PKCS#8").as_bytes().to_vec(),
        ));
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (check, dir) = match args.as_slice() {
        [flag, dir] if flag == "--check" => (true, PathBuf::from(dir)),
        [dir] if !dir.starts_with('-') => (false, PathBuf::from(dir)),
        _ => {
            eprintln!("usage: mynapin-sim-keys [--check] DIR");
            return ExitCode::from(2);
        }
    };
    let mut differ = 0;
    for (name, bytes) in files() {
        let path: &Path = &dir.join(&name);
        if check {
            match std::fs::read(path) {
                Ok(committed) if committed == bytes => println!("same: {name}"),
                Ok(_) => {
                    println!("DIFFERENT: {name}");
                    differ += 1;
                }
                Err(error) => {
                    println!("MISSING: {name} ({error})");
                    differ += 1;
                }
            }
        } else if let Err(error) = std::fs::write(path, &bytes) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::FAILURE;
        } else {
            println!("wrote {name}");
        }
    }
    if differ > 0 {
        eprintln!("{differ} file(s) differ from what the generator makes");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
