// Bundles src/index.js into dist/hubspot-destination.js (minified IIFE defining window.HubSpotDestination)
// and fails when the gzipped size is over the 4 KB budget.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const LIMIT = 4000; // 4 KB read as 4,000 bytes, the stricter reading
const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = root + 'dist/hubspot-destination.js';

await build({
  entryPoints: [root + 'src/browser.js'],
  outfile,
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  legalComments: 'none',
  logLevel: 'warning',
});

const code = readFileSync(outfile);
const gz = gzipSync(code, { level: 9 }).length;
console.log(`dist/hubspot-destination.js: ${code.length} bytes minified, ${gz} bytes gzipped (limit ${LIMIT})`);
if (gz > LIMIT) {
  console.error(`size check failed: ${gz} bytes gzipped is over the ${LIMIT}-byte budget`);
  process.exit(1);
}
