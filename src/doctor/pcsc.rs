//! What pcscd answers, for `doctor`: `SCardEstablishContext`'s own result (a refusal by
//! polkit, `SCARD_E_NO_ACCESS`, is told apart from pcscd not running), then the readers
//! with their cards ([`crate::transport::list_readers`]) and, for each card, whether it
//! answers the JPKI AP ([`crate::card::probe::probe_reader`], a read-only SELECT).

use super::{Establish, Pcsc, Reader};
use crate::transport::{ReaderChoice, choose_reader};

/// Asks pcscd. Never fails: what went wrong is in the answer. Only the cards in the
/// readers `choice` names are probed (every card for [`ReaderChoice::Auto`]).
pub fn query(choice: &ReaderChoice) -> Pcsc {
    let establish = match ::pcsc::Context::establish(::pcsc::Scope::User) {
        Ok(_) => Establish::Ok,
        Err(::pcsc::Error::NoService | ::pcsc::Error::ServiceStopped) => Establish::NoService,
        Err(::pcsc::Error::NoAccess) => Establish::NoAccess,
        Err(error) => Establish::Failed(format!("SCardEstablishContext: {error} ({error:?})")),
    };
    if establish != Establish::Ok {
        return Pcsc {
            establish,
            ..Pcsc::default()
        };
    }
    match crate::transport::list_readers() {
        Ok(readers) => {
            let chosen = match choice {
                ReaderChoice::Auto => None,
                choice => {
                    let pairs: Vec<(&str, bool)> = readers
                        .iter()
                        .map(|info| (info.name.as_str(), info.card_present))
                        .collect();
                    Some(choose_reader(&pairs, choice).ok())
                }
            };
            Pcsc {
                establish,
                readers: readers
                    .iter()
                    .enumerate()
                    .map(|(index, info)| Reader {
                        name: info.name.clone(),
                        card_present: info.card_present,
                        atr: info.atr.clone(),
                        jpki: chosen
                            .is_none_or(|chosen| chosen == Some(index))
                            .then(|| crate::card::probe::probe_reader(info))
                            .flatten(),
                    })
                    .collect(),
                listing_error: None,
            }
        }
        Err(error) => Pcsc {
            establish,
            readers: Vec::new(),
            listing_error: Some(error.to_string()),
        },
    }
}
