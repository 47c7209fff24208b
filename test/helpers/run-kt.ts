/**
 * Runs the CLI in-process with captured streams: the integration-test door to every command.
 * Real processes (bin/kt.js) are for e2e tests; see runKtProcess below.
 */
import { Readable } from 'node:stream';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';

export interface KtRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunKtOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Bytes are passed as they are (e.g. UTF-16 input); a string as UTF-8. */
  stdin?: string | Buffer;
}

class Capture {
  text = '';
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export async function runKt(argv: string[], options: RunKtOptions = {}): Promise<KtRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]) as unknown as NodeJS.ReadableStream;
  const exitCode = await run(argv, {
    env: { NO_COLOR: '1', ...(options.env ?? {}) },
    cwd: options.cwd ?? process.cwd(),
    streams: { stdout, stderr, stdin },
  });
  return { stdout: stdout.text, stderr: stderr.text, exitCode };
}

export const ktBin = fileURLToPath(new URL('../../bin/kt.js', import.meta.url));

/** Spawns the built CLI (npm run build first; `npm test` does) as a user would run it. */
export function runKtProcess(argv: string[], options: RunKtOptions & { timeoutMs?: number } = {}): Promise<KtRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ktBin, ...argv], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...(options.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code ?? (sig ? 128 : 1) });
    });
    // kt may stop reading stdin early (a bad line, a cap): the rest of the input is then not wanted (EPIPE).
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}
