import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { parse } from 'graphql';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Parses every gql`…` document at build time into its JSON syntax tree, so the browser never loads
 * GraphQL's parser (graphql-tag + lexer/parser: ~10 KiB gzip on every page). Documents must be
 * plain text (no interpolation); a syntax error fails the build, naming the file.
 */
function precompileGql(): Plugin {
  return {
    name: 'precompile-gql',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.tsx?$/.test(id) || id.includes('node_modules') || !code.includes('gql`')) return null;
      const out = code.replace(/\bgql`([^`]*)`/g, (_m, body: string) => {
        if (body.includes('${')) throw new Error(`${id}: gql documents must not interpolate`);
        const doc = parse(body, { noLocation: true });
        return `(${JSON.stringify(doc)})`;
      });
      return { code: out, map: null };
    },
  };
}

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, once, at the
 * highest levels: the server sends them as they are (`@fastify/static` preCompressed) instead of the
 * raw files or compressing per request. A copy that is not smaller is not written.
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? (n === '.vite' ? [] : walk(p)) : [p];
    });
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
        const raw = readFileSync(file);
        const br = brotliCompressSync(raw, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(file + '.br', br);
        if (gz.length < raw.length) writeFileSync(file + '.gz', gz);
      }
    },
  };
}

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [precompileGql(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd marks its modules "use client" (React Server Components); meaningless in a client bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/graphql': 'http://localhost:3000',
      '/exports': 'http://localhost:3000',
      '/imports': 'http://localhost:3000',
    },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
