import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessRollup } from '@daicho/reports';
import { cliOperator } from '../../apps/cli/src/cli-operator';
import { provisionsExport } from '../../apps/cli/src/commands/provision-commands';
import { RECORD_PROVISION, provisionsFixture } from '../provisions/provisions-fixture';
import { Role } from '../harness/test-app';

const ACCESS_REPORT = `query($from: DateTime!, $to: DateTime!) { accessReport(from: $from, to: $to) {
  totals { reads exports provisions denials }
  byActorCategory { actor { id kind role name } categoryCode reads exports provisions denials }
  byDay { day reads exports denials } } }`;
const REPORT_INCIDENT = `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const FROM_LEDGER = `mutation($id: ID!, $input: ScopeFromLedgerInput!) {
  addScopeFromLedger(incidentId: $id, input: $input) { persons records } }`;

interface AccessReport {
  totals: { exports: number };
  byActorCategory: {
    actor: { id: string; kind: string; name: string | null };
    categoryCode: string;
    exports: number;
  }[];
}

/**
 * Work at the shell is the CLI's, under the operator's name (`cli:<OS user>@<host>`, as SYSTEM):
 * the art. 29/30 records exported by `provisions:export` (one EXPORT entry a person named) count in
 * the CPO's access report, from the entries and from the rollup alike, and an incident's scope can
 * be taken from them (APPI art. 23: every handling traceable to a person). The command runs
 * in-process, as the CLI runs it, on a server whose database login has the runtime grants only.
 */
describe('reports: a CLI operator’s exports — access report and incident scope', () => {
  const f = provisionsFixture();
  const operator = cliOperator().id;
  let from: string;
  let to: string;

  const report = async () => {
    const answer = await f.gql<{ accessReport: AccessReport }>(Role.CPO, ACCESS_REPORT, {
      from,
      to,
    });
    expect(answer.errors).toBeUndefined();
    return answer.data!.accessReport;
  };

  beforeAll(async () => {
    from = new Date(Date.now() - 1000).toISOString();
    const handOff = await f.gql(Role.HR, RECORD_PROVISION, f.badge(f.employees.slice(0, 3)));
    expect(handOff.errors).toBeUndefined();
    const out = join(mkdtempSync(join(tmpdir(), 'daicho-cli-')), 'records.csv');
    await provisionsExport(f.t.app, { format: 'csv', lang: 'en', out });
    await f.t.sealLedger();
    to = new Date().toISOString();
  });

  it('counts the operator’s exports by name and kind, from the entries and from the rollup', async () => {
    expect(operator).toMatch(/^cli:[A-Za-z0-9_-]+@[A-Za-z0-9_-]+$/);
    const exported = await f.t.ledgerRows(
      `action = 'EXPORT' AND actor_kind = 'SYSTEM' AND actor_id = $1 AND subject_id IS NOT NULL`,
      [operator],
    );
    expect(exported).toHaveLength(3);
    const fromEntries = await report();
    const cell = fromEntries.byActorCategory.find((c) => c.actor.id === operator);
    expect(cell).toMatchObject({
      actor: { kind: 'SYSTEM', name: null },
      categoryCode: 'EMPLOYEE',
      exports: 3,
    });
    // The server's own work (sealing, sweeps: SYSTEM as `system`) is not someone's access.
    expect(fromEntries.byActorCategory.filter((c) => c.actor.kind === 'SYSTEM')).toHaveLength(1);
    expect(fromEntries.totals.exports).toBe(3);
    // Folded into the rollup (by the runtime role, through access_rollup_fold), the same counts.
    const [{ size } = { size: 0 }] = await f.t.dataSource.query<{ size: number }[]>(
      `SELECT max(tree_size)::int AS size FROM ledger_checkpoints`,
    );
    expect(await f.t.app.get(AccessRollup).catchUp(size)).toBe(size);
    const [{ rows } = { rows: 0 }] = await f.t.dataSource.query<{ rows: number }[]>(
      `SELECT count(*)::int AS rows FROM access_rollup WHERE actor_id = $1`,
      [operator],
    );
    expect(rows).toBeGreaterThan(0);
    expect(await report()).toEqual(fromEntries);
  });

  it('takes an incident’s scope from the operator’s entries; an unknown or malformed operator adds nothing', async () => {
    const incident = await f.gql<{ reportIncident: { id: string } }>(Role.CPO, REPORT_INCIDENT, {
      input: {
        title: '運用担当者による記録の持ち出し',
        discoveredAt: new Date(Date.now() - 1000).toISOString(),
        awareAt: new Date().toISOString(),
        kind: 'LEAKAGE',
        cause: 'INSIDER_MISUSE',
        wrongfulPurpose: true,
        description: 'コマンドラインから提供記録が出力された',
        categoryCodes: ['EMPLOYEE'],
        systemCodes: [],
      },
    });
    expect(incident.errors).toBeUndefined();
    const id = incident.data!.reportIncident.id;
    const scope = (actorId: string) =>
      f.gql<{ addScopeFromLedger: { persons: number; records: number } }>(Role.CPO, FROM_LEDGER, {
        id,
        input: { actorId, from, to },
      });
    const before = await f.t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM incident_scope`,
    );
    for (const [actorId, message] of [
      ['cli:nobody-here@nowhere', 'names no user, API key or CLI operator'],
      ['cli:two words@host', 'must be a user or API key id (UUID) or a CLI operator'],
      // Refused at the edge with every text field's rule.
      ['cli:ops@host\u0000', 'control characters'],
    ] as const) {
      const refused = await scope(actorId);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain(message);
      expect(JSON.stringify(refused.errors)).not.toMatch(/nobody|two words|SELECT|stack/i);
    }
    expect(await f.t.dataSource.query(`SELECT count(*)::int AS n FROM incident_scope`)).toEqual(
      before,
    );
    const taken = await scope(operator);
    expect(taken.errors).toBeUndefined();
    expect(taken.data!.addScopeFromLedger).toEqual({ persons: 3, records: 3 });
    await f.t.sealLedger();
    const [added] = await f.t.ledgerRows(`action = 'INCIDENT_SCOPE_ADDED' AND target_id = $1`, [
      id,
    ]);
    expect(added?.details).toMatchObject({ actor: operator });
  });
});
