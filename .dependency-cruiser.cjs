// The layering the README's "How it is built" describes, checked by `npm run lint:layers` (part of
// `npm test`): routes are thin and may use anything; lib/ is the product and depends on no route,
// view, script or framework; views (components/) get view models, not database rows.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-stays-below-routes-and-views',
      comment: 'lib/ is the product: it never imports a route (app/), a view (components/) or a script (scripts/).',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: '^(app|components|scripts)/' },
    },
    {
      name: 'lib-without-the-framework',
      comment: 'lib/ has no React and no next/* imports: the routes in app/ talk to Next.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: 'node_modules/(next|react|react-dom)/' },
    },
    {
      name: 'views-without-rows',
      comment: 'components/ render what the services give them: no repository, no database client, no generated Prisma types.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^(lib/.*repository|lib/db/|prisma/generated/)' },
    },
    {
      name: 'no-routes-from-below',
      comment: 'Nothing but Next itself imports a route file.',
      severity: 'error',
      from: { path: '^(lib|components|scripts)/' },
      to: { path: '^app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.mjs', '.js', '.d.mts', '.d.ts'] },
  },
};
