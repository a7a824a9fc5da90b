import axios from 'axios';
import type { Sandbox } from '../../dev/sandbox/server';

/** HTTP clients on one emulated provider: anonymous, as the partner, as a user, and its sandbox admin. */
export function providerClients(sandbox: Sandbox, provider: string, basePath: string, partnerBearer: string) {
  const base = { baseURL: `${sandbox.url}${basePath}`, validateStatus: () => true };
  const bearer = (token: string) => axios.create({ ...base, headers: { authorization: `Bearer ${token}` } });
  return {
    anon: axios.create(base),
    partner: bearer(partnerBearer),
    as: bearer,
    admin: axios.create({ baseURL: `${sandbox.url}/_sandbox/${provider}`, validateStatus: () => true }),
  };
}
