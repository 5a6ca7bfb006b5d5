// electron-vite: main process (Electron entry, web-version entry, run worker), sandboxed preload and
// the Vue renderer, built into out/.
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: {
        entry: {
          index: resolve(root, 'main/index.ts'),
          web: resolve(root, 'main/web/serve.ts'),
          'run-worker': resolve(root, 'main/lab/run-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      lib: { entry: resolve(root, 'main/preload.ts') },
      // A sandboxed preload can require nothing but electron: bundle what it uses.
      externalizeDeps: false,
      // A sandboxed preload runs as a classic script: CommonJS, whatever package.json "type" says.
      rolldownOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative asset URLs: the same build loads from file:// (Electron) and from http:// (web version).
    base: './',
    build: {
      outDir: resolve(root, 'out/renderer'),
      chunkSizeWarningLimit: 6000, // Monaco is one large chunk, loaded from disk
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html'), bench: resolve(root, 'renderer/bench.html') },
      },
    },
    worker: { format: 'es' },
    // Monaco's package exports hide its ESM tree; the lab loads only the parts it uses (editor/monaco.ts).
    resolve: { alias: [{ find: /^monaco-editor\/esm\//, replacement: `${resolve(root, 'node_modules/monaco-editor/esm')}/` }] },
    plugins: [vue()],
  },
});
