import type { INestApplicationContext } from '@nestjs/common';
import { parseDocumentRequest } from '@daicho/documents';
import { BadUserInputError, calendarDate } from '@daicho/platform';
import { ProvisionExport } from '@daicho/provisions';
import { cliContext } from '../cli-operator';
import { handedOverTo, writeRecordedFile } from '../output-file';

export interface ProvisionExportOptions {
  format?: string;
  lang?: string;
  out?: string;
  from?: string;
  to?: string;
}

/** `provisions:export`: the art. 29/30 records as CSV or XLSX, recorded as an EXPORT entry. */
export async function provisionsExport(
  app: INestApplicationContext,
  options: ProvisionExportOptions,
): Promise<void> {
  const { format, lang } = parseDocumentRequest(options, {
    document: 'records',
    format: '--format',
    lang: '--lang',
  });
  // The same date rule as the HTTP route: a real calendar date (2026-02-30 is refused).
  const range = {
    from:
      options.from === undefined
        ? undefined
        : calendarDate(options.from, '--from', { future: true }),
    to: options.to === undefined ? undefined : calendarDate(options.to, '--to', { future: true }),
  };
  if (!options.out) throw new BadUserInputError('--out FILE is required.', ['out']);
  const ctx = cliContext(app);
  // Published within the export's transaction: if the file cannot be written, nothing is recorded.
  const file = await writeRecordedFile(options.out, (pending) =>
    app.get(ProvisionExport).export(ctx, format, lang, range, handedOverTo(pending)),
  );
  console.log(`Wrote ${options.out} (${file.body.length} bytes, ${format}, ${lang}).`);
}
