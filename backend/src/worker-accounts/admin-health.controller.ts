import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { BLOB_STORE, type BlobStore } from '../platform/blob-store/blob-store.port.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config.js';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port.js';
import { PlatformRuntime } from '../platform/platform-runtime.js';
import { ParkedEventEntity } from '../platform/processes/parked-event.entity.js';
import { AccountAdmin } from './account-admin.service.js';

/** ADM-5: the details GET /health does not give — only to admins. */
@ApiTags('admin')
@UseGuards(AdminSessionGuard)
@Controller('admin')
export class AdminHealthController {
  constructor(
    private readonly runtime: PlatformRuntime,
    private readonly accounts: AccountAdmin,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('health')
  @AdminAction('admin_health')
  async health() {
    const [head, projections, processes, deadlines, blobs, accounts, parked, lastSeal] = await Promise.all([
      this.store.headPosition().then((position) => ({ ok: true as const, position })).catch((error: Error) => ({ ok: false as const, error: error.message })),
      this.runtime.projections.status(),
      this.runtime.processes.status(),
      this.runtime.deadlines.pending(),
      this.blobs.health(),
      this.accounts.list(),
      this.dataSource.getRepository(ParkedEventEntity).find({ order: { position: 'DESC' }, take: 20 }),
      this.runtime.sealer.lastSeal().catch(() => null),
    ]);
    const projectionsOk = projections.every((projection) => projection.state !== 'parked');
    const readyAccounts = accounts.filter((account) => account.status === 'ready').length;
    return {
      ok: head.ok && projectionsOk && blobs.ok && readyAccounts > 0 && parked.length === 0,
      event_store: { kind: this.config.eventStore.kind, ...head, last_seal_through: lastSeal?.data.through ?? null },
      read_models: { kind: this.config.readModel.kind, projections },
      processes: { managers: processes, parked_events: parked, deadlines },
      blob_store: blobs,
      accounts: {
        total: accounts.length,
        ready: readyAccounts,
        by_status: accounts.reduce<Record<string, number>>((counts, account) => ({ ...counts, [account.status]: (counts[account.status] ?? 0) + 1 }), {}),
      },
      workers: accounts.map((account) => ({
        id: account.id,
        label: account.label,
        kind: account.kind,
        status: account.status,
        build_id: account.build_id,
        models: account.models,
        last_health_at: account.last_health_at,
        last_error: account.last_error,
      })),
    };
  }
}
