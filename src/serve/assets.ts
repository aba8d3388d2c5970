/**
 * The page's files, all from the package (no CDN, works offline): the page script and
 * style from web/, uPlot's from its npm package. The live page links them; the report
 * inlines them. They are read once and kept.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from './model.js';

export interface Asset {
  type: string;
  body: string;
}

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const require = createRequire(import.meta.url);

const SOURCES: Record<string, { file: () => string; type: string }> = {
  'charts.js': { file: () => `${WEB}charts.js`, type: 'text/javascript; charset=utf-8' },
  'app.js': { file: () => `${WEB}app.js`, type: 'text/javascript; charset=utf-8' },
  'app.css': { file: () => `${WEB}app.css`, type: 'text/css; charset=utf-8' },
  'uplot.js': { file: () => require.resolve('uplot/dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uplot.css': { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Asset>();

/** A page asset by its name under /assets/, or null for any other name. */
export function asset(name: string): Asset | null {
  const src = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!src) return null;
  let a = cache.get(name);
  if (!a) {
    a = { type: src.type, body: readFileSync(src.file(), 'utf8') };
    cache.set(name, a);
  }
  return a;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script> element: no "</script>" or "<!--" can end it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
/** Script text inlined in the report: a "</script" inside it would end the element. */
const scriptText = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1');

function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><span id="connection"></span></header>
<main id="app"></main>
${body}
</body>
</html>
`;
}

/** The live page: its scripts and styles are served beside it; the data comes over /events. */
export function livePage(title: string): string {
  return page(title,
    '<link rel="stylesheet" href="/assets/uplot.css">\n<link rel="stylesheet" href="/assets/app.css">',
    '<script src="/assets/uplot.js"></script>\n<script src="/assets/charts.js"></script>\n<script src="/assets/app.js"></script>');
}

/** The report: one self-contained file, every script, style and result inlined. */
export function reportPage(snapshot: Snapshot): string {
  return page(snapshot.title,
    `<style>\n${asset('uplot.css')!.body}\n${asset('app.css')!.body}\n</style>`,
    `<script>window.TRAINSPEC_SNAPSHOT = ${scriptJson(snapshot)};</script>\n<script>\n${scriptText(asset('uplot.js')!.body)}\n</script>\n<script>\n${scriptText(asset('charts.js')!.body)}\n</script>\n<script>\n${scriptText(asset('app.js')!.body)}\n</script>`);
}
