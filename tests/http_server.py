#!/usr/bin/env python3
"""A local HTTP server for newsdex's fetch and update tests (standard library only).

    http_server.py --root DIR [--port 0] [--ignore-stdin]

Listens on 127.0.0.1 (port 0: any free one) and prints the port as its first
line of output. It exits when its stdin closes or on SIGTERM, so a test that
dies never leaves it behind (--ignore-stdin turns the first off, for runs by
hand in the background).

Routes (HTTP/1.1, keep-alive):
  /FILE                 a file under the current root, with ETag and Last-Modified;
                        304 when If-None-Match (or, without it, If-Modified-Since) matches
  /feed                 a small built-in RSS feed
  /redirect/N[/FILE]    N redirects, then /FILE (default /feed)
  /redirect-to?url=U    one redirect to U, whatever it is
  /loop                 a redirect loop (/loop -> /loop/again -> /loop)
  /404                  Not Found
  /gone                 410 Gone
  /page                 an HTML page whose head links to ?feeds=1 feeds: /feed?n=1, /feed?n=2 ...
  /flaky/NAME           the first request per NAME gets 500 with Retry-After: 1, the next
                        ones the built-in feed; ?code=503 &times=2 &retry_after=SECONDS
                        (or date:SECONDS for an HTTP date that far ahead, or none)
  /slow                 answers (the built-in feed) after ?seconds=10
  /endless              a body that never ends, without Content-Length (?declare=1:
                        announce a 1 TB Content-Length instead; ?chunked=1: in chunks)
  /gzip-bomb            1 MB of gzip (Content-Encoding: gzip, whatever was asked for)
                        that inflates to 1 GiB of zeros (?chunked=1: without Content-Length)
  /drip                 headers, then one byte of body every ?interval=2 seconds
  /lying-length         announces ?length=4294967296 bytes, sends a few and closes
  /gzip/FILE            FILE gzip-encoded when the request accepts gzip
  /wrong-type/FILE      FILE as text/html
  /latin1               a feed in ISO-8859-1 that says so only in its Content-Type
                        (?type=... replaces that Content-Type)
  /utf8                 the same feed in UTF-8, declared so in its XML declaration,
                        served as ?type=... (default application/rss+xml)
  /headers              the request's headers as JSON
  /count                JSON {path: requests}, every path but /count, /headers, /admin/...
  /admin/peak           JSON {"peak": most requests in progress at once}
  /admin/root?dir=PATH  serve another folder from now on (relative: to --root)
  /admin/reset          forget counts, peak and flaky state
"""

import argparse
import collections
import email.utils
import gzip
import hashlib
import json
import mimetypes
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BUILTIN_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>newsdex test server</title>
<link>http://127.0.0.1/</link>
<description>A feed built into tests/http_server.py</description>
<item>
<title>Built-in item</title>
<link>http://127.0.0.1/items/1</link>
<guid>http://127.0.0.1/items/1</guid>
<pubDate>Mon, 05 Mar 2007 10:00:00 GMT</pubDate>
<description>Served by the newsdex test server.</description>
</item>
</channel>
</rss>
"""

# No encoding in the XML declaration: only the HTTP header tells.
LATIN1_FEED = """<?xml version="1.0"?>
<rss version="2.0">
<channel>
<title>Caf\u00e9 cr\u00e8me</title>
<link>http://127.0.0.1/latin1</link>
<description>Nouvelles en fran\u00e7ais</description>
<item>
<title>D\u00e9j\u00e0 vu \u00e0 Z\u00fcrich</title>
<link>http://127.0.0.1/latin1/1</link>
<description>\u00c9t\u00e9 \u00b1 hiver, 10 \u00b0C</description>
</item>
</channel>
</rss>
""".encode("iso-8859-1")

UTF8_FEED = LATIN1_FEED.decode("iso-8859-1").replace(
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>').encode("utf-8")

RSS = "application/rss+xml"
LATIN1_TYPE = RSS + "; charset=ISO-8859-1"
ENDLESS_CHUNK = b"<!-- " + b"x" * 65530 + b" -->\n"
ENDLESS_LIMIT = 1 << 30  # "forever", for any sane client
BOMB_BLOCKS = 64  # of 16 MiB: 1 GiB inflated


def make_gzip_bomb():
    """1 GiB of zeros as gzip, in about 0.1 s: after a full flush deflate
    starts afresh, so one compressed 16 MiB block repeated is a valid stream
    (compressing the whole GiB takes seconds)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(1 << 24)) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    zeros = bytes(1 << 24)
    for _ in range(BOMB_BLOCKS):
        crc = zlib.crc32(zeros, crc)
    size = BOMB_BLOCKS << 24
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"
    return header + block * BOMB_BLOCKS + c.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF)


class State:
    """What the handlers share; every access holds the lock."""

    def __init__(self, root):
        self.lock = threading.Lock()
        self.base = os.path.realpath(root)
        self.root = self.base
        self.switched = 0  # when the root last changed, epoch seconds
        self.counts = collections.Counter()
        self.flaky = collections.Counter()
        self.in_progress = 0
        self.peak = 0
        self.bomb = None

    def gzip_bomb(self):
        # Made on first use: most runs of the server never need it.
        with self.lock:
            if self.bomb is None:
                self.bomb = make_gzip_bomb()
            return self.bomb

    def current_root(self):
        with self.lock:
            return self.root, self.switched

    def switch_root(self, path):
        folder = os.path.realpath(os.path.join(self.base, path))
        if not os.path.isdir(folder):
            return False
        with self.lock:
            self.root = folder
            # Later than anything served before, so If-Modified-Since alone
            # also sees that the files may have changed.
            self.switched = max(int(time.time()), self.switched + 1)
        return True

    def reset(self):
        with self.lock:
            self.counts.clear()
            self.flaky.clear()
            self.peak = self.in_progress

    def count(self, path):
        with self.lock:
            self.counts[path] += 1

    def flaky_hit(self, name):
        with self.lock:
            self.flaky[name] += 1
            return self.flaky[name]

    def begin(self):
        with self.lock:
            self.in_progress += 1
            self.peak = max(self.peak, self.in_progress)

    def end(self):
        with self.lock:
            self.in_progress -= 1


def feed_type(data, path):
    head = data[:2048].lower()
    if b"<rss" in head:
        return RSS
    if b"<feed" in head:
        return "application/atom+xml"
    if b"<rdf:rdf" in head:
        return "application/rdf+xml"
    guessed, _ = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


def accepts_gzip(header):
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().lower()
            return quality not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    timeout = 60  # idle keep-alive connections give their thread back
    disable_nagle_algorithm = True  # headers and body go out in two writes

    def log_message(self, format, *args):  # quiet: no line per request
        pass

    def do_GET(self):
        state = self.server.state
        state.begin()
        try:
            self.route()
        finally:
            state.end()

    do_HEAD = do_GET

    # -- routing ------------------------------------------------------------

    def route(self):
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if not (path in ("/count", "/headers") or path.startswith("/admin/")):
            self.server.state.count(path)
        exact = {
            "/feed": lambda: self.send(200, BUILTIN_FEED, RSS),
            "/404": lambda: self.send(404, b"not found\n"),
            "/gone": lambda: self.send(410, b"this feed is gone for good\n"),
            "/page": lambda: self.page(query),
            "/loop": lambda: self.redirect("/loop/again"),
            "/loop/again": lambda: self.redirect("/loop"),
            "/slow": lambda: self.slow(query),
            "/endless": lambda: self.endless(query),
            "/gzip-bomb": lambda: self.gzip_bomb(query),
            "/drip": lambda: self.drip(query),
            "/lying-length": lambda: self.lying_length(query),
            "/latin1": lambda: self.send(200, LATIN1_FEED, query.get("type", LATIN1_TYPE)),
            "/utf8": lambda: self.send(200, UTF8_FEED, query.get("type", RSS)),
            "/redirect-to": lambda: self.redirect(query.get("url", "/feed")),
            "/headers": lambda: self.send_json(dict(self.headers.items())),
            "/count": lambda: self.send_json(self.counts()),
            "/admin/peak": lambda: self.send_json({"peak": self.server.state.peak}),
            "/admin/root": lambda: self.switch_root(query),
            "/admin/reset": lambda: (self.server.state.reset(), self.send(200, b"ok\n")),
        }
        if path in exact:
            return exact[path]()
        prefixed = {
            "/redirect/": lambda rest: self.redirect_chain(rest),
            "/flaky/": lambda rest: self.flaky(rest, query),
            "/gzip/": lambda rest: self.serve_file(rest, compress=True),
            "/wrong-type/": lambda rest: self.serve_file(rest, content_type="text/html"),
        }
        for prefix, handler in prefixed.items():
            if path.startswith(prefix):
                return handler(path[len(prefix):])
        return self.serve_file(path)

    # -- responses ----------------------------------------------------------

    def send(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD" and status != 304:
            self.wfile.write(body)

    def send_json(self, value):
        self.send(200, json.dumps(value, sort_keys=True).encode() + b"\n", "application/json")

    def redirect(self, location):
        self.send(302, b"moved\n", headers=[("Location", location)])

    def counts(self):
        with self.server.state.lock:
            return dict(self.server.state.counts)

    # -- files --------------------------------------------------------------

    def resolve(self, relative):
        root, switched = self.server.state.current_root()
        full = os.path.realpath(os.path.join(root, relative.lstrip("/")))
        if os.path.commonpath([full, root]) != root or not os.path.isfile(full):
            return None, 0
        return full, switched

    def serve_file(self, relative, content_type=None, compress=False):
        full, switched = self.resolve(relative)
        if full is None:
            return self.send(404, b"not found\n")
        with open(full, "rb") as f:
            data = f.read()
        modified = max(int(os.stat(full).st_mtime), switched)
        etag = '"%s"' % hashlib.sha1(data).hexdigest()[:20]
        headers = []
        body = data
        if compress:
            headers.append(("Vary", "Accept-Encoding"))
            if accepts_gzip(self.headers.get("Accept-Encoding")):
                body = gzip.compress(data, mtime=0)
                etag = etag[:-1] + '-gzip"'  # another representation, another tag
                headers.append(("Content-Encoding", "gzip"))
        last_modified = email.utils.formatdate(modified, usegmt=True)
        headers += [("ETag", etag), ("Last-Modified", last_modified)]
        content_type = content_type or feed_type(data, full)
        if self.not_modified(etag, modified):
            return self.send(304, content_type=None, headers=headers)
        self.send(200, body, content_type, headers)

    def not_modified(self, etag, modified):
        # RFC 9110 13.2.2: If-None-Match, when present, decides alone.
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip() for t in if_none_match.split(",")]
            return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
        since = email.utils.parsedate_tz(self.headers.get("If-Modified-Since") or "")
        return since is not None and modified <= email.utils.mktime_tz(since)

    # -- special routes -------------------------------------------------------

    def redirect_chain(self, rest):
        count, _, target = rest.partition("/")
        if not count.isdigit():
            return self.send(404, b"not found\n")
        n = int(count)
        suffix = "/" + target if target else ""
        if n == 0:
            return self.serve_file(target) if target else self.send(200, BUILTIN_FEED, RSS)
        self.redirect("/redirect/%d%s" % (n - 1, suffix) if n > 1 else (suffix or "/feed"))

    def flaky(self, name, query):
        if self.server.state.flaky_hit(name) > int(query.get("times", "1")):
            return self.send(200, BUILTIN_FEED, RSS)
        retry_after = query.get("retry_after", "1")
        headers = []
        if retry_after.startswith("date:"):
            when = time.time() + float(retry_after[len("date:"):])
            headers.append(("Retry-After", email.utils.formatdate(when, usegmt=True)))
        elif retry_after != "none":
            headers.append(("Retry-After", retry_after))
        self.send(int(query.get("code", "500")), b"try again later\n", headers=headers)

    def page(self, query):
        links = "".join(
            f'<link rel="alternate" type="application/rss+xml" title="Feed {i}" href="feed?n={i}">\n'
            for i in range(1, int(query.get("feeds", "1")) + 1))
        body = ("<!DOCTYPE html>\n<html lang=en><head><title>A news site</title>\n" + links +
                "</head><body><h1>Front page</h1><p>News.</p></body></html>\n")
        self.send(200, body.encode(), "text/html; charset=utf-8")

    def slow(self, query):
        deadline = time.monotonic() + float(query.get("seconds", "10"))
        while time.monotonic() < deadline:
            if self.client_gone():  # timed out: free the thread, leave the peak
                self.close_connection = True
                return
            time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
        self.send(200, BUILTIN_FEED, RSS)

    def client_gone(self):
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def endless(self, query):
        chunked = bool(query.get("chunked"))
        self.send_response(200)
        self.send_header("Content-Type", RSS)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            if query.get("declare"):
                self.send_header("Content-Length", str(1 << 40))
            self.send_header("Connection", "close")  # the close ends the body
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        sent = 0
        while sent < ENDLESS_LIMIT:
            self.wfile.write(self.chunk(ENDLESS_CHUNK) if chunked else ENDLESS_CHUNK)
            sent += len(ENDLESS_CHUNK)
        self.close_connection = True  # no last chunk: the body never ended properly

    @staticmethod
    def chunk(data):
        return b"%x\r\n%s\r\n" % (len(data), data)

    def gzip_bomb(self, query):
        bomb = self.server.state.gzip_bomb()
        chunked = bool(query.get("chunked"))
        self.send_response(200)
        self.send_header("Content-Type", RSS)
        self.send_header("Content-Encoding", "gzip")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(bomb)))
        self.end_headers()
        if self.command == "HEAD":
            return
        if not chunked:
            self.wfile.write(bomb)
            return
        for start in range(0, len(bomb), 1 << 16):
            self.wfile.write(self.chunk(bomb[start:start + (1 << 16)]))
        self.wfile.write(b"0\r\n\r\n")

    def drip(self, query):
        interval = float(query.get("interval", "2"))
        self.send_response(200)
        self.send_header("Content-Type", RSS)
        self.send_header("Content-Length", "1000000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command == "HEAD":
            return
        for i in range(1000000):
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline:
                if self.client_gone():  # gave up: free the thread
                    return
                time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
            self.wfile.write(b" " if i else b"<")

    def lying_length(self, query):
        self.send_response(200)
        self.send_header("Content-Type", RSS)
        self.send_header("Content-Length", query.get("length", str(1 << 32)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(BUILTIN_FEED)

    def switch_root(self, query):
        if self.server.state.switch_root(query.get("dir", "")):
            return self.send(200, b"ok\n")
        self.send(400, b"no such folder\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops connections under a burst

    def handle_error(self, request, client_address):
        # A client that hangs up (timeouts, size limits) is business as usual.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="folder to serve")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ignore-stdin", action="store_true")
    args = parser.parse_args()
    if not os.path.isdir(args.root):
        parser.error("no such folder: " + args.root)

    server = Server(("127.0.0.1", args.port), Handler)
    server.state = State(args.root)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    if not args.ignore_stdin:
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
