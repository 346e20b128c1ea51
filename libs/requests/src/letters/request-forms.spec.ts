import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pdfFile, pdfToText } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { RequestForm } from '../request-enums';
import type { RequestOffice } from './letter-data';
import { requestFormDocument } from './request-forms';

const office: RequestOffice = {
  name: {
    ja: '個人情報センター（個人情報保護管理者：管理部長）',
    en: 'Personal Information Center (Chief Privacy Officer: Administrative Manager)',
  },
  address: {
    ja: '〒542-0086 大阪府大阪市中央区西心斎橋2-1-5 日本生命御堂筋八幡町ビル3階',
    en: '2-1-5 Nishishinsaibashi, Chuo-ku, Osaka 542-0086, Japan',
  },
  email: 'gyomu@rococo.co.jp',
  feeYen: 1000,
};

const squash = (text: string) => text.replace(/\s+/g, '');

async function render(form: RequestForm, lang: Lang): Promise<string> {
  const pdf = await pdfFile(requestFormDocument(form, office, lang));
  // DAICHO_KEEP_PDF=<dir> keeps the rendered forms to look at.
  if (process.env.DAICHO_KEEP_PDF) {
    await writeFile(join(process.env.DAICHO_KEEP_PDF, `form-${form}-${lang}.pdf`), pdf);
  }
  return squash(await pdfToText(pdf));
}

describe('blank request forms (PDF, ja and en)', () => {
  it.each<[RequestForm, string, string[]]>([
    [
      RequestForm.PURPOSE_NOTICE,
      '保有個人データの利用目的の通知請求書',
      ['利用目的の通知（法32条2項）', '1,000円', '定額小為替'],
    ],
    [
      RequestForm.DISCLOSURE,
      '保有個人データ開示請求書',
      [
        '□開示（法33条1項）',
        '□第三者提供記録の開示（法33条5項）',
        '□書面の交付',
        '□電磁的記録の提供',
        '1,000円',
      ],
    ],
    [
      RequestForm.DELETION_SUSPENSION,
      '保有個人データ訂正等・利用停止等請求書',
      [
        '訂正等（内容の訂正、追加又は削除）（法34条1項）',
        '第三者提供の停止（法35条3項・5項）',
        'この請求には手数料はかかりません',
      ],
    ],
  ])(
    '%s in Japanese: the blanks, the choices, the enclosures, the fee and the address',
    async (form, title, specific) => {
      const text = await render(form, 'ja');
      for (const expected of [
        title,
        '氏名',
        '住所（〒）',
        '電話番号',
        '□未成年者の法定代理人（親権者等）',
        '□成年被後見人の法定代理人（成年後見人）',
        '□本人が委任した代理人（任意代理人）',
        '□運転免許証',
        '□旅券（パスポート）',
        '□健康保険証（被保険者証）',
        '本人の委任状（原本）',
        '戸籍謄本',
        '後見登記等に関する登記事項証明書',
        '大阪府大阪市中央区西心斎橋2-1-5',
        'gyomu@rococo.co.jp',
        ...specific,
      ]) {
        expect(text).toContain(squash(expected));
      }
      if (form === RequestForm.DELETION_SUSPENSION) expect(text).not.toContain('定額小為替');
    },
  );

  it.each([
    [
      RequestForm.PURPOSE_NOTICE,
      'Request for the Notification on Purpose of Use for Personal Information on a Disclosure Target',
    ],
    [
      RequestForm.DISCLOSURE,
      'Request for Disclosure of Personal Information on a Disclosure Target',
    ],
    [
      RequestForm.DELETION_SUSPENSION,
      'Request for Deletion, etc. and Suspension of Use, etc. of Personal Information on a Disclosure Target',
    ],
  ])('%s in English, under the policy’s own title', async (form, title) => {
    const text = await render(form, 'en');
    expect(text).toContain(squash(title));
    expect(text).toContain(squash("Driver's licence"));
    expect(text).toContain(squash('Osaka 542-0086, Japan'));
    expect(text.includes(squash('JPY 1,000'))).toBe(form !== RequestForm.DELETION_SUSPENSION);
  });
});
