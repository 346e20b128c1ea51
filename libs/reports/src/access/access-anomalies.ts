/**
 * What the access report flags for a person to look at (policy item 2: supervision of those who
 * handle personal data; JIS Q 15001 A.3.7 monitoring), each with the reason in words and the
 * entries behind it. Decided from per-actor, per-day counts the database computed; pure, so the
 * thresholds are tested without a database.
 */
export enum AccessAnomalyKind {
  /** Personal data read or exported outside 9:00–18:00 JST or on a day the office is closed. */
  OFF_HOURS = 'OFF_HOURS',
  /** A day's reads far above the actor's own usual day in the period. */
  VOLUME_SPIKE = 'VOLUME_SPIKE',
  /** A purpose the actor had never used before the period. */
  NEW_PURPOSE = 'NEW_PURPOSE',
  /** Many refusals in one day: probing for what the role may not see. */
  REPEATED_DENIALS = 'REPEATED_DENIALS',
  /** Many persons exported in one day. */
  BULK_EXPORT = 'BULK_EXPORT',
  /** An access naming a person after they were erased. */
  ERASED_PERSON = 'ERASED_PERSON',
}

/** The thresholds, named so the report can print them. */
export const THRESHOLDS = {
  /** A spike is at least this many times the actor's median day… */
  volumeFactor: 5,
  /** …and at least this many reads (a quiet actor's 3 → 15 is no spike). */
  volumeFloor: 100,
  /** The median needs this many other active days in the period. */
  volumeBaselineDays: 3,
  deniedPerDay: 5,
  exportedPerDay: 100,
} as const;

/** One actor's counts on one day (JST) of the period. */
export interface ActorDay {
  actorId: string;
  day: string;
  reads: number;
  exports: number;
  denials: number;
  offHours: number;
  onErased: number;
  firstSeq: number;
  lastSeq: number;
}

export interface DayAnomaly {
  kind: AccessAnomalyKind;
  actorId: string;
  day: string;
  entries: number;
  /** The actor's median day, for a VOLUME_SPIKE. */
  baseline?: number;
  /** The purpose used for the first time, for a NEW_PURPOSE. */
  purposeCode?: string;
}

/**
 * Why an anomaly is one, in the reader's language (the API's reason is the English one); a
 * purpose by its catalog name in that language, its code beside it.
 */
export function anomalyReason(
  a: Omit<DayAnomaly, 'actorId' | 'day'>,
  lang: 'ja' | 'en',
  purposeNames: ReadonlyMap<string, { ja: string; en: string }> = new Map(),
): string {
  const ja = lang === 'ja';
  const code = a.purposeCode ?? '';
  const named = purposeNames.get(code)?.[lang];
  const purpose = named ? `${named}（${code}）` : code;
  switch (a.kind) {
    case AccessAnomalyKind.OFF_HOURS:
      return ja
        ? `業務時間外（営業日の9:00〜18:00以外）の閲覧・出力 ${a.entries} 件`
        : `${a.entries} read(s) or export(s) outside business hours (9:00–18:00 JST on business days)`;
    case AccessAnomalyKind.VOLUME_SPIKE: {
      const usual = a.baseline ?? 0;
      const times = (a.entries / Math.max(usual, 1)).toFixed(1);
      return ja
        ? `1日の閲覧 ${a.entries} 件（期間内の本人の中央値 ${usual} 件の ${times} 倍）`
        : `${a.entries} reads in the day, ${times}× the actor's median day of ${usual} in the period`;
    }
    case AccessAnomalyKind.NEW_PURPOSE:
      return ja
        ? `この操作者が初めて使う利用目的 ${purpose}（期間内 ${a.entries} 件）`
        : `first use of the purpose ${named ? `${named} (${code})` : code} by this actor (${a.entries} entries with it in the period)`;
    case AccessAnomalyKind.REPEATED_DENIALS:
      return ja
        ? `1日に ${a.entries} 件の拒否（基準 ${THRESHOLDS.deniedPerDay} 件）`
        : `${a.entries} refused attempts in the day (threshold ${THRESHOLDS.deniedPerDay})`;
    case AccessAnomalyKind.BULK_EXPORT:
      return ja
        ? `1日に ${a.entries} 人分の出力（基準 ${THRESHOLDS.exportedPerDay} 人）`
        : `${a.entries} persons exported in the day (threshold ${THRESHOLDS.exportedPerDay})`;
    case AccessAnomalyKind.ERASED_PERSON:
      return ja
        ? `消去済みの本人を指すアクセス ${a.entries} 件`
        : `${a.entries} access(es) naming a person already erased`;
  }
}

/** The median of `sorted` (ascending). */
function medianOf(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The median of `sorted` (ascending) with one occurrence of `left` taken out. */
function medianWithout(sorted: readonly number[], left: number): number {
  // Where `left` sits (any of equal values will do): values after it move down by one.
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < left) lo = mid + 1;
    else hi = mid;
  }
  const at = (i: number) => sorted[i < lo ? i : i + 1] ?? 0;
  const n = sorted.length - 1;
  const mid = n >> 1;
  return n % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** The anomalies that one actor-day shows on its own, and volume spikes against the actor's days. */
export function dayAnomalies(days: readonly ActorDay[]): DayAnomaly[] {
  const found: DayAnomaly[] = [];
  // Each actor's active days' reads, sorted once: a year's report has 365 days per actor.
  const activeReads = new Map<string, number[]>();
  for (const d of days) {
    if (d.reads <= 0) continue;
    const reads = activeReads.get(d.actorId);
    if (reads) reads.push(d.reads);
    else activeReads.set(d.actorId, [d.reads]);
  }
  for (const reads of activeReads.values()) reads.sort((a, b) => a - b);
  for (const d of days) {
    const at = { actorId: d.actorId, day: d.day };
    if (d.offHours > 0)
      found.push({
        ...at,
        kind: AccessAnomalyKind.OFF_HOURS,
        entries: d.offHours,
      });
    // The actor's other active days (a day is one actor's once).
    const active = activeReads.get(d.actorId) ?? [];
    const others = d.reads > 0 ? active.length - 1 : active.length;
    if (others >= THRESHOLDS.volumeBaselineDays) {
      const usual = d.reads > 0 ? medianWithout(active, d.reads) : medianOf(active);
      if (d.reads >= THRESHOLDS.volumeFloor && d.reads >= THRESHOLDS.volumeFactor * usual)
        found.push({
          ...at,
          kind: AccessAnomalyKind.VOLUME_SPIKE,
          entries: d.reads,
          baseline: usual,
        });
    }
    if (d.denials >= THRESHOLDS.deniedPerDay)
      found.push({
        ...at,
        kind: AccessAnomalyKind.REPEATED_DENIALS,
        entries: d.denials,
      });
    if (d.exports >= THRESHOLDS.exportedPerDay)
      found.push({
        ...at,
        kind: AccessAnomalyKind.BULK_EXPORT,
        entries: d.exports,
      });
    if (d.onErased > 0)
      found.push({
        ...at,
        kind: AccessAnomalyKind.ERASED_PERSON,
        entries: d.onErased,
      });
  }
  return found;
}
