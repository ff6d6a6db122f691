/**
 * The web layer: server-rendered pages on the bot's own express app, another adapter
 * beside Slack and Teams. It reads only through the use cases and renders; it never
 * touches the store. Everywhere: `/privacy`, `/terms`, a coordinator's signed
 * `/dashboard/<token>` and the assets they load. At `/` a short home page, or in local
 * mode the playground with its JSON endpoints, on a database of its own.
 */
import type express from 'express';
import { DASHBOARD_PATH } from '../app/dashboard-links.ts';
import type { ChartRenderer } from '../app/deps.ts';
import type { WebUseCases } from '../app/use-cases.ts';
import type { Content } from '../content/load.ts';
import type { Logger } from '../core/ports.ts';
import { registerAssets } from './assets.ts';
import { registerDashboardPage } from './dashboard-page.ts';
import { registerHomePage } from './home-page.ts';
import { ASSET_PATH } from './layout.ts';
import { registerPlaygroundApi } from './playground/playground-api.ts';
import { registerPlaygroundPage } from './playground/playground-page.ts';
import { createPlaygrounds, type Playgrounds } from './playground/playground.ts';
import { registerPrivacyPage } from './privacy-page.ts';
import { securityHeaders } from './security.ts';
import { registerTermsPage } from './terms-page.ts';

export { loadLinkKey } from './link-key.ts';
export { PLAYGROUND_API } from './playground/playground-api.ts';

export interface WebOptions {
  content: Content;
  log: Logger;
  useCases: WebUseCases;
  /** The playground exists in local mode only. */
  localMode: boolean;
  /** Folder for the playground's own database files. */
  dataDir: string;
  renderChart?: ChartRenderer;
}

export interface WebLayer {
  /** Undefined outside local mode. */
  playgrounds: Playgrounds | undefined;
  close(): Promise<void>;
}

export function mountWeb(app: express.Express, options: WebOptions): WebLayer {
  const deps = { content: options.content, useCases: options.useCases, log: options.log };
  app.use(['/privacy', '/terms', DASHBOARD_PATH, ASSET_PATH, '/playground'], securityHeaders);
  registerAssets(app);
  registerPrivacyPage(app, deps);
  registerTermsPage(app, deps);
  registerDashboardPage(app, deps);
  let playgrounds: Playgrounds | undefined;
  if (options.localMode) {
    playgrounds = createPlaygrounds({
      content: options.content,
      log: options.log,
      dataDir: options.dataDir,
      ...(options.renderChart ? { renderChart: options.renderChart } : {}),
    });
    registerPlaygroundPage(app, deps);
    registerPlaygroundApi(app, playgrounds, deps);
  } else {
    registerHomePage(app, deps);
  }
  return {
    playgrounds,
    close: async () => playgrounds?.closeAll(),
  };
}
