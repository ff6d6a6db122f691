/**
 * The playground's JSON endpoints under /playground/api, called by playground.js:
 * what a member sees, their clicks, the coordinator's close, "next month" and starting
 * over. Mounted in local mode only, on loopback. Even there a web page elsewhere must
 * not drive it from the newcomer's browser: writes need a JSON body (so a cross-site
 * form cannot send one without a CORS preflight, which is refused), a same-origin
 * Origin when the browser sends one, and a loopback Host (no DNS rebinding).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Content } from '../../content/load.ts';
import type { Language } from '../../core/network.ts';
import type { Logger } from '../../core/ports.ts';
import { isLanguage } from '../locale.ts';
import { privatePage } from '../security.ts';
import { MEMBER_COUNT, type Playgrounds } from './playground.ts';

export const PLAYGROUND_API = '/playground/api';

const memberSchema = z.coerce.number().int().min(1).max(MEMBER_COUNT);
const langSchema = z.custom<Language>(isLanguage);
const actionSchema = z.object({
  lang: langSchema,
  member: memberSchema,
  verb: z.string().max(40),
  data: z.record(z.string(), z.unknown()).default({}),
});
const stepSchema = z.object({ lang: langSchema });

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

function guard(req: Request, res: Response, next: NextFunction): void {
  const host = req.get('host') ?? '';
  if (!LOOPBACK_HOST.test(host)) {
    res.status(403).json({ error: 'forbidden' });
    return;
  }
  const origin = req.get('origin');
  if (req.method !== 'GET' && origin !== undefined && origin !== `${req.protocol}://${host}`) {
    res.status(403).json({ error: 'forbidden' });
    return;
  }
  if (req.method !== 'GET' && !req.is('application/json')) {
    res.status(415).json({ error: 'json_required' });
    return;
  }
  privatePage(res);
  next();
}

export function registerPlaygroundApi(app: express.Express, playgrounds: Playgrounds, options: { content: Content; log: Logger }): void {
  const json = express.json({ limit: '64kb' });
  const bad = (res: Response): void => void res.status(400).json({ error: 'bad_request' });

  app.get(`${PLAYGROUND_API}/state`, guard, async (req, res) => {
    const lang = langSchema.safeParse(req.query.lang);
    const member = memberSchema.safeParse(req.query.member ?? 1);
    if (!lang.success || !member.success) return bad(res);
    const playground = await playgrounds.get(lang.data);
    res.json(await playground.view(member.data));
  });

  app.post(`${PLAYGROUND_API}/action`, guard, json, async (req, res) => {
    const parsed = actionSchema.safeParse(req.body);
    if (!parsed.success) return bad(res);
    const { lang, member, verb, data } = parsed.data;
    const playground = await playgrounds.get(lang);
    res.json(await playground.act(member, verb, data));
  });

  app.post(`${PLAYGROUND_API}/close`, guard, json, async (req, res) => {
    const parsed = stepSchema.safeParse(req.body);
    if (!parsed.success) return bad(res);
    res.json(await (await playgrounds.get(parsed.data.lang)).closeRound());
  });

  app.post(`${PLAYGROUND_API}/next-month`, guard, json, async (req, res) => {
    const parsed = stepSchema.safeParse(req.body);
    if (!parsed.success) return bad(res);
    res.json(await (await playgrounds.get(parsed.data.lang)).nextMonth());
  });

  app.post(`${PLAYGROUND_API}/reset`, guard, json, async (req, res) => {
    const parsed = stepSchema.safeParse(req.body);
    if (!parsed.success) return bad(res);
    await playgrounds.reset(parsed.data.lang);
    options.log.info('playground started over', { lang: parsed.data.lang });
    res.json({});
  });
}
