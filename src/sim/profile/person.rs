//! The plainly fake cardholder of a simulated card (`[person]`) and the counters of the
//! key references that person's data opens (`[codes]`).
//!
//! A real card's 券面事項入力補助AP holds the 個人番号 and 基本4情報, and its
//! 券面事項確認AP the card face; both are opened by 照合番号 derived from that data
//! (docs/protocol.md §2.2–2.3, soltia48/myna-card `ap/text.rs`, `ap/surface.rs`, `data.rs`):
//!
//! - 照合番号A = the 12-digit 個人番号 (text IEF `0014`, visual `0013`);
//! - 照合番号B = date of birth `YYMMDD` with a **Japanese era** year + the card's expiry
//!   year `YYYY` + the 4-digit security code (text `0015`, visual `0012`);
//! - the date-of-birth key = the first 6 digits of 照合番号B (visual `0011`).
//!
//! Every value here is test data and must be plainly fake: the default holder is
//! 「見本　花子」 (見本 = "specimen") at a 見本町 address, with the 個人番号
//! `123456789018`, which is only a number with a valid check digit. Errors about these
//! fields name the field, never the value.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The default 個人番号: `12345678901` with its check digit `8` (see [`check_digit`]).
pub const DEFAULT_MY_NUMBER: &str = "123456789018";

/// Longest name or address, in bytes (the real card's 基本4情報 fields are short; this
/// keeps every file far below the 15-bit READ BINARY offset).
const MAX_TEXT_LEN: usize = 300;

/// The fake cardholder (`[person]`): what the text and visual applications serve and
/// what their 照合番号 are made of. `Debug` shows no value.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// 個人番号: 12 digits, the last one the check digit of the other 11.
    pub my_number: String,
    /// 氏名 (UTF-8; family and given name separated by an ideographic space U+3000).
    pub name: String,
    /// 住所 (UTF-8).
    pub address: String,
    /// 生年月日, `YYYYMMDD` (Gregorian, as the card stores it; 照合番号B uses the era year).
    pub birth_date: String,
    /// 性別, JIS X 0303: `1` male, `2` female, `9` not applicable, `0` unknown.
    pub sex: String,
    /// The card's 有効期限, `YYYYMMDD`.
    pub card_expiry: String,
    /// The 4-digit セキュリティコード printed on the card face.
    pub security_code: String,
}

impl fmt::Debug for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Person { REDACTED }")
    }
}

impl Default for Person {
    fn default() -> Self {
        Person {
            my_number: DEFAULT_MY_NUMBER.to_owned(),
            name: "見本\u{3000}花子".to_owned(),
            address: "見本県見本市見本町１－２－３".to_owned(),
            birth_date: "19850401".to_owned(),
            sex: "2".to_owned(),
            card_expiry: "20350401".to_owned(),
            security_code: "1234".to_owned(),
        }
    }
}

/// What is wrong with a `[person]` field; the value is never shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonProblem {
    /// `my_number` is not 12 digits.
    MyNumberDigits,
    /// `my_number`'s last digit is not the check digit of the other 11.
    MyNumberCheckDigit,
    /// A date is not `YYYYMMDD` of a real day from 1868-01-25 (明治) on.
    Date,
    /// `sex` is not one of `0`, `1`, `2`, `9`.
    Sex,
    /// `security_code` is not 4 digits.
    SecurityCode,
    /// `name` or `address` is empty or longer than the limit.
    Text {
        /// Most bytes allowed.
        max: usize,
    },
}

impl fmt::Display for PersonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PersonProblem::MyNumberDigits => write!(f, "must be 12 half-width digits"),
            PersonProblem::MyNumberCheckDigit => {
                write!(f, "the last digit must be the check digit of the other 11")
            }
            PersonProblem::Date => write!(f, "must be a date YYYYMMDD from 18680125 on"),
            PersonProblem::Sex => write!(f, "must be 1, 2, 9 or 0 (JIS X 0303)"),
            PersonProblem::SecurityCode => write!(f, "must be 4 half-width digits"),
            PersonProblem::Text { max } => write!(f, "must be 1 to {max} bytes of UTF-8"),
        }
    }
}

fn all_digits(text: &str, len: usize) -> bool {
    text.len() == len && text.bytes().all(|byte| byte.is_ascii_digit())
}

/// The 個人番号's check digit (検査用数字) of its first 11 digits, as 平成26年総務省令第85号
/// defines it: with Pn the n-th digit counted from the right (n = 1..11) and Qn = n + 1
/// for n ≤ 6, n − 5 for n ≥ 7, r = Σ Pn·Qn mod 11; the digit is 0 when r ≤ 1, else 11 − r.
/// `None` unless `first_eleven` is 11 ASCII digits.
pub fn check_digit(first_eleven: &str) -> Option<u8> {
    if !all_digits(first_eleven, 11) {
        return None;
    }
    let sum: u32 = first_eleven
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let n = index as u32 + 1;
            let weight = if n <= 6 { n + 1 } else { n - 5 };
            u32::from(byte - b'0') * weight
        })
        .sum();
    let remainder = sum % 11;
    Some(if remainder <= 1 {
        0
    } else {
        (11 - remainder) as u8
    })
}

/// (year, month, day) of a valid `YYYYMMDD` from 1868-01-25 on.
fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    if !all_digits(text, 8) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=days).contains(&day) && (year, month, day) >= (1868, 1, 25)).then_some((year, month, day))
}

/// The two-digit Japanese era year of a date, as 照合番号B and the date-of-birth key
/// write it (myna-card `data.rs`, confirmed on a test card: 1980-02-17 → 昭和55 → `55`).
/// Era starts: 令和 2019-05-01, 平成 1989-01-08, 昭和 1926-12-25, 大正 1912-07-30,
/// 明治 1868-01-25.
fn era_year((year, month, day): (u32, u32, u32)) -> u32 {
    const ERAS: [((u32, u32, u32), u32); 5] = [
        ((2019, 5, 1), 2019),
        ((1989, 1, 8), 1989),
        ((1926, 12, 25), 1926),
        ((1912, 7, 30), 1912),
        ((1868, 1, 25), 1868),
    ];
    let first_year = ERAS
        .iter()
        .find(|(start, _)| (year, month, day) >= *start)
        .map_or(1868, |(_, first)| *first);
    year - first_year + 1
}

impl Person {
    /// Checks every field; on error, the field's name and the problem.
    pub fn validate(&self) -> Result<(), (&'static str, PersonProblem)> {
        if !all_digits(&self.my_number, 12) {
            return Err(("my_number", PersonProblem::MyNumberDigits));
        }
        let check = check_digit(&self.my_number[..11]);
        if check != Some(self.my_number.as_bytes()[11] - b'0') {
            return Err(("my_number", PersonProblem::MyNumberCheckDigit));
        }
        for (field, text) in [("name", &self.name), ("address", &self.address)] {
            if text.is_empty() || text.len() > MAX_TEXT_LEN {
                return Err((field, PersonProblem::Text { max: MAX_TEXT_LEN }));
            }
        }
        for (field, date) in [
            ("birth_date", &self.birth_date),
            ("card_expiry", &self.card_expiry),
        ] {
            if parse_date(date).is_none() {
                return Err((field, PersonProblem::Date));
            }
        }
        if !matches!(self.sex.as_str(), "0" | "1" | "2" | "9") {
            return Err(("sex", PersonProblem::Sex));
        }
        if !all_digits(&self.security_code, 4) {
            return Err(("security_code", PersonProblem::SecurityCode));
        }
        Ok(())
    }

    /// The date-of-birth key: `YYMMDD` with the era year (visual IEF `0011`).
    /// Empty for an unchecked person whose birth date does not parse.
    pub fn birth_date_key(&self) -> String {
        parse_date(&self.birth_date)
            .map(|date| format!("{:02}{:02}{:02}", era_year(date) % 100, date.1, date.2))
            .unwrap_or_default()
    }

    /// 照合番号A: the 個人番号 (text IEF `0014`, visual `0013`).
    pub fn code_a(&self) -> String {
        self.my_number.clone()
    }

    /// 照合番号B: era `YYMMDD` + expiry year `YYYY` + security code (text IEF `0015`,
    /// visual `0012`).
    pub fn code_b(&self) -> String {
        let expiry_year = self.card_expiry.get(..4).unwrap_or_default();
        format!(
            "{}{expiry_year}{}",
            self.birth_date_key(),
            self.security_code
        )
    }
}

/// One 照合番号 key reference's counter (its value comes from `[person]`).
#[derive(Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Debug)]
#[serde(deny_unknown_fields)]
pub struct CodeCounter {
    /// Tries left; 0 means blocked.
    pub tries_left: u8,
    /// The counter's maximum (1..=15).
    pub max_tries: u8,
}

/// The default maximum of the 照合番号 counters: 10, from myna-card's note on 照合番号B
/// ("a counter of ten attempts"); no public source gives the others' (docs/protocol.md
/// §12), so all five take it.
pub const DEFAULT_CODE_MAX_TRIES: u8 = 10;

impl Default for CodeCounter {
    fn default() -> Self {
        CodeCounter {
            tries_left: DEFAULT_CODE_MAX_TRIES,
            max_tries: DEFAULT_CODE_MAX_TRIES,
        }
    }
}

/// The counters of the key references opened by the cardholder's data (`[codes]`).
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq, Debug, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Codes {
    /// Text AP IEF `0014`, 照合番号A.
    pub text_a: CodeCounter,
    /// Text AP IEF `0015`, 照合番号B.
    pub text_b: CodeCounter,
    /// Visual AP IEF `0013`, 照合番号A.
    pub visual_a: CodeCounter,
    /// Visual AP IEF `0012`, 照合番号B.
    pub visual_b: CodeCounter,
    /// Visual AP IEF `0011`, the date-of-birth key.
    pub visual_birth: CodeCounter,
}

/// A key reference opened by the cardholder's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// Text AP `0014`: 照合番号A.
    TextA,
    /// Text AP `0015`: 照合番号B.
    TextB,
    /// Visual AP `0013`: 照合番号A.
    VisualA,
    /// Visual AP `0012`: 照合番号B.
    VisualB,
    /// Visual AP `0011`: the date-of-birth key.
    VisualBirth,
}

impl CodeKind {
    /// Every kind, in the order of [`Codes`]' fields.
    pub const ALL: [CodeKind; 5] = [
        CodeKind::TextA,
        CodeKind::TextB,
        CodeKind::VisualA,
        CodeKind::VisualB,
        CodeKind::VisualBirth,
    ];

    /// Index into [`CodeKind::ALL`].
    pub fn index(self) -> usize {
        match self {
            CodeKind::TextA => 0,
            CodeKind::TextB => 1,
            CodeKind::VisualA => 2,
            CodeKind::VisualB => 3,
            CodeKind::VisualBirth => 4,
        }
    }

    /// The field name in `[codes]`.
    pub fn field(self) -> &'static str {
        match self {
            CodeKind::TextA => "text_a",
            CodeKind::TextB => "text_b",
            CodeKind::VisualA => "visual_a",
            CodeKind::VisualB => "visual_b",
            CodeKind::VisualBirth => "visual_birth",
        }
    }

    /// The value this key reference compares VERIFY data with.
    pub fn value(self, person: &Person) -> String {
        match self {
            CodeKind::TextA | CodeKind::VisualA => person.code_a(),
            CodeKind::TextB | CodeKind::VisualB => person.code_b(),
            CodeKind::VisualBirth => person.birth_date_key(),
        }
    }
}

impl Codes {
    /// One counter.
    pub fn get(&self, kind: CodeKind) -> &CodeCounter {
        match kind {
            CodeKind::TextA => &self.text_a,
            CodeKind::TextB => &self.text_b,
            CodeKind::VisualA => &self.visual_a,
            CodeKind::VisualB => &self.visual_b,
            CodeKind::VisualBirth => &self.visual_birth,
        }
    }

    /// One counter, to change it.
    pub fn get_mut(&mut self, kind: CodeKind) -> &mut CodeCounter {
        match kind {
            CodeKind::TextA => &mut self.text_a,
            CodeKind::TextB => &mut self.text_b,
            CodeKind::VisualA => &mut self.visual_a,
            CodeKind::VisualB => &mut self.visual_b,
            CodeKind::VisualBirth => &mut self.visual_birth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits_of_worked_examples() {
        // Σ = 212, r = 3 → 8; Σ = 210, r = 1 → 0; Σ = 214, r = 5 → 6.
        assert_eq!(check_digit("12345678901"), Some(8));
        assert_eq!(check_digit("12345678900"), Some(0));
        assert_eq!(check_digit("12345678902"), Some(6));
        // A test card's number (myna-card fixtures) passes too.
        assert_eq!(check_digit("53768667718"), Some(8));
        assert_eq!(check_digit("1234567890"), None);
        assert_eq!(check_digit("1234567890a"), None);
    }

    #[test]
    fn the_default_person_is_valid_and_its_codes_follow_the_card_layout() {
        let person = Person::default();
        assert_eq!(person.validate(), Ok(()));
        // 1985-04-01 is 昭和60.
        assert_eq!(person.birth_date_key(), "600401");
        assert_eq!(person.code_a(), "123456789018");
        assert_eq!(person.code_b(), "60040120351234");
    }

    #[test]
    fn era_years_at_the_boundaries() {
        let key = |birth: &str| {
            Person {
                birth_date: birth.to_owned(),
                ..Person::default()
            }
            .birth_date_key()
        };
        assert_eq!(key("19800217"), "550217", "myna-card's test card");
        assert_eq!(key("19890107"), "640107", "last day of 昭和");
        assert_eq!(key("19890108"), "010108", "first day of 平成");
        assert_eq!(key("20190430"), "310430", "last day of 平成");
        assert_eq!(key("20190501"), "010501", "first day of 令和");
        assert_eq!(key("19261225"), "011225", "first day of 昭和");
    }

    #[test]
    fn each_bad_field_is_named_and_its_value_never_shown() {
        type Spoil = fn(&mut Person);
        let cases: [(Spoil, &str); 8] = [
            (|p| p.my_number = "12345678901".into(), "my_number"),
            (|p| p.my_number = "123456789011".into(), "my_number"),
            (|p| p.birth_date = "19850231".into(), "birth_date"),
            (|p| p.card_expiry = "2035".into(), "card_expiry"),
            (|p| p.sex = "3".into(), "sex"),
            (|p| p.security_code = "12a4".into(), "security_code"),
            (|p| p.name = String::new(), "name"),
            (|p| p.address = "あ".repeat(101), "address"),
        ];
        for (spoil, field) in cases {
            let mut person = Person::default();
            spoil(&mut person);
            let (named, problem) = person.validate().unwrap_err();
            assert_eq!(named, field);
            assert!(!problem.to_string().contains("1234"), "{problem}");
        }
        assert!(!format!("{:?}", Person::default()).contains("花子"));
    }
}
