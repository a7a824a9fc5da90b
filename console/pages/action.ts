import type { OnboardingView } from '../../client/onboarding-client';
import type { ActionOutcome, ConsoleAction } from '../actions';
import { html } from '../html';
import { csrfField, nothing, notice, page, type PageContext } from './layout';

const back = (view: OnboardingView) =>
  html`<p><a href="/console/onboardings/${encodeURIComponent(view.reference)}">Back to onboarding ${view.reference}</a></p>`;

/** The confirmation step of an action: its question, its fields, and one button that does it. */
export function confirmPage(action: ConsoleAction, view: OnboardingView, context: PageContext, error?: string, form: Record<string, string> = {}): string {
  const fields = action
    .fields(view)
    .map(
      (f) =>
        html`<label for="${f.name}">${f.label}</label
          ><input id="${f.name}" name="${f.name}" value="${form[f.name] ?? ''}" ${f.required ? html` required` : nothing} />`,
    );
  return page(
    action.label,
    html`<p class="question">${action.question}</p>
      <p>Onboarding <strong>${view.reference}</strong> (${view.provider}, at ${view.step}).</p>
      ${error ? notice('error', error) : nothing}
      <form method="post" class="confirm">
        ${csrfField(context)} ${fields}
        <button type="submit" name="confirm" value="yes">Confirm: ${action.label}</button>
      </form>
      ${back(view)}`,
    context,
  );
}

/** What an action did, in a sentence (and, for KYC access, what to hand the person). */
export function outcomePage(action: ConsoleAction, view: OnboardingView, outcome: ActionOutcome, context: PageContext): string {
  return page(
    action.label,
    html`${notice('ok', outcome.said)}
    ${
      outcome.shown?.length
        ? html`<dl class="shown">
            ${outcome.shown.map(
              (s) =>
                html`<dt>${s.label}</dt>
                  <dd><code>${s.value}</code></dd>`,
            )}
          </dl>`
        : nothing
    }
    ${back(view)}`,
    context,
  );
}

/** A page that only says what went wrong (403, 404, a Temporal outage), with a way back. */
export function problemPage(title: string, sentence: string, context?: PageContext): string {
  return page(
    title,
    html`${notice('error', sentence)}
      <p><a href="/console">Back to the console</a></p>`,
    context,
  );
}
