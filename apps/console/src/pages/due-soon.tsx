import { allNodes, gql } from '../api';
import { formatNumber, text, type Lang } from '../i18n';
import { dayInJapan } from '../japan-time';

// What falls due soon, on the dashboard: reviews, supervision, disposals, corrective actions.

export interface Due {
  reviews: { code: string; name: { ja: string; en: string } }[];
  supervision: { contractorName: string; title: string; dueOn: string; overdue: boolean }[];
  disposals: Map<string, number>;
  actions: { id: string; dueOn: string }[];
}

/** What falls due within 30 days: each asked on its own, so one refused does not hide the rest. */
export async function loadDue(): Promise<Due> {
  const quietly = <T,>(p: Promise<T>, fallback: T) => p.catch(() => fallback);
  const [reviews, supervision, disposals, actions] = await Promise.all([
    quietly(
      gql<{ categoriesDueForReview: Due['reviews'] }>(
        '{ categoriesDueForReview { code name { ja en } } }',
      ).then((d) => d.categoriesDueForReview),
      [],
    ),
    quietly(
      allNodes<Due['supervision'][number]>(
        `query($after: String) { supervisionDue(withinDays: 30, first: 100, after: $after) {
          edges { node { contractorName title dueOn overdue } } pageInfo { endCursor hasNextPage } } }`,
        'supervisionDue',
      ),
      [],
    ),
    quietly(
      allNodes<{ categoryCode: string }>(
        `query($after: String) { retentionDue(withinDays: 30, first: 100, after: $after) {
          edges { node { categoryCode } } pageInfo { endCursor hasNextPage } } }`,
        'retentionDue',
      ).then((due) => {
        const counts = new Map<string, number>();
        for (const r of due) counts.set(r.categoryCode, (counts.get(r.categoryCode) ?? 0) + 1);
        return counts;
      }),
      new Map<string, number>(),
    ),
    quietly(
      gql<{ correctiveActions: { edges: { node: { id: string; dueOn: string } }[] } }>(
        '{ correctiveActions(filter: { open: true }) { edges { node { id dueOn } } } }',
      ).then((d) => d.correctiveActions.edges.map((e) => e.node)),
      [],
    ),
  ]);
  return { reviews, supervision, disposals, actions };
}

export function DueSoon({ lang, due }: { lang: Lang; due: Due }) {
  const empty =
    due.reviews.length + due.supervision.length + due.disposals.size + due.actions.length === 0;
  return (
    <section className="card" aria-labelledby="due">
      <h2 id="due">{text(lang, 'dueSoon')}</h2>
      {empty ? (
        <p className="empty">{text(lang, 'nothingDue')}</p>
      ) : (
        <ul>
          {due.reviews.map((c) => (
            <li key={`r-${c.code}`}>
              {text(lang, 'categoryReview')}: {c.name[lang]}
            </li>
          ))}
          {due.supervision.map((s) => (
            <li
              key={`s-${s.contractorName}-${s.title}`}
              className={s.overdue ? 'error' : undefined}
            >
              {text(lang, 'supervision')}: {s.contractorName} — {s.title} ({s.dueOn})
            </li>
          ))}
          {[...due.disposals].map(([code, n]) => (
            <li key={`d-${code}`}>
              {text(lang, 'disposals')}: {code} × {formatNumber(lang, n)}
            </li>
          ))}
          {due.actions.map((a) => (
            <li key={`a-${a.id}`} className={a.dueOn < dayInJapan() ? 'error' : undefined}>
              {text(lang, 'correctiveAction')}: {a.dueOn}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
