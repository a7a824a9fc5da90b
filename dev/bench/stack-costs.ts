import { readdirSync, readFileSync } from 'node:fs';
import { StackPostgres } from '../stack/postgres';
import { stackPorts, stackTools } from '../stack/settings';
import { cpuMsOf } from './cpu';

/** What the stack's server side spent, cumulative: its processes' CPU, and what PostgreSQL wrote. */
export interface StackSpend {
  serverCpuMs: number;
  databaseCpuMs: number;
  /** Rows inserted, updated and deleted in the Temporal databases (history, executions, tasks, ...). */
  rows: number;
  /** The same, in the visibility databases (what the Web UI lists). */
  visibilityRows: number;
  walBytes: number;
  /** The Temporal databases' size on disk (pg_database_size): what the run left stored. */
  storedBytes: number;
}

/**
 * The stack on this machine (`npm run stack`, single or cluster): every Temporal server process and
 * every PostgreSQL process, found by name, and PostgreSQL's own counters. Read before
 * and after a measurement; PostgreSQL publishes a backend's row counts when it goes idle (at most
 * 10 s later), so `settled` waits that long first.
 */
export function stackSpender(): { spent(): Promise<StackSpend> } {
  const postgres = new StackPostgres(stackTools(), stackPorts().postgres);
  return {
    async spent() {
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      const [rows, visibilityRows] = postgres
        .query(
          "select coalesce(sum(tup_inserted + tup_updated + tup_deleted) filter (where datname not like '%visibility'), 0), " +
            "coalesce(sum(tup_inserted + tup_updated + tup_deleted) filter (where datname like '%visibility'), 0) from pg_stat_database where datname like 'temporal%'",
        )
        .split('|')
        .map(Number);
      const walBytes = Number(postgres.query("select pg_current_wal_lsn() - '0/0'"));
      const storedBytes = Number(postgres.query("select sum(pg_database_size(datname)) from pg_database where datname like 'temporal%'"));
      const sum = (pids: number[]) => pids.reduce((total, pid) => total + (cpuMsOf(pid, { reaped: true }) || 0), 0);
      // The server is dev/temporal-stack.sh's build (.tools/temporal-server-v<version>/server); a PostgreSQL backend is named `postgres`.
      const servers = processes((comm, argv0) => comm === 'server' && /\/temporal-server-v[^/]+\/server$/.test(argv0));
      const databases = processes((comm) => comm === 'postgres');
      return { serverCpuMs: sum(servers), databaseCpuMs: sum(databases), rows, visibilityRows, walBytes, storedBytes };
    },
  };
}

/** Processes by their name (`comm`, which a PostgreSQL backend keeps while it rewrites its command line) and program. */
function processes(matches: (comm: string, argv0: string) => boolean): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return matches(readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Per onboarding, between two readings. */
export function perRun(before: StackSpend, after: StackSpend, runs: number): StackSpend {
  const per = (k: keyof StackSpend) => Math.round(((after[k] - before[k]) / Math.max(1, runs)) * 10) / 10;
  return {
    serverCpuMs: per('serverCpuMs'),
    databaseCpuMs: per('databaseCpuMs'),
    rows: per('rows'),
    visibilityRows: per('visibilityRows'),
    walBytes: per('walBytes'),
    storedBytes: per('storedBytes'),
  };
}
