// ESLint flat config: typed rules for the API, libs and tests; the libs stay pure.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['apps/web/src/gql/**', 'dist/**', 'node_modules/**', 'data/**', 'apps/web/dist/**', '**/*.mjs', '**/*.cjs', 'coverage/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests in the repository.' },
      ],
    },
  },
  {
    // Libraries are pure TypeScript: no framework, database or application code inside them.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'libs/ are framework-free: no NestJS.' },
            { group: ['typeorm', 'typeorm/*', 'pg', 'pg-*'], message: 'libs/ do no database I/O.' },
            { group: ['**/apps/**', 'apps/*'], message: 'libs/ must not depend on apps/.' },
            { group: ['node:fs', 'fs', 'node:net', 'net', 'node:http', 'http', 'node:child_process', 'child_process'], message: 'libs/ do no I/O: the API and CLI pass data in.' },
          ],
        },
      ],
    },
  },
  {
    // common/ is the floor the features stand on: it imports no feature (features contribute to it:
    // entities through TypeOrmModule.forFeature, loaders through LoaderRegistry).
    files: ['apps/api/src/common/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./\\.\\./(?!\\.\\.)',
              message: 'common/ must not import a feature folder of apps/api/src (or the app module).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/common/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.\\./(?!\\.\\.)', message: 'common/ must not import a feature folder of apps/api/src.' }] },
      ],
    },
  },
  {
    // No casts at the edge: entities map to models explicitly and enums carry the libs' keys.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "TSAsExpression[typeAnnotation.type='TSNeverKeyword']", message: 'No `as never`: type the value or map it.' },
        {
          selector: "TSAsExpression[expression.type='TSAsExpression'][expression.typeAnnotation.type='TSUnknownKeyword']",
          message: 'No `as unknown as`: type the value or map it.',
        },
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]", message: 'No focused or skipped tests in the repository.' },
      ],
    },
  },
);
