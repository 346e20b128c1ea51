import { pinnedConnection, sessionSettingsProblem } from './session-settings';

describe('session settings', () => {
  const OURS = '-c search_path=public,pg_temp -c DateStyle=ISO';

  it('puts them in the start-up options, after any the URL carries (which pg would let replace them)', () => {
    expect(pinnedConnection('postgres://u@db:5432/daicho')).toEqual({
      connectionString: 'postgres://u@db:5432/daicho',
      options: OURS,
    });
    const withOwn = pinnedConnection(
      'postgres://u@db:5432/daicho?sslmode=require&options=-c%20search_path%3Dshadow%20-c%20statement_timeout%3D5s',
    );
    expect(withOwn.connectionString).toBe('postgres://u@db:5432/daicho?sslmode=require');
    expect(withOwn.options).toBe(`-c search_path=shadow -c statement_timeout=5s ${OURS}`);
  });

  it('passes the rest of the URL on exactly as given, whatever WHATWG URL would make of it', () => {
    // pg reads these; URL refuses the first (no host before the path) and re-encodes the others.
    const socket = 'postgres://u:p%40ss@/daicho?host=/run/postgresql&options=-c%20work_mem%3D8MB';
    expect(pinnedConnection(socket)).toEqual({
      connectionString: 'postgres://u:p%40ss@/daicho?host=/run/postgresql',
      options: `-c work_mem=8MB ${OURS}`,
    });
    const odd = 'postgresql:///daicho?host=/var/run/postgresql&sslrootcert=/etc/ca%.pem';
    expect(pinnedConnection(odd)).toEqual({ connectionString: odd, options: OURS });
    // Given twice, the last counts, as in pg's own parser; only options= is cut.
    expect(pinnedConnection('postgres://h/d?options=-c%20a%3D1&x=1&options=-c%20b%3D2')).toEqual({
      connectionString: 'postgres://h/d?x=1',
      options: `-c b=2 ${OURS}`,
    });
    expect(pinnedConnection('postgres://h/d?options=').options).toBe(OURS);
  });

  it('finds a session or a database Daicho must not run in, in words that say where to look', () => {
    const good = {
      search_path: 'public,pg_temp',
      server_encoding: 'UTF8',
      date_style: 'ISO, MDY',
      migrated_in: 'public',
    };
    expect(sessionSettingsProblem(good)).toBeNull();
    expect(sessionSettingsProblem({ ...good, migrated_in: null })).toBeNull();
    expect(sessionSettingsProblem({ ...good, search_path: 'public, pg_temp' })).toBeNull();
    expect(sessionSettingsProblem({ ...good, search_path: '"$user", public' })).toContain(
      'search_path is ""$user", public"',
    );
    expect(sessionSettingsProblem({ ...good, date_style: 'SQL, DMY' })).toContain('pooler');
    expect(sessionSettingsProblem({ ...good, server_encoding: 'SQL_ASCII' })).toContain(
      "encoding is SQL_ASCII, not UTF8: create it with ENCODING 'UTF8'",
    );
    expect(sessionSettingsProblem({ ...good, migrated_in: 'daicho' })).toContain(
      "Daicho's tables are in schema daicho, not public",
    );
    expect(sessionSettingsProblem({ ...good, migrated_in: 'old, public' })).toBeNull();
    expect(sessionSettingsProblem(undefined)).not.toBeNull();
  });
});
