import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';

import { ADMIN_HOME_PATH, ADMIN_LOGIN_PATH, AdminSession, safeReturnUrl } from './admin-session';

/** Admin screens need a live admin session; without one the login page opens, remembering where to return. */
export const adminSessionGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const session = inject(AdminSession);
  if (await session.ensureActive()) return true;
  const returnUrl = safeReturnUrl(state.url);
  return router.createUrlTree([ADMIN_LOGIN_PATH], { queryParams: returnUrl && returnUrl !== ADMIN_HOME_PATH ? { returnUrl } : {} });
};

/** Someone already signed in who opens the login page goes straight to where they were heading. */
export const adminLoginGuard: CanActivateFn = async (route) => {
  const session = inject(AdminSession);
  const router = inject(Router);
  if (session.status() === 'signed-out' || !(await session.check())) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')) ?? ADMIN_HOME_PATH);
};
