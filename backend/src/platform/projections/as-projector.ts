import { SetMetadata } from '@nestjs/common';

export const PROJECTOR_METADATA = 'gg:projector';

/** Marks a provider as a projector; the platform runtime finds it through Nest's discovery. */
export const AsProjector = (): ClassDecorator => SetMetadata(PROJECTOR_METADATA, true);
