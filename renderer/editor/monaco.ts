// The one place Monaco is loaded: the editor core with the contributions the lab uses (not every
// language Monaco ships), its web worker, and the shell grammar our language builds on.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/wordHighlighter/browser/wordHighlighter.js';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import { conf, language } from 'monaco-editor/esm/vs/languages/definitions/shell/shell.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// Token colours of our own, checked for WCAG AA contrast on the editor background (Monaco's stock
// themes have a few tokens below 4.5:1, which axe reports).
const rules = (dark: boolean): monaco.editor.ITokenThemeRule[] => [
  { token: 'comment', foreground: dark ? '8fbf7f' : '2f6b1f' },
  { token: 'metatag', foreground: dark ? '8fbf7f' : '2f6b1f' },
  { token: 'string', foreground: dark ? 'f0a27a' : 'a3241b' },
  { token: 'keyword', foreground: dark ? '86b7ff' : '0b4fb3', fontStyle: 'bold' },
  { token: 'type.identifier', foreground: dark ? '5fd3c6' : '066a60' },
  { token: 'attribute.name', foreground: dark ? 'd7a6ff' : '6f2cae' },
  { token: 'variable', foreground: dark ? 'ffd479' : '7a4a00' },
  { token: 'variable.predefined', foreground: dark ? 'ffd479' : '7a4a00' },
  { token: 'number', foreground: dark ? 'b5e890' : '1d6b2e' },
  { token: 'delimiter', foreground: dark ? 'c9d1d9' : '3b434c' },
  { token: 'constants', foreground: dark ? 'c9d1d9' : '3b434c' },
];
monaco.editor.defineTheme('xfslab-light', {
  base: 'vs', inherit: true, rules: rules(false),
  colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#6e7781', 'editorLineNumber.activeForeground': '#1b1f24' },
});
monaco.editor.defineTheme('xfslab-dark', {
  base: 'vs-dark', inherit: true, rules: rules(true),
  colors: { 'editor.background': '#161b22', 'editorLineNumber.foreground': '#8b949e', 'editorLineNumber.activeForeground': '#e6edf3' },
});

export { monaco };
export const shellGrammar = { conf, language } as unknown as {
  conf: monaco.languages.LanguageConfiguration;
  language: monaco.languages.IMonarchLanguage;
};
