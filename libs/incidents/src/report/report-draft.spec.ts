import { pdfFile, pdfToText, type CheckpointStamp } from '@daicho/documents';
import { IncidentCause, IncidentKind, ReportStage, Rule7Ground } from '../incident-enums';
import { personNoticeDocument } from './person-notice';
import {
  changedItems,
  DRAFT_ITEMS,
  parseDraft,
  prefilledDraft,
  type ReportDraft,
} from './report-draft';
import type { ReportData } from './report-data';
import { reportDocument } from './report-document';
import { reportJson } from './report-json';

const SOURCES = {
  kind: IncidentKind.LEAKAGE,
  cause: IncidentCause.MISDELIVERY,
  discoveredAt: new Date('2026-11-30T01:00:00Z'),
  awareAt: new Date('2026-11-30T02:00:00Z'),
  title: '給与明細の誤送信',
  description: '給与明細を別の社員に送信した',
  persons: 3,
  scopeItems: [
    {
      category: { ja: '従業者', en: 'Employees' },
      items: [
        { ja: '氏名', en: 'Name' },
        { ja: '社員番号', en: 'Employee number' },
      ],
    },
  ],
};

const STAMP: CheckpointStamp = {
  origin: 'daicho.local/ledger',
  treeSize: 1234,
  rootHash: 'ab'.repeat(32),
  signedAt: new Date('2026-12-01T00:00:00Z'),
  keyName: 'daicho.local/ledger',
};

const OFFICE = {
  name: { ja: '個人情報センター', en: 'Personal Information Center' },
  address: { ja: '大阪府大阪市中央区西心斎橋2-1-5', en: 'Osaka' },
  email: 'privacy@example.jp',
};

/** A PDF's text without the spaces and line breaks its layout puts in a wrapped cell. */
const flatText = async (pdf: Buffer) =>
  (await pdfToText(pdf, { layout: false })).replace(/\s+/g, '');

const dataOf = (draft: ReportDraft): ReportData => ({
  number: 'I-2026-0001',
  stage: ReportStage.PRELIMINARY,
  madeOn: '2026-12-01',
  kind: IncidentKind.LEAKAGE,
  cause: IncidentCause.MISDELIVERY,
  wrongfulPurpose: false,
  discoveredAt: SOURCES.discoveredAt,
  awareAt: SOURCES.awareAt,
  preliminaryDueOn: '2026-12-03',
  preliminaryOverdueOn: '2026-12-05',
  finalDueOn: '2026-12-30',
  finalDueBusinessDay: '2027-01-04',
  reportability: {
    reportable: true,
    grounds: [Rule7Ground.FINANCIAL_DAMAGE],
    exempt: false,
    clientReports: false,
  },
  scope: {
    persons: 3,
    records: 3,
    categoryCodes: ['EMPLOYEE'],
    itemKeys: ['employeeNumber', 'name'],
    specialCare: false,
    myNumber: false,
    myNumberPersons: 0,
    financialDamageRisk: true,
    entrustedCategoryCodes: [],
  },
  draft,
  draftVersion: 2,
  draftEditedAt: new Date('2026-12-01T00:00:00Z'),
  office: OFFICE,
  checkpoint: STAMP,
});

describe('the Rule 8 report draft', () => {
  it('prefills overview, items, persons and cause from the register and leaves the rest to the CPO', () => {
    const draft = prefilledDraft(SOURCES);
    expect(draft.overview).toContain('2026年11月30日（月） 11:00:00（日本時間）');
    expect(draft.overview).toContain('誤送付・誤送信により');
    expect(draft.overview).toContain('漏えい');
    expect(draft.overview).toContain('件名：給与明細の誤送信');
    expect(draft.items).toBe('従業者：氏名、社員番号');
    expect(draft.persons).toBe(3);
    expect(draft.cause).toBe('誤送付・誤送信\n給与明細を別の社員に送信した');
    for (const item of [
      'secondaryDamage',
      'responseToPersons',
      'publication',
      'prevention',
      'other',
    ] as const)
      expect(draft[item]).toBe('');
  });

  it('keeps exactly the nine items through sealing, and names the changed ones', () => {
    const draft = prefilledDraft(SOURCES);
    const stored = JSON.stringify({ ...draft, extra: 'dropped' });
    expect(Object.keys(parseDraft(stored))).toEqual(DRAFT_ITEMS);
    expect(() => parseDraft(JSON.stringify({ ...draft, persons: '3' }))).toThrow(/persons/);
    expect(changedItems(draft, { ...draft, prevention: '二重確認', persons: 4 })).toEqual([
      'persons',
      'prevention',
    ]);
  });

  it('prints the report with its nine items, the dates and the checkpoint; the JSON says the same', async () => {
    const draft = { ...prefilledDraft(SOURCES), prevention: '送信前の二重確認' };
    const text = await flatText(await pdfFile(reportDocument(dataOf(draft), 'ja')));
    for (const expected of [
      '個人データの漏えい等の報告（速報）',
      'I-2026-0001',
      '個人情報保護委員会',
      '2026年12月3日',
      '2027年1月4日',
      '3名',
      '再発防止のための措置',
      '送信前の二重確認',
      'ab'.repeat(32),
    ])
      expect(text).toContain(expected);
    const english = await flatText(await pdfFile(reportDocument(dataOf(draft), 'en')));
    expect(english).toContain('3persons');
    const json = JSON.parse(reportJson(dataOf(draft)).toString('utf8')) as {
      report: { item: string; value: unknown }[];
      checkpoint: { rootHash: string };
    };
    expect(json.report.map((r) => r.item)).toEqual(DRAFT_ITEMS);
    expect(json.report.find((r) => r.item === 'persons')?.value).toBe(3);
    expect(json.checkpoint.rootHash).toBe(STAMP.rootHash);
  });

  it('makes the notice to the persons from five items, naming no one and no count', async () => {
    const draft = { ...prefilledDraft(SOURCES), other: '専用窓口を設けました' };
    const text = await flatText(
      await pdfFile(personNoticeDocument({ number: 'I-2026-0001', draft, office: OFFICE }, 'ja')),
    );
    expect(text).toContain('個人情報の漏えい等に関するお知らせ');
    expect(text).toContain('4.二次被害又はそのおそれの有無');
    expect(text).toContain('専用窓口を設けました');
    expect(text).toContain('privacy@example.jp');
    expect(text).not.toContain('本人の数');
    expect(text).not.toContain('再発防止');
  });
});
