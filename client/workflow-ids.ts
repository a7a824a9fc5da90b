const workflowIdPrefix = 'onboarding-';

/** The id of the onboarding's workflow: from the caller's reference only, never from PII. */
export function workflowIdFor(reference: string): string {
  return `${workflowIdPrefix}${reference}`;
}

/** The reference an onboarding's workflow id was made from (another workflow's id as it is). */
export function referenceOf(workflowId: string): string {
  return workflowId.startsWith(workflowIdPrefix) ? workflowId.slice(workflowIdPrefix.length) : workflowId;
}

/** True for the id of an onboarding's workflow. */
export function isOnboardingId(workflowId: string): boolean {
  return workflowId.startsWith(workflowIdPrefix);
}
