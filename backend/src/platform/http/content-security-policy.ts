/**
 * The Content-Security-Policy for the API, the docs and the Angular app served from the same origin
 * (checked against dist/frontend/browser/index.html): scripts only from this origin, plus the one inline
 * handler Angular's critical-CSS inlining writes (`onload="this.media='all'"`, allowed by its hash);
 * inline styles, which the inlined critical CSS and Angular Material's runtime styles need; images and media
 * from this origin, data: and blob: (previews of picked reference images). No upgrade-insecure-requests: a
 * self-hosted server is often reached over plain HTTP on a LAN.
 */
export const ANGULAR_MEDIA_ONLOAD_HASH = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";

export function contentSecurityPolicy(): Record<string, string[] | null> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'unsafe-hashes'", ANGULAR_MEDIA_ONLOAD_HASH],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    'upgrade-insecure-requests': null,
  };
}
