# mynapin's English catalogue. A message missing here is shown from ja.ftl.
# No message takes a PIN value.

## Common

# A technical detail in English (a parser's or the operating system's words), kept
# apart from the sentence.
with-detail = { $text } (detail: { $detail })

## PIN names (docs/DESIGN.md's table). pin-label-*: on its own (a heading, the start of a
## line); pin-name-*: inside a sentence.

pin-label-auth = User authentication password
pin-label-sign = Signature password
pin-label-text = Card info input support PIN
pin-label-juki = Resident registry PIN
pin-name-auth = user authentication password
pin-name-sign = signature password
pin-name-text = card info input support PIN
pin-name-juki = resident registry PIN
pin-hint-four-digits = 4 digits
pin-hint-sign = 6-16 capital letters and digits, with at least one of each
pin-reset-jpki = It can be reset (初期化) at the municipal office, with identity documents; a citizen who knows the { $other } can also reset it with the JPKI PIN reset app and a convenience-store multifunction printer.
pin-reset-office-only = It can be reset (初期化) only at the municipal office, with identity documents.

## PINs that are not available

unavailable-no-signature-certificate = no signature certificate on this card (e.g. a card of a child under 15)
unavailable-application-not-found = this card has no such application
unavailable-pin-not-found = this card has no such PIN

## PIN format

format-not-four-digits = enter exactly 4 half-width digits
format-sign-length = enter 6 to 16 characters
format-sign-characters = use half-width letters and digits only
format-sign-letter-and-digit = include at least one letter and one digit

## Card flow failures

card-pin-format = { $label }: { $problem } (nothing was sent to the card)
card-same-new-pin = { $label }: the new value is the same as the current one.
card-kind-mismatch = The current value was checked as a { $current } but the new one as a { $new } (a program error); nothing was sent to the card.
card-new-pin-mismatch = { $label }: the two entries of the new value differ.
card-not-available = { $label }: { $reason }
card-wrong-pin = Wrong { $pin }: { $left ->
        [one] { $left } try
       *[other] { $left } tries
    } left.
card-blocked-just-now = Wrong { $pin }: it is now blocked. { $advice }
card-blocked = The { $pin } is blocked. { $advice }
card-last-try-guard = Only one try is left for the { $pin }; a mistake would block it, so nothing was sent. Only if the value is certain, run again with --allow-last-try.
card-unconfirmed-command = The command for the { $pin } { $operation } has no public confirmation on real cards, so nothing was sent to the card.
card-counter-unknown = The card does not report the { $pin }'s tries left. Only if the value is certain, run again with --allow-last-try.
card-outcome-unknown = The { $pin } { $operation } was sent to the card, but its result is unknown ({ $cause }). Whether it took effect is UNKNOWN. Put the card back and check the tries left with `mynapin status`; for a change, do not repeat it before finding out whether the old or the new value verifies.
card-new-pin-rejected = The card rejected the new { $pin } ({ $sw }).
card-unexpected-status = The card gave an unexpected answer: { $step } → { $sw }
operation-verify = verification
operation-change = change

## What broke the link (short phrases inside another sentence)

cause-card-removed = the card was removed
cause-short-answer = the answer had only { $length ->
        [one] { $length } byte
       *[other] { $length } bytes
    }
cause-execution-error = the card answered { $sw }, an error while executing it
cause-timeout = the card did not answer in time
cause-card-reset = another application reset the card
cause-no-service = the PC/SC service (pcscd) stopped
cause-reader-gone = the card reader was unplugged
cause-sharing-violation = another application is using the card
cause-divergence = the replayed trace parts ways at exchange { $position }
cause-link-failed = the link to the card failed
cause-bad-apdu = { $problem }

## The link to the card

transport-no-service = The PC/SC service (pcscd) is not running. Start it, e.g. `sudo systemctl start pcscd`.
transport-no-readers = No card reader found. Check the USB connection.
transport-no-card = No card in the reader. Insert or place the card.
transport-card-removed = The card was removed. Put it back, check its status, then try again.
transport-card-reset = Another application reset the card; nothing was resent. Check the status, then try again.
transport-short-answer = The card's answer was too short ({ $length ->
        [one] { $length } byte
       *[other] { $length } bytes
    }; at least 2 are needed): the card was probably removed or the reader lost it.
transport-timeout = Timed out waiting for a card.
transport-sharing-violation = Another application is using the card. Close it and try again.
transport-reader-not-found = No reader matches "{ $wanted }". Readers: { $available }
transport-several-cards = Several readers hold cards; choose one with --reader: { $candidates }
transport-ambiguous-reader = Several readers match "{ $wanted }": { $candidates }
transport-divergence = The replayed trace diverges at exchange { $position }: the trace expects { $expected }, the flow sent { $actual }.
transport-bad-apdu = Communication with the card failed: { $problem }
transport-link = Communication with the card failed.
replay-end-of-trace = end of trace

## APDUs

apdu-response-too-short = a response of { $length ->
        [one] { $length } byte
       *[other] { $length } bytes
    } is shorter than a status word (2 bytes)
apdu-malformed-command = a malformed command APDU ({ $length } bytes): its length fields do not match its size
apdu-data-too-long = command data of { $length } bytes exceeds 65535
apdu-invalid-le = the expected length { $length } is outside 1..=65536

## Files and connections

io-not-found = the file does not exist
io-permission-denied = permission denied
io-connection-refused = the connection was refused
io-timed-out = no answer in time
io-connection-closed = the connection was closed
io-failed = reading or writing failed

## Trace files

trace-missing-version = line 1: not a mynapin trace: the first line must be `# mynapin-trace 1`
trace-unknown-version = line 1: unknown trace version { $version }; this build reads version 1
trace-bad-hex = line { $line }, byte { $byte }: expected two hex digits or `**`
trace-response-without-command = line { $line }: a response (`<`) without a command (`>`) before it
trace-command-without-response = line { $line }: the command has no response: the next line must be `< …` or `# transport error: …`
trace-command-too-short = line { $line }: a command needs at least 4 bytes (CLA INS P1 P2), found { $length }
trace-response-too-short = line { $line }: a response needs at least 2 bytes (SW1 SW2), found { $length }
trace-masked-response = line { $line }, byte { $byte }: a response cannot hold a masked byte `**`
trace-unrecognised-line = line { $line }: expected a `#` comment, a `>` command or a `<` response
trace-invalid-header-key = invalid trace header key { $key }: use letters, digits, `-` and `_`
trace-io = Trace file { $path }: { $reason }
trace-in-file = Trace file { $path }: { $problem }

## Card profiles

profile-io = Cannot use the card profile { $path }: { $reason }
profile-syntax = Cannot use the card profile { $path }: it is not a valid profile
profile-syntax-at = Cannot use the card profile { $path }: line { $line }, column { $column } is not valid
profile-syntax-field = Cannot use the card profile { $path }: line { $line }, column { $column } (field `{ $place }`) is not valid
profile-syntax-table = Cannot use the card profile { $path }: line { $line }, column { $column } (in [{ $place }]) is not valid
profile-invalid = Cannot use the card profile { $path }: field `{ $field }`: { $problem }
profile-problem-atr-not-hex = must be hex bytes, e.g. "3B 88 80 01 …"
profile-problem-atr-length = must be 2 to 33 bytes, found { $found }
profile-problem-atr-ts-byte = must start with 3B or 3F (the TS byte)
profile-problem-token-label = must be at most { $max } ASCII characters
profile-problem-value-length = must be 1 to { $max } ASCII characters
profile-problem-max-tries = must be 1 to { $max }
profile-problem-tries-over-max = { $tries_left } is more than max_tries ({ $max_tries })
profile-problem-terminal-key = must be 32 hex digits (16 bytes; spaces allowed)
profile-not-saved = Cannot save the simulated card to its profile; this command's effect is lost: { $problem }

## vpcd (pcscd's virtual reader)

vpcd-resolve = Cannot resolve vpcd's address { $host }:{ $port }: { $reason }
vpcd-connect = Cannot reach pcscd's vpcd driver at { $address } (waited { $seconds } s): { $reason }. Is pcscd running with the vpcd driver?
vpcd-io = The link to vpcd at { $address } failed: { $reason }

## Counter rules and guide (mynapin guide, counter mode)

counter-procedure-reset = password reset (初期化)
counter-procedure-change = password change
counter-applicant-self = the cardholder
counter-applicant-household = a member of the same household
counter-applicant-legal-minor = a legal representative of a minor under 15
counter-applicant-legal-ward = a legal representative of an adult ward
counter-applicant-proxy = a proxy (任意代理人)
counter-visit-application = first visit (application)
counter-visit-completion = second visit (with the reply form)
counter-proof-koseki = family register certificate (戸籍謄本等) proving the representation
counter-proof-guardianship-registry = guardianship registry certificate (登記事項証明書)
counter-waiver-honseki-in-city = the registered domicile (本籍) is in this municipality
counter-waiver-resident-in-city = the holder is registered as a resident here and the representation can be checked
counter-waiver-same-household = the representative lives in the same household
counter-waiver-same-household-parent-child = same household, parent and child on the residence record
counter-paper-reply-form = reply form (照会書兼回答書) filled in by the holder
counter-paper-power-of-attorney = power of attorney (委任状)
counter-paper-pin-slip = sealed slip with the new password (暗証番号記載票)
counter-nothing = nothing
counter-or = { $left }, or { $right }
counter-and = { $left } and { $right }
# Between the names of a list (the trailing blank is kept by the quotes).
list-separator = {", "}
counter-combination = { $a ->
        [0] { $b ->
            [0] nothing
            [one] one from list B
           *[other] { $b } from list B
        }
        [one] { $b ->
            [0] one from list A
            [one] one from list A and one from list B
           *[other] one from list A and { $b } from list B
        }
       *[other] { $b ->
            [0] { $a } from list A
            [one] { $a } from list A and one from list B
           *[other] { $a } from list A and { $b } from list B
        }
    }
counter-item-card = the My Number Card whose password is reset or changed
counter-item-holder-ids = the holder's identity documents other than the card ({ $documents })
counter-item-agent-ids = the identity documents of the representative who comes ({ $documents })
counter-item-proof = { $proof }
counter-item-proof-waivable = { $proof } (not needed when { $waivers })
counter-item-paper = { $paper }
counter-item-agent-min-age = the proxy is { $years } or older
counter-reason-not-presented = missing
counter-reason-copy-not-accepted = copies are not accepted (originals only)
counter-reason-expired-not-accepted = expired documents are not accepted
counter-reason-agent-too-young = the proxy is too young
counter-reason-agent-age-unknown = the proxy's age was not checked
counter-missing = { $item }: { $reason }
counter-not-described = This municipality's rules do not describe the { $procedure }; ask the counter.
counter-applicant-not-accepted = This municipality's rules do not accept { $applicant } for the { $procedure } (or do not describe it).
counter-refused = The counter's requirements are not met; stopped without touching the card. Missing:
counter-ends-here = The proxy's application ends here for today; the card was not touched. The municipality mails a reply form (照会書兼回答書) to the holder's registered address; the proxy comes back with it, filled in by the holder, and the documents listed.
counter-checklist-title = Counter checklist ({ $procedure }, { $applicant }):
counter-ask = { $item } — checked? [y/n]
counter-ask-agent-age = Is the proxy { $years } or older? [y/n]
# The answers to counter-ask that count as yes (separated by blanks, any case).
counter-yes-answers = y yes
counter-ask-which = { $item } — which documents were checked?
counter-ask-choice = { $number }) { $documents }
counter-ask-which-answer = Type its number, or n for none [1-{ $count }/n]:
counter-usage-needs-counter-mode = --applicant, --visit, --id, --agent-id, --proof, --papers and --agent-age are for counter mode only (--counter, or counter = true in the configuration file).
counter-usage-applicant = Counter mode: say who came with --applicant (self, household, legal-minor, legal-ward, proxy).
counter-usage-visit-proxy-only = --visit is for a proxy (--applicant proxy) only.
guide-title = { $municipality }: { $procedure } ({ $applicant })
guide-visit = Visit: { $visit }
guide-bring = What to bring:
guide-originals-only = Bring original identity documents (no copies).
guide-not-expired = Expired documents are not accepted.
guide-list-a = List A (official, with a photo): { $documents }
guide-list-b = List B (name and birth date or address): { $documents }
guide-ends-here = A proxy's first visit does not finish the procedure: after the application, a reply form (照会書兼回答書) is mailed to the holder's registered address, and the proxy comes back with it, filled in by the holder.
guide-where = Where:
guide-place = { $name }
guide-place-branch = { $name } (branch office)
guide-no-place = The rules name no counter.
guide-open-now = The counter is open now (until { $until }).
guide-closed-now = The counter is closed now.
guide-next-opening = It next opens on { $at }.
guide-hours-unknown = The rules give no opening hours; ask the counter.
guide-reservation-required = A reservation is needed.
guide-reservation-not-required = No reservation is needed.
guide-fee = Fee: { $yen } yen
guide-alternatives = Other ways:
guide-kiosk = The { $pin } can be reset at a convenience-store multifunction printer ({ $chains }), { $hours }, with the { $other }.
guide-kiosk-app = The smartphone app JPKI暗証番号リセット is needed first.
guide-kiosk-fee = Printer fee: { $yen } yen
guide-change-online = A password you know can be changed from a smartphone or PC (Mynaportal, the JPKI client software).
guide-card = For this card:
guide-route-kiosk = The { $reset } can be reset at a convenience-store kiosk with the { $with } (or at the counter).
guide-route-counter = The { $pins }: reset at the counter only.
guide-route-change-online = Nothing is blocked; a password you know can be changed from a smartphone or PC.
guide-route-none = Nothing is blocked.
guide-card-no-signature = This card has no signature password (a card issued to a child under 15 has no signature certificate): the convenience-store kiosk cannot reset a password with it, so a blocked user-authentication password is reset at the counter only.
guide-source = Source: { $url }
rules-io = Cannot read the rules file { $path }: { $cause }
rules-syntax = Rules file { $path }: line { $line } (field { $field }) is not valid.
rules-invalid = Rules file { $path }, field { $field }: { $problem }
rules-problem-format = a format this version of mynapin cannot read
rules-problem-no-alternatives = an empty list of alternatives (leave the field out for none)
rules-problem-duplicate-place = a place id used twice
rules-problem-unknown-place = a place that is not in places
rules-problem-no-proof = a legal representative without a proof
rules-problem-empty-range = a time range that ends before it starts
rules-problem-no-days = no weekday
config-io = Cannot read the configuration file { $path }: { $cause }
config-syntax = Configuration file { $path }: line { $line } (field { $field }) is not valid.

## Command-line tool: status

status-title = My Number Card PIN status
status-row = { $label }: { $state }
status-remaining = { $left } of { $max } tries left
status-blocked = BLOCKED (0 of { $max })
status-verified = verified in this card session
status-not-available = - ({ $reason })
status-last-try = One try left: the next mistake blocks it.
status-sign-without-certificate = This card has no signature certificate (a card of a child under 15): the signature password has nothing to sign with.

## Command-line tool: verify and change

verify-correct = The { $pin } is correct. Tries left are back to { $left } of { $max }.
change-done = The { $pin } was changed ({ $after }).
change-tries-unknown = tries left could not be read
change-unconfirmed-command = The resident registry PIN's change command (CHANGE KEY 80 32 00 80) has no public confirmation on real cards. Only to try it, add --allow-unconfirmed-command; this PIN can be reset only at the municipal office.
uppercase-notice = Note: lowercase letters of the signature password were converted to uppercase.
warning-left-powered = Warning: the card could not be powered down, so a PIN may still be verified on it. Remove the card from the reader now ({ $cause }).

## Command-line tool: PIN entry

prompt-current = { $label } ({ $hint }):
prompt-new = New { $pin } ({ $hint }):
prompt-again = Type it again:
prompt-stdin-unreadable = Cannot read standard input (UTF-8 text of at most 4096 bytes expected).
prompt-no-terminal = Cannot prompt on a terminal. For automation use --pin-stdin and pass one value per line on standard input.
prompt-stdin-short = --pin-stdin: not enough lines on standard input (verify: 1 line; change: the current value, then the new one).

## Reset

reset-issuer-needs-confirm = The { $pin }'s counter is already full, and a reset leaves it full: only verifying the new value can show the reset was done. Run again with --confirm (nothing was sent to the card).

reset-config-authority = The configuration's authority "{ $authority }" is not one of issuer, other-password, terminal-key.

operation-reset = reset
authority-other-password = the other JPKI password
authority-terminal-key = a terminal key
authority-issuer = the J-LIS equipment
reset-routes-jpki = It can be reset (初期化) at the municipal counter, where the staff use the J-LIS equipment (bring identity documents), or, by a citizen who knows the { $other }, with the JPKI PIN reset app and a convenience-store kiosk.
reset-routes-office = It can be reset (初期化) only at the municipal counter, where the staff use the J-LIS equipment (bring identity documents).
card-authority-not-applicable = { $label }: cannot be reset with { $authority } (nothing was sent to the card). { $routes }
card-terminal-key-rejected = The card rejected the terminal key: { $left ->
        [one] { $left } attempt
       *[other] { $left } attempts
    } left. The PIN was not changed. Check the key file.
card-terminal-key-blocked-just-now = The card rejected the terminal key and has now blocked it. The PIN was not changed.
card-terminal-key-blocked = The terminal key is blocked on this card. The PIN was not changed.
card-no-terminal-key = This card has no terminal key, so it cannot be reset with one. The PIN was not changed.
card-reset-unsupported = This card does not support the reset of the { $pin } with { $authority } ({ $step } → { $sw }); nothing was changed. { $routes }
card-reset-not-done = The { $pin } is not reset: { $state }. { $routes }
reset-done = The { $pin } was reset with { $authority } ({ $after }).
reset-tries-unknown = tries left could not be read
reset-unconfirmed-command = Resetting with the other password or a terminal key is this project's definition for simulated and test cards; no public source shows it on a real card, where only the J-LIS equipment resets a PIN (--authority issuer). Only to try it, add --allow-unconfirmed-command.
reset-key-file-needed = --authority terminal-key needs --key-file FILE (or key_file in the workstation configuration).
reset-key-file-only-terminal-key = --key-file is only for --authority terminal-key.
reset-confirm-only-issuer = --confirm is only for --authority issuer.
reset-key-file-unreadable = Cannot read the terminal key file { $path }: { $problem }
reset-key-not-hex = it must hold 32 hex digits (spaces and colons allowed)
reset-key-length = it must hold 32 hex digits, not { $digits }
reset-key-too-large = it is too large to be a key file
reset-key-file-open = Warning: the terminal key file { $path } can be read by other users; restrict it (chmod 600).
reset-issuer-before = { $label }: { $state }.
reset-issuer-instruction = Reset (初期化) it with the J-LIS equipment at the municipal counter, then put the card back in the reader.
reset-issuer-press-enter = Press Enter when the card is back in the reader.
reset-issuer-waiting = Waiting for the card to be taken out and put back…
reset-issuer-interrupted = The wait for the card was interrupted: the reset was not checked, and is recorded as unproven. Check the card again (mynapin status) before anything else.
prompt-interrupted = Interrupted: nothing more was sent to the card; the audit log records where the procedure stopped.
reset-issuer-done = The { $pin } has been reset: { $after }.
reset-issuer-confirmed = The new { $pin } verifies; tries left are back to { $left } of { $max }.

## Command-line tool: cards and traces

session-sim-fault-needs-simulated = --sim-fault needs --simulated.
trace-cannot-start = cannot start the trace: { $problem }
trace-cannot-save = cannot save the trace: { $problem }
replay-more-exchanges = { $count ->
        [one] { $count } more exchange
       *[other] { $count } more exchanges
    }
replay-end-of-flow = end of flow

## Command-line tool: readers

readers-title = Card readers
readers-no-card = no card
readers-my-number-card = My Number Card (answers JPKI)
readers-other-card = a card that does not answer JPKI
readers-card-present = card present
readers-ask-several = Several readers hold a card:
readers-ask-number = Number of the reader to use:
readers-no-pcsc = This build has no card reader support (built without the pcsc feature); use --simulated.

## Command-line tool: sim

sim-serve-done = Simulated card: answered { $apdus ->
        [one] { $apdus } APDU
       *[other] { $apdus } APDUs
    }, ended ({ $reason }).
sim-signal-handler = Cannot set up the signal handler.
sim-preset-fresh = a new card: every counter full
sim-preset-auth-last-try = the user authentication password (auth) on its last try (1 of 3)
sim-preset-sign-blocked = the signature password (sign) blocked; auth still usable (kiosk route open)
sim-preset-jpki-blocked = both JPKI passwords blocked (counter only)
sim-preset-text-blocked = the text application's PIN (券面事項入力補助用) blocked
sim-preset-child = a child's card: no signature certificate; the signature password file still answers with a counter
sim-preset-child-no-sign-pin = a child's card: no signature certificate and no signature password file (6A82)
sim-preset-terminal-key-blocked = the test terminal key blocked: terminal-key resets are refused (69 83)
sim-preset-unknown = (no description)

## Hardening: command line

output-lost = The output could not be written to standard output ({ $problem }).
output-lost-after-done = The output could not be written to standard output ({ $problem }). The procedure itself was done and is in the audit log: do not repeat it; check with `mynapin status` or `mynapin audit show`.
output-json-failed = The JSON document cannot be written.
log-filter-invalid = The MYNAPIN_LOG value “{ $value }” is not a log level or filter, so nothing is logged (e.g. MYNAPIN_LOG=debug, or -v, -vv, -vvv).
man-cannot-write = The manual pages cannot be written to { $path } ({ $problem }).
usage-invalid = The command line is not valid ({ $kind }: { $argument }). See `mynapin --help`.
usage-kind-invalid-value = invalid value
usage-kind-unknown-argument = unknown option
usage-kind-invalid-subcommand = unknown subcommand
usage-kind-no-equals = a value not joined with =
usage-kind-too-many-values = too many values
usage-kind-too-few-values = too few values
usage-kind-wrong-number-of-values = wrong number of values
usage-kind-argument-conflict = options that cannot be used together
usage-kind-missing-required-argument = a required argument is missing
usage-kind-missing-subcommand = a subcommand is missing
usage-kind-invalid-utf8 = an argument that is not UTF-8
usage-kind-other = an argument that cannot be read
trace-path-not-a-file = --trace { $path }: not a regular file (a device, a pipe, a folder, …). A trace replaces its file: give the path of a new or regular file.
trace-path-is-input = --trace { $path }: this is the { $what }, which the trace would replace. Give another file.
trace-what-replay = trace being replayed (--replay)
trace-what-profile = card profile (--simulated=)
trace-what-audit-log = audit log
trace-what-stream = standard input, output or error of this command
prompt-stdin-terminal = --pin-stdin reads standard input, which is a terminal here: what is typed would show on the screen. Leave out --pin-stdin to type at the no-echo prompt.
prompt-stdin-extra = --pin-stdin: standard input has more lines than the { $expected ->
        [one] { $expected } line
       *[other] { $expected } lines
    } expected. Nothing was sent to the card.
session-reader-not-applicable = { $option } chooses a reader in PC/SC; it cannot be used with { $source }.
replay-notice = Replayed: the answers below come from the trace { $path }, not from a card; a replay does not check any PIN.

## Audit log

audit-log-unwritable = Cannot write the audit log { $path }: { $cause }. Nothing was sent to the card. Fix the log (or name another with --audit-log) and try again.
audit-log-permissions-tightened = The audit log { $path } was readable or writable by others (mode { $mode }); its permissions are now owner-only (0600). Check who could have read or changed it (mynapin audit verify).
audit-log-permissions-open = The audit log { $path } is readable or writable by others (mode { $mode }) and belongs to another user, so its permissions were left as they are. Ask its owner to make it owner-only (chmod 600).
audit-log-unreadable = Cannot read the audit log { $path }: { $cause }.
audit-bad-tag = An applicant kind or document category must be a short code (letters, at most 4 digits), never a document's number or a name.
audit-problem-malformed = line { $line } is not an audit record (edited, or written by something else)
audit-problem-mismatch = line { $line } does not follow the line before it: that line was edited, or lines were removed, inserted or moved just before line { $line }
audit-problem-truncated-tail = line { $line } was cut short (a crash while writing it); the next record will repair the chain around it
audit-not-recorded-after-done = THE CARD OPERATION WAS DONE, but its audit record could not be written: { $problem } Record it by hand now, and do not repeat the operation.
audit-not-recorded = The audit record of this attempt could not be written: { $problem }
audit-verify-intact = Audit log { $path }: intact, { $records ->
        [one] { $records } record
       *[other] { $records } records
    } in { $lines ->
        [one] { $lines } line
       *[other] { $lines } lines
    }.
audit-verify-broken = Audit log { $path }: BROKEN at { $problem }.
audit-verify-repaired = line { $line }: a record cut short by a crash, repaired by the next record
audit-verify-last-hash = hash of the last line: { $hash }
audit-show-empty = No audit records.
audit-since-invalid = --since takes a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ (UTC).

## Profile files

profile-syntax-explained = { $located }: { $problem }
profile-syntax-not-toml = this is not TOML (check the quotes, brackets and "=" of the line)
profile-syntax-unknown-field = not a field of a card profile
profile-syntax-unknown-field-of = not a field of a card profile; this table has: { $expected }
profile-syntax-missing-field = the field `{ $field }` is missing
profile-syntax-wrong-value = the value has the wrong type or is out of range
profile-expected-text = must be text in double quotes
profile-expected-integer = must be a whole number from { $min } to { $max }
profile-expected-boolean = must be true or false
profile-expected-choice = must be one of { $choices }
profile-expected-table = must be a table
profile-problem-pin-four-digits = must be 4 half-width digits, as the card is typed to (the value is not shown)
profile-problem-pin-sign = must be 6 to 16 upper-case letters A-Z and digits 0-9, at least one of each (the value is not shown)
profile-problem-kind-max-tries = must be { $max }, this PIN's maximum on a real card
profile-problem-sign-pin-file = must be "present" on a card with the signature certificate
profile-problem-unknown-preset = must name a preset listed by `mynapin sim presets`
profile-problem-my-number-digits = must be 12 half-width digits (the value is not shown)
profile-problem-my-number-check-digit = the last digit must be the check digit of the other 11 (the value is not shown)
profile-problem-date = must be a date YYYYMMDD from 18680125 on (the value is not shown)
profile-problem-sex = must be 1, 2, 9 or 0 (JIS X 0303)
profile-problem-security-code = must be 4 half-width digits (the value is not shown)
profile-problem-person-text = must be 1 to { $max } bytes of UTF-8 (the value is not shown)
profile-not-regular-file = Cannot use the card profile { $path }: it is not a regular file (a FIFO, a device or a folder cannot be a card)
profile-too-large = Cannot use the card profile { $path }: it is larger than { $max } bytes
profile-read-only = the card profile { $path } is read-only (mynapin never writes a file without write permission)

## The counter page (mynapin counter)
page-app-name = My Number Card PIN counter
page-skip = Skip to the main content
page-language = Language
page-language-name = English
page-steps = Steps of the procedure
page-step-card = Card
page-step-procedure = Procedure
page-step-applicant = Applicant and documents
page-step-pin = PIN
page-step-result = Result
page-footer-nav = Pages
page-link-desk = Back to the desk
page-link-audit = Today's records
page-title-card = The card and the procedure
page-title-applicant = Applicant and identity documents
page-title-ends-here = Today's visit ends here
page-title-pin = Enter the PIN
page-title-handover = Reset at the J-LIS terminal
page-title-done = Done
page-title-failed = Not done
page-title-unknown = The outcome is unknown
page-title-busy = Busy
page-title-print = Checklist of what to bring
page-title-audit = Today's records
page-card-insert = Place the card on the reader.
page-card-no-reader = No card reader found. Check its connection.
page-card-no-service = The card reader service (pcscd) cannot be reached. Call the administrator.
page-card-reading = Reading the card. Do not move it.
page-card-unreadable = The card could not be read.
page-pins-caption = The PINs' states (reading them uses no try)
page-pins-pin = PIN
page-pins-state = State
page-pins-procedures = Procedures
page-state-last-try = one more wrong entry blocks it
page-operation-verify = Check
page-operation-change = Change
page-operation-reset = Reset
page-routes = Ways open for this card
page-refresh = Read the card again
page-training-title = Training controls (simulated card)
page-training-note = This page runs on a simulated card. Nothing is sent to a real card.
page-training-remove = Take the card out
page-training-insert = Put the card back
page-training-preset = Another card, in a training state
page-training-insert-preset = Put this card in the reader
page-training-jlis = Play the J-LIS terminal's reset
page-training-jlis-value = New PIN set at the J-LIS terminal (training)
page-cancel = Cancel and start again
page-applicant-who = Who came to the counter
page-applicant-visit = A proxy's visit
page-applicant-show = Show the documents needed
page-applicant-not-accepted = This applicant is not accepted for this procedure.
page-checklist = Documents checked (tick each one you saw)
page-checklist-check = Check the documents and go on
page-missing = Still missing:
page-print-link = Print the checklist
page-print-nothing = No applicant has been chosen yet.
page-ends-here = The proxy's application (first visit) is accepted. Nothing is done on the card today.
page-ends-here-next = A reply form is mailed to the holder's registered address. When it arrives, the proxy comes back with the form and the card.
page-pin-state = State of the { $pin }:
page-pin-blocked = This PIN is blocked. It cannot be checked or changed. Choose a reset.
page-last-try-warning = One more wrong entry blocks this PIN (1 try left).
page-last-try-staff = Staff check: I told the citizen that this uses the last try
page-issuer-explain = The reset is done at the J-LIS terminal. First the card's counters are recorded (no try is used).
page-issuer-start = Record the counters and hand the card over
page-field-current = Current { $pin }
page-field-new = New { $pin }
page-field-again = New PIN again
page-field-proof = { $pin }, to prove who you are
page-field-confirm = The { $pin } set at the J-LIS terminal (to confirm it)
page-format-ok = The format is right
page-format-bad = The format is wrong
page-submit-pin = Send
page-submit-confirm = Confirm
page-error-empty = Type it in.
page-error-mismatch = The two entries differ.
page-error-blocked = This PIN is blocked.
page-error-proof-blocked = The PIN that proves who you are is blocked. This way of resetting cannot be used.
page-error-last-try = To use the last try, tick the staff check.
page-error-choose = Choose a procedure.
page-error-not-allowed = The card's state does not allow that procedure.
page-error-applicant = Choose who came.
page-handover-instruction = Take the card out, reset the PIN at the J-LIS terminal, then put the card back on the reader.
page-handover-waiting-away = Waiting for the card to be taken out.
page-handover-waiting-back = Waiting for the card to come back.
page-result-verified = The { $pin } is correct.
page-result-changed = The { $pin } was changed.
page-result-reset = The { $pin } was reset.
page-result-issuer-checked = The reset of the { $pin } is confirmed (its counter is full again).
page-result-confirmed = The new { $pin } is confirmed.
page-after = The { $pin } now:
page-next-done = Take the card off the reader and hand it back.
page-next-failed = Explain what is shown to the citizen.
page-next-unknown = The card's answer was lost. Read the card's state again before anything else.
page-next-take-card-out = The card could not be powered down. Take it off the reader now.
page-next-issuer-confirm = The citizen may type the new PIN once to confirm it was set (optional).
page-not-recorded = The procedure was done, but its audit record could not be written. Call the administrator.
page-finish = Finish and start again
page-busy = Another card operation is running. This one was not done. Please wait until it ends.
page-audit-caption = Today's records (no PIN and no personal data is recorded)
page-audit-time = Time (UTC)
page-audit-procedure = Procedure
page-audit-pin = PIN
page-audit-authority = Reset by
page-audit-applicant = Applicant
page-audit-outcome = Outcome
page-audit-none = No record yet today.
page-audit-intact = Audit log check: intact ({ $records } records).
page-audit-broken = Audit log check: a problem was found.
page-usage-no-replay = The counter page cannot run on --replay (use a card reader or --simulated).
page-no-random = No random bytes from the operating system: the counter page cannot start.
page-cannot-listen = The counter page cannot listen on port { $port }: { $problem }
page-server-failed = The counter page stopped: { $problem }
page-runtime-failed = The counter page cannot start: { $problem }
page-started = Counter page: { $url } (Ctrl-C to stop)
page-stopped = The counter page has stopped.
page-training-card = The training card cannot be made: { $problem }
page-result-issuer-unproven = The { $pin }'s counter was already full before the reset: only confirming the new PIN can show that the reset was done.
page-plain = { $text }
page-audit-outcome-ok = done
page-audit-outcome-failed = failed
page-audit-outcome-refused = refused
page-audit-outcome-unknown = outcome unknown
page-audit-outcome-application-only = application only (card not touched)
page-audit-outcome-unproven = not proven
page-next-issuer-must-confirm = Have the citizen type the new PIN once to confirm it. Until then the reset is not recorded.
page-idle-warning = Nothing has happened for a while: the screen will be cleared soon. Press the button to go on.
page-idle-continue = Go on
page-not-recorded-visit = This visit could not be written to the audit log. Call the administrator.
page-title-confirm = Confirmation needed

## Command-line tool: info

info-title = The card, as it shows without any PIN
info-atr = ATR: { $atr } ({ $interface })
info-atr-unknown = ATR: unknown (a replayed trace)
info-interface-contactless = contactless
info-interface-contact = contact
info-no-jpki = This card does not answer the JPKI application: it is not a My Number Card, or it is placed the wrong way.
info-token-label = Token label: { $label }
info-token-label-unknown = Token label: could not be read
info-sign-cert-present = Signature certificate: present
info-sign-cert-absent = Signature certificate: none (e.g. the card of a child under 15)
info-sign-cert-unknown = Signature certificate: could not be read
info-auth-cert = User authentication certificate (利用者証明用): { $from } to { $until } (JST)
info-ca-cert = Its CA's certificate: { $from } to { $until } (JST)
info-auth-cert-unreadable = User authentication certificate (利用者証明用): could not be read ({ $problem })
info-ca-cert-unreadable = Its CA's certificate: could not be read ({ $problem })
info-days-left = { $days } days left before it expires
info-renewal-open = It can be renewed now (since { $since }: renewal opens 3 months before expiry) at the municipal office.
info-expired = It has expired ({ $until }). A new certificate is issued at the municipal office.
info-not-yet-valid = It is not valid yet (from { $from }).
info-issuer = Issuer: { $name }
info-subject = Subject: { $name }
info-problem-application-not-found = no JPKI application
info-problem-not-found = no such file
info-problem-bad-header = the file does not start with a TLV
info-problem-too-long = its length is too large
info-problem-truncated = the file ends too early
info-problem-not-tlv = not a TLV object
info-problem-not-certificate = not a certificate
info-problem-unexpected-status = the card answered { $sw }
status-auth-cert = User authentication certificate expires: { $until } ({ $days } days left)
status-auth-cert-renewal = User authentication certificate expires: { $until } ({ $days } days left; renewable since { $since })
status-auth-cert-expired = User authentication certificate has expired: { $until }

## Command-line tool: doctor
doctor-heading = mynapin doctor: the workstation, check by check
doctor-title-pcsc-library = PC/SC library
doctor-title-pcscd = pcscd
doctor-title-polkit = polkit
doctor-title-ccid-driver = CCID driver
doctor-title-readers = Readers
doctor-title-card = Card
doctor-title-reader-group = Readers' group
doctor-title-configuration = Configuration
doctor-title-rules = Rules file
doctor-title-audit-log = Audit log
doctor-title-vpcd-readers = Virtual readers
doctor-version-unknown = version unknown
doctor-not-this-platform = not checked on this platform.
doctor-no-pcsc-support = not checked: this build has no card reader support.
doctor-skip-no-pcscd = not checked: pcscd cannot be used (see above).
doctor-skip-no-reader = not checked: no reader (see above).
doctor-library-ok = { $path } (pcsc-lite { $version }).
doctor-library-not-built = this build has no card reader support (built without the pcsc feature); only --simulated works.
doctor-library-not-built-fix = Install a build with the pcsc feature (the default), e.g. the Debian package or `cargo install mynapin`.
doctor-pcscd-ok = pcscd answers.
doctor-pcscd-units = systemd: pcscd.socket { $socket }, pcscd.service { $service }
doctor-pcscd-process = pcscd process { $pid }
doctor-pcscd-no-socket = pcscd is not running (no socket { $socket }).
doctor-pcscd-stale-socket = { $socket } exists but pcscd does not answer (a leftover socket of a stopped pcscd?).
doctor-pcscd-not-a-socket = { $socket } is not a socket, and pcscd does not answer.
doctor-pcscd-error = pcscd could not be used.
doctor-pcscd-fix-install = Install pcscd and the CCID driver: `sudo apt install pcscd libccid`.
doctor-pcscd-fix-systemd = Start pcscd and have it start on demand: `sudo systemctl enable --now pcscd.socket`.
doctor-pcscd-fix-start = Start pcscd (`sudo systemctl start pcscd`, or `sudo pcscd` where systemd does not run it); if a stopped pcscd left its socket, remove /run/pcscd/pcscd.comm first.
doctor-polkit-denied = pcscd refused this user (polkit: org.debian.pcsc-lite.access_pcsc). pcsc-lite's policy allows active local sessions only.
doctor-polkit-remote = this session is remote or not active: polkit may refuse pcscd or the card to it (org.debian.pcsc-lite.access_pcsc, access_card).
doctor-polkit-fix = As root, put this rule in { $path } (it lets the group { $group } use pcscd and its cards), then add the staff accounts to { $group }:
    { $rule }
doctor-polkit-not-used = pcscd here does not ask polkit (no org.debian.pcsc-lite policy installed).
doctor-polkit-root = the user is root, whom polkit always allows.
doctor-polkit-rule = a polkit rule names pcsc-lite's actions: { $path }.
doctor-polkit-ok = allowed: an active local session.
doctor-ccid-ok = { $path } ({ $version }).
doctor-ccid-missing = the CCID driver (ifd-ccid.bundle) is not installed: pcscd sees no USB reader.
doctor-ccid-fix = Install it: `sudo apt install libccid`, then unplug and replug the reader.
doctor-readers-ok = { $count ->
    [one] one reader.
   *[other] { $count } readers.
}
doctor-readers-none = no reader: pcscd lists none.
doctor-readers-none-fix = Plug in a reader (udev/README.md lists those that work with the card); check `lsusb`; a reader plugged in before the CCID driver was installed must be replugged.
doctor-readers-error = pcscd could not list the readers.
doctor-reader-known = { $reader }: { $model } ({ $interface })
doctor-reader-unknown = { $reader }: not in the known-readers table (most CCID readers work).
doctor-reader-not-listed = { $model }: plugged in (USB), but pcscd does not list it.
doctor-readers-not-listed-fix = Use a reader that pcscd lists; for one it should list, replug it and check the CCID driver's version and pcscd's log (`journalctl -u pcscd`).
doctor-interface-contact = contact
doctor-interface-contactless = contactless
doctor-interface-dual = contact and contactless
doctor-interface-virtual = virtual, simulated cards
doctor-quirk-hold-still = Contactless: lay the card flat on the reader and leave it there until the procedure ends.
doctor-quirk-two-slots = Two readers appear (ICC for contact, PICC for contactless): choose one with --reader.
doctor-quirk-kernel-nfc = Linux's NFC driver (pn533_usb) may take the reader before pcscd: blacklist pn533_usb, pn533 and nfc in /etc/modprobe.d/ and replug it.
doctor-quirk-no-pcsc-driver = No PC/SC driver on Linux (its kernel driver belongs to the NFC stack): it cannot work with pcscd. Use an RC-S300 or another listed reader.
doctor-quirk-simulated = vsmartcard's virtual reader: it holds a simulated card only while `mynapin sim serve` (or another vpcd program) runs.
doctor-card-ok = a My Number Card answers in { $reader }.
doctor-card-none = no card in { $readers }.
doctor-card-none-fix = Insert the card (contact) or lay it on the reader (contactless), then run doctor again.
doctor-card-not-jpki = the card in { $reader } does not answer the JPKI application: it is not a My Number Card (or not one this tool can use).
doctor-card-not-jpki-fix = Use the citizen's My Number Card (個人番号カード); other IC cards, including the older 住基カード, do not work.
doctor-card-unasked = the card in { $reader } could not be asked (another application may hold it).
doctor-card-unasked-fix = Close other card applications (browsers with the JPKI client, OpenSC tools), then run doctor again.
doctor-card-reader-fix = Name a reader `mynapin readers` lists, with --reader.
doctor-card-line = { $reader }: ATR { $atr } ({ $class }); { $jpki }
doctor-atr-contact = a contact My Number Card ATR
doctor-atr-contactless = a contactless My Number Card ATR
doctor-atr-other = not a known My Number Card ATR
doctor-jpki-answers = answers JPKI
doctor-jpki-refuses = does not answer JPKI
doctor-jpki-unasked = could not be asked
doctor-group-no-rules = not checked: mynapin's udev rules are not installed (not needed while pcscd runs as root).
doctor-group-root = the user is root; { $rules } gives readers to { $group }.
doctor-group-ok = { $user } is in { $group } ({ $rules }).
doctor-group-not-yet = { $user } was added to { $group }, but this login started before.
doctor-group-missing = { $user } is not in { $group }, the group { $rules } gives the readers to.
doctor-group-undefined = { $rules } gives the readers to { $group }, which does not exist.
doctor-group-fix-login = Log out and log in again.
doctor-group-fix-add = `sudo usermod -aG { $group } { $user }`, then log out and in again.
doctor-group-fix-create = `sudo groupadd --system { $group }` and `sudo usermod -aG { $group } { $user }`, then replug the reader and log in again.
doctor-config-absent = no configuration file ({ $path }): the defaults apply.
doctor-config-ok = { $path } is valid.
doctor-config-fix = Correct { $path } (README "Workstation configuration"), or name another with --config or MYNAPIN_CONFIG.
doctor-rules-embedded = the embedded rules of the seed city.
doctor-rules-ok = { $path } is valid.
doctor-rules-unknown = not checked: the configuration that names it cannot be read.
doctor-rules-fix = Correct { $path }, or name another with --rules or in the configuration.
doctor-audit-ok = { $path } can be appended to.
doctor-audit-new = { $path } will be created in { $folder }.
doctor-audit-not-file = { $path } is not a regular file.
doctor-audit-unwritable = { $path } cannot be written by this user.
doctor-audit-folder-unwritable = { $path } cannot be created: this user may not write in { $folder }.
doctor-audit-fix = Give this user write access to { $path } (or its folder), or name another log with --audit-log or audit_log in the configuration. Until then verify, change and reset refuse to start.
doctor-audit-world-writable = anyone can write { $path }.
doctor-audit-world-writable-fix = `chmod o-w { $path }` (the hash chain shows tampering but does not prevent it).
doctor-vpcd-none = none.
doctor-vpcd-serving = { $readers }: each holds a simulated card.
doctor-vpcd-empty = virtual readers without a card: { $readers }. They get in the way when a reader is chosen.
doctor-vpcd-fix = On a counter workstation remove vsmartcard's vpcd (`sudo apt remove vsmartcard-vpcd`, then restart pcscd); on a test machine choose the reader with --reader.
