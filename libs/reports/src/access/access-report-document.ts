import { dateText, dateTimeText, type LocalizedText } from '@daicho/documents';
import type { CheckpointStampData } from '@daicho/ledger';
import type { Lang } from '@daicho/platform';
import type { PdfBlock, PdfDocument } from '@daicho/documents';
import { AccessAnomalyKind, THRESHOLDS } from './access-anomalies';
import type { AccessReportModel } from './access-report.models';

const t = (ja: string, en: string): LocalizedText => ({ ja, en });

const TEXT = {
  title: t(
    '個人データ取扱状況（アクセス）報告書',
    'Access report: who handled which personal data',
  ),
  period: t('対象期間', 'Period'),
  lead: t(
    '本書は、台帳（すべてのアクセスの改ざん検知可能な記録）から、対象期間の閲覧・出力・第三者提供・拒否を操作者と個人情報の区分ごとに集計し、確認を要する事項を理由とともに示すものです（個人情報保護方針 2：従業者の監督、JIS Q 15001 A.3.7 運用の確認）。',
    'This report counts, from the ledger (the tamper-evident record of every access), the reads, exports, hand-offs to third parties and refusals of the period by actor and category of personal data, and lists what needs a look, with the reason (privacy policy item 2: supervision of staff; JIS Q 15001 A.3.7).',
  ),
  totals: t('合計', 'Totals'),
  reads: t('閲覧', 'Reads'),
  exports: t('出力', 'Exports'),
  provisions: t('第三者提供', 'Hand-offs'),
  denials: t('拒否', 'Refusals'),
  anomalies: t('確認を要する事項', 'What needs a look'),
  none: t('この期間に確認を要する事項はありませんでした。', 'Nothing unusual in this period.'),
  actorCategory: t('操作者・区分別', 'By actor and category'),
  actor: t('操作者', 'Actor'),
  category: t('区分', 'Category'),
  purpose: t('利用目的別', 'By purpose of use'),
  purposeColumn: t('利用目的', 'Purpose'),
  day: t('日別', 'By day'),
  date: t('日', 'Day'),
  kind: t('種別', 'Kind'),
  reason: t('理由', 'Reason'),
  entries: t('件数', 'Entries'),
  thresholds: t(
    `基準：業務時間は営業日の9:00〜18:00（日本時間）。1日の閲覧が本人の期間内中央値の${THRESHOLDS.volumeFactor}倍以上かつ${THRESHOLDS.volumeFloor}件以上、拒否が1日${THRESHOLDS.deniedPerDay}件以上、出力が1日${THRESHOLDS.exportedPerDay}件以上、消去済みの本人を指すアクセス、期間前に使ったことのない利用目的。`,
    `Thresholds: office hours are 9:00–18:00 JST on business days; a day's reads at least ${THRESHOLDS.volumeFactor}× the actor's median day and at least ${THRESHOLDS.volumeFloor}; ${THRESHOLDS.deniedPerDay} or more refusals in a day; ${THRESHOLDS.exportedPerDay} or more exports in a day; any access naming an erased person; a purpose the actor never used before the period.`,
  ),
};

export const ANOMALY_LABELS: Record<AccessAnomalyKind, LocalizedText> = {
  OFF_HOURS: t('業務時間外の閲覧・出力', 'Reads outside office hours'),
  VOLUME_SPIKE: t('通常を大きく超える件数', 'Far above the usual day'),
  NEW_PURPOSE: t('初めて使う利用目的', 'A purpose never used before'),
  REPEATED_DENIALS: t('繰り返しの拒否', 'Repeated refusals'),
  BULK_EXPORT: t('大量の出力', 'Bulk export'),
  ERASED_PERSON: t('消去済みの本人へのアクセス', 'Access to an erased person'),
};

/** Catalog names of the codes the report shows, in the document's language. */
export interface ReportNames {
  categories: Map<string, LocalizedText>;
  purposes: Map<string, LocalizedText>;
}

const n = (v: number, lang: Lang) => v.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-US');

/** What kind of actor a row is, beside its name; a person's account needs no label. */
const ACTOR_KIND_LABEL: Record<string, LocalizedText> = {
  API_KEY: { ja: '（連携システム）', en: ' (API)' },
  // The CLI acts as SYSTEM under the operator's name (cli:<OS user>@<host>).
  SYSTEM: { ja: '（コマンドライン操作）', en: ' (CLI)' },
};

/** The access report as a PDF document, printing the checkpoint it was counted on. */
export function accessReportDocument(
  report: AccessReportModel,
  stamp: CheckpointStampData,
  names: ReportNames,
  lang: Lang,
): PdfDocument {
  const l = (text: LocalizedText) => text[lang];
  const category = (code: string | null) =>
    code ? `${names.categories.get(code)?.[lang] ?? code}（${code}）` : '—';
  const purpose = (code: string | null) =>
    code ? `${names.purposes.get(code)?.[lang] ?? code}（${code}）` : '—';
  const actor = (a: { id: string; name: string | null; kind: string }) =>
    `${a.name ?? a.id}${ACTOR_KIND_LABEL[a.kind]?.[lang] ?? ''}`;
  const counts = (c: { reads: number; exports: number; provisions: number; denials: number }) => [
    n(c.reads, lang),
    n(c.exports, lang),
    n(c.provisions, lang),
    n(c.denials, lang),
  ];
  const countColumns = [TEXT.reads, TEXT.exports, TEXT.provisions, TEXT.denials].map((c) => ({
    header: l(c),
    width: 1,
  }));
  const last = new Date(report.to.getTime() - 1);
  const blocks: PdfBlock[] = [
    {
      kind: 'fields',
      rows: [
        {
          label: l(TEXT.period),
          value: `${dateTimeText(report.from, lang)} – ${dateTimeText(last, lang)}`,
        },
      ],
    },
    { kind: 'paragraph', text: l(TEXT.lead) },
    { kind: 'heading', text: l(TEXT.totals), level: 2 },
    { kind: 'table', columns: countColumns, rows: [counts(report.totals)] },
    { kind: 'heading', text: l(TEXT.anomalies), level: 2 },
    report.anomalies.length === 0
      ? { kind: 'paragraph', text: l(TEXT.none) }
      : {
          kind: 'table',
          columns: [
            { header: l(TEXT.date), width: 1.2 },
            { header: l(TEXT.kind), width: 1.8 },
            { header: l(TEXT.actor), width: 1.6 },
            { header: l(TEXT.reason), width: 4 },
          ],
          rows: report.anomalies.map((a) => [
            dateText(a.day, lang),
            l(ANOMALY_LABELS[a.kind]),
            actor(a.actor),
            lang === 'ja' ? a.reasonJa : a.reason,
          ]),
        },
    { kind: 'paragraph', text: l(TEXT.thresholds), small: true },
    { kind: 'heading', text: l(TEXT.actorCategory), level: 2 },
    {
      kind: 'table',
      columns: [
        { header: l(TEXT.actor), width: 2 },
        { header: l(TEXT.category), width: 2.5 },
        ...countColumns,
      ],
      rows: report.byActorCategory.map((c) => [
        actor(c.actor),
        category(c.categoryCode),
        ...counts(c),
      ]),
    },
    { kind: 'heading', text: l(TEXT.purpose), level: 2 },
    {
      kind: 'table',
      columns: [{ header: l(TEXT.purposeColumn), width: 3 }, ...countColumns],
      rows: report.byPurpose.map((p) => [purpose(p.purposeCode), ...counts(p)]),
    },
    { kind: 'heading', text: l(TEXT.day), level: 2 },
    {
      kind: 'table',
      columns: [{ header: l(TEXT.date), width: 1.5 }, ...countColumns],
      rows: report.byDay.map((d) => [dateText(d.day, lang), ...counts(d)]),
    },
    { kind: 'checkpoint', stamp },
  ];
  return { title: l(TEXT.title), lang, blocks, footer: l(TEXT.title) };
}
