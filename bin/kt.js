#!/usr/bin/env node
// Launcher: loads the bundled CLI and hands its status to Node, which drains stdout/stderr before exiting.
// undici parses HTTP with a WebAssembly build of llhttp. V8 recompiles its hot parser function with the
// optimising compiler on a background thread, and Node waits for that job before the process can exit:
// 100-300 ms added to every command that makes a request (measured with strace: exit_group follows the
// last write by that long). Baseline (Liftoff) code parses a client's responses fast enough. A long-running
// `kt gateway run` keeps the optimising tier for its upstream traffic.
// Commands that never make a request skip this: loading node:v8 costs them about 3 ms of start-up.
const [noun, verb] = process.argv.slice(2);
const makesNoRequest = noun === '--version' || noun === '-V' || noun === 'validate' || (noun === 'policy' && verb === 'lint');
const gatewayAt = process.argv.indexOf('gateway', 2);
if (!makesNoRequest && !(gatewayAt > 0 && process.argv[gatewayAt + 1] === 'run')) {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}

const { run } = await import('../dist/kt.js');

// A closed pipe (`kt ... | head`) is a normal way for a reader to stop; exit quietly instead of crashing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2));
