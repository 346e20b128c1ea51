import { Args, Float, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Policy, RequestContext } from '@daicho/access';
import {
  BadUserInputError,
  decodeCursor,
  encodeCursor,
  LedgerAction,
  pageOf,
  isUuid,
} from '@daicho/platform';
import type { LedgerDetails } from '../entry/entry-input';
import { LedgerKeys } from '../keys/ledger-keys';
import { Ledger } from '../ledger';
import { LedgerProofs } from '../reading/ledger-proofs';
import { LedgerStore } from '../reading/ledger-store';
import { LedgerVerifier } from '../verification/ledger-verifier';
import { VerificationLog } from '../verification/verification-log';
import {
  ConsistencyProofArgs,
  LedgerCheckpointsArgs,
  LedgerEntriesArgs,
  type LedgerEntryFilter,
} from './ledger.args';
import {
  ConsistencyProofModel,
  InclusionProofModel,
  LedgerCheckpointConnection,
  LedgerCheckpointModel,
  LedgerEntryConnection,
  LedgerEntryModel,
  LedgerPublicKeyModel,
  LedgerVerificationModel,
  LedgerVerificationRunModel,
  toCheckpointModel,
  toLedgerEntryModel,
} from './ledger.models';

const b64 = (b: Buffer) => b.toString('base64');
const cursorFor = (position: number) => encodeCursor('seq', String(position));

function positionOf(after: string | undefined): number {
  if (!after) return 0;
  const { sortKey, id } = decodeCursor(after);
  if (sortKey !== 'seq' || !/^\d{1,16}$/.test(id)) {
    throw new BadUserInputError('after is not a cursor returned by this list.', ['after']);
  }
  return Number(id);
}

/**
 * The filter of an auditor's look, as the entry of that look records it: codes and ids only. An
 * actor id is any text up to 200 characters (CLI operators are `cli:<user>@<host>`): one that is
 * not a user's or key's UUID goes in as its keyed hash, so no typed text enters the ledger.
 */
function filterDetails(
  filter: LedgerEntryFilter,
  first: number,
  afterSeq: number,
  keys: LedgerKeys,
): LedgerDetails {
  const details: Record<string, string | number> = { first, afterSeq };
  for (const [key, value] of Object.entries(filter)) {
    if (value instanceof Date) details[key] = value.toISOString();
    else if (key === 'actorId' && typeof value === 'string' && !isUuid(value))
      details.actorIdPseudonym = keys.pseudonymOfReference('actorFilter', value);
    else if (typeof value === 'string') details[key] = value;
  }
  return details;
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BadUserInputError(`${name} must be a whole number from 1.`, [name]);
  }
  return value;
}

/** The auditor's and CPO's view of the ledger: entries, checkpoints, proofs and verification. */
@Resolver(() => LedgerEntryModel)
export class LedgerResolver {
  constructor(
    private readonly store: LedgerStore,
    private readonly proofs: LedgerProofs,
    private readonly verifier: LedgerVerifier,
    private readonly keys: LedgerKeys,
    private readonly ledger: Ledger,
    private readonly verifications: VerificationLog,
  ) {}

  /**
   * The entries show who was handed what, so the auditor's look is itself an entry (one per
   * query, with its filter), written before the page is read.
   */
  @Policy('read', 'Ledger')
  @Query(() => LedgerEntryConnection, { description: 'Sealed entries in sequence order' })
  async ledgerEntries(
    @Ctx() ctx: RequestContext,
    @Args() args: LedgerEntriesArgs,
  ): Promise<LedgerEntryConnection> {
    const filter = args.filter ?? {};
    const afterSeq = positionOf(args.after);
    await ctx.transaction((tx) =>
      this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'LedgerEntries',
        subjectId: filter.subjectId?.toLowerCase(),
        categoryCode: filter.categoryCode,
        purposeCode: filter.purposeCode,
        details: filterDetails(filter, args.first, afterSeq, this.keys),
      }),
    );
    const rows = await this.store.entries(filter, afterSeq, args.first + 1);
    const models = rows.map(toLedgerEntryModel);
    return pageOf(
      models,
      args.first,
      (entry) => cursorFor(entry.seq),
      (entry) => entry,
    );
  }

  /** One entry by its number: a look of its own, naming the person the entry is about. */
  @Policy('read', 'Ledger')
  @Query(() => LedgerEntryModel, { nullable: true })
  async ledgerEntry(
    @Ctx() ctx: RequestContext,
    @Args('seq', { type: () => Float }) seq: number,
  ): Promise<LedgerEntryModel | null> {
    const n = wholeNumber(seq, 'seq');
    const row = await this.store.entry(n);
    await ctx.transaction((tx) =>
      this.ledger.append(tx, {
        action: LedgerAction.READ,
        targetType: 'LedgerEntry',
        targetId: String(n),
        subjectId: row?.subject_id ?? undefined,
        categoryCode: row?.category_code ?? undefined,
        details: { seq: n },
      }),
    );
    return row ? toLedgerEntryModel(row) : null;
  }

  @Policy('read', 'Ledger')
  @ResolveField(() => InclusionProofModel, {
    description:
      'Proof that this entry is in the tree of treeSize entries (default: latest checkpoint)',
  })
  async inclusionProof(
    @Parent() entry: LedgerEntryModel,
    @Args('treeSize', { type: () => Float, nullable: true }) treeSize?: number,
  ): Promise<InclusionProofModel> {
    const size = treeSize ?? (await this.store.latestCheckpoint())?.treeSize ?? entry.seq;
    const proof = await this.proofs.inclusion(entry.seq, wholeNumber(size, 'treeSize'));
    const checkpoint = await this.store.checkpointAt(proof.treeSize);
    return {
      leafIndex: proof.leafIndex,
      treeSize: proof.treeSize,
      leafHash: b64(proof.leafHash),
      rootHash: b64(proof.rootHash),
      hashes: proof.hashes.map(b64),
      checkpoint: checkpoint?.note ?? null,
    };
  }

  @Policy('read', 'Ledger')
  @Query(() => LedgerCheckpointConnection, { description: 'Signed checkpoints, oldest first' })
  async ledgerCheckpoints(
    @Args() args: LedgerCheckpointsArgs,
  ): Promise<LedgerCheckpointConnection> {
    const rows = await this.store.checkpoints(positionOf(args.after), args.first + 1);
    return pageOf(rows, args.first, (row) => cursorFor(row.treeSize), toCheckpointModel);
  }

  @Policy('read', 'Ledger')
  @Query(() => LedgerCheckpointModel, { nullable: true })
  async latestCheckpoint(): Promise<LedgerCheckpointModel | null> {
    const row = await this.store.latestCheckpoint();
    return row ? toCheckpointModel(row) : null;
  }

  @Policy('read', 'Ledger')
  @Query(() => ConsistencyProofModel)
  async consistencyProof(@Args() args: ConsistencyProofArgs): Promise<ConsistencyProofModel> {
    const proof = await this.proofs.consistency(args.fromSize, args.toSize);
    return {
      fromSize: proof.fromSize,
      toSize: proof.toSize,
      fromRoot: b64(proof.fromRoot),
      toRoot: b64(proof.toRoot),
      hashes: proof.hashes.map(b64),
    };
  }

  @Policy('read', 'Ledger')
  @Query(() => LedgerPublicKeyModel)
  ledgerPublicKey(): LedgerPublicKeyModel {
    return {
      origin: this.keys.origin,
      verifierKey: this.keys.verifierKey,
      publicKey: b64(this.keys.publicKey),
      fingerprint: this.keys.fingerprint,
    };
  }

  @Policy('read', 'Ledger')
  @Query(() => LedgerVerificationModel, {
    description:
      'Replays the whole ledger: chain, leaf hashes, signed checkpoints, head; and, given one you kept, your own earlier checkpoint',
  })
  async verifyLedger(
    @Ctx() ctx: RequestContext,
    @Args('trustedCheckpoint', { nullable: true }) trustedCheckpoint?: string,
  ): Promise<LedgerVerificationModel> {
    if (trustedCheckpoint !== undefined && trustedCheckpoint.length > 2000) {
      throw new BadUserInputError('trustedCheckpoint is longer than a checkpoint can be.', [
        'trustedCheckpoint',
      ]);
    }
    const report = await this.verifier.verify(trustedCheckpoint ?? undefined);
    await this.verifications.record(
      ctx,
      report,
      trustedCheckpoint !== undefined && trustedCheckpoint !== null,
    );
    return report;
  }

  @Policy('read', 'Ledger')
  @Query(() => LedgerVerificationRunModel, {
    nullable: true,
    description: 'The latest full verification anyone ran (verifyLedger), or null if none yet',
  })
  lastLedgerVerification(@Ctx() ctx: RequestContext): Promise<LedgerVerificationRunModel | null> {
    return this.verifications.latest(ctx);
  }
}
