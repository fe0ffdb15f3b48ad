//! The in-process transport over the simulated card, with fault injection.
//!
//! It holds a [`SimCard`], counts the APDUs it carries, and can simulate a card pulled at
//! a chosen command ([`Fault`]) so tests can check that a write whose answer was lost is
//! reported as *outcome unknown*.

use crate::apdu::{Command, Response};
use crate::sim::{Fault, SimCard};

use super::{Disposition, Transport, TransportError};

/// The simulated card, in-process.
pub struct SimTransport {
    card: SimCard,
    fault: Option<Fault>,
    removed: bool,
    exchanges: usize,
    headers: Vec<[u8; 4]>,
}

impl SimTransport {
    /// A transport to this card (powered, nothing selected).
    pub fn new(card: SimCard) -> Self {
        SimTransport {
            card,
            fault: None,
            removed: false,
            exchanges: 0,
            headers: Vec::new(),
        }
    }

    /// Arms a removal fault.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self
    }

    /// The card, e.g. to read its counters after a flow.
    pub fn card(&self) -> &SimCard {
        &self.card
    }

    /// Gives the card back.
    pub fn into_card(self) -> SimCard {
        self.card
    }

    /// How many command APDUs reached the card (or were attempted after a removal).
    pub fn exchanges(&self) -> usize {
        self.exchanges
    }

    /// The headers (CLA INS P1 P2) of the commands sent, in order; never their data.
    pub fn headers(&self) -> &[[u8; 4]] {
        &self.headers
    }
}

impl Transport for SimTransport {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.exchanges += 1;
        self.headers
            .push([command.cla, command.ins, command.p1, command.p2]);
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        match self.fault.filter(|fault| fault.matches(command)) {
            Some(Fault::RemoveBefore { .. }) => {
                self.removed = true;
                self.card.reset();
                return Err(TransportError::CardRemoved);
            }
            Some(Fault::LoseAnswerOf { .. }) => {
                let bytes = command.to_bytes()?;
                let _lost = self.card.process(&bytes);
                self.removed = true;
                self.card.reset();
                return Err(TransportError::CardRemoved);
            }
            _ => {}
        }
        let bytes = command.to_bytes()?;
        Ok(self.card.process(&bytes))
    }

    fn end_transaction(&mut self, disposition: Disposition) -> Result<(), TransportError> {
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        if disposition != Disposition::Leave {
            self.card.reset();
        }
        Ok(())
    }

    fn reset_card(&mut self, _disposition: Disposition) -> Result<(), TransportError> {
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        self.card.reset();
        Ok(())
    }
}
