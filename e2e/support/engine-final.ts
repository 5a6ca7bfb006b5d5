// The engine's own final state for a script, computed outside the app (the golden answer the
// timeline is compared with): runs engine/index.ts under tsx in a child process.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileView } from '../../engine/index';

const ENGINE = pathToFileURL(path.resolve(import.meta.dirname, '..', '..', 'engine', 'index.ts')).href;

export function engineFinalFiles(script: string): FileView[] {
  const code = `import { runScript } from ${JSON.stringify(ENGINE)};
let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => {
  const r = runScript(s, { trace: false, steps: false });
  process.stdout.write(JSON.stringify(r.files));
});`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { input: script, encoding: 'utf8' });
  return JSON.parse(out) as FileView[];
}
