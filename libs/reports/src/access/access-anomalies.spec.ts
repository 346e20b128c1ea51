import {
  AccessAnomalyKind,
  anomalyReason,
  dayAnomalies,
  THRESHOLDS,
  type ActorDay,
} from './access-anomalies';

const day = (n: number, counts: Partial<ActorDay> = {}): ActorDay => ({
  actorId: 'a',
  day: `2026-11-${String(n).padStart(2, '0')}`,
  reads: 0,
  exports: 0,
  denials: 0,
  offHours: 0,
  onErased: 0,
  firstSeq: n,
  lastSeq: n,
  ...counts,
});
const kinds = (days: ActorDay[]) => dayAnomalies(days).map((a) => `${a.kind}@${a.day.slice(8)}`);

describe('access anomalies from per-actor days', () => {
  it('flags a day far above the actor’s own median, not a busy actor’s usual day', () => {
    const usual = [2, 3, 4, 5].map((n) => day(n, { reads: 40 }));
    expect(kinds([...usual, day(6, { reads: 200 })])).toEqual(['VOLUME_SPIKE@06']);
    expect(kinds([...usual, day(6, { reads: 199 })])).toEqual([]); // 4.975× the median of 40
    // A quiet actor: 3 → 15 reads is five times, but under the floor.
    const quiet = [2, 3, 4, 5].map((n) => day(n, { reads: 3 }));
    expect(kinds([...quiet, day(6, { reads: THRESHOLDS.volumeFloor - 1 })])).toEqual([]);
    // Without three other active days there is no baseline to be far above.
    expect(kinds([day(2, { reads: 10 }), day(3, { reads: 10 }), day(4, { reads: 900 })])).toEqual(
      [],
    );
  });

  it('flags off-hours reads, repeated denials, bulk exports and erased persons, each with its count', () => {
    const found = dayAnomalies([
      day(2, { offHours: 1 }),
      day(3, { denials: 4 }),
      day(4, { denials: 5 }),
      day(5, { exports: 100 }),
      day(6, { onErased: 2 }),
    ]);
    expect(found.map((a) => [a.kind, a.day.slice(8), a.entries])).toEqual([
      [AccessAnomalyKind.OFF_HOURS, '02', 1],
      [AccessAnomalyKind.REPEATED_DENIALS, '04', 5],
      [AccessAnomalyKind.BULK_EXPORT, '05', 100],
      [AccessAnomalyKind.ERASED_PERSON, '06', 2],
    ]);
    for (const a of found) {
      expect(anomalyReason(a, 'en')).toContain(String(a.entries));
      expect(anomalyReason(a, 'ja')).toMatch(new RegExp(`${a.entries} (件|人)`));
    }
  });

  it('names a new purpose by its catalog name in the reader’s language, the code beside it', () => {
    const names = new Map([['HEALTH_MANAGEMENT', { ja: '健康管理', en: 'Health management' }]]);
    const a = { kind: AccessAnomalyKind.NEW_PURPOSE, entries: 3, purposeCode: 'HEALTH_MANAGEMENT' };
    expect(anomalyReason(a, 'ja', names)).toContain('利用目的 健康管理（HEALTH_MANAGEMENT）');
    expect(anomalyReason(a, 'en', names)).toContain(
      'purpose Health management (HEALTH_MANAGEMENT)',
    );
    // A code the catalog no longer names is still shown, as itself.
    expect(anomalyReason({ ...a, purposeCode: 'GONE' }, 'ja', names)).toContain('利用目的 GONE');
  });

  it("measures each day against the median of the actor's other active days, as a plain sort would", () => {
    // Against the definition itself, over random actors' months (ties and idle days included).
    const naive = (days: ActorDay[]) =>
      days.flatMap((d) => {
        const others = days
          .filter((o) => o.actorId === d.actorId && o.day !== d.day && o.reads > 0)
          .map((o) => o.reads)
          .sort((a, b) => a - b);
        if (others.length < THRESHOLDS.volumeBaselineDays) return [];
        const mid = others.length >> 1;
        const usual = others.length % 2 ? others[mid]! : (others[mid - 1]! + others[mid]!) / 2;
        return d.reads >= THRESHOLDS.volumeFloor && d.reads >= THRESHOLDS.volumeFactor * usual
          ? [`${d.actorId}@${d.day}:${usual}`]
          : [];
      });
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    for (let round = 0; round < 200; round++) {
      const days: ActorDay[] = [];
      for (const actorId of ['a', 'b', 'c'])
        for (let n = 1; n <= 1 + random(30); n++)
          days.push({
            ...day(n, { reads: random(4) === 0 ? 0 : [20, 40, 40, 300, 150][random(5)]! }),
            actorId,
          });
      const spikes = dayAnomalies(days)
        .filter((a) => a.kind === AccessAnomalyKind.VOLUME_SPIKE)
        .map((a) => `${a.actorId}@${a.day}:${a.baseline}`);
      expect(spikes).toEqual(naive(days));
    }
  });
});
