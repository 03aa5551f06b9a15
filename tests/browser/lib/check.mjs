// The browser gates for one built site: every page opened in Chromium, checked with
// axe-core and the house rules, its requests and links verified, its width at 320 px and
// in print measured. Problems are returned as records naming the page and the rule.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pageKind } from './pages.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.0 / 2.1 level A and AA rules of axe-core (JIS X 8341-3:2016 AA). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Violations of these impacts fail; lower ones are printed as warnings. */
export const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** axe rules that the house rules (SPEC §2: landmarks, one h1, headings in order, skip
 *  link) make failures whatever impact axe gives them. axe files them under
 *  "best-practice" with a moderate impact, so the WCAG tags alone would not fail them. */
export const HOUSE_RULES = [
  'heading-order',
  'page-has-heading-one',
  'landmark-one-main',
  'landmark-no-duplicate-main',
  'landmark-unique',
  'region',
  'skip-link',
  'empty-heading',
];

export const NARROW_WIDTH = 320;
export const WIDE_WIDTH = 1280;
export const SHOT_WIDTHS = [375, 1280];
/** A4 portrait in CSS pixels (96 px per inch). */
export const A4_MM = { width: 210, height: 297 };
const PX_PER_MM = 96 / 25.4;

/** A problem: `severity` "fail" or "warn", `page` the URL, `rule` an id such as
 *  "axe:color-contrast", `message` what is wrong, `target` where (a selector or URL). */
function problem(severity, page, rule, message, target = '') {
  return { severity, page, rule, message, target };
}

/**
 * Check the pages of one served site.
 * @param {object} o
 * @param {import('playwright-core').Browser} o.browser
 * @param {string} o.site    a name for messages ("example")
 * @param {string} o.baseUrl the served root URL, ending in "/"
 * @param {string[]} o.pages site-relative page paths (from discoverPages)
 * @param {string} [o.screenshots] folder to write screenshots into
 * @param {string[]} [o.shotPages] the pages to take screenshots of
 * @returns {Promise<{problems: object[], pagesChecked: number, linksChecked: number}>}
 */
export async function checkSite({ browser, site, baseUrl, pages, screenshots, shotPages = [] }) {
  const problems = [];
  const origin = new URL(baseUrl).origin;
  const links = new Map(); // absolute URL without fragment → Set of pages linking to it
  const fragments = []; // { page, url, id }
  const idsByUrl = new Map(); // page URL → Set of ids on the page
  const shoot = new Set(screenshots ? shotPages : []);
  let printWidth = null;

  for (const rel of pages) {
    const url = new URL(rel, baseUrl).href;
    const context = await browser.newContext({ viewport: { width: WIDE_WIDTH, height: 900 } });
    const page = await context.newPage();
    const add = (severity, rule, message, target) =>
      problems.push(problem(severity, url, rule, message, target));

    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('data:') || new URL(u).origin === origin) return route.continue();
      add('fail', 'external-request', 'the page loads something from outside the site (no CDN, no external URL)', u);
      return route.abort();
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') add('fail', 'console-error', msg.text(), msg.location()?.url || '');
      else if (msg.type() === 'warning') add('warn', 'console-warning', msg.text(), msg.location()?.url || '');
    });
    page.on('pageerror', (err) => add('fail', 'page-error', String(err.message || err)));
    page.on('response', (res) => {
      if (res.status() >= 400) {
        add('fail', `http-${res.status()}`, `a request of the page was answered ${res.status()}`, res.url());
      }
    });
    page.on('requestfailed', (req) => {
      if (new URL(req.url()).origin === origin) {
        add('fail', 'request-failed', req.failure()?.errorText || 'failed', req.url());
      }
    });

    try {
      const response = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
      if (!response || response.status() !== 200) {
        add('fail', 'page-status', `the page was answered ${response ? response.status() : 'nothing'}`);
      }

      // axe-core: the WCAG A/AA rules plus the best practices; which fail is decided below.
      await page.addScriptTag({ content: AXE_SOURCE });
      const axe = await page.evaluate(
        async (tags) =>
          // eslint-disable-next-line no-undef
          await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        [...WCAG_TAGS, 'best-practice'],
      );
      for (const v of axe.violations) {
        const wcag = v.tags.some((t) => WCAG_TAGS.includes(t));
        const fails = HOUSE_RULES.includes(v.id) || (wcag && FAILING_IMPACTS.has(v.impact));
        for (const node of v.nodes) {
          const detail = node.any.concat(node.all, node.none).map((c) => c.message).filter(Boolean)[0];
          add(
            fails ? 'fail' : 'warn',
            `axe:${v.id}`,
            `${v.help} (${v.impact}${wcag ? '' : ', best practice'})${detail ? ': ' + detail : ''}`,
            node.target.join(' '),
          );
        }
      }

      // House rules axe does not have, and what the link check needs.
      const facts = await page.evaluate(() => {
        const h1 = document.querySelectorAll('h1').length;
        const lang = document.documentElement.getAttribute('lang') || '';
        const ids = [...document.querySelectorAll('[id], a[name]')].map((e) => e.id || e.getAttribute('name'));
        const refs = [];
        for (const a of document.querySelectorAll('a[href], area[href]')) refs.push({ kind: 'link', url: a.href });
        for (const l of document.querySelectorAll('link[href]')) refs.push({ kind: 'asset', url: l.href });
        for (const el of document.querySelectorAll('img[src], source[src], script[src], iframe[src]')) {
          refs.push({ kind: 'asset', url: el.src });
        }
        for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
          for (const part of el.getAttribute('srcset').split(',')) {
            const u = part.trim().split(/\s+/)[0];
            if (u) refs.push({ kind: 'asset', url: new URL(u, document.baseURI).href });
          }
        }
        return { h1, lang, ids, refs };
      });
      if (facts.h1 !== 1) add('fail', 'one-h1', `the page has ${facts.h1} h1 elements; it must have exactly one`);
      if (!/^ja(-|$)/i.test(facts.lang)) add('fail', 'lang-ja', `<html lang="${facts.lang}">: the pages are Japanese, lang must be "ja"`);
      idsByUrl.set(url, new Set(facts.ids));
      for (const ref of facts.refs) {
        let u;
        try {
          u = new URL(ref.url);
        } catch {
          add('fail', 'bad-url', 'a link or asset URL that does not parse', ref.url);
          continue;
        }
        if (u.protocol === 'javascript:') add('fail', 'javascript-url', 'a javascript: URL', ref.url);
        if (u.origin !== origin) continue; // external links are not fetched (no network here)
        const hash = u.hash;
        u.hash = '';
        if (!links.has(u.href)) links.set(u.href, new Set());
        links.get(u.href).add(url);
        if (hash.length > 1) fragments.push({ page: url, url: u.href, id: decodeURIComponent(hash.slice(1)) });
      }

      if (shoot.has(rel)) await screenshotPage(page, site, rel, screenshots);

      // Reflow: no sideways scrolling at 320 px (WCAG 1.4.10; also 1280 px at 400 %).
      await page.setViewportSize({ width: NARROW_WIDTH, height: 800 });
      const narrow = await measureOverflow(page, false);
      if (narrow.overflow) {
        add('fail', 'overflow-320', `the page scrolls sideways at ${NARROW_WIDTH} px (${narrow.scrollWidth} px wide)`, narrow.culprits.join(' | '));
      }

      // Print: laid out at the printable width of an A4 sheet, nothing may stick out or be
      // clipped (a scroll box on paper cuts its content off).
      await page.emulateMedia({ media: 'print' });
      if (printWidth === null) printWidth = await printableWidth(page);
      await page.setViewportSize({ width: printWidth.px, height: 1100 });
      const printed = await measureOverflow(page, true);
      if (printed.overflow) {
        add(
          'fail',
          'print-a4-width',
          `in print the page is ${printed.scrollWidth} px wide, the A4 printable width is ${printWidth.px} px (${printWidth.note})`,
          printed.culprits.join(' | '),
        );
      }
    } catch (e) {
      // a page that does not load or hangs: a failure of that page, the run goes on
      add('fail', 'page-load', String(e.message || e).split('\n')[0]);
    }
    await context.close();
  }

  // Links and assets, deduplicated: every same-site URL that a page links to must exist.
  const visited = new Set(pages.map((rel) => new URL(rel, baseUrl).href));
  let linksChecked = 0;
  for (const [target, from] of links) {
    linksChecked++;
    if (visited.has(target)) continue;
    let status;
    try {
      status = (await fetch(target, { method: 'GET', redirect: 'follow' })).status;
    } catch (e) {
      status = `no answer (${e.message})`;
    }
    if (status !== 200) {
      for (const page of from) {
        problems.push(problem('fail', page, 'broken-link', `links to a URL that answers ${status}`, target));
      }
    }
  }
  for (const f of fragments) {
    const ids = idsByUrl.get(f.url);
    if (ids && !ids.has(f.id)) {
      problems.push(problem('fail', f.page, 'broken-fragment', `links to #${f.id}, which is not on the target page`, f.url));
    }
  }
  return { problems, pagesChecked: pages.length, linksChecked };
}

async function screenshotPage(page, site, rel, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const name = `${site}--${pageKind(rel).replace(/\//g, '_')}--${rel.replace(/\/$/, '').replace(/[/.]/g, '_') || 'index'}`;
  for (const width of SHOT_WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}--${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: WIDE_WIDTH, height: 900 });
}

/** Whether the page is wider than the viewport, and the elements that stick out (the
 *  innermost ones, as short selectors). With `clipped`, also scroll boxes whose content is
 *  wider than the box (fine on a screen, cut off on paper). */
async function measureOverflow(page, clipped) {
  return page.evaluate((clipped) => {
    const vw = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const name = (el) => {
      const parts = [];
      for (let e = el; e && e.nodeType === 1 && parts.length < 4; e = e.parentElement) {
        let s = e.localName;
        if (e.id) {
          parts.unshift(`${s}#${e.id}`);
          break;
        }
        if (e.classList.length) s += '.' + [...e.classList].slice(0, 2).join('.');
        parts.unshift(s);
      }
      return parts.join(' > ');
    };
    const culprits = [];
    const all = [...document.body.querySelectorAll('*')];
    const out = all.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > vw + 1 && getComputedStyle(e).visibility !== 'hidden';
    });
    // innermost: no descendant that sticks out too
    for (const e of out) if (!out.some((o) => o !== e && e.contains(o))) culprits.push(`${name(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`);
    let boxes = 0;
    if (clipped) {
      for (const e of all) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || e.clientWidth < 4) continue;
        if (!['auto', 'scroll', 'hidden', 'clip'].includes(cs.overflowX)) continue;
        if (cs.position === 'absolute' && (cs.clip !== 'auto' || cs.clipPath !== 'none')) continue;
        if (e.scrollWidth > e.clientWidth + 1) {
          boxes++;
          culprits.push(`${name(e)} (content ${e.scrollWidth} px in a ${e.clientWidth} px box, overflow-x: ${cs.overflowX})`);
        }
      }
    }
    return { overflow: scrollWidth > vw + 1 || culprits.length > 0, scrollWidth, culprits: culprits.slice(0, 5), boxes };
  }, clipped);
}

/** The printable width of an A4 sheet in CSS pixels, from the theme's `@page` margins
 *  (Chromium's own default of 10 mm a side where the theme sets none). */
export async function printableWidth(page) {
  const margins = await page.evaluate(() => {
    const find = (rules) => {
      for (const r of rules) {
        if (r instanceof CSSPageRule && !r.selectorText) return { left: r.style.marginLeft, right: r.style.marginRight };
        if (r.cssRules) {
          const m = find(r.cssRules);
          if (m) return m;
        }
      }
      return null;
    };
    for (const sheet of document.styleSheets) {
      try {
        const m = find(sheet.cssRules);
        if (m) return m;
      } catch {
        /* a sheet we may not read */
      }
    }
    return null;
  });
  const mm = (v) => {
    const m = /^(-?[\d.]+)(mm|cm|in|pt|px)$/.exec((v || '').trim());
    if (!m) return null;
    const n = parseFloat(m[1]);
    return { mm: n, cm: n * 10, in: n * 25.4, pt: (n * 25.4) / 72, px: n / PX_PER_MM }[m[2]];
  };
  const left = mm(margins?.left) ?? 10;
  const right = mm(margins?.right) ?? 10;
  const widthMm = A4_MM.width - left - right;
  return {
    px: Math.floor(widthMm * PX_PER_MM),
    note: `210 mm less margins ${left} mm + ${right} mm ${margins ? 'from the theme\'s @page' : '(Chromium default)'}`,
  };
}

/** The site's own URLs in sitemap.xml and feed.xml (absolute, under the served base URL,
 *  since the suite builds with --base-url) must answer 200. */
export async function checkFeeds(folder, baseUrl) {
  const problems = [];
  let checked = 0;
  for (const file of ['sitemap.xml', 'feed.xml']) {
    const p = path.join(folder, file);
    if (!fs.existsSync(p)) continue;
    const xml = fs.readFileSync(p, 'utf8');
    const urls = new Set(
      [...xml.matchAll(/<loc>([^<]+)<\/loc>|href="([^"]+)"|<id>([^<]+)<\/id>/g)]
        .map((m) => (m[1] || m[2] || m[3]).replace(/&amp;/g, '&'))
        .filter((u) => u.startsWith(baseUrl)),
    );
    for (const u of urls) {
      checked++;
      let status;
      try {
        status = (await fetch(u)).status;
      } catch (e) {
        status = `no answer (${e.message})`;
      }
      if (status !== 200) {
        problems.push(problem('fail', new URL(file, baseUrl).href, 'broken-link', `${file} lists a URL that answers ${status}`, u));
      }
    }
  }
  return { problems, checked };
}
