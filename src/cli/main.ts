#!/usr/bin/env node
/** The `padan` executable: runs the CLI on this process's arguments and streams. */
import { runCli } from './runCli.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
