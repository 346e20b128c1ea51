import { DRAFT_ITEMS } from './report-draft';
import type { ReportData } from './report-data';
import { REPORT_ITEMS } from './report-labels';

export const REPORT_JSON_FORMAT = 'daicho-incident-report/1';

/**
 * The report as JSON, for the PPC's online form or another system: the same facts as the PDF,
 * with codes where the PDF has words, the nine items in Rule 8(1) order with their labels, the
 * scope's counts and codes, and the ledger checkpoint they were read at.
 */
export function reportJson(data: ReportData): Buffer {
  const document = {
    format: REPORT_JSON_FORMAT,
    number: data.number,
    stage: data.stage,
    madeOn: data.madeOn,
    incident: {
      kind: data.kind,
      cause: data.cause,
      wrongfulPurpose: data.wrongfulPurpose,
      discoveredAt: data.discoveredAt.toISOString(),
      awareAt: data.awareAt.toISOString(),
      preliminaryDueOn: data.preliminaryDueOn,
      preliminaryOverdueOn: data.preliminaryOverdueOn,
      finalDueOn: data.finalDueOn,
      finalDueBusinessDay: data.finalDueBusinessDay,
    },
    reportability: data.reportability,
    scope: data.scope,
    draft: {
      version: data.draftVersion,
      editedAt: data.draftEditedAt?.toISOString() ?? null,
    },
    report: DRAFT_ITEMS.map((item) => ({
      item,
      label: REPORT_ITEMS[item],
      value: data.draft[item],
    })),
    checkpoint: {
      origin: data.checkpoint.origin,
      treeSize: data.checkpoint.treeSize,
      rootHash: data.checkpoint.rootHash,
      signedAt: data.checkpoint.signedAt.toISOString(),
      keyName: data.checkpoint.keyName,
      signature: data.checkpoint.signature ?? null,
    },
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
