import { CancellationScope, condition, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';

/**
 * Search attributes, told to Temporal once per workflow activation with only the keys that changed
 * (since the baseline patch, workflows/patches.ts). Each upsert is an event and a visibility write;
 * one activation often changes several at once (the KYC status and the next step, the provider and
 * the first step). Steps only say that something changed; the upsert is made when the activation's
 * code has settled, where Temporal checks the workflow's conditions: the same point on a first run
 * and on replay, as it depends only on the activation's jobs.
 */
export class SearchAttributePublisher {
  /** What Temporal holds: the run's attributes at its start (the API's, or carried by continue-as-new), then each upsert. */
  private readonly published = new Map<string, unknown>();
  private changed = false;

  constructor(private readonly current: () => SearchAttributeUpdatePair[]) {
    for (const { key, value } of workflowInfo().typedSearchAttributes.getAll()) this.published.set(key.name, value);
    // Not cancellable: a cancelled onboarding still shows its last step.
    void CancellationScope.nonCancellable(() => this.publishEachActivation());
  }

  /** Something the attributes show may have changed: published at the end of this activation. */
  markChanged(): void {
    this.changed = true;
  }

  /** Publishes now: before the run completes, fails or continues as new, which end the activation's code. */
  flush(): void {
    this.changed = false;
    const pairs = this.current().filter(({ key, value }) => this.published.get(key.name) !== value);
    if (pairs.length === 0) return;
    upsertSearchAttributes(pairs);
    for (const { key, value } of pairs) this.published.set(key.name, value);
  }

  private async publishEachActivation(): Promise<never> {
    for (;;) {
      await condition(() => this.changed);
      this.flush();
    }
  }
}
