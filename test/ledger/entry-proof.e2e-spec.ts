import { IntegrationsModule } from '@daicho/integrations';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  EntryProofs,
  Ledger,
  LedgerAction,
  LedgerKeys,
  LedgerModule,
  type EntryProofDocument,
} from '@daicho/ledger';
import { MIGRATIONS } from '@daicho/migrations';
import {
  ConfigModule,
  ConflictError,
  DatabaseModule,
  LoggingModule,
  createDataSource,
  loadConfig,
} from '@daicho/platform';
import { ENTITIES } from '../../apps/api/src/entities';
import { TestApp } from '../harness/test-app';
import { TOOL, appendReads } from './ledger-tamper.helpers';

/** What the company did with the person's data, one entry each (APPI art. 33 discloses them). */
const ABOUT_THE_PERSON = [
  LedgerAction.READ,
  LedgerAction.UPDATE,
  LedgerAction.EXPORT,
  LedgerAction.PROVIDE,
];

/** A library above the ledger (requests, say) that asks Nest for the service. */
@Injectable()
class DisclosureProofs {
  constructor(@Inject(EntryProofs) readonly proofs: EntryProofs) {}
}
@Module({ providers: [DisclosureProofs] })
class DisclosureModule {}

/**
 * A disclosure hands the person every ledger entry about them with its RFC 9162 inclusion proof
 * against a signed checkpoint; they (or their lawyer) check it with tools/verify-ledger.js and the
 * ledger's public key alone. Built here by the running server, checked by the tool as a process.
 */
describe('entry proofs for the person the entries are about', () => {
  let t: TestApp;
  let key: string;
  let subject: string;
  let before: number;
  let seqs: number[];
  let doc: EntryProofDocument;

  const appendAbout = async (action: LedgerAction) => {
    const ledger = t.app.get(Ledger);
    await t.dataSource.transaction((manager) =>
      ledger.append(
        {
          manager,
          requestId: `req-${randomUUID()}`,
          actor: { kind: 'USER', id: randomUUID(), role: 'HR' },
        },
        {
          action,
          targetType: 'PersonalRecord',
          targetId: randomUUID(),
          subjectId: subject,
          categoryCode: 'EMPLOYEE',
          purposeCode: 'PERSONNEL_ADMIN',
          fields: ['name', 'address'],
        },
      ),
    );
  };

  /** Runs the offline verifier on the document as the person would. */
  const verifyOffline = async (document: unknown, publicKey = key) => {
    const file = join(t.dataDir, `ledger-proofs-${randomUUID()}.json`);
    await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
    const run = spawnSync(process.execPath, [TOOL, '--entries', file, '--public-key', publicKey], {
      encoding: 'utf8',
    });
    return { status: run.status, out: run.stdout };
  };
  const copy = (): EntryProofDocument => JSON.parse(JSON.stringify(doc)) as EntryProofDocument;

  beforeAll(async () => {
    t = await TestApp.start();
    key = t.app.get(LedgerKeys).verifierKey;
    subject = randomUUID();
    // A checkpoint before any entry about the person, so one exists that does not cover them.
    await appendReads(t, 1);
    before = await t.sealLedger();
    for (const action of ABOUT_THE_PERSON) {
      await appendAbout(action);
      await appendReads(t, 2); // entries about other people in between
    }
    await t.sealLedger();
    const rows = await t.ledgerRows('subject_id = $1', [subject]);
    seqs = rows.map((r) => Number(r.seq));
    doc = await t.app.get(EntryProofs).forEntries(seqs);
  });
  afterAll(() => t.close());

  it('holds every entry about the person as stored, against a signed checkpoint covering them', async () => {
    expect(seqs).toHaveLength(ABOUT_THE_PERSON.length);
    // The server signs a checkpoint every second the ledger grows: compare with the one used.
    expect(doc.treeSize).toBeGreaterThanOrEqual(Math.max(...seqs));
    const [signed] = await t.dataSource.query<{ root: Buffer; note: string }[]>(
      'SELECT root, note FROM ledger_checkpoints WHERE tree_size = $1',
      [doc.treeSize],
    );
    expect(doc).toMatchObject({
      format: 'daicho-entry-proofs/1',
      origin: t.app.get(LedgerKeys).origin,
      checkpoint: signed!.note,
      rootHash: signed!.root.toString('hex'),
    });
    expect(doc.entries.map((e) => [e.seq, e.entry.action, e.entry.subjectId])).toEqual(
      seqs.map((seq, i) => [seq, ABOUT_THE_PERSON[i], subject]),
    );
    const stored = await t.dataSource.query<{ seq: string; leaf_hash: Buffer }[]>(
      'SELECT seq, leaf_hash FROM ledger_entries WHERE subject_id = $1 ORDER BY seq',
      [subject],
    );
    expect(doc.entries.map((e) => e.leafHash)).toEqual(
      stored.map((r) => r.leaf_hash.toString('hex')),
    );
  });

  it('verifies offline: every entry OK, exit 0', async () => {
    const run = await verifyOffline(doc);
    for (const seq of seqs) expect(run.out).toContain(`seq ${seq}: OK\n`);
    expect(run.out).toContain(`OK: ${seqs.length} entries are in the signed ledger as shown.`);
    expect(run.status).toBe(0);
  });

  it('names the entry whose field was changed', async () => {
    const tampered = copy();
    const [victim, ...others] = tampered.entries;
    victim!.entry.purposeCode = 'CRIME_PREVENTION';
    const run = await verifyOffline(tampered);
    expect(run.out).toContain(
      `seq ${victim!.seq}: FAILED: the entry does not hash to its leaf hash (altered)`,
    );
    for (const other of others) expect(run.out).toContain(`seq ${other.seq}: OK\n`);
    expect(run.status).toBe(1);
  });

  it('names the entry whose audit path lost one byte', async () => {
    const tampered = copy();
    const victim = tampered.entries.at(-1)!;
    const [first = '', ...rest] = victim.auditPath;
    victim.auditPath = [`${first[0] === 'f' ? 'e' : 'f'}${first.slice(1)}`, ...rest];
    const run = await verifyOffline(tampered);
    expect(run.out).toMatch(
      new RegExp(`seq ${victim.seq}: FAILED: the entry is not in the tree the checkpoint`),
    );
    expect(run.out).toContain(`seq ${tampered.entries[0]!.seq}: OK\n`);
    expect(run.status).toBe(1);
  });

  it('proves nothing under another key', async () => {
    // The same origin, a key the ledger never signed with.
    const foreign = await LedgerKeys.load({
      origin: t.app.get(LedgerKeys).origin,
      signingKeyFile: join(t.dataDir, 'foreign-signing-key.pem'),
      pseudonymKeyFile: join(t.dataDir, 'foreign-pseudonym.key'),
    });
    expect(foreign.verifierKey).not.toBe(key);
    const run = await verifyOffline(doc, foreign.verifierKey);
    for (const seq of seqs) {
      expect(run.out).toContain(
        `seq ${seq}: FAILED: not proven (the checkpoint: not signed by the pinned key)`,
      );
    }
    expect(run.status).toBe(1);
  });

  it('refuses entries the checkpoint does not sign, naming them', async () => {
    const head = await t.sealLedger();
    const beyond = t.app.get(EntryProofs).forEntries([seqs[0]!, head + 1]);
    await expect(beyond).rejects.toThrow(ConflictError);
    await expect(beyond).rejects.toThrow(`Entry ${head + 1} is not covered`);
    // Pinned to the checkpoint signed before the person's entries were written.
    const pinned = t.app.get(EntryProofs).forEntries(seqs, { treeSize: before });
    await expect(pinned).rejects.toThrow(
      `Entries ${seqs.join(', ')} are not covered by the signed checkpoint of size ${before}`,
    );
  });

  it('is injectable from the core LedgerModule too (the CLI composition: no sequencer, no GraphQL)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DAICHO_DATA_DIR: t.dataDir });
    const dataSource = createDataSource({
      url: t.adminUrl,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      poolSize: 2,
    });
    await dataSource.initialize();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule.forDataSource(dataSource),
        LedgerModule.forRoot({ sequencer: false, graphql: false }),
        IntegrationsModule.forRoot({ delivery: false, graphql: false }),
        DisclosureModule,
      ],
    }).compile();
    try {
      // Injected into another module's provider: only an exported provider resolves there.
      const { proofs } = moduleRef.get(DisclosureProofs);
      const again = await proofs.forEntries(seqs, { treeSize: doc.treeSize });
      expect(again).toEqual(doc);
    } finally {
      await moduleRef.close();
      if (dataSource.isInitialized) await dataSource.destroy();
    }
  });
});
