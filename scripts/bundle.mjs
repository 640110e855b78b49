#!/usr/bin/env node
// The production entry: dist/main.js (built by `nest build`, with the Swagger
// plugin's metadata) and the packages it imports, in one ES module file,
// dist/main.bundle.js. `npm run build` runs it after `nest build`.
//
// Why: a process spends most of its boot loading modules (about 2,800 files from
// node_modules: resolving, reading and compiling each), which is most of the time
// a restarted service is down. One file loads in a fraction of that. esbuild,
// because it bundles ESM and CommonJS together into ESM, fast, with no config of
// its own to maintain.
//
// What stays outside the bundle, loaded from node_modules at run time (so the
// production image keeps its node_modules):
// - native addons and the packages that locate them on disk (NATIVE below);
// - packages loaded by a name computed at run time, or that read files of their
//   own next to themselves (BY_NAME);
// - anything not installed (optional peers of Nest, TypeORM's other drivers):
//   left as an import that fails at run time exactly as it does unbundled.
// Every package that holds Nest's tokens or class identities (@nestjs/*, typeorm,
// class-validator, class-transformer, rxjs, reflect-metadata) must exist once: none
// of them may be external, nor be imported by an external package (checked at the
// end), nor be loaded behind esbuild's back (the shared-require plugin below).
// test/process/production-entry.process-spec.ts checks at run time that none is
// loaded from node_modules.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRY = join(ROOT, 'dist', 'main.js');
// Beside dist/main.js, so that `new URL('../package.json', import.meta.url)` means the same.
const OUTFILE = join(ROOT, 'dist', 'main.bundle.js');

// Native addons, and the packages that find a `.node` file next to themselves.
const NATIVE = ['better-sqlite3', '@node-rs/argon2', 'msgpackr-extract'];
// mysql2: TypeORM loads its driver with `require(name)`, which esbuild cannot follow,
// so a bundled copy would be a second one. swagger-ui-dist: Swagger UI's assets,
// served from its own directory.
const BY_NAME = ['mysql2', 'swagger-ui-dist'];
const EXTERNAL = [...NATIVE, ...BY_NAME];

const packageName = (specifier) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
const isBare = (specifier) =>
  !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('node:');

/** Marks a bare import external when it names an EXTERNAL package or cannot be resolved. */
const externals = {
  name: 'externals',
  setup(esbuild) {
    const missing = new Set();
    esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'probe' || !isBare(args.path)) return undefined;
      if (EXTERNAL.includes(packageName(args.path))) return { path: args.path, external: true };
      const resolved = await esbuild.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'probe',
      });
      if (resolved.errors.length === 0) return undefined;
      missing.add(args.path);
      return { path: args.path, external: true };
    });
    esbuild.onEnd(() => {
      if (process.env.BUNDLE_VERBOSE) {
        console.log(`not installed, left external: ${[...missing].join(', ')}`);
        console.log(`require made the bundle's own: ${rewritten.join(', ')}`);
      }
    });
  },
};

// Some ES module packages load a CommonJS one with `createRequire(import.meta.url)`
// and `require('name')` (@nestjs/typeorm loads typeorm so, @nestjs/mapped-types
// class-validator and class-transformer). esbuild leaves such a `require` alone: it
// would load a second copy from node_modules, with metadata storage of its own (the
// mapped types' validation and transform rules would land in a copy ValidationPipe
// never reads). Without that declaration, `require('name')` is the one esbuild bundles.
const OWN_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/m;
const rewritten = [];
const sharedRequire = {
  name: 'shared-require',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!OWN_REQUIRE.test(source)) return undefined;
      rewritten.push(args.path.slice(args.path.lastIndexOf('node_modules/') + 13));
      return {
        contents: source.replace(OWN_REQUIRE, "// (require: the bundle's own)"),
        loader: 'js',
      };
    });
  },
};

const result = await build({
  entryPoints: [ENTRY],
  outfile: OUTFILE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Nest reads constructor parameter types and class names at run time.
  keepNames: true,
  // Minifying halves the file but measured no faster to boot here, and stack traces
  // would be unreadable.
  minify: false,
  sourcemap: 'linked',
  // The CommonJS packages inside an ES module: `require`, `__filename` and `__dirname`.
  banner: {
    js: [
      "import { createRequire as __bundleCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
      'const require = __bundleCreateRequire(import.meta.url);',
      'const __filename = __bundleFileURLToPath(import.meta.url);',
      "const __dirname = __bundleFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
  plugins: [externals, sharedRequire],
  metafile: true,
  logLevel: 'warning',
});

// Nest's tokens are classes and symbols: a second copy of a package that holds them
// (loaded from node_modules beside the bundled one) makes lookups fail at run time.
// So none of these may be external, nor be a dependency of an external package.
const IDENTITY =
  /^(@nestjs\/|typeorm$|class-validator$|class-transformer$|reflect-metadata$|rxjs$)/;
const require = createRequire(ENTRY);
const problems = EXTERNAL.filter((name) => IDENTITY.test(name)).map(
  (name) => `${name} is external`,
);
for (const name of EXTERNAL) {
  let manifest;
  try {
    manifest = require.resolve(`${name}/package.json`);
  } catch {
    continue;
  }
  const { dependencies = {}, peerDependencies = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
  for (const dependency of Object.keys({ ...dependencies, ...peerDependencies })) {
    if (IDENTITY.test(dependency)) problems.push(`${name} (external) imports ${dependency}`);
  }
}
if (problems.length > 0) {
  console.error(`bundle: a package would be loaded twice:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const files = Object.keys(result.metafile.inputs).length;
console.log(`bundle: ${OUTFILE.slice(ROOT.length)} from ${files} files`);
