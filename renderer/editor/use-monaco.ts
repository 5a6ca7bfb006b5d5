// The Monaco composable: creates the editor in a container, keeps it in step with a text ref,
// and disposes it with the component. Everything else uses its small interface, never Monaco itself.
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import type { Diagnostic } from '../../main/ipc-contract';
import type { Locale } from '../i18n';
import { LANGUAGE_ID, registerLabLanguage } from './lab-language';

type MonacoModule = typeof import('./monaco');

export interface MonacoOptions {
  text: Ref<string>;
  onChange(text: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun(): void;
  dark: Ref<boolean>;
  locale: () => Locale;
  ariaLabel: () => string;
}

export interface EditorHandle {
  /** Mark lines [from, to] (1-based) as the current step's command; 0 clears. */
  highlight(from: number, to: number): void;
  setDiagnostics(d: Diagnostic[]): void;
  focus(): void;
  revealLine(line: number): void;
}

export function useMonaco(container: Ref<HTMLElement | null>, opts: MonacoOptions): EditorHandle {
  const editor = shallowRef<import('./monaco').monaco.editor.IStandaloneCodeEditor | null>(null);
  let decorations: import('./monaco').monaco.editor.IEditorDecorationsCollection | undefined;
  let applying = false;
  let disposed = false;
  let M: MonacoModule | undefined;
  let pendingHighlight: [number, number] | undefined;
  let pendingDiagnostics: Diagnostic[] | undefined;

  // Monaco is large: it loads after the page, so the rest of the lab paints at once.
  onMounted(async () => {
    M = await import('./monaco');
    const { monaco, shellGrammar } = M;
    registerLabLanguage(monaco, shellGrammar, opts.locale);
    const el = container.value;
    if (!el || disposed) return;
    const ed = monaco.editor.create(el, {
      value: opts.text.value,
      language: LANGUAGE_ID,
      theme: opts.dark.value ? 'xfslab-dark' : 'xfslab-light',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 14,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      renderLineHighlight: 'line',
      tabSize: 2,
      wordWrap: 'off',
      fixedOverflowWidgets: true,
      ariaLabel: opts.ariaLabel(),
      padding: { top: 8 },
      quickSuggestions: { other: true, comments: false, strings: true },
    });
    ed.onDidChangeModelContent(() => {
      if (!applying) opts.onChange(ed.getValue());
    });
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => opts.onRun());
    decorations = ed.createDecorationsCollection();
    editor.value = ed;
    if (pendingHighlight) handle.highlight(...pendingHighlight);
    if (pendingDiagnostics) handle.setDiagnostics(pendingDiagnostics);
  });

  watch(opts.text, (t) => {
    const ed = editor.value;
    if (!ed || ed.getValue() === t) return;
    applying = true;
    try {
      // Through an edit (not setValue) so that undo still works after a programmatic change.
      const model = ed.getModel()!;
      ed.executeEdits('lab', [{ range: model.getFullModelRange(), text: t }]);
      ed.pushUndoStop();
    } finally {
      applying = false;
    }
  });
  watch(opts.dark, (d) => M?.monaco.editor.setTheme(d ? 'xfslab-dark' : 'xfslab-light'));

  onBeforeUnmount(() => {
    disposed = true;
    const ed = editor.value;
    if (ed) {
      M?.monaco.editor.setModelMarkers(ed.getModel()!, 'xfslab', []);
      ed.getModel()?.dispose();
      ed.dispose();
    }
    editor.value = null;
  });

  const handle: EditorHandle = {
    highlight(from, to) {
      pendingHighlight = [from, to];
      if (!decorations || !M) return;
      const { monaco } = M;
      if (!from) {
        decorations.clear();
        return;
      }
      decorations.set([{
        range: new monaco.Range(from, 1, Math.max(from, to), 1),
        options: { isWholeLine: true, className: 'step-line', linesDecorationsClassName: 'step-line-gutter' },
      }]);
      editor.value?.revealLineInCenterIfOutsideViewport(from);
    },
    setDiagnostics(d) {
      pendingDiagnostics = d;
      const model = editor.value?.getModel();
      if (!model || !M) return;
      const { monaco } = M;
      monaco.editor.setModelMarkers(model, 'xfslab', d.map((x) => ({
        severity: monaco.MarkerSeverity.Error, message: x.message,
        startLineNumber: x.line, startColumn: x.col, endLineNumber: x.line, endColumn: model.getLineMaxColumn(Math.min(x.line, model.getLineCount())),
      })));
    },
    focus: () => editor.value?.focus(),
    revealLine: (line) => editor.value?.revealLineInCenter(line),
  };
  return handle;
}
