import { randomBytes } from 'node:crypto';
import { sha256Hex, tenantPattern } from '../api/auth';
import { actorIdPattern, apiRoles, type ApiRole } from '../domain/actor';

/**
 * `npm run api-key -- <principal> <role> [<tenant>]`: a new random API key, and the
 * ONBOARDING_API_KEYS entry that holds only its hash. Give the key to its holder once; keep the entry.
 * With a tenant, the key reaches that tenant's onboardings only (api/tenant.ts).
 */
const [principal, role, tenant, ...extra] = process.argv.slice(2);
if (
  !principal ||
  !actorIdPattern.test(principal) ||
  !apiRoles.includes(role as ApiRole) ||
  (tenant !== undefined && !tenantPattern.test(tenant)) ||
  extra.length > 0
) {
  console.error(`usage: npm run api-key -- <principal (letters, digits, ._@:-)> <${apiRoles.join('|')}> [<tenant (a-z, 0-9, -)>]`);
  process.exit(2);
}
const key = `onb_${randomBytes(24).toString('base64url')}`;
console.log(`key (give it to ${principal}; it is not stored anywhere): ${key}`);
console.log(`ONBOARDING_API_KEYS entry: ${principal}:${role}:${sha256Hex(key)}${tenant !== undefined ? `:${tenant}` : ''}`);
