import type { INestApplicationContext } from '@nestjs/common';
import { parseDocumentRequest } from '@daicho/documents';
import { InventoryExport } from '@daicho/inventory';
import { BadUserInputError } from '@daicho/platform';
import { cliContext } from '../cli-operator';
import { handedOverTo, writeRecordedFile } from '../output-file';

export interface InventoryExportOptions {
  format?: string;
  lang?: string;
  out?: string;
}

/** `inventory:export`: the management ledger as CSV or XLSX, recorded as an EXPORT entry. */
export async function inventoryExport(
  app: INestApplicationContext,
  options: InventoryExportOptions,
): Promise<void> {
  const { format, lang } = parseDocumentRequest(options, {
    document: 'inventory',
    format: '--format',
    lang: '--lang',
  });
  if (!options.out) throw new BadUserInputError('--out FILE is required.', ['out']);
  const ctx = cliContext(app);
  // Published within the export's transaction: if the file cannot be written, nothing is recorded.
  const file = await writeRecordedFile(options.out, (pending) =>
    app.get(InventoryExport).export(ctx, format, lang, handedOverTo(pending)),
  );
  console.log(`Wrote ${options.out} (${file.body.length} bytes, ${format}, ${lang}).`);
}
