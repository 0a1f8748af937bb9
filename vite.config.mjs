// The web console (console/, issue 14): a Preact single-page app built by Vite into dist/console, which the
// API serves at /console/ (api/console/). Built by the bootstrap of `npm start` and `npm test`.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'console',
  base: '/console/',
  // Preact's automatic JSX runtime, set here as in console/tsconfig.json: no Babel plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    // The flow diagram's renderer (Mermaid) is loaded only on the template page; it stays a chunk apart.
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
