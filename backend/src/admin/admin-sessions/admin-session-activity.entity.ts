import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The sliding idle clock of an admin session: written on every admin request, deliberately NOT an event
 * (that would append one per request) and not owned by a projector (a rebuild leaves it alone). Shared by
 * every API instance through the read-model database. Losing it only makes sessions look idle since their
 * start — they end sooner, never later (specs/decisions.md).
 */
@Entity('admin_session_activity')
export class AdminSessionActivityEntity {
  @PrimaryColumn('varchar', { length: 64 })
  sessionId!: string;

  @Column('varchar', { length: 30 })
  lastActivityAt!: string;
}
