import { writeFile } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import {
  EXPORT_FORMATS,
  InventoryExport,
  LANGS,
  type ExportFormat,
  type Lang,
} from '@daicho/inventory';
import { BadUserInputError } from '@daicho/platform';
import { cliContext } from '../cli-operator';

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
  const format = options.format ?? 'xlsx';
  const lang = options.lang ?? 'ja';
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
    throw new BadUserInputError('--format must be csv or xlsx.', ['format']);
  }
  if (!LANGS.includes(lang as Lang))
    throw new BadUserInputError('--lang must be ja or en.', ['lang']);
  if (!options.out) throw new BadUserInputError('--out FILE is required.', ['out']);
  const ctx = cliContext(app);
  const file = await app.get(InventoryExport).export(ctx, format as ExportFormat, lang as Lang);
  await writeFile(options.out, file.body);
  console.log(`Wrote ${options.out} (${file.body.length} bytes, ${format}, ${lang}).`);
}
