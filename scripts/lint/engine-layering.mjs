// Local ESLint rule `local/engine-layering`: engine/ is a pure core (docs/architecture.md).
// Modelled on VS Code's `local/code-layering`: a module specifier is checked wherever it appears
// (import, export ... from, import(), require(), import('x').T types), so a dynamic import or a
// type-only import cannot slip a platform dependency into the engine.
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in scripts/lint/. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Packages the engine must never reach: the desktop shell and the UI stack. */
const FORBIDDEN_PACKAGES = ['electron', 'vue', 'pinia', 'monaco-editor', '@vue', '@electron', 'electron-vite'];

/** Top-level folders of the repository that sit above the engine in the layering. */
const FORBIDDEN_FOLDERS = ['main', 'renderer'];

const builtins = new Set(builtinModules.map((m) => m.split('/')[0]));

/**
 * Why `specifier`, imported from `filename`, breaks the layering; undefined when it is allowed.
 * @param {string} specifier
 * @param {string} filename absolute path of the importing file
 * @param {string} root absolute path of the repository
 */
export function layeringViolation(specifier, filename, root) {
  if (specifier.startsWith('node:')) return `'${specifier}' is a Node built-in`;
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = path.resolve(path.dirname(filename), specifier);
    const rel = path.relative(root, target).split(path.sep);
    if (FORBIDDEN_FOLDERS.includes(rel[0])) return `'${specifier}' reaches into ${rel[0]}/`;
    return undefined;
  }
  const head = specifier.split('/')[0];
  if (builtins.has(head)) return `'${specifier}' is a Node built-in`;
  if (FORBIDDEN_PACKAGES.includes(head)) return `'${specifier}' belongs to the desktop app, not the engine`;
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const engineLayering = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep engine/ free of Node built-ins, Electron, the UI stack, main/ and renderer/' },
    schema: [],
    messages: {
      layering:
        '{{why}}: engine/ is pure TypeScript; take the platform as a parameter (or put I/O in a load.ts / engine/cli/).',
    },
  },
  create(context) {
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const why = layeringViolation(node.value, context.filename, ROOT);
      if (why) context.report({ node, messageId: 'layering', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // typescript-eslint 8 has `source`; older versions wrap the literal in `argument`.
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      TSExternalModuleReference: (node) => check(node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

export default { rules: { 'engine-layering': engineLayering } };
