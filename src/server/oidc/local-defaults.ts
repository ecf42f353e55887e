import { SettingError } from '../../node/config.ts';

/** Settings the local server, the embedded identity provider and `npm run dev-token` share. */

/** The embedded provider is mounted on the site's own port under this path. */
export const OIDC_MOUNT_PATH = '/oidc';

/** The one confidential client registered with the embedded provider: the local site itself. */
export const LOCAL_CLIENT_ID = 'oversight-local';

/** The resource indicator (and `aud` of access tokens) for the Oversight API. */
export const DEFAULT_API_AUDIENCE = 'urn:oversight:api';

/** The development-only grant that mints an access token for a named person. */
export const DEV_TOKEN_GRANT_TYPE = 'urn:oversight:params:grant-type:dev-token';

/** `npm start` listens here unless PORT says otherwise. */
export const DEFAULT_PORT = 4321;

/** The port npm start listens on: PORT (0 for any free port), else 4321. */
export function localPort(env: NodeJS.ProcessEnv = process.env): number {
  const value = env['PORT'];
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new SettingError(`PORT must be a whole number from 0 to 65535, not "${value}": correct it, or unset it to use ${DEFAULT_PORT}`);
  }
  return port;
}

/** The local site's address: http://localhost:<PORT or 4321>. */
export function localSiteUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://localhost:${localPort(env)}`;
}

/** The embedded provider's issuer for a site address, e.g. http://localhost:4321/oidc. */
export function localIssuer(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, '')}${OIDC_MOUNT_PATH}`;
}

/** The API audience locally: OVERSIGHT_API_AUDIENCE when set, else urn:oversight:api. Server and dev-token both use this. */
export function localApiAudience(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['OVERSIGHT_API_AUDIENCE'];
  return configured !== undefined && configured !== '' ? configured : DEFAULT_API_AUDIENCE;
}

/** The local client's redirect URIs for a site address (sign-in lands on /auth/callback). */
export function localClientUris(siteUrl: string): { redirectUris: string[]; postLogoutRedirectUris: string[] } {
  const site = siteUrl.replace(/\/+$/, '');
  return { redirectUris: [`${site}/auth/callback`], postLogoutRedirectUris: [`${site}/`] };
}
