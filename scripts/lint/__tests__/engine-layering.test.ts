// The lint rules that guard the architecture are tested through the real eslint.config.js, so a
// change of file globs that silently switched a rule off would fail here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/** The rule ids reported for `code` as if it were the file `file` of the repository. */
async function rulesHit(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('engine layering', () => {
  const forbidden = [
    "import { readFileSync } from 'node:fs';",
    "import { readFile } from 'fs/promises';",
    "import path from 'path';",
    "import { createHash } from 'crypto';",
    "import { spawn } from 'child_process';",
    "import { gzipSync } from 'zlib';",
    "import { app } from 'electron';",
    "import type { BrowserWindow } from 'electron';",
    "import { ref } from 'vue';",
    "import { h } from '@vue/runtime-core';",
    "import { defineStore } from 'pinia';",
    "import type * as monaco from 'monaco-editor';",
    "import { IPC_CHANNELS } from '../main/ipc-contract';",
    "export * from '../renderer/stores/app';",
    "const os = await import('node:os');",
    "const fs = require('fs');",
    "type W = import('electron').BrowserWindow;",
  ];
  for (const line of forbidden) {
    it(`rejects ${line}`, async () => {
      expect(await rulesHit('engine/xfs-example.ts', `${line}\nexport {};\n`)).toContain('local/engine-layering');
    });
  }

  it('resolves relative paths from the importing file', async () => {
    expect(await rulesHit('engine/run/example.ts', "import '../../main/index';\n")).toContain('local/engine-layering');
    expect(await rulesHit('engine/run/example.ts', "import '../xfs-types';\nimport './fs-state';\n")).toEqual([]);
  });

  it('allows engine-internal and pure packages', async () => {
    expect(await rulesHit('engine/xfs-example.ts', "import { type XfsError } from './xfs-errors';\nexport type E = XfsError;\n")).toEqual([]);
  });

  it('rejects Node globals', async () => {
    expect(await rulesHit('engine/xfs-example.ts', 'export const e = process.env.HOME;\n')).toContain('no-restricted-globals');
    expect(await rulesHit('engine/xfs-example.ts', "export const b = Buffer.from('x');\n")).toContain('no-restricted-globals');
  });

  it('lets load.ts, the CLI and tests use node:', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n";
    expect(await rulesHit('engine/conformance/load.ts', code)).toEqual([]);
    expect(await rulesHit('engine/cli/main.ts', code)).toEqual([]);
    expect(await rulesHit('engine/__tests__/example.test.ts', code)).toEqual([]);
    expect(await rulesHit('engine/run/__tests__/example.test.ts', code)).toEqual([]);
  });
});

describe('engine determinism', () => {
  const clocks = [
    'export const t = Date.now();',
    'export const d = new Date();',
    'export const s = Date();',
    'export const r = Math.random();',
    'export const p = performance.now();',
    'export const u = crypto.randomUUID();',
  ];
  for (const code of clocks) {
    it(`rejects ${code}`, async () => {
      const hit = await rulesHit('engine/xfs-example.ts', code + '\n');
      expect(hit.some((r) => r === 'no-restricted-properties' || r === 'no-restricted-syntax')).toBe(true);
    });
  }

  it('holds in load.ts too, but not in the CLI or tests', async () => {
    const code = 'export const t = Date.now();\n';
    expect(await rulesHit('engine/conformance/load.ts', code)).toContain('no-restricted-properties');
    expect(await rulesHit('engine/cli/bench.ts', code)).toEqual([]);
    expect(await rulesHit('engine/__tests__/example.test.ts', code)).toEqual([]);
  });
});

describe('the desktop app', () => {
  it('keeps the renderer away from electron and node:', async () => {
    expect(await rulesHit('renderer/stores/example.ts', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n")).toContain('no-restricted-imports');
    expect(await rulesHit('renderer/stores/example.ts', "import fs from 'node:fs';\nexport { fs };\n")).toContain('no-restricted-imports');
  });

  it('enters the engine only through engine/index.ts', async () => {
    expect(await rulesHit('main/example.ts', "import { Machine } from '../engine/machine';\nexport { Machine };\n")).toContain('no-restricted-imports');
    expect(await rulesHit('main/example.ts', "import * as engine from '../engine/index';\nexport { engine };\n")).toEqual([]);
  });
});
