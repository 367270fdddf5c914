import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAction, AdminSessionGuard } from '../admin/index.js';
import { ClientSource, CurrentPrincipal, type Principal } from '../platform/auth/principal.js';
import { currentCorrelationId } from '../platform/logging/request-context.js';
import { AccountAdmin } from './account-admin.service.js';
import { parseBudget, parseNewAccount } from './account-input.validator.js';

/** Worker accounts for admins (ADM-1..4, COMPAT). Responses never contain a credential. */
@ApiTags('admin')
@UseGuards(AdminSessionGuard)
@Controller('admin')
export class WorkerAccountsController {
  constructor(private readonly accounts: AccountAdmin) {}

  @Get('accounts')
  @AdminAction('list_accounts')
  async list() {
    const accounts = await this.accounts.list();
    const byStatus: Record<string, number> = {};
    for (const account of accounts) byStatus[account.status] = (byStatus[account.status] ?? 0) + 1;
    return {
      accounts,
      diagnostics: {
        total: accounts.length,
        ready: byStatus.ready ?? 0,
        by_status: byStatus,
        fallback_count: accounts.reduce((sum, account) => sum + account.counters.failures, 0),
        tasks_dispatched: accounts.reduce((sum, account) => sum + account.counters.tasks, 0),
      },
    };
  }

  @Post('accounts')
  @AdminAction('create_account')
  @HttpCode(201)
  create(@Body() body: unknown, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.create(parseNewAccount(body), context(principal, source));
  }

  @Get('accounts/:id')
  @AdminAction('get_account')
  get(@Param('id') id: string) {
    return this.accounts.get(id);
  }

  @Delete('accounts/:id')
  @AdminAction('delete_account')
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    await this.accounts.remove(id, context(principal, source));
    return { deleted: true, id };
  }

  @Post('accounts/:id/deploy')
  @AdminAction('deploy_account')
  @HttpCode(202)
  deploy(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.act(id, { type: 'StartDeploy', data: {} }, context(principal, source));
  }

  @Post('accounts/:id/health-check')
  @AdminAction('health_check_account')
  @HttpCode(202)
  healthCheck(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.act(id, { type: 'StartHealthCheck', data: { reason: 'admin' } }, context(principal, source));
  }

  @Post('accounts/:id/enable')
  @AdminAction('enable_account')
  @HttpCode(202)
  enable(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.act(id, { type: 'Enable', data: {} }, context(principal, source));
  }

  @Post('accounts/:id/disable')
  @AdminAction('disable_account')
  @HttpCode(200)
  disable(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.act(id, { type: 'Disable', data: { message: `disabled by ${principal.kind}:${principal.id}` } }, context(principal, source));
  }

  @Post('accounts/:id/budget')
  @AdminAction('set_account_budget')
  @HttpCode(200)
  budget(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return this.accounts.act(id, { type: 'SetBudget', data: { monthly_budget_usd: parseBudget(body) } }, context(principal, source));
  }

  @Post('deploy-all')
  @AdminAction('deploy_all_accounts')
  @HttpCode(202)
  async deployAll(@CurrentPrincipal() principal: Principal, @ClientSource() source: string) {
    return { started: await this.accounts.deployAll(context(principal, source)) };
  }
}

function context(principal: Principal, source: string) {
  const actor = `${principal.kind}:${principal.id}`;
  return { correlationId: currentCorrelationId() ?? actor, causationId: null, actor, source };
}
