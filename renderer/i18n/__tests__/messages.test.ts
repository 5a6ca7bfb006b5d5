// Every message the components ask for exists in both languages, and the Chinese catalogue is
// really translated (not a copy of the English one).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../en';
import { zhCN } from '../zh-CN';

const RENDERER = path.resolve(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (f === '__tests__' || f === 'i18n') return [];
    return statSync(p).isDirectory() ? files(p) : /\.(vue|ts)$/.test(f) ? [p] : [];
  });
}

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);
}

function leaves(o: unknown, prefix = ''): [string, string][] {
  if (typeof o === 'string') return [[prefix, o]];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('i18n catalogues', () => {
  it('have every static key the components use', () => {
    const used = new Set<string>();
    for (const f of files(RENDERER)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => typeof lookup(en, k) !== 'string' || typeof lookup(zhCN, k) !== 'string');
    expect(missing).toEqual([]);
  });

  it('translate (almost) everything', () => {
    const zh = new Map(leaves(zhCN));
    const same = leaves(en).filter(([k, v]) => zh.get(k) === v && /[a-z]{4,}/.test(v));
    // Identical strings are fine only for identifiers (EOF, kernel names).
    expect(same).toEqual([]);
  });
});
