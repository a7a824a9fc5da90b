import { execFileSync } from 'node:child_process';
import { StackPostgres } from './postgres';
import type { Service, StackContext } from './service';
import { clusterEnv } from './cluster';
import { allServices, stackServices, type Topology } from './services';
import { createHash } from 'node:crypto';
import { providerNames } from '../../domain/providers';
import { root, stackApiKeys, stackCodecKeys, stackPorts, stackTools, stackWebhookSecret } from './settings';

/** The stack's context: its tools (installed or built on first use), ports, database, services and shared environment. */
export function stackContext(topology: Topology = 'single'): StackContext {
  const tools = stackTools();
  const ports = stackPorts();
  return {
    tools,
    ports,
    services: stackServices(topology),
    temporalEnv: topology === 'cluster' ? clusterEnv() : {},
    postgres: new StackPostgres(tools, ports.postgres),
    nodeEnv: {
      TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
      TEMPORAL_NAMESPACE: 'default',
      ONBOARDING_TASK_QUEUE: 'onboarding',
      ONBOARDING_CODEC_KEYS: stackCodecKeys(),
      SANDBOX_URL: `http://127.0.0.1:${ports.sandbox}`,
      LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'info',
      // The API and the codec server: hashes of the stack's keys (.data/stack/api-keys holds the keys).
      ONBOARDING_API_KEYS: stackApiKeys()
        .map((k) => `${k.id}:${k.role}:${createHash('sha256').update(k.key).digest('hex')}`)
        .join(','),
      ONBOARDING_WEBHOOK_SECRETS: providerNames.map((p) => `${p}:${stackWebhookSecret()}`).join(','),
    },
  };
}

/** `npm run build`: the stack runs the compiled code (dist/) and its prebuilt workflow bundle. */
export function build(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

export function service(name: string): Service {
  const found = allServices.find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name} in the stack (${allServices.map((s) => s.name).join(', ')})`);
  return found;
}

/** Starts every service not running yet, in order, each once ready; refuses while the other topology runs. */
export async function startStack(ctx: StackContext, say: (line: string) => void = () => {}): Promise<void> {
  const other = allServices.filter((s) => !ctx.services.includes(s) && s.running(ctx)).map((s) => s.name);
  if (other.length > 0) throw new Error(`the stack runs another topology (${other.join(', ')}): stop it first with npm run stack -- --stop`);
  for (const s of ctx.services) {
    if (s.running(ctx)) {
      say(`${s.name}: already running`);
      continue;
    }
    const started = Date.now();
    await s.start(ctx);
    say(`${s.name}: ${s.running(ctx) ? 'ready' : 'done'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/** Stops every service of either topology, last started first. */
export async function stopStack(ctx: StackContext, say: (line: string) => void = () => {}): Promise<void> {
  for (const s of [...allServices].reverse()) {
    if (!s.running(ctx)) continue;
    await s.stop(ctx);
    say(`${s.name}: stopped`);
  }
}

/** Stops one service (SIGTERM drains, SIGKILL is a crash) and starts it again, ready. */
export async function restartService(ctx: StackContext, name: string, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const s = service(name);
  await s.stop(ctx, signal);
  await s.start(ctx);
}

export function stackUrls(ctx: StackContext): Record<string, string> {
  return Object.assign({}, ...ctx.services.map((s) => s.urls?.(ctx) ?? {}));
}
