// What a search query loads: `NODE_PATH=… node benches/search_queries.js <built folder> <query>…`
// prints the status line, the index files loaded (from file://), their bytes and the time.
const { chromium } = require('playwright-core');
const path = require('path'); const fs = require('fs');
(async () => {
  const base = process.argv[2];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  for (const q of process.argv.slice(3)) {
    const page = await browser.newPage();
    const errs = []; page.on('pageerror', e => errs.push(String(e))); page.on('console', m => { if (m.type()==='error') errs.push(m.text()); });
    const reqs = []; page.on('request', r => reqs.push(r.url()));
    const t0 = Date.now();
    await page.goto('file://' + path.resolve(base, 'search/index.html') + '?q=' + encodeURIComponent(q));
    await page.waitForFunction(() => { const t = document.getElementById('search-status').textContent; return t && !t.endsWith('…'); }, null, { timeout: 60000 });
    const ms = Date.now() - t0;
    const status = await page.textContent('#search-status');
    const n = (await page.$$('#search-results li')).length;
    const files = reqs.filter(u => u.includes('/search/') && u.includes('.js')).map(u => decodeURIComponent(new URL(u).pathname));
    const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
    console.log(JSON.stringify({ q, status, shown: n, files: files.map(f => path.basename(f)), bytes, ms, errs }));
    await page.close();
  }
  await browser.close();
})();
