import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  ENTRY_BULK,
  fromBulkTuple,
  storedEntryOf,
  type BulkEntryTuple,
} from '../../libs/ledger/src/entry/entry-columns';
import { canonicalEntryText } from '../../libs/ledger/src/entry/ledger-entry';
import {
  ENTRY_BINARY,
  copyEntryPage,
  entryPageCopySql,
  visitCopiedEntries,
} from '../../libs/ledger/src/verification/entry-copy';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

/**
 * The verifier reads pages as PostgreSQL's binary COPY and builds each entry's canonical bytes
 * from it itself: they must be what the ledger hashed when it sealed the entry —
 * canonicalEntryText of the row as the text query (ENTRY_BULK) reads it — whatever the rows hold:
 * timestamps from 4713 BC to 294276 AD, infinities, fractions of every length, escapes, non-ASCII
 * text, multi-dimensional and null-holding arrays, NULL in every column, bigints past 2^53.
 * The rows live in a temporary table that shadows ledger_entries for this connection only (no
 * constraints, so values the real table refuses can be stored).
 */
const CANONICAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('ledger: entry pages read as binary COPY', () => {
  let db: TestDatabase;
  let client: Client;

  /** The canonical leaf input of every row, from the COPY, in order. */
  const fromCopy = (copy: Buffer) => {
    const inputs: (string | null)[] = [];
    visitCopiedEntries(copy, (entry) => {
      inputs.push(entry.leafInput === null ? null : entry.leafInput.toString('utf8'));
      return true;
    });
    return inputs;
  };
  const copied = async (sql: string) => {
    const chunks: Buffer[] = [];
    for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  /**
   * What the ledger hashed at sealing for a row read as text; null where it has no such text
   * (the text reading also makes a string of a fraction of a second BC, "0001-12-31T23:59:59.5
   * BCZ", which no sealed entry holds: a timestamp not in canonical form counts as none).
   */
  const sealedInput = (tuple: BulkEntryTuple): string | null => {
    try {
      const { entry } = storedEntryOf(fromBulkTuple(tuple));
      const times = [entry.recordedAt, entry.occurredAt, entry.sequencedAt];
      if (times.some((time) => time !== null && !CANONICAL_TIME.test(time))) return null;
      return `\u0000${canonicalEntryText(entry)}`;
    } catch {
      return null;
    }
  };
  const bothWays = async (order: string) => {
    const query = await client.query<BulkEntryTuple>({
      text: `SELECT ${ENTRY_BULK} FROM ledger_entries e ORDER BY ${order}`,
      rowMode: 'array',
    });
    const copy = await copied(
      `COPY (SELECT ${ENTRY_BINARY} FROM ledger_entries e ORDER BY ${order}) TO STDOUT (FORMAT binary)`,
    );
    return { rows: query.rows, expected: query.rows.map(sealedInput), actual: fromCopy(copy) };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    // The ledger's event trigger refuses DDL on its tables' names outside migrations.
    await client.query(`SET daicho.migration = 'on'`);
    await client.query(
      'CREATE TEMP TABLE ledger_entries AS SELECT * FROM public.ledger_entries WITH NO DATA',
    );
    await client.query('RESET daicho.migration');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });
  beforeEach(() => client.query('TRUNCATE ledger_entries'));

  /** A sealed-looking row's other columns, with these timestamps. */
  const SEALED = `'USER', 'READ', 'ALLOWED', '{name}', 'r', '{"n": 1}', sha256('p'), sha256('l')`;
  const SEALED_COLUMNS =
    'actor_kind, action, outcome, fields, request_id, details, prev_hash, leaf_hash';

  it('spells every timestamp PostgreSQL can store as the sealed entry did, or finds it has no canonical form', async () => {
    const times = [
      '2026-11-26 11:40:02.1234+00',
      '2000-01-01 00:00:00+00',
      '1999-12-31 23:59:59.999999+00',
      '2000-01-01 00:00:00.000001+00',
      '1970-01-01 00:00:00+00',
      '1600-02-29 12:34:56.7+00',
      '1900-03-01 00:00:00.05+00',
      '2024-02-29 23:59:59.00001+00',
      '2285-06-01 00:00:00.5+00',
      '2300-01-01 00:00:00.000001+00',
      '1700-01-01 00:00:00.000001+00',
      '9999-12-31 23:59:59.999999+00',
      '0999-05-05 05:05:05+00',
      '0001-01-01 00:00:00+00',
      // No canonical form: outside years 1–9999.
      '10000-01-01 00:00:00+00',
      '294276-12-31 23:59:59.999999+00',
      '0001-12-31 23:59:59+00 BC',
      '4713-01-01 00:00:00+00 BC',
      'infinity',
      '-infinity',
    ];
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, occurred_at, sequenced_at, seq, ${SEALED_COLUMNS})
       SELECT gen_random_uuid(), t, t - interval '1 microsecond' * (n % 3),
              t + interval '1 microsecond' * (n % 2), n, ${SEALED}
         FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, n)`,
      [times],
    );
    // Random instants over years 1–9999, and dense ones with microseconds around today.
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, occurred_at, sequenced_at, seq, ${SEALED_COLUMNS})
       SELECT gen_random_uuid(),
              '0001-01-01 00:00:00+00'::timestamptz + random() * interval '3652000 days',
              now() + (floor(random() * 2e12) - 1e12) * interval '1 microsecond',
              '2000-01-01 00:00:00+00'::timestamptz + (g - 1000) * interval '1 day 1 microsecond',
              1000 + g, ${SEALED}
         FROM generate_series(1, 2000) g`,
    );
    const { expected, actual } = await bothWays('e.seq');
    expect(actual).toHaveLength(times.length + 2000);
    expect(actual).toEqual(expected);
    // Not vacuous: all but the seven outside years 1–9999 (0001-01-01 less two microseconds is
    // 1 BC) have a canonical form.
    expect(actual.filter((input) => input === null)).toHaveLength(7);
    expect(actual[2]).toContain('"recordedAt":"1999-12-31T23:59:59.999999Z"');
    expect(actual[0]).toContain('"recordedAt":"2026-11-26T11:40:02.123400Z"');
    expect(actual[12]).toContain('"recordedAt":"0999-05-05T05:05:05.000000Z"');
  });

  it('spells text, arrays, json, uuids, bigints, digests and NULLs as the sealed entry did', async () => {
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, actor_kind, actor_id, actor_role, action,
              outcome, target_type, target_id, subject_id, category_code, purpose_code, fields,
              request_id, client_event_id, occurred_at, details, seq, prev_hash, leaf_hash,
              sequenced_at)
       VALUES
       ('00000000-0000-0000-0000-000000000001', now(), 'USER', 'u-1', 'HR', 'READ', 'ALLOWED',
        'PersonalRecord', 'r-1', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'EMPLOYEE',
        'PERSONNEL_ADMIN', '{name,住所}', 'req-1', 'evt-1', now(),
        '{"q": "a\\"b", "z": [1, 2.50, 1e10, null, true], "a": {"日本": "語"}}', 1,
        sha256('a'), sha256('b'), now()),
       ('00000000-0000-0000-0000-000000000002', now(), '', E'\\u0001\\n\\t"\\\\\\u007f', '😀',
        '', '', '', '', NULL, '', '', '{}', '', NULL, NULL, '{}', 9007199254740993, '\\x',
        '\\x00ff', now()),
       ('00000000-0000-0000-0000-000000000003', now(), 'SYSTEM', NULL, NULL, 'X', 'Y', NULL,
        NULL, NULL, NULL, NULL, '{NULL,"a,b","c\\"d",""}', 'r', NULL, NULL,
        '{"small": -0.000000001, "s": "\\u0007"}', 9223372036854775807, sha256('c'), NULL,
        now()),
       ('00000000-0000-0000-0000-000000000004', now(), 'USER', NULL, NULL, 'X', 'Y', NULL, NULL,
        NULL, NULL, NULL, E'{{a,b},{NULL,"d\\u0007"}}', 'r', NULL, NULL, '{"s": "x"}', -1,
        sha256('d'), NULL, now()),
       ('00000000-0000-0000-0000-000000000005', now(), 'USER', NULL, NULL, 'X', 'Y', NULL, NULL,
        NULL, NULL, NULL, '[0:2]={x,y,z}', 'r', NULL, NULL, '{"b": 1, "a": 2}', -9223372036854775808,
        sha256('e'), NULL, now()),
       ('00000000-0000-0000-0000-000000000006', now(), NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 6, sha256('f'), NULL, now()),
       ('00000000-0000-0000-0000-000000000007', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
       ('00000000-0000-0000-0000-000000000008', now(), 'USER', NULL, NULL, 'X', 'Y', NULL, NULL,
        NULL, NULL, NULL, '{}', 'r', NULL, NULL, '{"big": 1e400}', 8, sha256('h'), NULL, now())`,
    );
    const { expected, actual } = await bothWays('e.id');
    expect(actual).toHaveLength(8);
    expect(actual).toEqual(expected);
    // Not vacuous: only the unsealed row and the details of 1e400 have no canonical form, and the
    // odd values came through.
    expect(actual.map((input) => input === null)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(actual[3]).toContain('"fields":[["a","b"],[null,"d\\u0007"]]');
    expect(actual[4]).toContain('"details":{"a":2,"b":1},"fields":["x","y","z"]');
    expect(actual[4]).toContain('"seq":-9223372036854776000');
    expect(actual[2]).toContain('"seq":9223372036854776000');
    expect(actual[1]).toContain('"actorId":"\\u0001\\n\\t\\"\\\\\u007f"');
  });

  it('reads a page by sequence numbers in order, and refuses numbers that are not whole', async () => {
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, sequenced_at, seq, ${SEALED_COLUMNS})
       SELECT gen_random_uuid(), now(), now(), g, ${SEALED} FROM generate_series(50, 1, -1) g`,
    );
    const seqs: number[] = [];
    visitCopiedEntries(await copyEntryPage(client, 7, 31), (entry) => seqs.push(entry.seq) > 0);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => 7 + i));
    // Whatever the table holds, a page is at most its numbers and one more: a forged number
    // repeated 10,000 times is read twice, enough to see it.
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, sequenced_at, seq, ${SEALED_COLUMNS})
       SELECT gen_random_uuid(), now(), now(), 8, ${SEALED} FROM generate_series(1, 10000)`,
    );
    const repeated: number[] = [];
    visitCopiedEntries(await copyEntryPage(client, 7, 9), (entry) => repeated.push(entry.seq) > 0);
    expect(repeated).toEqual([7, 8, 8, 8]);
    expect(() => entryPageCopySql(1.5, 3)).toThrow('whole sequence numbers');
    expect(() => entryPageCopySql(1, Number.NaN)).toThrow('whole sequence numbers');
  });

  it('refuses a COPY of other columns', async () => {
    await client.query(
      `INSERT INTO ledger_entries (id, recorded_at, seq) VALUES (gen_random_uuid(), now(), 1)`,
    );
    const copy = await copied(
      `COPY (SELECT e.id, e.seq FROM ledger_entries e) TO STDOUT (FORMAT binary)`,
    );
    expect(() => fromCopy(copy)).toThrow('a COPY row of 2 columns, not 21');
  });
});
