import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { EVENT_STORE, EVENT_STORE_TRAITS, type EventStore, type EventStoreTraits } from '../event-store/event-store.port.js';
import { verifyLog } from '../event-store/log-verifier.js';
import { PlatformRuntime } from '../platform-runtime.js';
import { createReadModelDataSource } from '../persistence/read-model-datasource.js';
import { ConsumerCheckpointEntity } from '../persistence/consumer-checkpoint.entity.js';
import { verifyRebuild } from '../projections/rebuild-verifier.js';
import { flag, option, type CliCommand } from './cli-command.js';

export const eventsVerify: CliCommand = {
  name: 'events verify',
  summary: 'Walk the whole log: hash chains, positions and seals (AUD-3). Exit 1 and name the first bad event.',
  async run(app, _args, io) {
    const report = await verifyLog(app.get<EventStore>(EVENT_STORE), app.get<EventStoreTraits>(EVENT_STORE_TRAITS));
    io.out(JSON.stringify(report, null, 2));
    if (!report.ok) io.err(`Tampering detected at position ${report.firstBadEvent!.position}: ${report.firstBadEvent!.reason}`);
    return report.ok ? 0 : 1;
  },
};

export const eventsExport: CliCommand = {
  name: 'events export',
  summary: 'Write the log as NDJSON, one event per line (--from POSITION, --out FILE; default stdout) (AUD-4).',
  async run(app, args, io) {
    const store = app.get<EventStore>(EVENT_STORE);
    const out = option(args, 'out');
    const stream = out ? createWriteStream(out, { mode: 0o600 }) : null;
    let after = Number(option(args, 'from') ?? 0);
    let count = 0;
    for (;;) {
      const batch = await store.readAll({ after, maxCount: 2000 });
      if (batch.length === 0) break;
      for (const event of batch) {
        const line = JSON.stringify(event);
        if (stream) {
          if (!stream.write(`${line}\n`)) await once(stream, 'drain');
        } else io.out(line);
        count += 1;
      }
      after = batch[batch.length - 1].position;
    }
    if (stream) {
      stream.end();
      await once(stream, 'finish');
      io.err(`exported ${count} events to ${out}`);
    }
    return 0;
  },
};

export const projectionsRebuild: CliCommand = {
  name: 'projections rebuild',
  summary: 'Rebuild read models from position 0 (--name N for one). With --verify: rebuild into scratch tables and diff against the live ones (SC-7); exit 1 on any difference.',
  async run(app, args, io) {
    const runtime = app.get(PlatformRuntime);
    const name = option(args, 'name');
    const projectors = name ? runtime.projectors.filter((p) => p.name === name) : runtime.projectors;
    if (name && projectors.length === 0) {
      io.err(`No projection is named ${name}; known: ${runtime.projectors.map((p) => p.name).join(', ')}`);
      return 2;
    }
    if (!flag(args, 'verify')) {
      for (const projector of projectors) await runtime.projections.rebuild(projector.name);
      await runtime.projections.catchUp();
      io.out(JSON.stringify(await runtime.projections.status(), null, 2));
      return 0;
    }
    const dir = mkdtempSync(join(tmpdir(), 'gg-rebuild-'));
    const scratch = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'scratch.sqlite') }, [
      ConsumerCheckpointEntity,
      ...projectors.flatMap((projector) => projector.tables),
    ] as never);
    try {
      await scratch.initialize();
      const results = await verifyRebuild(app.get<EventStore>(EVENT_STORE), app.get(DataSource), scratch, projectors);
      io.out(JSON.stringify(results, null, 2));
      const bad = results.filter((result) => result.differences.length > 0);
      if (bad.length > 0) io.err(`Rebuild differs from the live read models in: ${bad.map((result) => result.projector).join(', ')}`);
      return bad.length > 0 ? 1 : 0;
    } finally {
      if (scratch.isInitialized) await scratch.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export const PLATFORM_CLI_COMMANDS: readonly CliCommand[] = [eventsVerify, eventsExport, projectionsRebuild];
