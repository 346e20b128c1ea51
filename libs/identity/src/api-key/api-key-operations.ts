import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  AuditTrail,
  BadUserInputError,
  decodeTextCursor,
  encodeCursor,
  LedgerAction,
  NotFoundError,
  pageOf,
  type Page,
} from '@daicho/platform';
import { Kind, parse, type DocumentNode } from 'graphql';
import { auditEventFor } from '../common/identity-audit';
import { sha256 } from '../common/secret-hash';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyOperationEntity } from './api-key-operation.entity';

export interface ApiKeyOperation {
  name: string;
  documentHash: string;
  registeredAt: Date;
}

interface OperationRow {
  name: string;
  /** Hexadecimal, as the API shows it. */
  document_hash: string;
  registered_at: Date;
}

/** A document hash as the API shows it (SHA-256, hexadecimal). */
const DOCUMENT_HASH = /^[0-9a-f]{64}$/;

/** One operation named `name`, nothing else: what the key will send is what is registered. */
function checkedDocument(name: string, document: string): void {
  let parsed: DocumentNode;
  try {
    parsed = parse(document);
  } catch {
    throw new BadUserInputError('document is not a GraphQL document.', ['document']);
  }
  const operations = parsed.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]?.name?.value !== name)
    throw new BadUserInputError(`document must hold exactly one operation, named ${name}.`, [
      'document',
    ]);
}

/**
 * An API key's operation allow-list: the documents it may run, by SHA-256 of
 * their text. The first registration limits the key for good; taking one off narrows it further
 * (a key is never widened again: make a new one).
 */
@Injectable()
export class ApiKeyOperations {
  constructor(private readonly auditTrail: AuditTrail) {}

  async register(
    ctx: RequestContext,
    input: { apiKeyId: string; name: string; document: string },
  ): Promise<ApiKeyOperation> {
    checkedDocument(input.name, input.document);
    const documentHash = sha256(input.document);
    return ctx.transaction(async (tx) => {
      await this.lockKey(tx, input.apiKeyId);
      await tx.manager.update(ApiKeyEntity, { id: input.apiKeyId }, { allowListed: true });
      const where = { apiKeyId: input.apiKeyId, documentHash };
      const known = await tx.manager.findOneBy(ApiKeyOperationEntity, where);
      const saved = known
        ? await tx.manager.save(Object.assign(known, { name: input.name }))
        : await tx.manager.save(
            tx.manager.create(ApiKeyOperationEntity, {
              ...where,
              name: input.name,
              registeredBy: ctx.actor.id ?? '',
              registeredAt: new Date(),
            }),
          );
      await this.auditTrail.record(
        auditEventFor(
          ctx,
          LedgerAction.PERMISSION_CHANGE,
          { type: 'ApiKey', id: input.apiKeyId },
          { change: 'api key operation allowed', documentHash: documentHash.toString('hex') },
        ),
        tx.manager,
      );
      return toOperation(saved);
    });
  }

  async remove(ctx: RequestContext, apiKeyId: string, documentHash: string): Promise<boolean> {
    if (!DOCUMENT_HASH.test(documentHash))
      throw new BadUserInputError('documentHash must be 64 hexadecimal digits.', ['documentHash']);
    return ctx.transaction(async (tx) => {
      await this.lockKey(tx, apiKeyId);
      const removed = await tx.manager.delete(ApiKeyOperationEntity, {
        apiKeyId,
        documentHash: Buffer.from(documentHash, 'hex'),
      });
      if (!removed.affected) return false;
      await this.auditTrail.record(
        auditEventFor(
          ctx,
          LedgerAction.PERMISSION_CHANGE,
          { type: 'ApiKey', id: apiKeyId },
          { change: 'api key operation removed', documentHash },
        ),
        tx.manager,
      );
      return true;
    });
  }

  /** The key's documents by name, a keyset page of (name, document hash). */
  async list(
    ctx: RequestContext,
    apiKeyId: string,
    page: { first: number; after?: string },
  ): Promise<Page<ApiKeyOperation>> {
    const cursor = page.after ? decodeTextCursor(page.after, DOCUMENT_HASH) : null;
    const rows = await ctx.manager.query<OperationRow[]>(
      `SELECT name, encode(document_hash, 'hex') AS document_hash, registered_at
         FROM api_key_operations
        WHERE api_key_id = $1
          AND ($2::text IS NULL OR (name, document_hash) > ($2::text, decode($3::text, 'hex')))
        ORDER BY name, document_hash LIMIT $4`,
      [apiKeyId, cursor?.sortKey ?? null, cursor?.id ?? null, page.first + 1],
    );
    return pageOf(
      rows,
      page.first,
      (row) => encodeCursor(row.name, row.document_hash),
      (row) => ({
        name: row.name,
        documentHash: row.document_hash,
        registeredAt: row.registered_at,
      }),
    );
  }

  /** The key, locked against a concurrent revocation; unknown and revoked answer alike. */
  private async lockKey(tx: RequestContext, id: string): Promise<void> {
    const key = await tx.manager.findOne(ApiKeyEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!key || key.revokedAt) throw new NotFoundError('No usable API key has this id.');
  }
}

const toOperation = (row: ApiKeyOperationEntity): ApiKeyOperation => ({
  name: row.name,
  documentHash: row.documentHash.toString('hex'),
  registeredAt: row.registeredAt,
});
