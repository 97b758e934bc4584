import { fileURLToPath } from 'node:url';
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

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [precompileGql()],
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
