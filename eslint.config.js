import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';


// ── The module shape (docs/ARCHITECTURE.md, "The shape of a module"; decision shape-shape) ──
// Why: a module is read in one order — routes → service → policy → repository — and each rule below
// keeps one step of that order honest. SQL in a route or a service hides a query from the one file
// that is read when a table or an index changes; a module reading another's repository couples to
// its tables instead of its rules; a route that imports more than its service and schemas grows
// logic that the policy table and the service's object checks never see.
const QUERY_BUILDERS = "CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]";
const sqlRule = ['error', { selector: QUERY_BUILDERS, message: 'SQL 只写在本模块的 repository.ts 里（模块形状，见 docs/ARCHITECTURE.md）' }];
// Another module's repository, from modules/<m>/x.ts (../other/…) and from modules/<m>/<part>/x.ts (../../other/…).
const otherRepo = (up) => ({ regex: `^${'\\.\\./'.repeat(up)}[^./][^/]*/(.*/)?repository(-[a-z]+)?$`, message: '不要引用其他模块的 repository：请调用该模块的 service' });
const ROUTE_MESSAGE = 'routes.ts 只引用本模块的 service、schemas、policy 和 platform/（处理函数只调用一次 service）';
// modules/<m>/routes.ts: ./service, ./schemas, ./policy, the parts' routes it registers (./<part>/routes), ../../platform/…
const rootRoutes = { regex: '^(?!\\./(service|schemas|policy)$|\\./[^./]+/routes$|\\.\\./\\.\\./platform/)\\.', message: ROUTE_MESSAGE };
// modules/<m>/<part>/routes.ts: its own service, schemas and policy, the module's policy and schemas, ../../../platform/…
const partRoutes = { regex: '^(?!\\./(service|schemas|policy)$|\\.\\./(policy|schemas)$|\\.\\./\\.\\./\\.\\./platform/)\\.', message: ROUTE_MESSAGE };

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'data', '.tmp', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Migrations speak to Kysely<any> on purpose: they must not depend on today's types.
    files: ['server/src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Features do not import each other; shared code lives in components/ or api/.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../features/*', '../features/*'], message: '功能模块之间不要互相引用' }] }],
    },
  },
  {
    // The app shell is where features are put together (routes, menu).
    files: ['web/src/app/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Migrations, the demo, the tests (and their testkits) build rows on purpose. platform/ is the layer under
    // the modules and owns its own tables (sessions, audit, settings, jobs, outbox): it is not a module.
    files: ['server/src/modules/**/*.ts'],
    ignores: ['**/repository.ts', '**/repository-*.ts', '**/*.test.ts', '**/testkit.ts'],
    rules: { 'no-restricted-syntax': sqlRule },
  },
  { files: ['server/src/modules/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [otherRepo(1)] }] } },
  { files: ['server/src/modules/*/*/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [otherRepo(2)] }] } },
  { files: ['server/src/modules/*/routes.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [otherRepo(1), rootRoutes] }] } },
  { files: ['server/src/modules/*/*/routes.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [otherRepo(2), partRoutes] }] } },
);
