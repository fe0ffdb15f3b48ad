//! The state of the one counter desk the page serves: which screen is shown, what the
//! clerk chose, what the citizen presented, and the last card status and result. Kept on
//! the server (the browser holds nothing but the screen it is shown), and cleared as a
//! whole ([`Desk::clear`]) when the card is removed or the desk is idle, so the next
//! citizen never sees the previous one's data. No PIN is ever stored here: PINs live only
//! in the request that carries them.

use std::time::{Duration, Instant};

use mynapin::card::{Authority, PinKind, PinStatus, StatusReport};
use mynapin::messages::Message;
use mynapin::procedure::{Applicant, CheckRecord, Item, Visit};

use crate::i18n::Lang;

/// The screens, in the order of the procedure (issue 9's steps 1 to 5; the audit
/// screen is a page of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 1–2: waiting for a card, or its PINs' states and the procedure to choose.
    Card,
    /// 3: counter mode: who came, and the documents checklist.
    Applicant,
    /// A proxy's application visit is complete: nothing is done on the card today.
    EndsHere,
    /// 4: the citizen types the PIN(s).
    Pin,
    /// An issuer reset: the counters were read; the card goes to the J-LIS equipment and
    /// the page waits for it to come back.
    Handover,
    /// 5: what happened.
    Result,
}

/// What the clerk chose on the card screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// Check the PIN (the citizen knows it; nothing changes on the card).
    Verify,
    /// Change a known PIN.
    Change,
    /// Reset (初期化) a forgotten or blocked PIN, with the workstation's authority.
    Reset,
}

impl Operation {
    /// The name in forms and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Verify => "verify",
            Operation::Change => "change",
            Operation::Reset => "reset",
        }
    }

    /// The operation a form names.
    pub fn from_name(name: &str) -> Option<Operation> {
        [Operation::Verify, Operation::Change, Operation::Reset]
            .into_iter()
            .find(|operation| operation.name() == name)
    }

    /// The counter rules' procedure: a verify needs what a change needs.
    pub fn procedure(self) -> mynapin::procedure::Procedure {
        match self {
            Operation::Reset => mynapin::procedure::Procedure::Reset,
            Operation::Verify | Operation::Change => mynapin::procedure::Procedure::Change,
        }
    }
}

/// The procedure chosen: what, on which PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    /// What.
    pub operation: Operation,
    /// Which PIN.
    pub kind: PinKind,
}

/// How a procedure ended, for the result screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Done as asked.
    Done,
    /// Refused or failed; the card is as it was (or as the counter after says).
    Failed,
    /// The card's answer to a write was lost: whether it was done is unknown.
    Unknown,
}

/// The result screen's content: messages (rendered in the desk's language when shown, so
/// a language button re-renders it), never a PIN.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// How it ended.
    pub ending: Ending,
    /// What happened.
    pub summary: Message,
    /// The PIN's state after, when read.
    pub after: Option<PinStatus>,
    /// What to do next.
    pub next: Message,
    /// The audit record could not be written (the procedure was still done).
    pub not_recorded: bool,
    /// The PIN the procedure was about (a confirmation verifies this one).
    pub kind: PinKind,
    /// An issuer reset was checked: the citizen may now verify the new value.
    pub confirm: bool,
    /// The confirmation is the only way on (the reset is not proven without it).
    pub must_confirm: bool,
}

/// Why no card is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "pcsc"),
    allow(
        dead_code,
        reason = "only the PC/SC watch tells a missing reader or service"
    )
)]
pub enum Absence {
    /// The reader is empty.
    EmptyReader,
    /// No reader (of the chosen name) is connected.
    ReaderMissing,
    /// The PC/SC service (pcscd) cannot be reached.
    ServiceDown,
}

/// Where the card stands, as the page last learnt it.
#[derive(Debug, Clone, PartialEq)]
pub enum CardState {
    /// No card, and why.
    Absent(Absence),
    /// A card is there; its status is being read.
    Reading,
    /// A card whose status was read.
    Read(StatusReport),
    /// A card whose status could not be read, and why.
    Unreadable(Message),
}

/// The desk.
#[derive(Debug, Clone)]
pub struct Desk {
    /// The language of the screens (per desk; the language buttons change it).
    pub lang: Lang,
    /// The screen shown.
    pub step: Step,
    /// The card, as last seen.
    pub card: CardState,
    /// The procedure chosen.
    pub choice: Option<Choice>,
    /// Counter mode: who came.
    pub applicant: Option<Applicant>,
    /// Counter mode: a proxy's visit.
    pub visit: Option<Visit>,
    /// Counter mode: the checklist items the clerk ticked (indexes into the rules'
    /// requirements for the applicant).
    pub ticked: Vec<usize>,
    /// Counter mode: the items the rules still miss after the last check.
    pub missing: Vec<Message>,
    /// Counter mode: the check that let the procedure through (for the audit record).
    pub check: Option<CheckRecord>,
    /// An error of the last form, and the field it belongs to.
    pub error: Option<(Message, &'static str)>,
    /// An issuer reset: the counters read before the hand-over.
    pub handover: Option<StatusReport>,
    /// An issuer reset: the card has left the reader since the hand-over began.
    pub handover_away: bool,
    /// The last result.
    pub outcome: Option<Outcome>,
    /// Increased on every change the browser must show (SSE asks it to reload).
    pub generation: u64,
    /// Increased by every [`Desk::clear`]: the procedure a piece of card work belongs to.
    pub epoch: u64,
    /// An issuer reset of a PIN whose counter was already full before the hand-over: its
    /// record waits for the citizen's confirmation (only a verified new value proves the
    /// reset), and is appended with the confirmation's.
    pub pending_reset: Option<mynapin::audit::AuditRecord>,
    /// The last request of the clerk or the citizen.
    pub last_activity: Instant,
}

impl Desk {
    /// A fresh desk in `lang`.
    pub fn new(lang: Lang) -> Desk {
        Desk {
            lang,
            step: Step::Card,
            card: CardState::Absent(Absence::EmptyReader),
            choice: None,
            applicant: None,
            visit: None,
            ticked: Vec::new(),
            missing: Vec::new(),
            check: None,
            error: None,
            handover: None,
            handover_away: false,
            outcome: None,
            generation: 0,
            epoch: 0,
            pending_reset: None,
            last_activity: Instant::now(),
        }
    }

    /// Back to step 1 with every field of the procedure cleared (the card's state and
    /// the language stay: they belong to the desk, not to the citizen).
    /// A new epoch starts: card work that began before writes its audit record but no
    /// longer touches this desk.
    pub fn clear(&mut self) {
        let keep = (self.lang, self.card.clone(), self.generation, self.epoch);
        *self = Desk::new(keep.0);
        self.card = keep.1;
        self.generation = keep.2 + 1;
        self.epoch = keep.3 + 1;
    }

    /// The procedure's own fields are empty (step 1, nothing chosen, nothing kept).
    pub fn is_clear(&self) -> bool {
        self.step == Step::Card
            && self.choice.is_none()
            && self.applicant.is_none()
            && self.outcome.is_none()
            && self.handover.is_none()
            && self.ticked.is_empty()
    }

    /// Something changed that the browser must show.
    pub fn changed(&mut self) {
        self.generation += 1;
    }

    /// A request of the clerk or the citizen: the idle timer starts again.
    pub fn touch(&mut self) {
        self.last_activity = Instant::now();
    }

    /// Idle for longer than `limit` with something on the screen that belongs to a
    /// citizen. During an issuer hand-over the card is away on purpose: the desk waits.
    pub fn idle_for(&self, limit: Duration) -> bool {
        !self.is_clear() && self.step != Step::Handover && self.last_activity.elapsed() >= limit
    }

    /// The chosen PIN's state, as last read.
    pub fn chosen_status(&self) -> Option<PinStatus> {
        let choice = self.choice?;
        match &self.card {
            CardState::Read(report) => report.get(choice.kind),
            _ => None,
        }
    }
}

/// Which operations a PIN in `status` allows, with `authority` for resets.
pub fn operations(kind: PinKind, status: PinStatus, authority: Authority) -> Vec<Operation> {
    let mut allowed = Vec::new();
    if matches!(status, PinStatus::Remaining { .. } | PinStatus::Verified) {
        allowed.push(Operation::Verify);
        allowed.push(Operation::Change);
    }
    if !matches!(status, PinStatus::NotAvailable(_)) && authority.can_reset(kind) {
        allowed.push(Operation::Reset);
    }
    allowed
}

/// The checklist items the clerk ticks: every requirement but the card (in the reader).
pub fn checklist_items(items: &[Item]) -> Vec<(usize, &Item)> {
    items
        .iter()
        .enumerate()
        .filter(|(_, item)| **item != Item::Card)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynapin::card::PinReport;

    fn report() -> StatusReport {
        StatusReport {
            pins: vec![PinReport {
                kind: PinKind::Auth,
                status: PinStatus::Remaining { left: 1, max: 3 },
            }],
            signature_certificate: Some(true),
        }
    }

    #[test]
    fn clearing_forgets_the_citizen_but_keeps_the_card_and_language() {
        let mut desk = Desk::new(Lang::JA);
        desk.card = CardState::Read(report());
        desk.step = Step::Result;
        desk.choice = Some(Choice {
            operation: Operation::Change,
            kind: PinKind::Auth,
        });
        desk.applicant = Some(Applicant::Proxy);
        desk.ticked = vec![1, 2];
        desk.outcome = Some(Outcome {
            ending: Ending::Done,
            summary: Message::new("page-result-verified"),
            after: None,
            next: Message::new("page-next-done"),
            not_recorded: false,
            kind: PinKind::Auth,
            confirm: false,
            must_confirm: false,
        });
        let before = desk.generation;
        assert!(!desk.is_clear());
        desk.clear();
        assert!(desk.is_clear());
        assert_eq!(desk.card, CardState::Read(report()));
        assert!(desk.generation > before);
        assert!(desk.outcome.is_none() && desk.applicant.is_none());
    }

    #[test]
    fn a_clear_desk_is_never_idle_and_a_handover_waits() {
        let mut desk = Desk::new(Lang::JA);
        desk.last_activity = Instant::now() - Duration::from_secs(600);
        assert!(!desk.idle_for(Duration::from_secs(120)));
        desk.step = Step::Pin;
        assert!(desk.idle_for(Duration::from_secs(120)));
        desk.step = Step::Handover;
        assert!(!desk.idle_for(Duration::from_secs(120)));
    }

    #[test]
    fn a_blocked_pin_offers_only_a_reset_and_a_missing_one_nothing() {
        let blocked = PinStatus::Blocked { max: 3 };
        assert_eq!(
            operations(PinKind::Auth, blocked, Authority::OtherPassword),
            [Operation::Reset]
        );
        assert!(operations(PinKind::Juki, blocked, Authority::OtherPassword).is_empty());
        let missing = PinStatus::NotAvailable(mynapin::card::Unavailable::NoSignatureCertificate);
        assert!(operations(PinKind::Sign, missing, Authority::Issuer).is_empty());
        let open = PinStatus::Remaining { left: 3, max: 3 };
        assert_eq!(
            operations(PinKind::Auth, open, Authority::Issuer),
            [Operation::Verify, Operation::Change, Operation::Reset]
        );
    }
}
