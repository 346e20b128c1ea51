import { dateText, labelOf, type PdfBlock } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import type { LetterData } from './letter-data';
import { t } from './letter-frame';

type Decision = NonNullable<LetterData['decision']>;

const TEXT = {
  outcome: t('決定', 'Decision'),
  decidedOn: t('決定日', 'Decided on'),
  reasons: t('理由（法36条）', 'Reasons (art. 36)'),
  exemption: t(
    '保有個人データに該当しないもの（法16条4項）',
    'Not retained personal data (art. 16(4))',
  ),
  withheld: t('応じられない部分', 'The part we cannot meet'),
  withheldCategories: t('次の区分の個人データ全体', 'All personal data in these categories'),
  withheldItems: t('次の項目', 'These items'),
  exemptionHow: t(
    '次に該当する個人データは保有個人データに当たらないため、その存否を含めてお答えできません。',
    'Personal data of the following kind is not retained personal data, so we cannot say whether any exists.',
  ),
};

/** The decision and its date, as two field rows. */
export const decisionFields = (decision: Decision, lang: Lang) => [
  { label: TEXT.outcome[lang], value: labelOf('requestOutcome', decision.outcome, lang) },
  { label: TEXT.decidedOn[lang], value: dateText(decision.decidedOn, lang) },
];

/**
 * Every ground, the part held back and the exemption, labelled: the law asks the company to
 * explain why it does not (fully) do what the person asked (APPI art. 36).
 */
export function reasonBlocks(decision: Decision, lang: Lang): PdfBlock[] {
  const blocks: PdfBlock[] = [];
  if (decision.grounds.length > 0) {
    blocks.push(
      { kind: 'heading', text: TEXT.reasons[lang] },
      {
        kind: 'list',
        items: decision.grounds.map((g) => labelOf('refusalGround', g, lang)),
      },
    );
  }
  const part = decision.withheld;
  if (part) {
    blocks.push({ kind: 'heading', text: TEXT.withheld[lang], level: 2 });
    if (part.categories.length > 0)
      blocks.push(
        { kind: 'paragraph', text: TEXT.withheldCategories[lang] },
        { kind: 'list', items: part.categories.map((c) => c[lang]) },
      );
    if (part.items.length > 0)
      blocks.push(
        { kind: 'paragraph', text: TEXT.withheldItems[lang] },
        { kind: 'list', items: part.items.map((i) => i[lang]) },
      );
  }
  if (decision.exemption) {
    blocks.push(
      { kind: 'heading', text: TEXT.exemption[lang], level: 2 },
      { kind: 'paragraph', text: TEXT.exemptionHow[lang] },
      { kind: 'list', items: [labelOf('disclosureExemption', decision.exemption, lang)] },
    );
  }
  return blocks;
}
