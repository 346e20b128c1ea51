import { SingleBar, Presets } from 'cli-progress';
import type { LedgerSequencer } from '@daicho/ledger';
import type { DataSource } from 'typeorm';

export const ACTORS = 50;
export const CATEGORIES = [
  'EMPLOYEE',
  'APPLICANT',
  'WEB_INQUIRY',
  'NEWSLETTER',
  'SEMINAR',
  'PARTNER_CONTACT',
  'CALL_RECORDING',
  'ENTRUSTED_SYSDEV',
  'ENTRUSTED_DATA_ENTRY',
  'CCTV',
  'REQUESTER',
  'COMPLAINANT',
];

/** The person a filled entry `n` is about, when entries are drawn from a pool of `subjects`. */
export const subjectSql = (n: string, subjects: number) =>
  `md5('subject-' || ((${n}) % ${subjects}))::uuid`;

/**
 * `total` sealed entries over `days` days from 50 actors in 12 categories: reads in office hours
 * (weekends too: a call centre's), one in 500 at night, 1 % refused, 2 % exports, 0.5 % hand-offs.
 * Each entry is about a new person, or, with `subjects`, one of that many (their footprints).
 */
export async function fillAccessLedger(
  ds: DataSource,
  sequencer: LedgerSequencer,
  options: { total: number; days: number; start: Date; subjects?: number },
): Promise<void> {
  const { total, days, start, subjects } = options;
  const bar = new SingleBar(
    { format: 'sealing {value}/{total} entries [{bar}] {eta_formatted}' },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  const perDay = Math.ceil(total / days);
  const subject = subjects ? subjectSql('$2::int + g', subjects) : 'gen_random_uuid()';
  for (let have = 0; have < total;) {
    const chunk = Math.min(50_000, total - have);
    await ds.query(
      `INSERT INTO ledger_entries (recorded_at, actor_kind, actor_id, actor_role, action, outcome,
         target_type, target_id, subject_id, category_code, purpose_code, fields, request_id, details)
       SELECT $3::timestamptz + (($2::int + g) / $4::int) * interval '1 day'
                + CASE WHEN g % 500 = 17 THEN interval '13 hours'  -- 22:00 JST: rare night work
                       ELSE interval '30 minutes' + ((g * 7919) % 32400) * interval '1 second' END,
              'USER',
              'user-' || (g % ${ACTORS}), 'HR',
              CASE WHEN g % 50 = 7 THEN 'EXPORT' WHEN g % 200 = 3 THEN 'PROVIDE' ELSE 'READ' END,
              CASE WHEN g % 100 = 11 THEN 'DENIED' ELSE 'ALLOWED' END,
              'PersonalRecord', gen_random_uuid()::text, ${subject},
              ($5::text[])[1 + (g / ${ACTORS}) % ${CATEGORIES.length}],
              CASE WHEN g % 7 = 0 THEN 'PAYROLL' ELSE 'PERSONNEL_ADMIN' END,
              '{name}', 'bulk-' || ($2::int + g), '{}'
         FROM generate_series(1, $1) g`,
      [chunk, have, start, perDay, CATEGORIES],
    );
    have = (await sequencer.flush()) ?? have;
    // What autovacuum does for a ledger in service (this machine's PostgreSQL runs with it off):
    // sealed rows' old versions and intake index entries cleared now and then, not left to pile up.
    if (have % 1_000_000 < chunk) await ds.query('VACUUM ledger_entries');
    bar.update(have);
  }
  bar.stop();
}
