import {
  dateText,
  dateTimeText,
  type LocalizedText,
  type PdfDocument,
  type PdfField,
} from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { DRAFT_ITEMS, type ReportDraft } from './report-draft';
import type { PrivacyOffice, ReportData } from './report-data';
import { INCIDENT_LABELS, personsText, REPORT_ITEMS, t, type ReportItem } from './report-labels';

const FIELD = {
  number: t('事案番号', 'Incident number'),
  stage: t('報告の区分', 'Report'),
  kind: t('事態の区分', 'What happened'),
  discoveredAt: t('発見日時', 'Discovered'),
  awareAt: t(
    '当社が認識した日時（報告期限の起算点）',
    'The company became aware (the clocks run from it)',
  ),
  preliminaryDueOn: t('速報の期限', 'Preliminary report due'),
  finalDueOn: t('確報の期限', 'Final report due'),
  grounds: t('報告対象となる事態（規則7条）', 'Why it is reportable (Rule 7)'),
  draft: t('本書の基となった報告書案', 'Draft this report was made from'),
};

const TEXT = {
  title: t('個人データの漏えい等の報告（{stage}）', 'Report of a personal data breach ({stage})'),
  to: t('個人情報保護委員会 御中', 'To the Personal Information Protection Commission'),
  lead: t(
    '個人情報の保護に関する法律第26条第1項及び同法施行規則第8条第1項の規定により、次のとおり報告します。',
    'Under APPI art. 26(1) and PPC Rule 8(1), we report as follows.',
  ),
  facts: t('事案', 'The incident'),
  items: t('報告事項（規則8条1項）', 'What Rule 8(1) asks'),
  preliminaryDue: t(
    '{date}（速やかに：目安3日以内。遅くとも{overdue}まで）',
    '{date} ("promptly": within about 3 days; at the latest {overdue})',
  ),
  finalDue: t('{date}（{days}日以内、規則8条2項）', '{date} (within {days} days, Rule 8(2))'),
  finalDueMoved: t(
    '{date}（{days}日以内、規則8条2項。末日が休業日のため{business}まで、民法142条）',
    '{date} (within {days} days, Rule 8(2); the last day is a closed day, so {business}, Civil Code art. 142)',
  ),
  noGround: t(
    '現時点の影響範囲では、規則7条各号のいずれにも該当しません。',
    'As the scope stands, none of the items of Rule 7 applies.',
  ),
  exempt: t(
    '高度な暗号化その他の個人の権利利益を保護するために必要な措置が講じられているため、報告対象外です（規則7条1号括弧書）。',
    'Exempt: the data was protected by high-grade encryption or a like measure (Rule 7(i), in brackets).',
  ),
  clientReports: t(
    '委託を受けた個人データのみに係るため、委託元が報告し、当社は委託元に通知します（規則9条）。',
    "Only a client's entrusted data is affected: the client reports; we notify the client (Rule 9).",
  ),
  savedDraft: t('第{version}版（{at}保存）', 'Version {version} (saved {at})'),
  prefilled: t(
    '未保存（台帳の事案と影響範囲から自動入力したもの）',
    'Not saved (prefilled from the register and the scope)',
  ),
};

/** Fills {name} slots of a text. */
export const fill = (text: string, values: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);

/** The office as a sender's block: name, address, e-mail. */
export const officeLines = (office: PrivacyOffice, lang: Lang): string[] => [
  office.name[lang],
  office.address[lang],
  `E-mail: ${office.email}`,
];

/** One of the nine items as a numbered field; an empty text prints lines to write on. */
export function itemField(draft: ReportDraft, item: ReportItem, n: number, lang: Lang): PdfField {
  const value = draft[item];
  return {
    label: `${n}. ${REPORT_ITEMS[item][lang]}`,
    value: typeof value === 'number' ? personsText(value, lang) : value,
    blankLines: 3,
  };
}

function groundsText(data: ReportData, lang: Lang): string {
  const { reportability } = data;
  if (reportability.exempt) return TEXT.exempt[lang];
  const lines = reportability.grounds.map((g) => INCIDENT_LABELS.rule7[g][lang]);
  if (lines.length === 0) lines.push(TEXT.noGround[lang]);
  if (reportability.clientReports) lines.push(TEXT.clientReports[lang]);
  return lines.join('\n');
}

function finalDueText(data: ReportData, lang: Lang): string {
  const days = String(data.wrongfulPurpose ? 60 : 30);
  const date = dateText(data.finalDueOn, lang);
  if (data.finalDueBusinessDay === data.finalDueOn)
    return fill(TEXT.finalDue[lang], { date, days });
  return fill(TEXT.finalDueMoved[lang], {
    date,
    days,
    business: dateText(data.finalDueBusinessDay, lang),
  });
}

/** The document's title: the report and its stage (速報 / 確報). */
const titleOf = (data: ReportData, lang: Lang): string =>
  fill(TEXT.title[lang], { stage: INCIDENT_LABELS.reportStage[data.stage][lang] });

const field = (label: LocalizedText, value: string, lang: Lang): PdfField => ({
  label: label[lang],
  value,
});

/**
 * The report to the PPC (APPI art. 26(1); PPC Rule 8) as a PDF model: addressed to the PPC from
 * the privacy office, the incident's number, stage and dates (awareness, the preliminary and the
 * final deadline), why it is reportable, the nine items of Rule 8(1) as the CPO drafted them, and
 * last the ledger checkpoint the facts were read at.
 */
export function reportDocument(data: ReportData, lang: Lang): PdfDocument {
  const title = titleOf(data, lang);
  const draftText =
    data.draftVersion > 0 && data.draftEditedAt
      ? fill(TEXT.savedDraft[lang], {
          version: String(data.draftVersion),
          at: dateTimeText(data.draftEditedAt, lang),
        })
      : TEXT.prefilled[lang];
  return {
    title,
    lang,
    footer: `${data.number}  ${title}`,
    createdAt: data.checkpoint.signedAt,
    blocks: [
      { kind: 'lines', align: 'right', lines: [data.number, dateText(data.madeOn, lang)] },
      { kind: 'addresses', to: [TEXT.to[lang]], from: officeLines(data.office, lang) },
      { kind: 'paragraph', text: TEXT.lead[lang] },
      { kind: 'heading', text: TEXT.facts[lang], level: 2 },
      {
        kind: 'fields',
        rows: [
          field(FIELD.number, data.number, lang),
          field(FIELD.stage, INCIDENT_LABELS.reportStage[data.stage][lang], lang),
          field(FIELD.kind, INCIDENT_LABELS.kind[data.kind][lang], lang),
          field(FIELD.discoveredAt, dateTimeText(data.discoveredAt, lang), lang),
          field(FIELD.awareAt, dateTimeText(data.awareAt, lang), lang),
          field(
            FIELD.preliminaryDueOn,
            fill(TEXT.preliminaryDue[lang], {
              date: dateText(data.preliminaryDueOn, lang),
              overdue: dateText(data.preliminaryOverdueOn, lang),
            }),
            lang,
          ),
          field(FIELD.finalDueOn, finalDueText(data, lang), lang),
          field(FIELD.grounds, groundsText(data, lang), lang),
          field(FIELD.draft, draftText, lang),
        ],
      },
      { kind: 'heading', text: TEXT.items[lang], level: 2 },
      {
        kind: 'fields',
        rows: DRAFT_ITEMS.map((item, i) => itemField(data.draft, item, i + 1, lang)),
      },
      { kind: 'checkpoint', stamp: data.checkpoint },
    ],
  };
}
