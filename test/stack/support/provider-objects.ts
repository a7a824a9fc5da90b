import type { ProviderName } from '../../../domain/providers';
import type { SandboxAdmin } from '../../../dev/sandbox/admin-client';

/** What one person holds at a provider, read from the sandbox's admin view of its users. */
export interface Holdings {
  userId: string;
  holders: number;
  depositAddresses: number;
}

type View = Record<string, unknown>;
const length = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** Each provider's own shape: Sovera wallets and their addresses, Stokn portfolios, sFOX's account, Sumvin's Safe, Cybrid's accounts. */
const holdingsOf: Record<ProviderName, (u: View) => Omit<Holdings, 'userId'>> = {
  sovera: (u) => ({
    holders: length(u.wallets),
    depositAddresses: (u.wallets as { addresses?: unknown[] }[]).reduce((n, w) => n + length(w.addresses), 0),
  }),
  stokn: (u) => ({ holders: length(u.portfolios), depositAddresses: Object.keys((u.depositAddresses as object) ?? {}).length }),
  sfox: (u) => ({ holders: 1, depositAddresses: length(u.addresses) }),
  sumvin: (u) => ({
    holders: (u.safe as { address?: string } | null)?.address ? 1 : 0,
    depositAddresses: (u.safe as { address?: string } | null)?.address ? 1 : 0,
  }),
  cybrid: (u) => ({ holders: length(u.accounts), depositAddresses: length(u.depositAddresses) }),
};

/** Every user the sandbox holds for `provider`, with what each holds. */
export async function holdings(admin: SandboxAdmin, provider: ProviderName): Promise<Holdings[]> {
  return (await admin.users<View>(provider)).map((u) => ({ userId: String(u.userId), ...holdingsOf[provider](u) }));
}
