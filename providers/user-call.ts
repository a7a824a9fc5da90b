import type { DescribeError } from './http';

/**
 * On a call made with the person's credential (a user token, a session, a JWT), a 401 means that
 * credential is no longer good: CredentialExpired, which the workflow renews. On partner calls a
 * 401 stays ProviderAuth (our key is wrong: configuration, not the person).
 */
export function onUserCall(describe: DescribeError): DescribeError {
  return (status, body) => {
    const info = describe(status, body);
    return status === 401 ? { ...info, type: 'CredentialExpired' } : info;
  };
}
