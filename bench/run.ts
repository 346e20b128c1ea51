import 'reflect-metadata';
import { apiBench } from './api.bench';
import { growthBench } from './growth.bench';
import { holdingsBench } from './holdings.bench';
import { incidentsBench } from './incidents.bench';
import { ledgerBench } from './ledger.bench';
import { loadBench } from './load.bench';
import { reportsBench } from './reports.bench';
import { requestsBench } from './requests.bench';

/** `npm run bench -- [name]`: figures with same-run baselines, not timed tests. */
const BENCHES: Record<string, () => Promise<void>> = {
  ledger: ledgerBench,
  holdings: holdingsBench,
  requests: requestsBench,
  incidents: incidentsBench,
  reports: reportsBench,
  api: apiBench,
  load: loadBench,
  growth: growthBench,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench)
      throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    await bench();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
