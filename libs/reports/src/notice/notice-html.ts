import { dateTimeText, yenText, type LocalizedText } from '@daicho/documents';
import type { Lang } from '@daicho/platform';
import { NOTICE } from './notice-text';
import type { PublicNotice } from './public-notice';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Every text from the catalog or the configuration is escaped: a name cannot become markup. */
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** The public notice as a plain HTML page: no script, no style, nothing from elsewhere. */
export function noticeHtml(notice: PublicNotice, lang: Lang): string {
  const l = (text: LocalizedText) => esc(text[lang]);
  const other = lang === 'ja' ? 'en' : 'ja';
  const purposes = notice.categories
    .map(
      (c) =>
        `<li><strong>${l(c.name)}</strong><ul>${c.purposes.map((p) => `<li>${l(p)}</li>`).join('')}</ul></li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${l(NOTICE.title)} | ${l(notice.operator.name)}</title></head>
<body>
<p><a href="/public/notice?lang=${other}">${other === 'en' ? 'English' : '日本語'}</a> · <a href="/public/notice.pdf?lang=${lang}">PDF</a></p>
<h1>${l(NOTICE.title)}</h1>
<p>${l(NOTICE.lead)}</p>
<h2>${l(NOTICE.operator)}</h2>
<dl><dt>${l(NOTICE.name)}</dt><dd>${l(notice.operator.name)}</dd>
<dt>${l(NOTICE.representative)}</dt><dd>${l(notice.operator.representative)}</dd>
<dt>${l(NOTICE.address)}</dt><dd>${l(notice.operator.address)}</dd></dl>
<h2>${l(NOTICE.purposes)}</h2>
<ul>${purposes}</ul>
<h2>${l(NOTICE.procedure)}</h2>
<p>${l(NOTICE.procedureText)}</p>
<dl><dt>${l(NOTICE.office)}</dt><dd>${l(notice.office.name)}<br>${l(notice.office.address)}<br>${esc(notice.office.email)}</dd>
<dt>${l(NOTICE.fee)}</dt><dd>${esc(yenText(notice.feeYen, lang))}（${l(NOTICE.feeText)}）</dd></dl>
<h2>${l(NOTICE.security)}</h2>
<p>${l(NOTICE.securityCommon)}</p>
<ul>${notice.securityMeasures.map((m) => `<li>${l(m)}</li>`).join('')}</ul>
<h2>${l(NOTICE.complaints)}</h2>
<p>${l(NOTICE.complaintsText)}</p>
${notice.asOf ? `<p><small>${l(NOTICE.asOf)}: ${esc(dateTimeText(notice.asOf, lang))}</small></p>` : ''}
</body>
</html>
`;
}
