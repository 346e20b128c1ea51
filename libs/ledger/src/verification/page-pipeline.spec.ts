import { PagePipeline, type PageOutcome } from './page-pipeline';

/** A pipeline over a fake database that answers each page after `ms`, logging sends and checks. */
function pipeline(connected: Promise<unknown>, ms = 10) {
  const log: string[] = [];
  const outcomes: PageOutcome<number>[] = [];
  let inFlight = 0;
  const pages = new PagePipeline<number, number, number>(
    connected,
    (n) => {
      log.push(`send ${n}`);
      if (++inFlight > 1) log.push('two queries at once');
      return new Promise((resolve) =>
        setTimeout(() => {
          inFlight--;
          resolve(n);
        }, ms),
      );
    },
    (n) => {
      log.push(`check ${n}`);
      return n * 10;
    },
    (outcome) => outcomes.push(outcome),
  );
  return { pages, log, outcomes };
}

describe('PagePipeline', () => {
  it('sends the next page before checking the one before, one query at a time, answers in order', async () => {
    const { pages, log, outcomes } = pipeline(Promise.resolve());
    for (const n of [1, 2, 3]) pages.ask(n);
    await pages.end(() => Promise.resolve());
    expect(log).toEqual(['send 1', 'send 2', 'check 1', 'send 3', 'check 2', 'check 3']);
    expect(outcomes).toEqual([{ value: 10 }, { value: 20 }, { value: 30 }]);
  });

  it('answers every page with the error when the connection failed, pages asked later included', async () => {
    const refused = Promise.reject(new Error('connect ECONNREFUSED'));
    const { pages, log, outcomes } = pipeline(refused);
    pages.ask(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    pages.ask(2);
    await pages.end(() => Promise.resolve());
    expect(log).toEqual([]);
    expect(outcomes.map((o) => ('error' in o ? String(o.error) : o.value))).toEqual([
      'Error: connect ECONNREFUSED',
      'Error: connect ECONNREFUSED',
    ]);
  });
});
