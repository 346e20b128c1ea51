import { Inject, Injectable } from '@nestjs/common';
import { credentialOf } from '@daicho/access';
import {
  AppConfig,
  BadUserInputError,
  canonicalJson,
  DomainError,
  ErrorCode,
  OperationGate,
  UnauthenticatedError,
  type GatedOperation,
  type GateAdmission,
  type GateTicket,
  type JsonValue,
} from '@daicho/platform';
import { OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { sha256 } from '../common/secret-hash';
import { ApiKeyOperationEntity } from './api-key-operation.entity';
import { API_KEY_PREFIX } from '../common/secret-hash';
import { ApiKeyLookup } from './api-key-lookup';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** How long a key's answer is kept for a retry. */
const KEPT_HOURS = 24;
/** A call still marked running after this long died with its server: a retry may run it. */
const ABANDONED_AFTER_SECONDS = 300;
/** Printable ASCII without spaces; a UUID or a ULID fits. */
/** Expired keys are swept at most this often per server, not on every call. */
const PURGE_EVERY_MS = 60_000;
const KEY_FORM = /^[\x21-\x7e]{8,200}$/;
/** Answers that say "try again", not "this is the outcome": the key is released for the retry. */
const TRANSIENT = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.THROTTLED]);

/**
 * What an integration (an API key) may run and what it already ran, decided before execution:
 * a key limited to registered operations runs those documents only (PERSISTED_QUERY_NOT_ALLOWED
 * otherwise); each of its mutations carries an `Idempotency-Key` header, scoped to the key and
 * kept 24 h — the same key and call replay the first answer without running again, the same key
 * with another call is IDEMPOTENCY_KEY_REUSED, a call while the first still runs is
 * IDEMPOTENCY_IN_PROGRESS (the Stripe / IETF draft-ietf-httpapi-idempotency-key-header rules).
 * People's calls are not gated: a session is not an integration.
 */
@Injectable()
export class IntegrationGate extends OperationGate {
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeyLookup,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext('IntegrationGate');
  }

  async admit(op: GatedOperation): Promise<GateAdmission | null> {
    const headers = (op.req as { headers?: Record<string, string | string[] | undefined> })
      ?.headers;
    const token = headers ? credentialOf(headers, this.config.CONSOLE_ENABLED) : null;
    if (!headers || !token?.startsWith(API_KEY_PREFIX)) return null;
    // An unusable key is the access guard's to refuse, with its own answer; any other failure
    // (the database) is no reason to let the call past the gate.
    const actor = await this.apiKeys.authenticate(token).catch((error: unknown) => {
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    });
    if (!actor?.id) return null;
    // The key was just read to authenticate it: whether it is allow-listed came with it.
    if (actor.operationsLimited) await this.checkAllowList(actor.id, op.source);
    if (op.operation !== OperationTypeNode.MUTATION) return null;
    // One change per call: a key's answer then tells whether its one change took effect.
    if (op.rootFields !== 1)
      throw new BadUserInputError(
        'An integration sends one mutation field per call, so each change has its own Idempotency-Key.',
        ['query'],
      );
    const apiKeyId = actor.id;
    const { key, fingerprint } = this.idempotencyOf(headers['idempotency-key'], op);
    return { claim: () => this.claim(apiKeyId, key, fingerprint) };
  }

  private async checkAllowList(apiKeyId: string, source: string): Promise<void> {
    const registered = await this.dataSource.manager.existsBy(ApiKeyOperationEntity, {
      apiKeyId,
      documentHash: sha256(source),
    });
    if (!registered)
      throw new DomainError(
        ErrorCode.PERSISTED_QUERY_NOT_ALLOWED,
        'This API key may run only the operations registered for it, sent exactly as registered (registerApiKeyOperation).',
      );
  }

  /** The key sent and the fingerprint of the call it is for; refused by name when unusable. */
  private idempotencyOf(
    sent: string | string[] | undefined,
    op: GatedOperation,
  ): { key: string; fingerprint: Buffer } {
    if (sent === undefined)
      throw new DomainError(
        ErrorCode.IDEMPOTENCY_KEY_REQUIRED,
        'An integration’s mutation needs an Idempotency-Key header (e.g. a UUID per intended change), so a retry cannot write twice.',
      );
    const key = Array.isArray(sent) ? null : sent;
    if (key === null || !KEY_FORM.test(key))
      throw new BadUserInputError(
        'Idempotency-Key must be one value of 8–200 printable ASCII characters without spaces (a UUID fits).',
        ['Idempotency-Key'],
      );
    let canonical: string;
    try {
      canonical = canonicalJson({
        query: op.source,
        operationName: op.operationName,
        variables: op.variables as JsonValue,
      });
    } catch {
      // A number JSON cannot carry (1e400 parses to Infinity): no call can be fingerprinted.
      throw new BadUserInputError('variables hold a number too large to be a value.', [
        'variables',
      ]);
    }
    return { key, fingerprint: sha256(canonical) };
  }

  private async claim(apiKeyId: string, key: string, fingerprint: Buffer): Promise<GateTicket> {
    const claimed = await this.dataSource.transaction(async (manager) => {
      const where = { apiKeyId, key };
      await manager.delete(IdempotencyKeyEntity, {
        ...where,
        expiresAt: LessThanOrEqual(new Date()),
      });
      const now = new Date();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKeyEntity)
        .values({
          ...where,
          fingerprint,
          state: 'IN_PROGRESS',
          response: null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + KEPT_HOURS * 3_600_000),
        })
        .orIgnore()
        .returning(['key'])
        .execute();
      if ((inserted.raw as unknown[]).length > 0) return true;
      const held = await manager.findOne(IdempotencyKeyEntity, {
        where,
        lock: { mode: 'pessimistic_write' },
      });
      if (!held) return false; // released between the insert and the read: try again as new
      if (!held.fingerprint.equals(fingerprint))
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          'This Idempotency-Key was used for another call (another operation or other variables): use a new key for a new change.',
        );
      if (held.state === 'DONE' && held.response)
        return { result: held.response, status: held.responseStatus ?? undefined };
      // Still running, or its server died after the change may have committed: either way it
      // must not run again under this key (the answer is unknown, not absent).
      throw new DomainError(
        ErrorCode.IDEMPOTENCY_IN_PROGRESS,
        now.getTime() - held.createdAt.getTime() < ABANDONED_AFTER_SECONDS * 1000
          ? 'A call with this Idempotency-Key is still running: retry in a moment to get its answer.'
          : 'A call with this Idempotency-Key stopped before its answer was kept: whether it took effect is unknown. Check its effect, then use a new key if it did not.',
      );
    });
    if (claimed === false) return this.claim(apiKeyId, key, fingerprint);
    if (claimed !== true) return { kind: 'replay', ...claimed };
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) void this.purgeExpired();
    return {
      kind: 'run',
      settle: (result, status) => this.settle(apiKeyId, key, result, status),
    };
  }

  /** Keys past their 24 hours, as calls come (idempotency_keys_expiry_idx finds them). */
  private async purgeExpired(): Promise<void> {
    this.lastPurge = Date.now();
    try {
      await this.dataSource
        .createQueryBuilder()
        .delete()
        .from(IdempotencyKeyEntity)
        .where('expires_at <= now()')
        .execute();
    } catch (error: unknown) {
      this.logger.warn({ err: error }, 'could not purge expired idempotency keys');
    }
  }

  /** Keeps the answer for a retry, or releases the key when the answer was "try again". */
  private async settle(
    apiKeyId: string,
    key: string,
    result: FormattedExecutionResult,
    status: number | undefined,
  ) {
    // "Try again" only when nothing was answered: with data, part of the call took effect.
    const nothingDone = result.data === null || result.data === undefined;
    const transient =
      nothingDone &&
      (result.errors ?? []).some((e) => {
        const code = e.extensions?.code;
        return TRANSIENT.has(typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR);
      });
    try {
      const running = { apiKeyId, key, state: 'IN_PROGRESS' as const };
      const keys = this.dataSource.getRepository(IdempotencyKeyEntity);
      if (transient) await keys.delete(running);
      else
        await keys.update(running, {
          state: 'DONE',
          response: { ...result },
          responseStatus: status ?? null,
        });
    } catch (error: unknown) {
      // The answer already went out; the key then stays running until it is abandoned.
      this.logger.error({ err: error }, 'could not keep the answer of an idempotent call');
    }
  }
}
