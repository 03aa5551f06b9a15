// Print-to-PDF of a page, checked to be A4 sheets.

import fs from 'node:fs';

/** A4 in PDF points (1/72 in). */
const A4_PT = { width: 595.28, height: 841.89 };

/** Print `url` to a PDF the way a browser's print dialog with the theme's @page does
 *  (A4, the theme's margins, backgrounds as the print CSS sets them). Writes it to `out`
 *  when given. Returns { pages, sizes, problems }. */
export async function printA4(browser, url, out) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  await context.close();
  if (out) fs.writeFileSync(out, pdf);

  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?!s)\b/g) || []).length;
  const sizes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/g)].map((m) => ({
    width: parseFloat(m[3]) - parseFloat(m[1]),
    height: parseFloat(m[4]) - parseFloat(m[2]),
  }));
  const problems = [];
  const add = (message) => problems.push({ severity: 'fail', page: url, rule: 'print-a4', message, target: out || '' });
  if (pages === 0) add('the PDF has no pages');
  if (sizes.length === 0) add('the PDF gives no page size (/MediaBox)');
  for (const s of sizes) {
    if (Math.abs(s.width - A4_PT.width) > 1 || Math.abs(s.height - A4_PT.height) > 1) {
      add(`a PDF page is ${s.width.toFixed(1)} × ${s.height.toFixed(1)} pt, not A4 portrait (595 × 842 pt)`);
      break;
    }
  }
  return { pages, sizes, problems };
}
