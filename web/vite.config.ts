import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Writes name.br and name.gz beside every text file of the build, once, at build time:
 * the server sends them as they are (no compression per request, the best level for phones).
 */
function precompress(): Plugin {
  return {
    name: 'shuxiang-precompress',
    apply: 'build',
    closeBundle() {
      const out = path.join(root, 'dist');
      const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(out)) {
        if (!/\.(js|mjs|css|html|svg|json|txt|map)$/.test(file)) continue;
        const buf = fs.readFileSync(file);
        if (buf.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(buf, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), precompress()],
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
