import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    // Pages are split per route; antd's own chunk is large but shared and cached.
    chunkSizeWarningLimit: 1200,
    // Two pages: the app, and the lobby screen's light page (no console, no antd).
    rollupOptions: { input: { main: path.join(root, 'index.html'), screen: path.join(root, 'screen.html') } },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
