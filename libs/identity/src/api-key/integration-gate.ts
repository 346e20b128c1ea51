import { Inject, Injectable } from '@nestjs/common';
import { credentialOf } from '@daicho/access';
import {
  AppConfig,
  BadUserInputError,
  canonicalJson,
  DomainError,
  ErrorCode,
  OperationGate,
  type GatedOperation,
  type GateTicket,
  type JsonValue,
} from '@daicho/platform';
import { OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { sha256 } from '../common/secret-hash';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyOperationEntity } from './api-key-operation.entity';
import { API_KEY_PREFIX, ApiKeyService } from './api-key.service';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** How long a key's answer is kept for a retry (SECURITY-TESTS T37). */
const KEPT_HOURS = 24;
/** A call still marked running after this long died with its server: a retry may run it. */
const ABANDONED_AFTER_SECONDS = 300;
/** Printable ASCII without spaces; a UUID or a ULID fits. */
const KEY_FORM = /^[\x21-\x7e]{8,200}$/;
/** Answers that say "try again", not "this is the outcome": the key is released for the retry. */
const TRANSIENT = new Set(['INTERNAL_SERVER_ERROR', 'THROTTLED', 'SERVICE_UNAVAILABLE']);

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
  constructor(
    private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeyService,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext('IntegrationGate');
  }

  async admit(op: GatedOperation): Promise<GateTicket> {
    const headers = (op.req as { headers?: Record<string, string | string[] | undefined> })
      ?.headers;
    const token = headers ? credentialOf(headers, this.config.CONSOLE_ENABLED) : null;
    if (!headers || !token?.startsWith(API_KEY_PREFIX)) return null;
    // An unusable key is the access guard's to refuse, with its own answer.
    const actor = await this.apiKeys.authenticate(token).catch(() => null);
    if (!actor?.id) return null;
    await this.checkAllowList(actor.id, op.source);
    if (op.operation !== OperationTypeNode.MUTATION) return null;
    return this.claim(actor.id, headers['idempotency-key'], op);
  }

  private async checkAllowList(apiKeyId: string, source: string): Promise<void> {
    const key = await this.dataSource.manager.findOneBy(ApiKeyEntity, { id: apiKeyId });
    if (!key?.allowListed) return;
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

  private async claim(
    apiKeyId: string,
    sent: string | string[] | undefined,
    op: GatedOperation,
  ): Promise<GateTicket> {
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
    const fingerprint = sha256(
      canonicalJson({
        query: op.source,
        operationName: op.operationName,
        variables: op.variables as JsonValue,
      }),
    );
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
      if (held.state === 'DONE' && held.response) return held.response;
      if (now.getTime() - held.createdAt.getTime() < ABANDONED_AFTER_SECONDS * 1000)
        throw new DomainError(
          ErrorCode.IDEMPOTENCY_IN_PROGRESS,
          'A call with this Idempotency-Key is still running: retry in a moment to get its answer.',
        );
      await manager.update(IdempotencyKeyEntity, where, { createdAt: now });
      return true;
    });
    if (claimed === false) return this.claim(apiKeyId, sent, op);
    if (claimed !== true) return { kind: 'replay', result: claimed };
    return { kind: 'run', settle: (result) => this.settle(apiKeyId, key, result) };
  }

  /** Keeps the answer for a retry, or releases the key when the answer was "try again". */
  private async settle(apiKeyId: string, key: string, result: FormattedExecutionResult) {
    const transient = (result.errors ?? []).some((e) => {
      const code = e.extensions?.code;
      return TRANSIENT.has(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    });
    try {
      const running = { apiKeyId, key, state: 'IN_PROGRESS' as const };
      const keys = this.dataSource.getRepository(IdempotencyKeyEntity);
      if (transient) await keys.delete(running);
      else await keys.update(running, { state: 'DONE', response: { ...result } });
    } catch (error: unknown) {
      // The answer already went out; the key then stays running until it is abandoned.
      this.logger.error({ err: error }, 'could not keep the answer of an idempotent call');
    }
  }
}
