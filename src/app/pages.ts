/**
 * What the web pages ask of the use cases, and the chat command that leads to one: a
 * coordinator's signed dashboard link, the dashboard that link opens, and the privacy
 * promises for the public privacy page. Like the summary, the dashboard is built from
 * the results stored at close only (see dashboard-view.ts).
 */
import { DEFAULT_SETTINGS, type Language, type Network } from '../core/network.ts';
import type { TrendPoint } from '../core/result.ts';
import type { StoredRound } from '../core/store-port.ts';
import { toPoint, trendPoints } from './analysis.ts';
import type { AppContext } from './context.ts';
import { DASHBOARD_LINK_TTL_MS, DASHBOARD_PATH, signDashboardToken, verifyDashboardToken } from './dashboard-links.ts';
import { dashboardView, type DashboardAgreement } from './dashboard-view.ts';
import { agreementStatusLine, ratingHistory } from './messages/agreement-messages.ts';
import { formatDate, texts } from './messages/format.ts';
import { privacyMessage } from './messages/index.ts';
import type { ChatMessage } from '../core/message.ts';
import type { ChannelRef, UserRef } from '../core/network.ts';
import type { DashboardView } from './dashboard-view.ts';

/** Declared in use-cases.ts: `dashboardLink` for the chat adapters, the rest for src/web. */
export interface PageUseCases {
  /**
   * Coordinators: a private message with a signed link to the network's dashboard,
   * valid for seven days; erasing the network revokes it.
   */
  dashboardLink(channel: ChannelRef, actor: UserRef): Promise<ChatMessage>;
  /**
   * The dashboard a signed link's token grants, in `lang` (default: the network's).
   * Undefined for a malformed, tampered or expired token, or an erased network.
   */
  dashboard(token: string, options?: { lang?: Language }): Promise<DashboardView | undefined>;
  /** The anonymity promises with the default settings, for the public privacy page. */
  privacyNotice(lang: Language): Promise<ChatMessage>;
}

export function createPageUseCases(ctx: AppContext): PageUseCases {
  const { store, clock, content, log } = ctx;

  const key = (): Uint8Array => {
    if (!ctx.dashboardKey) throw new Error('dashboard links need a signing key (AppDeps.dashboardKey)');
    return ctx.dashboardKey;
  };

  /** Every agreement of the network, newest first, with how each closed round rated it (from k). */
  const agreementsFor = async (network: Network, lang: Language, closed: readonly StoredRound[]): Promise<DashboardAgreement[]> => {
    const x = texts({ content, lang, timeZone: network.settings.timeZone });
    const points = [...closed].reverse().map(toPoint).filter((p): p is TrendPoint => p !== undefined);
    return (await store.agreements.forNetwork(network.id)).map((a) => ({ text: a.text, status: agreementStatusLine(x, a), ratings: ratingHistory(x, a.id, points) }));
  };

  return {
    async dashboardLink(channel, actor) {
      const network = await ctx.requireCoordinator(channel, actor);
      const expiresAt = new Date(clock.now().getTime() + DASHBOARD_LINK_TTL_MS);
      const url = `${ctx.publicBaseUrl}${DASHBOARD_PATH}/${signDashboardToken(key(), network.id, expiresAt)}`;
      const mctx = ctx.messageContext(network);
      const { tx } = texts(mctx);
      const text = tx('dashboard.link', { name: network.settings.name, url, date: formatDate(expiresAt, mctx) });
      log.info('dashboard link issued', { networkId: network.id });
      return { text, blocks: [{ kind: 'paragraph', text }, { kind: 'context', text: tx('dashboard.link_note') }] };
    },

    async dashboard(token, options = {}) {
      const now = clock.now();
      const granted = verifyDashboardToken(key(), token, now);
      const network = granted ? await store.networks.get(granted.networkId) : undefined;
      if (!granted || !network) return undefined;
      const lang = options.lang ?? network.settings.language;
      const rounds = await store.rounds.closedFor(network.id, 10_000);
      const points = await trendPoints(store, network.id);
      let chart;
      if (ctx.renderChart && points.some((p) => p.result.shown)) {
        try {
          chart = await ctx.renderChart({ points, lang, instrument: rounds[0]?.instrument ?? network.settings.instrument });
        } catch (error) {
          log.warn('chart failed; dashboard without it', { networkId: network.id, error: error instanceof Error ? error : String(error) });
        }
      }
      return dashboardView(content, {
        network,
        lang,
        rounds,
        ...(chart ? { chart } : {}),
        agreements: await agreementsFor(network, lang, rounds),
        now,
        linkExpiresAt: granted.expiresAt,
      });
    },

    async privacyNotice(lang) {
      return privacyMessage({ content, lang, timeZone: DEFAULT_SETTINGS.timeZone }, DEFAULT_SETTINGS);
    },
  };
}
