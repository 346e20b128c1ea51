import { writeFile } from 'node:fs/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { LANGS, type Lang } from '@daicho/inventory';
import { BadUserInputError } from '@daicho/platform';
import { ProvisionExport } from '@daicho/provisions';
import { cliContext } from '../cli-operator';

export interface ProvisionExportOptions {
  format?: string;
  lang?: string;
  out?: string;
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `provisions:export`: the art. 29/30 records as CSV or XLSX, recorded as an EXPORT entry. */
export async function provisionsExport(
  app: INestApplicationContext,
  options: ProvisionExportOptions,
): Promise<void> {
  const format = options.format ?? 'xlsx';
  const lang = options.lang ?? 'ja';
  if (format !== 'csv' && format !== 'xlsx') {
    throw new BadUserInputError('--format must be csv or xlsx.', ['format']);
  }
  if (!LANGS.includes(lang as Lang))
    throw new BadUserInputError('--lang must be ja or en.', ['lang']);
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const) {
    if (value !== undefined && !DATE.test(value)) {
      throw new BadUserInputError(`--${name} must be a date such as 2026-11-26.`, [name]);
    }
  }
  if (!options.out) throw new BadUserInputError('--out FILE is required.', ['out']);
  const ctx = cliContext(app);
  const file = await app.get(ProvisionExport).export(ctx, format, lang as Lang, {
    from: options.from,
    to: options.to,
  });
  await writeFile(options.out, file.body);
  console.log(`Wrote ${options.out} (${file.body.length} bytes, ${format}, ${lang}).`);
}
