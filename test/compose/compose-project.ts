import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { docker } from './docker-engine';

const root = path.resolve(__dirname, '..', '..');

/** What `docker inspect` tells of one container, as far as the test reads it. */
export interface Container {
  Name: string;
  State: {
    Status: string;
    ExitCode: number;
    StartedAt: string;
    FinishedAt: string;
    OOMKilled: boolean;
    Health?: { Status: string; Log: { Start: string; End: string; ExitCode: number }[] };
  };
  Config: { Labels: Record<string, string> };
  HostConfig: { Init: boolean | null; PortBindings: Record<string, { HostIp: string; HostPort: string }[]> | null; NetworkMode: string };
  NetworkSettings: { Networks: Record<string, unknown> };
}

/**
 * docker-compose.yml as one project on the test's engine: `docker compose` where the CLI has the
 * plugin, else Debian's `docker-compose`; every command's output appended to one log.
 */
export class ComposeProject {
  private readonly command: string[];

  constructor(
    readonly name: string,
    readonly host: string,
    /** Files over docker-compose.yml (-f), relative to the project. */
    private readonly overrides: string[],
    private readonly env: Record<string, string>,
    private readonly log: string,
  ) {
    const plugin = spawnSync('docker', ['compose', 'version'], { env: this.fullEnv(), encoding: 'utf8' }).status === 0;
    this.command = plugin ? ['docker', 'compose'] : ['docker-compose'];
  }

  /** Runs a compose command; throws with its output when it fails. */
  run(args: string[], timeoutMs = 600_000): string {
    const files = ['docker-compose.yml', ...this.overrides].flatMap((file) => ['--file', path.join(root, file)]);
    const argv = [...this.command.slice(1), '--project-name', this.name, ...files, ...args];
    const out = spawnSync(this.command[0], argv, { cwd: root, env: this.fullEnv(), encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
    appendFileSync(this.log, `$ ${this.command.join(' ')} ${args.join(' ')}\n${out.stdout}${out.stderr}\n`);
    if (out.status !== 0)
      throw new Error(
        `${this.command.join(' ')} ${args.join(' ')} failed (${out.status ?? out.signal}): ${out.stderr.trim().split('\n').slice(-8).join('\n')}`,
      );
    return out.stdout;
  }

  /** Every container of the project (stopped ones too), by compose service. */
  containers(): { service: string; inspect: Container }[] {
    const ids = docker(this.host, ['ps', '--all', '--quiet', '--filter', `label=com.docker.compose.project=${this.name}`])
      .stdout.split('\n')
      .filter(Boolean);
    if (ids.length === 0) return [];
    const inspected = JSON.parse(docker(this.host, ['inspect', ...ids]).stdout) as Container[];
    return inspected.map((inspect) => ({ service: inspect.Config.Labels['com.docker.compose.service'], inspect }));
  }

  /** The containers of one service. */
  of(service: string): Container[] {
    return this.containers()
      .filter((c) => c.service === service)
      .map((c) => c.inspect);
  }

  /**
   * What the engine recorded for the project's containers since `sinceMs`: starts, deaths and
   * health changes, with their times. Inspect keeps only a container's last five probes, so the
   * moment one first turned healthy is read here.
   */
  events(sinceMs: number): { service: string; container: string; action: string; atMs: number }[] {
    const args = ['events', '--since', String(Math.floor(sinceMs / 1000)), '--until', String(Math.ceil(Date.now() / 1000) + 1)];
    const out = docker(this.host, [
      ...args,
      '--filter',
      `label=com.docker.compose.project=${this.name}`,
      '--filter',
      'type=container',
      '--format',
      '{{json .}}',
    ]);
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { Action: string; timeNano: number; Actor: { Attributes: Record<string, string> } })
      .map((e) => ({
        service: e.Actor.Attributes['com.docker.compose.service'],
        container: e.Actor.Attributes.name,
        action: e.Action,
        atMs: e.timeNano / 1e6,
      }));
  }

  private fullEnv(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.env, DOCKER_HOST: this.host };
  }
}
