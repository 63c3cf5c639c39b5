// The one build script: bundles the client, the language server and the CLI into dist/.
// `node esbuild.mjs` builds once; `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Each entry point becomes one CommonJS file in dist/, with every dependency bundled except `vscode`. */
const entryPoints = {
  extension: 'client/src/extension.ts',
  server: 'server/src/server.ts',
  cli: 'cli/src/cli.ts',
};

const options = {
  entryPoints,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // Prefer ES module builds: jsonc-parser's UMD build loads its parts with a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
