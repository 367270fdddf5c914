import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { validatedBody } from '../platform/http/validated-body.js';
import { ApiKeyService, IssueApiKeyBody, RotateApiKeyBody } from './api-key.service.js';

/** /admin/api-keys (AUTH-3): admin session required (AUTH-4). */
@ApiTags('admin')
@UseGuards(AdminSessionGuard)
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Issue a key {name, scopes? (generate, read), expires_in_days? (1–90, default 90)}; the key is in this answer only' })
  issue(@Body() body: unknown, @CurrentPrincipal() admin: Principal, @ClientSource() source: string) {
    return this.keys.issue(validatedBody(IssueApiKeyBody, body), admin, source);
  }

  @Get()
  @AdminAction('api_key_list')
  async list() {
    return { keys: await this.keys.list() };
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'New secret for the key {grace_hours? (0–168, default 24), expires_in_days?}; the old one works until previous_valid_until' })
  rotate(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() admin: Principal, @ClientSource() source: string) {
    return this.keys.rotate(id, validatedBody(RotateApiKeyBody, body), admin, source);
  }

  @Delete(':id')
  async revoke(@Param('id') id: string, @CurrentPrincipal() admin: Principal, @ClientSource() source: string) {
    await this.keys.revoke(id, admin, source);
    return { revoked: true, id };
  }
}
