// The self-test: proof that the gates bite. A copy of the fixture site gets a theme
// override, themes/broken/, made from the current default theme with defects that a
// careless template or CSS edit could bring in (one per gate). The runner checks that site and must fail
// on each defect, naming a page and the rule.
//
// The broken theme is made from themes/default/ at test time (not committed as a copy),
// so it follows the default theme as other changes land; each mutation says so loudly if
// the text it edits has gone.

import fs from 'node:fs';
import path from 'node:path';

/** The defects, each with the rule the runner must report for it. */
export const DEFECTS = [
  {
    name: 'low contrast text',
    rule: 'axe:color-contrast',
    match: /#aaaaaa/,
    file: 'static/style.css',
    // #aaa on white is 2.3:1 (AA needs 4.5:1).
    mutate: (css) => `${css}\n/* self-test: contrast broken */\nmain p, main li, main dd, main td { color: #aaa !important; }\n`,
  },
  {
    name: 'head photo without alt text',
    rule: 'axe:image-alt',
    file: 'templates/partials/photo.html',
    mutate: (html) => replaceOnce(html, / alt="[^"]*"/, ''),
  },
  {
    name: 'a skipped heading level (h1 → h3)',
    rule: 'axe:heading-order',
    file: 'templates/manifesto.html',
    mutate: (html) => replaceOnce(html, /<\/h1>/, '</h1>\n<h3>見出しの階層を飛ばした見出し</h3>'),
  },
  {
    name: 'a broken link',
    rule: 'broken-link',
    match: /no-such-page/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/footer>/, '<p><a href="{{ root }}no-such-page/">存在しないページ</a></p>\n</footer>'),
  },
  {
    name: 'a link to a missing #fragment',
    rule: 'broken-fragment',
    match: /no-such-id/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/footer>/, '<p><a href="#no-such-id">存在しない位置</a></p>\n</footer>'),
  },
  {
    name: 'a box too wide for a 320 px screen',
    rule: 'overflow-320',
    file: 'static/style.css',
    mutate: (css) => `${css}\n/* self-test: too wide */\n.site-footer__inner { min-width: 30rem; }\n`,
  },
  {
    name: 'content wider than an A4 sheet in print',
    rule: 'print-a4-width',
    file: 'static/print.css',
    mutate: (css) => `${css}\n/* self-test: too wide for A4 */\nmain { min-width: 230mm; }\n`,
  },
  {
    name: 'a script error',
    rule: 'page-error',
    match: /selfTestUndefinedFunction/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/body>/, '<script>selfTestUndefinedFunction();</script>\n</body>'),
  },
  {
    name: 'a console error',
    rule: 'console-error',
    match: /self-test console error/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/body>/, '<script>console.error("self-test console error");</script>\n</body>'),
  },
  {
    name: 'a stylesheet from a CDN',
    rule: 'external-request',
    match: /cdn\.example\.com/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/head>/, '<link rel="stylesheet" href="https://cdn.example.com/self-test.css">\n</head>'),
  },
  {
    name: 'invalid HTML (a div inside a p)',
    rule: 'html:error',
    match: /“p”/,
    file: 'templates/base.html',
    mutate: (html) => replaceOnce(html, /<\/footer>/, '<p>段落<div>段落の中の div</div></p>\n</footer>'),
  },
];

function replaceOnce(text, pattern, replacement) {
  if (!pattern.test(text)) throw new Error(`self-test: ${pattern} is no longer in the default theme; update tests/browser/lib/selftest.mjs`);
  return text.replace(pattern, replacement);
}

/** Make the broken site in `dir` from the fixture site and the repository's default theme. */
export function makeBrokenSite(fixtureDir, defaultThemeDir, dir) {
  fs.cpSync(fixtureDir, dir, { recursive: true });
  const theme = path.join(dir, 'themes', 'broken');
  for (const d of DEFECTS) {
    const target = path.join(theme, d.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // defects in the same file pile up
    const source = fs.existsSync(target) ? target : path.join(defaultThemeDir, d.file);
    fs.writeFileSync(target, d.mutate(fs.readFileSync(source, 'utf8')));
  }
  const siteYaml = path.join(dir, 'site.yaml');
  const text = fs.readFileSync(siteYaml, 'utf8');
  if (/^theme:/m.test(text)) throw new Error('self-test: the fixture site.yaml must not set theme:');
  fs.writeFileSync(siteYaml, `${text}theme: broken\n`);
  return dir;
}

/** Which defects the problems found (a failure with the defect's rule, naming a page, and
 *  caused by this defect where `match` tells it apart from the others); the ones missing
 *  mean a gate that no longer bites. */
export function verdict(problems) {
  return DEFECTS.map((d) => {
    const hit = problems.find(
      (p) => p.severity === 'fail' && p.rule === d.rule && p.page && (!d.match || d.match.test(`${p.message} ${p.target}`)),
    );
    return { defect: d, hit };
  });
}
