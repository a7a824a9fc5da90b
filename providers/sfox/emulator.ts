import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { EmulatorContext, ProviderEmulator } from '../../dev/sandbox/emulator';
import { HttpError, json, type SandboxRequest, type SandboxResponse } from '../../dev/sandbox/http';
import { Router } from '../../dev/sandbox/router';
import { randomBitcoinTestnetAddress, randomEthereumAddress } from '../../dev/sandbox/addresses';
import { sfoxBusinessTypes, sfoxCorporationPurposes, sfoxIndividualPurposes, sfoxOrganizationTypes, sfoxUsStates } from './vocabulary';
import { checkCode, isUsable, sendChallenge, type OtpChallenge } from '../../dev/sandbox/otp-challenge';
import { TokenStore } from '../../dev/sandbox/token-store';
import { KycReview, requestedDecision } from '../../dev/sandbox/kyc-review';
import { sfox as runtime } from './index';

/**
 * sFOX Connect emulator (base path /sfox, as https://api.sfox.com).
 *
 * From the provider's page (sfox-register-account.txt) and SPEC.md:
 * - partner calls: `Authorization: Bearer <enterprise key>`; errors are `{"error": "<message>"}`;
 *   messages name the field and never echo the submitted value.
 * - POST /v1/enterprise/register-account with the page's validation for both account types;
 *   202 `{data:{user_id, status:"PENDING", requirements}}`; the email code goes out on registration.
 * - POST /v1/enterprise/users/send-verification/:userId, POST /v1/enterprise/users/verify/:userId,
 *   GET /v1/enterprise/users/:userId, POST /v1/enterprise/user-tokens/:userId (24 h),
 *   DELETE /v1/enterprise/account/:userId.
 *
 * Our choices *(ours)*, kept in the adapter too:
 * - 422 validation errors list every problem: `"individual.dob: must be ...; email: ..."`.
 * - A duplicate user_id is a 409 (`user_id: ...`), checked before the duplicate email (409, `email: ...`).
 * - OTP codes: 6 digits, valid `otpTtlMs` (10 min); a new code of a type replaces the previous one;
 *   5 wrong attempts kill a code (later attempts answer "too many incorrect attempts"); an expired
 *   code answers a distinct "has expired" message. Verifying an already verified type answers 422
 *   "Email already verified" / "SMS already verified".
 * - Status: PENDING until no requirement is left AND KYC is decided (admin call, or automatically
 *   `autoDecideKycAfterMs` after the last requirement was met). Persona: last_name "Rejected" is
 *   decided UNSUPPORTED (terminal). DELETE deactivates: status INACTIVE, user tokens revoked.
 * - POST /v1/user/deposit/address/:currency with a user token: 403 unless VERIFIED; one address per
 *   currency (btc: bitcoin-testnet bech32; eth and usdc share one ethereum-sepolia EIP-55 address).
 *   201 when created, 200 when it already existed.
 * - DELETE of an already deactivated account answers 200 again (idempotent compensation).
 */
export interface SfoxEmulatorOptions {
  /** The partner's enterprise API key. */
  enterpriseKey?: string;
  /** When set, KYC is decided this many ms after the last requirement was met. */
  autoDecideKycAfterMs?: number;
  /** Lifetime of one OTP code (default 10 minutes). */
  otpTtlMs?: number;
  /** Wrong attempts allowed per code (default 5). */
  otpMaxAttempts?: number;
  /** Lifetime of a user token (default 24 hours). */
  userTokenTtlMs?: number;
}

type Status = 'PENDING' | 'VERIFIED' | 'UNSUPPORTED' | 'INACTIVE';
type OtpType = 'email' | 'sms';

interface Address {
  address: string;
  currency: string;
  network: string;
}

interface SfoxUser {
  userId: string;
  accountType: 'individual' | 'corporation';
  accountRole: 'client' | 'advisor';
  advisorUserId?: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  createdAt: number;
  requirements: Partial<Record<OtpType, true>>;
  /** When the last requirement was met. */
  requirementsMetAt?: number;
  decision?: 'VERIFIED' | 'UNSUPPORTED';
  deactivatedAt?: number;
  codes: Partial<Record<OtpType, OtpChallenge>>;
  codesSent: Record<OtpType, number>;
  verified: Record<OtpType, boolean>;
  addresses: Map<string, Address>;
  evmAddress?: string;
  tokensIssued: number;
  /** The registration as received, for inspection. */
  registration: Record<string, unknown>;
}

const CURRENCIES: Record<string, 'bitcoin-testnet' | 'ethereum-sepolia'> = {
  btc: 'bitcoin-testnet',
  eth: 'ethereum-sepolia',
  usdc: 'ethereum-sepolia',
};

const DAY_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Validation of register-account
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Issues {
  readonly list: string[] = [];
  add(field: string, message: string): void {
    this.list.push(`${field}: ${message}`);
  }
}

function field(prefix: string, key: string): string {
  return prefix ? `${prefix}.${key}` : key;
}

/** A required (or optional) non-empty string; reports and returns undefined when absent or not a string. */
function str(o: Obj, key: string, prefix: string, issues: Issues, opts: { optional?: boolean; number?: boolean } = {}): string | undefined {
  const v = o[key];
  const name = field(prefix, key);
  if (v === undefined || v === null || v === '') {
    if (!opts.optional) issues.add(name, 'is required');
    return undefined;
  }
  if (opts.number && typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') {
    issues.add(name, 'must be a string');
    return undefined;
  }
  if (v.trim() === '') {
    if (!opts.optional) issues.add(name, 'is required');
    return undefined;
  }
  return v;
}

function oneOf(o: Obj, key: string, prefix: string, allowed: readonly string[], issues: Issues): string | undefined {
  const v = str(o, key, prefix, issues);
  if (v !== undefined && !allowed.includes(v)) issues.add(field(prefix, key), `must be one of: ${allowed.join(', ')}`);
  return v !== undefined && allowed.includes(v) ? v : undefined;
}

function bool(o: Obj, key: string, prefix: string, issues: Issues): void {
  const v = o[key];
  if (v === undefined || v === null) issues.add(field(prefix, key), 'is required');
  else if (typeof v !== 'boolean') issues.add(field(prefix, key), 'must be a boolean');
}

function countryCode(o: Obj, key: string, prefix: string, issues: Issues): string | undefined {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return undefined;
  if (!/^[A-Z]{2}$/.test(v) || !isSupportedCountry(v)) {
    issues.add(field(prefix, key), 'must be an ISO 3166-1 alpha-2 country code');
    return undefined;
  }
  return v;
}

/** RFC 3339 full-date (YYYY-MM-DD) of a real calendar day; returns epoch ms of its midnight UTC. */
function date(o: Obj, key: string, prefix: string, issues: Issues, now: number): number | undefined {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const at = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== v) {
    issues.add(field(prefix, key), 'must be an RFC 3339 full-date (YYYY-MM-DD)');
    return undefined;
  }
  if (at > now) {
    issues.add(field(prefix, key), 'must not be in the future');
    return undefined;
  }
  return at;
}

function ageAtLeast18(dob: number, now: number): boolean {
  const d = new Date(dob);
  const n = new Date(now);
  let age = n.getUTCFullYear() - d.getUTCFullYear();
  if (n.getUTCMonth() < d.getUTCMonth() || (n.getUTCMonth() === d.getUTCMonth() && n.getUTCDate() < d.getUTCDate())) age--;
  return age >= 18;
}

/** RFC 3696-style address, without leading or trailing spaces. */
function email(o: Obj, key: string, prefix: string, issues: Issues): string | undefined {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return undefined;
  if (v !== v.trim()) {
    issues.add(field(prefix, key), 'must not have leading or trailing spaces');
    return undefined;
  }
  const at = v.lastIndexOf('@');
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  const ok =
    at > 0 &&
    local.length <= 64 &&
    v.length <= 254 &&
    /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local) &&
    /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/.test(domain);
  if (!ok) {
    issues.add(field(prefix, key), 'must be a valid email address');
    return undefined;
  }
  return v;
}

/**
 * E.164 with a plausible length for its country calling code (the page asks for E.164 only; its own
 * example +12223334444 is not an assigned number, so validity is not required); when a country is
 * given, the number must belong to its calling code.
 */
function phone(o: Obj, key: string, prefix: string, issues: Issues, country?: string): string | undefined {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return undefined;
  const parsed = /^\+[1-9]\d{6,14}$/.test(v) ? parsePhoneNumberFromString(v) : undefined;
  if (!parsed || !parsed.isPossible()) {
    issues.add(field(prefix, key), 'must be a valid phone number in E.164 format (a + then the country code and number)');
    return undefined;
  }
  if (country && isSupportedCountry(country) && parsed.countryCallingCode !== getCountryCallingCode(country as CountryCode)) {
    issues.add(field(prefix, key), 'does not belong to phone_country_code');
    return undefined;
  }
  return v;
}

/** At least one letter, at most max characters (addresses 80, cities 100). */
function lettered(o: Obj, key: string, prefix: string, max: number, issues: Issues): void {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return;
  if (!/\p{L}/u.test(v)) issues.add(field(prefix, key), 'must contain at least one alphabetical character');
  else if (v.length > max) issues.add(field(prefix, key), `must be at most ${max} characters`);
}

function state(o: Obj, key: string, prefix: string, country: string | undefined, issues: Issues): void {
  const v = str(o, key, prefix, issues);
  if (v === undefined) return;
  if (country === 'US' && !sfoxUsStates.has(v)) issues.add(field(prefix, key), 'must be a valid 2 character U.S. state code (e.g. CA)');
  else if (v.length > 50) issues.add(field(prefix, key), 'must be at most 50 characters');
}

function postal(o: Obj, key: string, prefix: string, country: string | undefined, issues: Issues): void {
  const v = str(o, key, prefix, issues, { number: true });
  if (v === undefined) return;
  if (country === 'US' && !/^\d{5}$/.test(v)) issues.add(field(prefix, key), 'must be 5 numeric digits for U.S. addresses');
  else if (!/^[A-Za-z0-9]{2,10}$/.test(v)) issues.add(field(prefix, key), 'must be between 2 and 10 alphanumeric characters');
}

function identity(
  o: Obj,
  prefix: string,
  residence: string | undefined,
  residenceField: string,
  issues: Issues,
  keys: { country: string; number: string },
): void {
  const type = oneOf(o, 'id_type', prefix, ['passport', 'ssn'], issues);
  str(o, keys.number, prefix, issues, { number: true });
  const idCountry = countryCode(o, keys.country, prefix, issues);
  if (type === 'ssn') {
    if (residence !== undefined && residence !== 'US') issues.add(field(prefix, 'id_type'), `must be passport when ${residenceField} is not US`);
    if (idCountry !== undefined && idCountry !== 'US') issues.add(field(prefix, keys.country), 'must be US when id_type is ssn');
  }
}

function validateIndividual(ind: Obj, issues: Issues, now: number): void {
  const p = 'individual';
  const dob = date(ind, 'dob', p, issues, now);
  if (dob !== undefined && !ageAtLeast18(dob, now)) issues.add('individual.dob', 'the user must be at least 18 years old');
  const country = countryCode(ind, 'residential_country_code', p, issues);
  lettered(ind, 'residential_address', p, 80, issues);
  lettered(ind, 'residential_city', p, 100, issues);
  state(ind, 'residential_state', p, country, issues);
  postal(ind, 'residential_postal_code', p, country, issues);
  identity(ind, p, country, 'residential_country_code', issues, { country: 'id_country_code', number: 'id_number' });
}

function validateBusiness(b: Obj, issues: Issues, now: number): void {
  const p = 'business';
  str(b, 'entity_name', p, issues);
  oneOf(b, 'organization_type', p, sfoxOrganizationTypes, issues);
  str(b, 'registration_number', p, issues, { number: true });
  const place = countryCode(b, 'principal_place_country', p, issues);
  state(b, 'principal_place_state', p, place, issues);
  lettered(b, 'principal_place_address', p, 80, issues);
  lettered(b, 'principal_place_city', p, 100, issues);
  postal(b, 'principal_place_postal_code', p, place, issues);
  const inc = countryCode(b, 'incorporation_country', p, issues);
  state(b, 'incorporation_state', p, inc, issues);
  date(b, 'incorporation_date', p, issues, now);
  bool(b, 'accredited_investor', p, issues);
  bool(b, 'non_agent_intermediary', p, issues);
  oneOf(b, 'business_type', p, sfoxBusinessTypes, issues);
  str(b, 'description', p, issues);
  const website = str(b, 'website', p, issues, { optional: true });
  if (website !== undefined) {
    let ok = false;
    try {
      const u = new URL(/^[a-z]+:\/\//i.test(website) ? website : `https://${website}`);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.includes('.');
    } catch {
      ok = false;
    }
    if (!ok) issues.add('business.website', 'must be a valid URL');
  }
}

function validateOwner(o: Obj, index: number, issues: Issues, now: number): void {
  const p = `beneficial_owners[${index}]`;
  str(o, 'first_name', p, issues);
  str(o, 'middle_name', p, issues, { optional: true });
  str(o, 'last_name', p, issues);
  email(o, 'email', p, issues);
  phone(o, 'phone_number', p, issues);
  date(o, 'dob', p, issues, now);
  const country = countryCode(o, 'address_country_code', p, issues);
  state(o, 'address_subdivision', p, country, issues);
  lettered(o, 'address_street1', p, 80, issues);
  lettered(o, 'address_city', p, 100, issues);
  postal(o, 'address_postal_code', p, country, issues);
  // The page's own example sends id_issuing_country and ssn instead of id_country_code and
  // id_number; both spellings are accepted.
  const keys = {
    country: o.id_country_code === undefined && o.id_issuing_country !== undefined ? 'id_issuing_country' : 'id_country_code',
    number: o.id_number === undefined && o.ssn !== undefined ? 'ssn' : 'id_number',
  };
  identity(o, p, country, 'address_country_code', issues, keys);
}

// ---------------------------------------------------------------------------------------------
// The emulator
// ---------------------------------------------------------------------------------------------

export function createEmulator(context: EmulatorContext, options: SfoxEmulatorOptions = {}): ProviderEmulator {
  const enterpriseKey = options.enterpriseKey ?? 'sandbox-sfox-enterprise-key';
  const otpTtlMs = options.otpTtlMs ?? 10 * 60 * 1000;
  const otpMaxAttempts = options.otpMaxAttempts ?? 5;
  const userTokenTtlMs = options.userTokenTtlMs ?? DAY_MS;
  const users = new Map<string, SfoxUser>();
  const tokens = new TokenStore(() => context.now());
  const kyc = new KycReview(context, 'sfox', options);

  const fail = (status: number, message: string): HttpError => new HttpError(json(status, { error: message }));

  function bearer(req: SandboxRequest): string | undefined {
    const h = req.headers.authorization;
    const m = typeof h === 'string' ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    return m?.[1];
  }

  function partner(req: SandboxRequest): void {
    if (bearer(req) !== enterpriseKey) throw fail(401, 'Unauthorized: missing or invalid API key');
  }

  /** Applies the automatic KYC decision when its time has come; returns the current status. */
  function statusOf(u: SfoxUser): Status {
    if (u.deactivatedAt !== undefined) return 'INACTIVE';
    if (u.decision === undefined && Object.keys(u.requirements).length === 0 && kyc.dueAt(u.requirementsMetAt ?? u.createdAt) !== undefined) {
      u.decision = u.lastName === 'Rejected' ? 'UNSUPPORTED' : 'VERIFIED';
      kyc.announce(u.userId, u.decision === 'VERIFIED' ? 'VERIFIED' : 'REJECTED', u.decision);
    }
    if (u.decision === 'UNSUPPORTED') return 'UNSUPPORTED';
    if (u.decision === 'VERIFIED' && Object.keys(u.requirements).length === 0) return 'VERIFIED';
    return 'PENDING';
  }

  function view(u: SfoxUser) {
    return { user_id: u.userId, status: statusOf(u), requirements: { ...u.requirements } };
  }

  function adminView(u: SfoxUser) {
    const now = context.now();
    const otp = (t: OtpType) => {
      const c = u.codes[t];
      return {
        verified: u.verified[t],
        codesSent: u.codesSent[t],
        active: c !== undefined && isUsable(c, now),
        wrongAttempts: c?.wrongAttempts ?? 0,
        expiresAt: c ? new Date(c.expiresAt).toISOString() : null,
      };
    };
    return {
      userId: u.userId,
      email: u.email,
      status: statusOf(u),
      accountType: u.accountType,
      accountRole: u.accountRole,
      advisorUserId: u.advisorUserId ?? null,
      requirements: { ...u.requirements },
      kycDecision: u.decision ?? null,
      requirementsMetAt: u.requirementsMetAt ? new Date(u.requirementsMetAt).toISOString() : null,
      deactivated: u.deactivatedAt !== undefined,
      deactivatedAt: u.deactivatedAt ? new Date(u.deactivatedAt).toISOString() : null,
      otp: { email: otp('email'), sms: otp('sms') },
      codesSent: u.codesSent.email + u.codesSent.sms,
      tokensIssued: u.tokensIssued,
      addresses: [...u.addresses.values()],
      createdAt: new Date(u.createdAt).toISOString(),
      registration: u.registration,
    };
  }

  function find(userId: string): SfoxUser {
    const u = users.get(userId);
    if (!u) throw fail(404, 'user_id: user not found');
    return u;
  }

  function sendCode(u: SfoxUser, type: OtpType): void {
    u.codes[type] = sendChallenge(
      context,
      { provider: 'sfox', channel: type, userId: u.userId, to: type === 'email' ? u.email : u.phone },
      { digits: 6, ttlMs: otpTtlMs, maxAttempts: otpMaxAttempts },
    );
    u.codesSent[type]++;
  }

  function meet(u: SfoxUser, type: OtpType): void {
    u.verified[type] = true;
    delete u.codes[type];
    if (u.requirements[type]) {
      delete u.requirements[type];
      if (Object.keys(u.requirements).length === 0) u.requirementsMetAt = context.now();
    }
  }

  function otpType(body: Obj): OtpType {
    const t = body.type;
    if (t === undefined || t === null || t === '') throw fail(422, 'type: is required');
    if (t !== 'email' && t !== 'sms') throw fail(422, 'type: must be one of: email, sms');
    return t;
  }

  const alreadyVerified = (t: OtpType) => (t === 'email' ? 'Email already verified' : 'SMS already verified');

  function register(req: SandboxRequest): SandboxResponse {
    partner(req);
    if (!isObj(req.body)) throw fail(400, 'Request body must be a JSON object');
    const b = req.body;
    const now = context.now();
    const issues = new Issues();
    const accountType = oneOf(b, 'account_type', '', ['individual', 'corporation'], issues);
    const accountRole = oneOf(b, 'account_role', '', ['client', 'advisor'], issues);
    const userId = str(b, 'user_id', '', issues, { number: true });
    if (userId !== undefined && (userId.length > 128 || !/^[A-Za-z0-9._:@-]+$/.test(userId)))
      issues.add('user_id', 'must be at most 128 letters, digits or . _ : @ -');
    const advisor = str(b, 'advisor_user_id', '', issues, { optional: true });
    if (advisor !== undefined && users.get(advisor)?.accountRole !== 'advisor')
      issues.add('advisor_user_id', 'must be the user_id of an existing account with account_role advisor');
    str(b, 'first_name', '', issues);
    str(b, 'last_name', '', issues);
    email(b, 'email', '', issues);
    const phoneCountry = countryCode(b, 'phone_country_code', '', issues);
    phone(b, 'phone_number', '', issues, phoneCountry);
    if (accountType) oneOf(b, 'account_purpose', '', accountType === 'individual' ? sfoxIndividualPurposes : sfoxCorporationPurposes, issues);
    else str(b, 'account_purpose', '', issues);
    if (accountType === 'individual') {
      if (b.individual === undefined || b.individual === null) issues.add('individual', 'is required when account_type is individual');
      else if (!isObj(b.individual)) issues.add('individual', 'must be an object');
      else validateIndividual(b.individual, issues, now);
    }
    if (accountType === 'corporation') {
      if (b.business === undefined || b.business === null) issues.add('business', 'is required when account_type is corporation');
      else if (!isObj(b.business)) issues.add('business', 'must be an object');
      else validateBusiness(b.business, issues, now);
      const owners = b.beneficial_owners;
      if (owners === undefined || owners === null) issues.add('beneficial_owners', 'is required when account_type is corporation');
      else if (!Array.isArray(owners)) issues.add('beneficial_owners', 'must be an array');
      else if (owners.length === 0) issues.add('beneficial_owners', 'must list at least one beneficial owner');
      else
        owners.forEach((o, i) => {
          if (!isObj(o)) issues.add(`beneficial_owners[${i}]`, 'must be an object');
          else validateOwner(o, i, issues, now);
        });
    }
    if (issues.list.length > 0) throw fail(422, issues.list.join('; '));

    const id = userId as string;
    if (users.has(id)) throw fail(409, 'user_id: an account with this user_id already exists');
    const mail = (b.email as string).toLowerCase();
    if ([...users.values()].some((u) => u.email.toLowerCase() === mail)) throw fail(409, 'email: an account with this email already exists');

    const user: SfoxUser = {
      userId: id,
      accountType: accountType as SfoxUser['accountType'],
      accountRole: accountRole as SfoxUser['accountRole'],
      advisorUserId: advisor,
      firstName: b.first_name as string,
      lastName: b.last_name as string,
      email: b.email as string,
      phone: b.phone_number as string,
      createdAt: now,
      requirements: accountType === 'individual' ? { email: true, sms: true } : { email: true },
      codes: {},
      codesSent: { email: 0, sms: 0 },
      verified: { email: false, sms: false },
      addresses: new Map(),
      tokensIssued: 0,
      registration: structuredClone(b),
    };
    users.set(id, user);
    sendCode(user, 'email');
    return json(202, { data: view(user) });
  }

  function sendVerification(req: SandboxRequest): SandboxResponse {
    partner(req);
    const u = find(req.params.userId);
    if (u.deactivatedAt !== undefined) throw fail(403, 'Account is deactivated');
    const type = otpType(isObj(req.body) ? req.body : {});
    if (u.verified[type]) throw fail(422, alreadyVerified(type));
    if (type === 'sms') {
      if (u.accountType === 'corporation') throw fail(422, 'type: sms verification is not required for corporation accounts');
      if (!u.verified.email) throw fail(422, 'type: email must be verified before an sms code can be requested');
    }
    sendCode(u, type);
    return json(200, { data: { success: true, user_id: u.userId, type } });
  }

  function verify(req: SandboxRequest): SandboxResponse {
    partner(req);
    const u = find(req.params.userId);
    if (u.deactivatedAt !== undefined) throw fail(403, 'Account is deactivated');
    const body = isObj(req.body) ? req.body : {};
    const type = otpType(body);
    const otp = typeof body.otp === 'number' ? String(body.otp).padStart(6, '0') : body.otp;
    if (otp === undefined || otp === null || otp === '') throw fail(422, 'otp: is required');
    if (typeof otp !== 'string' || !/^\d{6}$/.test(otp)) throw fail(422, 'otp: must be 6 digits');
    if (u.verified[type]) throw fail(422, alreadyVerified(type));
    const code = u.codes[type];
    if (!code) throw fail(422, `otp: no ${type} verification code has been requested`);
    const verdict = checkCode(code, otp, context.now());
    if (!verdict.accepted) {
      if (verdict.reason === 'wrong')
        throw fail(422, `otp: incorrect verification code (${verdict.attemptsLeft} attempt${verdict.attemptsLeft === 1 ? '' : 's'} left)`);
      if (verdict.reason === 'expired') throw fail(422, 'otp: verification code has expired, request a new one');
      throw fail(422, 'otp: too many incorrect attempts, request a new verification code');
    }
    meet(u, type);
    return json(200, { data: { success: true, user_id: u.userId, type } });
  }

  function userToken(req: SandboxRequest): SandboxResponse {
    partner(req);
    const u = find(req.params.userId);
    if (u.deactivatedAt !== undefined) throw fail(403, 'Account is deactivated');
    const expiresAt = context.now() + userTokenTtlMs;
    const token = tokens.mint(u.userId, expiresAt);
    u.tokensIssued++;
    return json(201, { data: { token, partner_user_id: u.userId, expires: new Date(expiresAt).toISOString() } });
  }

  function asUser(req: SandboxRequest): SfoxUser {
    const check = tokens.check(bearer(req));
    if (!check.valid) throw fail(401, 'Unauthorized: invalid or expired user token');
    const u = users.get(check.userId);
    if (!u || u.deactivatedAt !== undefined) throw fail(401, 'Unauthorized: invalid or expired user token');
    return u;
  }

  function depositAddress(req: SandboxRequest): SandboxResponse {
    const u = asUser(req);
    const currency = req.params.currency.toLowerCase();
    const network = CURRENCIES[currency];
    if (!network) throw fail(422, `currency: must be one of: ${Object.keys(CURRENCIES).join(', ')}`);
    if (statusOf(u) !== 'VERIFIED') throw fail(403, 'Account is not verified');
    const existing = u.addresses.get(currency);
    if (existing) return json(200, { data: existing });
    let address: string;
    if (network === 'bitcoin-testnet') address = randomBitcoinTestnetAddress();
    else address = u.evmAddress ??= randomEthereumAddress();
    const created = { address, currency, network };
    u.addresses.set(currency, created);
    return json(201, { data: created });
  }

  function deactivate(req: SandboxRequest): SandboxResponse {
    partner(req);
    const u = find(req.params.userId);
    if (u.deactivatedAt === undefined) {
      u.deactivatedAt = context.now();
      tokens.revokeAllOf(u.userId);
    }
    return json(200, { data: { user_id: u.userId, status: statusOf(u) } });
  }

  const routes = new Router()
    .post('/v1/enterprise/register-account', register)
    .post('/v1/enterprise/users/send-verification/:userId', sendVerification)
    .post('/v1/enterprise/users/verify/:userId', verify)
    .get('/v1/enterprise/users/:userId', (req) => {
      partner(req);
      return json(200, { data: view(find(req.params.userId)) });
    })
    .post('/v1/enterprise/user-tokens/:userId', userToken)
    .post('/v1/user/deposit/address/:currency', depositAddress)
    .delete('/v1/enterprise/account/:userId', deactivate);

  const adminFind = (userId: string): SfoxUser => {
    const u = users.get(userId);
    if (!u) throw new HttpError(json(404, { error: 'unknown user' }));
    return u;
  };

  const admin = new Router()
    .post('/users/:userId/kyc', (req) => {
      const u = adminFind(req.params.userId);
      const decision = requestedDecision(req.body);
      if (!decision) throw new HttpError(json(422, { error: 'decision: must be VERIFIED or REJECTED' }));
      statusOf(u); // applies a pending automatic decision first
      if (u.deactivatedAt !== undefined) throw new HttpError(json(409, { error: 'the account is deactivated' }));
      if (u.decision === 'UNSUPPORTED') throw new HttpError(json(409, { error: 'the account is UNSUPPORTED; the decision is final' }));
      if (decision === 'VERIFIED') {
        // Compliance clears the account: whatever was left is waived.
        u.requirements = {};
        u.requirementsMetAt ??= context.now();
        u.decision = 'VERIFIED';
      } else {
        u.decision = 'UNSUPPORTED';
      }
      kyc.announce(u.userId, decision, u.decision);
      return json(200, adminView(u));
    })
    .get('/users', () => json(200, [...users.values()].map(adminView)))
    .get('/users/:userId', (req) => json(200, adminView(adminFind(req.params.userId))))
    // Extra: expire every user token of a user now (to test 401 on user calls).
    .post('/users/:userId/expire-tokens', (req) => {
      const u = adminFind(req.params.userId);
      return json(200, { expired: tokens.expireAllOf(u.userId) });
    })
    // Extra: expire the current code of a type now (to test the "expired" answer without waiting).
    .post('/users/:userId/expire-otp', (req) => {
      const u = adminFind(req.params.userId);
      const type = isObj(req.body) && req.body.type === 'sms' ? 'sms' : 'email';
      const code = u.codes[type];
      if (code) code.expiresAt = context.now();
      return json(200, adminView(u));
    });

  return {
    name: 'sfox',
    basePath: runtime.sandboxPath,
    routes,
    admin,
    errorBody: (_status, message) => ({ error: message }),
  };
}
