import type { IActionSet, IAdaptiveCard, IChoiceSetInput, IExecuteAction } from '@microsoft/teams.cards';
import { describe, expect, it } from 'vitest';
import {
  attachmentUrls,
  cardResponse,
  DATA_KEYS,
  PEOPLE_DATASET,
  readSubmission,
  renderForm as renderFormUnchecked,
  renderMessage as renderMessageUnchecked,
  SUBMIT_VERB,
  toCardMarkdown,
} from '../../../src/adapters/teams/adaptive-card.ts';
import type { ChatMessage, Form } from '../../../src/core/message.ts';
import type { Downloads } from '../../../src/http/downloads.ts';
import { assertValidCard } from '../../fixtures/teams/card-validator.ts';

// Every card this file renders is also parsed by Microsoft's Adaptive Cards library.
const renderMessage = (...args: Parameters<typeof renderMessageUnchecked>): IAdaptiveCard => {
  const card = renderMessageUnchecked(...args);
  assertValidCard(card, 'rendered message');
  return card;
};
const renderForm = (...args: Parameters<typeof renderFormUnchecked>): IAdaptiveCard => {
  const card = renderFormUnchecked(...args);
  assertValidCard(card, 'rendered form');
  return card;
};

const noFiles = { attachmentUrl: () => 'https://unused.example' };

function roundMessage(roundId = 'r-7f3a'): ChatMessage {
  return {
    text: 'Reflectiemoment — Netwerk Kansrijk Opgroeien',
    blocks: [
      { kind: 'heading', text: 'Reflectiemoment — Netwerk Kansrijk Opgroeien' },
      { kind: 'paragraph', text: 'Hoe staat het met onze samenwerking? *Eén klik*, anoniem.' },
      {
        kind: 'actions',
        buttons: [1, 2, 3, 4].map((level) => ({ actionId: 'answer' as const, label: `L${level}`, value: `${roundId}:${level}` })),
      },
      { kind: 'actions', buttons: [{ actionId: 'more_questions', label: 'Meer vragen', value: roundId }] },
      { kind: 'divider' },
      { kind: 'context', text: '7 reacties · open tot dinsdag 14 mei 09:00' },
    ],
  };
}

function actionSets(card: IAdaptiveCard): IActionSet[] {
  return card.body.filter((e): e is IActionSet => e.type === 'ActionSet');
}

const setupForm: Form = {
  id: 'setup',
  title: 'Netwerk instellen',
  submitLabel: 'Opslaan',
  context: 'net-1',
  intro: 'Kies wat een ronde vraagt.',
  requiredMessage: 'Vul dit veld in.',
  fields: [
    { kind: 'text', id: 'name', label: 'Naam', initial: 'Kansrijk', maxLength: 80 },
    { kind: 'number', id: 'k', label: 'Drempel', initial: 5, min: 3, max: 20, hint: 'Minstens 3' },
    { kind: 'select', id: 'language', label: 'Taal', options: [{ value: 'nl', label: 'Nederlands' }, { value: 'en', label: 'English' }], initial: 'nl' },
    { kind: 'toggle', id: 'commentsEnabled', label: 'Opmerkingen toestaan', initial: true },
    { kind: 'users', id: 'coordinators', label: 'Coördinatoren', initial: ['aad-1', 'aad-2'] },
    { kind: 'text', id: 'comment', label: 'Opmerking', multiline: true, optional: true },
  ],
};

describe('renderMessage', () => {
  it('puts exactly the four level buttons, in order, in the first action set', () => {
    const card = renderMessage(roundMessage(), noFiles);
    expect(card.version).toBe('1.5');
    const [first, second] = actionSets(card);
    const actions = first!.actions as IExecuteAction[];
    expect(actions.map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute', 'Action.Execute', 'Action.Execute']);
    expect(actions.map((a) => a.verb)).toEqual(['answer', 'answer', 'answer', 'answer']);
    expect(actions.map((a) => (a.data as { value: string }).value)).toEqual(['r-7f3a:1', 'r-7f3a:2', 'r-7f3a:3', 'r-7f3a:4']);
    expect((second!.actions[0] as IExecuteAction).verb).toBe('more_questions');
  });

  it('keeps block order, turns a divider into a separator and uses the plain text as fallback', () => {
    const card = renderMessage(roundMessage(), noFiles);
    expect(card.body.map((e) => e.type)).toEqual(['TextBlock', 'TextBlock', 'ActionSet', 'ActionSet', 'TextBlock']);
    expect(card.body[4]).toMatchObject({ separator: true, isSubtle: true, text: '7 reacties · open tot dinsdag 14 mei 09:00' });
    expect(card.body[1]).toMatchObject({ text: 'Hoe staat het met onze samenwerking? **Eén klik**, anoniem.', wrap: true });
    expect(card.fallbackText).toBe('Reflectiemoment — Netwerk Kansrijk Opgroeien');
  });

  it('merges the action context into every button and maps styles', () => {
    const message: ChatMessage = {
      text: 'x',
      blocks: [{ kind: 'actions', buttons: [{ actionId: 'post_summary', label: 'Deel', value: 'net-1', style: 'primary' }, { actionId: 'erase_confirm', label: 'Wis', value: 'net-1', style: 'danger' }] }],
    };
    const [set] = actionSets(renderMessage(message, { ...noFiles, actionContext: { [DATA_KEYS.channel]: '19:abc@thread.tacv2' } }));
    expect(set!.actions).toEqual([
      { type: 'Action.Execute', title: 'Deel', verb: 'post_summary', style: 'positive', data: { _channel: '19:abc@thread.tacv2', value: 'net-1' } },
      { type: 'Action.Execute', title: 'Wis', verb: 'erase_confirm', style: 'destructive', data: { _channel: '19:abc@thread.tacv2', value: 'net-1' } },
    ]);
  });

  it('renders facts as a FactSet with Markdown in titles and values', () => {
    const card = renderMessage({ text: 'r', blocks: [{ kind: 'facts', facts: [{ label: '*Waakzaam*', value: '3' }] }] }, noFiles);
    expect(card.body).toEqual([{ type: 'FactSet', facts: [{ title: '**Waakzaam**', value: '3' }] }]);
  });

  it('shows images through the attachment policy and offers other files as links', () => {
    const png = { id: 'chart', filename: 'trend.png', mimeType: 'image/png' as const, data: new Uint8Array([1, 2, 3]), alt: 'Trend' };
    const csv = { id: 'csv', filename: 'export.csv', mimeType: 'text/csv' as const, data: new Uint8Array([65]), alt: 'CSV' };
    const card = renderMessage(
      { text: 't', blocks: [{ kind: 'image', imageId: 'chart', alt: 'Trend van de temperatuur' }], attachments: [png, csv] },
      { attachmentUrl: (a) => `https://files.example/${a.filename}` },
    );
    expect(card.body).toEqual([
      { type: 'Image', url: 'https://files.example/trend.png', altText: 'Trend van de temperatuur', size: 'Stretch', allowExpand: true },
      { type: 'TextBlock', text: '[export.csv](https://files.example/export.csv)', wrap: true },
    ]);
  });

  it('drops an image block whose attachment is missing', () => {
    const card = renderMessage({ text: 'alleen tekst', blocks: [{ kind: 'image', imageId: 'gone', alt: 'x' }] }, noFiles);
    expect(card.body).toEqual([{ type: 'TextBlock', text: 'alleen tekst', wrap: true }]);
  });

  it('wraps a card as an invoke response for the clicker only', () => {
    const card = renderMessage(roundMessage(), noFiles);
    expect(cardResponse(card)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
  });
});

describe('attachmentUrls', () => {
  const puts: { mimeType: string; filename: string; ttlMs: number; size: number }[] = [];
  const downloads: Downloads = {
    put: (data, mimeType, filename, ttlMs) => {
      puts.push({ mimeType, filename, ttlMs, size: data.length });
      return `https://bot.example/downloads/t${puts.length}`;
    },
    mount: () => undefined,
  };

  it('inlines small images as data URIs and links large ones and files', () => {
    const url = attachmentUrls(downloads, 8);
    const small = url({ id: 'a', filename: 'a.png', mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]), alt: '' });
    expect(small).toBe('data:image/png;base64,iVBORw==');
    expect(puts).toEqual([]);
    expect(url({ id: 'b', filename: 'b.png', mimeType: 'image/png', data: new Uint8Array(9), alt: '' })).toBe('https://bot.example/downloads/t1');
    expect(url({ id: 'c', filename: 'c.csv', mimeType: 'text/csv', data: new Uint8Array(2), alt: '' })).toBe('https://bot.example/downloads/t2');
    expect(puts[0]).toMatchObject({ mimeType: 'image/png', size: 9 });
    // Exports are short-lived; images outlive them so results cards keep their chart.
    expect(puts[1]!.ttlMs).toBeLessThanOrEqual(60 * 60_000);
    expect(puts[0]!.ttlMs).toBeGreaterThan(puts[1]!.ttlMs);
  });
});

describe('toCardMarkdown', () => {
  it('translates bold and links, leaves italics and lone asterisks alone', () => {
    expect(toCardMarkdown('*vet* en _schuin_')).toBe('**vet** en _schuin_');
    expect(toCardMarkdown('3 * 4 = 12, a*b')).toBe('3 * 4 = 12, a*b');
    expect(toCardMarkdown('zie <https://example.org/x|de bron> of <https://example.org>')).toBe(
      'zie [de bron](https://example.org/x) of [https://example.org](https://example.org)',
    );
  });

  it('makes lines paragraphs but keeps list items together', () => {
    expect(toCardMarkdown('Eerste\nTweede')).toBe('Eerste\n\nTweede');
    expect(toCardMarkdown('Suggesties\n1. Praat\n2. Luister\nKlaar')).toBe('Suggesties\n\n1. Praat\r2. Luister\n\nKlaar');
  });
});

describe('renderForm', () => {
  const card = renderForm(setupForm, { names: new Map([['aad-1', 'Fatima Yilmaz']]) });

  it('maps every field kind to its Adaptive Card input', () => {
    const inputs = card.body.filter((e) => e.type.startsWith('Input.'));
    expect(inputs).toEqual([
      { type: 'Input.Text', id: 'name', label: 'Naam', isRequired: true, value: 'Kansrijk', maxLength: 80, errorMessage: 'Vul dit veld in.' },
      { type: 'Input.Number', id: 'k', label: 'Drempel', value: 5, min: 3, max: 20, isRequired: true, errorMessage: 'Vul dit veld in.' },
      {
        type: 'Input.ChoiceSet',
        id: 'language',
        label: 'Taal',
        style: 'compact',
        isRequired: true,
        choices: [{ title: 'Nederlands', value: 'nl' }, { title: 'English', value: 'en' }],
        value: 'nl',
        errorMessage: 'Vul dit veld in.',
      },
      { type: 'Input.Toggle', id: 'commentsEnabled', title: 'Opmerkingen toestaan', value: 'true', valueOn: 'true', valueOff: 'false', wrap: true },
      expect.objectContaining({ type: 'Input.ChoiceSet', id: 'coordinators', isMultiSelect: true }),
      { type: 'Input.Text', id: 'comment', label: 'Opmerking', isRequired: false, isMultiline: true },
    ]);
  });

  it('uses the Teams people picker for people, prefilled with names where known', () => {
    const picker = card.body.find((e) => e.type === 'Input.ChoiceSet' && e.id === 'coordinators') as IChoiceSetInput;
    expect(picker['choices.data']).toEqual({ type: 'Data.Query', dataset: PEOPLE_DATASET });
    expect(picker.choices).toEqual([{ title: 'Fatima Yilmaz', value: 'aad-1' }, { title: 'aad-2', value: 'aad-2' }]);
    expect(picker.value).toBe('aad-1,aad-2');
  });

  it('ends with one Action.Execute submit that carries the form id, context and field kinds', () => {
    const last = card.body[card.body.length - 1] as IActionSet;
    expect(last.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Opslaan',
        verb: SUBMIT_VERB,
        style: 'positive',
        data: {
          _form: 'setup',
          _context: 'net-1',
          _fields: { name: 'text', k: 'number', language: 'select', commentsEnabled: 'toggle', coordinators: 'users', comment: 'text' },
        },
      },
    ]);
  });

  it('round-trips: the values Teams sends back read as typed form values', () => {
    const submit = (card.body[card.body.length - 1] as IActionSet).actions[0] as IExecuteAction;
    // Teams merges the inputs, all as strings, into the action's data.
    const data = { ...(submit.data as object), name: ' Kansrijk Opgroeien ', k: '7', language: 'en', commentsEnabled: 'false', coordinators: 'aad-1, aad-3', comment: '' };
    expect(readSubmission(data)).toEqual({
      form: 'setup',
      context: 'net-1',
      values: { name: ' Kansrijk Opgroeien ', k: 7, language: 'en', commentsEnabled: false, coordinators: ['aad-1', 'aad-3'], comment: undefined },
    });
  });
});

describe('readSubmission', () => {
  const base = { _form: 'answer', _context: 'r-1', _fields: { level: 'select', ambition: 'select', comment: 'text', k: 'number', ok: 'toggle' } };

  it('passes unparsable numbers through as text, so validation can name them', () => {
    expect(readSubmission({ ...base, k: 'veel' })?.values.k).toBe('veel');
  });

  it('ignores data that is not one of our forms', () => {
    expect(readSubmission({ value: 'r-1:2' })).toBeUndefined();
    expect(readSubmission({ ...base, _form: 'drop-tables' })).toBeUndefined();
    expect(readSubmission({ ...base, _context: 42 })).toBeUndefined();
    expect(readSubmission({ ...base, _fields: ['level'] })).toBeUndefined();
  });

  it('reads only declared fields, never the bot keys, and caps sizes', () => {
    const read = readSubmission({ ...base, _fields: { ...base._fields, _form: 'text', value: 'text' }, comment: 'x'.repeat(20_000), extra: 'nope' });
    expect(Object.keys(read!.values).sort()).toEqual(['ambition', 'comment', 'k', 'level', 'ok']);
    expect((read!.values.comment as string).length).toBe(5000);
    expect(read!.values.ok).toBe(false);
  });
});

describe('structure for Teams screens', () => {
  it('makes the title Large, sections Medium and bold, lists one TextBlock per item, and stacked choices one action set each', () => {
    const card = renderMessage(
      {
        text: 't',
        blocks: [
          { kind: 'heading', text: 'Titel' },
          { kind: 'subheading', text: 'Stellingen' },
          { kind: 'list', items: ['Eén', 'Twee *vet*'] },
          { kind: 'actions', buttons: [1, 2].map((l) => ({ actionId: 'answer' as const, label: `L${l}`, value: `r:${l}` })), stacked: true },
        ],
      },
      noFiles,
    );
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Titel', size: 'Large', weight: 'Bolder' });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: 'Stellingen', size: 'Medium', weight: 'Bolder' });
    expect(card.body[2]).toEqual({
      type: 'Container',
      spacing: 'Small',
      items: [
        { type: 'TextBlock', text: '•\u00a0Eén', wrap: true, spacing: 'None' },
        { type: 'TextBlock', text: '•\u00a0Twee **vet**', wrap: true, spacing: 'None' },
      ],
    });
    expect(actionSets(card).map((s) => s.actions.map((a) => (a as IExecuteAction).data))).toEqual([[{ value: 'r:1' }], [{ value: 'r:2' }]]);
  });

  it('folds a list behind a toggle button, numbers entries beside their text, and lays a tally out as rows', () => {
    const card = renderMessage(
      {
        text: 't',
        blocks: [
          { kind: 'entry', marker: '1.', title: 'Praat', body: 'Omdat het kan.', note: 'Bron: x' },
          { kind: 'tally', rows: [{ label: '🟢 Goed', value: '2 (50%)' }] },
          { kind: 'list', items: ['“a”'], fold: 'Toon de opmerking' },
          { kind: 'list', items: ['“b”'], fold: 'Toon de opmerking' },
        ],
      },
      noFiles,
    );
    const [entry, tally, toggle, folded] = card.body as unknown as Record<string, unknown>[];
    expect(JSON.stringify(entry)).toContain('"text":"1\\\\."');
    expect(JSON.stringify(entry)).toContain('"text":"Omdat het kan."');
    expect(JSON.stringify(tally)).toContain('"text":"2 (50%)"');
    expect(toggle).toEqual({ type: 'ActionSet', actions: [{ type: 'Action.ToggleVisibility', title: 'Toon de opmerking', targetElements: ['fold-1'] }] });
    expect(folded).toMatchObject({ type: 'Container', id: 'fold-1', isVisible: false });
    expect((folded!.items as unknown[]).length).toBe(2);
    expect(card.body).toHaveLength(4);
  });

  it('shows a short scale expanded, a placeholder in a dropdown, and folds a dependent field unless its choice is made', () => {
    const form: Form = {
      id: 'setup',
      title: 'Instellen',
      submitLabel: 'Opslaan',
      context: 'c',
      requiredMessage: 'Vul dit veld in.',
      fields: [
        { kind: 'select', id: 'schedule', label: 'Hoe vaak?', options: [{ value: 'monthly', label: 'Maandelijks' }, { value: 'custom', label: 'Eigen' }], initial: 'monthly', expanded: true },
        { kind: 'text', id: 'cron', label: 'Cron', optional: true },
        { kind: 'select', id: 's.x', label: 'Stelling', options: [{ value: '1', label: '1' }], optional: true, placeholder: 'Kies 1 tot 5' },
      ],
      dependents: [{ field: 'cron', on: 'schedule', value: 'custom', revealLabel: 'Eigen planning invullen' }],
    };
    const card = renderForm(form);
    expect(card.body[1]).toMatchObject({ type: 'Input.ChoiceSet', id: 'schedule', style: 'expanded' });
    expect(card.body[2]).toEqual({ type: 'ActionSet', spacing: 'Small', actions: [{ type: 'Action.ToggleVisibility', title: 'Eigen planning invullen', targetElements: ['reveal-cron'] }] });
    expect(card.body[3]).toMatchObject({ type: 'Container', id: 'reveal-cron', isVisible: false, items: [{ type: 'Input.Text', id: 'cron' }] });
    expect(card.body[4]).toMatchObject({ type: 'Input.ChoiceSet', id: 's.x', style: 'compact', placeholder: 'Kies 1 tot 5' });
    const chosen = renderForm({ ...form, fields: form.fields.map((f) => (f.id === 'schedule' && f.kind === 'select' ? { ...f, initial: 'custom' } : f)) });
    expect(chosen.body[2]).toMatchObject({ type: 'Input.Text', id: 'cron' });
  });
});
