import { SetMetadata } from '@nestjs/common';

export const ADMIN_ACTION = 'gg:admin-action';

/**
 * Names an admin route's action in the audit trail (AUD-1; e.g. `list_accounts`). Without it the action is
 * `<METHOD> <route>`. Reads are recorded by AdminSessionGuard (folded per minute); changes are recorded by
 * the feature's own events.
 */
export const AdminAction = (action: string): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ACTION, action);
