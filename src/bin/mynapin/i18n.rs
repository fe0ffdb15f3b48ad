//! Japanese and English wording: PIN labels (DESIGN.md's table), status lines, and the
//! explanation of every error, with what the citizen or the staff can do next.
//!
//! No message takes a PIN value; none can print one.

use clap::ValueEnum;
use mynapin::card::{CardError, FormatProblem, Operation, PinKind, Unavailable};
use mynapin::sim::ProfileError;
use mynapin::transport::TransportError;

/// Message language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// 日本語.
    Ja,
    /// English.
    En,
}

impl Lang {
    /// From the locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`, first one set):
    /// English when the locale names a language other than Japanese, Japanese otherwise
    /// (also for an unset, `C` or `POSIX` locale: the counter's staff read Japanese first).
    pub fn from_locale(value: Option<String>) -> Lang {
        match value.as_deref().map(|v| v.to_ascii_lowercase()) {
            Some(v)
                if v.is_empty()
                    || v == "c"
                    || v == "posix"
                    || v.starts_with("c.")
                    || v.starts_with("ja") =>
            {
                Lang::Ja
            }
            Some(_) => Lang::En,
            None => Lang::Ja,
        }
    }

    /// Picks the Japanese or the English text.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

/// The first set locale variable, for [`Lang::from_locale`].
pub fn locale_from_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
}

/// The PIN's name as staff and citizens know it.
pub fn label(lang: Lang, kind: PinKind) -> &'static str {
    match (lang, kind) {
        (Lang::Ja, PinKind::Auth) => "利用者証明用電子証明書パスワード",
        (Lang::Ja, PinKind::Sign) => "署名用電子証明書パスワード",
        (Lang::Ja, PinKind::Text) => "券面事項入力補助用暗証番号",
        (Lang::Ja, PinKind::Juki) => "住民基本台帳用暗証番号",
        (Lang::En, PinKind::Auth) => "User authentication password",
        (Lang::En, PinKind::Sign) => "Signature password",
        (Lang::En, PinKind::Text) => "Card info input support PIN",
        (Lang::En, PinKind::Juki) => "Resident registry PIN",
    }
}

/// The format rule, as a short hint.
pub fn format_hint(lang: Lang, kind: PinKind) -> &'static str {
    match (lang, kind) {
        (Lang::Ja, PinKind::Sign) => "英大文字と数字の6〜16文字、英字と数字を両方含む",
        (Lang::Ja, _) => "数字4桁",
        (Lang::En, PinKind::Sign) => "6-16 capital letters and digits, with at least one of each",
        (Lang::En, _) => "4 digits",
    }
}

/// Where a blocked or forgotten PIN can be reset (初期化), per kind (JLIS-PW; city pages).
pub fn reset_advice(lang: Lang, kind: PinKind) -> String {
    match (lang, kind.other_jpki()) {
        (Lang::Ja, Some(other)) => format!(
            "市区町村の窓口で再設定(初期化)できます(本人確認書類が必要)。{}が分かれば、JPKI暗証番号リセットアプリとコンビニのマルチコピー機でも再設定できます。",
            label(Lang::Ja, other)
        ),
        (Lang::En, Some(other)) => format!(
            "It can be reset (初期化) at the municipal office, with identity documents; a citizen who knows the {} can also reset it with the JPKI PIN reset app and a convenience-store multifunction printer.",
            label(Lang::En, other).to_lowercase()
        ),
        (Lang::Ja, None) => {
            "市区町村の窓口でのみ再設定(初期化)できます(本人確認書類が必要)。".to_owned()
        }
        (Lang::En, None) => {
            "It can be reset (初期化) only at the municipal office, with identity documents."
                .to_owned()
        }
    }
}

/// One line of advice for a PIN that is not available.
pub fn unavailable_text(lang: Lang, reason: Unavailable) -> &'static str {
    match reason {
        Unavailable::NoSignatureCertificate => lang.pick(
            "署名用電子証明書がありません(15歳未満の方のカードなど)",
            "no signature certificate on this card (e.g. a card of a child under 15)",
        ),
        Unavailable::ApplicationNotFound => lang.pick(
            "このカードにはこのアプリケーションがありません",
            "this card has no such application",
        ),
        Unavailable::PinNotFound => lang.pick(
            "このカードにはこの暗証番号がありません",
            "this card has no such PIN",
        ),
    }
}

fn format_problem(lang: Lang, problem: FormatProblem) -> &'static str {
    match problem {
        FormatProblem::NotFourDigits => lang.pick(
            "半角数字4桁で入力してください",
            "enter exactly 4 half-width digits",
        ),
        FormatProblem::SignLength => {
            lang.pick("6〜16文字で入力してください", "enter 6 to 16 characters")
        }
        FormatProblem::SignCharacters => lang.pick(
            "半角の英字と数字だけで入力してください",
            "use half-width letters and digits only",
        ),
        FormatProblem::SignNeedsLetterAndDigit => lang.pick(
            "英字と数字を両方含めてください",
            "include at least one letter and one digit",
        ),
    }
}

/// The explanation of a transport failure, with what to check.
pub fn transport_text(lang: Lang, error: &TransportError) -> String {
    match error {
        TransportError::NoService => lang
            .pick(
                "PC/SCサービス(pcscd)が動いていません。`sudo systemctl start pcscd` などで起動してください。",
                "The PC/SC service (pcscd) is not running. Start it, e.g. `sudo systemctl start pcscd`.",
            )
            .to_owned(),
        TransportError::NoReaders => lang
            .pick(
                "カードリーダーが見つかりません。USBの接続を確認してください。",
                "No card reader found. Check the USB connection.",
            )
            .to_owned(),
        TransportError::NoCard => lang
            .pick(
                "カードがありません。カードをリーダーに置いてください。",
                "No card in the reader. Insert or place the card.",
            )
            .to_owned(),
        TransportError::CardRemoved => lang
            .pick(
                "カードが取り外されました。カードを置き直して、状態を確認してからやり直してください。",
                "The card was removed. Put it back, check its status, then try again.",
            )
            .to_owned(),
        TransportError::CardReset => lang
            .pick(
                "他のアプリケーションがカードをリセットしました。何も再送していません。状態を確認してからやり直してください。",
                "Another application reset the card; nothing was resent. Check the status, then try again.",
            )
            .to_owned(),
        TransportError::Apdu(mynapin::apdu::ApduError::ResponseTooShort(length)) => match lang {
            Lang::Ja => format!(
                "カードの応答が短すぎます({length}バイト、2バイト以上が必要)。カードが外れたか、リーダーとの通信が切れた可能性があります。"
            ),
            Lang::En => format!(
                "The card's answer was too short ({length} bytes; at least 2 are needed): the card was probably removed or the reader lost it."
            ),
        },
        TransportError::Timeout => lang
            .pick("カードを待つ時間が過ぎました。", "Timed out waiting for a card.")
            .to_owned(),
        TransportError::SharingViolation => lang
            .pick(
                "他のアプリケーションがカードを使用中です。そのアプリケーションを終了してください。",
                "Another application is using the card. Close it and try again.",
            )
            .to_owned(),
        TransportError::ReaderNotFound { wanted, available } => match lang {
            Lang::Ja => format!("「{wanted}」に合うリーダーがありません。リーダー: {}", available.join(", ")),
            Lang::En => format!("No reader matches \"{wanted}\". Readers: {}", available.join(", ")),
        },
        TransportError::AmbiguousReader { wanted, candidates } if wanted.is_empty() => match lang {
            Lang::Ja => format!(
                "カードのあるリーダーが複数あります。--reader で選んでください: {}",
                candidates.join(", ")
            ),
            Lang::En => format!("Several readers hold cards; choose one with --reader: {}", candidates.join(", ")),
        },
        TransportError::AmbiguousReader { wanted, candidates } => match lang {
            Lang::Ja => format!("「{wanted}」に合うリーダーが複数あります: {}", candidates.join(", ")),
            Lang::En => format!("Several readers match \"{wanted}\": {}", candidates.join(", ")),
        },
        other => match lang {
            Lang::Ja => format!("カードとの通信に失敗しました: {other}"),
            Lang::En => format!("Communication with the card failed: {other}"),
        },
    }
}

/// A short phrase for what broke the link, to stand inside another sentence (without the
/// "try again" advice of [`transport_text`], which an unknown outcome must not give).
fn cause_text(lang: Lang, error: &TransportError) -> String {
    match error {
        TransportError::CardRemoved => lang
            .pick("カードが取り外されました", "the card was removed")
            .to_owned(),
        TransportError::Apdu(mynapin::apdu::ApduError::ResponseTooShort(length)) => match lang {
            Lang::Ja => format!("応答が{length}バイトしかありませんでした"),
            Lang::En => format!("the answer had only {length} bytes"),
        },
        other => other.to_string(),
    }
}

/// The explanation of an unknown outcome: what was sent, what broke, and what to do —
/// never "try again" before the card's state is known.
fn outcome_unknown_text(lang: Lang, kind: PinKind, operation: Operation, cause: &str) -> String {
    let what = match (lang, operation) {
        (Lang::Ja, Operation::Verify) => "照合",
        (Lang::Ja, Operation::Change) => "変更",
        (Lang::En, Operation::Verify) => "verification",
        (Lang::En, Operation::Change) => "change",
    };
    match lang {
        Lang::Ja => format!(
            "{}の{what}をカードに送りましたが、結果が分かりません({cause})。{what}されたかどうかは不明です。カードを置き直し、mynapin status で残り回数を確認してください。変更の場合は、新旧どちらの値で照合できるかを確かめるまで繰り返さないでください。",
            label(lang, kind)
        ),
        Lang::En => format!(
            "The {} {what} was sent to the card, but its result is unknown ({cause}). Whether it took effect is UNKNOWN. Put the card back and check the tries left with `mynapin status`; for a change, do not repeat it before finding out whether the old or the new value verifies.",
            label(lang, kind).to_lowercase()
        ),
    }
}

/// The explanation of a card-flow failure, with what to do next.
pub fn card_error_text(lang: Lang, error: &CardError) -> String {
    match error {
        CardError::PinFormat(format) => format!(
            "{}: {} ({})",
            label(lang, format.kind),
            format_problem(lang, format.problem),
            lang.pick(
                "カードには何も送っていません",
                "nothing was sent to the card"
            )
        ),
        CardError::SameNewPin(kind) => match lang {
            Lang::Ja => format!("{}: 新しい値が現在の値と同じです。", label(lang, *kind)),
            Lang::En => format!(
                "{}: the new value is the same as the current one.",
                label(lang, *kind)
            ),
        },
        CardError::NewPinMismatch(kind) => match lang {
            Lang::Ja => format!("{}: 確認のための入力が一致しません。", label(lang, *kind)),
            Lang::En => format!(
                "{}: the two entries of the new value differ.",
                label(lang, *kind)
            ),
        },
        CardError::NotAvailable { kind, reason } => {
            format!(
                "{}: {}",
                label(lang, *kind),
                unavailable_text(lang, *reason)
            )
        }
        CardError::WrongPin { kind, left } => match lang {
            Lang::Ja => format!("{}が違います。残り{left}回です。", label(lang, *kind)),
            Lang::En => format!(
                "Wrong {}: {left} tries left.",
                label(lang, *kind).to_lowercase()
            ),
        },
        CardError::Blocked { kind, just_now } => {
            let head = match (lang, just_now) {
                (Lang::Ja, true) => format!("{}が違います。ロックされました。", label(lang, *kind)),
                (Lang::Ja, false) => format!("{}はロックされています。", label(lang, *kind)),
                (Lang::En, true) => format!(
                    "Wrong {}: it is now blocked.",
                    label(lang, *kind).to_lowercase()
                ),
                (Lang::En, false) => {
                    format!("The {} is blocked.", label(lang, *kind).to_lowercase())
                }
            };
            format!("{head} {}", reset_advice(lang, *kind))
        }
        CardError::LastTryGuard(kind) => match lang {
            Lang::Ja => format!(
                "{}は残り1回です。間違えるとロックされるため、カードには何も送っていません。確実な場合だけ --allow-last-try を付けてやり直してください。",
                label(lang, *kind)
            ),
            Lang::En => format!(
                "Only one try is left for the {}; a mistake would block it, so nothing was sent. Only if the value is certain, run again with --allow-last-try.",
                label(lang, *kind).to_lowercase()
            ),
        },
        CardError::CounterUnknown(kind) => match lang {
            Lang::Ja => format!(
                "カードが{}の残り回数を返しません。確実な場合だけ --allow-last-try を付けてやり直してください。",
                label(lang, *kind)
            ),
            Lang::En => format!(
                "The card does not report the {}'s tries left. Only if the value is certain, run again with --allow-last-try.",
                label(lang, *kind).to_lowercase()
            ),
        },
        CardError::OutcomeUnknown {
            kind,
            operation,
            source,
        } => outcome_unknown_text(lang, *kind, *operation, &cause_text(lang, source)),
        CardError::OutcomeUnknownStatus {
            kind,
            operation,
            sw,
        } => {
            let cause = match lang {
                Lang::Ja => format!("カードが実行中の異常 {sw} を返しました"),
                Lang::En => format!("the card answered {sw}, an error while executing it"),
            };
            outcome_unknown_text(lang, *kind, *operation, &cause)
        }
        CardError::NewPinRejected { kind, sw } => match lang {
            Lang::Ja => format!(
                "カードが新しい{}を受け付けませんでした({sw})。",
                label(lang, *kind)
            ),
            Lang::En => format!(
                "The card rejected the new {} ({sw}).",
                label(lang, *kind).to_lowercase()
            ),
        },
        CardError::UnexpectedStatus { step, sw } => match lang {
            Lang::Ja => format!("カードが予期しない応答を返しました: {step} → {sw}"),
            Lang::En => format!("The card gave an unexpected answer: {step} → {sw}"),
        },
        CardError::Transport(transport) => transport_text(lang, transport),
        other => other.to_string(),
    }
}

/// The explanation of a profile error (the field is named by the error itself).
pub fn profile_error_text(lang: Lang, error: &ProfileError) -> String {
    match lang {
        Lang::Ja => format!("カードプロファイルを読み書きできません: {error}"),
        Lang::En => format!("Cannot use the card profile: {error}"),
    }
}

/// The explanation of a failure to write the simulated card back to its profile file.
pub fn profile_not_saved_text(lang: Lang, error: &ProfileError) -> String {
    match lang {
        Lang::Ja => format!(
            "シミュレーションのカードをプロファイルに保存できません。この操作の結果は失われました: {error}"
        ),
        Lang::En => format!(
            "Cannot save the simulated card to its profile; this command's effect is lost: {error}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale(Some("ja_JP.UTF-8".into())), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8".into())), Lang::En);
        assert_eq!(Lang::from_locale(Some("C.UTF-8".into())), Lang::Ja);
        assert_eq!(Lang::from_locale(None), Lang::Ja);
    }

    #[test]
    fn blocked_advice_names_the_other_password_for_jpki_only() {
        assert!(reset_advice(Lang::Ja, PinKind::Sign).contains(label(Lang::Ja, PinKind::Auth)));
        assert!(reset_advice(Lang::En, PinKind::Auth).contains("signature password"));
        assert!(!reset_advice(Lang::Ja, PinKind::Text).contains("コンビニ"));
    }
}
