/**
 * The session settings every connection Daicho opens runs with, whatever the database, the role
 * or the URL sets: names resolve in `public` (PostgreSQL searches pg_catalog first when the path
 * does not list it; pg_temp last, so no temporary table stands in for a real one), text arrives as
 * UTF-8, timestamps print in ISO form. Readers, the sequencer and the verifier then all see the
 * same tables: a search_path set on the database (a schema holding an altered copy of
 * ledger_entries, first) cannot show the readers one ledger and the verifier another, nor make
 * the sealer, which reads timestamps as text, hash another spelling of one. Light on purpose: the
 * verification threads load it (`@daicho/platform/session`).
 */
const STARTUP_OPTIONS = '-c search_path=public,pg_temp -c client_encoding=UTF8 -c DateStyle=ISO';

/**
 * pg's connection settings for `url` with the session settings as start-up options. Options the
 * URL itself carries (`?options=…`, which pg would otherwise let replace these) are kept, ours
 * after them: the last `-c` of a setting wins.
 */
export function pinnedConnection(url: string): { connectionString: string; options: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, options: STARTUP_OPTIONS };
  }
  const own = parsed.searchParams.get('options');
  if (own === null) return { connectionString: url, options: STARTUP_OPTIONS };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: `${own} ${STARTUP_OPTIONS}` };
}

/** Reads the settings SESSION_SETTINGS_PROBLEM judges, as one row. */
export const SESSION_SETTINGS_SQL = `SELECT current_setting('search_path') AS search_path,
  current_setting('client_encoding') AS client_encoding, current_setting('DateStyle') AS date_style`;

export interface SessionSettingsRow {
  search_path: string;
  client_encoding: string;
  date_style: string;
}

/**
 * What is wrong with a session's settings, or null: a pooler in front of PostgreSQL may drop
 * start-up options (PgBouncer does unless told to keep them), and a connection without them must
 * not run Daicho's queries.
 */
export function sessionSettingsProblem(row: SessionSettingsRow | undefined): string | null {
  if (!row) return 'the database did not say its session settings';
  const problems: string[] = [];
  if (row.search_path.replace(/\s+/g, '') !== 'public,pg_temp') {
    problems.push(`search_path is "${row.search_path}", not "public, pg_temp"`);
  }
  if (row.client_encoding !== 'UTF8') problems.push(`client_encoding is ${row.client_encoding}`);
  if (!row.date_style.startsWith('ISO')) problems.push(`DateStyle is ${row.date_style}`);
  return problems.length === 0
    ? null
    : `the database connection runs with other session settings than Daicho sets (${problems.join('; ')}): a connection pooler that drops start-up options? (docs/deployment.md)`;
}
