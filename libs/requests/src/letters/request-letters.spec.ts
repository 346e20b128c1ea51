import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfFile, pdfToText } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import {
  AgentKind,
  DisclosureExemption,
  DisclosureMethod,
  RefusalGround,
  RequestKind,
  RequestLetter,
  RequestOutcome,
} from '../request-enums';
import type { LetterData, ResponseContent } from './letter-data';
import { letterDocument } from './request-letters';

const ROOT = 'c0ffee5a1e7d0b6c7e4b3a29f1d8e6c5b4a39281706f5e4d3c2b1a0918273645';
const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const l = (ja: string, en: string) => ({ ja, en });

/** Squashed: wrapped lines and column gaps gone, so a long label is found wherever it wraps. */
const squash = (text: string) => text.replace(/\s+/g, '');

const base: LetterData = {
  number: 'R-2026-0001',
  kind: RequestKind.DISCLOSURE,
  receivedAt: new Date('2026-04-01T08:59:30Z'), // 17:59:30 in Japan
  handlingStartsOn: '2026-04-01',
  dueOn: '2026-04-15',
  art39On: '2026-04-15',
  madeOn: '2026-04-02',
  addressee: { name: '山田 花子', address: '〒530-0001 大阪府大阪市北区梅田1-2-3 梅田ハイツ502' },
  agent: null,
  office: {
    name: l('個人情報センター（個人情報保護管理者：管理部長）', 'Personal Information Center'),
    address: l(
      '〒542-0086 大阪府大阪市中央区西心斎橋2-1-5 日本生命御堂筋八幡町ビル3階',
      '2-1-5 Nishishinsaibashi, Chuo-ku, Osaka 542-0086, Japan',
    ),
    email: 'gyomu@rococo.co.jp',
    feeYen: 1000,
  },
  disclosureMethod: DisclosureMethod.WRITTEN,
  fee: { required: true, amount: 1000, paid: 1000 },
  missing: { identity: false, agency: false, fee: false },
  decision: null,
  response: null,
  checkpoint: {
    origin: 'daicho.local/ledger',
    treeSize: 48213,
    rootHash: ROOT,
    signedAt: new Date('2026-04-02T01:15:30Z'),
    keyName: 'daicho.local/ledger',
  },
};

const disclosure: ResponseContent = {
  kind: RequestKind.DISCLOSURE,
  records: [
    {
      category: l('Webお問い合わせ', 'Web inquiries'),
      recordId: '3f1c2a9e-7b4d-4c1e-9a55-0d6e2f8b1c07',
      subjectId: '0b6f0d1e-5a57-4b8e-9f27-3c1f2d4e5a6b',
      categoryCode: 'WEB_INQUIRY',
      itemKeys: ['name', 'email'],
      collectedOn: '2025-11-20',
      items: [
        { label: l('氏名', 'Name'), value: '山田 花子' },
        { label: l('メールアドレス', 'E-mail'), value: 'hanako.yamada@example.jp' },
        {
          label: l('お問い合わせ内容', 'Inquiry'),
          value: '見積りについて\n納期を教えてください。',
        },
      ],
      withheld: [l('社内評価メモ', 'Internal assessment note')],
    },
  ],
  accesses: Array.from({ length: 3 }, (_, i) => ({
    seq: 41000 + i,
    at: new Date(Date.UTC(2025, 10, 21 + i, 1, 30)),
    action: i === 2 ? 'EXPORT' : 'READ',
    // The server's own work (a retention sweep) acts as SYSTEM, and is named so in Japanese too.
    role: i === 1 ? 'SYSTEM' : 'SALES',
    department: i === 1 ? null : '営業部',
    purpose: l('お問い合わせへの回答', 'Answering inquiries'),
    items: [l('氏名', 'Name'), l('メールアドレス', 'E-mail')],
  })),
  proofs: Array.from({ length: 3 }, (_, i) => ({
    seq: 41000 + i,
    leafIndex: 40999 + i,
    leafHash: hex(16 + i),
    auditPath: Array.from({ length: 16 }, (_, j) => hex(100 + i * 16 + j)),
  })),
};

const partial = {
  outcome: RequestOutcome.PARTIAL,
  grounds: [RefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY],
  exemption: null,
  decidedOn: '2026-04-09',
  withheld: {
    categories: [{ ja: '防犯カメラ画像', en: 'CCTV images' }],
    items: [{ ja: '従業員：健康診断結果', en: 'Employees: Health check results' }],
  },
};

const refusal = {
  ...partial,
  outcome: RequestOutcome.REFUSE,
  // Every ground of art. 33(2), and an exemption of Enforcement Order art. 5.
  grounds: Object.values(RefusalGround).filter((g) => /HARM|IMPEDIMENT|LAWS/.test(g)),
  exemption: DisclosureExemption.CRIME_PREVENTION,
  withheld: null,
};

/** Codes that must never reach a letter (each one the fixtures use). */
const CODES = [
  ...Object.values(RequestKind),
  ...Object.values(RefusalGround),
  ...Object.values(DisclosureExemption),
  ...Object.values(AgentKind),
  ...Object.values(DisclosureMethod),
  ...Object.values(RequestOutcome),
  ...['READ', 'EXPORT', 'SALES', 'CONSENT'],
];

async function render(which: RequestLetter, data: LetterData, lang: Lang) {
  const pdf = await pdfFile(letterDocument(which, data, lang));
  // DAICHO_KEEP_PDF=<dir> keeps the rendered letters to look at (pdftoppm -png -r 60 …).
  if (process.env.DAICHO_KEEP_PDF) {
    await writeFile(join(process.env.DAICHO_KEEP_PDF, `${which}-${data.kind}-${lang}.pdf`), pdf);
  }
  const text = await pdfToText(pdf);
  for (const code of CODES) expect(text).not.toMatch(new RegExp(`\\b${code}\\b`));
  // Every letter: number, dates, addressee, office and the checkpoint with the full root hash.
  expect(text).toContain('R-2026-0001');
  expect(text).toContain(ROOT);
  expect(text).toContain('48,213');
  expect(text).toContain('daicho.local/ledger');
  expect(text).toContain('山田 花子');
  expect(text).toContain('gyomu@rococo.co.jp');
  const dates =
    lang === 'ja'
      ? ['2026年4月1日（水） 17:59:30', '2026年4月15日（水）', '2026年4月2日（木）']
      : ['Wed 1 April 2026, 17:59:30 JST', 'Wed 15 April 2026', 'Thu 2 April 2026'];
  for (const date of dates) expect(text).toContain(date);
  return { text, squashed: squash(text), reading: squash(await pdfToText(pdf, { layout: false })) };
}

describe('request letters (PDF, ja and en)', () => {
  it('acknowledges a request: number, dates, art. 39 explained, the fee received', async () => {
    const ja = await render(RequestLetter.ACKNOWLEDGEMENT, base, 'ja');
    expect(ja.text).toContain('受付のお知らせ');
    expect(ja.squashed).toContain(squash('開示（法33条1項）'));
    expect(ja.squashed).toContain('法39条1項により');
    expect(ja.squashed).toContain(squash('1,000円（定額小為替にて受領済み）'));
    expect(ja.squashed).toContain('書面の交付');
    const en = await render(RequestLetter.ACKNOWLEDGEMENT, base, 'en');
    expect(en.text).toContain('Acknowledgement of your request');
    expect(en.squashed).toContain(squash('JPY 1,000 (received by postal money order)'));
  });

  it('asks for what is missing: identity, the agent’s authority for its kind, the fee short', async () => {
    const data: LetterData = {
      ...base,
      agent: { kind: AgentKind.ADULT_WARD_GUARDIAN, name: '山田 一郎' },
      fee: { required: true, amount: 1000, paid: 0 },
      missing: { identity: true, agency: true, fee: true },
    };
    const ja = await render(RequestLetter.MISSING_ITEMS, data, 'ja');
    expect(ja.text).toContain('不備・不足書類等のお願い');
    for (const label of ['運転免許証', '旅券（パスポート）', '後見登記等に関する登記事項証明書']) {
      expect(ja.squashed).toContain(squash(label));
    }
    expect(ja.squashed).not.toContain('戸籍謄本'); // a minor's document, not a guardian's
    expect(ja.squashed).toContain('定額小為替');
    expect(ja.squashed).toContain('期間の進行を止め');
    expect(ja.squashed).toContain(squash('成年被後見人の法定代理人（成年後見人）'));
    const en = await render(RequestLetter.MISSING_ITEMS, data, 'en');
    expect(en.squashed).toContain(
      squash('postal money order (teigaku kogawase) for the JPY 1,000'),
    );
    expect(() => letterDocument(RequestLetter.MISSING_ITEMS, base, 'ja')).toThrow(
      /needs something missing/,
    );
  });

  it('answers a disclosure with the values, the withheld items, the accesses and their proofs', async () => {
    const data: LetterData = { ...base, decision: partial, response: disclosure };
    for (const lang of ['ja', 'en'] as const) {
      const { text, squashed, reading } = await render(RequestLetter.RESPONSE, data, lang);
      expect(text).toContain(lang === 'ja' ? '回答書' : 'Our answer to your request');
      expect(text).toContain('hanako.yamada@example.jp');
      expect(squashed).toContain(
        squash(lang === 'ja' ? '社内評価メモ' : 'Internal assessment note'),
      );
      expect(text).toContain('3f1c2a9e-7b4d-4c1e-9a55-0d6e2f8b1c07');
      // The part the PARTIAL decision holds back, named (art. 36).
      expect(squashed).toContain(
        squash(lang === 'ja' ? '応じられない部分' : 'The part we cannot meet'),
      );
      expect(squashed).toContain(squash(lang === 'ja' ? '防犯カメラ画像' : 'CCTV images'));
      expect(squashed).toContain(
        squash(lang === 'ja' ? '従業員：健康診断結果' : 'Employees: Health check results'),
      );
      for (const seq of ['41000', '41001', '41002']) expect(text).toContain(seq);
      expect(reading).toContain(lang === 'ja' ? 'ファイル出力' : 'Exportedtoafile');
      expect(reading).toContain(squash(lang === 'ja' ? '営業 / 営業部' : 'Sales / 営業部'));
      expect(reading).toContain(
        squash(lang === 'ja' ? 'システム（自動処理）' : 'System (automatic processing)'),
      );
      if (lang === 'ja') expect(text).not.toContain('SYSTEM');
      // The appendix: every leaf hash and audit path hash, each on one line.
      expect(text).toContain(hex(16));
      expect(text).toContain(hex(100 + 2 * 16 + 15));
      expect(squashed).toContain(lang === 'ja' ? 'RFC9162' : 'RFC9162§2.1.3.2');
      // Partly refused: the ground is given (art. 36).
      expect(squashed).toContain(
        squash(
          lang === 'ja'
            ? '本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがあるため（法33条2項1号）'
            : 'harm the life, body, property or other rights or interests of the person or a third party (art. 33(2)(i))',
        ),
      );
    }
  });

  it.each<[string, ResponseContent, string, string]>([
    [
      'a purpose notice',
      {
        kind: RequestKind.PURPOSE_NOTICE,
        categories: [
          {
            name: l('Webお問い合わせ', 'Web inquiries'),
            purposes: [l('お問い合わせへの回答', 'Answering inquiries')],
          },
        ],
      },
      'お問い合わせへの回答',
      'Answering inquiries',
    ],
    [
      'provision records',
      {
        kind: RequestKind.PROVISION_RECORDS,
        provisions: [
          {
            providedOn: '2026-01-15',
            recipient: '株式会社サンプル物流',
            route: 'CONSENT',
            items: [l('氏名', 'Name'), l('住所', 'Address')],
          },
        ],
        receipts: [],
      },
      '本人の同意（法27条1項）',
      "The person's consent (art. 27(1))",
    ],
    [
      'a correction',
      {
        kind: RequestKind.CORRECTION,
        changes: [
          {
            category: l('従業員', 'Employees'),
            recordId: 'rec-0042',
            items: [l('住所', 'Address')],
          },
        ],
      },
      '訂正等を行った項目',
      'Items corrected',
    ],
    [
      'an erasure',
      { kind: RequestKind.SUSPENSION_OR_ERASURE, action: 'ERASED', records: 3 },
      '（3件の記録）を消去しました',
      'We have erased your retained personal data (3 records)',
    ],
    [
      'a stop of provision',
      { kind: RequestKind.STOP_PROVISION, since: '2026-04-08' },
      '2026年4月8日（水）以降',
      'Since Wed 8 April 2026',
    ],
  ])('answers %s', async (_, response, ja, en) => {
    const data: LetterData = { ...base, kind: response.kind, response, disclosureMethod: null };
    expect((await render(RequestLetter.RESPONSE, data, 'ja')).squashed).toContain(squash(ja));
    expect((await render(RequestLetter.RESPONSE, data, 'en')).squashed).toContain(squash(en));
  });

  it('refuses with every ground and the exemption labelled, the fee kept and where to complain', async () => {
    const data: LetterData = { ...base, decision: refusal };
    const ja = await render(RequestLetter.REFUSAL, data, 'ja');
    expect(ja.text).toContain('不開示等決定通知書');
    for (const label of [
      '本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがあるため（法33条2項1号）',
      '当社の業務の適正な実施に著しい支障を及ぼすおそれがあるため（法33条2項2号）',
      '開示することが他の法令に違反することとなるため（法33条2項3号）',
      '犯罪の予防、鎮圧又は捜査その他の公共の安全と秩序の維持に支障が及ぶおそれがあるもの（施行令5条4号）',
      '請求に応じない',
      'お返ししません（法38条）',
      'この決定に関する苦情・お問い合わせ',
    ]) {
      expect(ja.squashed).toContain(squash(label));
    }
    const en = await render(RequestLetter.REFUSAL, data, 'en');
    expect(en.text).toContain('Notice of our decision not to comply');
    expect(en.squashed).toContain(
      squash('Disclosure would violate other laws and regulations (art. 33(2)(iii))'),
    );
    expect(en.squashed).toContain(squash('is not refunded'));
    expect(() => letterDocument(RequestLetter.REFUSAL, base, 'en')).toThrow(
      /decision not to comply/,
    );
  });
});
