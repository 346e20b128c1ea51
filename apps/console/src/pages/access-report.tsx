import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, download, gql } from '../api';
import { ChartCanvas } from '../chart';
import { formFields } from '../form';
import { formatNumber, formatTime, text, type Lang } from '../i18n';
import { dayInJapan, daysAgoInJapan, endOfDayInJapan, startOfDayInJapan } from '../japan-time';
import {
  ENTRIES,
  REPORT,
  type Actor,
  type Anomaly,
  type Entry,
  type Label,
  type Report,
} from './access-report-data';

/** Who read what: the heat map, purposes, days, and the anomalies with their entries. */
export function AccessReport({ lang }: { lang: Lang }) {
  const [period, setPeriod] = useState(() => ({
    from: daysAgoInJapan(30),
    to: dayInJapan(),
  }));
  const [report, setReport] = useState<Report | null>(null);
  const [actions, setActions] = useState<Map<string, Label>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ anomaly: Anomaly; entries: Entry[] } | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const data = await gql<{
        accessReport: Report;
        ledgerActionLabels: { action: string; label: Label }[];
      }>(REPORT, {
        from: startOfDayInJapan(period.from),
        to: endOfDayInJapan(period.to),
      });
      setReport(data.accessReport);
      setActions(new Map(data.ledgerActionLabels.map((a) => [a.action, a.label])));
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'FORBIDDEN' ? text(lang, 'forbidden') : String(e),
      );
    }
  }, [period, lang]);
  useEffect(() => void load(), [load]);

  const heat = useMemo(() => {
    if (!report) return null;
    const actors = [...new Map(report.byActorCategory.map((c) => [c.actor.id, c.actor])).values()];
    const categories = [
      ...new Set(report.byActorCategory.map((c) => c.categoryCode ?? '—')),
    ].sort();
    const cell = new Map(
      report.byActorCategory.map((c) => [`${c.actor.id}|${c.categoryCode ?? '—'}`, c]),
    );
    const names = new Map(
      report.byActorCategory.map((c) => [c.categoryCode ?? '—', c.categoryName]),
    );
    const max = Math.max(
      1,
      ...report.byActorCategory.map((c) => c.reads + c.exports + c.provisions),
    );
    return { actors, categories, cell, max, names };
  }, [report]);
  const dayChart = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: report?.byDay.map((d) => d.day) ?? [],
        datasets: [
          {
            label: text(lang, 'reads'),
            data: report?.byDay.map((d) => d.reads) ?? [],
            backgroundColor: '#3b6ea5',
          },
          {
            label: text(lang, 'exports'),
            data: report?.byDay.map((d) => d.exports) ?? [],
            backgroundColor: '#d08b2c',
          },
          {
            label: text(lang, 'denials'),
            data: report?.byDay.map((d) => d.denials) ?? [],
            backgroundColor: '#b83232',
          },
        ],
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true } } },
    }),
    [report, lang],
  );

  const showEntries = async (anomaly: Anomaly) => {
    const data = await gql<{ ledgerEntries: { edges: { node: Entry }[] } }>(ENTRIES, {
      filter: { actorId: anomaly.actor.id, from: anomaly.from, to: anomaly.to },
    });
    setDrill({ anomaly, entries: data.ledgerEntries.edges.map((e) => e.node) });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field = formFields(event);
    setPeriod({ from: field('from'), to: field('to') });
  };
  const who = (a: Actor) => a.name ?? a.id.slice(0, 8);
  const names = useMemo(
    () => ({
      categories: new Map(
        (report?.byActorCategory ?? []).map((c) => [c.categoryCode ?? '', c.categoryName]),
      ),
      purposes: new Map((report?.byPurpose ?? []).map((p) => [p.purposeCode ?? '', p.purposeName])),
    }),
    [report],
  );
  /** Downloads through fetch (the session's header), each an EXPORT entry on the server. */
  const save = (path: string, name: string) =>
    void download(path, name).catch(() => setError(text(lang, 'downloadFailed')));

  return (
    <div>
      <form className="card row" onSubmit={submit}>
        <label>
          {text(lang, 'from')}
          <input type="date" name="from" defaultValue={period.from} required />
        </label>
        <label>
          {text(lang, 'to')}
          <input type="date" name="to" defaultValue={period.to} required />
        </label>
        <button type="submit">{text(lang, 'show')}</button>
        <button
          type="button"
          onClick={() => {
            const query = `from=${encodeURIComponent(startOfDayInJapan(period.from))}&to=${encodeURIComponent(endOfDayInJapan(period.to))}&lang=${lang}`;
            save(`/reports/access.pdf?${query}`, `access-report-${period.from}-${period.to}.pdf`);
          }}
        >
          {text(lang, 'accessReportPdf')}
        </button>
        <button
          type="button"
          onClick={() =>
            save(
              `/reports/provisions.pdf?from=${period.from}&to=${period.to}&lang=${lang}`,
              `provisions-${period.from}-${period.to}.pdf`,
            )
          }
        >
          {text(lang, 'provisionsPdf')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && heat && (
        <>
          <p className="basis">
            {text(lang, 'basis')}: {formatNumber(lang, report.basis.treeSize)} /{' '}
            <span className="hash">{report.basis.rootHash}</span>
          </p>
          <section className="card" aria-labelledby="anomalies">
            <h2 id="anomalies">{text(lang, 'anomalies')}</h2>
            {report.anomalies.length === 0 ? (
              <p className="empty">{text(lang, 'noAnomalies')}</p>
            ) : (
              <ul className="anomalies">
                {report.anomalies.map((a, n) => (
                  <li key={n} data-kind={a.kind}>
                    <strong>{a.day}</strong> — {who(a.actor)}:{' '}
                    {lang === 'ja' ? a.reasonJa : a.reason}{' '}
                    <button type="button" onClick={() => void showEntries(a)}>
                      {text(lang, 'drillDown')} ({formatNumber(lang, a.entries)})
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {drill && (
              <table aria-label={text(lang, 'entries')}>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{text(lang, 'recordedAt')}</th>
                    <th>{text(lang, 'action')}</th>
                    <th>{text(lang, 'outcome')}</th>
                    <th>{text(lang, 'category')}</th>
                    <th>{text(lang, 'purpose')}</th>
                  </tr>
                </thead>
                <tbody>
                  {drill.entries.map((e) => (
                    <tr key={e.seq}>
                      <td className="num">{e.seq}</td>
                      <td>{formatTime(lang, e.recordedAt)}</td>
                      <td>{actions.get(e.action)?.[lang] ?? e.action}</td>
                      <td>{text(lang, e.outcome === 'DENIED' ? 'denied' : 'allowed')}</td>
                      <td>
                        {names.categories.get(e.categoryCode ?? '')?.[lang] ?? e.categoryCode}
                      </td>
                      <td>{names.purposes.get(e.purposeCode ?? '')?.[lang] ?? e.purposeCode}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {report.byDay.length === 0 ? (
            <p className="empty">{text(lang, 'noAccess')}</p>
          ) : (
            <>
              <section className="card">
                <h2>{text(lang, 'day')}</h2>
                <div className="chart">
                  <ChartCanvas config={dayChart} label={text(lang, 'day')} />
                </div>
              </section>
              <section className="card">
                <h2>
                  {text(lang, 'actor')} × {text(lang, 'category')}
                </h2>
                <table className="heat">
                  <thead>
                    <tr>
                      <th>{text(lang, 'actor')}</th>
                      {heat.categories.map((c) => (
                        <th key={c} title={c}>
                          {heat.names.get(c)?.[lang] ?? c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {heat.actors.map((a) => (
                      <tr key={a.id}>
                        <th>{who(a)}</th>
                        {heat.categories.map((c) => {
                          const v = heat.cell.get(`${a.id}|${c}`);
                          const n = v ? v.reads + v.exports + v.provisions : 0;
                          return (
                            <td
                              key={c}
                              className={`num heat-${Math.min(4, Math.ceil((4 * n) / heat.max))}`}
                              title={
                                v
                                  ? `${text(lang, 'reads')} ${v.reads} / ${text(lang, 'exports')} ${v.exports} / ${text(lang, 'denials')} ${v.denials}`
                                  : ''
                              }
                            >
                              {n ? formatNumber(lang, n) : ''}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="card">
                <h2>{text(lang, 'purpose')}</h2>
                <table>
                  <thead>
                    <tr>
                      <th>{text(lang, 'purpose')}</th>
                      <th>{text(lang, 'reads')}</th>
                      <th>{text(lang, 'exports')}</th>
                      <th>{text(lang, 'denials')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.byPurpose.map((p) => (
                      <tr key={p.purposeCode ?? '—'}>
                        <th title={p.purposeCode ?? ''}>
                          {p.purposeName?.[lang] ?? p.purposeCode ?? '—'}
                        </th>
                        <td className="num">{formatNumber(lang, p.reads)}</td>
                        <td className="num">{formatNumber(lang, p.exports)}</td>
                        <td className="num">{formatNumber(lang, p.denials)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            </>
          )}
        </>
      )}
    </div>
  );
}
