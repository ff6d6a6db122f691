/**
 * The bot's two ways to call Slack, kept apart so background work can never hold up a
 * person who is waiting:
 * - interactive: modals (`views.open`, whose trigger id is valid for about three
 *   seconds), private confirmations (`chat.postEphemeral`, replies to an interaction's
 *   response_url) and the membership check before a round opens. A client of its own
 *   with its own request queue, a short retry, and no pause on a 429: it fails fast
 *   and the person gets a polite answer.
 * - background: count updates, round and results posts, reminders and uploads. A client
 *   that refuses on a 429 instead of pausing its queue, paced per method and workspace
 *   by rate-limits.ts, which pauses only the method that was limited.
 *
 * The @slack/web-api client pauses its whole shared queue on a 429 when left to itself;
 * that is what these two clients avoid.
 */
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { webApi, type Logger as BoltLogger } from '@slack/bolt';
import { SlackRateLimits, type RateLimitOptions } from './rate-limits.ts';

type WebClient = webApi.WebClient;

export interface RetryConfig {
  retries: number;
  factor?: number;
  minTimeout?: number;
  maxTimeout?: number;
}

export interface SlackClients {
  interactive: WebClient;
  background: WebClient;
  limits: SlackRateLimits;
  /** Posts a reply to an interaction's response_url; throws when Slack does not take it. */
  respond(url: string, body: object): Promise<void>;
}

export interface SlackClientOptions {
  /** One workspace: its bot token. Installed in many (OAuth): none here, each call carries its workspace's. */
  token?: string | undefined;
  apiUrl?: string | undefined;
  logger?: BoltLogger | undefined;
  /** Retries of the background client for failures other than 429 (5xx, network). */
  retryConfig?: RetryConfig | undefined;
  limits?: RateLimitOptions | undefined;
}

/** Someone is waiting: one quick retry of a failed request at most, well inside Slack's three seconds. */
const INTERACTIVE_RETRY: RetryConfig = { retries: 1, factor: 1, minTimeout: 200, maxTimeout: 200 };
const RESPONSE_TIMEOUT_MS = 2500;

export function createSlackClients(options: SlackClientOptions): SlackClients {
  const common = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    rejectRateLimitedCalls: true,
  };
  const interactive = new webApi.WebClient(options.token, { ...common, retryConfig: INTERACTIVE_RETRY, timeout: RESPONSE_TIMEOUT_MS });
  const background = new webApi.WebClient(options.token, { ...common, ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}) });
  return { interactive, background, limits: new SlackRateLimits(options.limits), respond: responsePoster() };
}

/**
 * Replies to response_urls over kept-alive connections (a reply per click adds up: plain
 * node:http costs a fraction of fetch). The URL is the one in the signed request.
 */
function responsePoster(): (url: string, body: object) => Promise<void> {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };
  return (url, body) =>
    new Promise<void>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:') return reject(new Error('response_url is not an http(s) URL'));
      const payload = JSON.stringify(body);
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        target,
        {
          method: 'POST',
          agent: secure ? agents.https : agents.http,
          headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) },
          timeout: RESPONSE_TIMEOUT_MS,
        },
        (res) => {
          res.resume();
          res.once('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`response_url answered ${res.statusCode ?? 'nothing'}`))));
        },
      );
      req.once('timeout', () => req.destroy(new Error('response_url did not answer in time')));
      req.once('error', reject);
      req.end(payload);
    });
}
