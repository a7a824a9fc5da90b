import type { ApiRole } from '../../domain/actor';

/** Where the suite's fixtures live once started (hostile.test.ts). */
export interface Fixtures {
  apiUrl: string;
  codecUrl: string;
  keys: Record<ApiRole, string>;
  /** The codec server's own key table: the same roles, other keys. */
  codecKeys: Record<ApiRole, string>;
  /** Backend keys of two tenants; `running` belongs to tenant A. */
  tenantKeys: { a: string; b: string };
  /** A Stokn onboarding waiting for KYC, its next poll an hour away: nothing moves it but a message. */
  running: { reference: string; userId: string };
  /** A cancelled Sovera onboarding. */
  ended: { reference: string };
  webhookSecret: string;
}

/** The OWASP API Security Top 10 (2023) / ASVS 4 chapters the cases are sorted by. */
export type Chapter =
  | 'transport and encoding (ASVS V13, V14)'
  | 'structure (ASVS V5.1)'
  | "each field's domain (ASVS V5.1, API3)"
  | 'authentication (API2, ASVS V2)'
  | 'role × route (API5)'
  | 'tenant × route (API1)'
  | 'idempotency races (API6)'
  | 'list and query injection (API8, ASVS V5.3)'
  | 'webhook forgery and replay (API10)'
  | 'codec abuse (API3, API5)'
  | 'ended onboardings (API6)'
  | 'rate limits (API4)'
  | 'response headers (API8, ASVS V14.4)';

export interface HostileRequest {
  target?: 'api' | 'codec';
  method: string;
  path: string;
  /** Sent as `Authorization: Bearer <key>`. */
  as?: ApiRole | 'tenant-a' | 'tenant-b';
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or bytes as they are (with `application/json` unless headers say otherwise). */
  body?: unknown;
}

/** The answer a careful API gives. */
export interface CarefulAnswer {
  status: number;
  /** The problem's type, without `/problems/`. */
  type?: string;
  /** A field the problem's `errors` must name. */
  field?: string;
  /** Headers the answer must carry (exact values). */
  headers?: Record<string, string>;
  /** Text the answer must not contain (a reference of another tenant, a value that was sent). */
  notContaining?: string[];
}

export interface HostileCase {
  chapter: Chapter;
  name: string;
  /** Built once the fixtures exist; a list is sent in order and its last answer judged (replays, rate limits). */
  request(f: Fixtures): HostileRequest | HostileRequest[];
  expect: CarefulAnswer | ((f: Fixtures) => CarefulAnswer);
  /** What the case may change in Temporal; by default nothing (no onboarding started, no history grown). */
  starts?: number;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  problem?: { type?: string; errors?: { field: string; message: string }[] };
}

export async function send(f: Fixtures, request: HostileRequest): Promise<Answer> {
  const base = request.target === 'codec' ? f.codecUrl : f.apiUrl;
  const headers: Record<string, string> = { ...request.headers };
  const roleKeys = request.target === 'codec' ? f.codecKeys : f.keys;
  const key = request.as === 'tenant-a' ? f.tenantKeys.a : request.as === 'tenant-b' ? f.tenantKeys.b : request.as ? roleKeys[request.as] : undefined;
  if (key) headers.authorization = `Bearer ${key}`;
  let body: string | Buffer | undefined;
  if (request.body !== undefined) {
    body = typeof request.body === 'string' || Buffer.isBuffer(request.body) ? request.body : JSON.stringify(request.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await fetch(base + request.path, { method: request.method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let problem: Answer['problem'];
  if (response.headers.get('content-type')?.includes('json')) {
    try {
      problem = JSON.parse(text) as Answer['problem'];
    } catch {
      problem = undefined;
    }
  }
  return { status: response.status, headers: response.headers, text, problem };
}
