import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@daicho/access';
import { Ledger } from '@daicho/ledger';
import {
  CONTENT_TYPES,
  csvFile,
  xlsxFile,
  type DocumentFile,
  type DocumentFormat,
} from '@daicho/documents';
import { Level } from '../catalog/catalog-enums';
import type { Lang } from '@daicho/platform';
import { CategoryService } from '../category/category.service';
import { CategoryViews } from '../category/category-views';
import type { DataCategoryModel } from '../category/data-category.model';
import { COLUMNS, labelOf, readablePeriod, type ColumnKey } from './export-labels';
import { LedgerAction, todayInJapan } from '@daicho/platform';

/** Readable column widths (characters) for the spreadsheet; long texts wrap. */
const WIDTHS: Partial<Record<ColumnKey, number>> = {
  code: 22,
  name: 28,
  items: 48,
  purposes: 48,
  legalBasis: 36,
  storage: 36,
  retention: 20,
  disposal: 30,
  risk: 26,
  remarks: 30,
};

const KEYS = Object.keys(COLUMNS) as ColumnKey[];
/** Marks special-care-required items, as the column header explains. */
const SPECIAL_CARE_MARK: Record<Lang, string> = { ja: '※', en: '*' };

/** One ledger line per category, in the language asked for. */
export function ledgerRow(c: DataCategoryModel, lang: Lang): Record<ColumnKey, string | number> {
  const join = (values: string[]) => values.join(lang === 'ja' ? '、' : '; ');
  const classification = [
    c.specialCare ? { ja: '要配慮個人情報', en: 'special-care-required' }[lang] : '',
    c.identificationCode ? { ja: '個人識別符号', en: 'identification code' }[lang] : '',
    c.myNumber ? { ja: '特定個人情報', en: 'My Number' }[lang] : '',
  ].filter(Boolean);
  return {
    code: c.code,
    name: c.name[lang],
    department: c.ownerDepartment[lang],
    manager: c.responsibleManager[lang],
    subjectType: labelOf.subject(c.subjectType, lang),
    items: join(
      c.items.map((i) => `${i.label[lang]}${i.specialCare ? SPECIAL_CARE_MARK[lang] : ''}`),
    ),
    classification: join(classification),
    purposes: join(c.purposes.map((p) => p.name[lang])),
    acquisitionMethod: join(c.acquisitionMethods.map((m) => labelOf.method(m, lang))),
    acquisitionSource: c.acquisitionSource[lang],
    legalBasis: c.legalBasis[lang],
    consent: labelOf.yesNo(c.consentRequired, lang),
    disclosureTarget: labelOf.yesNo(c.disclosureTarget, lang),
    storage: join(c.systems.map((s) => `${s.name[lang]}（${s.location[lang]}）`)),
    medium: join([...new Set(c.systems.map((s) => labelOf.medium(s.medium, lang)))]),
    records: c.approximateRecords,
    retention: `${readablePeriod(c.retentionPeriod, lang)} ${labelOf.trigger(c.retentionTrigger, lang)}`,
    disposal: c.disposalMethod[lang],
    roles: join(c.handlingRoles.map((r) => labelOf.role(r, lang))),
    entrustedTo: join(c.entrustedTo.map((r) => r.name[lang])),
    providedTo: join(c.providedTo.map((r) => r.name[lang])),
    sensitivity: labelOf.level(c.sensitivity, lang),
    severity: labelOf.level(c.accidentSeverity, lang),
    risk: c.riskAssessment.map((r) => labelOf.level(maxLevel(r), lang)).join(' / '),
    lastReviewed: c.lastReviewedAt ? todayInJapan(c.lastReviewedAt) : '',
    remarks: c.remarks?.[lang] ?? '',
  };
}

/** The stage's worst of leakage, loss and damage. */
function maxLevel(r: { leakage: Level; loss: Level; damage: Level }): Level {
  const order = [Level.LOW, Level.MEDIUM, Level.HIGH];
  return (
    order[Math.max(...[r.leakage, r.loss, r.damage].map((l) => order.indexOf(l)))] ?? Level.HIGH
  );
}

/**
 * The management ledger as files people open: CSV with a BOM (Excel in Japan reads UTF-8 then)
 * and XLSX with an overview and one sheet per department. Every export is an EXPORT entry.
 */
@Injectable()
export class InventoryExport {
  constructor(
    private readonly categories: CategoryService,
    private readonly views: CategoryViews,
    private readonly ledger: Ledger,
  ) {}

  /**
   * `deliver`, when given, hands the file over inside the export's transaction (the CLI writes it
   * there), so a file that could not be handed over leaves no EXPORT entry behind.
   */
  async export(
    ctx: RequestContext,
    format: DocumentFormat,
    lang: Lang,
    deliver?: (file: DocumentFile) => Promise<void>,
  ): Promise<DocumentFile> {
    return ctx.transaction(async (tx) => {
      const models = await this.views.toModels(tx, await this.categories.list(tx));
      const rows = models.map((m) => ledgerRow(m, lang));
      const body = format === 'csv' ? toCsv(rows, lang) : await toXlsx(models, rows, lang);
      await this.ledger.append(tx, {
        action: LedgerAction.EXPORT,
        targetType: 'InventoryExport',
        details: { format, lang, categories: rows.length, bytes: body.length },
      });
      const file = {
        filename: `daicho-inventory-${todayInJapan()}-${lang}.${format}`,
        contentType: CONTENT_TYPES[format],
        body,
      };
      await deliver?.(file);
      return file;
    });
  }
}

function toCsv(rows: Record<ColumnKey, string | number>[], lang: Lang): Buffer {
  return csvFile(
    KEYS.map((key) => ({ key, header: COLUMNS[key][lang] })),
    rows,
  );
}

async function toXlsx(
  models: DataCategoryModel[],
  rows: Record<ColumnKey, string | number>[],
  lang: Lang,
): Promise<Buffer> {
  const columns = KEYS.map((key) => ({
    key,
    header: COLUMNS[key][lang],
    width: WIDTHS[key] ?? 16,
  }));
  const departments = [...new Set(models.map((m) => m.ownerDepartment[lang]))].sort();
  return xlsxFile([
    { title: lang === 'ja' ? '一覧' : 'Overview', columns, rows },
    ...departments.map((department) => ({
      title: department,
      columns,
      rows: rows.filter((r) => r.department === department),
    })),
  ]);
}
