// Lint: typescript-eslint's recommended rules over the plugin, its tests and scripts.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'playground/.tmp/',
      'playground/dist/',
      'playground/.strapi/',
      'playground/build/',
      'playground/types/',
      'tests/e2e/artifacts/',
      'coverage/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
