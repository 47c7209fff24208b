// Gateway: added latency of `kt gateway run` over calling the same upstream directly on loopback
// (median and p99, requests interleaved so noise hits both alike), and requests/s through the gateway.
// The upstream is a tiny node:http OpenAI-compatible server in this process; the gateway is a child
// process (one Node main thread = one core for the gateway's JavaScript). Bounded: a few thousand requests.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';

export const name = 'gateway (kt gateway run vs direct upstream on loopback)';

// Every request and every answer carries its own number: the policies memoise the texts they scanned
// (chat history comes back every turn), and one body sent again and again would be answered from that
// memo after its first scan. The direct call and the gateway call of a pair send the same body.
const answerFor = (n) =>
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1,
    model: 'bench',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: `The capital of France is Paris (answer ${n}).` },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
  });

let requestNumber = 0;
const nextBody = () =>
  JSON.stringify({
    model: 'bench',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      {
        role: 'user',
        content: `What is the capital of France? Please answer in one short sentence, thank you (question ${requestNumber++}).`,
      },
    ],
  });

const packFor = (upstream, chain) => `
pack: {name: bench, version: 1.0.0, enabled: true}
providers:
  targets:
    - {id: upstream, provider: openai, model: bench, base_url: "${upstream}"}
policies:
  chain: ${chain}
policy:
  prompt-injection: {response: {action: block}}
  pii-detector: {action: redact}
  dlp-filter: {patterns: [{name: aws, regex: "AKIA[A-Z0-9]{16}", action: block}]}
  audit-logger: {retention_days: 30, log_all_access: true}
`;

async function startGateway(root, dir, packYaml) {
  const packFile = join(dir, `pack-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(packFile, packYaml);
  const child = spawn(
    process.execPath,
    [
      join(root, 'bin', 'kt.js'),
      'gateway',
      'run',
      '-c',
      packFile,
      '--listen',
      '127.0.0.1:0',
      '--state-dir',
      join(dir, 'state'),
      '--max-concurrency',
      '256',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' },
    },
  );
  let err = '';
  const url = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`gateway did not start: ${err}`)), 15_000);
    child.stderr.setEncoding('utf8').on('data', (c) => {
      if (err.length < 10_000) err += c;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`gateway exited ${code}: ${err}`)));
  });
  child.stderr.resume(); // keep draining the request log so the gateway never blocks on a full pipe
  return {
    url,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

async function post(pool, path, body = nextBody()) {
  const t0 = process.hrtime.bigint();
  const res = await pool.request({ path, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode} from ${path}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function addedLatency(upstreamUrl, gatewayUrl, n) {
  const direct = new Pool(upstreamUrl, { connections: 1 });
  const viaGw = new Pool(gatewayUrl, { connections: 1 });
  const d = [];
  const g = [];
  for (let i = 0; i < n + 200; i++) {
    const body = nextBody();
    const a = await post(direct, '/v1/chat/completions', body);
    const b = await post(viaGw, '/v1/chat/completions', body);
    if (i >= 200) {
      d.push(a);
      g.push(b);
    }
  }
  await direct.close();
  await viaGw.close();
  return { d, g };
}

async function throughput(gatewayUrl, total, concurrency) {
  const pool = new Pool(gatewayUrl, { connections: concurrency });
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      await post(pool, '/v1/chat/completions');
    }
  };
  for (let i = 0; i < 200; i++) await post(pool, '/v1/chat/completions');
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await pool.close();
  return total / s;
}

export async function run({ root, log }) {
  let answers = 0;
  const upstream = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      const answer = answerFor(answers++);
      res
        .writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) })
        .end(answer);
    });
  });
  await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  const upstreamUrl = `http://127.0.0.1:${upstream.address().port}`;
  const dir = await mkdtemp(join(tmpdir(), 'kt-bench-gw-'));
  const rows = [];
  try {
    for (const [label, chain] of [
      ['no policies', '[]'],
      ['pii + injection + dlp + audit', '[prompt-injection, pii-detector, dlp-filter, audit-logger]'],
    ]) {
      const gw = await startGateway(root, dir, packFor(upstreamUrl, chain));
      try {
        log(`${label}: latency (2000 interleaved requests)`);
        const { d, g } = await addedLatency(upstreamUrl, gw.url, 2000);
        const addedMedian = pct(g, 50) - pct(d, 50);
        const addedP99 = pct(g, 99) - pct(d, 99);
        log(`${label}: throughput (3000 requests, 16 concurrent)`);
        const rps = await throughput(gw.url, 3000, 16);
        rows.push(
          {
            metric: `[${label}] direct upstream median / p99`,
            value: `${pct(d, 50).toFixed(3)} / ${pct(d, 99).toFixed(3)}`,
            unit: 'ms',
          },
          {
            metric: `[${label}] via gateway median / p99`,
            value: `${pct(g, 50).toFixed(3)} / ${pct(g, 99).toFixed(3)}`,
            unit: 'ms',
          },
          {
            metric: `[${label}] added latency median`,
            value: addedMedian.toFixed(3),
            unit: 'ms',
            target: '< 1 ms',
            ok: addedMedian < 1,
          },
          { metric: `[${label}] added latency p99`, value: addedP99.toFixed(3), unit: 'ms' },
          { metric: `[${label}] requests/s through the gateway`, value: Math.round(rps), unit: 'req/s' },
        );
      } finally {
        await gw.stop();
      }
    }
  } finally {
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
