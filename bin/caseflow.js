#!/usr/bin/env node
// The `caseflow` command. Runs the compiled CLI (npm run build writes dist/).
'use strict';
const { runCli } = require('../dist/cli/main.js');

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`caseflow: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  },
);
