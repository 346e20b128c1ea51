import { pdfToText } from '@daicho/documents';
import { Role, TestApp } from '../harness/test-app';

/**
 * The public notice on retained personal data (APPI art. 32(1)) for anyone, no login: the
 * operator, the purposes of every category the company retains (not a client's entrusted data),
 * the request procedure and fee, the security measures and where to complain — from the catalog,
 * so a change there shows at once. As a page and as a PDF, in Japanese and English.
 */
describe('reports: the public notice (APPI art. 32)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const pdf = async (lang: string) => {
    const res = await t.download(`/public/notice.pdf?lang=${lang}`);
    expect(res.status).toBe(200);
    return (await pdfToText(res.body, { layout: false })).replace(/\s+/g, '');
  };

  it('publishes the items the law asks for, in Japanese by default, without login', async () => {
    const page = await t.http.get('/public/notice');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    const html = page.text;
    for (const item of [
      '保有個人データに関する事項の公表',
      '株式会社ロココ',
      '代表取締役社長',
      'Webお問い合わせ',
      '従業員',
      '1,000',
      'gyomu@rococo.co.jp',
      'JIPDEC',
      '安全管理のために講じた措置',
    ])
      expect([item, html.includes(item)]).toEqual([item, true]);
    // A client's entrusted data is the client's to announce.
    expect(html).not.toContain('システム開発・情報処理受託データ');
    expect(html).not.toContain('コンタクトセンター通話録音');
    expect(html).not.toMatch(/<script/i);
    const english = await t.http.get('/public/notice?lang=en');
    expect(english.text).toContain('Public notice on retained personal data');
    expect(english.text).toContain('Rococo Co., Ltd.');
    expect((await t.http.get('/public/notice?lang=fr')).status).toBe(400);
  });

  it('is always in step with the catalog, and the PDF says the same', async () => {
    const cpo = await t.loginAs(Role.CPO);
    const renamed = await t.gql(
      `mutation($input: UpdatePurposeInput!) { updatePurpose(code: "INQUIRY_RESPONSE", input: $input) { code } }`,
      {
        input: {
          expectedVersion: 1,
          name: { ja: 'お問い合わせへの回答<script>', en: 'Answering inquiries' },
        },
      },
      cpo.token,
    );
    expect(renamed.errors).toBeUndefined();
    const html = (await t.http.get('/public/notice')).text;
    // The new name, escaped: a catalog text never becomes markup.
    expect(html).toContain('お問い合わせへの回答&lt;script&gt;');
    const ja = await pdf('ja');
    expect(ja).toContain('保有個人データに関する事項の公表');
    expect(ja).toContain('お問い合わせへの回答');
    expect(ja).toContain('JIPDEC');
    expect(await pdf('en')).toContain('Publicnoticeonretainedpersonaldata');
  });
});
