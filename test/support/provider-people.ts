import type { OnboardingRequest } from '../../domain/input';
import type { SandboxAdmin } from '../../dev/sandbox/admin-client';

/**
 * The ids of the provider's users who are this request's person, found by what identifies a
 * person there (the email; the JWT's subject at Sumvin), never by the id the onboarding reports:
 * a second user made for the same person shows up here.
 */
export async function usersOfPerson(admin: SandboxAdmin, request: OnboardingRequest): Promise<string[]> {
  if (request.provider === 'sumvin') {
    const subject = jwtSubject(request.userCredential.secret);
    const users = await admin.users<{ userId: string; subject: string }>('sumvin');
    return users.filter((u) => u.subject === subject).map((u) => u.userId);
  }
  const email = request.person.email.toLowerCase();
  if (request.provider === 'sovera') {
    const users = await admin.users<{ userId: string; user: { email: string } }>('sovera');
    return users.filter((u) => u.user.email.toLowerCase() === email).map((u) => u.userId);
  }
  const users = await admin.users<{ userId: string; email: string }>(request.provider);
  return users.filter((u) => u.email.toLowerCase() === email).map((u) => u.userId);
}

function jwtSubject(jwt: string): string {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown };
  if (typeof payload.sub !== 'string') throw new Error('the Sumvin JWT names no subject');
  return payload.sub;
}
