import type { OnboardingView } from '../../client/onboarding-client';
import type { ConsoleAction } from '../actions';
import { html, type Html } from '../html';
import type { PersonLines } from '../person';
import { live, nothing, notice, page, type PageContext } from './layout';

export interface OnboardingLiveData {
  view: OnboardingView;
  /** The actions this role may take now. */
  actions: ConsoleAction[];
}

/**
 * One onboarding: who it is for (as this role may see it; undefined: not at all), then what
 * refreshes: where it is, what it waits for and since when, who did what, and what may be done.
 * The person never changes, so a refresh does not read it again.
 */
export function onboardingPage(data: OnboardingLiveData, person: PersonLines | undefined, context: PageContext): string {
  const who = !person
    ? html`<p class="hidden-person">Not shown to your role.</p>`
    : person.length === 0
      ? html`<p>The request that started it names no person (a Sumvin onboarding names only an EOA).</p>`
      : html`<dl class="person">
          ${person.map(
            (line) =>
              html`<dt>${line.label}</dt>
                <dd>${line.value}</dd>`,
          )}
        </dl>`;
  return page(
    `Onboarding ${data.view.reference}`,
    html`<h2>Person</h2>
      ${who}${onboardingLive(data)}`,
    context,
  );
}

export function onboardingLive({ view, actions }: OnboardingLiveData): Html {
  const current = view.timeline.at(-1);
  const waiting =
    view.running && view.needsAction !== 'none' ? html` since <time datetime="${waitsSince(view) ?? ''}">${waitsSince(view) ?? ''}</time>` : nothing;
  return live(html`
    <dl class="summary">
      <dt>Provider</dt>
      <dd>${view.provider}</dd>
      <dt>State</dt>
      <dd class="state">${view.running ? `running, at ${view.step}` : `${view.step} (closed)`}</dd>
      <dt>Waits for</dt>
      <dd class="waits">${view.running ? waitsFor(view) : 'nothing: it has ended'}${waiting}</dd>
      <dt>Next action</dt>
      <dd class="next-action">${view.nextAction ?? (view.running ? 'none: the onboarding is working on its own' : 'none')}</dd>
      ${
        view.pendingCall
          ? html`<dt>Calling now</dt>
              <dd>
                ${view.pendingCall.activity}, attempt
                ${view.pendingCall.attempt}${view.pendingCall.lastFailureType ? ` (last failure: ${view.pendingCall.lastFailureType})` : ''}
              </dd>`
          : nothing
      }
      <dt>Started</dt>
      <dd><time datetime="${view.startedAt}">${view.startedAt}</time></dd>
      <dt>Current step since</dt>
      <dd><time datetime="${current?.startedAt ?? ''}">${current?.startedAt ?? ''}</time></dd>
    </dl>
    ${view.alert ? notice('error', `Alert since ${view.alert.since}: ${view.alert.type}. ${view.alert.message}`) : nothing}
    ${view.failure ? notice('error', `Failed: ${view.failure.type}. ${view.failure.message}`) : nothing}
    ${
      view.support
        ? html`<section class="support">
            <h2>What to check</h2>
            <p>${view.support.check}</p>
            <ul>
              ${view.support.answers.map((a) => html`<li><strong>${a.decision}</strong>: ${a.meaning}</li>`)}
            </ul>
          </section>`
        : nothing
    }
    ${actionButtons(view, actions)}
    <h2>Provider ids</h2>
    <dl class="ids">
      <dt>User</dt>
      <dd>${view.userId ?? 'not created yet'}</dd>
      <dt>Wallet or portfolio</dt>
      <dd>${view.holderId ?? 'not created yet'}</dd>
      <dt>Deposit address</dt>
      <dd>${view.depositAddress ?? 'not generated yet'}</dd>
      ${
        view.kyc
          ? html`<dt>Provider's KYC status</dt>
              <dd>${view.kyc.providerStatus ?? 'not read yet'} (${view.kyc.checks} checks)</dd>`
          : nothing
      }
    </dl>
    <h2>Timeline</h2>
    <table class="timeline">
      <thead>
        <tr>
          <th>Step</th>
          <th>Started</th>
          <th>Finished</th>
        </tr>
      </thead>
      <tbody>
        ${view.timeline.map(
          (t) =>
            html`<tr>
              <td>${t.step}</td>
              <td>${t.startedAt}</td>
              <td>${t.finishedAt ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <h2>Audit trail</h2>
    ${
      view.audit.length
        ? html`<table class="audit">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>Who</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              ${view.audit.map(
                (a) =>
                  html`<tr>
                    <td>${a.at}</td>
                    <td>${a.action}</td>
                    <td>${a.actor ? `${a.actor.id} (${a.actor.role})` : 'the system'}</td>
                    <td>${a.detail ?? ''}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>No one has acted on it yet.</p>`
    }
  `);
}

function actionButtons(view: OnboardingView, actions: ConsoleAction[]): Html {
  if (actions.length === 0) return nothing;
  const base = `/console/onboardings/${encodeURIComponent(view.reference)}/actions`;
  return html`<nav class="actions" aria-label="Actions">${actions.map((a) => html`<a class="button" href="${base}/${a.id}">${a.label}</a>`)}</nav>`;
}

const waitWords: Record<string, string> = {
  otp: 'the person to enter a code',
  kyc: 'KYC: the provider, or a support decision',
  credential: 'a fresh credential from the backend',
  support: 'support',
  none: 'nothing from a person',
};

function waitsFor(view: OnboardingView): string {
  return waitWords[view.needsAction] ?? view.needsAction;
}

/** When the wait began: an alert or a support case has its own time, else the current step's start. */
function waitsSince(view: OnboardingView): string | undefined {
  return view.alert?.since ?? view.support?.since ?? view.timeline.at(-1)?.startedAt;
}
