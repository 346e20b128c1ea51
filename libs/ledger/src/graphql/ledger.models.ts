import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { isLedgerAction, Paginated } from '@daicho/platform';
import { canonicalJson } from '@daicho/platform';
import { storedEntryOf, type EntryRow } from '../entry/entry-columns';
import type { CheckpointRow, VerificationReport } from '../verification/ledger-audit';
import type { VerificationRun } from '../verification/verification-log';
import { LedgerAction } from './ledger-action.enum';

@ObjectType('LedgerEntry', {
  description:
    'One sealed ledger entry: every stored column, exactly as hashed (timestamps in UTC with microseconds)',
})
export class LedgerEntryModel {
  @Field(() => Float, { description: 'Gapless sequence number, from 1' })
  seq!: number;
  @Field()
  id!: string;
  @Field()
  recordedAt!: string;
  @Field()
  sequencedAt!: string;
  @Field({ description: 'USER, API_KEY, SYSTEM or ANONYMOUS' })
  actorKind!: string;
  @Field(() => String, { nullable: true })
  actorId!: string | null;
  @Field(() => String, { nullable: true })
  actorRole!: string | null;
  @Field(() => LedgerAction)
  action!: LedgerAction;
  @Field({ description: 'ALLOWED or DENIED' })
  outcome!: string;
  @Field(() => String, { nullable: true })
  targetType!: string | null;
  @Field(() => String, { nullable: true })
  targetId!: string | null;
  @Field(() => String, { nullable: true, description: 'Pseudonymous id of the data subject' })
  subjectId!: string | null;
  @Field(() => String, { nullable: true })
  categoryCode!: string | null;
  @Field(() => String, { nullable: true })
  purposeCode!: string | null;
  @Field(() => [String])
  fields!: string[];
  @Field()
  requestId!: string;
  @Field(() => String, { nullable: true })
  clientEventId!: string | null;
  @Field(() => String, { nullable: true })
  occurredAt!: string | null;
  @Field({ description: 'The details object as RFC 8785 canonical JSON' })
  details!: string;
  @Field({ description: 'Hex SHA-256 leaf hash of the previous entry' })
  prevHash!: string;
  @Field({ description: 'Hex RFC 9162 leaf hash: SHA-256(0x00 ‖ canonical bytes)' })
  leafHash!: string;
}

export function toLedgerEntryModel(row: EntryRow): LedgerEntryModel {
  const { entry, leafHash } = storedEntryOf(row);
  // Every writer names a LedgerAction and the write refuses any other; a stored stranger is a fault.
  if (!isLedgerAction(entry.action)) {
    throw new Error(`ledger entry ${entry.seq} has an unknown action`);
  }
  return { ...entry, action: entry.action, details: canonicalJson(entry.details), leafHash };
}

@ObjectType('LedgerEntryConnection')
export class LedgerEntryConnection extends Paginated(LedgerEntryModel, 'LedgerEntry') {}

@ObjectType('LedgerCheckpoint', {
  description: 'A signed tree head in the C2SP tlog-checkpoint signed-note format',
})
export class LedgerCheckpointModel {
  @Field(() => Float)
  treeSize!: number;
  @Field({ description: 'Base64 RFC 9162 Merkle root' })
  rootHash!: string;
  @Field()
  issuedAt!: Date;
  @Field({ description: 'The signed note, verbatim; keep it to check later views against' })
  note!: string;
}

export function toCheckpointModel(row: CheckpointRow): LedgerCheckpointModel {
  return {
    treeSize: row.treeSize,
    rootHash: row.root.toString('base64'),
    issuedAt: row.issuedAt,
    note: row.note,
  };
}

@ObjectType('LedgerCheckpointConnection')
export class LedgerCheckpointConnection extends Paginated(
  LedgerCheckpointModel,
  'LedgerCheckpoint',
) {}

@ObjectType('InclusionProof')
export class InclusionProofModel {
  @Field(() => Float)
  leafIndex!: number;
  @Field(() => Float)
  treeSize!: number;
  @Field({ description: 'Base64' })
  leafHash!: string;
  @Field({ description: 'Base64 root of the tree of treeSize entries' })
  rootHash!: string;
  @Field(() => [String], { description: 'Base64 audit path, RFC 9162 §2.1.3' })
  hashes!: string[];
  @Field(() => String, {
    nullable: true,
    description: 'The signed checkpoint of that size, if any',
  })
  checkpoint!: string | null;
}

@ObjectType('ConsistencyProof')
export class ConsistencyProofModel {
  @Field(() => Float)
  fromSize!: number;
  @Field(() => Float)
  toSize!: number;
  @Field()
  fromRoot!: string;
  @Field()
  toRoot!: string;
  @Field(() => [String], { description: 'Base64 proof nodes, RFC 9162 §2.1.4' })
  hashes!: string[];
}

@ObjectType('LedgerPublicKey')
export class LedgerPublicKeyModel {
  @Field({ description: 'Checkpoint origin and key name' })
  origin!: string;
  @Field({ description: 'C2SP verifier key: origin+keyid+base64(0x01 ‖ Ed25519 key)' })
  verifierKey!: string;
  @Field({ description: 'Raw Ed25519 public key, base64' })
  publicKey!: string;
  @Field()
  fingerprint!: string;
}

/** What a full verification found: the fields a verification and its kept record share. */
@ObjectType({ isAbstract: true })
abstract class VerificationOutcomeModel implements VerificationReport {
  @Field()
  ok!: boolean;
  @Field(() => Float)
  checkedEntries!: number;
  @Field(() => Int)
  checkedCheckpoints!: number;
  @Field(() => Float, { nullable: true })
  firstInvalidSeq!: number | null;
  @Field(() => String, { nullable: true })
  reason!: string | null;
}

@ObjectType('LedgerVerification')
export class LedgerVerificationModel extends VerificationOutcomeModel {
  @Field(() => String, {
    nullable: true,
    description: 'Said when your trusted checkpoint needed normalising (a final line break, CRLF)',
  })
  notice!: string | null;
}

@ObjectType('LedgerVerificationRun', {
  description: 'A full verification someone ran (verifyLedger), and what it found',
})
export class LedgerVerificationRunModel
  extends VerificationOutcomeModel
  implements VerificationRun
{
  @Field()
  verifiedAt!: Date;
  @Field({ description: 'Whether the caller supplied a checkpoint of their own to check against' })
  withTrustedCheckpoint!: boolean;
}
