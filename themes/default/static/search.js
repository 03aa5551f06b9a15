/* manifesto: search over every year and department, in the browser, with no server.
   The index (built by `manifesto build`, see src/data/search.rs) is a set of small
   JavaScript files under search/ that this script loads with <script> elements, so the
   search also works when the built folder is opened from disk (file://), where fetch()
   is not allowed. Normalisation and tokens must match src/data/search.rs exactly. */
(function () {
  'use strict';
  var root = document.getElementById('search');
  if (!root) return;
  var form = root.querySelector('form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var section = document.getElementById('search-results-section');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var nojs = document.getElementById('search-nojs');
  var base = root.getAttribute('data-index');
  var docCount = parseInt(root.getAttribute('data-docs'), 10) || 0;
  var shardCount = parseInt(root.getAttribute('data-shards'), 10) || 1;
  var chunkSize = parseInt(root.getAttribute('data-chunk'), 10) || 50;
  var version = root.getAttribute('data-version') || '';
  var PAGE = 20;
  var SNIPPET_BEFORE = 30, SNIPPET_AFTER = 70;
  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var MARK = /^[\p{M}\uFF9E\uFF9F]$/u;

  /* ---- normalisation and tokens (as in src/data/search.rs) ---- */
  function foldKana(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if ((c >= 0x30A1 && c <= 0x30F6) || c === 0x30FD || c === 0x30FE) out += String.fromCharCode(c - 0x60);
      else out += s.charAt(i);
    }
    return out;
  }
  function normalize(s) { return foldKana(s.normalize('NFKC').toLowerCase()); }
  /* Runs of letters and digits, each as an array of characters (code points). */
  function runs(text) {
    var out = [], cur = [];
    Array.from(text).forEach(function (c) {
      if (WORD.test(c)) cur.push(c);
      else if (cur.length) { out.push(cur); cur = []; }
    });
    if (cur.length) out.push(cur);
    return out;
  }
  function shardOf(key) {
    var h = 0x811c9dc5;
    Array.from(key).forEach(function (c) { h = Math.imul(h ^ c.codePointAt(0), 0x01000193); });
    h = h >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    return h & (shardCount - 1);
  }
  /* The keys a run needs: the character alone, or every bigram. */
  function runKeys(r) {
    if (r.length === 1) return [r[0]];
    var out = [];
    for (var i = 0; i + 1 < r.length; i++) out.push(r[i] + r[i + 1]);
    return out;
  }
  function decode(text) {
    var out = [], i, v, j;
    if (text.charAt(0) === '!') {
      for (i = 1; i < text.length; i++) {
        v = ALPHABET.indexOf(text.charAt(i));
        for (j = 0; j < 6; j++) if (v & (1 << j)) out.push((i - 1) * 6 + j);
      }
      return out;
    }
    var prev = -1, acc = 0, shift = 0;
    for (i = 0; i < text.length; i++) {
      v = ALPHABET.indexOf(text.charAt(i));
      acc += (v & 31) * Math.pow(2, shift);
      if (v & 32) shift += 5;
      else { prev += acc + 1; out.push(prev); acc = 0; shift = 0; }
    }
    return out;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }

  /* ---- loading the index files with <script> ---- */
  var waiting = {}, loaded = {};
  window.manifestoSearch = {
    terms: function (n, map) { done('t' + n, map); },
    docs: function (n, rows) { done('d' + n, rows); }
  };
  function done(name, value) {
    var w = waiting[name];
    if (w) { delete waiting[name]; w.resolve(value); }
  }
  function load(name) {
    if (!loaded[name]) {
      loaded[name] = new Promise(function (resolve, reject) {
        waiting[name] = { resolve: resolve, reject: reject };
        var s = document.createElement('script');
        s.src = base + name + '.js' + (version ? '?v=' + version : '');
        s.async = true;
        s.onerror = function () { delete loaded[name]; delete waiting[name]; reject(new Error(name)); };
        s.onload = function () {
          if (waiting[name]) { delete loaded[name]; delete waiting[name]; reject(new Error(name)); }
          s.parentNode.removeChild(s);
        };
        document.head.appendChild(s);
      });
    }
    return loaded[name];
  }
  function loadDoc(id) {
    return load('d' + Math.floor(id / chunkSize)).then(function (rows) { return rows[id % chunkSize]; });
  }

  /* ---- text of a document, normalised character by character, with a map back ---- */
  function prepared(doc) {
    if (doc.prepared) return doc.prepared;
    var parts = [doc[1], doc[2], doc[3], doc[4]].join('\n');
    var chars = Array.from(parts), norm = '', map = [], seg = '', start = 0, pos = 0;
    function flush(end) {
      if (!seg) return;
      var n = normalize(seg);
      for (var k = 0; k < n.length; k++) map.push([start, end]);
      norm += n;
    }
    chars.forEach(function (c) {
      if (MARK.test(c) && seg) { seg += c; pos += c.length; return; }
      flush(pos);
      seg = c; start = pos; pos += c.length;
    });
    flush(pos);
    doc.prepared = { text: parts, norm: norm, map: map,
      bodyStart: doc[1].length + 1 + doc[2].length + 1, bodyEnd: doc[1].length + 1 + doc[2].length + 1 + doc[3].length };
    return doc.prepared;
  }
  function matches(doc, words) {
    var p = prepared(doc);
    return words.every(function (w) { return p.norm.indexOf(w) >= 0; });
  }
  /* Original-text ranges [from, to) of every occurrence of the words inside [lo, hi). */
  function ranges(p, words, lo, hi) {
    var out = [];
    words.forEach(function (w) {
      var i = p.norm.indexOf(w);
      while (i >= 0) {
        var from = p.map[i][0], to = p.map[i + w.length - 1][1];
        if (from >= lo && to <= hi) out.push([from, to]);
        i = p.norm.indexOf(w, i + 1);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }
  function appendMarked(el, text, offset, marks) {
    var at = 0;
    marks.forEach(function (r) {
      var a = r[0] - offset, b = r[1] - offset;
      if (a < at || b > text.length) return;
      el.appendChild(document.createTextNode(text.slice(at, a)));
      var m = document.createElement('mark');
      m.textContent = text.slice(a, b);
      el.appendChild(m);
      at = b;
    });
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  /* ---- the search ---- */
  var state = null;
  function href(url) {
    var rel = '../' + url;
    if (location.protocol === 'file:') rel = rel.replace(/\/(#|$)/, '/index.html$1');
    return rel;
  }
  function render(id, doc, words) {
    var p = prepared(doc);
    var li = document.createElement('li');
    li.className = 'search-result';
    var h = document.createElement('h3');
    h.className = 'search-result__title';
    var a = document.createElement('a');
    a.href = href(doc[0]);
    var titleStart = doc[1].length + 1;
    appendMarked(a, doc[2], titleStart, ranges(p, words, titleStart, titleStart + doc[2].length));
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement('p');
    meta.className = 'search-result__meta';
    meta.textContent = doc[1];
    li.appendChild(meta);
    var body = doc[3];
    if (body) {
      var marks = ranges(p, words, p.bodyStart, p.bodyEnd);
      var first = marks.length ? marks[0][0] - p.bodyStart : 0;
      var from = Math.max(0, first - SNIPPET_BEFORE), to = Math.min(body.length, first + SNIPPET_AFTER);
      var snippet = document.createElement('p');
      snippet.className = 'search-result__snippet';
      if (from > 0) snippet.appendChild(document.createTextNode('…'));
      var shown = body.slice(from, to);
      appendMarked(snippet, shown.replace(/\n/g, ' '), p.bodyStart + from,
        marks.filter(function (r) { return r[0] >= p.bodyStart + from && r[1] <= p.bodyStart + to; }));
      if (to < body.length) snippet.appendChild(document.createTextNode('…'));
      li.appendChild(snippet);
    }
    return li;
  }
  function say(text) { status.textContent = text; }

  function search(query) {
    var q = normalize(query);
    var rs = runs(q);
    var words = rs.map(function (r) { return r.join(''); });
    var token = {};
    state = token;
    list.textContent = '';
    more.hidden = true;
    if (!rs.length) { section.hidden = true; say('検索する語句を入力してください。'); return; }
    say('「' + query.trim() + '」を検索しています…');
    var keys = [];
    rs.forEach(function (r) { keys = keys.concat(runKeys(r)); });
    var shards = {};
    keys.forEach(function (k) { shards[shardOf(k)] = true; });
    var names = Object.keys(shards).map(function (s) { return 't' + s; });
    Promise.all(names.map(load)).then(function (maps) {
      if (state !== token) return;
      var byShard = {};
      names.forEach(function (n, i) { byShard[n] = maps[i]; });
      var result = null;
      keys.forEach(function (k) {
        var m = byShard['t' + shardOf(k)];
        var docs = Object.prototype.hasOwnProperty.call(m, k) ? decode(m[k]) : [];
        result = result ? intersect(result, docs) : docs;
      });
      state = { token: token, query: query.trim(), words: words, candidates: result || [], next: 0, shown: 0 };
      return showMore(true);
    }).catch(function () {
      if (state === token) say('検索用の索引を読み込めませんでした。ページを読み込み直してください。');
    });
  }

  /* Check and show the next results; the count is exact once every candidate is checked. */
  function showMore(first) {
    var s = state;
    var batch = [], target = s.shown + PAGE;
    function step() {
      if (s !== state) return Promise.resolve();
      if (s.shown + batch.length >= target || s.next >= s.candidates.length) return Promise.resolve();
      var id = s.candidates[s.next++];
      return loadDoc(id).then(function (doc) {
        if (doc && matches(doc, s.words)) batch.push([id, doc]); else s.falsePositives = (s.falsePositives || 0) + 1;
        return step();
      });
    }
    return step().then(function () {
      if (s !== state) return;
      section.hidden = false;
      var firstNew = null;
      batch.forEach(function (b) {
        var li = render(b[0], b[1], s.words);
        list.appendChild(li);
        if (!firstNew) firstNew = li.querySelector('a');
      });
      s.shown += batch.length;
      var rest = s.candidates.length - s.next;
      var total = s.shown + rest;
      if (s.shown === 0) {
        say('「' + s.query + '」を含む目標は見つかりませんでした。別の語句や、短い語句でお試しください。');
        section.hidden = true;
      } else if (rest === 0) {
        say('「' + s.query + '」を含むもの：' + s.shown + '件');
      } else {
        say('「' + s.query + '」を含むもの：約' + total + '件（' + s.shown + '件を表示）');
      }
      more.hidden = rest === 0;
      if (!first && firstNew) firstNew.focus();
    });
  }

  function run(query) {
    search(query);
    try {
      var url = new URL(location.href);
      if (query.trim()) url.searchParams.set('q', query.trim()); else url.searchParams.delete('q');
      history.replaceState(null, '', url.href);
    } catch (e) { /* file:// may refuse; the search still works */ }
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); run(input.value); });
  more.addEventListener('click', function () { if (state && state.candidates) showMore(false); });
  if (nojs) nojs.hidden = true;
  root.hidden = false;
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) { input.value = initial; search(initial); }
  if (!docCount) say('検索できる部局マニフェストはまだありません。');
})();
