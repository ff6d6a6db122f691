/** `/thermometer privacy` says what the threshold, suppression and close margin guarantee, and what no result can. */
import { describe, expect, it } from 'vitest';
import { privacyMessage } from '../../../src/app/messages/privacy.ts';
import { messageText } from '../../helpers/fake-chat.ts';
import { testContent } from '../../helpers/app.ts';

const privacy = (lang: 'nl' | 'en', k: number) =>
  messageText(privacyMessage({ content: testContent(), lang, timeZone: 'Europe/Amsterdam' }, { k, retentionMonths: 24, commentsEnabled: true }));

describe('the privacy text', () => {
  it('states the network’s threshold, when group medians appear, the early-close margin and the limit of any result', () => {
    const nl = privacy('nl', 4);
    expect(nl).toContain('pas vanaf 4 reacties');
    expect(nl).toContain('nooit minder dan 4 mensen');
    expect(nl).toContain('de middenwaarde per domein, organisatielaag of kanaal');
    expect(nl).toContain('elke combinatie van die groepen minstens 4 reacties');
    expect(nl).toContain('bij minder dan 4 of bij minstens 6 reacties');
    expect(nl).toContain('alle anderen die reageerden samenspannen');
    const en = privacy('en', 5);
    expect(en).toContain('at least 5 responses');
    expect(en).toContain('fewer than 5 or at least 7 responses');
    expect(en).toContain('everyone else who responded conspires');
  });

  it('says that backups never hold the link, and plainly what software cannot prevent', () => {
    const nl = privacy('nl', 5);
    expect(nl).toContain('nooit in de database waarvan de beheerder back-ups maakt');
    expect(nl).toContain('ook een beheerder met elke back-up ooit gemaakt niet');
    expect(nl).toContain('Wat software niet kan voorkomen');
    expect(nl).toContain('sleutelopslag kopieert terwijl een ronde loopt');
    const en = privacy('en', 5);
    expect(en).toContain('never in the database the operator backs up');
    expect(en).toContain('What software cannot prevent');
  });
});
