/**
 * The parse and lint of a reloaded pack on a worker thread, so the gateway keeps answering requests with
 * the pack it serves meanwhile. A pack near the 1 MiB cap takes a second or more to parse and lint
 * (YAML with positions, the schema, every rule), which on the gateway's one event loop stalled every
 * request for as long. Only that part can move: the compiled chain is closures and automata, which do
 * not cross threads, so the chain is still prepared on the main thread (Gateway.prepare; docs/gateway.md
 * "Reload" says what an operator sees).
 *
 * A thread costs ~50 ms to start and a second heap while it runs, so packs under THREAD_MIN_BYTES (a few
 * milliseconds of lint) are checked in place, and so is everything when kt runs from its sources (a thread
 * needs the bundled dist/ module; the tests import src/). The thread lives for one check.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { parsePack, type PackRead, type PackSource } from './pack-source.js';

const ROLE = 'kt-pack-check';

/** Smaller packs are checked on the main thread (see the file comment). */
export const THREAD_MIN_BYTES = 64 * 1024;

interface Job {
  role: typeof ROLE;
  source: PackSource;
  env: NodeJS.ProcessEnv;
}

if (!isMainThread && (workerData as Partial<Job> | null)?.role === ROLE && parentPort) {
  const port = parentPort;
  const job = workerData as Job;
  parsePack(job.source, job.env).then(
    (read) => port.postMessage({ read }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}

/** parsePack, on a worker thread for a large pack when kt runs bundled (see the file comment). */
export function checkPack(source: PackSource, env: NodeJS.ProcessEnv): Promise<PackRead> {
  const url = new URL(import.meta.url);
  if (Buffer.byteLength(source.text) < THREAD_MIN_BYTES || !url.pathname.endsWith('.js')) return parsePack(source, env);
  return new Promise<PackRead>((resolve, reject) => {
    // Only what the check reads goes over (the environment is what secret_key_ref.env is checked against).
    const worker = new Worker(url, { workerData: { role: ROLE, source, env } satisfies Job });
    let settled = false;
    // A thread that cannot run (it failed to start, or stopped) is no reason to refuse the reload: the
    // check runs in place, as for a small pack. A pack the check itself refuses comes back as diagnostics.
    const inPlace = () => {
      if (settled) return;
      settled = true;
      parsePack(source, env).then(resolve, reject);
    };
    worker.once('message', (m: { read?: PackRead; error?: string }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (m.read !== undefined) resolve(m.read);
      else reject(new Error(m.error ?? 'the pack check failed'));
    });
    worker.once('error', inPlace);
    worker.once('exit', inPlace);
  });
}
