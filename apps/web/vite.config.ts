import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, defineConfig, type Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const outDir = here('../../dist/web');

/**
 * Writes a .br and a .gz beside every script and style sheet, compressed once at their best
 * level, so the API sends the smaller one the browser accepts without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'ledger-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets).filter((file) => /\.(js|css|svg|json)$/.test(file))) {
        const content = readFileSync(join(assets, name));
        writeFileSync(join(assets, `${name}.br`), brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        writeFileSync(join(assets, `${name}.gz`), gzipSync(content, { level: 9 }));
      }
    },
  };
}

/**
 * The dashboard's first view (src/first-view/boot.ts) as a script of its own: one small classic
 * file that index.html defers from its head, so it runs before the console's modules (deferred
 * scripts run in order) and with nothing shared to wait for. Scripts stay 'self' (the API's CSP), so it is
 * a file, not inline. In `vite serve` it is simply the module.
 */
function firstView(): Plugin {
  const entry = here('src/first-view/boot.ts');
  let fileName: string | undefined;
  return {
    name: 'ledger-first-view',
    async buildStart() {
      if (this.meta.watchMode) return;
      const [output] = (await build({
        configFile: false,
        logLevel: 'warn',
        build: { write: false, minify: true, lib: { entry, formats: ['iife'], name: 'ledgerFirstView', fileName: () => 'first-view.js' } },
      })) as { output: { code: string }[] }[];
      const code = output!.output[0]!.code;
      fileName = `assets/first-view-${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
      this.emitFile({ type: 'asset', fileName, source: code });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        fileName
          ? { tag: 'script', attrs: { src: `/${fileName}`, defer: true }, injectTo: 'head-prepend' }
          : { tag: 'script', attrs: { type: 'module', src: '/src/first-view/boot.ts' }, injectTo: 'head' },
      ],
    },
  };
}

// @vitejs/plugin-react is not available here; Vite's own Oxc transform compiles JSX with the
// automatic runtime, which is all a production build needs (no fast refresh).
export default defineConfig({
  root: here('.'),
  base: '/',
  // favicon.ico and anything else served as is, under its own name.
  publicDir: here('public'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  plugins: [firstView(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // WEB_SOURCEMAP=1 for profiling a load (bench:console's BENCH_TRACE); never shipped.
    sourcemap: process.env.WEB_SOURCEMAP === '1',
    // antd marks its modules "use client" for React Server Components; in a client-only bundle it means nothing.
    rolldownOptions: { checks: { moduleLevelDirective: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
