import { html, raw, type Html } from '../html';
import type { ConsoleSession } from '../session';
import { queues } from '../queues';

/** What every signed-in page carries: who is signed in, and the token its forms must send back. */
export interface PageContext {
  session: ConsoleSession;
  csrf: string;
}

/**
 * A console page. No inline script or style (the Content-Security-Policy forbids both): the page
 * works without script, and assets/app.js only refreshes the `live` section in place.
 */
export function page(title: string, body: Html, context?: PageContext): string {
  const header = context
    ? html`<header>
        <a class="home" href="/console">Onboarding console</a>
        <nav>${queues.map((q) => html`<a href="/console/queues/${q.id}">${q.title}</a>`)}</nav>
        <span class="who">Signed in as <strong>${context.session.id}</strong> (${context.session.role})</span>
        <form method="post" action="/console/sign-out">${csrfField(context)}<button type="submit">Sign out</button></form>
      </header>`
    : html`<header><span class="home">Onboarding console</span></header>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Onboarding console</title>
        <link rel="stylesheet" href="/console/assets/console.css" />
        <script src="/console/assets/app.js" defer></script>
      </head>
      <body>
        ${header}
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.html;
}

export function csrfField(context: PageContext): Html {
  return html`<input type="hidden" name="csrf" value="${context.csrf}" />`;
}

/**
 * The part of a page that refreshes itself: assets/app.js fetches the same URL with
 * `X-Console-Live: 1` every few seconds and swaps this section in; `data-as-of` lets it say how
 * old what is shown is when a refresh fails.
 */
export function live(content: Html, now = new Date()): Html {
  return html`<section id="live" data-as-of="${now.toISOString()}">
    <p class="as-of">As of <time datetime="${now.toISOString()}">${now.toISOString().slice(11, 19)} UTC</time><span id="staleness"></span></p>
    ${content}
  </section>`;
}

/** A sentence in a box: errors and outcomes, never a stack trace. */
export function notice(kind: 'error' | 'ok', sentence: string): Html {
  return html`<p class="notice ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${sentence}</p>`;
}

export const nothing = raw('');
