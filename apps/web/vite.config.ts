import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// @vitejs/plugin-react is not available here; Vite's own Oxc transform compiles JSX with the
// automatic runtime, which is all a production build needs (no fast refresh).
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
    // antd marks its modules "use client" for React Server Components; in a client-only bundle it means nothing.
    rolldownOptions: { checks: { moduleLevelDirective: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
