# mynapin の日本語カタログ(既定の言語で、他の言語にないメッセージの代わりにも使われます)。
# 暗証番号の値を受け取るメッセージはありません。
# 英語の技術的な詳細(パーサーや OS のことば)は with-detail で渡されますが、日本語の文には入れません。

## 共通

# 英語の詳細 ($detail) は表示しません: 日本語の文に英語を混ぜないため。サポートでは --lang en で確認できます。
with-detail = { $text }{ $detail ->
       *[other] {""}
    }

## 暗証番号の名前(docs/DESIGN.md の表)。pin-label-*: 単独で(見出し、行の先頭)、pin-name-*: 文の中で。

pin-label-auth = 利用者証明用電子証明書パスワード
pin-label-sign = 署名用電子証明書パスワード
pin-label-text = 券面事項入力補助用暗証番号
pin-label-juki = 住民基本台帳用暗証番号
pin-name-auth = 利用者証明用電子証明書パスワード
pin-name-sign = 署名用電子証明書パスワード
pin-name-text = 券面事項入力補助用暗証番号
pin-name-juki = 住民基本台帳用暗証番号
pin-hint-four-digits = 数字4桁
pin-hint-sign = 英大文字と数字の6〜16文字、英字と数字を両方含む
pin-reset-jpki = 市区町村の窓口で再設定(初期化)できます(本人確認書類が必要)。{ $other }が分かれば、JPKI暗証番号リセットアプリとコンビニのマルチコピー機でも再設定できます。
pin-reset-office-only = 市区町村の窓口でのみ再設定(初期化)できます(本人確認書類が必要)。

## 使えない暗証番号

unavailable-no-signature-certificate = 署名用電子証明書がありません(15歳未満の方のカードなど)
unavailable-application-not-found = このカードにはこのアプリケーションがありません
unavailable-pin-not-found = このカードにはこの暗証番号がありません

## 暗証番号の形式

format-not-four-digits = 半角数字4桁で入力してください
format-sign-length = 6〜16文字で入力してください
format-sign-characters = 半角の英字と数字だけで入力してください
format-sign-letter-and-digit = 英字と数字を両方含めてください

## カードの処理の失敗

card-pin-format = { $label }: { $problem } (カードには何も送っていません)
card-same-new-pin = { $label }: 新しい値が現在の値と同じです。
card-kind-mismatch = 現在の値は{ $current }、新しい値は{ $new }として確認されました(プログラムの誤りです)。カードには何も送っていません。
card-new-pin-mismatch = { $label }: 確認のための入力が一致しません。
card-not-available = { $label }: { $reason }
card-wrong-pin = { $pin }が違います。残り{ $left }回です。
card-blocked-just-now = { $pin }が違います。ロックされました。 { $advice }
card-blocked = { $pin }はロックされています。 { $advice }
card-last-try-guard = { $pin }は残り1回です。間違えるとロックされるため、カードには何も送っていません。確実な場合だけ --allow-last-try を付けてやり直してください。
card-unconfirmed-command = { $pin }の{ $operation }のコマンドは、実物のカードで動作が確認された公開情報がないため、カードには何も送っていません。
card-counter-unknown = カードが{ $pin }の残り回数を返しません。確実な場合だけ --allow-last-try を付けてやり直してください。
card-outcome-unknown = { $pin }の{ $operation }をカードに送りましたが、結果が分かりません({ $cause })。{ $operation }されたかどうかは不明です。カードを置き直し、mynapin status で残り回数を確認してください。変更の場合は、新旧どちらの値で照合できるかを確かめるまで繰り返さないでください。
card-new-pin-rejected = カードが新しい{ $pin }を受け付けませんでした({ $sw })。
card-unexpected-status = カードが予期しない応答を返しました: { $step } → { $sw }
operation-verify = 照合
operation-change = 変更

## 通信が切れた原因(他の文の中で使う短い句)

cause-card-removed = カードが取り外されました
cause-short-answer = 応答が{ $length }バイトしかありませんでした
cause-execution-error = カードが実行中の異常 { $sw } を返しました
cause-timeout = カードが時間内に応答しませんでした
cause-card-reset = 他のアプリケーションがカードをリセットしました
cause-no-service = PC/SCサービス(pcscd)が止まりました
cause-reader-gone = カードリーダーが外れました
cause-sharing-violation = 他のアプリケーションがカードを使用中です
cause-divergence = リプレイのトレースが{ $position }番目のやり取りで食い違いました
cause-link-failed = カードとの通信が切れました
cause-bad-apdu = { $problem }

## カードとの通信

transport-no-service = PC/SCサービス(pcscd)が動いていません。`sudo systemctl start pcscd` などで起動してください。
transport-no-readers = カードリーダーが見つかりません。USBの接続を確認してください。
transport-no-card = カードがありません。カードをリーダーに置いてください。
transport-card-removed = カードが取り外されました。カードを置き直して、状態を確認してからやり直してください。
transport-card-reset = 他のアプリケーションがカードをリセットしました。何も再送していません。状態を確認してからやり直してください。
transport-short-answer = カードの応答が短すぎます({ $length }バイト、2バイト以上が必要)。カードが外れたか、リーダーとの通信が切れた可能性があります。
transport-timeout = カードを待つ時間が過ぎました。
transport-sharing-violation = 他のアプリケーションがカードを使用中です。そのアプリケーションを終了してください。
transport-reader-not-found = 「{ $wanted }」に合うリーダーがありません。リーダー: { $available }
transport-several-cards = カードのあるリーダーが複数あります。--reader で選んでください: { $candidates }
transport-ambiguous-reader = 「{ $wanted }」に合うリーダーが複数あります: { $candidates }
transport-divergence = リプレイのトレースと処理が{ $position }番目のやり取りで食い違いました: トレースは { $expected }、処理は { $actual } を送りました。
transport-bad-apdu = カードとのやり取りに失敗しました: { $problem }
transport-link = カードとの通信に失敗しました。
replay-end-of-trace = トレースの終わり

## APDU

apdu-response-too-short = 応答が{ $length }バイトで、ステータスワード(2バイト)より短いです
apdu-malformed-command = コマンドAPDU({ $length }バイト)の長さの欄が大きさと合いません
apdu-data-too-long = コマンドのデータ{ $length }バイトが65535を超えています
apdu-invalid-le = 期待する長さ { $length } が1〜65536の範囲外です

## ファイルと接続

io-not-found = ファイルがありません
io-permission-denied = 読み書きの権限がありません
io-connection-refused = 接続を拒否されました
io-timed-out = 時間内に応答がありませんでした
io-connection-closed = 接続が切れました
io-failed = 読み書きに失敗しました

## トレースファイル

trace-missing-version = 1行目: mynapin のトレースではありません(1行目は `# mynapin-trace 1` である必要があります)
trace-unknown-version = 1行目: トレースの版 { $version } は読めません(この版が読むのは1です)
trace-bad-hex = { $line }行目の{ $byte }バイト目: 16進数2桁か `**` である必要があります
trace-response-without-command = { $line }行目: 前にコマンド(`>`)のない応答(`<`)です
trace-command-without-response = { $line }行目: コマンドに応答がありません(次の行は `< …` か `# transport error: …` である必要があります)
trace-command-too-short = { $line }行目: コマンドには4バイト(CLA INS P1 P2)以上が必要ですが、{ $length }バイトです
trace-response-too-short = { $line }行目: 応答には2バイト(SW1 SW2)以上が必要ですが、{ $length }バイトです
trace-masked-response = { $line }行目の{ $byte }バイト目: 応答に伏せたバイト `**` は使えません
trace-unrecognised-line = { $line }行目: `#` のコメント、`>` のコマンド、`<` の応答のどれでもありません
trace-invalid-header-key = トレースのヘッダーのキー { $key } が正しくありません(英数字と `-`、`_` を使ってください)
trace-io = トレースファイル { $path }: { $reason }
trace-in-file = トレースファイル { $path }: { $problem }

## カードプロファイル

profile-io = カードプロファイル { $path } を読み書きできません: { $reason }
profile-syntax = カードプロファイル { $path } の書き方が正しくありません
profile-syntax-at = カードプロファイル { $path } の{ $line }行目、{ $column }列目の書き方が正しくありません
profile-syntax-field = カードプロファイル { $path } の{ $line }行目、{ $column }列目(フィールド `{ $place }`)の書き方が正しくありません
profile-syntax-table = カードプロファイル { $path } の{ $line }行目、{ $column }列目([{ $place }] の中)の書き方が正しくありません
profile-invalid = カードプロファイル { $path } のフィールド `{ $field }` が正しくありません: { $problem }
profile-problem-atr-not-hex = 16進数のバイト列で書いてください(例: "3B 88 80 01 …")
profile-problem-atr-length = 2〜33バイトにしてください({ $found }バイトあります)
profile-problem-atr-ts-byte = 3B か 3F(TSバイト)で始めてください
profile-problem-token-label = ASCII文字で{ $max }文字以内にしてください
profile-problem-value-length = ASCII文字で1〜{ $max }文字にしてください
profile-problem-max-tries = 1〜{ $max }にしてください
profile-problem-tries-over-max = { $tries_left } が max_tries({ $max_tries })を超えています
profile-problem-terminal-key = 16進数32桁(16バイト、空白可)で書いてください
profile-not-saved = シミュレーションのカードをプロファイルに保存できません。この操作の結果は失われました: { $problem }

## vpcd(pcscd の仮想リーダー)

vpcd-resolve = vpcd のアドレス { $host }:{ $port } を解決できません: { $reason }
vpcd-connect = pcscd の vpcd ドライバー({ $address })に接続できません({ $seconds }秒待ちました): { $reason }。pcscd は vpcd ドライバー付きで動いていますか?
vpcd-io = vpcd との接続({ $address })が失敗しました: { $reason }

## 窓口の規則と案内(mynapin guide、窓口モード)

counter-procedure-reset = 暗証番号の再設定(初期化)
counter-procedure-change = 暗証番号の変更
counter-applicant-self = 本人
counter-applicant-household = 同一世帯員
counter-applicant-legal-minor = 法定代理人(15歳未満の方の)
counter-applicant-legal-ward = 法定代理人(成年被後見人の)
counter-applicant-proxy = 任意代理人
counter-visit-application = 1回目(申請)
counter-visit-completion = 2回目(照会書兼回答書の持参)
counter-proof-koseki = 戸籍謄本等(法定代理人であることの証明)
counter-proof-guardianship-registry = 登記事項証明書(成年後見人であることの証明)
counter-waiver-honseki-in-city = 本籍がこの市町村にある
counter-waiver-resident-in-city = この市町村に住民票があり資格を確認できる
counter-waiver-same-household = 同一世帯である
counter-waiver-same-household-parent-child = 住民票上で同一世帯かつ親子関係にある
counter-paper-reply-form = 照会書兼回答書(本人が記入したもの)
counter-paper-power-of-attorney = 委任状
counter-paper-pin-slip = 暗証番号記載票
counter-nothing = なし
counter-or = { $left }、または{ $right }
counter-and = { $left }と{ $right }
# 名前の並びの区切り。
list-separator = 、
counter-combination = { $a ->
        [0] { $b ->
            [0] なし
           *[other] Bから{ $b }点
        }
       *[other] { $b ->
            [0] Aから{ $a }点
           *[other] Aから{ $a }点とBから{ $b }点
        }
    }
counter-item-card = 暗証番号を再設定・変更するマイナンバーカード
counter-item-holder-ids = 本人のマイナンバーカード以外の本人確認書類({ $documents })
counter-item-agent-ids = 窓口に来る代理人の本人確認書類({ $documents })
counter-item-proof = { $proof }
counter-item-proof-waivable = { $proof }({ $waivers }場合は不要)
counter-item-paper = { $paper }
counter-item-agent-min-age = 任意代理人は{ $years }歳以上であること
counter-reason-not-presented = ありません
counter-reason-copy-not-accepted = コピーは受け付けられません(原本が必要です)
counter-reason-expired-not-accepted = 有効期限が過ぎたものは受け付けられません
counter-reason-agent-too-young = 代理人の年齢が足りません
counter-reason-agent-age-unknown = 代理人の年齢が確認されていません
counter-missing = { $item }: { $reason }
counter-not-described = この市町村の規則には{ $procedure }の手続きが書かれていません。窓口に確認してください。
counter-applicant-not-accepted = この市町村の規則では、{ $procedure }を{ $applicant }が手続きすることは受け付けていません(または書かれていません)。
counter-refused = 窓口の要件を満たしていないため、カードには触れずに中止しました。不足しているもの:
counter-ends-here = 任意代理人の申請は本日ここまでです。カードには触れていません。市町村から照会書兼回答書が本人の住民票の住所へ郵送されます。本人が記入した回答書と必要書類を持って、代理人がもう一度来庁してください。
counter-checklist-title = 窓口チェックリスト({ $procedure }、{ $applicant }):
counter-ask = { $item } — 確認しましたか? [y/n]
counter-ask-agent-age = 任意代理人は{ $years }歳以上ですか? [y/n]
# 「確認しましたか?」に「はい」と数える答え(空白区切り、大文字小文字は区別しません)。
counter-yes-answers = はい y yes
counter-ask-which = { $item } — どの組み合わせを確認しましたか?
counter-ask-choice = { $number }) { $documents }
counter-ask-which-answer = 番号を入力してください(どれもなければ n)[1-{ $count }/n]:
counter-usage-needs-counter-mode = --applicant、--visit、--id、--agent-id、--proof、--papers、--agent-age は窓口モード(--counter、または設定ファイルの counter = true)でだけ使えます。
counter-usage-applicant = 窓口モードでは、来庁した人を --applicant で指定してください(self、household、legal-minor、legal-ward、proxy)。
counter-usage-visit-proxy-only = --visit は任意代理人(--applicant proxy)のときだけ指定できます。
guide-title = { $municipality }: { $procedure }({ $applicant })
guide-visit = 来庁: { $visit }
guide-bring = 持参するもの:
guide-originals-only = 本人確認書類は原本を持参してください(コピーは不可)。
guide-not-expired = 有効期限が過ぎたものは使えません。
guide-list-a = A(顔写真付きの公的な書類): { $documents }
guide-list-b = B(氏名と生年月日または住所が書かれた書類): { $documents }
guide-ends-here = 任意代理人の手続きは1回目の来庁では終わりません。申請の後、照会書兼回答書が本人の住民票の住所へ郵送され、本人が記入した回答書を持って代理人がもう一度来庁します。
guide-where = 場所:
guide-place = { $name }
guide-place-branch = { $name }(支所・出張所)
guide-no-place = 規則に窓口の場所が書かれていません。
guide-open-now = 現在、窓口は開いています({ $until }まで)。
guide-closed-now = 現在、窓口は閉まっています。
guide-next-opening = 次に開くのは { $at } です。
guide-hours-unknown = 規則に受付時間が書かれていません。窓口に確認してください。
guide-reservation-required = 予約が必要です。
guide-reservation-not-required = 予約は不要です。
guide-fee = 手数料: { $yen }円
guide-alternatives = ほかの方法:
guide-kiosk = コンビニのマルチコピー機({ $chains })で{ $pin }を再設定できます({ $hours })。{ $other }が必要です。
guide-kiosk-app = 事前にスマートフォンのアプリ「JPKI暗証番号リセット」が必要です。
guide-kiosk-fee = マルチコピー機の手数料: { $yen }円
guide-change-online = 今の暗証番号が分かるときは、マイナポータルや利用者クライアントソフトで、スマートフォンやパソコンから変更できます。
guide-card = このカードの状態から:
guide-route-kiosk = { $reset }はコンビニのマルチコピー機で{ $with }を使って再設定できます(窓口でも可)。
guide-route-counter = { $pins }は窓口でだけ再設定できます。
guide-route-change-online = ロックされた暗証番号はありません。今の暗証番号が分かれば、スマートフォンやパソコンから変更できます。
guide-route-none = ロックされた暗証番号はありません。
guide-card-no-signature = このカードには署名用電子証明書パスワードがありません（15歳未満で発行されたカードには署名用電子証明書がありません）。コンビニのキオスクではこのパスワードを使った再設定ができないため、ロックされた利用者証明用電子証明書パスワードは窓口でのみ再設定できます。
guide-source = 出典: { $url }
rules-io = 規則ファイル { $path } を読めません: { $cause }
rules-syntax = 規則ファイル { $path } の { $line }行目(項目 { $field })が正しくありません。
rules-invalid = 規則ファイル { $path } の項目 { $field }: { $problem }
rules-problem-format = この版の mynapin が読めない形式(format)です
rules-problem-no-alternatives = 選択肢が空です(不要なら項目ごと省いてください)
rules-problem-duplicate-place = 場所の id が重複しています
rules-problem-unknown-place = places にない場所です
rules-problem-no-proof = 法定代理人の証明書類(proof)がありません
rules-problem-empty-range = 時間の範囲が正しくありません(終わりが始まりより前です)
rules-problem-no-days = 曜日がありません
config-io = 設定ファイル { $path } を読めません: { $cause }
config-syntax = 設定ファイル { $path } の { $line }行目(項目 { $field })が正しくありません。

## コマンドラインツール: status

status-title = マイナンバーカードの暗証番号の状態
status-row = { $label }: { $state }
status-remaining = 残り { $left }/{ $max } 回
status-blocked = ロック中 (0/{ $max } 回)
status-verified = 照合済み(このカードセッション中)
status-not-available = - ({ $reason })
status-last-try = 残り1回です。次に間違えるとロックされます。
status-sign-without-certificate = このカードには署名用電子証明書がありません(15歳未満の方のカード)。署名用電子証明書パスワードで署名できるものはありません。

## コマンドラインツール: verify と change

verify-correct = { $pin }は正しいです。残り回数は { $left }/{ $max } 回に戻りました。
change-done = { $pin }を変更しました({ $after })。
change-tries-unknown = 残り回数は確認できませんでした
change-unconfirmed-command = 住民基本台帳用暗証番号の変更コマンド(CHANGE KEY 80 32 00 80)は、実物のカードで動作が確認された公開情報がありません。試す場合だけ --allow-unconfirmed-command を付けてください。この暗証番号の再設定は市区町村の窓口でしかできません。
uppercase-notice = 注意: 署名用電子証明書パスワードの英小文字を大文字にしました。
warning-left-powered = 警告: カードの電源を切れませんでした。照合済みの状態が残っている可能性があります。今すぐカードをリーダーから取り外してください({ $cause })。

## コマンドラインツール: 暗証番号の入力

prompt-current = { $label }({ $hint }):
prompt-new = 新しい{ $pin }({ $hint }):
prompt-again = もう一度入力してください:
prompt-stdin-unreadable = 標準入力を読めません(4096バイトまでのUTF-8のテキストが必要です)。
prompt-no-terminal = 端末から入力できません。自動処理では --pin-stdin を使い、標準入力に1行ずつ渡してください。
prompt-stdin-short = --pin-stdin: 標準入力の行が足りません(照合は1行、変更は現在の値と新しい値の2行)。

## Reset

reset-issuer-needs-confirm = { $pin }の残り回数はすでに最大です。初期化しても回数は変わらないため、初期化されたことは新しい値の照合でしか確かめられません。--confirm を付けてやり直してください(カードには何も送っていません)。

reset-config-authority = 設定ファイルの authority「{ $authority }」は使えません(issuer、other-password、terminal-key のいずれか)。

operation-reset = 初期化
authority-other-password = もう一方の JPKI パスワード
authority-terminal-key = 端末鍵
authority-issuer = J-LIS の機器
reset-routes-jpki = 市区町村の窓口で、J-LIS の機器により再設定(初期化)できます(本人確認書類が必要)。{ $other }が分かれば、JPKI暗証番号リセットアプリとコンビニのキオスク端末でも再設定できます。
reset-routes-office = 市区町村の窓口で、J-LIS の機器によってのみ再設定(初期化)できます(本人確認書類が必要)。
card-authority-not-applicable = { $label }: { $authority }では初期化できません(カードには何も送っていません)。 { $routes }
card-terminal-key-rejected = カードが端末鍵を受け付けませんでした。残り{ $left }回です。暗証番号は変わっていません。鍵ファイルを確認してください。
card-terminal-key-blocked-just-now = カードが端末鍵を受け付けず、端末鍵がロックされました。暗証番号は変わっていません。
card-terminal-key-blocked = このカードでは端末鍵がロックされています。暗証番号は変わっていません。
card-no-terminal-key = このカードには端末鍵がないため、端末鍵では初期化できません。暗証番号は変わっていません。
card-reset-unsupported = このカードは{ $authority }による{ $pin }の初期化に対応していません({ $step } → { $sw })。何も変わっていません。 { $routes }
card-reset-not-done = { $pin }は初期化されていません: { $state }。 { $routes }
reset-done = { $authority }で{ $pin }を初期化しました({ $after })。
reset-tries-unknown = 残り回数を読めませんでした
reset-unconfirmed-command = もう一方のパスワードや端末鍵による初期化は、模擬カードとテスト用カードのためのこのプロジェクト独自の定義です。実物のカードで動作する公開情報はなく、実物のカードは J-LIS の機器でのみ初期化できます(--authority issuer)。試す場合だけ --allow-unconfirmed-command を付けてください。
reset-key-file-needed = --authority terminal-key には --key-file FILE (または端末の設定ファイルの key_file)が必要です。
reset-key-file-only-terminal-key = --key-file は --authority terminal-key のときだけ使えます。
reset-confirm-only-issuer = --confirm は --authority issuer のときだけ使えます。
reset-key-file-unreadable = 端末鍵ファイル { $path } を読めません: { $problem }
reset-key-not-hex = 16進数字32桁でなければなりません(空白とコロンは使えます)
reset-key-length = 16進数字32桁でなければなりません({ $digits }桁あります)
reset-key-too-large = 鍵ファイルとしては大きすぎます
reset-key-file-open = 警告: 端末鍵ファイル { $path } は他のユーザーも読めます。権限を制限してください(chmod 600)。
reset-issuer-before = { $label }: { $state }
reset-issuer-instruction = 市区町村の窓口の J-LIS の機器で初期化してから、カードをリーダーに戻してください。
reset-issuer-press-enter = カードをリーダーに戻したら Enter キーを押してください。
reset-issuer-waiting = カードが取り出され、戻されるのを待っています…
reset-issuer-interrupted = カードを待つ間に中断されました。初期化は確認されておらず、未確認として記録されました。ほかの操作の前にカードを確認してください（mynapin status）。
prompt-interrupted = 中断されました。カードにはこれ以上何も送っていません。手続きが止まった所は監査ログに記録されています。
reset-issuer-done = { $pin }は初期化されています: { $after }。
reset-issuer-confirmed = 新しい{ $pin }で照合できました。残り回数は { $left }/{ $max } 回に戻りました。

## コマンドラインツール: カードとトレース

session-sim-fault-needs-simulated = --sim-fault は --simulated と一緒に使います。
trace-cannot-start = トレースを作れません: { $problem }
trace-cannot-save = トレースを保存できません: { $problem }
replay-more-exchanges = 残り{ $count }件のやり取り
replay-end-of-flow = 処理の終わり

## コマンドラインツール: readers

readers-title = カードリーダー
readers-no-card = カードなし
readers-my-number-card = マイナンバーカード(JPKI応答あり)
readers-other-card = JPKIに応答しないカード
readers-card-present = カードあり
readers-ask-several = カードのあるリーダーが複数あります:
readers-ask-number = 使うリーダーの番号:
readers-no-pcsc = この版はカードリーダーに対応していません(pcsc 機能なしでビルド)。--simulated を使ってください。

## コマンドラインツール: sim

sim-serve-done = シミュレーションのカード: { $apdus } 個のAPDUに応答して終了しました({ $reason })。
sim-signal-handler = シグナルハンドラーを設定できません。
sim-preset-fresh = 新しいカード:すべての残り回数が上限
sim-preset-auth-last-try = 利用者証明用電子証明書パスワード(auth)が残り1回(3回中)
sim-preset-sign-blocked = 署名用電子証明書パスワード(sign)がロック、auth は使用可(コンビニ等での初期化可)
sim-preset-jpki-blocked = JPKIの2つのパスワードがともにロック(窓口のみ)
sim-preset-text-blocked = 券面事項入力補助用暗証番号(text)がロック
sim-preset-child = 15歳未満のカード:署名用電子証明書なし、署名用パスワードのファイルは残り回数を返す
sim-preset-child-no-sign-pin = 15歳未満のカード:署名用電子証明書も署名用パスワードのファイルもない(6A82)
sim-preset-terminal-key-blocked = テスト用端末鍵がロック:端末鍵による初期化は拒否(69 83)
sim-preset-unknown = (説明なし)

## Hardening: command line

output-lost = 結果を標準出力に書き出せませんでした({ $problem })。
output-lost-after-done = 結果を標準出力に書き出せませんでした({ $problem })。手続き自体は完了し、監査ログに記録されています。繰り返さずに、mynapin status または mynapin audit show で確認してください。
output-json-failed = JSON 文書を書き出せません。
log-filter-invalid = 環境変数 MYNAPIN_LOG の値「{ $value }」はログの指定として読めないため、ログは出力しません(例: MYNAPIN_LOG=debug、または -v、-vv、-vvv)。
man-cannot-write = マニュアルページを { $path } に書き出せません({ $problem })。
usage-invalid = コマンドラインが正しくありません({ $kind }: { $argument })。使い方は `mynapin --help` で確認してください。
usage-kind-invalid-value = 正しくない値
usage-kind-unknown-argument = 知らないオプション
usage-kind-invalid-subcommand = 知らないサブコマンド
usage-kind-no-equals = = でつながれていない値
usage-kind-too-many-values = 多すぎる値
usage-kind-too-few-values = 足りない値
usage-kind-wrong-number-of-values = 数の合わない値
usage-kind-argument-conflict = 一緒に使えないオプション
usage-kind-missing-required-argument = 足りない引数
usage-kind-missing-subcommand = サブコマンドの指定なし
usage-kind-invalid-utf8 = UTF-8 でない引数
usage-kind-other = 読み取れない引数
trace-path-not-a-file = --trace { $path }: 通常のファイルではありません(デバイス、パイプ、フォルダーなど)。トレースはファイルを置き換えるので、新しいファイルか通常のファイルを指定してください。
trace-path-is-input = --trace { $path }: これは{ $what }で、トレースで置き換えられてしまいます。別のファイルを指定してください。
trace-what-replay = 再生中のトレース(--replay)
trace-what-profile = カードプロファイル(--simulated=)
trace-what-audit-log = 監査ログ
trace-what-stream = このコマンドの標準入力・標準出力・標準エラー出力
prompt-stdin-terminal = --pin-stdin は標準入力を読みますが、ここでは標準入力が端末なので、入力した値が画面に表示されてしまいます。--pin-stdin を付けずに実行し、表示されないプロンプトで入力してください。
prompt-stdin-extra = --pin-stdin: 標準入力の行が多すぎます({ $expected }行のはずです)。カードには何も送っていません。
session-reader-not-applicable = { $option } は PC/SC のリーダーを選ぶオプションで、{ $source } とは一緒に使えません。
replay-notice = 再生: 以下の応答はカードではなくトレース { $path } からのものです。再生では暗証番号は確かめられません。

## Audit log

audit-log-unwritable = 監査ログ { $path } に書き込めません({ $cause })。カードには何も送っていません。ログを直すか、--audit-log で別のログを指定してから、やり直してください。
audit-log-permissions-tightened = 監査ログ { $path } がほかのユーザーにも読み書きできる状態でした(モード { $mode })。所有者だけが読み書きできるように(0600)変更しました。誰が読んだり変えたりできたかを確認してください(mynapin audit verify)。
audit-log-permissions-open = 監査ログ { $path } はほかのユーザーにも読み書きできる状態です(モード { $mode })が、別のユーザーの所有のため変更していません。所有者に所有者だけが読み書きできるように(chmod 600)変更してもらってください。
audit-log-unreadable = 監査ログ { $path } を読めません({ $cause })。
audit-bad-tag = 申請者の区分や書類の種別は短い符号(英字、数字は4文字まで)で指定してください。書類の番号や氏名は記録できません。
audit-problem-malformed = { $line }行目は監査記録ではありません(書き換えられたか、別のものが書き込みました)
audit-problem-mismatch = { $line }行目が直前の行につながっていません。直前の行が書き換えられたか、{ $line }行目の直前で行が削除・挿入・移動されています
audit-problem-truncated-tail = { $line }行目は途中で切れています(書き込み中の異常終了)。次の記録でつながりが修復されます
audit-not-recorded-after-done = カードの操作は完了しましたが、監査記録を書き込めませんでした: { $problem } 今すぐ手で記録し、操作は繰り返さないでください。
audit-not-recorded = この操作の監査記録を書き込めませんでした: { $problem }
audit-verify-intact = 監査ログ { $path }: 改ざんなし、{ $lines }行に{ $records }件の記録。
audit-verify-broken = 監査ログ { $path }: 異常あり。{ $problem }。
audit-verify-repaired = { $line }行目: 異常終了で途中で切れた記録(次の記録で修復済み)
audit-verify-last-hash = 最終行のハッシュ: { $hash }
audit-show-empty = 監査記録はありません。
audit-since-invalid = --since には日付 YYYY-MM-DD か時刻 YYYY-MM-DDTHH:MM:SSZ(UTC)を指定してください。

## Profile files

profile-syntax-explained = { $located }: { $problem }
profile-syntax-not-toml = TOML として読めません(その行の引用符、角かっこ、「=」を確かめてください)
profile-syntax-unknown-field = カードプロファイルにないフィールドです
profile-syntax-unknown-field-of = カードプロファイルにないフィールドです。この表にあるのは { $expected } です
profile-syntax-missing-field = フィールド `{ $field }` がありません
profile-syntax-wrong-value = 値の型が違うか、範囲外です
profile-expected-text = 二重引用符で囲んだ文字列にしてください
profile-expected-integer = { $min }〜{ $max } の整数にしてください
profile-expected-boolean = true か false にしてください
profile-expected-choice = { $choices } のどれかにしてください
profile-expected-table = 表(テーブル)にしてください
profile-problem-pin-four-digits = 半角数字4桁にしてください(値は表示しません)
profile-problem-pin-sign = 半角の英大文字 A〜Z と数字 0〜9 を両方含む6〜16文字にしてください(値は表示しません)
profile-problem-kind-max-tries = { $max } にしてください(実カードでのこの暗証番号の上限)
profile-problem-sign-pin-file = 署名用電子証明書のあるカードでは "present" にしてください
profile-problem-unknown-preset = `mynapin sim presets` の一覧にある名前にしてください
profile-problem-my-number-digits = 半角数字12桁にしてください(値は表示しません)
profile-problem-my-number-check-digit = 最後の桁を前の11桁の検査用数字にしてください(値は表示しません)
profile-problem-date = 18680125以降の日付を YYYYMMDD で書いてください(値は表示しません)
profile-problem-sex = 1、2、9、0 のいずれかにしてください(JIS X 0303)
profile-problem-security-code = 半角数字4桁にしてください(値は表示しません)
profile-problem-person-text = UTF-8で1〜{ $max }バイトにしてください(値は表示しません)
profile-not-regular-file = カードプロファイル { $path } を使えません: 通常のファイルではありません(FIFO、デバイス、フォルダはカードにできません)
profile-too-large = カードプロファイル { $path } を使えません: { $max } バイトを超えています
profile-read-only = カードプロファイル { $path } は読み取り専用です(書き込み権限のないファイルには書きません)

## The counter page (mynapin counter)
page-app-name = マイナンバーカード 暗証番号 窓口
page-skip = 本文へ移動
page-language = 表示言語
page-language-name = 日本語
page-steps = 手続きの段階
page-step-card = カード
page-step-procedure = 手続き
page-step-applicant = 申請者と書類
page-step-pin = 暗証番号
page-step-result = 結果
page-footer-nav = ページの切り替え
page-link-desk = 窓口の画面へ
page-link-audit = 本日の記録
page-title-card = カードの状態と手続き
page-title-applicant = 申請者と本人確認書類
page-title-ends-here = 本日の受付は終わりです
page-title-pin = 暗証番号の入力
page-title-handover = J-LIS端末での初期化
page-title-done = 完了しました
page-title-failed = できませんでした
page-title-unknown = 結果が分かりません
page-title-busy = ただいま処理中です
page-title-print = 持ち物の確認票
page-title-audit = 本日の記録
page-card-insert = カードをリーダーに置いてください。
page-card-no-reader = カードリーダーが見つかりません。接続を確認してください。
page-card-no-service = カードリーダーのサービス(pcscd)に接続できません。職員に連絡してください。
page-card-reading = カードを読み取っています。カードを動かさないでください。
page-card-unreadable = カードを読み取れませんでした。
page-pins-caption = 暗証番号の状態(状態の確認では試行回数は減りません)
page-pins-pin = 暗証番号
page-pins-state = 状態
page-pins-procedures = 手続き
page-state-last-try = あと1回で ロックされます
page-operation-verify = 確認
page-operation-change = 変更
page-operation-reset = 初期化
page-routes = このカードで使える方法
page-refresh = カードを読み直す
page-training-title = 訓練用の操作(模擬カード)
page-training-note = この画面は模擬カードで動いています。実際のカードには何も送りません。
page-training-remove = カードを取り出す
page-training-insert = カードを置く
page-training-preset = 別のカード(研修用の状態)
page-training-insert-preset = このカードをリーダーに置く
page-training-jlis = J-LIS端末での初期化を模擬する
page-training-jlis-value = J-LIS端末で設定する新しい暗証番号(訓練用)
page-cancel = 中止して最初に戻る
page-applicant-who = 来庁した人
page-applicant-visit = 任意代理人の場合の来庁
page-applicant-show = 必要な書類を表示する
page-applicant-not-accepted = この申請者はこの手続きを受け付けていません。
page-checklist = 確認した書類(確認したものに印を付けてください)
page-checklist-check = 書類を確認して進む
page-missing = まだ足りないもの:
page-print-link = 持ち物の確認票を印刷する
page-print-nothing = 申請者がまだ選ばれていません。
page-ends-here = 任意代理人の申請(1回目)を受け付けました。本日はカードの操作をしません。
page-ends-here-next = 照会書兼回答書を本人の住所に郵送します。回答書が届いたら、代理人が回答書とカードを持って再度来庁してください。
page-pin-state = { $pin }の状態:
page-pin-blocked = この暗証番号はロックされています。確認や変更はできません。初期化の手続きを選んでください。
page-last-try-warning = 次に間違えるとロックされます(残り1回)。
page-last-try-staff = 職員確認: 最後の1回を使うことを本人に説明しました
page-issuer-explain = 初期化はJ-LISの端末で行います。まずカードの試行回数を記録します(回数は減りません)。
page-issuer-start = 試行回数を記録して引き渡す
page-field-current = 今の{ $pin }
page-field-new = 新しい{ $pin }
page-field-again = 新しい暗証番号(もう一度)
page-field-proof = 本人確認のための{ $pin }
page-field-confirm = J-LIS端末で設定した{ $pin }(確認のため)
page-format-ok = 形式は正しいです
page-format-bad = 形式が違います
page-submit-pin = 送信する
page-submit-confirm = 確認する
page-error-empty = 入力してください。
page-error-mismatch = 2回の入力が一致しません。
page-error-blocked = この暗証番号はロックされています。
page-error-proof-blocked = 本人確認に使う暗証番号がロックされています。この方法では初期化できません。
page-error-last-try = 最後の1回を使うには、職員の確認に印を付けてください。
page-error-choose = 手続きを選んでください。
page-error-not-allowed = このカードの状態では、その手続きはできません。
page-error-applicant = 来庁した人を選んでください。
page-handover-instruction = カードを取り出し、J-LISの端末で暗証番号を初期化してから、カードをリーダーに戻してください。
page-handover-waiting-away = カードが取り出されるのを待っています。
page-handover-waiting-back = カードが戻されるのを待っています。
page-result-verified = { $pin }は正しいです。
page-result-changed = { $pin }を変更しました。
page-result-reset = { $pin }を初期化しました。
page-result-issuer-checked = { $pin }の初期化を確認しました(試行回数が最大に戻っています)。
page-result-confirmed = 新しい{ $pin }を確認しました。
page-after = 手続き後の{ $pin }:
page-next-done = カードをリーダーから取り出して、本人にお返しください。
page-next-failed = 表示の内容を本人に説明してください。
page-next-unknown = カードの応答が途中で失われました。他の操作をする前に、必ずカードの状態を読み直してください。
page-next-take-card-out = カードの電源を切れませんでした。すぐにカードをリーダーから取り出してください。
page-next-issuer-confirm = 本人に新しい暗証番号を入力してもらうと、正しく設定されたか確認できます(任意)。
page-not-recorded = 手続きは行われましたが、記録(監査ログ)に書き込めませんでした。管理者に連絡してください。
page-finish = 終了して最初に戻る
page-busy = 別のカード操作を処理中です。この操作は行っていません。終わるまでお待ちください。
page-audit-caption = 本日の記録(暗証番号や個人情報は記録していません)
page-audit-time = 時刻(UTC)
page-audit-procedure = 手続き
page-audit-pin = 暗証番号
page-audit-authority = 初期化の方法
page-audit-applicant = 申請者
page-audit-outcome = 結果
page-audit-none = 本日の記録はまだありません。
page-audit-intact = 記録の改ざん検査: 問題ありません({ $records } 件)。
page-audit-broken = 記録の改ざん検査: 問題が見つかりました。
page-usage-no-replay = 窓口の画面は --replay では使えません(カードリーダーか --simulated を使ってください)。
page-no-random = 乱数を得られないため、窓口の画面を開けません。
page-cannot-listen = 窓口の画面をポート { $port } で開けません: { $problem }
page-server-failed = 窓口の画面が止まりました: { $problem }
page-runtime-failed = 窓口の画面を始められません: { $problem }
page-started = 窓口の画面: { $url } (Ctrl-C で終了)
page-stopped = 窓口の画面を終了しました。
page-training-card = 訓練用の模擬カードを作れません: { $problem }
page-result-issuer-unproven = { $pin }の試行回数は初期化の前から最大でした。初期化されたかどうかは、新しい暗証番号の確認でしか分かりません。
page-plain = { $text }
page-audit-outcome-ok = 完了
page-audit-outcome-failed = 失敗
page-audit-outcome-refused = 拒否
page-audit-outcome-unknown = 結果不明
page-audit-outcome-application-only = 申請のみ（カードは未操作）
page-audit-outcome-unproven = 未確認
page-next-issuer-must-confirm = 本人に新しい暗証番号を一度入力してもらい、確認してください。確認するまで初期化は記録されません。
page-idle-warning = しばらく操作がないため、まもなく画面を消去します。続ける場合はボタンを押してください。
page-idle-continue = 続ける
page-not-recorded-visit = この受付は記録(監査ログ)に書き込めませんでした。管理者に連絡してください。
page-title-confirm = 確認が必要です

## コマンドラインツール: info

info-title = カードの情報(暗証番号なしで読めるもの)
info-atr = ATR: { $atr } ({ $interface })
info-atr-unknown = ATR: 不明(トレースの再生)
info-interface-contactless = 非接触
info-interface-contact = 接触
info-no-jpki = このカードは公的個人認証(JPKI)のアプリケーションに応答しません。マイナンバーカードではないか、向きや置き方が正しくありません。
info-token-label = トークンラベル: { $label }
info-token-label-unknown = トークンラベル: 読めませんでした
info-sign-cert-present = 署名用電子証明書: あり
info-sign-cert-absent = 署名用電子証明書: なし(15歳未満の方のカードなど)
info-sign-cert-unknown = 署名用電子証明書: 有無を読めませんでした
info-auth-cert = 利用者証明用電子証明書: { $from } から { $until } まで(日本時間)
info-ca-cert = その認証局(CA)の証明書: { $from } から { $until } まで(日本時間)
info-auth-cert-unreadable = 利用者証明用電子証明書: 読めませんでした({ $problem })
info-ca-cert-unreadable = その認証局(CA)の証明書: 読めませんでした({ $problem })
info-days-left = 有効期限まで残り { $days } 日
info-renewal-open = 更新できる期間です({ $since } から。有効期限の3か月前から更新できます)。お住まいの市区町村の窓口で更新してください。
info-expired = 有効期限が切れています({ $until })。お住まいの市区町村の窓口で新しい電子証明書の発行を受けてください。
info-not-yet-valid = まだ有効期間が始まっていません({ $from } から)。
info-issuer = 発行者: { $name }
info-subject = 主体: { $name }
info-problem-application-not-found = JPKI アプリケーションがありません
info-problem-not-found = ファイルがありません
info-problem-bad-header = ファイルの先頭が TLV ではありません
info-problem-too-long = 長さが大きすぎます
info-problem-truncated = ファイルが途中で終わっています
info-problem-not-tlv = TLV の形になっていません
info-problem-not-certificate = 証明書として読めません
info-problem-unexpected-status = カードの応答 { $sw }
status-auth-cert = 利用者証明用電子証明書の有効期限: { $until } (残り { $days } 日)
status-auth-cert-renewal = 利用者証明用電子証明書の有効期限: { $until } (残り { $days } 日、{ $since } から更新できます)
status-auth-cert-expired = 利用者証明用電子証明書の有効期限が切れています: { $until }

## Command-line tool: doctor
doctor-heading = mynapin doctor: 端末の点検
doctor-title-pcsc-library = PC/SCライブラリ
doctor-title-pcscd = pcscd
doctor-title-polkit = polkit
doctor-title-ccid-driver = CCIDドライバー
doctor-title-readers = カードリーダー
doctor-title-card = カード
doctor-title-reader-group = リーダーのグループ
doctor-title-configuration = 設定ファイル
doctor-title-rules = ルールファイル
doctor-title-audit-log = 監査ログ
doctor-title-vpcd-readers = 仮想リーダー
doctor-version-unknown = バージョン不明
doctor-not-this-platform = このプラットフォームでは点検しません。
doctor-no-pcsc-support = 点検していません: このビルドはカードリーダーに対応していません。
doctor-skip-no-pcscd = 点検していません: pcscd を使えません(上記参照)。
doctor-skip-no-reader = 点検していません: リーダーがありません(上記参照)。
doctor-library-ok = { $path }(pcsc-lite { $version })。
doctor-library-not-built = このビルドはカードリーダーに対応していません(pcsc 機能なしでビルド)。--simulated だけが使えます。
doctor-library-not-built-fix = pcsc 機能つき(既定)のビルドを入れてください。例: Debian パッケージ、`cargo install mynapin`。
doctor-pcscd-ok = pcscd が応答しています。
doctor-pcscd-units = systemd: pcscd.socket { $socket }、pcscd.service { $service }
doctor-pcscd-process = pcscd プロセス { $pid }
doctor-pcscd-no-socket = pcscd が動いていません(ソケット { $socket } がありません)。
doctor-pcscd-stale-socket = { $socket } はありますが pcscd が応答しません(止まった pcscd のソケットが残っている可能性があります)。
doctor-pcscd-not-a-socket = { $socket } がソケットではなく、pcscd も応答しません。
doctor-pcscd-error = pcscd を使えませんでした。
doctor-pcscd-fix-install = pcscd と CCID ドライバーを入れてください: `sudo apt install pcscd libccid`
doctor-pcscd-fix-systemd = pcscd を起動し、必要時に起動されるようにしてください: `sudo systemctl enable --now pcscd.socket`
doctor-pcscd-fix-start = pcscd を起動してください(`sudo systemctl start pcscd`、systemd で動かさない環境では `sudo pcscd`)。止まった pcscd のソケットが残っていれば、先に /run/pcscd/pcscd.comm を削除してください。
doctor-polkit-denied = pcscd がこのユーザーを拒否しました(polkit: org.debian.pcsc-lite.access_pcsc)。pcsc-lite の既定のポリシーは、ローカルで操作中のセッションだけを許可します。
doctor-polkit-remote = このセッションはリモートか非アクティブです。polkit が pcscd やカードの利用を拒否することがあります(org.debian.pcsc-lite.access_pcsc、access_card)。
doctor-polkit-fix = root で次のルールを { $path } に置き(グループ { $group } に pcscd とカードの利用を許可します)、職員のアカウントを { $group } に加えてください:
    { $rule }
doctor-polkit-not-used = この pcscd は polkit に問い合わせません(org.debian.pcsc-lite のポリシーが入っていません)。
doctor-polkit-root = ユーザーは root です。polkit は常に許可します。
doctor-polkit-rule = pcsc-lite の操作を扱う polkit ルールがあります: { $path }。
doctor-polkit-ok = 許可されています(ローカルで操作中のセッション)。
doctor-ccid-ok = { $path }({ $version })。
doctor-ccid-missing = CCID ドライバー(ifd-ccid.bundle)が入っていません。pcscd は USB リーダーを認識できません。
doctor-ccid-fix = `sudo apt install libccid` で入れ、リーダーを挿し直してください。
doctor-readers-ok = リーダー { $count } 台。
doctor-readers-none = リーダーがありません(pcscd の一覧が空です)。
doctor-readers-none-fix = リーダーを接続してください(カードで使えるリーダーは udev/README.md にあります)。`lsusb` で確認し、CCID ドライバーを入れる前に挿したリーダーは挿し直してください。
doctor-readers-error = pcscd がリーダーの一覧を返せませんでした。
doctor-reader-known = { $reader }: { $model }({ $interface })
doctor-reader-unknown = { $reader }: 既知のリーダーの表にありません(ほとんどの CCID リーダーは使えます)。
doctor-reader-not-listed = { $model }: USB に接続されていますが、pcscd の一覧にありません。
doctor-readers-not-listed-fix = pcscd の一覧にあるリーダーを使ってください。一覧に出るはずのリーダーは挿し直し、CCID ドライバーのバージョンと pcscd のログ(`journalctl -u pcscd`)を確認してください。
doctor-interface-contact = 接触
doctor-interface-contactless = 非接触
doctor-interface-dual = 接触・非接触
doctor-interface-virtual = 仮想(模擬カード)
doctor-quirk-hold-still = 非接触: 手続きが終わるまでカードをリーダーに平らに置いたままにしてください。
doctor-quirk-two-slots = リーダーが2台(接触用 ICC と非接触用 PICC)見えます。--reader で選んでください。
doctor-quirk-kernel-nfc = Linux の NFC ドライバー(pn533_usb)が pcscd より先にリーダーを使うことがあります。/etc/modprobe.d/ で pn533_usb、pn533、nfc をブラックリストに入れ、挿し直してください。
doctor-quirk-no-pcsc-driver = Linux には PC/SC ドライバーがありません(カーネルのドライバーは NFC 用です)。pcscd では使えません。RC-S300 など一覧のリーダーを使ってください。
doctor-quirk-simulated = vsmartcard の仮想リーダー: `mynapin sim serve`(または他の vpcd プログラム)が動いている間だけ模擬カードが入ります。
doctor-card-ok = { $reader } のマイナンバーカードが応答しています。
doctor-card-none = { $readers } にカードがありません。
doctor-card-none-fix = カードを差し込むか(接触)、リーダーに置いて(非接触)、もう一度 doctor を実行してください。
doctor-card-not-jpki = { $reader } のカードは JPKI アプリケーションに応答しません。マイナンバーカードではありません(またはこのツールで使えないカードです)。
doctor-card-not-jpki-fix = 本人のマイナンバーカード(個人番号カード)を使ってください。旧住基カードなど他の IC カードは使えません。
doctor-card-unasked = { $reader } のカードに問い合わせできませんでした(他のアプリケーションが使用中の可能性があります)。
doctor-card-unasked-fix = 他のカードアプリケーション(JPKI 利用者クライアント、OpenSC のツールなど)を閉じて、もう一度 doctor を実行してください。
doctor-card-reader-fix = `mynapin readers` の一覧にあるリーダーを --reader で指定してください。
doctor-card-line = { $reader }: ATR { $atr }({ $class })。{ $jpki }
doctor-atr-contact = マイナンバーカードの接触 ATR
doctor-atr-contactless = マイナンバーカードの非接触 ATR
doctor-atr-other = 既知のマイナンバーカードの ATR ではありません
doctor-jpki-answers = JPKI に応答
doctor-jpki-refuses = JPKI に応答しません
doctor-jpki-unasked = 問い合わせできません
doctor-group-no-rules = 点検していません: mynapin の udev ルールが入っていません(pcscd が root で動いていれば不要です)。
doctor-group-root = ユーザーは root です。{ $rules } はリーダーを { $group } に割り当てています。
doctor-group-ok = { $user } は { $group } に入っています({ $rules })。
doctor-group-not-yet = { $user } は { $group } に追加されていますが、このログインはその前に始まっています。
doctor-group-missing = { $user } は { $group }({ $rules } がリーダーを割り当てるグループ)に入っていません。
doctor-group-undefined = { $rules } はリーダーを { $group } に割り当てていますが、そのグループがありません。
doctor-group-fix-login = ログアウトして、ログインし直してください。
doctor-group-fix-add = `sudo usermod -aG { $group } { $user }` を実行し、ログインし直してください。
doctor-group-fix-create = `sudo groupadd --system { $group }` と `sudo usermod -aG { $group } { $user }` を実行し、リーダーを挿し直してログインし直してください。
doctor-config-absent = 設定ファイル({ $path })はありません。既定値を使います。
doctor-config-ok = { $path } は正しい形式です。
doctor-config-fix = { $path } を直すか(README「Workstation configuration」)、--config または MYNAPIN_CONFIG で別のファイルを指定してください。
doctor-rules-embedded = 組み込みのルール(モデル自治体)を使います。
doctor-rules-ok = { $path } は正しい形式です。
doctor-rules-unknown = 点検していません: ルールファイルを指定する設定ファイルを読めません。
doctor-rules-fix = { $path } を直すか、--rules または設定ファイルで別のファイルを指定してください。
doctor-audit-ok = { $path } に追記できます。
doctor-audit-new = { $path } は { $folder } に作成されます。
doctor-audit-not-file = { $path } は通常のファイルではありません。
doctor-audit-unwritable = このユーザーは { $path } に書き込めません。
doctor-audit-folder-unwritable = { $path } を作成できません。このユーザーは { $folder } に書き込めません。
doctor-audit-fix = このユーザーに { $path }(またはそのフォルダー)への書き込みを許可するか、--audit-log または設定の audit_log で別のログを指定してください。それまで照合・変更・初期化は始まりません。
doctor-audit-world-writable = { $path } は誰でも書き込めます。
doctor-audit-world-writable-fix = `chmod o-w { $path }` を実行してください(ハッシュチェーンは改ざんを示しますが、防ぎはしません)。
doctor-vpcd-none = ありません。
doctor-vpcd-serving = { $readers }: それぞれ模擬カードが入っています。
doctor-vpcd-empty = カードのない仮想リーダーがあります: { $readers }。リーダーの選択の邪魔になります。
doctor-vpcd-fix = 窓口の端末では vsmartcard の vpcd を削除してください(`sudo apt remove vsmartcard-vpcd` の後 pcscd を再起動)。テスト用の端末では --reader でリーダーを選んでください。
