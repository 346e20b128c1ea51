import { Role, TestApp, type GraphqlAnswer } from '../harness/test-app';

const ENTRIES = `query($filter: LedgerEntryFilter, $first: Int, $after: String) {
  ledgerEntries(filter: $filter, first: $first, after: $after) {
    edges { cursor node { seq } } pageInfo { endCursor hasNextPage } } }`;

interface Page {
  edges: { cursor: string; node: { seq: number } }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

const DAY = (d: number) => `2026-01-0${d}T03:00:00.000Z`;

/**
 * `ledgerEntries` filters over a ledger of three days, paged two at a time: each answer is exactly
 * what a plain SQL filter finds, in sequence order, whatever index or window bound the query
 * takes — an entry recorded in the window but sealed after later ones included, a purpose never
 * used answering an empty page.
 */
describe('ledger: filters and time windows', () => {
  let t: TestApp;
  let auditor: string;
  /** Entries sealed before the test pages (later ones are the listing's own READ entries). */
  let sealed: number;

  const page = async (filter: Record<string, unknown>, after: string | null) => {
    const answer: GraphqlAnswer<{ ledgerEntries: Page }> = await t.gql(
      ENTRIES,
      { filter, first: 2, after },
      auditor,
    );
    expect(answer.errors).toBeUndefined();
    return answer.data!.ledgerEntries;
  };
  const pagedSeqs = async (filter: Record<string, unknown>, after: string | null = null) => {
    const seqs: number[] = [];
    for (let cursor = after; ;) {
      const { edges, pageInfo } = await page(filter, cursor);
      seqs.push(...edges.map((e) => e.node.seq));
      if (!pageInfo.hasNextPage) return seqs.filter((s) => s <= sealed);
      cursor = pageInfo.endCursor;
    }
  };
  const sqlSeqs = async (where: string, params: unknown[]) =>
    (
      await t.dataSource.query<{ seq: string }[]>(
        `SELECT seq FROM ledger_entries WHERE seq BETWEEN 1 AND ${sealed} AND ${where} ORDER BY seq`,
        params,
      )
    ).map((r) => Number(r.seq));

  beforeAll(async () => {
    t = await TestApp.start();
    auditor = (await t.loginAs(Role.AUDITOR)).token;
    const insert = (rows: number, firstDay: number) =>
      t.dataSource.query(
        `INSERT INTO ledger_entries (recorded_at, actor_kind, actor_id, actor_role, action, outcome,
                subject_id, category_code, purpose_code, fields, request_id, details)
         SELECT $2::timestamptz + ((g % 3) * interval '1 day') + g * interval '1 second', 'USER',
                'user-' || (g % 4), 'HR',
                CASE WHEN g % 9 = 0 THEN 'EXPORT' ELSE 'READ' END,
                CASE WHEN g % 7 = 0 THEN 'DENIED' ELSE 'ALLOWED' END,
                gen_random_uuid(), CASE WHEN g % 2 = 0 THEN 'EMPLOYEE' ELSE 'APPLICANT' END,
                CASE WHEN g % 5 = 0 THEN 'PAYROLL' ELSE 'PERSONNEL_ADMIN' END,
                '{name}', 'filters-' || g, '{}'
           FROM generate_series(1, $1) g`,
        [rows, DAY(firstDay)],
      );
    await insert(60, 1);
    await t.sealLedger();
    // Recorded on day 2, within an hour whose other entries are sealed, but sealed after every
    // entry of day 3: the hour's bound must widen to reach it.
    await t.dataSource.query(
      `INSERT INTO ledger_entries (recorded_at, actor_kind, actor_id, actor_role, action, outcome,
              category_code, purpose_code, fields, request_id, details)
       VALUES ($1, 'USER', 'user-late', 'HR', 'EXPORT', 'ALLOWED', 'EMPLOYEE', 'PAYROLL', '{name}',
               'filters-late', '{}')`,
      ['2026-01-02T03:00:30.500Z'],
    );
    sealed = await t.sealLedger();
  });
  afterAll(() => t.close());

  const day2 = { from: DAY(2), to: DAY(3) };
  it.each([
    ['one day', day2, 'recorded_at >= $1 AND recorded_at < $2', [DAY(2), DAY(3)]],
    [
      'one day, exports',
      { ...day2, action: 'EXPORT' },
      `recorded_at >= $1 AND recorded_at < $2 AND action = 'EXPORT'`,
      [DAY(2), DAY(3)],
    ],
    ['from only', { from: DAY(3) }, 'recorded_at >= $1', [DAY(3)]],
    ['to only', { to: DAY(2) }, 'recorded_at < $1', [DAY(2)]],
    [
      'part of an hour, cut mid-minute',
      { from: '2026-01-02T03:00:20.500Z', to: '2026-01-02T03:00:41.000Z' },
      'recorded_at >= $1 AND recorded_at < $2',
      ['2026-01-02T03:00:20.500Z', '2026-01-02T03:00:41.000Z'],
    ],
    [
      'across days, from mid-hour to mid-hour',
      { from: '2026-01-01T03:00:30.000Z', to: '2026-01-03T03:00:30.000Z' },
      'recorded_at >= $1 AND recorded_at < $2',
      ['2026-01-01T03:00:30.000Z', '2026-01-03T03:00:30.000Z'],
    ],
    ['a window with nothing in it', { from: DAY(5), to: DAY(6) }, 'false', []],
    ['a category', { categoryCode: 'APPLICANT' }, `category_code = 'APPLICANT'`, []],
    ['a purpose never used', { purposeCode: 'RECRUITMENT' }, `purpose_code = 'RECRUITMENT'`, []],
    ['a rare action', { action: 'EXPORT' }, `action = 'EXPORT'`, []],
    ['refusals', { outcome: 'DENIED' }, `outcome = 'DENIED'`, []],
    [
      'an actor and a purpose',
      { actorId: 'user-0', purposeCode: 'PAYROLL' },
      `actor_id = 'user-0' AND purpose_code = 'PAYROLL'`,
      [],
    ],
  ])('%s: the same entries as SQL, in order, page by page', async (_, filter, where, params) => {
    const expected = await sqlSeqs(where, params);
    expect(await pagedSeqs(filter)).toEqual(expected);
  });

  it("keeps each recording hour's first and last sequence number as the entries have them", async () => {
    const recomputed = `SELECT date_trunc('hour', recorded_at AT TIME ZONE 'UTC') AS hour,
                               min(seq)::int AS first, max(seq)::int AS last
                          FROM ledger_entries WHERE seq IS NOT NULL GROUP BY 1`;
    const kept = `SELECT hour, first_seq::int AS first, last_seq::int AS last
                    FROM ledger_recorded_hours`;
    const differ = await t.dataSource.query<unknown[]>(
      `(${recomputed} EXCEPT ${kept}) UNION ALL (${kept} EXCEPT ${recomputed})`,
    );
    expect(differ).toEqual([]);
    // The late entry widened its hour, sealed earlier: the hour now ends at the ledger's last.
    const [late] = await t.dataSource.query<{ first: number; last: number }[]>(
      `SELECT first_seq::int AS first, last_seq::int AS last FROM ledger_recorded_hours
        WHERE hour = '2026-01-02 03:00'`,
    );
    expect(late?.first).toBeLessThan(sealed - 1);
    expect(late?.last).toBe(sealed);
  });

  it('pages from a cursor before, inside and after the window', async () => {
    const all = await sqlSeqs('recorded_at >= $1 AND recorded_at < $2', [DAY(2), DAY(3)]);
    expect(all.length).toBeGreaterThan(10);
    expect(all.at(-1)).toBe(sealed); // the late entry
    const unfiltered = await page({}, null);
    const first = unfiltered.edges[0]!;
    // From the ledger's first entry (before the window): the whole window after it.
    expect(await pagedSeqs(day2, first.cursor)).toEqual(all.filter((s) => s > first.node.seq));
    // From inside the window: the rest of it.
    const inside = await page(day2, null);
    expect(await pagedSeqs(day2, inside.pageInfo.endCursor)).toEqual(all.slice(2));
    // From the window's last entry, which is the ledger's last sealed one: nothing.
    let last = await page(day2, null);
    while (last.pageInfo.hasNextPage) last = await page(day2, last.pageInfo.endCursor);
    expect(last.edges.at(-1)?.node.seq).toBe(sealed);
    expect((await page(day2, last.pageInfo.endCursor)).edges).toEqual([]);
  });
});
