import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { CONSOLE_HEADERS } from '../api';

/**
 * GraphiQL, bundled and served here (no CDN), on the user's own permissions: the session cookie
 * and the console's header go with every call. Tabs and history stay in memory, never in the
 * browser's storage (queries can name persons).
 */
const memory = new Map<string, string>();
const storage: Storage = {
  get length() {
    return memory.size;
  },
  clear: () => memory.clear(),
  getItem: (key) => memory.get(key) ?? null,
  key: (index) => [...memory.keys()][index] ?? null,
  removeItem: (key) => void memory.delete(key),
  setItem: (key, value) => void memory.set(key, value),
};

const fetcher = async (params: unknown) => {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: CONSOLE_HEADERS,
    credentials: 'same-origin',
    body: JSON.stringify(params),
  });
  return response.json() as Promise<Record<string, unknown>>;
};

/** A few saved operations per role: what that role comes to the console for. */
const EXAMPLES: Record<string, { query: string; variables?: string }[]> = {
  AUDITOR: [
    {
      query:
        '# Verify the whole ledger against its signed checkpoints\nquery VerifyLedger { verifyLedger { ok checkedEntries checkedCheckpoints firstInvalidSeq reason } }',
    },
    {
      query:
        '# Every entry about one person\nquery EntriesForPerson($subject: ID!) {\n  ledgerEntries(filter: { subjectId: $subject }, first: 50) {\n    edges { node { seq recordedAt action outcome actorRole categoryCode purposeCode fields } }\n  }\n}',
      variables: '{ "subject": "00000000-0000-4000-8000-000000000000" }',
    },
    {
      query:
        '# Provision records (APPI arts. 29–30) of a period\nquery ProvisionRecords {\n  ledgerEntries(filter: { action: PROVIDE, from: "2026-11-01T00:00:00+09:00", to: "2026-12-01T00:00:00+09:00" }, first: 100) {\n    edges { node { seq recordedAt actorRole categoryCode fields details } }\n  }\n}',
    },
  ],
  CPO: [
    {
      query:
        '# What was read this month, and what looks wrong\nquery AccessReport {\n  accessReport(from: "2026-11-01T00:00:00+09:00", to: "2026-12-01T00:00:00+09:00") {\n    totals { reads exports provisions denials }\n    anomalies { kind day reason entries actor { name } }\n  }\n}',
    },
    {
      query:
        '# Open incidents and their clocks\nquery OpenIncidents { incidents(filter: { open: true }) { edges { node { number stage preliminaryDueOn finalDueOn } } } }',
    },
  ],
};

export function GraphiqlPage({ role }: { role: string }) {
  const tabs = EXAMPLES[role] ?? [{ query: 'query Me { me { email displayName role } }' }];
  return (
    <div className="graphiql-frame">
      <GraphiQL fetcher={fetcher} storage={storage} defaultTabs={tabs} />
    </div>
  );
}
