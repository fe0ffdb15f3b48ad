//! The in-process transport over the simulated card, with fault injection.
//!
//! It holds a [`SimCard`], counts the APDUs it carries, and can stage one [`Fault`] (a card
//! pulled, an answer lost, short or replaced by an execution error, a link timeout, a
//! reset by another application) at a chosen command, so tests can check that a write
//! whose answer was lost is reported as *outcome unknown*.

use crate::apdu::{ApduError, Command, Response};
use crate::sim::{Fault, FaultKind, FaultTrigger, SimCard};

use super::{Disposition, Transport, TransportError};

/// The simulated card, in-process.
pub struct SimTransport {
    card: SimCard,
    fault: Option<FaultTrigger>,
    removed: bool,
    exchanges: usize,
    headers: Vec<[u8; 4]>,
    executed: Vec<([u8; 4], usize)>,
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
            executed: Vec::new(),
        }
    }

    /// Arms a fault (any [`FaultKind`], at any target); it fires once.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.fault = Some(FaultTrigger::new(fault));
        self
    }

    /// Whether the armed fault has fired (`false` without one).
    ///
    /// Harness API: the integration tests' fault table (`tests/integration/fault_table.rs`)
    /// checks with it that a staged fault was reached; the tool itself does not use it.
    pub fn fault_fired(&self) -> bool {
        self.fault.as_ref().is_some_and(FaultTrigger::fired)
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

    /// The commands the card executed, in order, as their header and the length of their
    /// data field (never the data): a command a fault kept from the card is not there, one
    /// whose answer a fault lost is.
    pub fn executed(&self) -> &[([u8; 4], usize)] {
        &self.executed
    }

    /// Executes `command` on the card and notes it.
    fn execute(&mut self, header: [u8; 4], command: &Command) -> Result<Response, TransportError> {
        let bytes = command.to_bytes()?;
        self.executed.push((header, command.data.as_bytes().len()));
        Ok(self.card.process(&bytes))
    }

    /// Stages `kind` on `command`: what the host gets.
    fn stage(
        &mut self,
        kind: FaultKind,
        header: [u8; 4],
        command: &Command,
    ) -> Result<Response, TransportError> {
        if kind == FaultKind::CardReset {
            self.card.reset();
            return Err(TransportError::CardReset);
        }
        if kind == FaultKind::Slow {
            std::thread::sleep(crate::sim::SLOW_ANSWER);
            return self.execute(header, command);
        }
        let answer = if kind.executes() {
            Some(self.execute(header, command)?)
        } else {
            None
        };
        if kind.removes_card() {
            self.removed = true;
            self.card.reset();
        }
        match kind {
            FaultKind::EmptyAnswer => Err(ApduError::ResponseTooShort(0).into()),
            FaultKind::OneByteAnswer => {
                // The first byte of the card's own answer, as a link cut after it would give.
                let first = answer.map(|answer| answer.to_bytes()).unwrap_or_default();
                Response::from_bytes(first.get(..1).unwrap_or_default())
                    .map_err(TransportError::from)
            }
            FaultKind::Timeout => Err(TransportError::Timeout),
            FaultKind::Status(sw) => Ok(Response::status_only(sw.into())),
            FaultKind::Remove | FaultKind::LoseAnswer | FaultKind::CardReset | FaultKind::Slow => {
                Err(TransportError::CardRemoved)
            }
        }
    }
}

impl Transport for SimTransport {
    fn transmit(&mut self, command: &Command) -> Result<Response, TransportError> {
        self.exchanges += 1;
        let header = [command.cla, command.ins, command.p1, command.p2];
        self.headers.push(header);
        if self.removed {
            return Err(TransportError::CardRemoved);
        }
        match self
            .fault
            .as_mut()
            .and_then(|trigger| trigger.fires(Some(command)))
        {
            Some(kind) => self.stage(kind, header, command),
            None => self.execute(header, command),
        }
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
