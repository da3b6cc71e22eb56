import { defineConfig } from 'vite';

// The client is a static single-page app; the server serves client/dist and answers every
// client URL with its index.html (history-API routing). Preact renders the screens (form-js,
// which the task page uses, is built on Preact too, so it comes at no extra weight).
export default defineConfig({
  root: 'client',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
});
