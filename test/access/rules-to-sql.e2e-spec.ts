import { subject } from '@casl/ability';
import { abilityFromRules, Role, rulesToSql, type Actor, type SqlColumn } from '@daicho/access';
import fc from 'fast-check';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/**
 * for random rule sets, the rows the generated SQL returns are exactly the rows
 * CASL itself allows, on a real PostgreSQL (nulls, inverted rules, rules without conditions, the
 * and/or/not nesting CASL builds from them, `$n` placeholders).
 */
const actor: Actor = {
  kind: 'USER',
  id: 'u1',
  role: Role.CPO,
  mustChangePassword: false,
  scopes: [],
};
const COLUMNS: Record<string, SqlColumn> = {
  categoryCode: { column: 'category_code', type: 'text', nullable: false },
  purposeCode: { column: 'purpose_code', type: 'text', nullable: true },
  version: { column: 'version', type: 'integer', nullable: false },
};
const CATEGORIES = ['EMPLOYEE', 'CCTV', 'SEMINAR', 'APPLICANT'];
const PURPOSES = ['PAYROLL', 'SAFETY', null];

/** A row as CASL sees it: a PersonalRecord with the row's attributes. */
function asRecord(row: Row) {
  const attributes: Record<string, unknown> = { ...row };
  return subject('PersonalRecord', attributes);
}

interface Row {
  id: number;
  categoryCode: string;
  purposeCode: string | null;
  version: number;
}

const text = (values: readonly (string | null)[]) => fc.constantFrom(...values);
const list = (values: readonly (string | null)[]) => fc.subarray([...values]);
const condition = fc.record(
  {
    categoryCode: fc.oneof(
      text(CATEGORIES),
      fc.record({ $ne: text(CATEGORIES) }),
      fc.record({ $in: list(CATEGORIES) }),
      fc.record({ $nin: list(CATEGORIES) }),
    ),
    purposeCode: fc.oneof(
      text(PURPOSES),
      fc.record({ $ne: text(PURPOSES) }),
      fc.record({ $in: list(PURPOSES) }),
      fc.record({ $nin: list(PURPOSES) }),
    ),
    version: fc.oneof(
      fc.integer({ min: 0, max: 5 }),
      fc.record(
        {
          $lt: fc.integer({ min: 0, max: 5 }),
          $lte: fc.integer({ min: 0, max: 5 }),
          $gt: fc.integer({ min: 0, max: 5 }),
          $gte: fc.integer({ min: 0, max: 5 }),
          $ne: fc.integer({ min: 0, max: 5 }),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
const rule = fc.record(
  {
    action: fc.constantFrom('read', 'update'),
    subject: fc.constant('PersonalRecord'),
    inverted: fc.boolean(),
    conditions: condition,
  },
  { requiredKeys: ['action', 'subject'] },
);

describe('CASL → SQL differential', () => {
  let database: TestDatabase;
  let client: Client;
  const rows: Row[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `CREATE TEMP TABLE policy_rows (id integer PRIMARY KEY, category_code text NOT NULL,
       purpose_code text, version integer NOT NULL)`,
    );
    let id = 0;
    for (const categoryCode of CATEGORIES)
      for (const purposeCode of PURPOSES)
        for (let version = 0; version <= 5; version += 1) {
          id += 1;
          rows.push({ id, categoryCode, purposeCode, version });
          await client.query(`INSERT INTO policy_rows VALUES ($1, $2, $3, $4)`, [
            id,
            categoryCode,
            purposeCode,
            version,
          ]);
        }
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('returns exactly the rows CASL allows, for 200 random rule sets', async () => {
    let allowedSomewhere = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rule, { maxLength: 6 }), async (rules) => {
        const ability = abilityFromRules(rules, actor);
        const expected = rows
          .filter((row) => ability.can('read', asRecord(row)))
          .map((row) => row.id);
        const where = rulesToSql(ability, 'read', 'PersonalRecord', COLUMNS, 1);
        if (where === null) {
          expect(expected).toEqual([]);
          return;
        }
        expect(where.text).not.toMatch(/\(\s*\)/);
        const placeholders = new Set(where.text.match(/\$\d+/g) ?? []);
        expect(placeholders.size).toBe(where.values.length);
        const found = await client.query<{ id: number }>(
          `SELECT id FROM policy_rows WHERE ${where.text} ORDER BY id`,
          where.values,
        );
        expect(found.rows.map((r) => r.id)).toEqual(expected);
        if (expected.length > 0) allowedSomewhere += 1;
      }),
      { numRuns: 200 },
    );
    // The property is only worth something if the generator reaches both answers.
    expect(allowedSomewhere).toBeGreaterThan(20);
  });

  it('numbers placeholders after the ones the caller already uses', async () => {
    const ability = abilityFromRules(
      [{ action: 'read', subject: 'PersonalRecord', conditions: { categoryCode: 'CCTV' } }],
      actor,
    );
    const where = rulesToSql(ability, 'read', 'PersonalRecord', COLUMNS, 2);
    const found = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM policy_rows WHERE version = $1 AND ${where?.text}`,
      [3, ...(where?.values ?? [])],
    );
    expect(found.rows[0]!.n).toBe(PURPOSES.length);
  });

  it('refuses what it cannot translate instead of dropping it', () => {
    const build = (conditions: Record<string, unknown>, fields?: string[]) =>
      rulesToSql(
        abilityFromRules(
          [{ action: 'read', subject: 'PersonalRecord', conditions, fields }],
          actor,
        ),
        'read',
        'PersonalRecord',
        COLUMNS,
      );
    expect(() => build({ categoryCode: { $regex: '^C' } })).toThrow(/operator "regex"/);
    expect(() => build({ ownerId: 'x' })).toThrow(/no column for condition field "ownerId"/);
    expect(() => build({ purposeCode: { $lt: 'X' } })).toThrow(/nullable column/);
    expect(() => build({}, ['name'])).toThrow(/field rules/);
  });
});
