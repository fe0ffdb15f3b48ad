//! The readers reported to work with the My Number Card (udev/README.md, the udev rules in
//! `udev/`, IDs as in libccid 1.5.2's list) and the ATRs of the card (docs/protocol.md
//! §8.1), for `doctor` to name what it sees.

use crate::messages::Message;

/// How a reader reaches the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interface {
    /// ISO 7816 contacts.
    Contact,
    /// ISO 14443 Type B.
    Contactless,
    /// Both (two PC/SC slots).
    Dual,
    /// The vsmartcard virtual reader (a simulated card).
    Virtual,
}

impl Interface {
    /// Its name in a sentence.
    pub fn message(self) -> Message {
        match self {
            Interface::Contact => Message::new("doctor-interface-contact"),
            Interface::Contactless => Message::new("doctor-interface-contactless"),
            Interface::Dual => Message::new("doctor-interface-dual"),
            Interface::Virtual => Message::new("doctor-interface-virtual"),
        }
    }
}

/// What to know about a reader model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quirk {
    /// Works as is.
    None,
    /// SONY RC-S300/RC-S660: contactless; the card must lie still on it during PIN work.
    HoldStill,
    /// ACS ACR1251: two slots (ICC, PICC); `--reader` picks one.
    TwoSlots,
    /// ACS ACR122U: the kernel's NFC driver (pn533) claims it before pcscd.
    KernelNfcDriver,
    /// SONY RC-S380: no PC/SC driver on Linux.
    NoPcscDriver,
    /// vsmartcard's vpcd: a simulated card, not for the counter.
    Simulated,
}

impl Quirk {
    /// The advice, if any.
    pub fn message(self) -> Option<Message> {
        match self {
            Quirk::None => None,
            Quirk::HoldStill => Some(Message::new("doctor-quirk-hold-still")),
            Quirk::TwoSlots => Some(Message::new("doctor-quirk-two-slots")),
            Quirk::KernelNfcDriver => Some(Message::new("doctor-quirk-kernel-nfc")),
            Quirk::NoPcscDriver => Some(Message::new("doctor-quirk-no-pcsc-driver")),
            Quirk::Simulated => Some(Message::new("doctor-quirk-simulated")),
        }
    }
}

/// A reader model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownReader {
    /// Its model name.
    pub model: &'static str,
    /// Its USB IDs (vendor, product).
    pub usb: &'static [(u16, u16)],
    /// Lower-case parts of the name pcscd gives it (libccid's Info.plist).
    pub names: &'static [&'static str],
    /// Its interface.
    pub interface: Interface,
    /// What to know.
    pub quirk: Quirk,
}

/// The known readers (udev/README.md's table, the RC-S380 that cannot work, and vpcd).
pub const KNOWN_READERS: [KnownReader; 9] = [
    KnownReader {
        model: "SONY FeliCa RC-S300/S",
        usb: &[(0x054c, 0x0dc8)],
        names: &["rc-s300/s"],
        interface: Interface::Contactless,
        quirk: Quirk::HoldStill,
    },
    KnownReader {
        model: "SONY FeliCa RC-S300/P",
        usb: &[(0x054c, 0x0dc9)],
        names: &["rc-s300/p"],
        interface: Interface::Contactless,
        quirk: Quirk::HoldStill,
    },
    KnownReader {
        model: "SONY FeliCa RC-S660/U",
        usb: &[(0x054c, 0x0d8f)],
        names: &["rc-s660"],
        interface: Interface::Contactless,
        quirk: Quirk::HoldStill,
    },
    KnownReader {
        model: "ACS ACR1251 Dual Reader",
        usb: &[(0x072f, 0x221a)],
        names: &["acr1251"],
        interface: Interface::Dual,
        quirk: Quirk::TwoSlots,
    },
    KnownReader {
        model: "ACS ACR122U",
        usb: &[(0x072f, 0x2200)],
        names: &["acr122"],
        interface: Interface::Contactless,
        quirk: Quirk::KernelNfcDriver,
    },
    KnownReader {
        model: "ACS ACR39U",
        usb: &[(0x072f, 0xb100)],
        names: &["acr39"],
        interface: Interface::Contact,
        quirk: Quirk::None,
    },
    KnownReader {
        model: "SCM SCR3310",
        usb: &[(0x04e6, 0x511f), (0x04e6, 0x511a)],
        names: &["scr3310", "scr 3310", "scr33x"],
        interface: Interface::Contact,
        quirk: Quirk::None,
    },
    KnownReader {
        model: "SONY PaSoRi RC-S380",
        usb: &[(0x054c, 0x06c1), (0x054c, 0x06c3)],
        names: &["rc-s380"],
        interface: Interface::Contactless,
        quirk: Quirk::NoPcscDriver,
    },
    KnownReader {
        model: "vsmartcard vpcd",
        usb: &[],
        names: &["virtual pcd"],
        interface: Interface::Virtual,
        quirk: Quirk::Simulated,
    },
];

/// The known model of a reader pcscd lists, by its name.
pub fn by_name(name: &str) -> Option<&'static KnownReader> {
    let name = name.to_lowercase();
    KNOWN_READERS
        .iter()
        .find(|known| known.names.iter().any(|part| name.contains(part)))
}

/// The known model of a USB device.
pub fn by_usb(vendor: u16, product: u16) -> Option<&'static KnownReader> {
    KNOWN_READERS
        .iter()
        .find(|known| known.usb.contains(&(vendor, product)))
}

/// Whether a reader is vsmartcard's virtual reader (`Virtual PCD 00 0x`).
pub fn is_vpcd(name: &str) -> bool {
    by_name(name).is_some_and(|known| known.interface == Interface::Virtual)
}

/// What an ATR says about the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtrClass {
    /// A My Number Card's contact ATR.
    ContactMyNumber,
    /// A My Number Card's contactless ATR (built by the reader from the ATQB).
    ContactlessMyNumber,
    /// Any other card (or a reader that builds the ATR its own way).
    Other,
}

impl AtrClass {
    /// Its description.
    pub fn message(self) -> Message {
        match self {
            AtrClass::ContactMyNumber => Message::new("doctor-atr-contact"),
            AtrClass::ContactlessMyNumber => Message::new("doctor-atr-contactless"),
            AtrClass::Other => Message::new("doctor-atr-other"),
        }
    }
}

/// The contact ATRs of docs/protocol.md §8.1 ("JPKI (02)" to "(05)", and OpenSC's
/// original `jpki_atrs` entry).
const CONTACT_ATRS: [&[u8]; 5] = [
    &[
        0x3B, 0xDA, 0x13, 0xFF, 0x81, 0x31, 0xFB, 0x46, 0x80, 0x12, 0x39, 0x2F, 0x31, 0xC1, 0x73,
        0xC6, 0x01, 0xC0, 0x3B,
    ],
    &[
        0x3B, 0xC5, 0xFF, 0x81, 0x31, 0xFB, 0x45, 0x80, 0x73, 0xC6, 0x01, 0x00, 0x00,
    ],
    &[
        0x3B, 0xF5, 0x91, 0x00, 0xFF, 0x91, 0x81, 0x71, 0xFE, 0x40, 0x00, 0x42, 0x00, 0x01, 0x00,
        0xD1, 0xD6,
    ],
    &[
        0x3B, 0xF5, 0x91, 0x00, 0xFF, 0x91, 0x81, 0x71, 0xFE, 0x40, 0x00, 0x42, 0x00, 0x01, 0xB3,
        0xA1, 0x15,
    ],
    &[0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14],
];

/// The contactless ATRs of docs/protocol.md §8.1 ("JPKI (06)" to "(09)"): `3B 88 80 01`,
/// the ATQB's application data and protocol info, the MBLI byte, TCK.
const CONTACTLESS_ATRS: [&[u8]; 4] = [
    &[
        0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x05, 0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x7F,
    ],
    &[
        0x3B, 0x88, 0x80, 0x01, 0x00, 0x00, 0x41, 0xE0, 0xB3, 0x81, 0xA1, 0x00, 0x3B,
    ],
    &[
        0x3B, 0x88, 0x80, 0x01, 0x00, 0x4B, 0x51, 0xFF, 0x00, 0x81, 0xD1, 0x00, 0xBC,
    ],
    &[
        0x3B, 0x88, 0x80, 0x01, 0x00, 0x4B, 0x51, 0xFF, 0xB3, 0x81, 0xD1, 0x00, 0x0F,
    ],
];

/// Classifies an ATR against docs/protocol.md §8.1. The ATR does not decide whether the
/// card is a My Number Card (readers may build their own; OpenSC selects the JPKI AP
/// instead, §8.2): the card check asks the card too.
pub fn classify_atr(atr: &[u8]) -> AtrClass {
    if CONTACT_ATRS.contains(&atr) {
        AtrClass::ContactMyNumber
    } else if CONTACTLESS_ATRS.contains(&atr) {
        AtrClass::ContactlessMyNumber
    } else {
        AtrClass::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atrs_of_the_protocol_notes_are_classified() {
        let contact = [
            0x3B, 0xC5, 0xFF, 0x81, 0x31, 0xFB, 0x45, 0x80, 0x73, 0xC6, 0x01, 0x00, 0x00,
        ];
        assert_eq!(classify_atr(&contact), AtrClass::ContactMyNumber);
        let contactless = crate::apdu::spaced_hex(CONTACTLESS_ATRS[0]);
        assert_eq!(contactless, crate::sim::DEFAULT_ATR);
        assert_eq!(
            classify_atr(CONTACTLESS_ATRS[3]),
            AtrClass::ContactlessMyNumber
        );
        // A FeliCa card through PC/SC Part 3 (the storage-card ATR).
        let felica = [
            0x3B, 0x8F, 0x80, 0x01, 0x80, 0x4F, 0x0C, 0xA0, 0x00, 0x00, 0x03, 0x06, 0x11, 0x00,
            0x3B, 0x00, 0x00, 0x00, 0x00, 0x42,
        ];
        assert_eq!(classify_atr(&felica), AtrClass::Other);
        assert_eq!(classify_atr(&contact[..12]), AtrClass::Other);
    }

    #[test]
    fn readers_are_found_by_the_names_pcscd_gives_and_by_usb_id() {
        let model = |name: &str| by_name(name).map(|known| known.model);
        assert_eq!(
            model("SONY FeliCa RC-S300/P [RC-S300/P] (0123456) 00 00"),
            Some("SONY FeliCa RC-S300/P")
        );
        assert_eq!(
            model("ACS ACR1251 Dual Reader [ACR1251 Dual Reader PICC] 00 01"),
            Some("ACS ACR1251 Dual Reader")
        );
        assert_eq!(
            model("ACS ACR122U PICC Interface 00 00"),
            Some("ACS ACR122U")
        );
        assert_eq!(model("Gemalto PC Twin Reader 00 00"), None);
        assert!(is_vpcd("Virtual PCD 00 01"));
        assert!(!is_vpcd("SONY FeliCa RC-S300/S 00 00"));
        assert_eq!(
            by_usb(0x054c, 0x06c3).map(|known| known.quirk),
            Some(Quirk::NoPcscDriver)
        );
        assert_eq!(
            by_usb(0x054c, 0x0dc9).map(|known| known.quirk),
            Some(Quirk::HoldStill)
        );
        assert_eq!(by_usb(0x1d6b, 0x0002), None);
    }

    #[test]
    fn every_udev_rule_id_is_in_the_table() {
        // udev/70-mynapin-readers.rules lists by ID the readers this table names.
        let rules = include_str!("../../udev/70-mynapin-readers.rules");
        for line in rules
            .lines()
            .filter(|line| line.starts_with("ATTR{idVendor}"))
        {
            let vendor = line.split('"').nth(1).unwrap();
            let products = line.split('"').nth(3).unwrap();
            for product in products.split('|') {
                let id = (
                    u16::from_str_radix(vendor, 16).unwrap(),
                    u16::from_str_radix(product, 16).unwrap(),
                );
                assert!(by_usb(id.0, id.1).is_some(), "{vendor}:{product}");
            }
        }
    }
}
