import { JAPAN_TIME_ZONE } from './japan-time';

/** Japanese first (the office's language), English one click away. */
export type Lang = 'ja' | 'en';

const TEXTS = {
  title: ['台帳 コンソール', 'Daicho console'],
  email: ['メールアドレス', 'E-mail'],
  password: ['パスワード', 'Password'],
  login: ['ログイン', 'Log in'],
  logout: ['ログアウト', 'Log out'],
  loginFailed: ['ログインできませんでした', 'Could not log in'],
  ssoLogin: ['社内アカウントでログイン', 'Log in with your company account'],
  ssoFailed: [
    '社内アカウントでログインできませんでした（Daicho に登録された有効な利用者か、管理者に確認してください）',
    'Could not log in with your company account (ask an administrator whether you are an active Daicho user)',
  ],
  mfaCode: ['認証アプリのコード', 'Code from your authenticator app'],
  mfaHint: [
    '認証アプリに表示される6桁の数字を入力してください。端末を紛失した場合は回復コードを入力できます。',
    'Enter the 6 digits your authenticator app shows, or one of your recovery codes if the device is lost.',
  ],
  mustChange: ['初期パスワードを変更してください', 'Change your initial password to go on'],
  currentPassword: ['現在のパスワード', 'Current password'],
  newPassword: ['新しいパスワード', 'New password'],
  change: ['変更する', 'Change'],
  dashboard: ['ダッシュボード', 'Dashboard'],
  accessReport: ['アクセスレポート', 'Access report'],
  graphiql: ['GraphQL コンソール', 'GraphQL console'],
  requests: ['開示等の請求（未完了）', 'Open requests from persons'],
  incidents: ['漏えい等事案（対応中）', 'Open incidents'],
  ledger: ['台帳（ログ）', 'The ledger'],
  number: ['番号', 'Number'],
  kind: ['種別', 'Kind'],
  status: ['状態', 'Status'],
  dueOn: ['期限', 'Due'],
  daysLeft: ['残り営業日', 'Business days left'],
  art39On: ['法39条の日（訴え提起可能日）', 'Art. 39 date (may sue from)'],
  stage: ['段階', 'Stage'],
  preliminaryDue: ['速報期限', 'Preliminary due'],
  finalDue: ['確報期限', 'Final due'],
  reportable: ['報告対象', 'Reportable'],
  yes: ['はい', 'Yes'],
  no: ['いいえ', 'No'],
  treeSize: ['エントリ数', 'Entries'],
  root: ['ルートハッシュ', 'Root hash'],
  signedAt: ['署名日時', 'Signed at'],
  verifyNow: ['今すぐ検証', 'Verify now'],
  verified: ['検証済み', 'Verified'],
  broken: ['改ざんを検出', 'Tampering found'],
  noRequests: [
    '未完了の請求はありません。新しい請求は receiveRequest で受け付けます。',
    'No open requests. New ones are received with receiveRequest.',
  ],
  noIncidents: [
    '対応中の事案はありません。発見したら reportIncident で報告します。',
    'No open incidents. Report one with reportIncident when found.',
  ],
  from: ['開始', 'From'],
  to: ['終了', 'To'],
  show: ['表示', 'Show'],
  actor: ['操作者', 'Actor'],
  category: ['区分', 'Category'],
  purpose: ['利用目的', 'Purpose'],
  day: ['日', 'Day'],
  reads: ['閲覧', 'Reads'],
  exports: ['出力', 'Exports'],
  provisions: ['提供', 'Hand-offs'],
  denials: ['拒否', 'Denials'],
  anomalies: ['要確認事項', 'Anomalies'],
  noAnomalies: ['この期間に要確認事項はありません。', 'Nothing unusual in this period.'],
  entries: ['該当エントリ', 'Entries'],
  drillDown: ['エントリを見る', 'Show entries'],
  basis: ['集計の基準チェックポイント', 'Counted up to the checkpoint'],
  noAccess: [
    'この期間の記録はありません。期間を変えてください。',
    'Nothing recorded in this period: choose another.',
  ],
  forbidden: ['この画面はあなたの役割では使えません。', 'Your role may not use this page.'],
  loading: ['読み込み中…', 'Loading…'],
  dueSoon: ['30日以内に期限が来るもの', 'Falling due within 30 days'],
  nothingDue: ['30日以内に期限が来るものはありません。', 'Nothing falls due in the next 30 days.'],
  categoryReview: ['台帳の見直し', 'Category review'],
  supervision: ['委託先の監督', 'Contractor supervision'],
  disposals: ['保存期間満了による廃棄', 'Disposals at the end of retention'],
  correctiveAction: ['是正処置の期限', 'Corrective action due'],
  lastVerified: ['前回の検証', 'Last verified'],
  neverVerified: [
    'まだ検証されていません。「今すぐ検証」で台帳全体を検証します。',
    'Not verified yet: "Verify now" checks the whole ledger.',
  ],
  evidenceBundle: ['証跡バンドルをダウンロード', 'Download the evidence bundle'],
  evidenceHint: [
    '直近のチェックポイントまでのエントリ（最大25万件）と証明。tools/verify-ledger.js と公開鍵だけで検証できます。',
    'The entries up to the latest checkpoint (at most 250,000) with their proofs, checked with tools/verify-ledger.js and the public key alone.',
  ],
  reportsPdf: ['報告書（PDF）', 'Reports (PDF)'],
  managementLedgerPdf: ['個人情報管理台帳', 'Management ledger'],
  accessReportPdf: ['この期間のアクセスレポート（PDF）', 'Access report for this period (PDF)'],
  provisionsPdf: ['この期間の第三者提供記録（PDF）', 'Provision records for this period (PDF)'],
  recordedAt: ['記録日時', 'Recorded at'],
  action: ['操作', 'Action'],
  outcome: ['結果', 'Outcome'],
  allowed: ['許可', 'Allowed'],
  denied: ['拒否', 'Refused'],
  downloadFailed: ['ダウンロードできませんでした', 'The download failed'],
} satisfies Record<string, [string, string]>;

export type TextKey = keyof typeof TEXTS;

export const text = (lang: Lang, key: TextKey): string => TEXTS[key][lang === 'ja' ? 0 : 1];

/** Dates and times as people in Japan read them (JST), numbers with separators. */
export const formatTime = (lang: Lang, value: string | Date): string =>
  new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: JAPAN_TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(value));

export const formatNumber = (lang: Lang, value: number): string =>
  new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format(value);
