#!/usr/bin/env node
// Launcher: loads the bundled CLI and hands its status to Node, which drains stdout/stderr before exiting.
import { setFlagsFromString } from 'node:v8';

// kt is built for Node >= 20.19 (package.json "engines", which npm only warns about at install). On an
// older Node, one line that says so (exit 3, a local configuration error), not a stack trace from the
// first API that Node lacks, wherever a command happens to meet it.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(
    `kt: error[config.node_version]: kt needs Node.js 20.19 or later; this is ${process.versions.node}\n`,
  );
  process.exit(3);
}

// undici parses HTTP with a WebAssembly build of llhttp. V8 recompiles its hot parser function with the
// optimising compiler on a background thread, and Node waits for that job before the process can exit:
// 100-300 ms added to every command that makes a request (measured with strace: exit_group follows the
// last write by that long). Baseline (Liftoff) code parses a client's responses fast enough. A long-running
// `kt gateway run` keeps the optimising tier for its upstream traffic.
const gatewayAt = process.argv.indexOf('gateway', 2);
const serving = gatewayAt > 0 && process.argv[gatewayAt + 1] === 'run';
if (!serving) setFlagsFromString('--liftoff-only');

// Not `--no-regexp-tier-up` (compile regexes to machine code on first use), although it made the large-text
// benchmarks steadier and faster (docs/detectors.md §4): set here, after Node's own start-up has compiled
// regexes under the other mode, it crashed kt. Under load about one `kt gateway reload` in a thousand died
// of SIGSEGV, the core showing V8 jump from NativeRegExpMacroAssembler::Execute to a bad address (2026-11-24;
// the e2e harness had reported it as a timeout). A V8 flag that changes how regexes are compiled is only
// safe on the node command line, which a launcher run as `node bin/kt.js` does not control.

const { run, reportStdoutError, processStdout } = await import('../dist/kt.js');
// What commands write to: process.stdout, or fd 1 written in full when it is a regular file (src/cli/file-stdout.ts).
const stdout = processStdout();

// A closed pipe (`kt ... | head`) is a normal way for a reader to stop; exit quietly instead of crashing,
// with the status the command has already settled on, else 0: the reader stopped reading, nothing failed.
// This holds for every command alike (`kt events list | head`, `kt events export --output - | head -c 10`).
// Not for `kt gateway run`: its stderr is a request log, and a log reader that goes away (a `| tee` or
// `| logger` that died) is no reason to drop the traffic in flight, lose queued events and leave
// gateway.json behind with exit status 0. It keeps serving; later log lines are lost (events are not).
// Any other stdout failure (a full disk behind `> file`) is an error: one line, exit 3, no stack trace,
// unless the command that wrote has taken the error from its write to report it with more to say
// (`kt events export` without --output: how many rows got out); then it ends as any failed command.
for (const stream of [stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (serving) return;
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === stdout) {
      const status = reportStdoutError(error, process.argv.slice(2));
      if (status !== undefined) process.exit(status);
      return;
    }
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2));
