import { Injectable } from '@nestjs/common';
import { assertAllowed, type RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  BadUserInputError,
  decodeTextCursor,
  encodeCursor,
  NotFoundError,
  LedgerAction,
  pageOf,
  returnedRow,
  type Page,
} from '@daicho/platform';
import { PartyKind } from '../provision-enums';
import type { CreatePartyInput, PartyRow } from './party.dto';

/** Third parties and contractors, as the art. 29 records and contracts must name them. */
@Injectable()
export class PartyService {
  constructor(private readonly ledger: Ledger) {}

  async create(ctx: RequestContext, input: CreatePartyInput): Promise<PartyRow> {
    await assertAllowed(ctx, 'create', 'Party');
    return ctx.transaction(async (tx) => {
      if (input.recipientCode) {
        const [recipient] = await tx.manager.query<{ kind: string }[]>(
          `SELECT kind FROM recipients WHERE code = $1 AND retired_at IS NULL`,
          [input.recipientCode],
        );
        if (!recipient || recipient.kind !== String(input.kind)) {
          throw new BadUserInputError(
            `recipientCode is not an active ${input.kind} recipient of the catalog.`,
            ['recipientCode'],
          );
        }
      }
      const row = returnedRow(
        await tx.manager.query<PartyRow[]>(
          `INSERT INTO parties (kind, name, address, representative, country, party_type, recipient_code, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [
            input.kind,
            input.name,
            input.address,
            input.representative,
            input.country,
            input.partyType,
            input.recipientCode ?? null,
            ctx.actor.id,
          ],
        ),
        'INSERT INTO parties',
      );
      await this.ledger.append(tx, {
        action: LedgerAction.CREATE,
        targetType: 'Party',
        targetId: row.id,
        details: { kind: row.kind, country: row.country },
      });
      return row;
    });
  }

  /** Parties by name, a keyset page of (name, id). */
  async list(
    ctx: RequestContext,
    kind: PartyKind | undefined,
    page: { first: number; after?: string },
  ): Promise<Page<PartyRow>> {
    await assertAllowed(ctx, 'read', 'Party');
    const cursor = page.after ? decodeTextCursor(page.after) : null;
    const rows = await ctx.manager.query<PartyRow[]>(
      `SELECT * FROM parties WHERE ($1::text IS NULL OR kind = $1)
          AND ($2::text IS NULL OR (name, id) > ($2::text, $3::uuid))
        ORDER BY name, id LIMIT $4`,
      [kind ?? null, cursor?.sortKey ?? null, cursor?.id ?? null, page.first + 1],
    );
    return pageOf(
      rows,
      page.first,
      (row) => encodeCursor(row.name, row.id),
      (row) => row,
    );
  }

  async get(ctx: RequestContext, id: string, kind: PartyKind, field: string): Promise<PartyRow> {
    const [row] = await ctx.manager.query<PartyRow[]>(`SELECT * FROM parties WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError(`There is no party ${id}.`);
    if (row.kind !== kind) {
      throw new BadUserInputError(`Party ${id} is not a ${kind.toLowerCase().replace('_', ' ')}.`, [
        field,
      ]);
    }
    return row;
  }
}
