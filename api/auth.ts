import { createHash } from 'node:crypto';
import { actorIdPattern, apiRoles, type ApiRole } from '../domain/actor';

/** The authenticated caller: an id and a role, never the key itself. */
export interface Principal {
  id: string;
  role: ApiRole;
  /** A key scoped to a tenant sees and acts on that tenant's onboardings only (api/tenant.ts). */
  tenant?: string;
}

/** A tenant id: lower-case letters, digits and dashes (it becomes a search attribute value). */
export const tenantPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Keys by the SHA-256 of their secret: the environment holds hashes only, never a usable key. */
export type ApiKeyTable = ReadonlyMap<string, Principal>;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * ONBOARDING_API_KEYS="<principal>:<role>:<sha256 hex of the key>[:<tenant>],…", for example
 * `shop-backend:backend:9f86d0…:shop`. `npm run api-key -- <principal> <role> [<tenant>]` makes a key and its entry.
 */
export function parseApiKeys(spec: string | undefined, variable = 'ONBOARDING_API_KEYS'): ApiKeyTable {
  const table = new Map<string, Principal>();
  const entries = (spec ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error(`${variable} is not set: no caller could authenticate (see docs/api.md, "Roles and keys")`);
  for (const [i, entry] of entries.entries()) {
    const [id, role, hash, tenant, ...rest] = entry.split(':');
    const badTenant = tenant !== undefined && !tenantPattern.test(tenant);
    if (rest.length > 0 || badTenant || !id || !actorIdPattern.test(id) || !apiRoles.includes(role as ApiRole) || !/^[0-9a-f]{64}$/.test(hash ?? '')) {
      throw new Error(`${variable} entry ${i + 1} must be "<principal>:<${apiRoles.join('|')}>:<sha256 hex of the key>[:<tenant: a-z, 0-9, ->]"`);
    }
    if (table.has(hash)) throw new Error(`${variable} entry ${i + 1} repeats a key of another entry`);
    table.set(hash, { id, role: role as ApiRole, ...(tenant !== undefined ? { tenant } : {}) });
  }
  return table;
}

/**
 * The caller named by an Authorization header: `Bearer <key>` (backends, scripts, the Temporal
 * CLI's --codec-auth) or `Basic base64(<principal>:<key>)` (a browser that signed in to the codec
 * server; the Web UI then sends it with "include cross-origin credentials"). Undefined when
 * missing or unknown. The lookup is by the key's hash, so no comparison runs on the secret itself.
 */
export function authenticate(keys: ApiKeyTable, authorization: string | undefined): Principal | undefined {
  if (!authorization) return undefined;
  const bearer = authorization.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return keys.get(sha256Hex(bearer));
  const basic = authorization.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const principal = keys.get(sha256Hex(decoded.slice(colon + 1)));
  return principal?.id === decoded.slice(0, colon) ? principal : undefined;
}
