import { describe, expect, it } from 'vitest';
import { useGatewaySandbox } from '../../helpers/gateway-sandbox.js';
import { startFakeGateway } from '../../helpers/fake-gateway.js';
import { runKt } from '../../helpers/run-kt.js';

const sandbox = useGatewaySandbox({ prefix: 'kt-health-' });
const env = () => sandbox.env();

describe('kt health', () => {
  it('prints one status line and exits 0 when healthy', async () => {
    const r = await runKt(['health'], { env: env() });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^healthy {2}http:\/\/127\.0\.0\.1:\d+ {2}zero-trust@1\.0\.0 {2}\(\d+ ms\)\n$/);
  });

  it('--verbose probes providers, checks the token and exits 1 when degraded', async () => {
    const r = await runKt(['health', '--verbose'], { env: env() });
    expect(sandbox.gw.requests.find((q) => q.path === '/health')!.query.get('probe')).toBe('providers');
    expect(r.stdout).toContain('auth                 ok: admin (admin), token from env');
    // OPENAI_API_KEY is not set in the fake's store, so the probe reports the provider unconfigured.
    expect(r.stdout).toMatch(/WARN openai {2}unconfigured/);
    expect(r.stdout).toContain('uptime               1h 2m');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toContain(sandbox.gw.token);
  });

  it('--json is one document with the report', async () => {
    sandbox.gw.vars.set('OPENAI_API_KEY', { value: 'sk-x', version: 1, created_at: 'a', updated_at: 'b' });
    const r = await runKt(['health', '--verbose', '--json'], { env: env() });
    const doc = JSON.parse(r.stdout) as {
      status: string;
      providers: Record<string, { status: string }>;
      auth_check: { ok: boolean };
    };
    expect(doc.status).toBe('healthy');
    expect(doc.providers.openai!.status).toBe('reachable');
    expect(doc.auth_check.ok).toBe(true);
    expect(r.exitCode).toBe(0);
  });

  it('a response that does not match schemas/openapi.json exits 5 naming the field', async () => {
    sandbox.gw.faults.push({ path: '/health', status: 200, body: { status: 'healthy', version: '1' } });
    const r = await runKt(['health'], { env: env() });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(
      /^kt: error\[api\.invalid_response\]: GET \/health: unexpected response shape: .*\(schema Health\)\n/,
    );
  });

  it('a 503 overload answer (error envelope, not a report) is retried, then exits 5 as server.unavailable', async () => {
    const overload = {
      path: '/health',
      status: 503,
      body: { error: { type: 'overloaded', code: 'busy', message: 'too many requests in flight' } },
    };
    sandbox.gw.faults.push(overload);
    const once = await runKt(['health'], { env: env() });
    expect(once.exitCode).toBe(0);
    expect(sandbox.gw.requests.filter((q) => q.path === '/health')).toHaveLength(2);
    sandbox.gw.faults.push(overload, overload, overload, overload);
    const r = await runKt(['health'], { env: { ...env(), KT_HTTP_MAX_ATTEMPTS: '4' } });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain('server.unavailable');
  });

  it('a 503 overload answer that quotes the token back does not show it, whatever its shape, and keeps the request id', async () => {
    // A control plane's token need not look like a kt token: only the exact value can be scrubbed.
    const token = 'cp-3f9a1c77e2b04d5e9a8f';
    sandbox.gw.faults.push(
      ...Array.from({ length: 2 }, () => ({
        path: '/health',
        status: 503,
        headers: { 'x-request-id': 'req_overload_1' },
        body: { error: { type: 'overloaded', code: 'busy', message: `busy, try again (token ${token})` } },
      })),
    );
    const r = await runKt(['health', '--json', '--debug'], {
      env: { ...env(), KEEPTRUSTS_API_TOKEN: token, KT_HTTP_MAX_ATTEMPTS: '2' },
    });
    expect(r.exitCode).toBe(5);
    const error = (JSON.parse(r.stdout) as { error: { code: string; message: string; request_id?: string } }).error;
    expect(error.code).toBe('server.unavailable');
    expect(error.message).toContain('busy, try again (token [REDACTED])');
    expect(error.request_id).toBe('req_overload_1');
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it('a report with a field nested absurdly deep is an invalid response (exit 5), not a crash printing it (exit 70)', async () => {
    const nested = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const report = JSON.stringify({
      status: 'healthy',
      version: '1',
      uptime_seconds: 1,
      pack: null,
      policies_loaded: 0,
      requests_processed: 0,
      providers: {},
      tls: { enabled: false },
      auth: {},
      extra: 0,
    }).replace('"extra":0', `"extra":${nested}`);
    for (const args of [['health', '--json'], ['health']]) {
      sandbox.gw.faults.push({ path: '/health', raw: report });
      const r = await runKt(args, { env: env() });
      expect(r.exitCode).toBe(5);
      expect(r.stdout + r.stderr).toContain('api.invalid_response');
      expect(r.stdout + r.stderr).toContain('GET /health: the response is nested deeper than 64 levels');
    }
  });

  it('a redirect is not followed: the other address gets no request and no token, the error names where it points (exit 5)', async () => {
    const other = await startFakeGateway();
    let n = 1;
    try {
      for (const status of [301, 302, 307, 308]) {
        sandbox.gw.faults.push({
          path: '/health',
          status,
          headers: { location: `${other.url}/health?token=${sandbox.gw.token}` },
        });
        const r = await runKt(['health', '--verbose'], { env: env() });
        expect(r.exitCode).toBe(5);
        expect(r.stderr.split('\n').slice(0, 2)).toEqual([
          `kt: error[api.redirected]: GET /health: the server redirects (${status}) to ${other.url}/health; kt does not follow redirects (request req_fake_${n++})`,
          `  hint: if the API lives there, give its address as --api-url (${other.url}): kt sends the token only where it is pointed`,
        ]);
        expect(r.stderr).not.toContain(sandbox.gw.token);
      }
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('exits 1 on an unhealthy gateway', async () => {
    sandbox.gw.status = 'unhealthy';
    const r = await runKt(['health'], { env: env() });
    expect(r.stdout.startsWith('unhealthy')).toBe(true);
    expect(r.exitCode).toBe(1);
  });

  it('a wrong token fails the verbose auth check with exit 1, and the token never shows', async () => {
    const r = await runKt(['health', '--verbose'], {
      env: { ...env(), KEEPTRUSTS_API_TOKEN: 'kt_admin_wrongwrongwrong' },
    });
    expect(r.stdout).toContain('FAIL: auth.unauthorized');
    expect(r.exitCode).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('wrongwrongwrong');
  });

  it('exits 5 when nothing listens', async () => {
    const url = sandbox.gw.url;
    await sandbox.gw.close();
    const r = await runKt(['health', '--timeout', '3s'], { env: { ...env(), KEEPTRUSTS_API_URL: url } });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(
      /^kt: error\[network\.unreachable\]: GET http:\/\/127\.0\.0\.1:\d+\/health: connection refused\n/,
    );
    await sandbox.restartGateway();
  });

  it('exits 5 within the timeout when the server does not answer', async () => {
    sandbox.gw.faults.push({ path: '/health', delayMs: 5_000, status: 200 });
    const started = Date.now();
    const r = await runKt(['health', '--timeout', '700ms'], { env: env() });
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toMatchObject({ exitCode: 5 });
    expect(r.stderr).toContain('network.timeout');
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
