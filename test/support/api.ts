import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { parseApiKeys, sha256Hex } from '../../api/auth';
import { buildApi, type ApiOptions } from '../../api/server';
import { apiRoles, type ApiRole } from '../../domain/actor';
import type { OnboardingClient } from '../../client/onboarding-client';
import { startHarness, type Harness } from './harness';

/** The API on a free port over a harness's client, with one fresh key per role and its log lines captured. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read field by field in the tests
type AnswerBody = any;

export interface TestApi {
  url: string;
  app: FastifyInstance;
  /** Bearer keys by role (principal "test-<role>"). */
  keys: Record<ApiRole, string>;
  /** Every pino line the API wrote, parsed. */
  logs: Record<string, unknown>[];
  /** The raw text it logged, to check what never appears there. */
  logText(): string;
  call(
    method: string,
    path: string,
    options?: { role?: ApiRole; key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: AnswerBody }>;
  close(): Promise<void>;
}

export function randomKeys(): Record<ApiRole, string> {
  return Object.fromEntries(apiRoles.map((role) => [role, `test_${role}_${randomBytes(18).toString('base64url')}`])) as Record<ApiRole, string>;
}

export function apiKeysSpec(keys: Record<ApiRole, string>): string {
  return apiRoles.map((role) => `test-${role}:${role}:${sha256Hex(keys[role])}`).join(',');
}

export async function startTestApi(
  client: OnboardingClient,
  overrides: Partial<ApiOptions> & { keys?: never; roleKeys?: Record<ApiRole, string>; port?: number; extraKeyEntries?: string[] } = {},
): Promise<TestApi> {
  const keys = overrides.roleKeys ?? randomKeys();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const { roleKeys: _k, port, extraKeyEntries = [], ...rest } = overrides;
  const app = await buildApi({
    client,
    keys: parseApiKeys([apiKeysSpec(keys), ...extraKeyEntries].join(',')),
    webhookSecrets: new Map(),
    webhookToleranceSeconds: 300,
    bodyLimitBytes: 16 * 1024,
    otpLimits: { perReference: 100, perKey: 1000, windowSeconds: 60 },
    logger: pino({ level: 'info' }, sink),
    ...rest,
  });
  await app.listen({ host: '127.0.0.1', port: port ?? 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    app,
    keys,
    get logs() {
      return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const key = options.key ?? (options.role ? keys[options.role] : undefined);
      if (key) headers.authorization = `Bearer ${key}`;
      let body: string | undefined = options.rawBody;
      if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(url + path, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: kept as text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
    close: () => app.close(),
  };
}

/**
 * Registers a test file's beforeAll/afterAll: a harness and the API over it, closed API first.
 * Read `h` and `api` inside tests and hooks, where they have been started.
 */
export function harnessWithApi(options: { harness?: Parameters<typeof startHarness>[0]; api?: Parameters<typeof startTestApi>[1] } = {}): {
  readonly h: Harness;
  readonly api: TestApi;
} {
  let h: Harness | undefined;
  let api: TestApi | undefined;
  beforeAll(async () => {
    h = await startHarness(options.harness);
    api = await startTestApi(h.client, options.api);
  });
  afterAll(async () => {
    await api?.close();
    await h?.close();
  });
  return {
    get h() {
      if (!h) throw new Error('The harness is not started: read it inside a test or a hook, after beforeAll.');
      return h;
    },
    get api() {
      if (!api) throw new Error('The API is not started: read it inside a test or a hook, after beforeAll.');
      return api;
    },
  };
}
