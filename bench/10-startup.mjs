// Start-up: median wall time of `kt --version` and `kt policy lint` on a seed pack, as ratios to `node -e 0`,
// measured interleaved in the same run so machine noise hits all three alike.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const name = 'start-up (ratios to `node -e 0`)';

export async function run({ root }) {
  const kt = join(root, 'bin', 'kt.js');
  const pack = join(root, 'examples', 'zero-trust-gateway.yaml');
  const cases = {
    'node -e 0': ['-e', '0'],
    'kt --version': [kt, '--version'],
    'kt policy lint (zero-trust pack)': [kt, 'policy', 'lint', pack],
  };
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  const rounds = 25;
  for (let i = 0; i < rounds + 3; i++) {
    for (const [label, args] of Object.entries(cases)) {
      const t0 = process.hrtime.bigint();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (i >= 3) times[label].push(ms); // the first rounds warm the file cache
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = median(times['node -e 0']);
  const version = median(times['kt --version']);
  const lint = median(times['kt policy lint (zero-trust pack)']);
  return [
    { metric: 'node -e 0 median', value: base.toFixed(1), unit: 'ms' },
    { metric: 'kt --version median', value: version.toFixed(1), unit: 'ms' },
    { metric: 'kt policy lint median', value: lint.toFixed(1), unit: 'ms' },
    { metric: 'kt --version / node -e 0', value: (version / base).toFixed(2), unit: 'x', target: '<= 1.3x', ok: version / base <= 1.3 },
    { metric: 'kt policy lint / node -e 0', value: (lint / base).toFixed(2), unit: 'x', target: '<= 2x', ok: lint / base <= 2 },
  ];
}
