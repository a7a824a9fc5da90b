import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  AccountBankModel,
  CustomerBankModel,
  DepositAddressBankModel,
  ErrorResponseBankModel,
  IdentityVerificationWithDetailsBankModel,
  PersonaSessionBankModel,
} from '@cybrid/cybrid-api-bank-typescript';
import type { EmulatorContext, ProviderEmulator } from '../../dev/sandbox/emulator';
import { HttpError, json, type SandboxRequest } from '../../dev/sandbox/http';
import { Router } from '../../dev/sandbox/router';
import { randomBitcoinTestnetAddress } from '../../dev/sandbox/addresses';
import { TokenStore } from '../../dev/sandbox/token-store';
import { KycReview, requestedDecision } from '../../dev/sandbox/kyc-review';
import {
  accountRequest,
  customerRequest,
  depositAddressRequest,
  personaSessionRequest,
  tokenRequest,
  verificationRequest,
  type AccountState,
  type CustomerState,
  type ExpectedBehaviour,
  type VerificationOutcome,
  type VerificationState,
  type Wire,
} from './schemas';
import { cybrid as runtime, cybridSandboxClient } from './index';

/**
 * Cybrid emulator (basePath /cybrid): the bank token at `/oauth/token` (Cybrid's identity
 * provider, on its own host in reality) and the Bank API under `/api`. Every object is `storing`
 * for `storingMs` of the sandbox clock after its creation, then moves on as Cybrid documents.
 * Errors are ErrorResponseBankModel `{status, error_message, message_code}`; the message codes
 * are ours (the package documents the field, not its values).
 */
export const cybridMessageCodes = {
  invalidParameter: 'invalid_parameter',
  unauthorized: 'unauthorized',
  notFound: 'not_found',
  /** *(ours)* A deposit address for an account that is still storing, or that is not a BTC trading account. */
  accountNotReady: 'account_not_ready',
  /** *(ours)* A Persona session for a verification that takes none (not waiting or pending). */
  invalidState: 'invalid_state',
} as const;

export interface CybridEmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of a bank token (default one hour). */
  tokenTtlMs?: number;
  /** How long each created object stays `storing` on the sandbox clock (default one second). */
  storingMs?: number;
  /** When set, a KYC is decided this long after it was created (passed unless the email says "+rejected"). */
  autoDecideKycAfterMs?: number;
}

interface Stored {
  guid: string;
  createdAt: number;
  labels: string[];
}
interface Customer extends Stored {
  email: string;
  /** Set by support (the sandbox's control): frozen, or decided before any verification. */
  override?: CustomerState;
}
interface Verification extends Stored {
  customerGuid: string;
  personaInquiryId: string;
  behaviour?: ExpectedBehaviour;
  /** The person opened the Persona screens (a session was made). */
  personaStarted: boolean;
  decided?: { state: 'completed'; outcome: VerificationOutcome } | { state: 'expired' | 'reviewing' };
}
interface Account extends Stored {
  customerGuid: string;
  name: string;
}
interface DepositAddress extends Stored {
  accountGuid: string;
  customerGuid: string;
  address: string;
}

export function createEmulator(context: EmulatorContext, options: CybridEmulatorOptions = {}): ProviderEmulator {
  const client = { clientId: options.clientId ?? cybridSandboxClient.clientId, clientSecret: options.clientSecret ?? cybridSandboxClient.clientSecret };
  const storingMs = options.storingMs ?? 1_000;
  const bankGuid = randomUUID();
  const tokens = new TokenStore(() => context.now());
  const kyc = new KycReview(context, 'cybrid', options);
  const customers = new Map<string, Customer>();
  const verifications: Verification[] = [];
  const accounts = new Map<string, Account>();
  const addresses: DepositAddress[] = [];
  const now = () => context.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const stored = (o: Stored) => now() < o.createdAt + storingMs;
  const stamp = (labels: string[]): Stored => ({ guid: randomUUID().replace(/-/g, ''), createdAt: now(), labels });

  // ---- errors ----
  const errorBody = (status: number, error_message: string, message_code: string): Wire<ErrorResponseBankModel> => ({ status, error_message, message_code });
  const fail = (status: number, message: string, code: string) => new HttpError(json(status, errorBody(status, message, code)));
  function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw fail(400, problems, cybridMessageCodes.invalidParameter);
  }
  function requireBank(req: SandboxRequest): void {
    const header = req.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] : undefined;
    if (!tokens.check(token).valid) throw fail(401, 'Unauthorized: a valid bank token is required', cybridMessageCodes.unauthorized);
  }
  const page = <T>(objects: T[], req: SandboxRequest) => {
    const perPage = Number(req.query.get('per_page') ?? 10) || 10;
    return { total: objects.length, page: 0, per_page: perPage, objects: objects.slice(0, perPage) };
  };
  const labelled = (o: Stored, req: SandboxRequest) => {
    const wanted = req.query.get('label')?.split(',');
    return !wanted || wanted.some((l) => o.labels.includes(l));
  };

  // ---- KYC: the verification's state on the sandbox clock ----
  const personaOutcome = (c: Customer): VerificationOutcome => (c.email.split('@')[0].endsWith('+rejected') ? 'failed' : 'passed');
  function verificationState(v: Verification): { state: VerificationState; outcome: VerificationOutcome | null } {
    if (stored(v)) return { state: 'storing', outcome: null };
    // Cybrid's sandbox: expected_behaviours settle the verification without the person.
    if (v.behaviour === 'passed_immediately') return { state: 'completed', outcome: 'passed' };
    if (v.behaviour === 'failed_immediately') return { state: 'completed', outcome: 'failed' };
    if (!v.decided && kyc.dueAt(v.createdAt) !== undefined) decide(v, { state: 'completed', outcome: personaOutcome(customers.get(v.customerGuid)!) });
    if (v.decided) return { state: v.decided.state, outcome: v.decided.state === 'completed' ? v.decided.outcome : null };
    return { state: v.personaStarted ? 'pending' : 'waiting', outcome: null };
  }
  function decide(v: Verification, decided: NonNullable<Verification['decided']>): void {
    v.decided = decided;
    if (decided.state === 'completed') kyc.announce(v.customerGuid, decided.outcome === 'passed' ? 'VERIFIED' : 'REJECTED', `completed/${decided.outcome}`);
    if (decided.state === 'expired') kyc.announce(v.customerGuid, 'REJECTED', 'expired');
  }
  const latestOf = (customerGuid: string) => verifications.filter((v) => v.customerGuid === customerGuid).at(-1);
  function customerState(c: Customer): CustomerState {
    if (stored(c)) return 'storing';
    if (c.override) return c.override;
    const latest = latestOf(c.guid);
    const v = latest && verificationState(latest);
    if (v?.state === 'completed') return v.outcome === 'passed' ? 'verified' : 'rejected';
    return 'unverified';
  }

  // ---- views: the package's *BankModel ----
  const customerView = (c: Customer): Wire<CustomerBankModel> => ({
    guid: c.guid,
    bank_guid: bankGuid,
    type: 'individual',
    created_at: iso(c.createdAt),
    updated_at: iso(c.createdAt),
    state: customerState(c),
    labels: c.labels,
  });
  const verificationView = (v: Verification): Wire<IdentityVerificationWithDetailsBankModel> => {
    const { state, outcome } = verificationState(v);
    return {
      guid: v.guid,
      type: 'kyc',
      method: 'id_and_selfie',
      created_at: iso(v.createdAt),
      updated_at: iso(v.createdAt),
      customer_guid: v.customerGuid,
      state,
      outcome,
      failure_codes: outcome === 'failed' ? ['id_check_failure'] : [],
      persona_inquiry_id: state === 'storing' ? null : v.personaInquiryId,
      persona_state: state === 'storing' ? null : state === 'waiting' ? 'waiting' : state === 'pending' ? 'pending' : 'completed',
    };
  };
  const accountState = (a: Account): AccountState => (stored(a) ? 'storing' : 'created');
  const accountView = (a: Account): Wire<AccountBankModel> => ({
    type: 'trading',
    guid: a.guid,
    created_at: iso(a.createdAt),
    updated_at: iso(a.createdAt),
    asset: 'BTC',
    name: a.name,
    bank_guid: bankGuid,
    customer_guid: a.customerGuid,
    platform_balance: 0,
    platform_available: 0,
    state: accountState(a),
    labels: a.labels,
  });
  const addressView = (d: DepositAddress): Wire<DepositAddressBankModel> => {
    const created = !stored(d);
    return {
      guid: d.guid,
      bank_guid: bankGuid,
      customer_guid: d.customerGuid,
      account_guid: d.accountGuid,
      created_at: iso(d.createdAt),
      updated_at: iso(d.createdAt),
      asset: 'BTC',
      state: created ? 'created' : 'storing',
      ...(created ? { address: d.address, format: 'standard' } : {}),
      labels: d.labels,
    };
  };

  function customerOf(guid: string | null | undefined): Customer {
    const c = guid ? customers.get(guid) : undefined;
    if (!c) throw fail(404, 'customer_guid: no such customer', cybridMessageCodes.notFound);
    return c;
  }

  const routes = new Router()
    // Cybrid's identity provider: OAuth2 client credentials, a bank token.
    .post('/oauth/token', (req) => {
      const body = parse(tokenRequest, req.body);
      if (body.client_id !== client.clientId || body.client_secret !== client.clientSecret) {
        throw fail(401, 'Unauthorized: unknown client or wrong secret', cybridMessageCodes.unauthorized);
      }
      const ttlMs = options.tokenTtlMs ?? 3_600_000;
      const token = tokens.mint(bankGuid, now() + ttlMs, { bytes: 32, encoding: 'base64url' });
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: Math.floor(ttlMs / 1000), scope: body.scope });
    })
    .post('/api/customers', (req) => {
      requireBank(req);
      const body = parse(customerRequest, req.body);
      const c: Customer = { ...stamp(body.labels), email: body.email_address.trim().toLowerCase() };
      customers.set(c.guid, c);
      return json(201, customerView(c));
    })
    .get('/api/customers', (req) => {
      requireBank(req);
      return json(
        200,
        page(
          [...customers.values()]
            .filter((c) => labelled(c, req))
            .reverse()
            .map(customerView),
          req,
        ),
      );
    })
    .get('/api/customers/:guid', (req) => {
      requireBank(req);
      return json(200, customerView(customerOf(req.params.guid)));
    })
    .post('/api/identity_verifications', (req) => {
      requireBank(req);
      const body = parse(verificationRequest, req.body);
      customerOf(body.customer_guid);
      const v: Verification = {
        ...stamp([]),
        customerGuid: body.customer_guid,
        personaInquiryId: `inq_${randomBytes(12).toString('hex')}`,
        behaviour: body.expected_behaviours?.[0],
        personaStarted: false,
      };
      verifications.push(v);
      return json(201, verificationView(v));
    })
    .get('/api/identity_verifications', (req) => {
      requireBank(req);
      const customerGuid = req.query.get('customer_guid');
      const type = req.query.get('type');
      const found = verifications.filter((v) => (!customerGuid || v.customerGuid === customerGuid) && (!type || type === 'kyc'));
      return json(200, page(found.reverse().map(verificationView), req));
    })
    .get('/api/identity_verifications/:guid', (req) => {
      requireBank(req);
      const v = verifications.find((x) => x.guid === req.params.guid);
      if (!v) throw fail(404, 'identity_verification_guid: no such identity verification', cybridMessageCodes.notFound);
      return json(200, verificationView(v));
    })
    // A session for the person's Persona screens; the first one moves the verification from waiting to pending *(ours)*.
    .post('/api/persona_sessions', (req) => {
      requireBank(req);
      const body = parse(personaSessionRequest, req.body);
      const v = verifications.find((x) => x.guid === body.identity_verification_guid && x.personaInquiryId === body.persona_inquiry_id);
      if (!v) throw fail(404, 'identity_verification_guid: no such identity verification with this inquiry', cybridMessageCodes.notFound);
      const { state } = verificationState(v);
      if (state !== 'waiting' && state !== 'pending') {
        throw fail(422, `identity_verification_guid: the identity verification is ${state}`, cybridMessageCodes.invalidState);
      }
      v.personaStarted = true;
      const session: Wire<PersonaSessionBankModel> = {
        identity_verification_guid: v.guid,
        persona_inquiry_id: v.personaInquiryId,
        persona_session_token: randomBytes(24).toString('base64url'),
      };
      return json(200, session);
    })
    .post('/api/accounts', (req) => {
      requireBank(req);
      const body = parse(accountRequest, req.body);
      customerOf(body.customer_guid);
      const a: Account = { ...stamp(body.labels), customerGuid: body.customer_guid, name: body.name };
      accounts.set(a.guid, a);
      return json(201, accountView(a));
    })
    .get('/api/accounts', (req) => {
      requireBank(req);
      const customerGuid = req.query.get('customer_guid');
      const type = req.query.get('type');
      const found = [...accounts.values()].filter(
        (a) => (!customerGuid || a.customerGuid === customerGuid) && (!type || type === 'trading') && labelled(a, req),
      );
      return json(200, page(found.reverse().map(accountView), req));
    })
    .get('/api/accounts/:guid', (req) => {
      requireBank(req);
      const a = accounts.get(req.params.guid);
      if (!a) throw fail(404, 'account_guid: no such account', cybridMessageCodes.notFound);
      return json(200, accountView(a));
    })
    .post('/api/deposit_addresses', (req) => {
      requireBank(req);
      const body = parse(depositAddressRequest, req.body);
      const a = accounts.get(body.account_guid);
      if (!a) throw fail(404, 'account_guid: no such account', cybridMessageCodes.notFound);
      if (accountState(a) !== 'created') throw fail(422, 'account_guid: the account is still storing', cybridMessageCodes.accountNotReady);
      const d: DepositAddress = { ...stamp(body.labels), accountGuid: a.guid, customerGuid: a.customerGuid, address: randomBitcoinTestnetAddress() };
      addresses.push(d);
      return json(201, addressView(d));
    })
    .get('/api/deposit_addresses', (req) => {
      requireBank(req);
      const customerGuid = req.query.get('customer_guid');
      const found = addresses.filter((d) => (!customerGuid || d.customerGuid === customerGuid) && labelled(d, req));
      return json(200, page([...found].reverse().map(addressView), req));
    })
    .get('/api/deposit_addresses/:guid', (req) => {
      requireBank(req);
      const d = addresses.find((x) => x.guid === req.params.guid);
      if (!d) throw fail(404, 'deposit_address_guid: no such deposit address', cybridMessageCodes.notFound);
      return json(200, addressView(d));
    });

  const adminCustomer = (req: SandboxRequest): Customer => {
    const c = customers.get(req.params.guid);
    if (!c) throw new HttpError(json(404, { error: 'unknown customer' }));
    return c;
  };
  // Shaped like the other emulators' admin views (userId, email), so the shared tests find a person's customers.
  const adminView = (c: Customer) => ({
    userId: c.guid,
    email: c.email,
    ...customerView(c),
    verifications: verifications.filter((v) => v.customerGuid === c.guid).map(verificationView),
    accounts: [...accounts.values()].filter((a) => a.customerGuid === c.guid).map(accountView),
    depositAddresses: addresses.filter((d) => d.customerGuid === c.guid).map(addressView),
  });

  const admin = new Router()
    .get('/users', () => json(200, [...customers.values()].map(adminView)))
    .get('/users/:guid', (req) => json(200, adminView(adminCustomer(req))))
    // Support decides the customer's open verification: VERIFIED or REJECTED completes it, EXPIRED or REVIEWING moves it there.
    .post('/users/:guid/kyc', (req) => {
      const c = adminCustomer(req);
      const decision = requestedDecision(req.body, ['VERIFIED', 'REJECTED', 'EXPIRED', 'REVIEWING'] as const);
      if (!decision) throw new HttpError(json(422, { error: 'decision must be VERIFIED, REJECTED, EXPIRED or REVIEWING' }));
      // A verification still storing takes the decision too: Cybrid shows it once storing is over.
      const v = latestOf(c.guid);
      if (!v) throw new HttpError(json(409, { error: 'the customer has no identity verification' }));
      const decided = {
        VERIFIED: { state: 'completed', outcome: 'passed' },
        REJECTED: { state: 'completed', outcome: 'failed' },
        EXPIRED: { state: 'expired' },
        REVIEWING: { state: 'reviewing' },
      } as const;
      decide(v, decided[decision]);
      return json(200, adminView(c));
    })
    // Support freezes a customer (Cybrid's `frozen` state), to exercise it.
    .post('/users/:guid/freeze', (req) => {
      const c = adminCustomer(req);
      c.override = 'frozen';
      return json(200, adminView(c));
    });

  return {
    name: 'cybrid',
    basePath: runtime.sandboxPath,
    routes,
    admin,
    errorBody: (status, message) =>
      errorBody(status, message, status === 401 ? cybridMessageCodes.unauthorized : status === 404 ? cybridMessageCodes.notFound : `http_${status}`),
  };
}
