/**
 * Cookie names: the `__Host-` prefix pins a cookie to this host over https (unavailable on
 * http://localhost). Without dependencies, so the page's own script can name its cookie too.
 */
export function cookieName(base: string, publicUrl: URL): string {
  return publicUrl.protocol === 'https:' ? `__Host-${base}` : base;
}
