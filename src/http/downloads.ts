/**
 * Short-lived, unguessable download links for files the bot hands to one person: CSV
 * exports and chart images too large to inline in a card. Files live in memory only,
 * behind a 256-bit random token, and vanish at their expiry; nothing is ever written to
 * a public folder. A link is a capability: whoever holds it can fetch the file until it
 * expires, so links are only ever sent privately.
 */
import type express from 'express';
import type { Clock, Random } from '../core/ports.ts';

export interface Downloads {
  /** Stores a file and returns its absolute URL under PUBLIC_BASE_URL. */
  put(data: Uint8Array | string, mimeType: string, filename: string, ttlMs: number): string;
  /** Mounts GET /downloads/:token on the app. */
  mount(app: express.Express): void;
}

export interface DownloadsOptions {
  clock: Clock;
  random: Random;
  publicBaseUrl: string;
  /** Upper bound on bytes held at once; the oldest files go first. */
  maxBytes?: number;
}

interface Entry {
  data: Buffer;
  mimeType: string;
  filename: string;
  expiresAt: number;
}

export const DOWNLOAD_PATH = '/downloads';
const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function createDownloads(options: DownloadsOptions): Downloads {
  const { clock, random } = options;
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  // Map keeps insertion order, so the first entries are the oldest.
  const files = new Map<string, Entry>();
  let heldBytes = 0;

  const drop = (token: string): void => {
    const entry = files.get(token);
    if (!entry) return;
    heldBytes -= entry.data.length;
    files.delete(token);
  };

  const purge = (now: number): void => {
    for (const [token, entry] of files) if (entry.expiresAt <= now) drop(token);
  };

  return {
    put(data, mimeType, filename, ttlMs) {
      if (!(ttlMs > 0)) throw new RangeError('ttlMs must be positive');
      const now = clock.now().getTime();
      purge(now);
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      while (heldBytes + bytes.length > maxBytes && files.size > 0) {
        const oldest = files.keys().next().value;
        if (oldest === undefined) break;
        drop(oldest);
      }
      const token = Buffer.from(random.bytes(TOKEN_BYTES)).toString('base64url');
      files.set(token, { data: bytes, mimeType, filename: safeFilename(filename), expiresAt: now + ttlMs });
      heldBytes += bytes.length;
      return `${base}${DOWNLOAD_PATH}/${token}`;
    },

    mount(app) {
      app.get(`${DOWNLOAD_PATH}/:token`, (req, res) => {
        const token = req.params.token;
        const entry = TOKEN_PATTERN.test(token) ? files.get(token) : undefined;
        const now = clock.now().getTime();
        res.set('Cache-Control', 'no-store');
        res.set('Referrer-Policy', 'no-referrer');
        res.set('X-Content-Type-Options', 'nosniff');
        if (!entry || entry.expiresAt <= now) {
          if (entry) drop(token);
          res.status(404).json({ error: 'not_found' });
          return;
        }
        const inline = entry.mimeType.startsWith('image/');
        res.set('Content-Type', entry.mimeType);
        res.set('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${entry.filename}"`);
        res.status(200).send(entry.data);
      });
    },
  };
}

/** Keeps a filename safe inside a quoted Content-Disposition header. */
function safeFilename(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'download' : cleaned.slice(0, 100);
}
