// Preloaded (`node --import`) by production-entry.process-spec.ts: writes to
// LOADED_PACKAGES_FILE, one a line, every file the process loads from node_modules,
// as an ES module (through the module hooks) or with require (require.cache, at exit).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.LOADED_PACKAGES_FILE;
if (out) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function load(url, context, next) {
      if (url.includes('/node_modules/')) appendFileSync(${JSON.stringify(out)}, url + '\\n');
      return next(url, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache).filter((file) => file.includes('/node_modules/'));
    appendFileSync(out, files.map((file) => `${file}\n`).join(''));
  });
}
