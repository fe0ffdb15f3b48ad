//! A read-only probe: does the card answer the JPKI AP? Used by `mynapin readers` to tell
//! a My Number Card from other cards without touching any PIN.
//!
//! The probe is one SELECT by DF name, inside one transaction that leaves the card as it
//! is ([`Disposition::Leave`]): it changes only the selected application, which any
//! application sharing the card selects again before its own commands (docs/protocol.md §10.1).

use crate::apdu::StatusWord;
use crate::layout::AID_JPKI;
use crate::transport::{Disposition, Transport, TransportError};

use super::apdus;

/// Sends SELECT JPKI AP by DF name, no FCI (`00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00
/// 01`, docs/protocol.md §1; OpenSC's JPKI detection step 2, §8.2) inside one transaction
/// ended with [`Disposition::Leave`], and says whether the card answered `90 00`. Any other status word is `Ok(false)`; a link
/// failure, or a transaction that cannot begin or end, is the error.
pub fn answers_jpki<T: Transport>(transport: &mut T) -> Result<bool, TransportError> {
    transport.begin_transaction()?;
    let command = apdus::select_application(&AID_JPKI);
    let answered = transport
        .transmit(&command)
        .map(|response| response.status() == StatusWord::Success);
    let ended = transport.end_transaction(Disposition::Leave);
    let answered = answered?;
    ended?;
    Ok(answered)
}

/// Whether the card in `reader` answers the JPKI AP, asked over a shared connection that
/// leaves the card as it is; `None` when the reader holds no card or the card cannot be
/// reached (e.g. another application holds it exclusively). The probe changes the
/// selected application for any other application sharing the card.
#[cfg(feature = "pcsc")]
pub fn probe_reader(reader: &crate::transport::ReaderInfo) -> Option<bool> {
    use crate::transport::{PcscTransport, ReaderChoice};
    if !reader.card_present {
        return None;
    }
    let choice = ReaderChoice::Exact(reader.name.clone());
    let mut transport = PcscTransport::connect_shared(&choice).ok()?;
    answers_jpki(&mut transport).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Profile, SimCard};
    use crate::transport::{SimTransport, TraceRecorder};

    /// SELECT JPKI AP by DF name, no FCI, as docs/protocol.md §1 writes it.
    const SELECT_JPKI_AP: [u8; 15] = [
        0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01,
    ];

    #[test]
    fn the_select_is_the_documented_one() {
        let command = apdus::select_application(&AID_JPKI);
        assert_eq!(*command.to_bytes().unwrap(), SELECT_JPKI_AP);
        assert_eq!(&SELECT_JPKI_AP[5..], &AID_JPKI);
    }

    #[test]
    fn the_simulated_card_answers_in_one_leave_transaction() {
        let sim = SimTransport::new(SimCard::new(Profile::default()));
        let mut recorder = TraceRecorder::new(sim);
        assert!(matches!(answers_jpki(&mut recorder), Ok(true)));
        let text = recorder.trace().to_text();
        assert!(
            text.contains("> 00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01\n< 90 00\n"),
            "{text}"
        );
        assert!(text.contains("# end transaction (leave)"), "{text}");
        assert_eq!(text.matches("\n> ").count(), 1, "{text}");
    }
}
