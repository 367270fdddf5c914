import { SetMetadata } from '@nestjs/common';
import type { DeadlineEntity } from './deadline.entity.js';

export const DEADLINE_HANDLER_METADATA = 'gg:deadline-handler';

export interface DeadlineFirer {
  fire(deadline: DeadlineEntity): Promise<void>;
}

/** Marks a provider that fires deadlines of one kind. */
export const AsDeadlineHandler = (kind: string): ClassDecorator => SetMetadata(DEADLINE_HANDLER_METADATA, kind);
