import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../api/auth';
import { actorIdPattern, apiRoles, type ApiRole } from '../domain/actor';

/**
 * `npm run api-key -- <principal> <backend|support|operator>`: a new random API key, and the
 * ONBOARDING_API_KEYS entry that holds only its hash. Give the key to its holder once; keep the entry.
 */
const [principal, role] = process.argv.slice(2);
if (!principal || !actorIdPattern.test(principal) || !apiRoles.includes(role as ApiRole)) {
  console.error(`usage: npm run api-key -- <principal (letters, digits, ._@:-)> <${apiRoles.join('|')}>`);
  process.exit(2);
}
const key = `onb_${randomBytes(24).toString('base64url')}`;
console.log(`key (give it to ${principal}; it is not stored anywhere): ${key}`);
console.log(`ONBOARDING_API_KEYS entry: ${principal}:${role}:${sha256Hex(key)}`);
