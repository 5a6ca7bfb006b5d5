#!/usr/bin/env node
// `npx xfslab ...`: runs the TypeScript CLI (engine/cli/main.ts) through tsx, no build step needed.
// The CLI module exports `main(argv)`; its result, if a number, is the exit code.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../engine/cli/main.ts', import.meta.url));
if (!existsSync(cli)) {
  console.error(`xfslab: the CLI is not in this checkout yet (${cli} is missing).`);
  process.exit(1);
}

let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  console.error('xfslab: tsx is not installed; run `npm install` in the XFS Lab folder first.');
  process.exit(1);
}
register();

const mod = await import(pathToFileURL(cli).href);
if (typeof mod.main !== 'function') {
  console.error(`xfslab: ${cli} does not export a main(argv) function.`);
  process.exit(1);
}
const code = await mod.main(process.argv.slice(2));
if (typeof code === 'number') process.exitCode = code;
