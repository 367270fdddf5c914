import { InjectionToken } from '@angular/core';

/**
 * Prefix put before every API path. Empty by default: the NestJS server serves the app and the API on
 * one origin, so calls stay relative (`/health`). Provide `'/api'` here if a proxy mounts the API there.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});
