import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminSessionGuard } from '../admin/index.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { validatedBody } from '../platform/http/validated-body.js';
import { AccessCodeService, IssueAccessCodeBody } from './access-code.service.js';

/** Invite access codes for ACCESS_MODE=invite (AUTH-2); admin session required (AUTH-4). */
@ApiTags('admin')
@UseGuards(AdminSessionGuard)
@Controller('admin/access-codes')
export class AccessCodesController {
  constructor(private readonly codes: AccessCodeService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue an access code {label?, max_uses? (1 = one-time), expires_in_hours? (≤ 2160)}; the code is shown once' })
  issue(@Body() body: unknown, @CurrentPrincipal() admin: Principal, @ClientSource() source: string) {
    return this.codes.issue(validatedBody(IssueAccessCodeBody, body), admin, source);
  }

  @Get()
  async list() {
    return { codes: await this.codes.list() };
  }

  @Delete(':id')
  async revoke(@Param('id') id: string, @CurrentPrincipal() admin: Principal, @ClientSource() source: string) {
    await this.codes.revoke(id, admin, source);
    return { revoked: true, id };
  }
}
