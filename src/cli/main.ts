#!/usr/bin/env node
/** The `padan` executable: runs the CLI on this process's arguments and streams. */
import { runCli } from './runCli.js';

// No top-level await: the package also builds to CommonJS, where it is not allowed.
void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
