import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startSimulator, type SimulatorHandle } from '../../../gpu/simulator/simulator.js';
import { adminCookie, SIMULATOR_TOKEN, startTestApp, TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY, waitForStatus, type TestApp } from '../testing/test-app.js';
import { AccountEntity } from './account-status/account.entity.js';
import { CredentialEntity } from './credentials/credential.entity.js';

type Json = Record<string, any>;

describe('Worker accounts, routing, deploy and health through the admin API', () => {
  let app: TestApp;
  let cookie: string;
  let simA: SimulatorHandle;
  let simB: SimulatorHandle;
  const responses: string[] = [];

  const admin = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const response = await app.http(path, { ...init, auth: false, headers: { cookie, ...(init.headers as Record<string, string>) } });
    const text = await response.text();
    responses.push(text);
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  // Polls the read model, not the API: admin routes are rate limited to 120/min/session (SEC-1).
  const waitForAccount = async (id: string, status: string | string[], timeoutMs = 15_000) => {
    const wanted = Array.isArray(status) ? status : [status];
    const repository = app.app.get(DataSource).getRepository(AccountEntity);
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const row = await repository.findOneBy({ id });
      if (row && wanted.includes(row.status)) return (await admin(`/admin/accounts/${id}`)).body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`account ${id} did not become ${wanted.join('|')}: ${JSON.stringify(await repository.findOneBy({ id }))}`);
  };
  const submit = async (prompt: string) => {
    const response = await app.http('/generate', { method: 'POST', json: { model: 'flux', mode: 'txt2img', prompt, width: 256, height: 256 } });
    return ((await response.json()) as { task_id: string }).task_id;
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { ACCOUNT_FAILED_COOLDOWN_MS: '400', ACCOUNT_MONITOR_INTERVAL_MS: '100', ACCOUNT_HEALTH_ATTEMPTS: '2' } });
    const dir = join(app.dataDir, 'sims');
    simA = await startSimulator({ token: SIMULATOR_TOKEN, dataDir: join(dir, 'a'), port: 0, speed: 0.001 });
    simB = await startSimulator({ token: SIMULATOR_TOKEN, dataDir: join(dir, 'b'), port: 0, speed: 0.001 });
    cookie = await adminCookie(app);
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await simA.close();
    await simB.close();
  });

  it('AUTH-4: account routes need the admin session', async () => {
    const response = await app.http('/admin/accounts', { auth: false });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'admin_session_required' });
  });

  it('ADM-1: refuses a bad account body with field errors and changes nothing (SEC-3 workspace rule)', async () => {
    const before = await app.store.headPosition();
    const bad = await admin('/admin/accounts', { method: 'POST', json: { kind: 'modal', label: '', workspace: 'Bad_Name!', token_id: 'x', extra: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.metadata.fields.map((f: Json) => f.field)).toEqual(expect.arrayContaining(['label', 'workspace', 'token_id', 'token_secret', 'extra']));
    const url = await admin('/admin/accounts', { method: 'POST', json: { kind: 'http', label: 'x', base_url: 'http://user:pw@evil.example/', token: 't'.repeat(20) } });
    expect(url.body.metadata.fields).toEqual([expect.objectContaining({ field: 'base_url' })]);
    expect(await app.store.headPosition()).toBe(before);
  });

  let a: Json;
  let b: Json;
  it('ADM-1, ADM-2, SC-4: an admin adds two simulator accounts, deploys them and sees them turn ready', async () => {
    const created = await admin('/admin/accounts', { method: 'POST', json: { kind: 'http', label: 'sim A', base_url: simA.url, token: SIMULATOR_TOKEN } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', kind: 'http', label: 'sim A' });
    expect(JSON.stringify(created.body)).not.toContain(SIMULATOR_TOKEN);
    a = created.body;
    b = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'http', label: 'sim B', base_url: simB.url, token: SIMULATOR_TOKEN } })).body;
    expect((await admin(`/admin/accounts/${a.id}/deploy`, { method: 'POST' })).status).toBe(202);
    const started = Date.now();
    await admin('/admin/deploy-all', { method: 'POST' });
    const readyA = await waitForAccount(a.id, 'ready');
    // ADM-4: for an http account the deploy is its health check, and the log says so.
    expect(readyA.deploy_log).toEqual([expect.objectContaining({ step: 'health_check', outcome: 'ok' })]);
    await waitForAccount(b.id, 'ready');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readyA).toMatchObject({ build_id: expect.any(String), models: expect.arrayContaining(['flux']) });
    const list = await admin('/admin/accounts');
    expect(list.body.diagnostics).toMatchObject({ total: 2, ready: 2 });
  }, 30_000);

  it('ADM-3: tasks spread across ready accounts (least recently used first) and are counted', async () => {
    const ids = [];
    for (let i = 0; i < 4; i += 1) {
      ids.push(await submit(`spread ${i}`));
      await waitForStatus(app, ids[i], (s) => s.status === 'done');
    }
    const used = (await app.events()).filter((e) => e.type === 'TaskDispatched').map((e) => (e.data as { account_id: string }).account_id);
    expect(used.slice(-4).sort()).toEqual([a.id, a.id, b.id, b.id].sort());
    const account = (await admin(`/admin/accounts/${a.id}`)).body;
    expect(account.counters).toMatchObject({ tasks: 2, failures: 0 });
    expect(account.counters.estimated_cost_usd).toBeCloseTo(0.03);
  }, 30_000);

  it('ADM-3: when one account breaks, tasks fail over to the other; the broken one is failed, then recovers after its cool-down', async () => {
    simA.setFaults({ errorRate: 1 });
    const taskIds = [await submit('failover 1'), await submit('failover 2')];
    for (const id of taskIds) await waitForStatus(app, id, (s) => s.status === 'done');
    const dispatched = (await app.events()).filter((e) => e.type === 'TaskDispatched' && taskIds.includes((e.data as { task_id: string }).task_id));
    expect(dispatched.every((e) => (e.data as { account_id: string }).account_id === b.id)).toBe(true);
    const failed = await waitForAccount(a.id, 'failed');
    expect(failed).toMatchObject({ failure_type: 'server_error', retry_after: expect.any(String) });
    expect(failed.counters.failures).toBeGreaterThanOrEqual(1);
    simA.setFaults({ reset: true });
    await waitForAccount(a.id, 'ready');
  }, 30_000);

  it('ADM-2: disable takes an account out of rotation until enabled; illegal transitions answer 409', async () => {
    expect((await admin(`/admin/accounts/${b.id}/disable`, { method: 'POST' })).body.status).toBe('disabled');
    const taskId = await submit('while b is disabled');
    await waitForStatus(app, taskId, (s) => s.status === 'done');
    const last = (await app.events()).filter((e) => e.type === 'TaskDispatched').at(-1)!;
    expect((last.data as { account_id: string }).account_id).toBe(a.id);
    expect((await admin(`/admin/accounts/${b.id}/enable`, { method: 'POST' })).status).toBe(202);
    await waitForAccount(b.id, 'ready');
    const pending = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'http', label: 'never deployed', base_url: simB.url, token: SIMULATOR_TOKEN } })).body;
    const illegal = await admin(`/admin/accounts/${pending.id}/enable`, { method: 'POST' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'illegal_transition', metadata: { from: 'pending' } });
    await admin(`/admin/accounts/${pending.id}`, { method: 'DELETE' });
  }, 30_000);

  it('ADM-3: a monthly budget that is used up takes the account out of rotation', async () => {
    await admin(`/admin/accounts/${a.id}/budget`, { method: 'POST', json: { monthly_budget_usd: 0.01 } });
    await admin(`/admin/accounts/${b.id}/budget`, { method: 'POST', json: { monthly_budget_usd: 0.01 } });
    const taskId = await submit('over budget');
    const failed = await waitForStatus(app, taskId, (s) => s.status === 'failed');
    expect(failed.error.code).toBe('no_ready_workers');
    expect((await admin(`/admin/accounts/${a.id}`)).body.over_budget).toBe(true);
    await admin(`/admin/accounts/${a.id}/budget`, { method: 'POST', json: { monthly_budget_usd: null } });
    await admin(`/admin/accounts/${b.id}/budget`, { method: 'POST', json: { monthly_budget_usd: null } });
  }, 30_000);

  describe('ADM-4: Modal accounts deploy through the Modal CLI (a stand-in that records its arguments and environment)', () => {
    let dir: string;
    let log: string;
    const originalPath = process.env.PATH;
    const standIn = (behaviour: string) => {
      writeFileSync(join(dir, 'modal'), `#!/bin/sh\nprintf '%s\\n' "{\\"args\\": \\"$*\\", \\"env\\": \\"$(env | sort | tr '\\n' ' ')\\"}" >> ${log}\n${behaviour}\n`);
      chmodSync(join(dir, 'modal'), 0o755);
    };
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'gg-modal-'));
      log = join(dir, 'calls.log');
      process.env.PATH = `${dir}:${originalPath}`;
    });
    afterAll(() => {
      process.env.PATH = originalPath;
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs `modal secret create` and `modal deploy` with only that account’s token in the environment, then health-checks the workspace URL', async () => {
      standIn('echo "✓ App deployed! https://ws-one--gooni-gooni-worker-api.modal.run"; exit 0');
      const created = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'modal', label: 'modal one', workspace: 'ws-one', token_id: 'ak-modal-token-id-1', token_secret: 'as-modal-token-secret-1' } })).body;
      await admin(`/admin/accounts/${created.id}/deploy`, { method: 'POST' });
      const settled = await waitForAccount(created.id, ['ready', 'failed', 'disabled']);
      const calls = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { args: string; env: string });
      expect(calls.map((call) => call.args.split(' ').slice(0, 2).join(' '))).toEqual(['secret create', 'deploy gpu/modal/app.py']);
      for (const call of calls) {
        const names = call.env.trim().split(' ').map((pair) => pair.split('=')[0]).filter(Boolean).sort();
        expect(names.filter((name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name))).toEqual(['HOME', 'MODAL_TOKEN_ID', 'MODAL_TOKEN_SECRET', 'PATH']);
        for (const secret of [TEST_ADMIN_KEY, TEST_API_KEY, TEST_ENCRYPTION_KEY]) expect(call.env).not.toContain(secret);
        expect(call.env).toContain('MODAL_TOKEN_ID=ak-modal-token-id-1');
      }
      expect(settled.deploy_log).toEqual([
        expect.objectContaining({ step: 'modal_deploy', attempt: 1, outcome: 'ok' }),
        expect.objectContaining({ step: 'health_check', outcome: 'failed' }),
      ]);
      // The workspace URL is not reachable from here, so the health check fails as a network problem.
      expect(settled).toMatchObject({ status: 'failed', failure_type: expect.stringMatching(/network|timeout|health_failed/) });
      expect(JSON.stringify(settled)).not.toContain('as-modal-token-secret-1');
    }, 30_000);

    it('classifies a deploy refused for bad tokens as auth_failed and disables the account without retrying', async () => {
      rmSync(log, { force: true });
      standIn('echo "Error: Unauthorized: invalid token" >&2; exit 1');
      const created = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'modal', label: 'modal bad', workspace: 'ws-bad', token_id: 'ak-bad', token_secret: 'as-bad-secret' } })).body;
      await admin(`/admin/accounts/${created.id}/deploy`, { method: 'POST' });
      const disabled = await waitForAccount(created.id, 'disabled');
      expect(disabled).toMatchObject({ failure_type: 'auth_failed' });
      expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
    }, 30_000);

    it('kills a deploy that outlives its timeout and retries, then fails it as timeout', async () => {
      rmSync(log, { force: true });
      standIn('sleep 5');
      const { config } = app;
      const saved = { ...config.accounts };
      Object.assign(config.accounts, { deployTimeoutMs: 300, deployAttempts: 2, deployBackoffMs: 10 });
      try {
        const created = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'modal', label: 'modal slow', workspace: 'ws-slow', token_id: 'ak-slow', token_secret: 'as-slow-secret' } })).body;
        await admin(`/admin/accounts/${created.id}/deploy`, { method: 'POST' });
        const failed = await waitForAccount(created.id, 'failed');
        expect(failed.failure_type).toBe('timeout');
        expect(failed.deploy_log.map((step: Json) => [step.attempt, step.outcome])).toEqual([[1, 'failed'], [2, 'failed']]);
      } finally {
        Object.assign(config.accounts, saved);
      }
    }, 30_000);
  });

  it('ADM-1: deleting an account destroys its encrypted credential (crypto-shredding) and keeps its history', async () => {
    const created = (await admin('/admin/accounts', { method: 'POST', json: { kind: 'http', label: 'to delete', base_url: simB.url, token: 'delete-me-token-123456' } })).body;
    const credentials = app.app.get(DataSource).getRepository(CredentialEntity);
    const before = await credentials.count();
    expect((await admin(`/admin/accounts/${created.id}`, { method: 'DELETE' })).body).toEqual({ deleted: true, id: created.id });
    const started = Date.now();
    while ((await credentials.count()) === before && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await credentials.count()).toBe(before - 1);
    expect((await admin(`/admin/accounts/${created.id}`)).status).toBe(404);
    expect((await app.events()).filter((e) => e.stream === `account-${created.id}`).map((e) => e.type)).toEqual(['AccountRegistered', 'AccountDeleted']);
  }, 30_000);

  it('AUD-1: every account change is on the audit trail with actor, source, action, target, outcome, time and correlation id', async () => {
    const started = Date.now();
    let entries: Json[] = [];
    while (Date.now() - started < 5000) {
      const audit = await admin(`/admin/audit?target=${encodeURIComponent(`account:${a.id}`)}&limit=200`);
      entries = (audit.body.entries ?? audit.body.items ?? []) as Json[];
      if (entries.some((entry) => entry.action === 'account_ready')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['account_create', 'account_deploy_start', 'account_health_check', 'account_ready', 'account_failed', 'account_budget_set']) expect(actions).toContain(action);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor: expect.any(String), source: expect.any(String), action: expect.any(String), target: `account:${a.id}`, outcome: expect.any(String), timestamp: expect.any(String), correlation_id: expect.any(String) });
    }
    const creator = entries.find((entry) => entry.action === 'account_create')!;
    expect(creator.actor).toMatch(/^admin:/);
  });

  it('AUD-5: no admin response and no event carries a worker credential', async () => {
    const events = JSON.stringify(await app.events());
    for (const secret of [SIMULATOR_TOKEN, 'as-modal-token-secret-1', 'ak-modal-token-id-1', 'delete-me-token-123456']) {
      expect(events).not.toContain(secret);
      expect(responses.join('\n')).not.toContain(secret);
    }
    expect(existsSync(join(app.dataDir, 'read-models.sqlite'))).toBe(true);
    const raw = readFileSync(join(app.dataDir, 'read-models.sqlite'));
    expect(raw.includes(Buffer.from(SIMULATOR_TOKEN))).toBe(false);
  });

  it('ADM-5: admin health reports the event store, projections and their lag, processes, blob store and workers', async () => {
    const health = (await admin('/admin/health')).body;
    expect(health).toMatchObject({
      event_store: { kind: 'sqlite', ok: true, position: expect.any(Number) },
      read_models: { projections: expect.arrayContaining([expect.objectContaining({ name: 'task-status', state: 'running' })]) },
      processes: { managers: expect.arrayContaining([expect.objectContaining({ name: 'gpu-dispatch' })]), parked_events: [] },
      blob_store: { ok: true },
      accounts: { ready: expect.any(Number) },
    });
    expect(health.workers.length).toBeGreaterThanOrEqual(2);
    const publicHealth = await app.http('/health', { auth: false });
    expect(await publicHealth.json()).toEqual({ ok: true });
  });
});
