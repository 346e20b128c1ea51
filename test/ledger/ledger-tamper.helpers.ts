import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EvidenceExporter, Ledger, LedgerKeys, LedgerAction } from '@daicho/ledger';
import type { TestApp } from '../harness/test-app';

const run = promisify(execFile);
export const TOOL = join(__dirname, '..', '..', 'tools', 'verify-ledger.js');
export const LEDGER_TABLES = [
  'ledger_entries',
  'ledger_head',
  'ledger_tree_nodes',
  'ledger_checkpoints',
];

/** Appends `count` ordinary READ entries in their own transactions, as a library would. */
export async function appendReads(t: TestApp, count: number): Promise<void> {
  const ledger = t.app.get(Ledger);
  for (let i = 0; i < count; i++) {
    await t.dataSource.transaction((manager) =>
      ledger.append(
        {
          manager,
          requestId: `req-${randomUUID()}`,
          actor: { kind: 'USER', id: randomUUID(), role: 'HR' },
        },
        {
          action: LedgerAction.READ,
          subjectId: randomUUID(),
          categoryCode: 'EMPLOYEE',
          purposeCode: 'PERSONNEL_ADMIN',
          fields: ['name', 'address'],
          details: { batch: i },
        },
      ),
    );
  }
}

/** Appends until the sealed ledger has exactly `size` entries, then signs a checkpoint there. */
export async function growTo(t: TestApp, size: number): Promise<void> {
  const now = await t.sealLedger();
  if (now > size) throw new Error(`the ledger already has ${now} entries`);
  await appendReads(t, size - now);
  const sealed = await t.sealLedger();
  if (sealed !== size) throw new Error(`expected ${size} sealed entries, got ${sealed}`);
}

/**
 * Runs SQL as an attacker with superuser rights would: switches off the protections the database
 * has (the event trigger's migration flag, then the tables' triggers), changes rows, and restores
 * the triggers so the tampering leaves no trace in the schema.
 */
export async function asSuperuserAttacker(t: TestApp, statements: string[]): Promise<void> {
  // Its locks can meet the sequencer's (DDL takes the whole table): a deadlock aborts the
  // attempt, which an attacker simply runs again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await tamper(t, statements);
    } catch (error) {
      if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
    }
  }
}

async function tamper(t: TestApp, statements: string[]): Promise<void> {
  await t.dataSource.transaction(async (m) => {
    await m.query(`SET LOCAL daicho.migration = 'on'`);
    for (const table of LEDGER_TABLES) await m.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    for (const sql of statements) await m.query(sql);
    for (const table of LEDGER_TABLES) {
      await m.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_append_only`);
      await m.query(`ALTER TABLE ${table} ENABLE ALWAYS TRIGGER ${table}_no_truncate`);
    }
  });
}

export interface ToolResult {
  code: number;
  output: string;
}

/** Exports an evidence bundle as `ledger:export` does and runs the offline verifier on it. */
export async function verifyOffline(
  t: TestApp,
  options: {
    trustedCheckpointFile?: string;
    publicKey?: string;
    bundle?: string;
    toSeq?: number;
  } = {},
): Promise<ToolResult> {
  const bundle = options.bundle ?? join(t.dataDir, `evidence-${randomUUID()}.tar`);
  if (!options.bundle) {
    await t.app.get(EvidenceExporter).export(bundle, { toSeq: options.toSeq });
  }
  const args = [
    TOOL,
    bundle,
    '--public-key',
    options.publicKey ?? t.app.get(LedgerKeys).verifierKey,
  ];
  if (options.trustedCheckpointFile)
    args.push('--trusted-checkpoint', options.trustedCheckpointFile);
  try {
    const { stdout } = await run(process.execPath, args);
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

export const firstBadSeqIn = (output: string): number | null => {
  const match = /First bad sequence number: (\d+)\./.exec(output);
  return match ? Number(match[1]) : null;
};
