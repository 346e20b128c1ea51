import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import {
  PDF_CONTENT_TYPE,
  pdfFile,
  type DocumentFile,
  type LocalizedText,
  type PdfBlock,
  fileDigest,
} from '@daicho/documents';
import { CategoryService, CategoryViews, COLUMNS, ledgerRow } from '@daicho/inventory';
import { CheckpointStamps, Ledger } from '@daicho/ledger';
import { LedgerAction, todayInJapan, type Lang } from '@daicho/platform';

const t = (ja: string, en: string): LocalizedText => ({ ja, en });
const TEXT = {
  title: t('個人情報管理台帳', 'Personal information management ledger'),
  lead: t(
    '当社が取り扱う個人情報の区分ごとに、項目、利用目的、取得方法、保管、保存期間、廃棄、委託・提供、リスク評価を記載した台帳です（JIS Q 15001 A.3.3.1）。作成時点の台帳（アクセス記録）のチェックポイントを末尾に記載します。',
    'The ledger of every category of personal information the company handles: its items, purposes, acquisition, storage, retention, disposal, entrustment and provision, and risk assessment (JIS Q 15001 A.3.3.1). The ledger checkpoint current when it was made is printed at the end.',
  ),
  overview: t('一覧', 'Overview'),
  madeOn: t('作成日', 'Made on'),
};
const OVERVIEW = ['code', 'name', 'department', 'records', 'retention'] as const;

/**
 * The management ledger (個人情報管理台帳) as a PDF for the CPO and the auditors: an overview, then
 * every category with every column of the CSV/XLSX export (one source: `ledgerRow`), and the
 * ledger checkpoint it was made on. The download is an EXPORT entry with the file's SHA-256.
 */
@Injectable()
export class ManagementLedgerPdf {
  constructor(
    private readonly categories: CategoryService,
    private readonly views: CategoryViews,
    private readonly stamps: CheckpointStamps,
    private readonly ledger: Ledger,
  ) {}

  async pdf(ctx: RequestContext, lang: Lang): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const models = await this.views.toModels(tx, await this.categories.list(tx));
      const rows = models.map((m) => ledgerRow(m, lang));
      const stamp = await this.stamps.latest(tx.manager);
      const l = (text: LocalizedText) => text[lang];
      const blocks: PdfBlock[] = [
        { kind: 'fields', rows: [{ label: l(TEXT.madeOn), value: todayInJapan() }] },
        { kind: 'paragraph', text: l(TEXT.lead) },
        { kind: 'heading', text: l(TEXT.overview), level: 2 },
        {
          kind: 'table',
          columns: OVERVIEW.map((key) => ({
            header: COLUMNS[key][lang],
            width: key === 'name' ? 3 : key === 'retention' ? 2 : 1.4,
          })),
          rows: rows.map((r) => OVERVIEW.map((key) => String(r[key]))),
        },
        ...rows.flatMap((r): PdfBlock[] => [
          { kind: 'heading', text: `${r.name}（${r.code}）`, level: 2 },
          {
            kind: 'fields',
            rows: (Object.keys(COLUMNS) as (keyof typeof COLUMNS)[])
              .filter((key) => key !== 'code' && key !== 'name')
              .map((key) => ({ label: COLUMNS[key][lang], value: String(r[key]) || '—' })),
          },
        ]),
        { kind: 'checkpoint', stamp },
      ];
      const body = await pdfFile({ title: l(TEXT.title), lang, blocks, footer: l(TEXT.title) });
      await this.ledger.append(tx, {
        action: LedgerAction.EXPORT,
        targetType: 'ManagementLedger',
        details: {
          format: 'pdf',
          lang,
          categories: rows.length,
          treeSize: stamp.treeSize,
          rootHash: stamp.rootHash,
          sha256: fileDigest(body),
        },
      });
      return {
        filename: `management-ledger-${todayInJapan()}-${lang}.pdf`,
        contentType: PDF_CONTENT_TYPE,
        body,
      };
    });
  }
}
