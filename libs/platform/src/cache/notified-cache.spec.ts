import type { ChangeFeed, ChangeSubscriber } from './change-feed';
import { NotifiedCache } from './notified-cache';

/** A feed the test drives: live or not, and notifications on demand. */
function fakeFeed() {
  const subscribers: ChangeSubscriber[] = [];
  const feed = {
    live: true,
    subscribe: (_channel: string, s: ChangeSubscriber) => void subscribers.push(s),
    /** What a barrier hears on the way back: run before it resolves. */
    onSettle: [] as (() => void)[],
    settles: 0,
    settled() {
      feed.settles++;
      for (const heard of feed.onSettle.splice(0)) heard();
      return Promise.resolve();
    },
  };
  return {
    feed: feed as unknown as ChangeFeed & {
      live: boolean;
      onSettle: (() => void)[];
      settles: number;
    },
    notify: (payload: string) => subscribers.forEach((s) => s.changed(payload)),
    reset: () => subscribers.forEach((s) => s.reset()),
  };
}

function counter(tags: string[] = ['user:1']) {
  let loads = 0;
  return {
    load: () => Promise.resolve({ value: { n: ++loads }, tags }),
    get loads() {
      return loads;
    },
  };
}

const options = { channel: 'daicho_credentials' as const, maxAgeMs: 5_000, maxEntries: 10 };

describe('NotifiedCache', () => {
  it('keeps a copy until a notification names it, and only that one', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: (p) => p });
    const one = counter(['user:1']);
    const two = counter(['user:2']);
    expect(await cache.get('a', one.load)).toEqual({ n: 1 });
    expect(await cache.get('a', one.load)).toEqual({ n: 1 });
    expect(await cache.get('b', two.load)).toEqual({ n: 1 });
    notify('user:1');
    expect(await cache.get('a', one.load)).toEqual({ n: 2 });
    expect(await cache.get('b', two.load)).toEqual({ n: 1 });
  });

  it('reads through while the feed is down, and forgets everything on a reset', async () => {
    const { feed, reset } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: (p) => p });
    const c = counter();
    await cache.get('a', c.load);
    feed.live = false;
    await cache.get('a', c.load);
    await cache.get('a', c.load);
    expect(c.loads).toBe(3);
    feed.live = true;
    reset();
    await cache.get('a', c.load);
    await cache.get('a', c.load);
    expect(c.loads).toBe(4);
  });

  it('does not keep a load a notification overtook', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: () => null });
    let n = 0;
    const slow = () => {
      const value = { n: ++n };
      notify('catalog'); // a change committed while this load read
      return Promise.resolve({ value, tags: [] as string[] });
    };
    await cache.get('k', slow);
    await cache.get('k', slow);
    expect(n).toBe(2);
  });

  it('keeps an offered value only if no notification came in since its mark, and only while live', () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: () => null });
    expect(cache.peek('k')).toBeUndefined();
    const before = cache.mark();
    notify('catalog'); // a change committed while the value was being made
    cache.offer('k', before, { n: 1 });
    expect(cache.peek('k')).toBeUndefined();
    cache.offer('k', cache.mark(), { n: 2 });
    expect(cache.peek('k')).toEqual({ n: 2 });
    feed.live = false;
    expect(cache.peek('k')).toBeUndefined();
    cache.offer('j', cache.mark(), { n: 3 });
    feed.live = true;
    expect(cache.peek('j')).toBeUndefined();
    expect(cache.peek('k')).toEqual({ n: 2 });
    notify('catalog');
    expect(cache.peek('k')).toBeUndefined();
  });

  it('shares one load among callers that miss at once, but not across a notification', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: () => null });
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      const value = { n: ++n };
      await gate;
      return { value, tags: [] };
    };
    const first = Array.from({ length: 20 }, () => cache.get('k', load));
    notify('catalog');
    const after = cache.get('k', load);
    release();
    expect(new Set((await Promise.all(first)).map((v) => v.n))).toEqual(new Set([1]));
    expect((await after).n).toBe(2);
  });

  it('ends a copy after maxAgeMs, and reads every time when it is 0', async () => {
    const { feed } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, {
      ...options,
      // Long enough that the two reads fall within it even on a machine that stalls.
      maxAgeMs: 2_000,
      tagOf: (p) => p,
    });
    const c = counter();
    await cache.get('a', c.load);
    await cache.get('a', c.load);
    expect(c.loads).toBe(1);
    await new Promise((r) => setTimeout(r, 2_100));
    await cache.get('a', c.load);
    expect(c.loads).toBe(2);
    const off = new NotifiedCache<{ n: number }>(feed, {
      ...options,
      maxAgeMs: 0,
      tagOf: (p) => p,
    });
    const d = counter();
    await off.get('a', d.load);
    await off.get('a', d.load);
    expect(d.loads).toBe(2);
  });
  it('ends by tag through its index, also after copies were evicted or replaced', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, {
      ...options,
      maxEntries: 3,
      tagOf: (p) => p,
    });
    let n = 0;
    const as = (tag: string) => () => Promise.resolve({ value: { n: ++n }, tags: [tag] });
    await cache.get('a', as('user:1'));
    await cache.get('b', as('user:2'));
    await cache.get('c', as('user:1'));
    await cache.get('d', as('user:3')); // evicts a (least recently used)
    notify('user:1'); // ends c; a is gone already
    const before = n;
    await cache.get('b', as('user:2'));
    await cache.get('d', as('user:3'));
    expect(n).toBe(before); // b and d kept
    await cache.get('c', as('user:1'));
    await cache.get('a', as('user:1')); // evicts b
    expect(n).toBe(before + 2); // c and a loaded again
    notify('user:1'); // ends c and a, leaves d
    await cache.get('d', as('user:3'));
    expect(n).toBe(before + 2);
    await cache.get('a', as('user:1'));
    await cache.get('b', as('user:2'));
    expect(n).toBe(before + 4);
  });

  it('uses a copy of credentials only after the feed has settled, and not one a change heard meanwhile ended', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, {
      ...options,
      tagOf: (p) => p,
      settleBeforeUse: true,
    });
    const c = counter(['user:1']);
    expect(await cache.get('a', c.load)).toEqual({ n: 1 });
    expect(feed.settles).toBe(0); // a load reads the database: nothing to settle
    expect(await cache.get('a', c.load)).toEqual({ n: 1 });
    expect(feed.settles).toBe(1);
    // A logout committed on another server before this call, its notification not yet here.
    feed.onSettle.push(() => notify('user:1'));
    expect(await cache.get('a', c.load)).toEqual({ n: 2 });
    expect(feed.settles).toBe(2);
    // Without the option a copy answers at once.
    const plain = new NotifiedCache<{ n: number }>(feed, { ...options, tagOf: (p) => p });
    await plain.get('b', c.load);
    await plain.get('b', c.load);
    expect(feed.settles).toBe(2);
  });

  it('holds copies up to maxBytes in all, least recently used going first, and none larger than one may be', async () => {
    const { feed } = fakeFeed();
    const cache = new NotifiedCache<{ bytes: number }>(feed, {
      ...options,
      maxEntries: 100,
      maxBytes: { total: 1_000, entry: 500, sizeOf: (v) => v.bytes },
      tagOf: () => null,
    });
    let loads = 0;
    const sized = (bytes: number) => () => {
      loads++;
      return Promise.resolve({ value: { bytes }, tags: [] as string[] });
    };
    for (const key of ['a', 'b', 'c']) await cache.get(key, sized(300));
    expect(loads).toBe(3);
    await cache.get('a', sized(300)); // a is now the most recently used
    await cache.get('d', sized(300)); // 1,200 bytes: b goes
    expect(loads).toBe(4);
    for (const key of ['a', 'c', 'd']) expect(cache.peek(key)).toEqual({ bytes: 300 });
    expect(cache.peek('b')).toBeUndefined();
    await cache.get('large', sized(501)); // more than one copy may hold: not kept, none evicted
    expect(cache.peek('large')).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(cache.peek(key)).toEqual({ bytes: 300 });
  });

  it('does not share a load under way with a call made after a change it has not heard of yet', async () => {
    const { feed, notify } = fakeFeed();
    const cache = new NotifiedCache<{ n: number }>(feed, {
      ...options,
      tagOf: (p) => p,
      settleBeforeUse: true,
    });
    let n = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const load = async () => {
      const value = { n: ++n }; // read before the logout committed
      await gate;
      return { value, tags: ['user:1'] };
    };
    const first = cache.get('a', load);
    // The logout commits; its notification reaches this server during the next call's barrier.
    feed.onSettle.push(() => notify('user:1'));
    const second = cache.get('a', () => Promise.resolve({ value: { n: 100 }, tags: ['user:1'] }));
    release();
    expect((await first).n).toBe(1); // sent before the change: its answer may predate it
    expect((await second).n).toBe(100);
    expect(feed.settles).toBe(1);
  });
});
