/**
 * CPU time of the bench's server process and of the PostgreSQL backends serving it, read from
 * /proc (Linux; elsewhere every figure is NaN). On a shared 2-core machine latencies and rates
 * follow the load average; CPU milliseconds per request move far less (contention still inflates them),
 * so before/after comparisons use them, measured in one run.
 * The server's backends are found by application name: the bench sets PGAPPNAME in the environment
 * the server inherits, and node-postgres sends it.
 */
import { readdir, readFile } from 'node:fs/promises';
import type pg from 'pg';

/** Clock ticks a second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // the command name may hold spaces: the fields counted from after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
  return (ticks * 1000) / TICKS_PER_S;
}

/** The child of this process running the server's entry point. */
async function serverPid(): Promise<number | null> {
  const tasks = await readdir(`/proc/${process.pid}/task`).catch(() => [] as string[]);
  for (const task of tasks) {
    const children = await readFile(`/proc/${process.pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter(Boolean)) {
      const cmdline = await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '');
      if (cmdline.includes('server/main.ts')) return Number(child);
    }
  }
  return null;
}

export interface CpuSample {
  /** the server process */
  node: number;
  /** the backends serving it */
  pg: number;
}

/** Samples CPU time of the server and of the backends whose application_name is `appName`. */
export function processCpu(db: pg.Client, appName: string) {
  const backends = async () => {
    const { rows } = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [appName],
    );
    const times = await Promise.all(rows.map(async (r) => [r.pid, await cpuMs(r.pid)] as const));
    return new Map(times.filter(([, ms]) => Number.isFinite(ms)));
  };
  const serverMs = async () => {
    const pid = await serverPid();
    return pid === null ? NaN : cpuMs(pid);
  };
  return {
    /** Starts a measurement; the function it returns gives the CPU ms a request used since. */
    async start() {
      const [node, pgBefore] = await Promise.all([serverMs(), backends()]);
      return async (requests: number): Promise<CpuSample> => {
        const [nodeAfter, pgAfter] = await Promise.all([serverMs(), backends()]);
        // a backend that started meanwhile counts from zero; one that ended meanwhile is missed
        let pgMs = 0;
        for (const [pid, ms] of pgAfter) pgMs += ms - (pgBefore.get(pid) ?? 0);
        return { node: (nodeAfter - node) / requests, pg: pgMs / requests };
      };
    },
  };
}
