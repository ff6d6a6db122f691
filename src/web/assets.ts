/**
 * The files pages load, all served by the bot itself so every page works without a
 * network connection: our stylesheets and scripts (src/web/assets), Microsoft's
 * Adaptive Cards renderer and markdown-it (from node_modules, as installed by npm ci),
 * the DejaVu Sans font the charts use (assets/fonts) and the Teams app icon. Only the names listed here
 * are served; nothing else on disk is reachable.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { ASSET_PATH } from './layout.ts';

const require = createRequire(import.meta.url);
const OWN = fileURLToPath(new URL('./assets/', import.meta.url));
const FONTS = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
const ICON = fileURLToPath(new URL('../../manifest/teams/color.png', import.meta.url));

interface AssetFile {
  file: string;
  type: string;
}

function assetFiles(): Record<string, AssetFile> {
  // markdown-it's exports map hides its browser build; it sits beside its main file.
  const markdownItDist = dirname(require.resolve('markdown-it'));
  return {
    'site.css': { file: join(OWN, 'site.css'), type: 'text/css; charset=utf-8' },
    'print.css': { file: join(OWN, 'print.css'), type: 'text/css; charset=utf-8' },
    'dashboard.js': { file: join(OWN, 'dashboard.js'), type: 'text/javascript; charset=utf-8' },
    'playground.js': { file: join(OWN, 'playground.js'), type: 'text/javascript; charset=utf-8' },
    'vendor/adaptivecards.min.js': { file: require.resolve('adaptivecards/dist/adaptivecards.min.js'), type: 'text/javascript; charset=utf-8' },
    'vendor/markdown-it.min.js': { file: join(markdownItDist, 'browser', 'markdown-it.umd.min.js'), type: 'text/javascript; charset=utf-8' },
    'icon.png': { file: ICON, type: 'image/png' },
    'fonts/DejaVuSans.ttf': { file: join(FONTS, 'DejaVuSans.ttf'), type: 'font/ttf' },
    'fonts/DejaVuSans-Bold.ttf': { file: join(FONTS, 'DejaVuSans-Bold.ttf'), type: 'font/ttf' },
  };
}

export function registerAssets(app: express.Express): void {
  for (const [name, asset] of Object.entries(assetFiles())) {
    app.get(`${ASSET_PATH}/${name}`, (_req, res, next) => {
      // Revalidated on every load (ETag), so an upgrade never leaves a stale script behind.
      res.sendFile(asset.file, { headers: { 'Content-Type': asset.type, 'Cache-Control': 'no-cache' } }, (error) => {
        if (error) next(error);
      });
    });
  }
}
