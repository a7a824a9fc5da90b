import type { DepositAddress } from '../../domain/onboarding';
import { asUser } from '../credential';
import type { OnboardingRun } from '../run';

/** The address the person's first deposit goes to. */
export async function createDepositAddress(run: OnboardingRun): Promise<DepositAddress> {
  run.enter('creating-deposit-address');
  const holder = run.state.holder!;
  const deposit = await asUser(run, () => run.activities.mutating.depositAddress({ ...run.withUser('depositAddress'), holder }));
  run.state.depositAddress = deposit.address;
  return deposit;
}
