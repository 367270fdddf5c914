/**
 * Tests that need a service nobody started skip LOUDLY; when REQUIRE_SERVICES names the service (CI sets it
 * for the services its machine has) a missing one is a failure instead.
 */
export function serviceUrl(service: string, variable: string): { url: string | null; required: boolean } {
  const url = process.env[variable]?.trim() || null;
  const required = (process.env.REQUIRE_SERVICES ?? '').split(',').map((s) => s.trim()).includes(service);
  if (!url) {
    process.stderr.write(`\n!!! SKIPPED: tests that need ${service} — set ${variable} to run them${required ? ' (REQUIRED by REQUIRE_SERVICES: failing)' : ''}\n`);
  }
  return { url, required };
}
