//! The ways open for a card in the state `status` read: a blocked signature password with
//! a usable user-authentication password can be reset at a convenience-store kiosk (with
//! that password) or at the counter, and likewise the other way round; both blocked, or a
//! blocked `text`/`juki` PIN, only at the counter; nothing blocked, a known password can be
//! changed from a PC or smartphone when the rules say so. A child's card has no signature
//! password ([`signature_password`]), so its blocked user-authentication password goes to
//! the counter only, and no kiosk route that needs the signature password applies.

use serde::Serialize;

use super::rules::Rules;
use crate::card::{PinKind, PinStatus, StatusReport, Unavailable};

/// A way to get a card's passwords working again (or changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "route", rename_all = "kebab-case")]
pub enum Route {
    /// The convenience-store kiosk resets `reset`, after the citizen enters `with` (the
    /// other JPKI password).
    Kiosk {
        /// The password the kiosk resets.
        reset: PinKind,
        /// The password the citizen must know.
        with: PinKind,
    },
    /// The municipality's counter resets these PINs.
    Counter {
        /// The blocked PINs.
        pins: Vec<PinKind>,
    },
    /// Nothing is blocked: a known password can be changed from a PC or smartphone.
    ChangeOnline,
}

/// Whether a PIN can be entered now (tries left, or verified in this session).
fn usable(status: Option<PinStatus>) -> bool {
    matches!(
        status,
        Some(PinStatus::Remaining { .. } | PinStatus::Verified)
    )
}

/// Whether the card of `status` has a signature password: `Some(false)` for a card
/// without the signature certificate (EF `0008`; a child's card, issued under 15),
/// `Some(true)` when the signature password's counter was read, `None` when unknown.
pub fn signature_password(status: &StatusReport) -> Option<bool> {
    match status.get(PinKind::Sign) {
        Some(PinStatus::NotAvailable(Unavailable::NoSignatureCertificate)) => Some(false),
        _ if status.signature_certificate == Some(false) => Some(false),
        Some(PinStatus::Remaining { .. } | PinStatus::Blocked { .. } | PinStatus::Verified) => {
            Some(true)
        }
        _ => None,
    }
}

/// The routes open for the card of `status` under `rules`, kiosk routes first.
pub fn routes(status: &StatusReport, rules: &Rules) -> Vec<Route> {
    let blocked: Vec<PinKind> = status
        .pins
        .iter()
        .filter(|row| matches!(row.status, PinStatus::Blocked { .. }))
        .map(|row| row.kind)
        .collect();
    let mut routes = Vec::new();
    if let Some(kiosk) = &rules.kiosk {
        for (reset, with) in [
            (PinKind::Sign, PinKind::Auth),
            (PinKind::Auth, PinKind::Sign),
        ] {
            // A card without the signature certificate has no signature password to
            // prove with (or reset), even when its IEF 001B answers with a counter.
            let has =
                |kind: PinKind| kind != PinKind::Sign || signature_password(status) != Some(false);
            if blocked.contains(&reset)
                && has(reset)
                && has(with)
                && usable(status.get(with))
                && !kiosk.chains_resetting(reset).is_empty()
            {
                routes.push(Route::Kiosk { reset, with });
            }
        }
    }
    if !blocked.is_empty() {
        routes.push(Route::Counter { pins: blocked });
    } else if rules.service.online_change {
        routes.push(Route::ChangeOnline);
    }
    routes
}
