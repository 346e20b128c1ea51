import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { PDF_CONTENT_TYPE, pdfFile, type DocumentFile, fileDigest } from '@daicho/documents';
import { Ledger } from '@daicho/ledger';
import { LedgerAction, todayInJapan, type Lang } from '@daicho/platform';
import { accessReportDocument } from './access-report-document';
import { AccessReports } from './access-report.service';

/**
 * The access report as a PDF for the CPO and the auditors: the same counts as the GraphQL report,
 * the checkpoint they were counted on and how to verify it. The download is an EXPORT entry with
 * the checkpoint and the file's SHA-256, so a printed report can be matched to its file and to a
 * state of the ledger.
 */
@Injectable()
export class AccessReportPdf {
  constructor(
    private readonly reports: AccessReports,
    private readonly ledger: Ledger,
  ) {}

  async pdf(ctx: RequestContext, from: Date, to: Date, lang: Lang): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const { report, stamp, names } = await this.reports.build(tx, from, to);
      const body = await pdfFile(accessReportDocument(report, stamp, names, lang));
      await this.ledger.append(tx, {
        action: LedgerAction.EXPORT,
        targetType: 'AccessReport',
        details: {
          format: 'pdf',
          lang,
          from: from.toISOString(),
          to: to.toISOString(),
          treeSize: stamp.treeSize,
          rootHash: stamp.rootHash,
          sha256: fileDigest(body),
        },
      });
      return {
        filename: `access-report-${todayInJapan(from)}-${todayInJapan(new Date(to.getTime() - 1))}-${lang}.pdf`,
        contentType: PDF_CONTENT_TYPE,
        body,
      };
    });
  }
}
