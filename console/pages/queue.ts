import type { OnboardingSummary } from '../../client/onboarding-client';
import { onboardingSteps } from '../../domain/onboarding-steps';
import { providerNames } from '../../domain/providers';
import { html, type Html } from '../html';
import type { Queue } from '../queues';
import { live, nothing, page, type PageContext } from './layout';

export interface QueueFilters {
  provider?: string;
  step?: string;
  /** Rows per page (20 unless the URL says otherwise), kept from page to page. */
  pageSize?: string;
}

/** One queue: its filters (a GET form, so a filtered page can be bookmarked), a page of onboardings, and the way to the next page. */
export function queuePage(
  queue: Queue,
  filters: QueueFilters,
  list: { onboardings: OnboardingSummary[]; nextPageToken?: string },
  context: PageContext,
): string {
  return page(
    queue.title,
    html`<p class="explains">${queue.explains}</p>
      ${filterForm(queue, filters)}${queueTable(queue, filters, list)}`,
    context,
  );
}

export function queueTable(queue: Queue, filters: QueueFilters, list: { onboardings: OnboardingSummary[]; nextPageToken?: string }): Html {
  const rows = list.onboardings.map(
    (o) =>
      html`<tr>
        <td><a href="/console/onboardings/${encodeURIComponent(o.reference)}">${o.reference}</a></td>
        <td>${o.provider ?? ''}</td>
        <td>${o.step ?? ''}</td>
        <td>${o.kycStatus ?? ''}</td>
        <td><time datetime="${o.startedAt ?? ''}">${o.startedAt ?? ''}</time></td>
      </tr>`,
  );
  const next = list.nextPageToken ? html`<a class="next" href="${queueUrl(queue, { ...filters, pageToken: list.nextPageToken })}">Next page</a>` : nothing;
  const body = list.onboardings.length
    ? html`<table class="queue">
          <thead>
            <tr>
              <th>Reference</th>
              <th>Provider</th>
              <th>Step</th>
              <th>Provider's KYC status</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
        <p class="paging"><a href="${queueUrl(queue, filters)}">First page</a> ${next}</p>`
    : html`<p class="empty">Nothing waits here${filters.provider || filters.step ? ' with these filters' : ''}.</p>`;
  return live(body);
}

function filterForm(queue: Queue, filters: QueueFilters): Html {
  const option = (value: string, chosen: string | undefined) =>
    html`<option value="${value}" ${chosen === value ? html` selected` : nothing}>${value}</option>`;
  const stepFilter = queue.filter.step
    ? nothing
    : html`<label
        >Step
        <select name="step">
          <option value="">any</option>
          ${onboardingSteps.map((s) => option(s, filters.step))}
        </select></label
      >`;
  return html`<form method="get" action="/console/queues/${queue.id}" class="filters">
    <label
      >Provider
      <select name="provider">
        <option value="">any</option>
        ${providerNames.map((p) => option(p, filters.provider))}
      </select></label
    >
    ${stepFilter} ${filters.pageSize ? html`<input type="hidden" name="pageSize" value="${filters.pageSize}" />` : nothing}
    <button type="submit">Filter</button>
  </form>`;
}

function queueUrl(queue: Queue, query: QueueFilters & { pageToken?: string }): string {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = params.toString();
  return `/console/queues/${queue.id}${text ? `?${text}` : ''}`;
}
