// Every list command (events list, config-vars list, gateway keys list) against the real gateway in-process:
// the same --format choices (text and table the same table), and an empty list said the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcessGateway, type InProcessGateway } from '../../helpers/in-process-gateway.js';
import { runKt } from '../../helpers/run-kt.js';

let gateway: InProcessGateway;
const env = () => gateway.env();
const lists = [
  ['events', 'list', '--from', '1h'],
  ['config-vars', 'list'],
  ['gateway', 'keys', 'list'],
];

beforeAll(async () => {
  gateway = await startInProcessGateway('list_cmds');
});
afterAll(async () => {
  await gateway.close();
});

describe('list commands', () => {
  it('each takes --format text|table|json|ndjson|csv; text and table print the same table', async () => {
    for (const args of lists) {
      const outputs: Record<string, string> = {};
      for (const format of ['text', 'table', 'json', 'ndjson', 'csv']) {
        const r = await runKt([...args, '--format', format], { env: env() });
        expect([args.join(' '), format, r.exitCode, r.stderr]).toEqual([args.join(' '), format, 0, '']);
        outputs[format] = r.stdout;
      }
      expect(outputs.table).toBe(outputs.text);
      const help = await runKt([...args.slice(0, args[0] === 'gateway' ? 3 : 2), '--help']);
      expect(help.stdout.replace(/\s+/g, ' ')).toContain('(choices: "text", "table", "json", "ndjson", "csv")');
    }
  });

  it('an empty list says `no <things>` in lower case, as kt messages start', async () => {
    const said = [];
    for (const args of lists) said.push((await runKt([...args, '--format', 'text'], { env: env() })).stdout);
    expect(said).toEqual([
      'no events\n',
      'no config variables (set one with `kt config-vars set NAME`)\n',
      'no gateway keys (create one with `kt gateway keys create --user NAME`)\n',
    ]);
  });
});
