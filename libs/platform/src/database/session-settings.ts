/**
 * The session settings every connection Daicho opens runs with, whatever the database, the role
 * or the URL sets: names resolve in `public` (PostgreSQL searches pg_catalog first when the path
 * does not list it; pg_temp last, so no temporary table stands in for a real one) and timestamps
 * print in ISO form (text comes as UTF-8 anyway: pg's start-up packet asks for it). Readers, the sequencer and the verifier then all see the
 * same tables: a search_path set on the database (a schema holding an altered copy of
 * ledger_entries, first) cannot show the readers one ledger and the verifier another, nor make
 * the sealer, which reads timestamps as text, hash another spelling of one. Light on purpose: the
 * verification threads load it (`@daicho/platform/session`).
 */
const STARTUP_OPTIONS = '-c search_path=public,pg_temp -c DateStyle=ISO';

/**
 * pg's connection settings for `url` with the session settings as start-up options. Options the
 * URL itself carries (`?options=…`, which pg would otherwise let replace these) are kept, ours
 * after them (the last `-c` of a setting wins). The rest of the URL is passed on exactly as given,
 * for pg to read as it always has: only the `options` parameter is cut out of its text.
 */
export function pinnedConnection(url: string): { connectionString: string; options: string } {
  const query = url.indexOf('?');
  if (query < 0) return { connectionString: url, options: STARTUP_OPTIONS };
  const kept: string[] = [];
  let own: string | null = null;
  for (const parameter of url.slice(query + 1).split('&')) {
    if (!parameter.startsWith('options=')) {
      kept.push(parameter);
      continue;
    }
    try {
      // Decoded as pg's own parser decodes it (URLSearchParams); the last one counts, as there.
      own = new URLSearchParams(parameter).get('options');
    } catch {
      throw new Error("the database URL's options= parameter is not valid percent-encoding");
    }
  }
  const base = url.slice(0, query);
  return {
    connectionString: kept.length > 0 ? `${base}?${kept.join('&')}` : base,
    options: own ? `${own} ${STARTUP_OPTIONS}` : STARTUP_OPTIONS,
  };
}

/** Reads the settings SESSION_SETTINGS_PROBLEM judges, as one row. */
export const SESSION_SETTINGS_SQL = `SELECT current_setting('search_path') AS search_path,
  current_setting('server_encoding') AS server_encoding, current_setting('DateStyle') AS date_style,
  (SELECT string_agg(n.nspname, ', ' ORDER BY n.nspname) FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relname = 'schema_migrations' AND c.relkind = 'r') AS migrated_in`;

export interface SessionSettingsRow {
  search_path: string;
  server_encoding: string;
  date_style: string;
  /** The schemas holding a migrations table (Daicho's, in public), or null for a new database. */
  migrated_in: string | null;
}

/** Throws what sessionSettingsProblem finds on a connection, before anything (migrations) runs. */
export async function assertSessionSettings(
  query: (sql: string) => Promise<SessionSettingsRow[]>,
): Promise<void> {
  const [row] = await query(SESSION_SETTINGS_SQL);
  const problem = sessionSettingsProblem(row);
  if (problem) throw new Error(problem);
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
  if (!row.date_style.startsWith('ISO')) problems.push(`DateStyle is ${row.date_style}`);
  if (problems.length > 0) {
    return `the database connection runs with other session settings than Daicho sets (${problems.join('; ')}): a connection pooler that drops start-up options? (docs/deployment.md)`;
  }
  // The canonical form is UTF-8; a LATIN1 database refuses Japanese, SQL_ASCII stores anything.
  if (row.server_encoding !== 'UTF8') {
    return `the database's encoding is ${row.server_encoding}, not UTF8: create it with ENCODING 'UTF8' (docs/deployment.md)`;
  }
  // Tables made under another search path: migrating now would start a second, empty Daicho in
  // public beside them.
  if (row.migrated_in !== null && !row.migrated_in.split(', ').includes('public')) {
    return `Daicho's tables are in schema ${row.migrated_in}, not public: move them to public (ALTER … SET SCHEMA) before starting this version (docs/deployment.md)`;
  }
  return null;
}
