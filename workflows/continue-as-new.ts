import { makeContinueAsNewFunc, workflowInfo, type Workflow } from '@temporalio/workflow';

/**
 * Whether a long wait should continue as new at its next safe point: the server suggests it (the
 * history grows long), or another Worker Deployment version became current since this run was
 * pinned (server ≥ 1.32; always false on an unversioned worker). Both are read from the workflow
 * task's started event, so a replay takes the same decision.
 */
export function continueAsNewDue(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.targetWorkerDeploymentVersionChanged;
}

/**
 * Continues as new on the Worker Deployment's current version (upgrade-on-continue-as-new, server
 * ≥ 1.30). A run is pinned to the version that started it (workers/deployment.ts), so a deploy never
 * replays it on other code; its next run starts on whatever version is current, and is pinned
 * there. On an unversioned worker the option changes nothing. No patch: on replay Core matches a
 * continue-as-new by its event type only (sdk-core's continue_as_new_workflow_state_machine.rs), and
 * server 1.32.2 does not even record this option in the event.
 */
export function continueOnCurrentVersion<F extends Workflow>(...args: Parameters<F>): Promise<never> {
  return makeContinueAsNewFunc<F>({ initialVersioningBehavior: 'AUTO_UPGRADE' })(...args);
}
