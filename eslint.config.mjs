// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const services = ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'];

// A lib's public surface is its index.ts: reaching into src/ or dist/ ties you to its internals.
const deepImport = {
  regex: '^@citizen-desk/[a-z-]+/',
  message: "Import a project through its public surface '@citizen-desk/<name>', not its files.",
};
// Libs are reached by package name, so that the build order and the boundaries stay visible.
const relativeIntoLibs = {
  regex: '^(\\.\\./)+libs/',
  message: "Import a lib as '@citizen-desk/<lib>', not by a relative path.",
};

/**
 * Import rules that keep the services apart: a service talks to another only through events in
 * @citizen-desk/contracts, never by importing its code (by package name or by a relative path).
 */
function boundaries(forbidden) {
  const alternation = forbidden.join('|');
  return [
    'error',
    {
      patterns: [
        {
          regex: `^@citizen-desk/(${alternation})$`,
          message: 'Services do not import each other: exchange events defined in @citizen-desk/contracts.',
        },
        {
          // Climbing out of src/ and the service folder into a sibling service or into services/.
          regex: `^(\\.\\./){2,}(services/)?(${alternation})(/|$)|^(\\.\\./)+services/`,
          message: 'Services do not import each other: exchange events defined in @citizen-desk/contracts.',
        },
        deepImport,
        relativeIntoLibs,
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dist-bench/**',
      '**/dist-server/**',
      '**/node_modules/**',
      '**/coverage/**',
      '.nx/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript config files run in Node.
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...services.map((service) => ({
    files: [`services/${service}/**/*.ts`],
    rules: { 'no-restricted-imports': boundaries(services.filter((s) => s !== service)) },
  })),
  {
    // Libs are shared by every service and know none of them.
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': boundaries(services) },
  },
  {
    files: ['tools/**/*.ts', 'deploy/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImport, relativeIntoLibs] }] },
  },
);
