import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import type { Principal } from '../api/auth';
import { allows } from '../api/permissions';
import { maskEmail, maskPhone, masked } from '../domain/masking';

/**
 * What the codec server shows of a decrypted payload, by role and field (issue 16, section 4).
 * The payloads are JSON (`json/plain`): the value is walked and each field is judged by its name,
 * its shape and, for strings, its content.
 *
 * - Credentials (passwords, tokens, JWTs, OTP codes, also a bare one as an activity's argument,
 *   `{secret}` objects, sealed values) become
 *   `credentialMarker` for every role, compliance included: no one reads them in the Web UI. This
 *   holds even once the workers seal credentials under their own key (defence in depth).
 * - A person's fields (names, email, phone, date of birth, address, identity document, EOA, all
 *   of a `person` or a beneficial owner) are shown in full to `decode-person` (compliance), as
 *   domain/masking.ts masks them to support (email's first letter and domain, phone's last 3
 *   digits, anything else `…`), and as `…` to everyone else (operators see ids, steps, states).
 * - A payload in another encoding (binary, protobuf) cannot be walked, so no one can be shown it
 *   without risking a credential: it becomes `withheldPayload`. The project writes only JSON.
 */

export type PersonView = 'full' | 'masked' | 'hidden';

/** compliance reads a person in full, support masked, operators not at all. */
export function personViewOf(principal: Principal): PersonView {
  if (allows(principal.role, 'decode-person')) return 'full';
  return principal.role === 'support' ? 'masked' : 'hidden';
}

export const credentialMarker = '[credential]';
export const withheldPayload = (encoding: string) => `[not shown: a ${encoding || 'payload without encoding'} payload cannot be checked for credentials]`;

/**
 * Field names that hold a credential (compared in lower case). `code` is the OTP in submitOtp;
 * `identificationUrl` is Stokn's KYC link, which opens the person's own KYC session.
 */
const credentialNames = new Set([
  'code',
  'otp',
  'otpcode',
  'password',
  'secret',
  'credential',
  'usercredential',
  'jwt',
  'apikey',
  'authorization',
  'identificationurl',
]);
/** …and any name ending so (accessToken, refreshToken, kycAppToken, clientToken, newPassword). */
const credentialSuffix = /(token|password|secret|jwt)$/i;
/** A sealed value (credentials the workers seal under a key this server does not hold): an object with a `sealed…` field. */
const sealedName = /^\$?seal/i;
/** A payload that is only 4 to 8 digits is an OTP code passed alone (verifyOtp's argument): no field name says so. */
const bareOtpCode = /^\d{4,8}$/;
/** A JWT anywhere in a string (a failure message may quote one). */
const jwtInText = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const emailInText = /[^\s"'<>@,;:()]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/g;

/** Names whose whole value is a person's (objects: every field under them). */
const personalNames = new Set([
  'person',
  'beneficialowners',
  'firstname',
  'middlename',
  'lastname',
  'name',
  'fullname',
  'email',
  'phone',
  'dateofbirth',
  'identity',
  'ssn',
  'taxid',
  'eoaaddress',
]);

/**
 * The lists of the SDK's `__temporal_workflow_metadata` query result, which the Web UI asks for and
 * decodes: each entry's `name` is a handler's (`submitOtp`), from our code, never a person's. Masked,
 * every entry is `…`, and UI 2.56's Update, Signal and Query pickers (keyed by name) fail on the
 * duplicates (a Svelte each_key_duplicate error page).
 */
const handlerLists = new Set(['queryDefinitions', 'signalDefinitions', 'updateDefinitions']);

const isCredentialName = (name: string) => credentialNames.has(name.toLowerCase()) || credentialSuffix.test(name);
/** `address` is a person's postal address when it is an object; a string `address` is a deposit or Safe address (an id). */
const isPersonalField = (name: string, value: unknown) =>
  personalNames.has(name.toLowerCase()) || (name === 'address' && typeof value === 'object' && value !== null);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSecretObject = (v: Record<string, unknown>) => Object.keys(v).some((k) => k === 'secret' || sealedName.test(k));

/** A person's single value as `view` shows it; `name` is the field's (email and phone keep a hint for support). */
function personalLeaf(name: string, value: unknown, view: PersonView): unknown {
  if (view === 'full' || value === null || value === undefined) return value;
  if (view === 'masked' && typeof value === 'string') {
    if (name === 'email') return maskEmail(value);
    if (name === 'phone') return maskPhone(value);
  }
  return masked;
}

/** Free text (a failure message, a reason): JWTs out for everyone, emails masked for whoever may not read a person. */
function scrubText(text: string, view: PersonView): string {
  const withoutJwts = text.replace(jwtInText, credentialMarker);
  return view === 'full' ? withoutJwts : withoutJwts.replace(emailInText, (email) => (view === 'masked' ? maskEmail(email) : masked));
}

interface Walk {
  view: PersonView;
  /** `reference` values met on the way: the onboardings the payload belongs to. */
  references: Set<string>;
}

function walk(value: unknown, name: string, personal: boolean, w: Walk): unknown {
  if (isCredentialName(name)) return credentialMarker;
  if (isPlainObject(value) && isSecretObject(value)) return credentialMarker;
  const inPerson = personal || isPersonalField(name, value);
  if (Array.isArray(value)) return value.map((item) => walk(item, name, inPerson, w));
  if (isPlainObject(value)) {
    // A phone object ({country, number}) masks its number like a phone; a handler's name is no person's.
    const childName = (key: string) => {
      if (name.toLowerCase() === 'phone' && key === 'number') return 'phone';
      return handlerLists.has(name) && key === 'name' ? 'handler' : key;
    };
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, walk(v, childName(key), inPerson, w)]));
  }
  if (typeof value === 'string' && name === 'reference' && !inPerson) w.references.add(value);
  if (inPerson) return personalLeaf(name, value, w.view);
  return typeof value === 'string' ? scrubText(value, w.view) : value;
}

/** A decoded JSON value as `view` may see it, and the references found in it. */
export function redactValue(value: unknown, view: PersonView): { value: unknown; references: string[] } {
  const w: Walk = { view, references: new Set() };
  if (typeof value === 'string' && bareOtpCode.test(value)) return { value: credentialMarker, references: [] };
  return { value: walk(value, '', false, w), references: [...w.references] };
}

const encodingOf = (p: Payload) => Buffer.from(p.metadata?.[METADATA_ENCODING_KEY] ?? []).toString();
const jsonPayload = (value: unknown): Payload => ({
  metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});

/** One decrypted payload as `view` may see it (see the module's comment), and the references found in it. */
export function redactPayload(payload: Payload, view: PersonView): { payload: Payload; references: string[] } {
  const encoding = encodingOf(payload);
  if (encoding === 'binary/null') return { payload, references: [] };
  if (encoding === 'json/plain') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8'));
    } catch {
      return { payload: jsonPayload(withheldPayload('malformed json/plain')), references: [] };
    }
    const { value, references } = redactValue(parsed, view);
    return { payload: jsonPayload(value), references };
  }
  return { payload: jsonPayload(withheldPayload(encoding)), references: [] };
}
