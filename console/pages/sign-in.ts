import { html } from '../html';
import { notice, nothing, page } from './layout';

/** The sign-in form: the person's own API key (support, operator or compliance), never stored in the browser. */
export function signInPage(error?: string): string {
  return page(
    'Sign in',
    html`${error ? notice('error', error) : nothing}
      <form method="post" action="/console/sign-in" class="sign-in">
        <label for="key">Your API key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">Support, operator and compliance keys sign in; the session lasts 8 hours or until you sign out.</p>`,
  );
}
