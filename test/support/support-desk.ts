import type { OnboardingRequest } from '../../domain/input';
import type { SandboxAdmin } from '../../dev/sandbox/admin-client';
import type { OnboardingStatus, SupportResolution } from '../../workflows/definitions';

/**
 * Plays support for an onboarding in `awaiting-support`: does by hand the check the status names,
 * in the provider's back office (here the sandbox's admin view), and answers with the ids found.
 */
export async function resolveByHand(
  admin: SandboxAdmin,
  request: OnboardingRequest & { reference: string },
  status: OnboardingStatus,
): Promise<SupportResolution> {
  const what = status.support?.step;
  if (request.provider === 'stokn' && what === 'createUser') {
    // Stokn's back office: the user signed up with this onboarding's email and phone.
    const users = await admin.users<{ userId: string; accountId: string; email: string; phoneNumber: string }>('stokn');
    const found = users.find((u) => u.email === request.person.email.toLowerCase() && u.phoneNumber === request.person.phone);
    return found ? { decision: 'found', userId: found.userId, accountId: found.accountId } : { decision: 'retry' };
  }
  if (request.provider === 'sovera' && what === 'createHolder') {
    // Sovera's dashboard: the user's wallet named after the onboarding.
    const user = await admin.user<{ wallets: { wallet_id: string; name: string }[] }>('sovera', status.userId!);
    const wallet = user.wallets.find((w) => w.name === `onboarding-${request.reference}`);
    return wallet ? { decision: 'found', holderId: wallet.wallet_id } : { decision: 'retry' };
  }
  throw new Error(`no manual check known for ${request.provider} ${what}`);
}
