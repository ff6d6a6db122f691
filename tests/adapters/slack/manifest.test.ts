/**
 * The Slack app manifest against the fields Slack documents for app manifests: it must
 * import as is (after YOUR-HOST is replaced), point every URL at /slack/events, and ask
 * for exactly the scopes the code needs — no fewer, no more.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REDIRECT_PATH, SLACK_BOT_SCOPES } from '../../../src/adapters/slack/index.ts';
import { z } from 'zod';

const url = z.string().regex(/^https:\/\/YOUR-HOST\/slack\/events$/);
const manifestSchema = z
  .object({
    _metadata: z.object({ major_version: z.literal(1), minor_version: z.number().int() }).strict(),
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().min(1).max(140),
        long_description: z.string().min(175).max(4000).optional(),
        background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
      })
      .strict(),
    features: z
      .object({
        bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }).strict(),
        slash_commands: z
          .array(
            z
              .object({
                command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
                url,
                description: z.string().min(1).max(2000),
                usage_hint: z.string().max(1000).optional(),
                should_escape: z.boolean(),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
    oauth_config: z.object({ redirect_urls: z.array(z.string().regex(/^https:\/\/YOUR-HOST\//)).min(1), scopes: z.object({ bot: z.array(z.string()).min(1) }).strict() }).strict(),
    settings: z
      .object({
        event_subscriptions: z.object({ request_url: url, bot_events: z.array(z.string()).min(1) }).strict(),
        interactivity: z.object({ is_enabled: z.literal(true), request_url: url }).strict(),
        org_deploy_enabled: z.boolean(),
        socket_mode_enabled: z.literal(false),
        token_rotation_enabled: z.boolean(),
      })
      .strict(),
  })
  .strict();

const manifest = manifestSchema.parse(parse(readFileSync('manifest/slack/manifest.yaml', 'utf8')));

/** The scope each Web API method and event needs, from Slack's method and event reference. */
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.info': ['channels:read', 'groups:read'],
  'files.uploadV2': ['files:write'],
  'views.open': [],
};
const EVENT_SCOPES: Record<string, string[]> = {
  channel_archive: ['channels:read'],
  channel_deleted: ['channels:read'],
  group_archive: ['groups:read'],
  group_deleted: ['groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  // Sent to every app that subscribes; no scope needed.
  app_uninstalled: [],
  tokens_revoked: [],
};

function sourceOf(dir: string): string {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
    .join('\n');
}

describe('Slack app manifest', () => {
  it('has the /thermometer command on the one endpoint', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/thermometer']);
  });

  it('asks for every scope the code needs and no other', () => {
    const code = sourceOf('src/adapters/slack');
    const used = Object.keys(METHOD_SCOPES).filter((method) => {
      const [family, name] = method.split('.');
      return new RegExp(`client\\.${family}\\.${name}\\(|client\\.${family}\\s*\\.\\s*${name}\\(`).test(code) || code.includes(`${family}.${name}(`);
    });
    expect(used).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.open', 'files.uploadV2']));
    const needed = new Set(['commands', ...used.flatMap((m) => METHOD_SCOPES[m] ?? []), ...manifest.settings.event_subscriptions.bot_events.flatMap((e) => EVENT_SCOPES[e] ?? ['unknown'])]);
    expect([...needed].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('asks in OAuth for exactly the scopes of the manifest, and sends people back to /slack/oauth_redirect', () => {
    expect([...SLACK_BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual([`https://YOUR-HOST${REDIRECT_PATH}`]);
  });

  it('subscribes only to events the adapter listens to', () => {
    const code = sourceOf('src/adapters/slack');
    for (const event of manifest.settings.event_subscriptions.bot_events) expect(code).toContain(`'${event}'`);
  });
});
