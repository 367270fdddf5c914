// `npm run gg -- <command>`: builds the backend if needed, then runs the operator CLI.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = new URL('..', import.meta.url).pathname;
buildIfStale({ frontend: false });
const result = spawnSync(process.execPath, [join(root, 'dist/backend/src/cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
