// The request log never shows a secret a client put in the path where a name goes, nor a query string: a
// `PUT /v1/config-variables/<the value>` refused 422 (no valid name) used to write the value to the log.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogLine } from '../../../src/runtime/gateway.js';
import { loggedPath } from '../../../src/runtime/logged-path.js';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';
import { pollUntil } from '../../helpers/wait.js';

const SECRET = 'sk-live-Zq81pXw0 secret';
let gateway: InProcessGateway;
const lines: RequestLogLine[] = [];
beforeAll(async () => {
  gateway = await startInProcessGateway('log-path', { onRequest: (line) => lines.push(line) });
});
afterAll(async () => {
  await gateway.close();
});

const send = async (method: string, target: string, init: RequestInit = {}): Promise<string> => {
  const env = gateway.env();
  const res = await fetch(`${env.KEEPTRUSTS_API_URL}${target}`, {
    method,
    ...init,
    headers: { authorization: `Bearer ${env.KEEPTRUSTS_API_TOKEN}`, 'content-type': 'application/json' },
  });
  await res.arrayBuffer();
  const id = res.headers.get('x-request-id')!;
  const line = await pollUntil(
    async () => lines.find((l) => l.request_id === id),
    (l) => l !== undefined,
  );
  return line!.path;
};

describe('the path of a request log line', () => {
  it('replaces a step the gateway refused as a name, and drops the query', async () => {
    const body = JSON.stringify({ value: 'v' });
    const encoded = encodeURIComponent(SECRET);
    expect(await send('PUT', `/v1/config-variables/${encoded}`, { body })).toBe('/v1/config-variables/{name}');
    expect(await send('POST', `/v1/config-variables/${encoded}/resolve`)).toBe('/v1/config-variables/{name}/resolve');
    expect(await send('GET', `/v1/events/${encoded}`)).toBe('/v1/events/{id}');
    expect(await send('DELETE', `/keeptrusts/gateway-keys/${encoded}`)).toBe('/keeptrusts/gateway-keys/{id}');
    expect(await send('GET', `/v1/models/${encoded}`)).toBe('/v1/models/{model}');
    expect(await send('GET', `/v1/events?user=${encoded}`)).toBe('/v1/events');
    expect(await send('GET', `/nowhere/${encoded}?token=${encoded}`)).toBe('/{step}/{step}');
    expect(await send('GET', `/v1/config-variable/${encoded}`)).toBe('/v1/{step}/{step}');
    expect(JSON.stringify(lines)).not.toContain('sk-live');
  });

  it('keeps a name the gateway takes, and a model it serves', async () => {
    expect(await send('PUT', '/v1/config-variables/OPENAI_KEY', { body: JSON.stringify({ value: 'v' }) })).toBe(
      '/v1/config-variables/OPENAI_KEY',
    );
    expect(await send('GET', '/v1/config-variables/OPENAI_KEY?x=1')).toBe('/v1/config-variables/OPENAI_KEY');
    expect(await send('GET', '/v1/models/mock-echo')).toBe('/v1/models/mock-echo');
    expect(await send('GET', '/health')).toBe('/health');
  });

  it('a request the listener refuses (an Expect it does not meet) is logged without its query', async () => {
    const url = new URL(gateway.gw.url);
    const head = `POST /v1/chat/completions?key=${encodeURIComponent(SECRET)} HTTP/1.1\r\nhost: x\r\nexpect: teapot\r\n\r\n`;
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => socket.write(head));
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => {
        text += c;
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', () => {});
    });
    const id = /x-request-id: (\S+)/i.exec(answer)![1]!;
    const line = await pollUntil(
      async () => lines.find((l) => l.request_id === id),
      (l) => l !== undefined,
    );
    expect(line).toMatchObject({ status: 417, path: '/v1/chat/completions' });
  });
});

describe('loggedPath', () => {
  // The routes are listed in logged-path.ts (the router is code, not a table): every route of the published
  // contract must be shown as sent, or a new route would be logged as `{step}`s.
  it('shows every route of schemas/openapi.json as sent, with parameters the gateway takes', () => {
    const { paths } = JSON.parse(readFileSync(new URL('../../../schemas/openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    const sent = Object.keys(paths).map((p) =>
      p.startsWith('/v1/models/')
        ? p.replace('{id}', 'gpt-4o')
        : p.replace('{id}', 'evt_01ABC').replace('{name}', 'OPENAI_KEY'),
    );
    expect(sent.length).toBeGreaterThan(10);
    expect(sent.map((p) => loggedPath(p, (id) => id === 'gpt-4o'))).toEqual(sent);
  });

  it('shows a CONNECT authority only when it is a host and port', () => {
    expect(loggedPath('example.com:443')).toBe('example.com:443');
    expect(loggedPath('[::1]:8080')).toBe('[::1]:8080');
    expect(loggedPath(`user:${SECRET}@host:1`)).toBe('{target}');
    expect(loggedPath('')).toBe('');
  });

  it('a model id may hold a slash, shown when the gateway serves it', () => {
    const served = (id: string) => id === 'deepseek/deepseek-r1';
    expect(loggedPath('/v1/models/deepseek/deepseek-r1', served)).toBe('/v1/models/deepseek/deepseek-r1');
    expect(loggedPath('/v1/models/deepseek%2Fdeepseek-r1', served)).toBe('/v1/models/deepseek%2Fdeepseek-r1');
    expect(loggedPath('/v1/models/other/thing', served)).toBe('/v1/models/{model}');
  });
});
