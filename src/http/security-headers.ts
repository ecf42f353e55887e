/**
 * Headers on every page and answer. netlify.toml repeats them for the deployed site's files,
 * and only for those: Netlify leaves a function's answer as the function made it, so every
 * answer the functions make carries them too (responses.ts, html.ts). A test keeps the two lists identical.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  // Browsers heed it only over HTTPS: the deployed site's. Over npm start's plain HTTP it is ignored.
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
};
