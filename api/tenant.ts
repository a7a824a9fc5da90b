import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import { OnboardingNotFound, type OnboardingClient } from '../client/onboarding-client';
import { viaClient } from './client-errors';

/**
 * Object-level authorisation (OWASP API1): a key scoped to a tenant reaches that tenant's
 * onboardings only. Another tenant's onboarding answers exactly as a reference that does not
 * exist (404), so a scoped key cannot even learn that it exists. Unscoped keys (single-tenant
 * deployments, support and operators) reach every onboarding.
 */
export function sameTenant(client: OnboardingClient): preHandlerHookHandler {
  return async (request: FastifyRequest) => {
    const tenant = request.principal?.tenant;
    const reference = (request.params as { reference?: string } | undefined)?.reference;
    if (tenant === undefined || reference === undefined) return;
    const owner = await viaClient(() => client.tenantOf(reference));
    if (owner !== tenant) await viaClient(() => Promise.reject(new OnboardingNotFound(reference)));
  };
}
