import { Role, TestApp } from '../harness/test-app';

const CREATE_PURPOSE = `mutation($input: CreatePurposeInput!) { createPurpose(input: $input) { code } }`;
const RETIRE_PURPOSE = `mutation($code: String!) { retirePurpose(code: $code, note: "no longer used") { code } }`;
const UPDATE = `mutation($code: String!, $input: DataCategoryChanges!) { updateDataCategory(code: $code, input: $input) { version } }`;
const CATEGORY = `query($code: String!) { dataCategory(code: $code) { purposes { code } } }`;

/**
 * A purpose retired while a category adds it: each checked the other unlocked, so both could
 * pass, leaving an active category that names a retired purpose (the published ledger would
 * list a purpose the company no longer has). Ten such pairs at once.
 */
describe('catalog: retiring a purpose while a category adds it', () => {
  let t: TestApp;
  let cpo: string;
  beforeAll(async () => {
    t = await TestApp.start();
    cpo = (await t.loginAs(Role.CPO)).token;
  });
  afterAll(() => t.close());

  it('lets exactly one of the two through, never both', async () => {
    const categories = ['EMPLOYEE', 'APPLICANT', 'CCTV', 'SEMINAR', 'WEB_INQUIRY'];
    const pairs = await Promise.all(
      categories.map(async (category, i) => {
        const code = `RACE_PURPOSE_${i}`;
        const made = await t.gql(
          CREATE_PURPOSE,
          {
            input: {
              code,
              name: { ja: '検証用の目的', en: 'A purpose for the test' },
              description: { ja: '検証用', en: 'For the test' },
              policyClause: '1',
            },
          },
          cpo,
        );
        if (made.errors) throw new Error(JSON.stringify(made.errors));
        const current = await t.gql<{ dataCategory: { purposes: { code: string }[] } }>(
          CATEGORY,
          { code: category },
          cpo,
        );
        return { category, code, purposes: current.data!.dataCategory.purposes.map((p) => p.code) };
      }),
    );
    for (let round = 0; round < 2; round++) {
      const answers = await Promise.all(
        pairs.flatMap(({ category, code, purposes }) => [
          t.gql(RETIRE_PURPOSE, { code: `${code}` }, cpo),
          t.gql(UPDATE, { code: category, input: { purposeCodes: [...purposes, code] } }, cpo),
        ]),
      );
      for (const [i, { category, code }] of pairs.entries()) {
        const [retired, added] = [answers[2 * i]!, answers[2 * i + 1]!];
        const outcome = {
          code,
          retired: retired.errors?.[0]?.extensions?.code ?? 'OK',
          added: added.errors?.[0]?.extensions?.code ?? 'OK',
        };
        // Either the purpose is retired and the category refused it, or the category names it
        // and the retirement was refused because of that.
        expect([
          { code, retired: 'OK', added: 'BAD_USER_INPUT' },
          { code, retired: 'CONFLICT', added: 'OK' },
        ]).toContainEqual(outcome);
        const [row] = await t.dataSource.query<{ named: boolean; retired: boolean }[]>(
          `SELECT $1 = ANY(c.purpose_codes) AS named, p.retired_at IS NOT NULL AS retired
             FROM data_categories c, purposes p WHERE c.code = $2 AND p.code = $1`,
          [code, category],
        );
        expect({ code, both: row!.named && row!.retired }).toEqual({ code, both: false });
      }
      // Next round: new purposes, the categories as they stand now.
      for (const [i, pair] of pairs.entries()) {
        const current = await t.gql<{ dataCategory: { purposes: { code: string }[] } }>(
          CATEGORY,
          { code: pair.category },
          cpo,
        );
        pair.purposes = current.data!.dataCategory.purposes.map((p) => p.code);
        pair.code = `RACE_PURPOSE_${round + 1}_${i}`;
        const made = await t.gql(
          CREATE_PURPOSE,
          {
            input: {
              code: pair.code,
              name: { ja: '検証用の目的', en: 'A purpose for the test' },
              description: { ja: '検証用', en: 'For the test' },
              policyClause: '1',
            },
          },
          cpo,
        );
        if (made.errors) throw new Error(JSON.stringify(made.errors));
      }
    }
  });

  it('creates a code once when twenty ask at once: one created, the rest CONFLICT, one history row', async () => {
    const input = (n: number) => ({
      code: 'RACE_SAME_CODE',
      name: { ja: `同時作成 ${n}`, en: `Created at once ${n}` },
      description: { ja: '検証用', en: 'For the test' },
      policyClause: String(n),
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => t.gql(CREATE_PURPOSE, { input: input(n) }, cpo)),
    );
    const codes = answers.map((a) => a.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c !== 'OK')).toEqual(Array(19).fill('CONFLICT'));
    // The row is the winner's, untouched by the others, and its history has one version.
    const winner = codes.indexOf('OK');
    const [row] = await t.dataSource.query<{ policy_clause: string; version: number }[]>(
      `SELECT policy_clause, version FROM purposes WHERE code = 'RACE_SAME_CODE'`,
    );
    expect(row).toEqual({ policy_clause: String(winner), version: 1 });
    expect(
      await t.dataSource.query(
        `SELECT version FROM catalog_versions WHERE entity_type = 'Purpose' AND code = 'RACE_SAME_CODE'`,
      ),
    ).toEqual([{ version: 1 }]);
  });
});
