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

/**
 * How long the harness waits on a spawned kt - a command to exit, a gateway to print its listening line or
 * to stop after SIGTERM - before it kills the process and fails the test naming what it waited for, with
 * the child's stderr. A normal run takes well under 2 s; the CI machine runs the whole suite on 2 cores (two
 * test workers, each spawning processes), where one run can take many times as long. Far above both, so a
 * failure means a hang, not a busy machine; below the tests' own timeout (vitest.config.ts), so the failure
 * says which process hung rather than only that the test timed out.
 */
export const SPAWN_WAIT_MS = 40_000;

/** `kt ARGV` for a failure message (tests pass no secret in argv: secrets go through stdin or files). */
export const shownArgv = (argv: readonly string[]): string => ['kt', ...argv].join(' ');

/** The last `max` characters of a child's stderr, for a failure message. */
export const stderrTail = (stderr: string, max = 4000): string =>
  stderr === ''
    ? '(stderr empty)'
    : `stderr${stderr.length > max ? ` (last ${max} characters)` : ''}:\n${stderr.slice(-max)}`;

/**
 * Spawns the built CLI (npm run build first; `npm test` does) as a user would run it. A process that has not
 * exited after `timeoutMs` (default SPAWN_WAIT_MS) is killed and the promise rejects saying so: a hang is a
 * failure naming the command, not an exit status a test might take for an answer; so is a process ended
 * by a signal (a crash such as a SIGSEGV must not pass for an exit status a test expects).
 */
export function runKtProcess(argv: string[], options: RunKtOptions & { timeoutMs?: number } = {}): Promise<KtRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [ktBin, ...argv], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...(options.env ?? {}) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timeoutMs = options.timeoutMs ?? SPAWN_WAIT_MS;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(
          new Error(
            `${shownArgv(argv)} did not exit within ${timeoutMs} ms (killed after ${Date.now() - started} ms); ${stderrTail(stderr)}`,
          ),
        );
        return;
      }
      // kt never ends itself by a signal: a crash of Node or V8 (SIGSEGV, SIGABRT) or a kill from outside
      // (the OOM killer). Said as such, not as an exit status.
      if (sig !== null) {
        reject(
          new Error(`${shownArgv(argv)} was killed by ${sig} after ${Date.now() - started} ms; ${stderrTail(stderr)}`),
        );
        return;
      }
      resolve({ stdout, stderr, exitCode: code ?? 1 });
    });
    // kt may stop reading stdin early (a bad line, a cap): the rest of the input is then not wanted (EPIPE).
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}
