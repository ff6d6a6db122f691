/** Typed text on a page is inert: escaped everywhere, markup only from the neutral model's own syntax. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dashboardView } from '../../src/app/dashboard-view.ts';
import { DEFAULT_SETTINGS } from '../../src/core/network.ts';
import { dashboardHtml } from '../../src/web/dashboard-page.ts';
import { escapeHtml, html, markup } from '../../src/web/html.ts';
import { inert } from '../../src/core/inert-text.ts';
import { webTexts } from '../../src/web/locale.ts';
import { testContent } from '../helpers/app.ts';

/** What is left once the tags markup() may produce are taken out. */
const withoutOwnTags = (s: string): string => s.replace(/<\/?(strong|em)>|<br>|<a href="[^"<>]*">|<\/a>/g, '');

describe('html', () => {
  it('escapes every interpolated string, so no typed text can open a tag or an attribute', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        const escaped = escapeHtml(typed);
        expect(escaped.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toMatch(/[&<>"']/);
        expect(html`<p title="${typed}">${typed}</p>`.value).toBe(`<p title="${escaped}">${escaped}</p>`);
        // Nested values and arrays are escaped too; only Html passes as it is.
        expect(html`${[typed, html`<br>`]}`.value).toBe(`${escaped}<br>`);
      }),
    );
  });

  it('renders *bold*, _italic_ and links of the neutral markup, and nothing typed as a tag', () => {
    fc.assert(
      fc.property(fc.string(), (typed) => {
        expect(withoutOwnTags(markup(typed).value)).not.toMatch(/[<>"]/);
      }),
    );
    expect(markup('Hoi *Anna*, zie <https://example.org/a?b=1&c=2|de uitleg> _nu_').value).toBe(
      'Hoi <strong>Anna</strong>, zie <a href="https://example.org/a?b=1&amp;c=2">de uitleg</a> <em>nu</em>',
    );
    expect(markup('<javascript:alert(1)|klik> <img src=x onerror=alert(1)>').value).toBe('&lt;javascript:alert(1)|klik&gt; &lt;img src=x onerror=alert(1)&gt;');
  });

  it('shows a network name that looks like HTML or markup as the text it is', () => {
    const content = testContent();
    const name = '<script>alert(1)</script> *vet* <https://evil.example|klik>';
    const view = dashboardView(content, {
      network: { id: 'n1', settings: { ...DEFAULT_SETTINGS, name }, createdAt: new Date('2026-01-01') },
      lang: 'nl',
      rounds: [],
      agreements: [],
      now: new Date('2026-03-03T08:00:00Z'),
      linkExpiresAt: new Date('2026-03-10T08:00:00Z'),
    });
    const out = dashboardHtml(webTexts(content, 'nl'), view).value;
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt; *vet* &lt;https://evil.example|klik&gt;');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<strong>vet</strong>');
    expect(out).not.toContain('href="https://evil.example"');
  });
});

describe('typed text inside neutral markup', () => {
  it('shows inert segments literally, never as emphasis or a link, and drops the markers', () => {
    const text = `Uitkomst *${inert('*Oost* <https://evil.example|Klik>')}* — <https://example.org|lees meer>`;
    const out = markup(text).value;
    expect(out).toContain('<strong>');
    expect(out).toContain('&#42;Oost&#42; &lt;https://evil.example|Klik&gt;');
    expect(out).not.toContain('href="https://evil.example"');
    expect(out).toContain('href="https://example.org"');
    expect(out).not.toMatch(/[\uE000\uE001]/);
    expect(html`${inert('<b>x</b>')}`.value).toBe('&lt;b&gt;x&lt;/b&gt;');
  });
});
