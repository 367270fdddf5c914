// Child process for the crash-safety test: appends forever and prints each acknowledged event id.
// Started with the path of the event store file; killed with SIGKILL at a random moment by the parent.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const [, , filename, distRoot, cycle] = process.argv;
const { SqliteEventStore } = await import(join(distRoot, 'backend/src/platform/event-store/sqlite-event-store.js'));
const { LogSealer } = await import(join(distRoot, 'backend/src/platform/event-store/log-sealer.js'));
const store = new SqliteEventStore({ filename });
const sealer = new LogSealer(store, { now: () => new Date() }, { next: () => randomUUID() });
const metadata = () => ({ correlationId: `cycle-${cycle}`, causationId: null, actor: 'crash-test', source: 'local', timestamp: new Date().toISOString() });
process.stdout.write('ready\n');
for (let i = 0; ; i += 1) {
  const stream = `crash-${i % 17}`;
  const size = i % 5 === 0 ? 3 : 1;
  const events = Array.from({ length: size }, (_, k) => ({ id: randomUUID(), type: 'Appended', data: { cycle: Number(cycle), i, k }, metadata: metadata() }));
  const revision = await store.streamRevision(stream);
  await store.append(stream, events, { expectedRevision: revision < 0 ? 'no_stream' : revision });
  process.stdout.write(`ack ${events.map((event) => event.id).join(' ')}\n`);
  if (i % 97 === 96) await sealer.seal();
}
