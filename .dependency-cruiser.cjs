// Layer boundaries (house style rule 13), checked by `npm run lint`.
const FEATURES = '(generation|gallery|sessions|api-keys|admin|worker-accounts|audit)';
module.exports = {
  forbidden: [
    {
      name: 'decider-is-pure',
      comment: 'Deciders import nothing from Nest, TypeORM or HTTP: business rules stay pure (rule 3).',
      severity: 'error',
      from: { path: '\\.decider\\.ts$' },
      to: { path: '((^|node_modules/)(@nestjs|typeorm|fastify|@fastify|better-sqlite3|pg)(/|$))|(^(node:)?(http|https|fs|net)$)|(\\.(controller|projector|entity)\\.ts$)' },
    },
    {
      name: 'features-meet-through-index',
      comment: 'A feature reaches another only through its index.ts (or through events in contracts/).',
      severity: 'error',
      from: { path: `^backend/src/${FEATURES}/` },
      to: { path: `^backend/src/${FEATURES}/`, pathNot: [`^backend/src/$1/`, `^backend/src/${FEATURES}/index\\.ts$`] },
    },
    {
      name: 'platform-knows-no-feature',
      comment: 'Shared machinery must not depend on the features built on it.',
      severity: 'error',
      from: { path: '^backend/src/platform/' },
      to: { path: `^backend/src/${FEATURES}/` },
    },
    {
      name: 'no-tests-in-production',
      comment: 'Production code never imports tests or test support.',
      severity: 'error',
      from: { pathNot: '(\\.(spec|int-spec|e2e-spec|contract)\\.ts$)|(/testing/)' },
      to: { path: '(\\.(spec|int-spec|e2e-spec)\\.ts$)|(/testing/)|(\\.contract\\.ts$)' },
    },
    {
      name: 'contracts-are-dependency-free',
      comment: 'contracts/ is shared by backend, frontend and workers: types and schemas only.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(backend|frontend|gpu)/|node_modules' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^backend/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/)|(\\.mjs$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
