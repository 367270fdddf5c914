import type { AdminHealth } from '../shared/admin-api.types';

/** What keeps `GET /admin/health` from being `ok`, in words (the same conditions the server checks). */
export function healthProblems(health: AdminHealth): string[] {
  const problems: string[] = [];
  if (!health.event_store.ok) problems.push(`The event store is not answering${health.event_store.error ? `: ${health.event_store.error}` : '.'}`);
  for (const projection of health.read_models.projections) {
    if (projection.state === 'parked') problems.push(`Projection ${projection.name} is parked${projection.error ? `: ${projection.error}` : '.'}`);
  }
  if (!health.blob_store.ok) problems.push(`The blob store at ${health.blob_store.path} is not usable.`);
  if (health.accounts.ready === 0) {
    problems.push(health.accounts.total === 0
      ? 'No worker account is configured: new tasks fail with no_ready_workers. Add one under Worker accounts.'
      : 'No worker account is ready: new tasks fail with no_ready_workers.');
  }
  const parked = health.processes.parked_events.length;
  if (parked > 0) problems.push(`${parked === 1 ? 'One event is' : `${parked} events are`} parked by process managers (listed below).`);
  if (health.processes.deadlines.parked > 0) problems.push(`${health.processes.deadlines.parked} deadline(s) could not fire and are parked.`);
  if (!health.ok && problems.length === 0) problems.push('The server reports a problem it did not name.');
  return problems;
}

/** The task id inside a `task-<id>` stream name, or null. */
export function taskIdOfStream(stream: string): string | null {
  return stream.startsWith('task-') && stream.length > 5 ? stream.slice(5) : null;
}
