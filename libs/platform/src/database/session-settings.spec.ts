import { pinnedConnection, sessionSettingsProblem } from './session-settings';

describe('session settings', () => {
  const OURS = '-c search_path=public,pg_temp -c client_encoding=UTF8 -c DateStyle=ISO';

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
    expect(pinnedConnection('not a url').options).toBe(OURS);
  });

  it('finds a session without them, in words that say where to look', () => {
    const good = { search_path: 'public,pg_temp', client_encoding: 'UTF8', date_style: 'ISO, MDY' };
    expect(sessionSettingsProblem(good)).toBeNull();
    expect(sessionSettingsProblem({ ...good, search_path: 'public, pg_temp' })).toBeNull();
    expect(sessionSettingsProblem({ ...good, search_path: '"$user", public' })).toContain(
      'search_path is ""$user", public"',
    );
    expect(sessionSettingsProblem({ ...good, date_style: 'SQL, DMY' })).toContain('DateStyle');
    expect(sessionSettingsProblem({ ...good, client_encoding: 'SJIS' })).toContain('pooler');
    expect(sessionSettingsProblem(undefined)).not.toBeNull();
  });
});
