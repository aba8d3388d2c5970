#!/usr/bin/env node
// The trainspec command. Runs the compiled code in ../dist (built by `npm ci` through the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`trainspec: internal error: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  },
);
