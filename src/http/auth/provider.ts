import * as client from 'openid-client';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../server-config.ts';

/** Plain http is allowed only for an identity provider on this machine (the embedded one). */
function isLoopback(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

const configurations = new Map<string, Promise<client.Configuration>>();
const keySets = new Map<string, JWTVerifyGetKey>();

/** The provider's metadata, discovered once per issuer and kept for the life of the instance. */
export function oidcConfiguration(config: AuthConfig): Promise<client.Configuration> {
  const cacheKey = `${config.issuer.href}|${config.clientId}`;
  let found = configurations.get(cacheKey);
  if (found === undefined) {
    // Plain HTTP only for a loopback issuer (npm start's embedded provider). openid-client marks
    // allowInsecureRequests deprecated as a warning against using it anywhere else.
    found = client.discovery(config.issuer, config.clientId, config.clientSecret, undefined, isLoopback(config.issuer) ? { execute: [client.allowInsecureRequests] } : undefined);
    // A failed discovery (provider down) is retried on the next request rather than cached.
    found.catch(() => configurations.delete(cacheKey));
    configurations.set(cacheKey, found);
  }
  return found;
}

/** The provider's published signing keys, fetched and refreshed by jose as keys rotate. */
export async function providerKeys(config: AuthConfig): Promise<JWTVerifyGetKey> {
  const oidc = await oidcConfiguration(config);
  const jwksUri = oidc.serverMetadata().jwks_uri;
  if (jwksUri === undefined) throw new Error('the identity provider publishes no jwks_uri');
  let keys = keySets.get(jwksUri);
  if (keys === undefined) {
    keys = createRemoteJWKSet(new URL(jwksUri));
    keySets.set(jwksUri, keys);
  }
  return keys;
}
