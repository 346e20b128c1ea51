import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';

/** Core-milliseconds spent, by whom. */
export interface CpuSpent {
  /** The backends serving client connections (the transactions themselves). */
  clients: number;
  /** The sequencer's own backend (application_name daicho-sequencer): sealing, in SQL. */
  sequencer: number;
  /** PostgreSQL's background processes (WAL writer, checkpointer, …). */
  background: number;
  /** This Node process (requests' JavaScript, the sequencer's hashing). */
  node: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/**
 * Where a phase's CPU went, read off /proc for this machine's PostgreSQL processes (the bench's
 * database on loopback) and process.cpuUsage for this one. Null when /proc cannot tell (a
 * database elsewhere): the bench prints nothing then rather than a wrong split.
 */
export class CpuSplit {
  private constructor(
    private readonly ds: DataSource,
    private readonly postmaster: number,
  ) {}

  static async open(ds: DataSource): Promise<CpuSplit | null> {
    try {
      const [row] = await ds.query<{ pid: number }[]>(
        `SELECT pid FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      );
      const stat = readFileSync(`/proc/${row?.pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return Number.isInteger(parent) ? new CpuSplit(ds, parent) : null;
    } catch {
      return null;
    }
  }

  /** CPU so far of every process of this PostgreSQL (by pid), and of this process. */
  async sample(): Promise<CpuSample> {
    const rows = await this.ds.query<{ pid: number; app: string | null; type: string }[]>(
      `SELECT pid, application_name AS app, backend_type AS type FROM pg_stat_activity`,
    );
    const processes = new Map<number, { group: keyof CpuSpent; ms: number }>();
    for (const row of rows) {
      const group =
        row.app === 'daicho-sequencer'
          ? 'sequencer'
          : row.type === 'client backend'
            ? 'clients'
            : 'background';
      processes.set(row.pid, { group, ms: ticksOf(row.pid) * TICK_MS });
    }
    processes.set(this.postmaster, { group: 'background', ms: ticksOf(this.postmaster) * TICK_MS });
    const usage = process.cpuUsage();
    return { processes, nodeMs: (usage.user + usage.system) / 1000 };
  }
}

export interface CpuSample {
  processes: Map<number, { group: keyof CpuSpent; ms: number }>;
  nodeMs: number;
}

/** What was spent from `before` to `after`, process by process (one that came counts from 0). */
export function spentBetween(before: CpuSample, after: CpuSample): CpuSpent {
  const spent: CpuSpent = { clients: 0, sequencer: 0, background: 0, node: 0 };
  for (const [pid, { group, ms }] of after.processes) {
    spent[group] += ms - (before.processes.get(pid)?.ms ?? 0);
  }
  spent.node = after.nodeMs - before.nodeMs;
  return spent;
}

export function addSpent(a: CpuSpent, b: CpuSpent): CpuSpent {
  return {
    clients: a.clients + b.clients,
    sequencer: a.sequencer + b.sequencer,
    background: a.background + b.background,
    node: a.node + b.node,
  };
}

export const NOTHING_SPENT: CpuSpent = { clients: 0, sequencer: 0, background: 0, node: 0 };

function ticksOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are the stat file's 14th and 15th fields (here 12th and 13th).
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
