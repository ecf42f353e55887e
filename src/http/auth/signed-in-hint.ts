/**
 * A cookie that says only "someone signed in in this browser": no identity, no secret, and
 * readable by the page (the session cookie is HttpOnly). Pages ask /api/me only when it is
 * there, so a reader who never signs in costs no function call, and leaves no 401 in the
 * logs or the console, on every page they open. It lives exactly as long as the session.
 */
export const SIGNED_IN_HINT = 'oversight-signed-in';

/** Whether the page's cookies carry the hint, under either name `cookieName` gives it. */
export function hasSignedInHint(cookies: string): boolean {
  return new RegExp(`(?:^|;\\s*)(?:__Host-)?${SIGNED_IN_HINT}=1(?:;|$)`).test(cookies);
}
