import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { connectionOf } from '../database/data-source';

/** The channels the database's triggers notify on (migration ChangeNotifications). */
export type ChangeChannel = 'daicho_credentials' | 'daicho_catalog';

export interface ChangeSubscriber {
  /** A change was committed; `payload` says what changed (the channel's own format). */
  changed(payload: string): void;
  /** Notifications may have been missed (connection lost or just made): forget everything. */
  reset(): void;
}

const RETRY_MS = [200, 500, 1_000, 2_000, 5_000];
/**
 * The prefix of each server's own channel: it hears itself every HEARTBEAT_MS, or counts as
 * lost. One channel a server, so that no server is sent every other server's heartbeats and
 * barriers (N servers: N notifications a beat, not N²).
 */
const HEARTBEAT_PREFIX = 'daicho_feed_';
const HEARTBEAT_MS = 1_000;

/**
 * One listening connection per server, so that what a server keeps in memory ends as soon as any
 * server commits a change to it. `live` is true only while the connection is up and listening on
 * every channel; caches answer from memory only then, so a lost connection costs speed, never
 * freshness.
 */
@Injectable()
export class ChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly subscribers = new Map<ChangeChannel, Set<ChangeSubscriber>>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private attempts = 0;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private isLive = false;
  private listening = new Set<ChangeChannel>();
  private heartbeat: NodeJS.Timeout | null = null;
  private heard = 0;
  /** This server's mark on its own heartbeats, and the number of the last one sent and heard. */
  private readonly token = randomBytes(6).toString('hex');
  /** This server's own channel (lower-case hex: the same name quoted or not). */
  private readonly heartbeatChannel = `${HEARTBEAT_PREFIX}${this.token}`;
  private sent = 0;
  private heardBack = 0;
  private readonly waiting: { mark: number; done: () => void }[] = [];
  /** The wait for each barrier not yet heard back, shared by the calls that share the barrier. */
  private readonly settling = new Map<number, Promise<void>>();
  /** A heartbeat numbered but not yet handed to the connection: later callers share it. */
  private queuedMark: number | null = null;
  /** The connection's queries, one after another (pg runs one at a time on a client anyway). */
  private queue: Promise<unknown> = Promise.resolve();

  /** A barrier not heard back within this long counts the feed as lost (copies are then unused). */
  private readonly barrierLostMs: number;
  /** Nor its own heartbeat within this long. */
  private readonly heartbeatLostMs: number;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.barrierLostMs = config.CHANGE_FEED_LOST_MS;
    this.heartbeatLostMs = Math.max(3 * config.CHANGE_FEED_LOST_MS, 3 * HEARTBEAT_MS);
  }

  get live(): boolean {
    return this.isLive;
  }

  /** Starts listening (once) and adds a subscriber for one channel. */
  subscribe(channel: ChangeChannel, subscriber: ChangeSubscriber): void {
    let set = this.subscribers.get(channel);
    if (!set) this.subscribers.set(channel, (set = new Set()));
    set.add(subscriber);
    if (this.client) this.listenToNew(this.client);
    else this.connect();
  }

  /**
   * Resolves once every change committed before the call has reached this server's copies.
   * PostgreSQL delivers notifications in commit order, so when this server hears back a
   * notification of its own sent after those commits, theirs have been delivered before it. A
   * server that changed a credential calls this before answering, and every server before it uses
   * a copy of a credential (NotifiedCache's settleBeforeUse), so no request after a change's
   * commit is served from a copy the change ended, on any server.
   */
  settled(): Promise<void> {
    const client = this.client;
    if (!this.isLive || !client) return Promise.resolve(); // copies are not used: nothing to wait for
    const mark = this.barrier(client);
    // The calls that share a barrier share one wait and one timer: under load, most requests
    // settle on a barrier another call already queued.
    let settling = this.settling.get(mark);
    if (!settling) {
      settling = new Promise<void>((done) => {
        // Not heard back in time (or the feed was lost meanwhile): copies stop being used. Looked
        // at once more after the loop has read its sockets: after a stall of the loop, timers
        // run before I/O, and the answer may be waiting unread.
        const late = setTimeout(
          () =>
            setImmediate(() => {
              if (this.heardBack >= mark) return;
              this.lost(client);
              done();
            }),
          this.barrierLostMs,
        );
        this.waiting.push({
          mark,
          done: () => {
            clearTimeout(late);
            done();
          },
        });
      }).finally(() => this.settling.delete(mark));
      this.settling.set(mark, settling);
    }
    return settling;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.isLive = false;
    this.releaseWaiting();
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private connect(): void {
    if (this.closed || this.connecting || this.client) return;
    this.connecting = this.open()
      .catch((error: unknown) => {
        this.logger.warn(`change notifications unavailable: ${(error as Error).message}`);
        this.scheduleRetry();
      })
      .finally(() => (this.connecting = null));
  }

  private async open(): Promise<void> {
    const client = new Client({
      ...connectionOf(this.dataSource),
      application_name: 'daicho-change-feed',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (n: Notification) => this.deliver(n));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    await client.connect();
    const channels = [...this.subscribers.keys()];
    try {
      // A barrier's notification is a transaction of its own: only its place in the queue
      // matters, not that its commit reaches the disk, so it does not wait for a WAL flush.
      await client.query(`SET synchronous_commit = off`);
      await client.query(`LISTEN ${this.heartbeatChannel}`);
      for (const channel of channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.queue = Promise.resolve();
    this.queuedMark = null;
    this.client = client;
    this.heard = Date.now();
    this.heartbeat = setInterval(() => this.beat(client), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.listening = new Set(channels);
    this.attempts = 0;
    // Anything may have changed while nobody listened.
    this.resetAll();
    this.isLive = true;
    // A channel subscribed while connecting.
    this.listenToNew(client);
  }

  /** LISTENs on channels subscribed since; not live until it has (their caches read through). */
  private listenToNew(client: Client): void {
    const missing = [...this.subscribers.keys()].filter((c) => !this.listening.has(c));
    if (missing.length === 0) return;
    this.isLive = false;
    void Promise.all(
      missing.map((channel) => this.serially(() => client.query(`LISTEN ${channel}`))),
    ).then(
      () => {
        if (this.client !== client) return;
        // What these channels' caches loaded before listening may predate a change.
        for (const channel of missing) {
          this.listening.add(channel);
          for (const s of this.subscribers.get(channel) ?? []) s.reset();
        }
        this.listenToNew(client);
        if (this.listening.size === this.subscribers.size) this.isLive = true;
      },
      () => this.lost(client),
    );
  }

  /**
   * The connection may be up yet deaf (a proxy dropped it silently, LISTEN lost in a pooler): it
   * notifies itself every HEARTBEAT_MS and counts as lost when it has not heard itself for
   * three times CHANGE_FEED_LOST_MS (3 s at least), so a deaf feed stops copies being used
   * instead of letting them age out.
   */
  private beat(client: Client): void {
    if (this.client !== client) return;
    if (Date.now() - this.heard > this.heartbeatLostMs) return this.lost(client);
    this.barrier(client);
  }

  /**
   * The number of a heartbeat that will be sent after this call: the one queued and not yet sent
   * if there is one (a barrier needs only a notification sent after its own commits), else a new
   * one. Under load, the mutations answered meanwhile share one round trip instead of queueing
   * one each on the feed's single connection.
   */
  private barrier(client: Client): number {
    if (this.queuedMark !== null) return this.queuedMark;
    const mark = (this.queuedMark = ++this.sent);
    this.serially(() => {
      if (this.queuedMark === mark) this.queuedMark = null; // from now on, callers need the next
      return client.query(`SELECT pg_notify($1, $2)`, [this.heartbeatChannel, String(mark)]);
    }).catch(() => this.lost(client));
    return mark;
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const done = this.queue.then(work);
    this.queue = done.catch(() => undefined);
    return done;
  }

  private deliver(notification: Notification): void {
    if (notification.channel === this.heartbeatChannel) {
      this.heard = Date.now();
      this.heardUpTo(Number(notification.payload));
      return;
    }
    const subscribers = this.subscribers.get(notification.channel as ChangeChannel);
    for (const s of subscribers ?? []) s.changed(notification.payload ?? '');
  }

  /** Own notifications arrive in the order sent: everything waiting up to `mark` is through. */
  private heardUpTo(mark: number): void {
    if (!(mark > this.heardBack)) return;
    this.heardBack = mark;
    while (this.waiting.length > 0 && (this.waiting[0]?.mark ?? Infinity) <= mark) {
      this.waiting.shift()?.done();
    }
  }

  /** Waiters of a lost connection are released: with the feed down, copies are not used. */
  private releaseWaiting(): void {
    for (const waiter of this.waiting.splice(0)) waiter.done();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.isLive = false;
    this.queuedMark = null;
    this.releaseWaiting();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.resetAll();
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (!this.closed) {
      this.logger.warn('change notifications lost; reading from the database until they are back');
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    const delay = RETRY_MS[Math.min(this.attempts++, RETRY_MS.length - 1)] ?? 5_000;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.connect();
    }, delay);
    this.retry.unref();
  }

  private resetAll(): void {
    for (const set of this.subscribers.values()) for (const s of set) s.reset();
  }
}
