import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { logFile } from './processes';
import { deployFiles, logDir, postgresPassword, root, stackDir, type StackTools } from './settings';

/** Room for the cluster's six hosts' pools (see start()); the compose cluster sets the same (test/deploy/deploy-drift.test.ts). */
export const postgresMaxConnections = 250;

/**
 * The stack's private PostgreSQL cluster in .data/stack/postgres, on 127.0.0.1 only, managed
 * with pg_ctl (no system service). initdb and postgres refuse to run as root, so as root they run
 * as an unprivileged account (STACK_POSTGRES_OS_USER, default `postgres`, which Debian's package
 * creates) that owns the data directory.
 */
export class StackPostgres {
  private readonly osUser = process.env.STACK_POSTGRES_OS_USER ?? 'postgres';
  private readonly asRoot = userInfo().uid === 0;

  /** `dataDir`: another cluster than the stack's (the upgrade test's); its log is named after it. */
  constructor(
    private readonly tools: StackTools,
    readonly port: number,
    readonly dataDir = path.join(stackDir, 'postgres'),
  ) {}

  private get log(): string {
    return logFile(path.basename(this.dataDir));
  }

  get password(): string {
    return postgresPassword();
  }

  /** Runs a PostgreSQL program as the cluster's owner. */
  private run(program: string, args: string[], options: { check?: boolean } = {}): { status: number; output: string } {
    const bin = path.join(this.tools.PG_BINDIR, program);
    const [command, argv] = this.asRoot ? ['runuser', ['-u', this.osUser, '--', bin, ...args]] : [bin, args];
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: path.dirname(this.dataDir) });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    if (options.check !== false && result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed (${result.status}): ${output}`);
    return { status: result.status ?? 1, output };
  }

  /** The owner's uid and gid, to hand it the files it writes (as root only). */
  private owner(): { uid: number; gid: number } {
    const id = (flag: string) => Number(execFileSync('id', [flag, this.osUser], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  }

  private giveToOwner(file: string): void {
    if (!this.asRoot) return;
    const { uid, gid } = this.owner();
    chownSync(file, uid, gid);
  }

  /** Creates the cluster once: superuser `temporal` with a generated password, scram over TCP, no Unix socket. */
  initialize(): void {
    if (existsSync(path.join(this.dataDir, 'PG_VERSION'))) return;
    // Its parent readable by the cluster's owner; the cluster's own directory private to it.
    mkdirSync(path.dirname(this.dataDir), { recursive: true });
    mkdirSync(this.dataDir, { mode: 0o700 });
    this.giveToOwner(this.dataDir);
    const pwfile = path.join(path.dirname(this.dataDir), '.initdb-password');
    writeFileSync(pwfile, this.password, { mode: 0o600 });
    this.giveToOwner(pwfile);
    try {
      this.run('initdb', [
        '-D',
        this.dataDir,
        '-U',
        'temporal',
        `--pwfile=${pwfile}`,
        '--auth-host=scram-sha-256',
        '--auth-local=peer',
        '-E',
        'UTF8',
        '--no-locale',
      ]);
    } finally {
      rmSync(pwfile, { force: true });
    }
    appendFileSync(
      path.join(this.dataDir, 'postgresql.conf'),
      "\n# The onboarding stack: TCP on the loopback only, no Unix socket.\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n",
    );
  }

  isRunning(): boolean {
    return existsSync(path.join(this.dataDir, 'PG_VERSION')) && this.run('pg_ctl', ['status', '-D', this.dataDir], { check: false }).status === 0;
  }

  isReady(): boolean {
    return spawnSync(path.join(this.tools.PG_BINDIR, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-q']).status === 0;
  }

  start(): void {
    mkdirSync(logDir, { recursive: true });
    const log = this.log;
    if (!existsSync(log)) writeFileSync(log, '');
    this.giveToOwner(log);
    // Each Temporal host may open its pools' maxConns (deploy/temporal/server/onboarding.yaml: 20 +
    // 10): the cluster's six hosts 180, past PostgreSQL's default of 100 ("too many clients", seen
    // under the bench's load). Room for them, our tools and a superuser's psql.
    this.run('pg_ctl', ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', log, '-o', `-p ${this.port} -c max_connections=${postgresMaxConnections}`]);
  }

  /** `pg_ctl restart -m fast`: active connections are cut, as in a failover or an upgrade. */
  restart(): void {
    this.run('pg_ctl', ['restart', '-w', '-t', '60', '-m', 'fast', '-D', this.dataDir, '-l', this.log]);
  }

  stop(): void {
    if (this.isRunning()) this.run('pg_ctl', ['stop', '-w', '-t', '60', '-m', 'fast', '-D', this.dataDir]);
  }

  /** One SQL statement's result as psql's unaligned text (`-At`), as the superuser `temporal`. */
  query(sql: string, database = 'postgres'): string {
    const psql = path.join(this.tools.PG_BINDIR, 'psql');
    return execFileSync(psql, ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'temporal', '-d', database, '-At', '-c', sql], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: this.password },
    }).trim();
  }

  /**
   * Temporal hosts whose membership heartbeat (every 10–15 s) is under 20 s old: those a starting
   * host lists to join its ring (`healthyHostLastHeartbeatCutoff` in the server's ringpop monitor).
   */
  liveTemporalHosts(): number {
    return Number(this.query("select count(*) from cluster_membership where last_heartbeat > now() at time zone 'utc' - interval '20 seconds'", 'temporal'));
  }

  /**
   * Creates and migrates Temporal's two databases with its SQL tool and the schema files of its
   * module (deploy/temporal/migrate.sh, which docker-compose runs too); idempotent, so it runs at
   * each start and an upgraded server's schema is applied. `temporalEnv`: the cluster's databases.
   */
  migrate(temporalEnv: NodeJS.ProcessEnv = {}): void {
    const result = spawnSync('sh', [path.join(root, deployFiles.migrate)], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ...temporalEnv,
        TEMPORAL_SQL_TOOL: this.tools.TEMPORAL_SQL_TOOL_BIN,
        TEMPORAL_SCHEMA_DIR: this.tools.TEMPORAL_SCHEMA_DIR,
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: '127.0.0.1',
        SQL_PORT: String(this.port),
        SQL_USER: 'temporal',
        SQL_PASSWORD: this.password,
      },
    });
    appendFileSync(logFile('temporal-schema'), `${result.stdout}${result.stderr}`);
    if (result.status !== 0)
      throw new Error(`deploy/temporal/migrate.sh failed (see .data/logs/temporal-schema.log): ${result.stderr.trim().split('\n').slice(-5).join('\n')}`);
  }
}
