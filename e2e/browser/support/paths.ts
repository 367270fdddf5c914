import { join, resolve } from 'node:path';

/** The repository root (this file is e2e/browser/support/paths.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** Kept by CI: `.ci/run` copies test-artifacts/ into artifacts/. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
