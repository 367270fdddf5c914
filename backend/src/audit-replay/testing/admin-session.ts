import { adminCookie, type TestApp } from '../../testing/test-app.js';

export interface AdminClient {
  /** Secret values this client holds (the session token), for AUD-5 checks. */
  readonly secrets: string[];
  http(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/** Requests with an admin session (AUTH-4) and nothing else: no API key rides along. */
export async function adminSession(app: TestApp): Promise<AdminClient> {
  const cookie = await adminCookie(app);
  return {
    secrets: [cookie.slice(cookie.indexOf('=') + 1)],
    http(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      return app.http(path, { ...init, headers, auth: false });
    },
  };
}
