// The lab language in Monaco: bash highlighting (Monaco's shell grammar) with our commands marked,
// completion of commands, xfs_io subcommands and options with short docs, and hover docs.
// The pure part (what is under the cursor) is separate from Monaco so it is unit-tested.
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { Locale } from '../i18n';
import { HEADER_DOCS, TOOLS, TOOL_BY_NAME, XFS_IO_BY_NAME, XFS_IO_COMMANDS, type CommandDoc } from './command-docs';

export const LANGUAGE_ID = 'xfslab';

/** What the cursor is on, from the text of its line up to the cursor. */
export type CursorContext =
  | { kind: 'command' }
  | { kind: 'tool-option'; tool: string }
  | { kind: 'xfs-io-command' }
  | { kind: 'xfs-io-option'; sub: string }
  | { kind: 'header' }
  | { kind: 'none' };

/** Analyse the text before the cursor on one line (good enough for the one-liners lab scripts are). */
export function cursorContext(before: string): CursorContext {
  if (/^\s*#\s*\w*$/.test(before)) return { kind: 'header' };
  if (/^\s*#/.test(before)) return { kind: 'none' };
  // Inside an open -c "…" of xfs_io?
  const c = /(?:^|[\s;|&])xfs_io\b.*-c\s*(["'])((?:(?!\1).)*)$/.exec(before);
  if (c) {
    const inner = c[2];
    const words = inner.trimStart().split(/\s+/);
    if (words.length <= 1) return { kind: 'xfs-io-command' };
    return { kind: 'xfs-io-option', sub: words[0] };
  }
  // Drop closed quotes, then look at the last simple command.
  const plain = before.replace(/"[^"]*"|'[^']*'/g, '""');
  const segment = plain.split(/;|\|\||&&|\||\bthen\b|\bdo\b|\belse\b|\$\(|`/).pop() ?? '';
  const words = segment.trimStart().split(/\s+/);
  if (words.length <= 1) return { kind: 'command' };
  const tool = words[0];
  const last = words[words.length - 1];
  if (TOOL_BY_NAME.has(tool) && last.startsWith('-')) return { kind: 'tool-option', tool };
  return { kind: 'none' };
}

/** The doc of the word at `col` (0-based) in `line`, if it names a command or an xfs_io subcommand. */
export function hoverDoc(line: string, col: number): { doc: CommandDoc; start: number; end: number } | undefined {
  const re = /[A-Za-z_][\w.]*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const start = m.index;
    const end = start + m[0].length;
    if (col < start || col > end) continue;
    const ctx = cursorContext(line.slice(0, start));
    if (ctx.kind === 'xfs-io-command') {
      const doc = XFS_IO_BY_NAME.get(m[0]);
      return doc ? { doc, start, end } : undefined;
    }
    if (ctx.kind === 'command') {
      const doc = TOOL_BY_NAME.get(m[0]);
      return doc ? { doc, start, end } : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** Register the language once; `locale` is read at each request so docs follow the language switch. */
export function registerLabLanguage(monaco: typeof Monaco, shell: { conf: Monaco.languages.LanguageConfiguration; language: Monaco.languages.IMonarchLanguage }, locale: () => Locale): void {
  if (monaco.languages.getLanguages().some((l) => l.id === LANGUAGE_ID)) return;
  monaco.languages.register({ id: LANGUAGE_ID, extensions: ['.sh'], aliases: ['XFS Lab script'] });
  monaco.languages.setLanguageConfiguration(LANGUAGE_ID, shell.conf);
  const base = shell.language as Monaco.languages.IMonarchLanguage & { builtins?: string[] };
  monaco.languages.setMonarchTokensProvider(LANGUAGE_ID, {
    ...base,
    // Our tools are highlighted like builtins.
    builtins: [...new Set([...(base.builtins ?? []), ...TOOLS.map((t) => t.name), 'xfs_io', 'xfs_bmap'])],
  } as Monaco.languages.IMonarchLanguage);

  const md = (d: CommandDoc): Monaco.IMarkdownString => ({ value: `\`${d.usage}\`\n\n${d.doc[locale()]}` });

  monaco.languages.registerCompletionItemProvider(LANGUAGE_ID, {
    triggerCharacters: [' ', '-', '"', "'", '#'],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const ctx = cursorContext(before);
      const dash = /-+[\w-]*$/.exec(before);
      const range = {
        startLineNumber: position.lineNumber, endLineNumber: position.lineNumber,
        startColumn: dash ? position.column - dash[0].length : word.startColumn, endColumn: position.column,
      };
      const K = monaco.languages.CompletionItemKind;
      const item = (label: string, kind: Monaco.languages.CompletionItemKind, d: CommandDoc | { usage: string; doc: { en: string; 'zh-CN': string } }) => ({
        label, kind, insertText: label, range, detail: d.usage, documentation: { value: d.doc[locale()] },
      });
      let suggestions: Monaco.languages.CompletionItem[] = [];
      if (ctx.kind === 'command') suggestions = TOOLS.map((t) => item(t.name, K.Function, t));
      else if (ctx.kind === 'xfs-io-command') suggestions = XFS_IO_COMMANDS.map((t) => item(t.name, K.Method, t));
      else if (ctx.kind === 'xfs-io-option') suggestions = (XFS_IO_BY_NAME.get(ctx.sub)?.options ?? []).map((o) => item(o.flag, K.Property, { usage: o.flag, doc: o.doc }));
      else if (ctx.kind === 'tool-option') suggestions = (TOOL_BY_NAME.get(ctx.tool)?.options ?? []).map((o) => item(o.flag, K.Property, { usage: o.flag, doc: o.doc }));
      else if (ctx.kind === 'header') {
        const r = { ...range, startColumn: 1 };
        suggestions = HEADER_DOCS.map((h) => ({ ...item(h.name, K.Keyword, h), insertText: `${h.name} `, range: r }));
      }
      return { suggestions };
    },
  });

  monaco.languages.registerHoverProvider(LANGUAGE_ID, {
    provideHover(model, position) {
      const line = model.getLineContent(position.lineNumber);
      const h = hoverDoc(line, position.column - 1);
      if (!h) return null;
      return {
        range: new monaco.Range(position.lineNumber, h.start + 1, position.lineNumber, h.end + 1),
        contents: [md(h.doc)],
      };
    },
  });
}
