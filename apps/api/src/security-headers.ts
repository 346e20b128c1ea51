import helmet from 'helmet';

/**
 * The browser-facing security headers on every route (OWASP Secure Headers), by helmet: no MIME
 * sniffing, no framing (clickjacking), no referrer carrying ids out, same-origin resources. The
 * content policy here is only `frame-ancestors 'none'`: file downloads set a strict one of their
 * own, and the pages the console will serve bring theirs.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      // No default-src on purpose: the development landing page loads Apollo's own assets.
      defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  crossOriginResourcePolicy: { policy: 'same-origin' },
  crossOriginOpenerPolicy: { policy: 'same-origin' },
});
