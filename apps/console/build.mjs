// Builds the web console into one folder the API serves at /console/: every script, style and
// font bundled (no CDN; the console works with no internet connection). `npm run build` runs it
// after `nest build api`; the browser tests run it into a folder of their own.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function buildConsole(outDir = join(here, '..', '..', 'dist', 'console')) {
  mkdirSync(join(outDir, 'assets'), { recursive: true });
  await build({
    entryPoints: [join(here, 'src', 'main.tsx')],
    outdir: join(outDir, 'assets'),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: false,
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    legalComments: 'linked',
    assetNames: '[name]-[hash]',
  });
  copyFileSync(join(here, 'src', 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildConsole(process.argv[2]);
  console.log(`console built into ${out}`);
}
