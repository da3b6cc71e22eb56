import { defineConfig } from 'vite';

// The client is a static single-page app; the server serves client/dist and answers every
// client URL with its index.html (history-API routing).
export default defineConfig({
  root: 'client',
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
});
