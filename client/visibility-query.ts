import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ProviderName } from '../domain/providers';
import type { OnboardingStep } from '../workflows/definitions';
import { kycStatusKey, needsActionKey, onboardingProviderKey, onboardingStepKey, onboardingTenantKey, providerUserIdKey } from '../workflows/search-attributes';
import { referenceOf } from './workflow-ids';

/** One onboarding as the list shows it: ids and search attributes only (no query, no decryption). */
export interface OnboardingSummary {
  reference: string;
  workflowId: string;
  runId: string;
  status: string;
  startedAt?: string;
  closedAt?: string;
  step?: string;
  provider?: string;
  kycStatus?: string;
  needsAction?: string;
}

export interface OnboardingFilter {
  step?: OnboardingStep;
  provider?: ProviderName;
  kycStatus?: string;
  needsAction?: string;
  /** Leave out onboardings at this step (the console's alerts: needing support, yet not awaiting-support). */
  notStep?: OnboardingStep;
  /** Only this tenant's onboardings (a tenant-scoped key's lists). */
  tenant?: string;
}

/** Values put into a visibility query: ids and keywords only, so nothing can be injected. */
const visibilityValue = /^[A-Za-z0-9_.:-]{1,100}$/;

export function isVisibilityValue(value: string): boolean {
  return visibilityValue.test(value);
}

/** The visibility query of a filter: onboardings only, each filter an exact keyword. */
export function onboardingQuery(filter: OnboardingFilter): string {
  const clauses = [`WorkflowType = 'onboarding'`];
  const add = (key: { name: string }, value: string | undefined, operator = '=') => {
    if (value === undefined) return;
    if (!isVisibilityValue(value)) throw new Error(`${key.name} filter: not a valid value`);
    clauses.push(`${key.name} ${operator} '${value}'`);
  };
  add(onboardingStepKey, filter.step);
  add(onboardingProviderKey, filter.provider);
  add(kycStatusKey, filter.kycStatus);
  add(needsActionKey, filter.needsAction);
  add(onboardingStepKey, filter.notStep, '!=');
  add(onboardingTenantKey, filter.tenant);
  return clauses.join(' AND ');
}

/** The running onboarding of a provider's user (search attribute ProviderUserId); the id must be a visibility value. */
export function providerUserQuery(provider: ProviderName, userId: string): string {
  return `WorkflowType = 'onboarding' AND ExecutionStatus = 'Running' AND ${onboardingProviderKey.name} = '${provider}' AND ${providerUserIdKey.name} = '${userId}'`;
}

/** A listed execution as a summary. */
export function summaryOf(e: temporal.api.workflow.v1.IWorkflowExecutionInfo): OnboardingSummary {
  const workflowId = e.execution?.workflowId ?? '';
  const fields = e.searchAttributes?.indexedFields;
  return {
    reference: referenceOf(workflowId),
    workflowId,
    runId: e.execution?.runId ?? '',
    status: statusName(e.status),
    startedAt: iso(e.startTime),
    closedAt: iso(e.closeTime),
    step: keyword(fields, onboardingStepKey),
    provider: keyword(fields, onboardingProviderKey),
    kycStatus: keyword(fields, kycStatusKey),
    needsAction: keyword(fields, needsActionKey),
  };
}

function keyword(fields: Record<string, temporal.api.common.v1.IPayload> | null | undefined, key: { name: string }): string | undefined {
  const payload = fields?.[key.name];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

function iso(t: { seconds?: unknown; nanos?: number | null } | null | undefined): string | undefined {
  const ts = t as { seconds?: { toNumber(): number } | number | null; nanos?: number | null } | null | undefined;
  if (!ts?.seconds) return undefined;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

function statusName(status: temporal.api.enums.v1.WorkflowExecutionStatus | null | undefined): string {
  const name = status !== null && status !== undefined ? temporal.api.enums.v1.WorkflowExecutionStatus[status] : undefined;
  return name?.replace('WORKFLOW_EXECUTION_STATUS_', '') ?? 'UNKNOWN';
}
