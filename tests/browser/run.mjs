#!/usr/bin/env node
// The browser quality gates (issue 10). Usually started by ./run.sh, which builds the
// binary and installs the npm packages first.
//
//   node tests/browser/run.mjs [--bin PATH] [--site NAME]... [--no-selftest] [--no-vnu]
//
// 1. Builds the example site (repository root), the fixture site (tests/browser/fixture/) and
//    the open-data fixture (tests/fixtures/open-data/, whose goals search.mjs looks for),
//    without drafts, each served by a tiny static server on 127.0.0.1 under /manifesto/
//    (a subfolder, as on a city website) and built with that --base-url.
// 2. Finds every HTML page by walking each output folder (new page kinds are covered as
//    soon as the generator writes them) and opens each in Debian's Chromium
//    (playwright-core): axe-core WCAG 2.0/2.1 A+AA (serious/critical fail, the rest warn)
//    plus the house rules (one h1, headings in order, landmarks, skip link, lang="ja"),
//    console errors, page errors, requests answered >= 400, requests leaving the site,
//    every same-site <a href>/asset URL requested once (404 = broken link), #fragments,
//    sideways scrolling at 320 px, and the width in print at the A4 printable width.
// 3. The Nu HTML Checker (vnu.jar) over every HTML file of both sites, in one Java run.
// 4. A department page printed to PDF: A4 pages.
// 5. The self-test: the fixture site with a broken theme override must fail on each defect.
// 6. Extra scripts: tests/browser/*.test.mjs (and search.mjs), each run as
//    `node SCRIPT <built folder>` per site with MANIFESTO_SITE_URL (the served root URL),
//    MANIFESTO_SITE_NAME and CHROMIUM_PATH in the environment; a non-zero exit fails.
//
// Environment: SCREENSHOTS=DIR writes 375/1280 px screenshots of the largest page of each
// kind per site and the printed PDF into DIR. CHROMIUM_PATH (default /usr/bin/chromium).
// KEEP=DIR builds into DIR instead of a temporary folder (and keeps it).
// SUITE_TIMEOUT_MIN (default 30) stops a hung run.
//
// Exit 0 when every gate passes, 1 when any fails, 2 when the suite itself cannot run.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './lib/server.mjs';
import { discoverPages, htmlFiles, pageKind, onePerKind } from './lib/pages.mjs';
import { checkSite, checkFeeds } from './lib/check.mjs';
import { validate } from './lib/vnu.mjs';
import { printA4 } from './lib/pdf.mjs';
import { makeBrokenSite, verdict, DEFECTS } from './lib/selftest.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const MOUNT = '/manifesto/';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];
// Scripts that expect one site's content (search.mjs: the open-data fixture's goals), run
// like *.test.mjs when present but only on the sites named here.
const EXTRA_SCRIPTS = { 'search.mjs': ['open-data'] };

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = { bin: process.env.MANIFESTO_BIN, sites: [], selftest: true, vnu: true };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--bin') opt.bin = argv[++i];
  else if (a === '--site') opt.sites.push(argv[++i]);
  else if (a === '--no-selftest') opt.selftest = false;
  else if (a === '--no-vnu') opt.vnu = false;
  else if (a === '-h' || a === '--help') {
    console.log(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 30).join('\n'));
    process.exit(0);
  } else usage(`unknown argument ${a}`);
}
function usage(msg) {
  console.error(`run.mjs: ${msg}`);
  process.exit(2);
}
const targetDir = process.env.CARGO_TARGET_DIR || path.join(REPO, 'target');
opt.bin ||= path.join(targetDir, 'debug', 'manifesto');
if (!fs.existsSync(opt.bin)) usage(`no manifesto binary at ${opt.bin}: run \`cargo build\` or pass --bin`);
if (!fs.existsSync(CHROMIUM)) usage(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);

const SITES = [
  { name: 'example', root: REPO },
  { name: 'fixture', root: path.join(HERE, 'fixture') },
  { name: 'open-data', root: path.join(REPO, 'tests', 'fixtures', 'open-data') },
].filter((s) => opt.sites.length === 0 || opt.sites.includes(s.name));

const started = Date.now();
// A hung browser must not eat CI's 90 minutes: give up after SUITE_TIMEOUT_MIN (30).
const limitMin = Number(process.env.SUITE_TIMEOUT_MIN || 30);
setTimeout(() => {
  console.error(`run.mjs: the suite ran longer than ${limitMin} minutes; stopped`);
  process.exit(2);
}, limitMin * 60 * 1000).unref();
const work = process.env.KEEP ? path.resolve(process.env.KEEP) : fs.mkdtempSync(path.join(os.tmpdir(), 'manifesto-browser-'));
fs.mkdirSync(work, { recursive: true });
const shots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : null;
if (shots) fs.mkdirSync(shots, { recursive: true });

const results = []; // { name, ok } — one per gate and page, for the closing count
const problems = [];
const record = (name, found) => {
  const fails = found.filter((p) => p.severity === 'fail');
  results.push({ name, ok: fails.length === 0 });
  problems.push(...found);
};
const secs = () => ((Date.now() - started) / 1000).toFixed(1);

/** Build a site into `out`, served at `baseUrl`. */
function build(root, out, baseUrl) {
  fs.rmSync(out, { recursive: true, force: true });
  const r = spawnSync(opt.bin, ['build', '--root', root, '-o', out, '--base-url', baseUrl], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout + r.stderr);
    throw new Error(`manifesto build --root ${root} failed (exit ${r.status})`);
  }
  return (r.stdout + r.stderr).trim().split('\n').pop();
}

/** Start a server and build `root` for it. */
async function buildAndServe(name, root) {
  const out = path.join(work, name);
  const server = await serve(out, MOUNT);
  const summary = build(root, out, server.url);
  const pages = discoverPages(out);
  console.log(`== ${name}: ${summary}`);
  console.log(`   ${pages.length} pages served at ${server.url}: ${[...new Set(pages.map(pageKind))].join(', ')}`);
  return { name, root, out, server, pages };
}

/** A page URL as "<site>:/<path>" ("example:/2023/somu/"): the site's URLs as the spec
 *  writes them, without the test server's port. */
function label(url) {
  for (const b of [...built, ...(broken ? [broken] : [])]) {
    if (url.startsWith(b.server.url)) return `${b.name}:/${url.slice(b.server.url.length)}`;
  }
  return url;
}

/** Failures one by one (page, rule, message, where); warnings grouped by rule and message
 *  with a count and the first place, so that a repeated warning takes one line. */
function printProblems(list, { limit = Infinity } = {}) {
  const fails = list.filter((p) => p.severity === 'fail');
  for (const p of fails.slice(0, limit)) {
    console.log(`FAIL ${label(p.page)} [${p.rule}] ${p.message}${p.target ? `\n       at ${label(p.target)}` : ''}`);
  }
  if (fails.length > limit) console.log(`     … and ${fails.length - limit} more failures (listed above)`);
  const groups = new Map();
  for (const p of list.filter((x) => x.severity === 'warn')) {
    const key = `[${p.rule}] ${p.message}`;
    if (!groups.has(key)) groups.set(key, { first: p, count: 0 });
    groups.get(key).count++;
  }
  for (const [key, g] of groups) {
    console.log(`warn ${key} (${g.count}×; first: ${label(g.first.page)}${g.first.target ? ` at ${label(g.first.target)}` : ''})`);
  }
}

let browser;
let broken = null;
const built = [];
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  for (const s of SITES) built.push(await buildAndServe(s.name, s.root));

  // ------------------------------------------------------------ pages in the browser
  for (const b of built) {
    const t = Date.now();
    const r = await checkSite({
      browser,
      site: b.name,
      baseUrl: b.server.url,
      pages: b.pages,
      screenshots: shots,
      shotPages: onePerKind(b.pages, b.out),
    });
    for (const rel of b.pages) {
      const url = new URL(rel, b.server.url).href;
      record(`${b.name} ${rel || '/'}`, r.problems.filter((p) => p.page === url));
    }
    const unmatched = r.problems.filter((p) => !b.pages.some((rel) => new URL(rel, b.server.url).href === p.page));
    if (unmatched.length) record(`${b.name} links`, unmatched);
    printProblems(r.problems);
    const feeds = await checkFeeds(b.out, b.server.url);
    record(`${b.name} sitemap/feed`, feeds.problems);
    printProblems(feeds.problems);
    r.problems.push(...feeds.problems);
    r.linksChecked += feeds.checked;
    const fails = r.problems.filter((p) => p.severity === 'fail').length;
    console.log(`== ${b.name}: ${r.pagesChecked} pages, ${r.linksChecked} distinct same-site URLs: ${fails} failures, ${r.problems.length - fails} warnings (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }

  // ------------------------------------------------------------ the self-test site
  // Built now so that its pages go through the same single Nu HTML Checker run.
  if (opt.selftest) {
    const dir = makeBrokenSite(path.join(HERE, 'fixture'), path.join(REPO, 'themes', 'default'), path.join(work, 'broken-site'));
    broken = await buildAndServe('selftest', dir);
  }

  // ------------------------------------------------------------ HTML validity
  const selftestProblems = [];
  if (opt.vnu) {
    const t = Date.now();
    const all = [...built, ...(broken ? [broken] : [])];
    const files = all.flatMap((b) => htmlFiles(b.out));
    const urlOf = (file) => {
      for (const b of all) {
        if (file.startsWith(b.out + path.sep)) {
          const rel = path.relative(b.out, file).split(path.sep).join('/');
          return new URL(rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel, b.server.url).href;
        }
      }
      return null;
    };
    const found = await validate(files, urlOf);
    const ofSelftest = (p) => broken && p.page.startsWith(broken.server.url);
    selftestProblems.push(...found.filter(ofSelftest));
    const mine = found.filter((p) => !ofSelftest(p));
    record('html validity', mine);
    printProblems(mine);
    const fails = mine.filter((p) => p.severity === 'fail').length;
    const n = files.length - (broken ? broken.pages.length : 0);
    console.log(`== Nu HTML Checker: ${n} files (+${files.length - n} of the self-test) in one run, ${fails} errors, ${mine.length - fails} warnings (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }

  // ------------------------------------------------------------ print to PDF
  {
    const b = built.find((x) => x.name === 'example') || built[0];
    const deptPages = b.pages.filter((p) => pageKind(p) === 'fy/x');
    // the department page with the most to print
    const size = (p) => fs.statSync(path.join(b.out, p, 'index.html')).size;
    const rel = deptPages.sort((x, y) => size(y) - size(x))[0];
    if (rel) {
      const url = new URL(rel, b.server.url).href;
      const out = shots ? path.join(shots, `${b.name}--${rel.replace(/\//g, '_')}print-a4.pdf`) : null;
      const r = await printA4(browser, url, out);
      record(`print ${b.name} ${rel}`, r.problems);
      printProblems(r.problems);
      console.log(`== print: ${label(url)} → ${r.pages} A4 pages${out ? ` (${out})` : ''}; the width in print was checked on every page above`);
    } else {
      record('print', [{ severity: 'fail', page: b.server.url, rule: 'print-a4', message: 'no department page (/<fy>/<dept>/) to print' }]);
    }
  }

  // ------------------------------------------------------------ self-test
  if (broken) {
    const t = Date.now();
    const r = await checkSite({ browser, site: broken.name, baseUrl: broken.server.url, pages: broken.pages });
    const found = [...r.problems, ...selftestProblems];
    const v = verdict(found.filter((p) => opt.vnu || p.rule !== 'html:error'));
    console.log(`== self-test: the fixture site with themes/broken/ (the default theme with one defect per gate) must fail on each (${((Date.now() - t) / 1000).toFixed(1)} s):`);
    const missed = [];
    for (const { defect, hit } of v) {
      if (defect.rule === 'html:error' && !opt.vnu) continue;
      if (hit) console.log(`   caught ${defect.name}: FAIL ${label(hit.page)} [${hit.rule}] ${hit.message}${hit.target ? ` at ${label(hit.target)}` : ''}`);
      else {
        console.log(`   MISSED ${defect.name}: no failure with rule ${defect.rule}`);
        missed.push(defect);
      }
    }
    record(
      'self-test',
      missed.map((defect) => ({
        severity: 'fail',
        page: broken.server.url,
        rule: 'self-test',
        message: `the gates no longer catch ${defect.name} (expected a failure with rule ${defect.rule})`,
      })),
    );
  }

  // ------------------------------------------------------------ extra scripts (hook)
  const extra = fs
    .readdirSync(HERE)
    .filter((f) => f.endsWith('.test.mjs') || f in EXTRA_SCRIPTS)
    .sort();
  for (const script of extra) {
    for (const b of built.filter((b) => !EXTRA_SCRIPTS[script] || EXTRA_SCRIPTS[script].includes(b.name))) {
      const t = Date.now();
      const code = await new Promise((resolve) => {
        const child = spawn(process.execPath, [path.join(HERE, script), b.out], {
          stdio: 'inherit',
          env: { ...process.env, MANIFESTO_SITE_URL: b.server.url, MANIFESTO_SITE_NAME: b.name, CHROMIUM_PATH: CHROMIUM },
        });
        child.on('close', (c) => resolve(c));
      });
      const ok = code === 0;
      record(`${script} ${b.name}`, ok ? [] : [{ severity: 'fail', page: b.server.url, rule: script, message: `exited ${code}` }]);
      console.log(`== ${script} on ${b.name}: ${ok ? 'ok' : `FAILED (exit ${code})`} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
  }
} catch (e) {
  console.error(`run.mjs: the suite could not run: ${e.stack || e}`);
  process.exitCode = 2;
} finally {
  if (browser) await browser.close();
  for (const b of built) await b.server.close();
  if (broken) await broken.server.close();
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
}

if (process.exitCode !== 2) {
  const fails = problems.filter((p) => p.severity === 'fail');
  if (fails.length) {
    console.log(`\n== ${fails.length} failures (each names the page and the rule):`);
    printProblems(fails, { limit: 60 });
  }
  const passed = results.filter((r) => r.ok).length;
  console.log(`\n== browser suite done in ${secs()} s${shots ? `; screenshots in ${shots}` : ''}`);
  console.log(`browser: ${passed} passed, ${results.length - passed} failed`);
  process.exitCode = results.length - passed > 0 ? 1 : 0;
}
