// The trainspec page: every experiment's status, curves, final metrics and sweep ranking.
// Live (watch --serve): a snapshot, then messages over Server-Sent Events. Report: the
// snapshot inlined as window.TRAINSPEC_SNAPSHOT. Plain browser JavaScript, no build step.
(function () {
  'use strict';
  const { el, present, fmt, PALETTE, runPanels, sweepPanels, finalTable, dropStalePanels } = window.trainspecCharts;
  const state = { runs: new Map(), sweeps: new Map(), invalid: new Map(), live: false };
  const cards = new Map(); // card key -> { el, panels: Map(title -> { plot, signature }) }
  const dirty = new Set();
  const epochLog = [];
  window.trainspecEpochLog = epochLog;

  const statusText = (r) => {
    if (r.stale) return 'invalid';
    if (r.status === 'training') return r.epochs ? `training epoch ${r.epoch}/${r.epochs}` : 'training';
    return r.status;
  };
  const statusClass = (r) => (r.stale ? 'invalid' : r.status.replace(/ /g, '-'));
  const keyOfRun = (r) => (r.sweep ? `sweep:${r.sweep}` : `run:${r.name}`);

  function load(snapshot) {
    state.runs = new Map(snapshot.runs.map((r) => [r.name, r]));
    state.sweeps = new Map(snapshot.sweeps.map((s) => [s.name, s]));
    state.invalid = new Map(snapshot.invalid.map((i) => [i.file, i]));
    state.live = snapshot.live;
    document.title = snapshot.title;
    for (const c of cards.values()) destroyCard(c);
    cards.clear();
    document.getElementById('app').textContent = '';
    renderAll();
  }

  function apply(type, m) {
    if (type === 'run') {
      state.runs.set(m.run.name, m.run);
      dirty.add(keyOfRun(m.run));
    } else if (type === 'epoch') {
      const r = state.runs.get(m.name) || { name: m.name, sweep: m.name.includes('/') ? m.name.split('/')[0] : null, status: 'training', history: [], final: null, stale: false };
      r.status = 'training';
      r.epoch = m.epoch;
      r.epochs = m.epochs;
      r.history.push(m.row);
      state.runs.set(m.name, r);
      epochLog.push({ name: m.name, epoch: m.epoch, at: Date.now() });
      if (epochLog.length > 1000) epochLog.splice(0, epochLog.length - 1000);
      dirty.add(keyOfRun(r));
    } else if (type === 'sweep') {
      state.sweeps.set(m.sweep.name, m.sweep);
      dirty.add(`sweep:${m.sweep.name}`);
    } else if (type === 'issues') {
      if (m.issues) state.invalid.set(m.file, m.issues);
      else state.invalid.delete(m.file);
      dirty.add('issues');
    }
    schedule();
  }

  let scheduled = false;
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      const keys = [...dirty];
      dirty.clear();
      for (const k of keys) renderKey(k);
    };
    // A hidden tab gets no animation frames: fall back to a timer there.
    if (document.hidden) setTimeout(run, 50);
    else requestAnimationFrame(run);
  }

  function renderAll() {
    renderKey('issues');
    const keys = new Set([...state.runs.values()].map(keyOfRun));
    for (const s of state.sweeps.keys()) keys.add(`sweep:${s}`);
    for (const k of [...keys].sort((a, b) => a.split(':')[1].localeCompare(b.split(':')[1]))) renderKey(k);
  }

  function renderKey(key) {
    if (key === 'issues') return renderIssues();
    const [kind, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    let card = cards.get(key);
    if (!card) {
      card = { el: el('section', kind === 'sweep' ? { class: 'card sweep', 'data-sweep': name } : { class: 'card', 'data-run': name }), panels: new Map() };
      cards.set(key, card);
      placeCard(key, card.el);
    }
    if (kind === 'sweep') renderSweep(card, name);
    else renderRun(card, state.runs.get(name));
  }

  function placeCard(key, node) {
    const app = document.getElementById('app');
    const name = key.slice(key.indexOf(':') + 1);
    const after = [...app.querySelectorAll(':scope > section.card')].find((c) => (c.dataset.run || c.dataset.sweep).localeCompare(name) > 0);
    app.insertBefore(node, after || null);
  }

  function renderIssues() {
    let box = document.getElementById('issues');
    if (!box) {
      box = el('section', { id: 'issues' });
      document.getElementById('app').prepend(box);
    }
    box.textContent = '';
    for (const f of [...state.invalid.values()].sort((a, b) => a.file.localeCompare(b.file))) {
      box.append(el('div', { class: 'issue-file', 'data-file': f.file },
        el('h2', {}, `${f.file}: invalid, showing the last good results`),
        ...f.texts.map((t, i) => el('pre', { class: 'issue', 'data-line': String(f.lines[i]) }, t))));
    }
  }

  function renderRun(card, r) {
    if (!r) return;
    const charts = el('div', { class: 'charts' });
    card.el.textContent = '';
    card.el.dataset.points = String(r.history.length);
    card.el.dataset.status = statusText(r);
    card.el.append(...present(
      el('h2', {}, r.name, ' ', el('span', { class: `status ${statusClass(r)}` }, statusText(r))),
      r.stale ? el('p', { class: 'note' }, 'The file is invalid now; these are the last good results.') : null,
      r.message ? el('p', { class: 'error' }, r.message) : null,
      finalTable(r.final), charts));
    runPanels(card, charts, r);
    dropStalePanels(card, charts);
  }

  // --- sweeps ---------------------------------------------------------------------------
  function sweepTable(view) {
    const metrics = [...new Set(view.rows.flatMap((row) => Object.keys(row.mean)))].sort();
    const changes = [...new Set(view.rows.flatMap((row) => Object.keys(row.changes)))].sort();
    const cell = (row, m) => {
      const s = row.std && typeof row.std[m] === 'number' ? ` ± ${fmt(row.std[m])}` : '';
      return el('td', m === view.rank_by ? { class: 'rank-by' } : {}, `${fmt(row.mean[m])}${s}`);
    };
    return el('table', { class: 'ranking' },
      el('caption', {}, `ranked by ${view.rank_by} (${view.higher_is_better ? 'higher' : 'lower'} is better)${view.rows.some((r) => r.seeds.length > 1) ? '; mean ± std over seeds' : ''}`),
      el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'point'), ...changes.map((c) => el('th', {}, c)), ...metrics.map((m) => el('th', {}, m)), el('th', {}, 'status'))),
      el('tbody', {}, ...view.rows.map((row, i) => el('tr', { 'data-group': row.group }, el('td', {}, String(i + 1)), el('td', {}, row.group),
        ...changes.map((c) => el('td', {}, row.changes[c] === undefined ? '' : String(row.changes[c]))), ...metrics.map((m) => cell(row, m)), el('td', {}, row.status)))));
  }

  function renderSweep(card, name) {
    const points = [...state.runs.values()].filter((r) => r.sweep === name).sort((a, b) => a.name.localeCompare(b.name));
    const view = state.sweeps.get(name);
    const charts = el('div', { class: 'charts' });
    card.el.textContent = '';
    card.el.dataset.points = String(points.reduce((n, p) => n + p.history.length, 0));
    const colour = new Map(points.map((p, i) => [p.name, PALETTE[i % PALETTE.length]]));
    card.el.append(...present(
      el('h2', {}, name, ' ', el('span', { class: 'kind' }, `sweep of ${points.length} runs`)),
      view ? sweepTable(view) : null,
      el('ul', { class: 'points' }, ...points.map((p) => el('li', { 'data-run': p.name, 'data-points': String(p.history.length) },
        el('span', { class: 'swatch', style: `background:${colour.get(p.name)}` }), ` ${p.name.slice(name.length + 1)} `,
        el('span', { class: `status ${statusClass(p)}` }, statusText(p))))),
      charts));
    sweepPanels(card, charts, points, colour, view);
    dropStalePanels(card, charts);
  }

  // --- connection -------------------------------------------------------------------------
  function connect() {
    const status = document.getElementById('connection');
    const source = new EventSource('/events');
    source.addEventListener('open', () => { status.textContent = 'live'; status.className = 'live'; });
    source.addEventListener('error', () => { status.textContent = 'disconnected, retrying…'; status.className = 'down'; });
    source.addEventListener('snapshot', (e) => load(JSON.parse(e.data)));
    for (const type of ['run', 'epoch', 'sweep', 'issues']) source.addEventListener(type, (e) => apply(type, JSON.parse(e.data)));
  }

  if (window.TRAINSPEC_SNAPSHOT) {
    document.getElementById('connection').textContent = 'report';
    load(window.TRAINSPEC_SNAPSHOT);
  } else {
    connect();
  }
})();
