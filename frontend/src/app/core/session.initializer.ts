import { inject, provideAppInitializer, type EnvironmentProviders } from '@angular/core';

import { SessionService } from './session.service';

/** How long the first render waits for the session before showing the app anyway. */
export const SESSION_STARTUP_WAIT_MS = 4_000;

/**
 * Obtains the session before the first screen so its API calls carry the cookie (SC-3). Bounded: a slow
 * or absent server delays startup by at most {@link SESSION_STARTUP_WAIT_MS}; the session service keeps
 * trying in the background and reports failures itself (it never rejects, so bootstrap never fails).
 */
export function provideSessionInitializer(waitMs = SESSION_STARTUP_WAIT_MS): EnvironmentProviders {
  return provideAppInitializer(() => {
    const session = inject(SessionService).ensureSession();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    return Promise.race([session, deadline]).then(() => clearTimeout(timer));
  });
}
