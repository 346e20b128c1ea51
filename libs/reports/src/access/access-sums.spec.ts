import { PerActorSums, SET, type AccessRow, type DaySums } from './access-sums';

/** reads, exports, provisions, denials, user touches, of them after hours, first and last seq. */
type Counted = [number, number, number, number, number, number, number, number];
interface ActorDaySums {
  day: Counted;
  categories?: Record<string, Counted>;
  purposes?: Record<string, Counted>;
  /** Refusals name no category: their cell's code is null. */
  noCategory?: Counted;
  role?: string;
}

/** A day's stored sums in access_rollup_sums' layout, from each actor's counts. */
const day = (actors: Record<string, ActorDaySums>): DaySums => {
  const out: DaySums = { d: [], c: [], p: [] };
  Object.entries(actors).forEach(([id, a], i) => {
    out.d.push([id, 'USER', a.role ?? 'HR', ...a.day]);
    for (const [code, c] of Object.entries(a.categories ?? {})) out.c.push(i, code, ...c);
    if (a.noCategory) out.c.push(i, null, ...a.noCategory);
    for (const [code, c] of Object.entries(a.purposes ?? {})) out.p.push(i, code, ...c);
  });
  return out;
};

const find = (rows: AccessRow[], g: number, match: Partial<AccessRow>) =>
  rows.filter(
    (r) =>
      r.g === g &&
      Object.entries(match).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v),
  );

describe('PerActorSums', () => {
  it("adds up whole days' stored sums and the entries' groups into one row per actor and code", () => {
    const sums = new PerActorSums();
    // Monday: 4 reads, 1 after hours; Tuesday: 6 reads and an export, 3 after hours.
    const monday: Counted = [4, 0, 0, 0, 4, 1, 10, 40];
    const tuesday: Counted = [6, 1, 0, 0, 7, 3, 50, 90];
    sums.addDay(
      '2026-11-23',
      day({ a: { day: monday, categories: { EMPLOYEE: monday }, purposes: { PAYROLL: monday } } }),
      false,
    );
    sums.addDay(
      '2026-11-24',
      day({
        a: { day: tuesday, categories: { EMPLOYEE: tuesday }, purposes: { PAYROLL: tuesday } },
      }),
      false,
    );
    // The partial day after them, counted from the entries: a refusal.
    const base = {
      actor_id: 'a',
      actor_kind: 'USER',
      actor_role: 'HR',
      reads: 0,
      exports: 0,
      provisions: 0,
      denials: 1,
      off_hours: 0,
      first_seq: '95',
      last_seq: '95',
    };
    sums.add({
      ...base,
      g: SET.actorCategory,
      category_code: 'EMPLOYEE',
      purpose_code: null,
      day: null,
    });
    sums.add({
      ...base,
      g: SET.actorPurpose,
      category_code: null,
      purpose_code: 'PAYROLL',
      day: null,
    });
    sums.add({
      ...base,
      g: SET.actorDay,
      category_code: null,
      purpose_code: null,
      day: '2026-11-25',
    });
    const rows = sums.rows();
    expect(find(rows, SET.actorCategory, { actor_id: 'a' })).toEqual([
      expect.objectContaining({
        category_code: 'EMPLOYEE',
        reads: 10,
        exports: 1,
        denials: 1,
        off_hours: 4,
        first_seq: '10',
        last_seq: '95',
      }),
    ]);
    expect(find(rows, SET.actorDay, { actor_id: 'a' }).map((r) => [r.day, r.reads])).toEqual([
      ['2026-11-23', 4],
      ['2026-11-24', 6],
      ['2026-11-25', 0],
    ]);
    expect(find(rows, SET.purpose, {})).toEqual([
      expect.objectContaining({ purpose_code: 'PAYROLL', reads: 10, denials: 1, actor_id: null }),
    ]);
    expect(find(rows, SET.day, {}).map((r) => [r.day, r.reads, r.off_hours])).toEqual([
      ['2026-11-23', 4, 1],
      ['2026-11-24', 6, 3],
      ['2026-11-25', 0, 0],
    ]);
  });

  it('counts every allowed read on a closed day as off hours, and keeps actors, codes and nulls apart', () => {
    const sums = new PerActorSums();
    // Saturday: a's two reads (one at night) and three refusals naming no category; b's five reads.
    const aReads: Counted = [2, 0, 0, 0, 2, 1, 1, 2];
    const aRefusals: Counted = [0, 0, 0, 3, 0, 0, 4, 6];
    const bReads: Counted = [5, 0, 0, 0, 5, 0, 3, 9];
    const saturday = day({
      a: {
        day: [2, 0, 0, 3, 2, 1, 1, 6],
        categories: { EMPLOYEE: aReads },
        noCategory: aRefusals,
      },
      b: { day: bReads, categories: { EMPLOYEE: bReads } },
    });
    sums.addDay('2026-11-28', saturday, true);
    const rows = sums.rows();
    const cells = find(rows, SET.actorCategory, {}).map((r) => [
      r.actor_id,
      r.category_code,
      r.reads,
      r.denials,
      r.off_hours,
    ]);
    // In no particular order: the report sorts.
    expect(cells).toHaveLength(3);
    expect(cells).toEqual(
      expect.arrayContaining([
        ['a', 'EMPLOYEE', 2, 0, 2],
        ['b', 'EMPLOYEE', 5, 0, 5],
        ['a', null, 0, 3, 0],
      ]),
    );
    expect(
      find(rows, SET.day, {}).map((r) => [r.reads, r.off_hours, r.first_seq, r.last_seq]),
    ).toEqual([[7, 7, '1', '9']]);
  });
});
