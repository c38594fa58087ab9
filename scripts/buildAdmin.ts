import esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/** The admin page: one JS bundle (React + TDesign), TDesign's stylesheet, our own, and index.html. */
export const buildAdmin = async (outDir = path.join(ROOT, 'dist', 'admin')) => {
  fs.mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'admin', 'src', 'main.tsx')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.svg': 'dataurl' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(ROOT, 'node_modules', 'tdesign-react', 'dist', 'tdesign.min.css'), path.join(outDir, 'tdesign.css'));
  fs.copyFileSync(path.join(ROOT, 'admin', 'src', 'admin.css'), path.join(outDir, 'admin.css'));
  fs.copyFileSync(path.join(ROOT, 'admin', 'src', 'index.html'), path.join(outDir, 'index.html'));
  return { outDir, bytes: fs.statSync(path.join(outDir, 'app.js')).size };
};
