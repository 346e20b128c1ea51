import { PerActorSums, SET, type AccessRow, type DaySum, type DaySums } from './access-sums';

const sum = (
  actor: string,
  code: string | null,
  [reads, exports, provisions, denials, touches, afterHours]: number[],
  [first, last]: number[],
  role: string | null = 'HR',
): DaySum => [
  actor,
  'USER',
  code,
  reads ?? 0,
  exports ?? 0,
  provisions ?? 0,
  denials ?? 0,
  touches ?? 0,
  afterHours ?? 0,
  first ?? 0,
  last ?? 0,
  role,
];

const day = (c: DaySum[], p: DaySum[], d: DaySum[]): DaySums => ({ c, p, d });

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
    sums.addDay(
      '2026-11-23',
      day(
        [sum('a', 'EMPLOYEE', [4, 0, 0, 0, 4, 1], [10, 40])],
        [sum('a', 'PAYROLL', [4, 0, 0, 0, 4, 1], [10, 40])],
        [sum('a', null, [4, 0, 0, 0, 4, 1], [10, 40])],
      ),
      false,
    );
    sums.addDay(
      '2026-11-24',
      day(
        [sum('a', 'EMPLOYEE', [6, 1, 0, 0, 7, 3], [50, 90])],
        [sum('a', 'PAYROLL', [6, 1, 0, 0, 7, 3], [50, 90])],
        [sum('a', null, [6, 1, 0, 0, 7, 3], [50, 90])],
      ),
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
    sums.addDay(
      '2026-11-28',
      day(
        [
          sum('a', 'EMPLOYEE', [2, 0, 0, 0, 2, 1], [1, 2]),
          sum('b', 'EMPLOYEE', [5, 0, 0, 0, 5, 0], [3, 9]),
          // A refusal names no category: its own cell, not merged with another code.
          sum('a', null, [0, 0, 0, 3, 0, 0], [4, 6]),
        ],
        [],
        [sum('a', null, [2, 0, 0, 3, 2, 1], [1, 6]), sum('b', null, [5, 0, 0, 0, 5, 0], [3, 9])],
      ),
      true,
    );
    const rows = sums.rows();
    const cells = find(rows, SET.actorCategory, {}).map((r) => [
      r.actor_id,
      r.category_code,
      r.reads,
      r.denials,
      r.off_hours,
    ]);
    expect(cells).toEqual([
      ['a', 'EMPLOYEE', 2, 0, 2],
      ['b', 'EMPLOYEE', 5, 0, 5],
      ['a', null, 0, 3, 0],
    ]);
    expect(
      find(rows, SET.day, {}).map((r) => [r.reads, r.off_hours, r.first_seq, r.last_seq]),
    ).toEqual([[7, 7, '1', '9']]);
  });
});
