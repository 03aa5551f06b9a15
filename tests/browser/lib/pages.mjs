// Finding the pages of a built site, and naming their kinds.

import fs from 'node:fs';
import path from 'node:path';

/** Every HTML file under `folder` (hidden folders skipped), as site-relative URL paths:
 *  "2023/somu/index.html" → "2023/somu/", "404.html" → "404.html", "index.html" → "".
 *  Sorted, so runs are repeatable. */
export function discoverPages(folder) {
  const out = [];
  const walk = (dir, rel) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), r);
      else if (entry.name.endsWith('.html')) out.push(r);
    }
  };
  walk(folder, '');
  return out
    .map((f) => (f === 'index.html' ? '' : f.endsWith('/index.html') ? f.slice(0, -'index.html'.length) : f))
    .sort();
}

/** Every HTML file under `folder`, as absolute file paths (for the Nu HTML Checker). */
export function htmlFiles(folder) {
  return discoverPages(folder).map((p) =>
    path.join(folder, p === '' || p.endsWith('/') ? `${p}index.html` : p),
  );
}

/** The kind of a page, from its URL path: a 4-digit segment is a fiscal year, the
 *  segments below the first are ids. "" → "top", "2023/" → "fy", "2023/somu/" → "fy/x",
 *  "departments/somu/" → "departments/x", "search/" → "search", "404.html" → "404".
 *  New page kinds get a kind of their own without any change here. */
export function pageKind(rel) {
  const segs = rel.replace(/\.html$/, '').split('/').filter(Boolean);
  if (segs.length === 0) return 'top';
  return segs.map((s, i) => (/^\d{4}$/.test(s) ? 'fy' : i === 0 ? s : 'x')).join('/');
}

/** One page of each kind: the one with the largest file (the most to look at), the
 *  first in sorted order among equals. */
export function onePerKind(pages, folder) {
  const size = (p) => fs.statSync(path.join(folder, p === '' || p.endsWith('/') ? `${p}index.html` : p)).size;
  const best = new Map();
  for (const p of pages) {
    const k = pageKind(p);
    const s = size(p);
    if (!best.has(k) || s > best.get(k).s) best.set(k, { p, s });
  }
  return [...best.values()].map((b) => b.p);
}
