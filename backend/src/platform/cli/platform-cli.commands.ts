import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { DomainError } from '../errors/domain-error.js';
import { EVENT_STORE, EVENT_STORE_TRAITS, type EventStore, type EventStoreTraits } from '../event-store/event-store.port.js';
import { exportLog, ndjsonLine } from '../event-store/log-export.js';
import { verifyLog } from '../event-store/log-verifier.js';
import { PlatformRuntime } from '../platform-runtime.js';
import { ProjectionMaintenance } from '../projections/projection-maintenance.js';
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
    let count = 0;
    for await (const batch of exportLog(store, { after: Number(option(args, 'from') ?? 0) })) {
      for (const event of batch) {
        const line = ndjsonLine(event);
        if (stream) {
          if (!stream.write(`${line}\n`)) await once(stream, 'drain');
        } else io.out(line);
        count += 1;
      }
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
    const maintenance = new ProjectionMaintenance(app.get<EventStore>(EVENT_STORE), app.get(DataSource), app.get(PlatformRuntime));
    const name = option(args, 'name');
    try {
      if (!flag(args, 'verify')) {
        const { projections } = await maintenance.rebuild(name);
        io.out(JSON.stringify(projections, null, 2));
        return 0;
      }
      const report = await maintenance.verify(name);
      io.out(JSON.stringify(report.results, null, 2));
      const bad = report.results.filter((result) => result.differences.length > 0);
      if (bad.length > 0) io.err(`Rebuild differs from the live read models in: ${bad.map((result) => result.projector).join(', ')}`);
      return report.ok ? 0 : 1;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'projection_not_found') throw error;
      io.err(`${error.message} ${error.userAction}`);
      return 2;
    }
  },
};

export const PLATFORM_CLI_COMMANDS: readonly CliCommand[] = [eventsVerify, eventsExport, projectionsRebuild];
