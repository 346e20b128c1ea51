/**
 * SQL for the first and last sequence number (`lo`, `hi`) that entries recorded in a time window
 * can have: from each recording hour's bounds (ledger_recorded_hours, kept by ledger_seal), so
 * two index probes, where reading the window's entries on the recorded_at BRIN index costs about
 * a millisecond per thousand (and far more once sealing has scattered rows over the table).
 * `from` and `to` are SQL expressions of timestamptz, either may be absent (an open end); the
 * window is [from, to). Both NULL when no sealed entry was recorded in the window's hours.
 */
export function recordedSeqSpan(from: string | null, to: string | null): string {
  const hours = ['true'];
  if (from) hours.push(`h.hour >= date_trunc('hour', (${from})::timestamptz AT TIME ZONE 'UTC')`);
  if (to) hours.push(`h.hour < ((${to})::timestamptz AT TIME ZONE 'UTC')`);
  return `SELECT min(h.first_seq) AS lo, max(h.last_seq) AS hi FROM ledger_recorded_hours h
           WHERE ${hours.join(' AND ')}`;
}
