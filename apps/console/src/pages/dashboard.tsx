import { useEffect, useMemo, useState } from 'react';
import { ApiError, download, gql } from '../api';
import { ChartCanvas } from '../chart';
import { formatNumber, formatTime, text, type Lang } from '../i18n';
import { DueSoon, loadDue, type Due } from './due-soon';

interface Label {
  ja: string;
  en: string;
}
interface Request {
  number: string;
  kind: string;
  kindLabel: Label;
  status: string;
  statusLabel: Label;
  dueOn: string;
  art39On: string;
  businessDaysLeft: number;
}
interface Incident {
  id: string;
  number: string;
  stage: string;
  stageLabel: Label;
  preliminaryDueOn: string;
  finalDueOn: string;
  reportable?: boolean;
}
interface Checkpoint {
  treeSize: number;
  rootHash: string;
  issuedAt: string;
}
interface Verification {
  ok: boolean;
  checkedEntries: number;
  reason: string | null;
  verifiedAt?: string;
}

const DASHBOARD = `{
  requests(first: 100) { edges { node { number kind kindLabel { ja en } status statusLabel { ja en } dueOn art39On businessDaysLeft } } }
  incidents(first: 50, filter: { open: true }) { edges { node { id number stage stageLabel { ja en } preliminaryDueOn finalDueOn } } }
  latestCheckpoint { treeSize rootHash issuedAt }
  lastLedgerVerification { verifiedAt ok checkedEntries reason }
}`;

/** The CPO's and the auditor's view: what is open, what falls due, the state of the ledger. */
export function Dashboard({ lang }: { lang: Lang }) {
  const [requests, setRequests] = useState<Request[]>([]);
  const [incidents, setIncidents] = useState<Incident[]>([]);
  const [checkpoint, setCheckpoint] = useState<Checkpoint | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [due, setDue] = useState<Due | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const data = await gql<{
          requests: { edges: { node: Request }[] };
          incidents: { edges: { node: Incident }[] };
          latestCheckpoint: Checkpoint | null;
          lastLedgerVerification: Verification | null;
        }>(DASHBOARD);
        setRequests(data.requests.edges.map((e) => e.node).filter((r) => r.status !== 'CLOSED'));
        const open = data.incidents.edges.map((e) => e.node);
        // Reportability is decided per incident from its scope (PPC Rule 7).
        const decided = await Promise.all(
          open.map((i) =>
            gql<{ reportability: { reportable: boolean } }>(
              `query($id: ID!) { reportability(incidentId: $id) { reportable } }`,
              { id: i.id },
            ),
          ),
        );
        setIncidents(
          open.map((i, n) => ({ ...i, reportable: decided[n]?.reportability.reportable })),
        );
        setCheckpoint(data.latestCheckpoint);
        setVerification(data.lastLedgerVerification);
        setDue(await loadDue());
      } catch (e) {
        setError(
          e instanceof ApiError && e.code === 'FORBIDDEN' ? text(lang, 'forbidden') : String(e),
        );
      } finally {
        setLoaded(true);
      }
    })();
  }, [lang]);

  const byStatus = useMemo(() => {
    const counts = new Map<string, number>();
    for (const r of requests)
      counts.set(r.statusLabel[lang], (counts.get(r.statusLabel[lang]) ?? 0) + 1);
    return counts;
  }, [requests, lang]);
  const chart = useMemo(
    () => ({
      type: 'bar' as const,
      data: {
        labels: [...byStatus.keys()],
        datasets: [
          {
            label: text(lang, 'requests'),
            data: [...byStatus.values()],
            backgroundColor: '#3b6ea5',
          },
        ],
      },
      options: { plugins: { legend: { display: false } } },
    }),
    [byStatus, lang],
  );

  const verify = async () => {
    setVerifying(true);
    try {
      await gql(`{ verifyLedger { ok } }`);
      const data = await gql<{ lastLedgerVerification: Verification | null }>(
        `{ lastLedgerVerification { verifiedAt ok checkedEntries reason } }`,
      );
      setVerification(data.lastLedgerVerification);
    } catch (e) {
      setFailure(String(e));
    } finally {
      setVerifying(false);
    }
  };
  /** Downloads through fetch (the session's header), each an EXPORT entry on the server. */
  const save = (path: string, name: string) =>
    void download(path, name).catch(() => setFailure(text(lang, 'downloadFailed')));

  if (!loaded) return <p>{text(lang, 'loading')}</p>;
  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  return (
    <div className="grid">
      <section className="card" aria-labelledby="requests">
        <h2 id="requests">{text(lang, 'requests')}</h2>
        {requests.length === 0 ? (
          <p className="empty">{text(lang, 'noRequests')}</p>
        ) : (
          <>
            <div className="chart">
              <ChartCanvas config={chart} label={text(lang, 'requests')} />
            </div>
            <table>
              <thead>
                <tr>
                  <th>{text(lang, 'number')}</th>
                  <th>{text(lang, 'kind')}</th>
                  <th>{text(lang, 'status')}</th>
                  <th>{text(lang, 'dueOn')}</th>
                  <th>{text(lang, 'daysLeft')}</th>
                  <th>{text(lang, 'art39On')}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.number} className={r.businessDaysLeft < 0 ? 'overdue' : undefined}>
                    <td>{r.number}</td>
                    <td>{r.kindLabel[lang]}</td>
                    <td>{r.statusLabel[lang]}</td>
                    <td>{r.dueOn}</td>
                    <td className="num">{formatNumber(lang, r.businessDaysLeft)}</td>
                    <td>{r.art39On}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="incidents">
        <h2 id="incidents">{text(lang, 'incidents')}</h2>
        {incidents.length === 0 ? (
          <p className="empty">{text(lang, 'noIncidents')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{text(lang, 'number')}</th>
                <th>{text(lang, 'stage')}</th>
                <th>{text(lang, 'preliminaryDue')}</th>
                <th>{text(lang, 'finalDue')}</th>
                <th>{text(lang, 'reportable')}</th>
              </tr>
            </thead>
            <tbody>
              {incidents.map((i) => (
                <tr key={i.id}>
                  <td>{i.number}</td>
                  <td>{i.stageLabel[lang]}</td>
                  <td>{i.preliminaryDueOn}</td>
                  <td>{i.finalDueOn}</td>
                  <td>{i.reportable ? text(lang, 'yes') : text(lang, 'no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {due && <DueSoon lang={lang} due={due} />}
      <section className="card" aria-labelledby="ledger">
        <h2 id="ledger">{text(lang, 'ledger')}</h2>
        {checkpoint && (
          <dl>
            <dt>{text(lang, 'treeSize')}</dt>
            <dd data-testid="tree-size">{formatNumber(lang, checkpoint.treeSize)}</dd>
            <dt>{text(lang, 'root')}</dt>
            <dd className="hash" data-testid="root-hash">
              {checkpoint.rootHash}
            </dd>
            <dt>{text(lang, 'signedAt')}</dt>
            <dd>{formatTime(lang, checkpoint.issuedAt)}</dd>
          </dl>
        )}
        <dl>
          <dt>{text(lang, 'lastVerified')}</dt>
          <dd data-testid="last-verified">
            {verification?.verifiedAt ? (
              <span className={verification.ok ? 'ok' : 'error'}>
                {formatTime(lang, verification.verifiedAt)} —{' '}
                {verification.ok
                  ? text(lang, 'verified')
                  : `${text(lang, 'broken')}: ${verification.reason ?? ''}`}{' '}
                ({formatNumber(lang, verification.checkedEntries)})
              </span>
            ) : (
              <span className="empty">{text(lang, 'neverVerified')}</span>
            )}
          </dd>
        </dl>
        <div className="row">
          <button type="button" disabled={verifying} onClick={() => void verify()}>
            {verifying ? text(lang, 'loading') : text(lang, 'verifyNow')}
          </button>
          <button
            type="button"
            onClick={() => save('/ledger/evidence.tar', 'ledger-evidence.tar')}
            title={text(lang, 'evidenceHint')}
          >
            {text(lang, 'evidenceBundle')}
          </button>
        </div>
        <p className="hint">{text(lang, 'evidenceHint')}</p>
        {failure && (
          <p role="alert" className="error">
            {failure}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="reports">
        <h2 id="reports">{text(lang, 'reportsPdf')}</h2>
        <button
          type="button"
          onClick={() =>
            save(`/reports/management-ledger.pdf?lang=${lang}`, `management-ledger-${lang}.pdf`)
          }
        >
          {text(lang, 'managementLedgerPdf')}
        </button>
      </section>
    </div>
  );
}
