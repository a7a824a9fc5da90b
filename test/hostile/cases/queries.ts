import type { HostileCase } from '../hostile-case';

const chapter = 'list and query injection (API8, ASVS V5.3)';

/** Query strings that try to widen a list past its filters, or to break the visibility query. */
const refused: [string, string, string][] = [
  ['a step that closes the quote', "step=awaiting-kyc' OR WorkflowType != 'x", 'step'],
  ['a provider that closes the quote', "provider=sovera' OR '1'='1", 'provider'],
  ['a KYC status with a quote', "kycStatus=VERIFIED' OR 'a'='a", 'kycStatus'],
  ['a KYC status with a clause', 'kycStatus=A%20OR%20B', 'kycStatus'],
  ['a needs-action that is not one', 'needsAction=everything', 'needsAction'],
  ['a page size of 0', 'pageSize=0', 'pageSize'],
  ['a page size of 101', 'pageSize=101', 'pageSize'],
  ['a negative page size', 'pageSize=-1', 'pageSize'],
  ['a page size that is not a number', 'pageSize=ten', 'pageSize'],
  ['a page token with a path', 'pageToken=../../etc/passwd', 'pageToken'],
  ['a page token the server never gave', 'pageToken=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'pageToken'],
  ['a filter that is not one', 'tenant=someone-else', 'tenant'],
  ['a raw visibility query', "query=WorkflowType%3D'onboarding'", 'query'],
];

export const queryCases: HostileCase[] = [
  ...refused.map(([name, query, field]): HostileCase => ({
    chapter,
    name,
    request: () => ({ method: 'GET', path: `/v1/onboardings?${query}`, as: 'operator' }),
    expect: { status: 400, field: `query.${field}` },
  })),
  {
    chapter,
    name: 'a reference with a quote',
    request: () => ({ method: 'GET', path: "/v1/onboardings/x'%20OR%20'1'='1", as: 'operator' }),
    expect: { status: 400, field: 'path.reference' },
  },
  // Longer than any route parameter may be (Fastify's maxParamLength): refused before routing, not repeated.
  {
    chapter,
    name: 'a reference of 300 characters',
    request: () => ({ method: 'GET', path: `/v1/onboardings/${'r'.repeat(300)}`, as: 'operator' }),
    expect: { status: 414, type: 'uri-too-long', field: 'path', notContaining: ['r'.repeat(300)] },
  },
  {
    chapter,
    name: 'a reference with a path',
    request: () => ({ method: 'GET', path: '/v1/onboardings/..%2F..%2Fopenapi.json', as: 'operator' }),
    expect: { status: 400, field: 'path.reference' },
  },
];
