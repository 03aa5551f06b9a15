// Search in headless Chromium: `node tests/browser/search.mjs <built folder>`.
//
// The folder is the build of tests/fixtures/open-data (e.g.
// `manifesto --root tests/fixtures/open-data build -o /tmp/out`); the expectations below
// are that fixture's goals. Opens /search/ from file:// (archives are opened from a folder),
// types with the keyboard, and checks: 健診 finds 特定健診受診率; デジタル and half-width ﾃﾞｼﾞﾀﾙ
// find the same goals (one written ﾃﾞｼﾞﾀﾙ, one デジタル); drafts are never found; the live
// region announces the count; links lead to the goals; no console errors; with JavaScript
// off the page shows its message. Exits 1 with the failures listed.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const folder = process.argv[2];
if (!folder || !fs.existsSync(path.join(folder, 'search', 'index.html'))) {
  console.error('usage: node tests/browser/search.mjs <built folder with search/index.html>');
  process.exit(2);
}
const searchUrl = pathToFileURL(path.resolve(folder, 'search', 'index.html')).href;

const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const expectations = [
  { query: '健診', urls: ['2023/hoken/index.html#goal-1'], mustShow: '特定健診受診率' },
  { query: 'デジタル', urls: ['2023/somu/index.html#goal-1', '2022/somu/index.html#goal-1'], mustShow: 'ﾃﾞｼﾞﾀﾙ' },
  { query: 'ﾃﾞｼﾞﾀﾙ', urls: ['2023/somu/index.html#goal-1', '2022/somu/index.html#goal-1'] },
  { query: 'ｄｘ 研修', urls: ['2023/somu/index.html#goal-1'] },
  // One character: the manifesto (健康福祉部) and its goal (特定健診).
  { query: '健', urls: ['2023/hoken/index.html', '2023/hoken/index.html#goal-1'] },
  { query: '下書き', urls: [] },
  { query: '未公表', urls: [] },
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(10000);
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(searchUrl);
  check(await page.isHidden('#search-nojs'), 'the no-JavaScript notice is still shown with JavaScript on');
  check(await page.isVisible('#search-q'), 'the search box is not visible');

  // Reach the search box with the keyboard: Tab from the top of the page.
  let focused = '';
  for (let i = 0; i < 30 && focused !== 'search-q'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  check(focused === 'search-q', 'the search box cannot be reached with Tab');
  const label = await page.evaluate(() => document.querySelector('label[for="search-q"]')?.textContent.trim());
  check(!!label, 'the search box has no label');

  for (const { query, urls, mustShow } of expectations) {
    await page.focus('#search-q');
    await page.fill('#search-q', '');
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const t = document.getElementById('search-status').textContent;
      return t && !t.endsWith('…');
    });
    const status = await page.textContent('#search-status');
    const found = await page.$$eval('#search-results a', (as) => as.map((a) => a.getAttribute('href')));
    const text = await page.textContent('#search-results');
    const want = urls.map((u) => '../' + u);
    check(JSON.stringify(found) === JSON.stringify(want),
      `${query}: found ${JSON.stringify(found)}, expected ${JSON.stringify(want)}`);
    if (urls.length) {
      check(status.includes(`${urls.length}件`), `${query}: the status says "${status}", not ${urls.length}件`);
      check(await page.$$eval('#search-results mark', (ms) => ms.length) > 0, `${query}: nothing highlighted`);
    } else {
      check(status.includes('見つかりませんでした'), `${query}: the status says "${status}" for no results`);
    }
    if (mustShow) check(text.includes(mustShow), `${query}: the results do not show ${mustShow}: ${text}`);
  }

  // The link of a result leads to the goal (file:// links point at index.html).
  await page.fill('#search-q', '健診');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#search-results a');
  await page.click('#search-results a');
  await page.waitForLoadState('load');
  const h = await page.evaluate(() => document.getElementById('goal-1')?.textContent || '');
  check(h.includes('特定健診受診率の向上'), `the result link did not open the goal: ${page.url()}`);

  // A query in the address (?q=) runs on load.
  await page.goto(searchUrl + '?q=' + encodeURIComponent('デジタル'));
  await page.waitForSelector('#search-results a');
  check((await page.$$('#search-results a')).length === 2, '?q=デジタル did not search on load');

  check(errors.length === 0, 'console errors: ' + errors.join(' | '));

  // JavaScript off: the message, no form.
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const off = await ctx.newPage();
  await off.goto(searchUrl);
  check(await off.isVisible('#search-nojs'), 'with JavaScript off the notice is not shown');
  check(await off.isHidden('#search-q'), 'with JavaScript off the useless search box is shown');
  await ctx.close();
} catch (e) {
  failures.push('stopped: ' + (e.message || e).split('\n')[0]);
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`search.mjs: ${failures.length} failure(s)\n- ` + failures.join('\n- '));
  process.exit(1);
}
console.log(`search.mjs: ok (${expectations.length} queries)`);
