import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default ts.config(
  js.configs.recommended,
  ...ts.configs.strict,
  ...svelte.configs['flat/recommended'],
  { languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    // Tauri imports belong in src/backend only, so the UI runs against any backend.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    ignores: ['src/backend/tauri.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@tauri-apps/*'] }] },
  },
  { ignores: ['dist/', 'node_modules/', 'src/backend/bindings.ts', 'src/i18n/rfa.generated.ts'] },
);
