import { LitElement, html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { cookieName } from '../http/auth/cookie-name.ts';
import { hasSignedInHint, SIGNED_IN_HINT } from '../http/auth/signed-in-hint.ts';
import type { ProposerFacts } from '../core/access/proposers.ts';
import { forgetAllDrafts } from './form-draft.ts';

/** /api/me's answer. */
export interface Me extends ProposerFacts {
  person: { id: string; name: string; email: string | null };
  csrfToken?: string;
}

/**
 * Who this browser is to the site: signed in as someone, signed out, or not known because
 * /api/me could not be asked (the function failing, or the connection). Pages that show a
 * person's own data tell the last apart from signed out: asking someone who is signed in to
 * sign in again would not help them.
 */
export type Account = { state: 'signed-in'; me: Me } | { state: 'signed-out' } | { state: 'unavailable' };

/**
 * Asks /api/me once per page. A browser that has not signed in is not asked about at all (see
 * the hint cookie). A failed answer is not kept, so the next call asks again.
 */
export function fetchAccount(): Promise<Account> {
  if (accountRequest === undefined) {
    const request = hasSignedInHint(document.cookie) ? askMe() : Promise.resolve<Account>({ state: 'signed-out' });
    accountRequest = request;
    void request.then((account) => {
      if (account.state === 'unavailable' && accountRequest === request) accountRequest = undefined;
    });
  }
  return accountRequest;
}

/** Who is signed in; null when nobody is (or sign-in is unavailable). */
export async function fetchMe(): Promise<Me | null> {
  const account = await fetchAccount();
  return account.state === 'signed-in' ? account.me : null;
}

async function askMe(): Promise<Account> {
  try {
    const response = await fetch('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (response.ok) return { state: 'signed-in', me: (await response.json()) as Me };
    if (response.status !== 401) return { state: 'unavailable' };
    // The session has ended (or was refused): stop asking on every page until the next sign-in.
    forgetSignedInHint();
    return { state: 'signed-out' };
  } catch {
    return { state: 'unavailable' };
  }
}

function forgetSignedInHint(): void {
  const secure = location.protocol === 'https:';
  document.cookie = `${cookieName(SIGNED_IN_HINT, new URL(location.href))}=; Max-Age=0; Path=/; SameSite=Lax${secure ? '; Secure' : ''}`;
}
let accountRequest: Promise<Account> | undefined;

/**
 * A page shown again from the back/forward cache is as it was when the person left it, signed
 * in, though they may have signed out since (Back after Sign out): its answer from /api/me is
 * forgotten, and each `refresh` runs, to hide what was shown and ask again. Registered first, so
 * it runs before them.
 */
addEventListener('pageshow', (event) => {
  if (event.persisted) accountRequest = undefined;
});

/** Runs `refresh` each time the page is shown again from the back/forward cache, while its element is on the page. */
export class WhenShownAgain implements ReactiveController {
  private readonly listener = (event: PageTransitionEvent): void => {
    if (event.persisted) this.refresh();
  };

  private readonly refresh: () => void;

  constructor(host: ReactiveControllerHost, refresh: () => void) {
    this.refresh = refresh;
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('pageshow', this.listener);
  }

  hostDisconnected(): void {
    removeEventListener('pageshow', this.listener);
  }
}

/**
 * Who is signed in, in the header. The static page carries a plain sign-in link;
 * once /api/me answers, this replaces it with the person's name, "My risks" and a
 * sign-out button (a real form post, so it works like any other form).
 */
export class OversightAccount extends LitElement {
  static override properties = { me: { state: true } };
  declare me: Me | null;

  // Light DOM, replacing the static sign-in link it enhances.
  protected override createRenderRoot(): HTMLElement {
    this.replaceChildren();
    return this;
  }

  constructor() {
    super();
    this.me = null;
    new WhenShownAgain(this, () => {
      this.me = null;
      this.load();
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.load();
  }

  private load(): void {
    void fetchMe().then((me) => {
      this.me = me;
    });
  }

  override render() {
    const returnTo = encodeURIComponent(location.pathname + location.search);
    if (this.me === null) {
      return html`<a class="govuk-service-navigation__link" href=${`/auth/login?returnTo=${returnTo}`}>Sign in</a>`;
    }
    return html`
      <span class="app-account__name">Signed in as <strong data-signed-in-as>${this.me.person.name}</strong></span>
      <a class="govuk-service-navigation__link" href="/my-risks/">My risks</a>
      <form method="post" action="/auth/logout" class="app-account__sign-out" @submit=${forgetAllDrafts}>
        <button type="submit" class="app-link-button">Sign out</button>
      </form>
    `;
  }
}

customElements.define('oversight-account', OversightAccount);
