import { randomBytes } from 'node:crypto';
import { policySubject, type RequestContext } from '@daicho/access';
import { dataKeysOf, type HoldingsKeys, open, seal } from '@daicho/holdings';
import { SubjectErasedError } from '@daicho/platform';
import type { ConsentRow } from './consent.dto';

/**
 * A consent's evidence is free text about a person ("form signed at hiring, kept in HR cabinet 3"):
 * it is sealed under the person's data key, bound to the consent, so erasing the person shreds it
 * (APPI art. 35; the ledger and the consent row keep only that evidence existed).
 */
const boundTo = (consentId: string) => `consent:${consentId}:evidence`;

export function sealEvidence(dataKey: Buffer, consentId: string, text: string): Buffer {
  return seal(dataKey, Buffer.from(text, 'utf8'), boundTo(consentId));
}

/** Sealed under a key nobody keeps: what a clear text of an erased person becomes. */
export function shredEvidence(consentId: string, text: string): Buffer {
  return sealEvidence(randomBytes(32), consentId, text);
}

/**
 * The text is for those who handle the person's category (they record and withdraw consents) and
 * the CPO (the person's requests); the auditor sees that evidence exists, not what it says.
 */
export function mayReadEvidence(ctx: RequestContext, categoryCode: string): boolean {
  return (
    ctx.ability.can('update', policySubject('Consent', { categoryCode })) ||
    ctx.ability.can('read', 'DataSubject')
  );
}

/** The evidence of each row the caller may read; null where not theirs to read or erased. */
export async function evidenceOf(
  ctx: RequestContext,
  tx: RequestContext,
  keys: HoldingsKeys,
  rows: ConsentRow[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>(rows.map((r) => [r.id, null]));
  const readable = rows.filter((r) => mayReadEvidence(ctx, r.category_code));
  const sealed = readable.filter((r) => r.evidence_sealed);
  const subjectIds = [...new Set(sealed.map((r) => r.subject_id))];
  const live = subjectIds.length
    ? await tx.manager.query<{ id: string }[]>(
        `SELECT id FROM data_subjects WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`,
        [subjectIds],
      )
    : [];
  const dataKeys = live.length
    ? await dataKeysOf(
        tx,
        keys,
        live.map((s) => s.id),
      ).catch((error: unknown) => {
        // Erased in the meantime: nothing to read. Any other failure is not swallowed.
        if (error instanceof SubjectErasedError) return new Map<string, Buffer>();
        throw error;
      })
    : new Map<string, Buffer>();
  for (const row of readable) {
    if (row.evidence !== null) {
      out.set(row.id, row.evidence);
      continue;
    }
    const key = dataKeys.get(row.subject_id);
    if (!key || !row.evidence_sealed) continue;
    out.set(row.id, open(key, row.evidence_sealed, boundTo(row.id)).toString('utf8'));
  }
  return out;
}
