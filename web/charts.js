// The page's charts (uPlot) and small DOM helpers, shared by the live page and the report.
/* global uPlot */
(function () {
  'use strict';
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  const TRAIN = PALETTE[0];
  const VALID = PALETTE[1];
  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };
  const present = (...nodes) => nodes.filter((n) => n !== null && n !== undefined);
  const fmt = (v) => (typeof v === 'number' ? Number(v.toPrecision(6)).toString() : '—');
  // --- charts -------------------------------------------------------------------------
  const metricKeys = (rows) => {
    const keys = new Set();
    for (const row of rows) for (const k of Object.keys(row)) if (k !== 'epoch') keys.add(k);
    return [...keys];
  };
  const bases = (keys) => [...new Set(keys.map((k) => k.replace(/^val_/, '')))];
  const isLoss = (k) => /loss|error|mse|mae|hinge|divergence/i.test(k);
  const hasValues = (rows, k) => rows.some((row) => typeof row[k] === 'number');

  /** Log scale for a loss whose values are all positive and span more than a decade. */
  function wantsLog(series) {
    const vs = series.flatMap((s) => s.values).filter((v) => typeof v === 'number');
    if (!vs.length || vs.some((v) => v <= 0)) return false;
    return Math.max(...vs) / Math.min(...vs) > 10;
  }

  /** One panel: x is the epoch; the legend names every series; updated in place when its series stay the same. */
  function panel(card, holder, title, xs, series, log) {
    const signature = `${log}|${series.map((s) => `${s.label}:${s.color}:${s.dash ? 1 : 0}`).join(',')}`;
    const data = [xs, ...series.map((s) => s.values)];
    const old = card.panels.get(title);
    if (old && old.signature === signature) {
      old.plot.setData(data);
      holder.append(old.box);
      return;
    }
    if (old) old.plot.destroy();
    const box = el('div', { class: 'panel', 'data-panel': title });
    holder.append(box);
    const width = Math.max(280, Math.min(520, (holder.clientWidth || 560) / 2 - 16));
    const plot = new uPlot({
      title, width, height: 220,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [{ label: 'epoch' }, {}],
      series: [{ label: 'epoch' }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.6, dash: s.dash ? [6, 4] : undefined, spanGaps: true, points: { show: false } }))],
      legend: { show: true },
    }, data, box);
    card.panels.set(title, { plot, signature, box });
  }

  function seriesOf(rows, key, xs) {
    const byEpoch = new Map(rows.map((row) => [row.epoch, row[key]]));
    return xs.map((x) => (typeof byEpoch.get(x) === 'number' ? byEpoch.get(x) : null));
  }

  function epochsOf(runs) {
    let max = 0;
    for (const r of runs) for (const row of r.history) max = Math.max(max, row.epoch);
    return Array.from({ length: max }, (_, i) => i + 1);
  }

  function runPanels(card, holder, r) {
    const xs = epochsOf([r]);
    const keys = metricKeys(r.history);
    for (const base of bases(keys)) {
      const series = [];
      if (hasValues(r.history, base)) series.push({ label: `training ${base}`, color: TRAIN, values: seriesOf(r.history, base, xs) });
      if (hasValues(r.history, `val_${base}`)) series.push({ label: `validation ${base}`, color: VALID, dash: true, values: seriesOf(r.history, `val_${base}`, xs) });
      if (series.length) panel(card, holder, base, xs, series, isLoss(base) && wantsLog(series));
    }
  }

  function finalTable(final) {
    const keys = Object.keys(final || {}).sort();
    if (!keys.length) return null;
    return el('table', { class: 'final' }, el('tbody', {}, ...keys.map((k) => el('tr', { 'data-metric': k }, el('th', {}, k), el('td', {}, fmt(final[k]))))));
  }

  function dropStalePanels(card, holder) {
    for (const [title, p] of card.panels) if (!holder.contains(p.box)) { p.plot.destroy(); card.panels.delete(title); }
  }

  /** One panel per metric, one coloured line per point (the same colour in every panel). */
  function sweepPanels(card, holder, points, colour, view) {
    const xs = epochsOf(points);
    const keys = metricKeys(points.flatMap((p) => p.history));
    // Different losses have different scales (cosine's are negative): they get no shared axis.
    const losses = new Set((view ? view.rows : []).map((row) => row.changes['compile.loss']).filter((l) => l !== undefined));
    const shown = keys.filter((k) => !(isLoss(k) && losses.size > 1));
    // Validation curves where there are any (what a sweep is ranked on), else training ones.
    const preferred = shown.filter((k) => k.startsWith('val_') || !shown.includes(`val_${k}`));
    for (const key of preferred.sort()) {
      const series = points.filter((p) => hasValues(p.history, key)).map((p) => ({ label: p.name.slice(p.sweep.length + 1), color: colour.get(p.name), values: seriesOf(p.history, key, xs) }));
      if (series.length) panel(card, holder, key, xs, series, isLoss(key) && wantsLog(series));
    }
    if (losses.size > 1) holder.append(el('p', { class: 'note' }, 'The points use different losses, so their loss values are not drawn on one axis.'));
  }

  window.trainspecCharts = { el, present, fmt, PALETTE, runPanels, sweepPanels, finalTable, dropStalePanels };
})();
