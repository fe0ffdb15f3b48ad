//! `mynapin.guide/2`: the counter checklist `mynapin guide` prints: what to bring for a
//! procedure and applicant (and a proxy's visit), where, whether the counter is open at
//! the given time and when it next opens, the other ways (kiosk, online change), and with
//! `--card` the routes open for the card read. Language-neutral: items and routes are
//! codes; the municipality's own wording (places, documents) comes in Japanese and English.

use serde::Serialize;

use super::Document;
use crate::procedure::calendar::LocalDateTime;
use crate::procedure::rules::{Chain, DocumentName, Municipality, Place};
use crate::procedure::{
    Applicant, Combination, Item, NotCovered, Opening, Paper, Procedure, ProofKind, Requirements,
    Route, Rules, Visit, Waiver, next_opening, opening_at,
};

/// One item to bring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideItem {
    /// `card`, `holder-ids`, `agent-ids`, `proof`, `paper` or `agent-min-age`.
    pub item: &'static str,
    /// For identity documents: the alternatives (`A1`, `B2`, `A1+B1`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<Vec<Combination>>,
    /// For a proof: `koseki` or `guardianship-registry`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<ProofKind>,
    /// For a proof: what spares it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<Vec<Waiver>>,
    /// For a paper: which.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paper: Option<Paper>,
    /// For the proxy's minimum age: in years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<u8>,
}

impl GuideItem {
    /// The item as JSON sees it.
    pub fn new(item: &Item) -> GuideItem {
        let mut out = GuideItem {
            item: "card",
            alternatives: None,
            proof: None,
            waivers: None,
            paper: None,
            years: None,
        };
        match item {
            Item::Card => {}
            Item::HolderIds(list) => {
                out.item = "holder-ids";
                out.alternatives = Some(list.clone());
            }
            Item::AgentIds(list) => {
                out.item = "agent-ids";
                out.alternatives = Some(list.clone());
            }
            Item::Proof { proof, waivers } => {
                out.item = "proof";
                out.proof = Some(*proof);
                out.waivers = Some(waivers.clone());
            }
            Item::Paper(paper) => {
                out.item = "paper";
                out.paper = Some(*paper);
            }
            Item::AgentMinAge(years) => {
                out.item = "agent-min-age";
                out.years = Some(*years);
            }
        }
        out
    }
}

/// The identity documents the counter accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideDocuments {
    /// Originals only.
    pub originals_only: bool,
    /// Whether expired documents are accepted.
    pub expired_accepted: bool,
    /// List A, as the page names it.
    pub list_a: Vec<DocumentName>,
    /// List B.
    pub list_b: Vec<DocumentName>,
}

/// The kiosk route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideKiosk {
    /// E.g. `06:30-23:00`.
    pub hours: String,
    /// The fee in yen, when the page gives it.
    pub fee_yen: Option<u32>,
    /// Whether the smartphone app is needed.
    pub needs_app: bool,
    /// The chains and what each resets.
    pub chains: Vec<Chain>,
}

/// The `mynapin.guide/2` document (`/2` replaced `/1` when it gained
/// `signature_password`, which a `/1` validator rejects).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideDocument {
    schema: &'static str,
    /// The municipality and its source page.
    pub municipality: Municipality,
    /// The procedure.
    pub procedure: Procedure,
    /// Who comes.
    pub applicant: Applicant,
    /// A proxy's visit, else `null`.
    pub visit: Option<Visit>,
    /// `null` when the applicant is accepted; else why not
    /// (`procedure-not-described`, `applicant-not-accepted`).
    pub not_accepted: Option<NotCovered>,
    /// What to bring (empty when not accepted).
    pub items: Vec<GuideItem>,
    /// A proxy's first visit: the procedure does not finish today.
    pub ends_here: bool,
    /// The identity documents accepted.
    pub documents: GuideDocuments,
    /// The counters that serve this applicant for this procedure.
    pub places: Vec<Place>,
    /// The local time (JST) the opening is given for, `YYYY-MM-DDTHH:MM`.
    pub at: String,
    /// Whether a counter is open then; `null` when the rules give no hours.
    pub open_now: Option<bool>,
    /// Until when, when open.
    pub open_until: Option<String>,
    /// When a counter next opens, when closed (`null` when unknown).
    pub next_opening: Option<String>,
    /// Whether a reservation is needed; `null` when the page does not say.
    pub reservation_required: Option<bool>,
    /// The counter's fee in yen; `null` when the page does not say.
    pub counter_fee_yen: Option<u32>,
    /// The kiosk route, when the page gives one.
    pub kiosk: Option<GuideKiosk>,
    /// Whether a known password can be changed from a PC or smartphone.
    pub online_change: bool,
    /// With `--card`: the routes open for the card read; else `null`.
    pub routes: Option<Vec<Route>>,
    /// With `--card`: whether the card has a signature password (`false`: a child's card,
    /// without the signature certificate); `null` without `--card` or when unknown.
    pub signature_password: Option<bool>,
}

impl GuideDocument {
    /// The schema name.
    pub const SCHEMA: &'static str = "mynapin.guide/2";

    /// The guide for `procedure` and `applicant` (and a proxy's `visit`) under `rules`, at
    /// `at`; `needed` is [`crate::procedure::requirements`]'s answer, `routes` the card's.
    pub fn new(
        rules: &Rules,
        procedure: Procedure,
        applicant: Applicant,
        needed: &Result<Requirements, NotCovered>,
        at: LocalDateTime,
        routes: Option<Vec<Route>>,
    ) -> GuideDocument {
        let places: Vec<Place> = rules
            .places_for(procedure, applicant)
            .into_iter()
            .cloned()
            .collect();
        let (open_now, open_until, next) = open_state(rules, &places, at);
        GuideDocument {
            schema: Self::SCHEMA,
            municipality: rules.municipality.clone(),
            procedure,
            applicant,
            visit: needed.as_ref().ok().and_then(|needed| needed.visit),
            not_accepted: needed.as_ref().err().copied(),
            items: needed
                .as_ref()
                .map(|needed| needed.items.iter().map(GuideItem::new).collect())
                .unwrap_or_default(),
            ends_here: needed.as_ref().is_ok_and(|needed| needed.ends_here),
            documents: GuideDocuments {
                originals_only: rules.documents.originals_only,
                expired_accepted: rules.documents.expired_accepted,
                list_a: rules.documents.list_a.clone(),
                list_b: rules.documents.list_b.clone(),
            },
            places,
            at: at.to_string(),
            open_now,
            open_until,
            next_opening: next,
            reservation_required: rules.service.reservation_required,
            counter_fee_yen: rules.service.counter_fee_yen,
            kiosk: rules.kiosk.as_ref().map(|kiosk| GuideKiosk {
                hours: kiosk.hours.to_string(),
                fee_yen: kiosk.fee_yen,
                needs_app: kiosk.needs_app,
                chains: kiosk.chains.clone(),
            }),
            online_change: rules.service.online_change,
            routes,
            signature_password: None,
        }
    }

    /// With `--card`: whether the card read has a signature password
    /// ([`crate::procedure::signature_password`]).
    pub fn with_signature_password(mut self, signature_password: Option<bool>) -> Self {
        self.signature_password = signature_password;
        self
    }
}

/// Whether any of `places` (any counter when none is listed) is open at `at`, until when,
/// and when one next opens.
pub fn open_state(
    rules: &Rules,
    places: &[Place],
    at: LocalDateTime,
) -> (Option<bool>, Option<String>, Option<String>) {
    let ids: Vec<Option<&str>> = if places.is_empty() {
        vec![None]
    } else {
        places.iter().map(|place| Some(place.id.as_str())).collect()
    };
    let mut until = None;
    let mut known = false;
    for id in &ids {
        match opening_at(rules, *id, at) {
            Opening::Open { until: time } => {
                known = true;
                until = until.max(Some(time));
            }
            Opening::Closed => known = true,
            Opening::Unknown => {}
        }
    }
    if !known {
        return (None, None, None);
    }
    if let Some(until) = until {
        return (Some(true), Some(until.to_string()), None);
    }
    let next = ids
        .iter()
        .filter_map(|id| next_opening(rules, *id, at))
        .min()
        .map(|next| next.to_string());
    (Some(false), None, next)
}

impl Document for GuideDocument {
    const SCHEMA: &'static str = GuideDocument::SCHEMA;
}
