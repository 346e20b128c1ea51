import type { ItemValueType } from '../catalog/catalog-enums';
import type { Localized } from '../catalog/localized-text';

/** One item of a category (氏名, 住所, 個人番号…) and what the law says about it. */
export interface DataItem {
  key: string;
  label: Localized;
  valueType: ItemValueType;
  required: boolean;
  /** 要配慮個人情報 (APPI art. 2(3)): race, creed, medical history, criminal record… */
  specialCare: boolean;
  /** Identifies a person by itself: 個人識別符号 (APPI art. 2(2)), e.g. a pension number. */
  identifiesAlone: boolean;
  /** 個人番号 (My Number Act): handled only for the statutory procedures. */
  myNumber: boolean;
  /**
   * Misuse may cause property damage (a bank account, a card number): PPC Rule 7(ii) makes a
   * leak of it reportable from one person. Absent in catalogs from before the flag: false.
   */
  financialDamageRisk?: boolean;
}

export interface CategoryClassification {
  specialCare: boolean;
  identificationCode: boolean;
  myNumber: boolean;
}

/** A category's legal classification follows from its items; it is never typed separately. */
export function classify(items: readonly DataItem[]): CategoryClassification {
  return {
    specialCare: items.some((i) => i.specialCare),
    identificationCode: items.some((i) => i.identifiesAlone || i.myNumber),
    myNumber: items.some((i) => i.myNumber),
  };
}
