/** Helmet's options: a Content-Security-Policy the built React UI and the API docs both work with. */
import type { FastifyHelmetOptions } from '@fastify/helmet';

/** Only same-origin scripts and connections; inline styles allowed (the UI and Swagger UI set style attributes). */
export function helmetOptions(secureCookies: boolean): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        // Over plain HTTP (the local default) upgrading would break every asset.
        ...(secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only makes sense when Vigie is reached over TLS.
    strictTransportSecurity: secureCookies ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
}
