import { LRUCache } from 'lru-cache';
import type { ChangeChannel, ChangeFeed } from './change-feed';

export interface NotifiedCacheOptions<V = object> {
  channel: ChangeChannel;
  /** Longest a copy is used (READ_CACHE_MS); 0 turns the cache off. */
  maxAgeMs: number;
  /** Copies kept at most (least recently used go first). */
  maxEntries: number;
  /**
   * Which copies a notification ends: those tagged with what this returns, or all of them when
   * it returns null.
   */
  tagOf: (payload: string) => string | null;
  /**
   * For copies of what decides who may act (sessions, keys): a copy is used only once every
   * change committed before the call has reached this server (ChangeFeed.settled: one round trip
   * on the feed's connection, shared by the calls waiting at the time), so a logout, disable or
   * revocation committed on any server ends the very next request here, not the one after the
   * notification arrives. Without it a copy may answer for the few milliseconds a notification
   * takes to reach this server.
   */
  settleBeforeUse?: boolean;
  /**
   * Bytes the copies may hold in all and each, as `sizeOf` counts them (least recently used go
   * first; a copy larger than `entry` is not kept): for copies whose size a caller decides.
   */
  maxBytes?: { total: number; entry: number; sizeOf: (value: V) => number };
}

interface Entry<V> {
  value: V;
  tags: readonly string[];
}

/**
 * A read-through copy of rows that rarely change, kept only while the change feed is live and
 * for at most `maxAgeMs`. A notification ends the copies it names; a load that overlapped any
 * notification is used once and not kept, so a copy is never older than the last change the
 * server heard of. Values are frozen: callers share them.
 */
export class NotifiedCache<V extends object> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private generation = 0;
  private subscribed = false;
  private readonly loading = new Map<string, { generation: number; value: Promise<V> }>();
  /** Which copies each tag names, so a notification finds them without a walk over all. */
  private readonly tagged = new Map<string, Set<string>>();

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: NotifiedCacheOptions<V>,
  ) {
    const bytes = options.maxBytes;
    this.entries = new LRUCache<string, Entry<V>>({
      max: options.maxEntries,
      ttl: Math.max(options.maxAgeMs, 1),
      // Expired copies go when they expire, not when next read: keys cannot pile up.
      ttlAutopurge: true,
      // However a copy goes (expired, evicted, replaced, forgotten), its tags let go of it.
      dispose: (entry, key) => this.untag(key, entry.tags),
      ...(bytes && {
        maxSize: bytes.total,
        maxEntrySize: bytes.entry,
        sizeCalculation: (entry: Entry<V>) => Math.max(1, Math.ceil(bytes.sizeOf(entry.value))),
      }),
    });
  }

  /** The copy for `key`, or what `load` reads (kept with its tags when it may be). */
  async get(key: string, load: () => Promise<{ value: V; tags: readonly string[] }>): Promise<V> {
    if (this.options.maxAgeMs === 0) return (await load()).value;
    // A copy, or a load already under way, may predate a change committed before this call
    // that this server has not heard of yet: with settleBeforeUse, it is heard first (its
    // notification ends the copy and moves the generation past the load's). A barrier not heard
    // back in time counts the feed as lost: neither is used then.
    if (this.options.settleBeforeUse && (this.peek(key) || this.loading.has(key))) {
      await this.feed.settled();
    }
    const hit = this.peek(key);
    if (hit) return hit;
    // Callers missing the same copy at once share one load (no stampede when a copy ends), as
    // long as the feed is live and no notification came in since it started.
    const generation = this.generation;
    const pending = this.loading.get(key);
    if (pending && pending.generation === generation && this.feed.live) return pending.value;
    const value = this.loadAndKeep(key, generation, load);
    this.loading.set(key, { generation, value });
    try {
      return await value;
    } finally {
      if (this.loading.get(key)?.value === value) this.loading.delete(key);
    }
  }

  private async loadAndKeep(
    key: string,
    generation: number,
    load: () => Promise<{ value: V; tags: readonly string[] }>,
  ): Promise<V> {
    const { value, tags } = await load();
    this.offer(key, generation, value, tags);
    return value;
  }

  /** The copy for `key` when one may be used now (kept, and the feed live), else undefined. */
  peek(key: string): V | undefined {
    if (this.options.maxAgeMs === 0) return undefined;
    this.subscribe();
    return this.feed.live ? this.entries.get(key)?.value : undefined;
  }

  /**
   * Where the notifications stand: a value read after this call may be kept by `offer`. For
   * callers whose load is not a function they can hand to `get` (an answer made elsewhere).
   */
  mark(): number {
    this.subscribe();
    return this.generation;
  }

  /**
   * Keeps `value`, read after `mark`, unless a notification came in since or the feed is down
   * (it may then be older than a change this server heard of). Frozen either way.
   */
  offer(key: string, mark: number, value: V, tags: readonly string[] = []): void {
    Object.freeze(value);
    if (this.options.maxAgeMs > 0 && this.feed.live && mark === this.generation)
      this.keep(key, { value, tags });
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.feed.subscribe(this.options.channel, {
      changed: (payload) => this.forget(this.options.tagOf(payload)),
      reset: () => this.forget(null),
    });
  }

  /**
   * Ends the copies tagged `tag` (all when null). Through the tag index: a notification costs
   * the copies it names, not a walk over every copy (a bulk change sends one per row).
   */
  private forget(tag: string | null): void {
    this.generation++;
    if (tag === null) return this.entries.clear();
    for (const key of [...(this.tagged.get(tag) ?? [])]) this.entries.delete(key);
  }

  private keep(key: string, entry: Entry<V>): void {
    this.entries.set(key, entry);
    // Refused (larger than maxBytes allows a copy): no tags for a copy that is not there.
    if (!this.entries.has(key)) return;
    for (const tag of entry.tags) {
      let keys = this.tagged.get(tag);
      if (!keys) this.tagged.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  private untag(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.tagged.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.tagged.delete(tag);
    }
  }
}
