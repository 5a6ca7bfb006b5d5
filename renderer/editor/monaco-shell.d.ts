// Monaco ships its shell grammar without types; this is its shape (a Monarch language + config).
declare module 'monaco-editor/esm/vs/languages/definitions/shell/shell.js' {
  export const conf: unknown;
  export const language: unknown;
}
