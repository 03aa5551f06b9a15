// A tiny static file server (Node's http module, no dependencies) for a built site.
//
// The folder is served under `mount` (e.g. "/manifesto/"), the path of the site's
// base_url, so that the site is tested the way a city website hosts it: in a subfolder,
// where 404.html's absolute links must resolve. A folder URL serves its index.html; a
// folder without the trailing slash is redirected (as GitHub Pages and nginx do); any
// other path answers 404 with the site's 404.html, as a static host would.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

/** Start serving `folder` under `mount` on 127.0.0.1 (a free port). Resolves to
 *  { url, port, close() } where url is the site's root URL (ending in "/"). */
export function serve(folder, mount = '/') {
  const root = path.resolve(folder);
  if (!mount.startsWith('/')) mount = '/' + mount;
  if (!mount.endsWith('/')) mount += '/';

  const send = (req, res, status, file, extra = {}) => {
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const body = fs.readFileSync(file);
    res.writeHead(status, { 'content-type': type, 'content-length': body.length, ...extra });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const notFound = (req, res) => {
    const page = path.join(root, '404.html');
    if (fs.existsSync(page)) return send(req, res, 404, page);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : 'not found\n');
  };

  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405);
      return res.end();
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400);
      return res.end();
    }
    if (pathname + '/' === mount) {
      res.writeHead(301, { location: mount });
      return res.end();
    }
    if (!pathname.startsWith(mount) || pathname.includes('\0')) return notFound(req, res);
    const rel = pathname.slice(mount.length);
    const file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound(req, res);
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return notFound(req, res);
    }
    if (stat.isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: pathname + '/' });
        return res.end();
      }
      const index = path.join(file, 'index.html');
      return fs.existsSync(index) ? send(req, res, 200, index) : notFound(req, res);
    }
    return send(req, res, 200, file);
  });

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        port,
        url: `http://127.0.0.1:${port}${mount}`,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}
