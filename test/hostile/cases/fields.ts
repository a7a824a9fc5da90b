import { randomUUID } from 'node:crypto';
import { badInputs } from '../../support/bad-inputs';
import type { HostileCase } from '../hostile-case';

const chapter = "each field's domain (ASVS V5.1, API3)";
/** The hostile API's body limit (hostile.test.ts): larger bad inputs are the transport chapter's. */
const bodyLimit = 16 * 1024;

/**
 * Every bad onboarding request of test/support/bad-inputs.ts that fits the body limit, sent over
 * HTTP as a hostile backend would: refused with its field named, nothing started. Sumvin's need a
 * JWT the sandbox issued and run in test/e2e/bad-inputs.test.ts instead.
 */
export const fieldCases: HostileCase[] = badInputs
  .filter((bad) => bad.provider !== 'sumvin' && JSON.stringify(bad.build('')).length < bodyLimit)
  .map((bad) => ({
    chapter,
    name: `${bad.provider}: ${bad.what}`,
    request: () => ({ method: 'POST', path: '/v1/onboardings', as: 'backend', headers: { 'idempotency-key': randomUUID() }, body: bad.build('') }),
    expect: { status: 400, type: 'invalid-request', field: bad.field },
  }));
