import { periodParts } from './access-period';

const at = (iso: string) => new Date(iso);
const parts = (from: string, to: string) => {
  const p = periodParts(at(from), at(to));
  return {
    edges: p.edges.map(([a, b]) => [a.toISOString(), b.toISOString()]),
    hours: p.hours.map((h) => `${h.day} ${h.fromHour}–${h.toHour}`),
    days: p.days,
    rolled: p.rolled?.map((d) => d.toISOString()) ?? null,
  };
};

describe('periodParts: where each part of a report period is counted from', () => {
  it('whole days in Japan from their sums, nothing else, for a period from midnight to midnight', () => {
    expect(parts('2026-11-01T00:00:00+09:00', '2026-12-01T00:00:00+09:00')).toEqual({
      edges: [],
      hours: [],
      days: { fromDay: '2026-11-01', toDay: '2026-12-01' },
      rolled: ['2026-10-31T15:00:00.000Z', '2026-11-30T15:00:00.000Z'],
    });
  });

  it('a period cut at 09:00 in Japan (midnight UTC): the partial days as whole hours', () => {
    expect(parts('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual({
      edges: [],
      hours: ['2026-11-01 9–24', '2026-12-01 0–9'],
      days: { fromDay: '2026-11-02', toDay: '2026-12-01' },
      rolled: ['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    });
  });

  it('minutes at either edge from the entries, the hours between from the rollup', () => {
    expect(parts('2026-11-24T13:30:00+09:00', '2026-11-28T23:45:00+09:00')).toEqual({
      edges: [
        ['2026-11-24T04:30:00.000Z', '2026-11-24T05:00:00.000Z'],
        ['2026-11-28T14:00:00.000Z', '2026-11-28T14:45:00.000Z'],
      ],
      hours: ['2026-11-24 14–24', '2026-11-28 0–23'],
      days: { fromDay: '2026-11-25', toDay: '2026-11-28' },
      rolled: ['2026-11-24T05:00:00.000Z', '2026-11-28T14:00:00.000Z'],
    });
  });

  it('no whole day: the whole hours of each day it touches', () => {
    expect(parts('2026-11-27T13:00:00+09:00', '2026-11-27T15:00:00+09:00').hours).toEqual([
      '2026-11-27 13–15',
    ]);
    expect(parts('2026-11-27T22:10:00+09:00', '2026-11-28T02:00:00+09:00')).toMatchObject({
      edges: [['2026-11-27T13:10:00.000Z', '2026-11-27T14:00:00.000Z']],
      hours: ['2026-11-27 23–24', '2026-11-28 0–2'],
      days: null,
    });
  });

  it('no whole hour: everything from the entries', () => {
    expect(parts('2026-11-27T13:10:00+09:00', '2026-11-27T13:50:00+09:00')).toEqual({
      edges: [['2026-11-27T04:10:00.000Z', '2026-11-27T04:50:00.000Z']],
      hours: [],
      days: null,
      rolled: null,
    });
    // Across an hour's end, still no whole hour.
    expect(parts('2026-11-27T13:10:00+09:00', '2026-11-27T14:50:00+09:00')).toMatchObject({
      edges: [['2026-11-27T04:10:00.000Z', '2026-11-27T05:50:00.000Z']],
      hours: [],
    });
  });
});
