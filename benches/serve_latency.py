#!/usr/bin/env python3
"""Edit-to-reload latency of `manifesto serve` (Python 3 standard library only).

    python3 benches/serve_latency.py BINARY SITE CONTENT_FILE [RUNS]

Starts `BINARY serve --port 0` on SITE, listens to its live-reload event stream like a
browser tab does, then RUNS times per kind of edit rewrites CONTENT_FILE (a manifesto,
relative to SITE) in place and measures, from just before the write:

- reload: until the event stream announces the new build (what makes a tab reload);
- page:   until GET of the manifesto's page returns the edited text.

Two kinds of edit: `motto` changes the head's motto (shown on the manifesto's own page
only) and `name` the head's name (also on the year's cards, and the top page's when the
year is the latest). The file is restored at the end. Prints one Markdown table row per
kind with the median and the range, and the server's own rebuild time (median).
"""

import os
import queue
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request


def sse_versions(host, port, out):
    """Put (time, version) for every `version` event of the stream into `out`."""
    s = socket.create_connection((host, port))
    s.sendall(
        b"GET /__manifesto/events HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n"
    )
    buf = b""
    event = None
    while True:
        data = s.recv(65536)
        if not data:
            return
        now = time.perf_counter()
        buf += data
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.decode("utf-8", "replace").rstrip("\r")
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "version":
                out.put((now, line[5:].strip()))


def edit(text, kind, i):
    marker = f"計測{kind}{i}"
    if kind == "name":
        new, n = re.subn(r"(?m)^  name: .*$", f"  name: {marker}", text, count=1)
    else:
        new, n = re.subn(r"(?m)^motto: .*$", f"motto: {marker}", text, count=1)
        if n == 0:
            new, n = re.subn(r"(?m)^goals:", f"motto: {marker}\ngoals:", text, count=1)
    assert n == 1, f"cannot make a {kind} edit"
    return new, marker


def main():
    binary, site, rel = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    path = os.path.join(site, rel)
    fy, stem = rel.split("/")[1], os.path.splitext(os.path.basename(rel))[0]
    env = dict(os.environ, MANIFESTO_SERVE_TIMINGS="1")
    server = subprocess.Popen(
        [binary, "serve", "--port", "0", "--root", site],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    log = queue.Queue()
    url = None
    started = time.perf_counter()
    for line in server.stderr:
        m = re.search(r"serving (http://\S+)", line)
        if m:
            url = m.group(1)
            break
        if line.startswith("built"):
            print(f"<!-- {site}: {line.strip()} -->")
    assert url, "the server did not start"
    print(f"<!-- first build and start: {time.perf_counter() - started:.1f} s -->")
    threading.Thread(
        target=lambda: [log.put(l) for l in server.stderr], daemon=True
    ).start()
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()
    versions = queue.Queue()
    threading.Thread(
        target=sse_versions, args=(host, int(port), versions), daemon=True
    ).start()
    versions.get(timeout=30)
    page = f"{url}{fy}/{stem}/"
    original = open(path, encoding="utf-8").read()
    try:
        for kind in ["motto", "name"]:
            reload_ms, page_ms, server_ms, pages = [], [], [], []
            for i in range(runs):
                text, marker = edit(original, kind, i)
                while not log.empty():
                    log.get()
                while not versions.empty():
                    versions.get()
                t0 = time.perf_counter()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
                t1, _ = versions.get(timeout=30)
                while True:
                    body = urllib.request.urlopen(page).read().decode("utf-8")
                    if marker in body:
                        break
                    time.sleep(0.001)
                t2 = time.perf_counter()
                reload_ms.append((t1 - t0) * 1000)
                page_ms.append((t2 - t0) * 1000)
                while True:
                    line = log.get(timeout=30)
                    # Skip the data files catching up after an earlier edit.
                    if not line.startswith("updated the data"):
                        break
                m = re.search(r"rebuilt (\d+) pages? in (\d+) ms", line)
                assert m, line
                pages.append(int(m.group(1)))
                server_ms.append(int(m.group(2)))
                time.sleep(0.3)
            print(
                f"| {kind} | {statistics.median(pages):.0f} "
                f"| {statistics.median(reload_ms):.0f} ({min(reload_ms):.0f}–{max(reload_ms):.0f}) "
                f"| {statistics.median(page_ms):.0f} ({min(page_ms):.0f}–{max(page_ms):.0f}) "
                f"| {statistics.median(server_ms):.0f} | {runs} |"
            )
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
