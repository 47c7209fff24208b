#!/usr/bin/env node
// Launcher: loads the bundled CLI and hands its status to Node, which drains stdout/stderr before exiting.
import { run } from '../dist/kt.js';

// A closed pipe (`kt ... | head`) is a normal way for a reader to stop; exit quietly instead of crashing.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2));
