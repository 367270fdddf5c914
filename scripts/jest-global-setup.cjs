// Integration and e2e tests run compiled code in child processes (crash test, restarts): build it first.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const result = spawnSync(process.execPath, [join(__dirname, 'build-if-stale.mjs'), '--backend-only'], { stdio: 'inherit', cwd: join(__dirname, '..') });
  if (result.status !== 0) throw new Error('The backend build failed; see the output above.');
};
