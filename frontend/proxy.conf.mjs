// `ng serve` proxy: forwards API calls to the NestJS backend so the dev app stays same-origin, as in
// production. Set GG_API_URL when the backend does not listen on http://localhost:8080 (its PORT default).
//
// UI routes share paths with API routes (`/gallery`, `/admin/...`, `/tasks/...`). Like the backend's
// http-app.factory.ts, a browser page load (GET, navigate / text/html) gets the app unless the path is
// API-only (media, docs, health, the SSE stream); everything else goes to the API.
const target = process.env.GG_API_URL ?? 'http://localhost:8080';

const API_ONLY = /^\/(results|preview|docs|health|status\/[^/]+\/stream)(\/|$|\?)/;
const API_PREFIXES = ['/health', '/models', '/auth', '/generate', '/status', '/results', '/preview', '/tasks', '/gallery', '/admin', '/docs'];

function isAppPageLoad(req) {
  const accept = req.headers.accept ?? '';
  const navigation = req.headers['sec-fetch-mode'] === 'navigate' || accept.startsWith('text/html');
  return req.method === 'GET' && navigation && !API_ONLY.test(req.url ?? '');
}

export default Object.fromEntries(
  API_PREFIXES.map((prefix) => [
    prefix,
    { target, changeOrigin: false, secure: false, bypass: (req) => (isAppPageLoad(req) ? '/index.html' : undefined) },
  ]),
);
