import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';

/** What the hashing process is asked to do. */
export type HashingJob =
  | { kind: 'hash'; password: string; options: Record<string, number> }
  | { kind: 'verify'; hash: string; password: string };

/**
 * The hashing process's program (plain JavaScript, run with `node -e`): it lowers its own CPU
 * priority to the lowest (nice 19), every thread's, before it starts any thread that hashes, so
 * the threads argon2 runs on inherit it, then answers jobs by id. It ends when its parent goes.
 * Started in a session of its own, it also lowers its autogroup's weight: Linux shares the CPU
 * between sessions first, so a low priority inside the server's session would still take the
 * server's whole share from the database's processes (docs/performance.md, item 4).
 */
const PROGRAM = `
const os = require('node:os');
try { require('node:fs').writeFileSync('/proc/self/autogroup', '19'); } catch {}
try { os.setPriority(19); } catch {}
// Linux: threads started before this line (V8's) keep their own priority; lower theirs too.
try { for (const tid of require('node:fs').readdirSync('/proc/self/task')) os.setPriority(Number(tid), 19); } catch {}
const argon2 = require(process.argv[1]);
process.on('message', async (job) => {
  try {
    const value = job.kind === 'hash'
      ? await argon2.hash(job.password, job.options)
      : await argon2.verify(job.hash, job.password).catch(() => false);
    process.send({ id: job.id, value });
  } catch (error) {
    process.send({ id: job.id, error: String((error && error.message) || error) });
  }
});
process.on('disconnect', () => process.exit(0));
`;

/** Where util-linux installs chrt (Debian, RHEL, Alpine). */
const CHRT = ['/usr/bin/chrt', '/bin/chrt'];

interface Pending {
  job: HashingJob;
  /** The process the job was last sent to. */
  child: ChildProcess | null;
  /** How many processes the job has been sent to. */
  sends: number;
  resolve(value: string | boolean): void;
  reject(error: Error): void;
}

/**
 * A job is a pure function of its input, so a job whose process died is sent once more to a new
 * one: a sign-in does not fail because another job (or an operator) ended the process. A second
 * death fails it, so a job that itself kills the process costs two processes at most.
 */
const SENDS_PER_JOB = 2;

/**
 * argon2id runs in a process of its own at the lowest CPU priority: a burst of sign-ins uses the
 * CPU nobody else wants, so other requests keep their speed (a sign-in takes longer while the
 * server is busy instead). Started at the first job, started again after a crash (the jobs in
 * flight are then sent again, SENDS_PER_JOB); passwords travel over the local IPC pipe only.
 */
@Injectable()
export class HashingProcess implements OnApplicationShutdown {
  private child: ChildProcess | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Set at shutdown: no new process is started, and jobs left fail. */
  private closed = false;

  run(job: HashingJob): Promise<string | boolean> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const pending: Pending = { job, child: null, sends: 0, resolve, reject };
      this.pending.set(id, pending);
      this.send(id, pending);
    });
  }

  /** The process's id while it runs (for operators and tests), else null. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  onApplicationShutdown(): void {
    this.closed = true;
    const child = this.child;
    this.child = null;
    child?.kill();
  }

  private send(id: number, pending: Pending): void {
    if (this.closed) return this.settle(id, { error: 'the server is stopping' });
    // A process killed a moment ago may not have said so yet: ask a live one.
    const child = this.started();
    pending.child = child;
    pending.sends += 1;
    child.channel?.ref(); // keep the pipe open while a job waits
    child.send({ ...pending.job, id }, (error) => {
      if (!error) return;
      child.kill('SIGKILL'); // a broken channel: the process is of no further use
      this.lost(child, [id]);
    });
  }

  /** The process is gone: its jobs go to a new one, or fail after SENDS_PER_JOB. */
  private lost(child: ChildProcess, ids: number[]): void {
    if (this.child === child) this.child = null;
    for (const id of ids) {
      const pending = this.pending.get(id);
      // Already answered, or already sent again after the other sign of the same death.
      if (!pending || pending.child !== child) continue;
      if (pending.sends < SENDS_PER_JOB) this.send(id, pending);
      else this.settle(id, { error: 'the hashing process ended' });
    }
  }

  private started(): ChildProcess {
    const alive = this.child && this.child.connected && this.child.exitCode === null;
    if (alive && this.child!.signalCode === null) return this.child!;
    const node = [process.execPath, '-e', PROGRAM, require.resolve('argon2')];
    // SCHED_IDLE where util-linux's chrt is there: the process runs only on a core nobody else
    // wants and yields it at once (nice 19 alone still takes a share of a busy core).
    const idle = CHRT.find((path) => existsSync(path));
    const [command, ...args] = idle ? [idle, '--idle', '0', ...node] : node;
    // detached: a session (and so a CPU autogroup) of its own; it still ends with its parent,
    // when the IPC channel closes.
    const child = spawn(command!, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      detached: true,
    });
    child.on('message', (m: { id: number; value?: string | boolean; error?: string }) =>
      this.settle(m.id, m),
    );
    child.once('exit', () => this.lost(child, [...this.pending.keys()]));
    // Not started at all (no memory, too many files): no 'exit' follows, so its jobs go on here.
    child.on('error', () => {
      child.kill('SIGKILL');
      this.lost(child, [...this.pending.keys()]);
    });
    // An idle hashing process does not keep the server (or a test) running.
    child.unref();
    child.channel?.unref();
    this.child = child;
    return child;
  }

  private settle(id: number, answer: { value?: string | boolean; error?: string }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.child?.channel?.unref();
    if (answer.error !== undefined || answer.value === undefined) {
      pending.reject(new Error(`password hashing failed: ${answer.error ?? 'no answer'}`));
    } else {
      pending.resolve(answer.value);
    }
  }
}
