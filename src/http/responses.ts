/** Web-standard responses shared by every function. Errors never carry internals. */
import { SECURITY_HEADERS } from './security-headers.ts';

export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...Object.fromEntries(new Headers(headers)) },
  });
}

/** `{ "error": { "code", "message" } }`, the one shape every refusal takes. */
export function jsonError(status: number, code: string, message: string, headers: HeadersInit = {}): Response {
  return json(status, { error: { code, message } }, headers);
}

export function redirect(location: string, status: 302 | 303 = 303, headers: [string, string][] = []): Response {
  const h = new Headers({ ...SECURITY_HEADERS, location, 'cache-control': 'no-store' });
  for (const [name, value] of headers) h.append(name, value);
  return new Response(null, { status, headers: h });
}

/**
 * Logs a refusal for the audit trail with the person's id only: never a token,
 * cookie, email or body.
 */
export function logRefusal(status: number, code: string, personId: string | null, path: string): void {
  console.warn(JSON.stringify({ event: 'refused', status, code, person: personId, path }));
}

/**
 * A request that failed unexpectedly, for whoever runs the server: the error's own message
 * (ours name a variable or a directory, never a value or token) and where it was thrown,
 * not the request.
 */
export function logFailure(personId: string | null, path: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  console.error(JSON.stringify({ event: 'failed', status: 500, person: personId, path, error: message, stack }));
}
