// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'coverage/**', 'bench/results/**', 'public/**', 'eslint.config.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten promise in a delivery path is a lost webhook.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The repository layer (docs/ARCHITECTURE.md): only repositories and src/database reach PostgreSQL.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/database/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/typeorm',
              importNames: ['InjectRepository', 'InjectDataSource', 'InjectEntityManager'],
              message: 'Statements belong in the module\'s *.repository.ts; call a repository method instead.',
            },
            {
              name: 'typeorm',
              importNames: ['DataSource', 'Repository'],
              message: 'Statements belong in the module\'s *.repository.ts; call a repository method instead.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          // A transaction's EntityManager travels into services (the publish path); its statements must not.
          selector: "CallExpression[callee.property.name=/^(query|createQueryBuilder)$/]",
          message: 'Statements belong in the module\'s *.repository.ts; call a repository method instead.',
        },
      ],
    },
  },
  {
    files: ['examples/**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', require: 'readonly', fetch: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
