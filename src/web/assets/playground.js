/*
 * The playground in the browser: shows the simulated channel as the bot's real Teams
 * cards (Microsoft's Adaptive Cards renderer, markdown by markdown-it with HTML off),
 * sends every click as the chosen member to /playground/api, and shows what only that
 * member sees next to the channel. No state lives here: after each step the page asks
 * the server what the channel looks like now.
 */
(function () {
  'use strict';

  const root = document.getElementById('playground');
  if (!root || !window.AdaptiveCards || !window.markdownit) return;

  const api = root.dataset.api;
  const lang = root.dataset.lang;
  const memberSelect = document.getElementById('member');
  const feed = document.getElementById('feed');
  const privateBox = document.getElementById('private');
  const inbox = document.getElementById('inbox');
  const privateTitle = document.getElementById('private-title');
  const status = document.getElementById('status');
  const clock = document.getElementById('clock');

  const md = window.markdownit({ html: false, linkify: false, typographer: false });
  window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = md.render(text);
    result.didProcess = true;
  };
  const hostConfig = new window.AdaptiveCards.HostConfig({
    fontFamily: "'DejaVu Sans', 'Segoe UI', system-ui, sans-serif",
    supportsInteractivity: true,
    actions: { actionsOrientation: 'horizontal', actionAlignment: 'left', buttonSpacing: 8, maxActions: 10, spacing: 'default', showCard: { actionMode: 'inline' } },
  });

  let shownVersion = -1;
  let shownMember = '';
  let busy = false;

  const member = () => memberSelect.value;
  const memberName = () => memberSelect.options[memberSelect.selectedIndex].text;

  function say(text) {
    status.textContent = text;
  }

  function renderCard(json) {
    const card = new window.AdaptiveCards.AdaptiveCard();
    card.hostConfig = hostConfig;
    card.onExecuteAction = function (action) {
      // Only Action.Execute goes to the bot; a toggle (folded comments, a form's hidden
      // field) is the card's own business and is done by the renderer.
      if (!action.verb) return;
      void act(action.verb, action.data || {});
    };
    card.parse(json);
    return card.render();
  }

  function article(post, label) {
    const item = document.createElement('article');
    item.className = 'post';
    item.dataset.postId = post.id;
    const head = document.createElement('p');
    head.className = 'post-head';
    const who = document.createElement('strong');
    who.textContent = root.dataset.bot;
    const when = document.createElement('span');
    when.textContent = ' · ' + root.dataset.posted.replace('{time}', post.postedAt);
    head.append(who, when);
    item.setAttribute('aria-label', label + ' ' + post.postedAt);
    const rendered = renderCard(post.card);
    item.append(head);
    if (rendered) item.append(rendered);
    return item;
  }

  /** Re-rendering replaces the buttons; keyboard focus goes back to the same one. */
  function focusPath() {
    const active = document.activeElement;
    const post = active && active.closest ? active.closest('[data-post-id]') : null;
    if (!post) return null;
    const buttons = Array.from(post.querySelectorAll('button'));
    return { id: post.dataset.postId, index: buttons.indexOf(active) };
  }

  function restoreFocus(path) {
    if (!path) return;
    const post = feed.querySelector('[data-post-id="' + CSS.escape(path.id) + '"]');
    const button = post ? post.querySelectorAll('button')[path.index] : null;
    if (button) button.focus();
  }

  async function refresh(force) {
    const response = await fetch(api + '/state?lang=' + encodeURIComponent(lang) + '&member=' + encodeURIComponent(member()), { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error('state ' + response.status);
    const state = await response.json();
    clock.textContent = state.now;
    if (!force && state.version === shownVersion && member() === shownMember) return;
    const path = focusPath();
    const grew = state.posts.length > feed.children.length;
    feed.replaceChildren.apply(feed, state.posts.map(function (post) { return article(post, root.dataset.bot); }));
    inbox.replaceChildren.apply(inbox, state.inbox.map(function (post) { return article(post, root.dataset.bot); }));
    shownVersion = state.version;
    shownMember = member();
    restoreFocus(path);
    if (grew && feed.lastElementChild) feed.lastElementChild.scrollIntoView({ block: 'nearest' });
  }

  function showPrivate(reply) {
    privateBox.replaceChildren();
    if (reply && reply.card) {
      const rendered = renderCard(reply.card);
      if (rendered) privateBox.append(rendered);
      say(reply.card.fallbackText || '');
    }
  }

  async function send(path, body) {
    const response = await fetch(api + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(Object.assign({ lang: lang }, body)),
    });
    if (!response.ok) throw new Error(path + ' ' + response.status);
    return response.json();
  }

  async function step(work) {
    if (busy) return;
    busy = true;
    root.setAttribute('aria-busy', 'true');
    try {
      showPrivate(await work());
      await refresh(false);
    } catch (error) {
      say(root.dataset.failed);
      console.error(error);
    } finally {
      busy = false;
      root.removeAttribute('aria-busy');
    }
  }

  function act(verb, data) {
    return step(function () { return send('/action', { member: Number(member()), verb: verb, data: data }); });
  }

  memberSelect.addEventListener('change', function () {
    privateTitle.textContent = root.dataset.privateTitle.replace('{member}', memberName());
    privateBox.replaceChildren();
    say('');
    void refresh(true).catch(function () { say(root.dataset.failed); });
  });
  document.getElementById('close-round').addEventListener('click', function () {
    void step(function () { return send('/close', {}); });
  });
  document.getElementById('next-month').addEventListener('click', function () {
    void step(function () { return send('/next-month', {}); });
  });
  document.getElementById('reset').addEventListener('click', function () {
    void step(function () { return send('/reset', {}); }).then(function () { return refresh(true); });
  });

  void refresh(true).catch(function () { say(root.dataset.failed); });
})();
