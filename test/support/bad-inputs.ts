import type { SampleFlowName } from '../../providers/registry';
import { cybridRequest, sfoxCorporationRequest, sfoxIndividualRequest, soveraRequest, stoknRequest, sumvinRequest } from './requests';

/**
 * Bad onboarding requests, one defect each, as a new user (or a careless backend) would send them.
 * Each names the field its refusal must name. The issue's own examples come first for each
 * provider; the rest cover every rule a provider would enforce after creating something.
 */
export interface BadInput {
  /** The sample flow the request starts from. */
  provider: SampleFlowName;
  what: string;
  field: string;
  /** A fresh request (unique reference); `jwt` is a Sumvin JWT the sandbox issued. */
  build(jwt: string): Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** The request with the value at a dotted path replaced (or removed, for undefined). */
function withValue<T extends Json>(request: T, path: string, value: unknown): T {
  const copy = structuredClone(request) as Json;
  const keys = path.split('.');
  let at = copy;
  for (const k of keys.slice(0, -1)) at = at[k] as Json;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return copy as T;
}

const today = new Date();
const yearsAgo = (n: number) =>
  `${today.getUTCFullYear() - n}-${String(today.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(today.getUTCDate(), 28)).padStart(2, '0')}`;
const oneMegabyte = 'b'.repeat(1024 * 1024);
const long = (n: number) => 'a'.repeat(n);

const makers = {
  sovera: () => soveraRequest() as Json,
  stokn: () => stoknRequest() as Json,
  'sfox-individual': () => sfoxIndividualRequest() as Json,
  'sfox-corporation': () => sfoxCorporationRequest() as Json,
  sumvin: (jwt: string) => sumvinRequest(jwt) as Json,
  cybrid: () => cybridRequest() as Json,
} satisfies Record<SampleFlowName, (jwt: string) => Json>;

/** A case that sets one value and expects the refusal on that same field. */
function set(provider: BadInput['provider'], what: string, path: string, value: unknown, field = path): BadInput {
  return { provider, what, field, build: (jwt) => withValue(makers[provider](jwt), path, value) };
}

/** A case whose request is built freely. */
function custom(provider: BadInput['provider'], what: string, field: string, change: (r: Json) => Json): BadInput {
  return { provider, what, field, build: (jwt) => change(makers[provider](jwt)) };
}

/** Cases shared by every provider: the wait options and the envelope. */
function everyProvider(p: BadInput['provider']): BadInput[] {
  return [
    set(p, 'a poll interval with a tab ("30\\tdays")', 'wait.kycPollInterval', '30\tdays'),
    set(p, 'a poll interval of "0 ms"', 'wait.kycPollInterval', '0 ms'),
    set(p, 'a deadline of "100000000 days"', 'wait.kycDeadline', '100000000 days'),
    set(p, 'a reference that is an email', 'reference', 'jane@example.com'),
    custom(p, 'an unknown top-level field', 'admin', (r) => ({ ...r, admin: true })),
  ];
}

export const badInputs: BadInput[] = [
  // ---- Sovera ---------------------------------------------------------------------------------
  ...everyProvider('sovera'),
  set('sovera', 'deposit network dogecoin-mainnet', 'deposit', { currency: 'btc', network: 'dogecoin-mainnet' }, 'deposit.network'),
  set(
    'sovera',
    'a currency the network does not serve (eth on bitcoin-testnet)',
    'deposit',
    { currency: 'eth', network: 'bitcoin-testnet' },
    'deposit.currency',
  ),
  set('sovera', 'a 1 MB deposit currency', 'deposit', { currency: oneMegabyte, network: 'bitcoin-testnet' }, 'deposit.currency'),
  custom('sovera', 'a 2.5 MB request', '(input)', (r) => withValue(r, 'person.address.line1', 'c'.repeat(2.5 * 1024 * 1024))),
  set('sovera', 'a date of birth in 2099', 'person.dateOfBirth', '2099-01-01'),
  set('sovera', 'a minor (10 years old)', 'person.dateOfBirth', yearsAgo(10)),
  set('sovera', 'a 17-year-old', 'person.dateOfBirth', yearsAgo(17)),
  set('sovera', '1990-02-30', 'person.dateOfBirth', '1990-02-30'),
  set('sovera', 'a date written 15/10/1990', 'person.dateOfBirth', '15/10/1990'),
  set('sovera', 'a date of birth before 1900', 'person.dateOfBirth', '1899-12-31'),
  set('sovera', 'a non-numeric SSN', 'person.identity.number', '12345678A'),
  set('sovera', 'an SSN of area 000', 'person.identity.number', '000-12-3456'),
  set('sovera', 'an SSN of area 666', 'person.identity.number', '666123456'),
  set('sovera', 'an SSN of area 9xx', 'person.identity.number', '912345678'),
  set('sovera', 'an SSN of group 00', 'person.identity.number', '123006789'),
  set('sovera', 'an SSN of serial 0000', 'person.identity.number', '123450000'),
  set('sovera', 'an SSN of 8 digits', 'person.identity.number', '12345678'),
  set('sovera', 'an SSN issued by France', 'person.identity.country', 'FR'),
  set('sovera', 'an identity type Sovera documents but we do not take', 'person.identity.type', 'drivers_license'),
  set('sovera', 'a passport number with a space', 'person.identity', { type: 'passport', number: 'AB 123456', country: 'GB' }, 'person.identity.number'),
  set('sovera', 'a first name of zero-width spaces only', 'person.firstName', '\u200B\u200B\u200B'),
  set('sovera', 'a first name of a byte-order mark only', 'person.firstName', '\uFEFF'),
  set('sovera', 'a first name of a Hangul filler only', 'person.firstName', '\u3164'),
  set('sovera', 'a first name holding NUL', 'person.firstName', 'Jo\u0000hn'),
  set('sovera', 'a last name holding ESC', 'person.lastName', 'Doe\u001b[31m'),
  set('sovera', 'a last name holding an RTL override', 'person.lastName', 'Doe\u202Egnp.exe'),
  set('sovera', 'a last name holding a zero-width joiner', 'person.lastName', 'Do\u200De'),
  set('sovera', 'a first name holding markup', 'person.firstName', '<script>alert(1)</script>'),
  set('sovera', 'a first name of 101 letters', 'person.firstName', long(101)),
  set('sovera', 'a first name of spaces', 'person.firstName', '   '),
  set('sovera', 'an email without a domain', 'person.email', 'john.doe@'),
  set('sovera', 'an email of 300 characters', 'person.email', `${long(290)}@example.com`),
  set('sovera', 'a phone number that is not valid in the US', 'person.phone.number', '1111111'),
  set('sovera', 'a phone number with an unassigned area code', 'person.phone.number', '2000000000'),
  set('sovera', 'a French landline for a French phone', 'person.phone', { country: 'FR', number: '0142685300' }, 'person.phone.number'),
  set('sovera', 'a phone country that does not exist', 'person.phone.country', 'ZZ'),
  set('sovera', 'a phone number of 1 MB', 'person.phone.number', oneMegabyte),
  set('sovera', 'a residence country in lower case', 'person.address.country', 'us'),
  set('sovera', 'a U.S. state that does not exist', 'person.address.state', 'ZZ'),
  set('sovera', 'a U.S. ZIP code of letters', 'person.address.postalCode', 'ABCDE'),
  set('sovera', 'a postal code of symbols', 'person.address.postalCode', '!!'),
  set('sovera', 'an address line of 200 characters', 'person.address.line1', `1 ${long(198)}`),
  set('sovera', 'a city holding a line feed', 'person.address.city', 'Chey\nenne'),
  set('sovera', 'an account purpose Sovera does not take', 'accountPurpose', 'gambling'),
  set('sovera', 'a poll interval longer than the deadline', 'wait', { kycPollInterval: '2 days', kycDeadline: '1 day' }, 'wait.kycPollInterval'),
  set('sovera', 'a negative deadline', 'wait.kycDeadline', '-1 day'),
  set('sovera', 'no OTP attempt allowed', 'wait.otpMaxAttempts', 0),
  set('sovera', 'an unknown provider', 'provider', 'binance'),

  // ---- Stokn ----------------------------------------------------------------------------------
  ...everyProvider('stokn'),
  set('stokn', 'a phone number with no such area code', 'person.phone', '+10000000000'),
  set('stokn', 'a national phone number, not E.164', 'person.phone', '0612345678'),
  set('stokn', 'an email with two @', 'person.email', 'jane@@example.com'),
  set('stokn', 'a password of 6 characters', 'password.secret', 'short1'),
  set('stokn', 'a password without a digit', 'password.secret', 'abcdefgh'),
  set('stokn', 'a password of 200 characters', 'password.secret', `1${long(199)}`),
  set('stokn', 'a password holding NUL', 'password.secret', 'correct\u0000horse42'),
  set('stokn', 'no password', 'password', undefined),
  set('stokn', 'a deposit pair Stokn does not serve', 'deposit', { asset: 'DOGE', network: 'BTC' }, 'deposit.network'),
  set('stokn', 'a 1 MB deposit asset', 'deposit', { asset: oneMegabyte, network: 'BTC' }, 'deposit.asset'),
  set('stokn', 'a portfolio name of 65 characters', 'portfolioName', long(65)),
  set('stokn', 'a portfolio name holding an RTL override', 'portfolioName', 'Trading\u202E'),
  set('stokn', 'a poll interval of half a second', 'wait.kycPollInterval', '500ms'),
  set('stokn', 'a name Stokn never asked for', 'person.name', 'Jane', 'person.name'),

  // ---- sFOX individual ------------------------------------------------------------------------
  ...everyProvider('sfox-individual'),
  set('sfox-individual', 'a French number for a U.S. phone', 'person.phone.number', '+33612345678'),
  set('sfox-individual', 'a phone number without +', 'person.phone.number', '2252542523'),
  set('sfox-individual', 'a U.S. state written in full', 'person.address.state', 'California'),
  set('sfox-individual', 'a U.S. ZIP code of 4 digits', 'person.address.postalCode', '9040'),
  set('sfox-individual', 'a U.S. ZIP+4 code (sFOX takes 5 digits)', 'person.address.postalCode', '90403-1234'),
  set(
    'sfox-individual',
    'an SSN for a French resident',
    'person',
    {
      ...(sfoxIndividualRequest().person as Json),
      address: { country: 'FR', line1: '1 rue de Rivoli', city: 'Paris', state: 'IDF', postalCode: '75001' },
      identity: { type: 'ssn', number: '123456789', country: 'US' },
    },
    'person.identity.type',
  ),
  set('sfox-individual', 'a minor', 'person.dateOfBirth', yearsAgo(16)),
  set('sfox-individual', '2023-02-29 (not a leap year)', 'person.dateOfBirth', '2023-02-29'),
  set('sfox-individual', 'a corporation purpose for an individual', 'accountPurpose', 'Treasury Management'),
  set('sfox-individual', 'a street of digits only', 'person.address.line1', '12345'),
  set('sfox-individual', 'a deposit currency sFOX does not serve', 'deposit', { currency: 'doge' }, 'deposit.currency'),
  set('sfox-individual', 'a first name of a zero-width joiner only', 'person.firstName', '\u200D'),
  set('sfox-individual', 'a last name holding a bidi isolate', 'person.lastName', 'Fox\u2066'),
  set('sfox-individual', 'a last name holding markup', 'person.lastName', 'Fox<b>'),
  set('sfox-individual', 'an account type sFOX does not have', 'accountType', 'trust'),
  set('sfox-individual', 'an account role sFOX does not have', 'accountRole', 'owner'),

  // ---- sFOX corporation -----------------------------------------------------------------------
  ...everyProvider('sfox-corporation'),
  set('sfox-corporation', 'no beneficial owner', 'beneficialOwners', []),
  custom('sfox-corporation', '26 beneficial owners', 'beneficialOwners', (r) => ({
    ...r,
    beneficialOwners: Array.from({ length: 26 }, () => (r.beneficialOwners as Json[])[0]),
  })),
  set('sfox-corporation', 'an owner born in the future', 'beneficialOwners.0.dateOfBirth', '2099-05-05'),
  set('sfox-corporation', 'an owner phone of letters', 'beneficialOwners.0.phone', 'abc'),
  set('sfox-corporation', 'an owner in a U.S. state that does not exist', 'beneficialOwners.0.address.state', 'XX'),
  set('sfox-corporation', 'an owner middle name holding NUL', 'beneficialOwners.0.middleName', 'A\u0000'),
  set('sfox-corporation', 'a website that is not http(s)', 'business.website', 'ftp://example.com'),
  set('sfox-corporation', 'an incorporation date in month 13', 'business.incorporation.date', '2020-13-01'),
  set('sfox-corporation', 'an incorporation state that does not exist', 'business.incorporation.state', 'ZZ'),
  set('sfox-corporation', 'a principal place ZIP with a letter', 'business.principalPlace.postalCode', '9040A'),
  set('sfox-corporation', 'an organization type sFOX does not list', 'business.organizationType', 'DAO'),
  set('sfox-corporation', 'a business type sFOX does not list', 'business.businessType', 'Casino'),
  set('sfox-corporation', 'a description of 1001 characters', 'business.description', long(1001)),
  set('sfox-corporation', 'an entity name of an RTL override only', 'business.entityName', '\u202E'),
  set('sfox-corporation', "a contact phone of another country's code", 'person.phone.number', '+447911123456'),
  set('sfox-corporation', 'an individual purpose for a corporation', 'accountPurpose', 'Investing'),

  // ---- Sumvin ---------------------------------------------------------------------------------
  ...everyProvider('sumvin'),
  set('sumvin', 'an EOA whose mixed case fails EIP-55', 'eoaAddress', '0x742d35Cc6634C0532925a3b844Bc9e7595f2bD78'),
  set('sumvin', 'the zero address', 'eoaAddress', `0x${'0'.repeat(40)}`),
  set('sumvin', 'an EOA of 2 bytes', 'eoaAddress', '0x1234'),
  set('sumvin', 'an EOA without 0x', 'eoaAddress', '742d35cc6634c0532925a3b844bc9e7595f2bd78'),
  set('sumvin', 'a chain Sumvin does not deploy on', 'chainId', 1),
  set('sumvin', 'a phone of 4 digits', 'phone', '+1234'),
  set('sumvin', 'a phone with no such area code', 'phone', '+19999999999'),
  set('sumvin', 'a credential that is not a JWT', 'userCredential.secret', 'not a jwt'),
  set('sumvin', 'a credential of 10,000 characters', 'userCredential.secret', `${long(5000)}.${long(4000)}.${long(999)}`),
  set('sumvin', 'a deadline with a tab', 'wait.kycDeadline', '30\tdays'),

  ...everyProvider('cybrid'),
  set('cybrid', 'an email without a domain', 'person.email', 'cy@'),
  set('cybrid', 'no email', 'person.email', undefined),
  custom('cybrid', 'a name at the person, which Cybrid collects itself', 'person.firstName', (r) => withValue(r, 'person.firstName', 'Cy')),
  set('cybrid', 'an account name of 65 characters', 'accountName', long(65)),
  set('cybrid', 'an account name with a newline', 'accountName', 'Trading\nAccount'),
  set('cybrid', 'an account name that is a number', 'accountName', 42),
];
