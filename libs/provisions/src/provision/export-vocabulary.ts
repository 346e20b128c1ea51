import type { RequestContext } from '@daicho/access';
import { isUuid } from '@daicho/platform';
import type { DocumentLang, LocalizedText } from '@daicho/documents';

/**
 * What a document needs to name things as people read them: item and category names from the
 * catalog (氏名, 所属…; the catalog is the one source of item labels), and staff by their display
 * name instead of their user id (staff act for the company; they are not the data subjects).
 */
export class ExportVocabulary {
  private constructor(
    private readonly items: Map<string, Map<string, LocalizedText>>,
    private readonly categories: Map<string, LocalizedText>,
    private readonly staff: Map<string, string>,
  ) {}

  static async load(tx: RequestContext, staffIds: readonly string[]): Promise<ExportVocabulary> {
    const rows = await tx.manager.query<
      { code: string; name: LocalizedText; items: { key: string; label: LocalizedText }[] }[]
    >(`SELECT code, name, items FROM data_categories`);
    const ids = [...new Set(staffIds.filter((id) => isUuid(id)))];
    const users = ids.length
      ? await tx.manager.query<{ id: string; display_name: string; email: string }[]>(
          `SELECT id, display_name, email FROM users WHERE id = ANY($1::uuid[])`,
          [ids],
        )
      : [];
    return new ExportVocabulary(
      new Map(rows.map((c) => [c.code, new Map(c.items.map((i) => [i.key, i.label]))])),
      new Map(rows.map((c) => [c.code, c.name])),
      new Map(users.map((u) => [u.id, u.display_name.trim() || u.email])),
    );
  }

  /** An item's label, looked up in the categories the record is about first. */
  item(key: string, categoryCodes: readonly string[], lang: DocumentLang): string {
    for (const code of [...categoryCodes, ...this.items.keys()]) {
      const label = this.items.get(code)?.get(key);
      if (label) return label[lang];
    }
    return key;
  }

  category(code: string, lang: DocumentLang): string {
    return this.categories.get(code)?.[lang] ?? code;
  }

  /** A staff member's display name; text that is not a user id (a name typed in) as it is. */
  person(idOrName: string): string {
    return this.staff.get(idOrName) ?? idOrName;
  }
}
