import { Controller, Get } from '@nestjs/common';

/** Public liveness (ADM-5, COMPAT): no details, no auth. */
@Controller()
export class HealthController {
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }
}
