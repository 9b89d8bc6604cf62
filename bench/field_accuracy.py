#!/usr/bin/python3
"""Field accuracy of newsdex's feed parser against Python feedparser.

Runs both parsers on the same feed files in the same run: newsdex through
newsdex_feed_fields (bench/feed_fields.cpp: parse_feed + assign_ids, one JSON
line per item), feedparser in this process (Debian's python3-feedparser, so
run this with /usr/bin/python3). For each feed file, feedparser's entries and
newsdex's items are matched by position (both keep document order; the
script checks it and prints how well positions line up). Per field it prints

  newsdex / feedparser coverage: share of item slots where the parser gives
      a value (a slot is one position of a feed: max(entries, items) of them,
      so an item one parser misses counts as "no value" for it);
  agree: share of slots with a value from either parser where both give the
      same value, normalised: whitespace collapsed, feedparser's HTML reduced
      to text, dates as UTC seconds, links made absolute against the feed's
      link and their scheme/host lower-cased;
  agree, both: the same over slots where both give a value;
  loose: as "agree, both", ignoring all whitespace and case (categories: as
      sets).

Item count: per feed, feedparser's entries and distinct items (entries that
differ in any of guid/link/title/summary/date) against newsdex's items and
distinct ids (the documents it would store); the feeds where newsdex stores
fewer documents than feedparser finds distinct items are listed with the
file. Then both parsers are timed over the same files (read into memory
first; newsdex: parse_feed + assign_ids): medians of --runs runs and the
ratio.

  /usr/bin/python3 bench/field_accuracy.py [DATA] [--bin NEWSDEX_FEED_FIELDS]
      [--runs 5] [--examples 3] [--losses 20] [--suite]

DATA is the shared data folder (../shared/data; default $NEWSDEX_TEST_DATA,
else ../shared/data beside the repository); the inputs are the three dated
rssowl snapshots DATA/rssowl-feeds/corpus_*/*.xml. --suite also runs the same
comparison (no timing) on DATA/feedparser-tests/tests/{wellformed,illformed,
encoding,entities} (sanitize cases left out: they test HTML cleaning, which
the text comparison cannot see); the suite's Expect lines themselves are
scored by tests/feedparser_conformance_test.cpp, whose per-field summary this
script does not duplicate. Exit status 0 (2 when the data or a tool is
missing).
"""

import argparse
import calendar
import collections
import html
import html.parser
import json
import os
import re
import statistics
import subprocess
import sys
import time
import unicodedata
import urllib.parse
from pathlib import Path

try:
    import feedparser
except ImportError:
    sys.exit("field_accuracy: feedparser not found; apt-get install python3-feedparser "
             "and run with /usr/bin/python3")

REPO = Path(__file__).resolve().parent.parent
SNAPSHOTS = ("corpus_10-03-07", "corpus_10-06-07", "corpus_10-09-07")

# ---------------------------------------------------------------- normalising

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4",
          "h5", "h6", "blockquote", "pre", "hr", "dd", "dt", "dl", "section", "article", "img"}


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(s):
    p = _Text()
    p.feed(s)
    p.close()
    return "".join(p.out)


def norm(s):
    if not s:
        return ""
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ")
    return " ".join(s.split())


def loose(s):
    return "".join(norm(s).split()).casefold()


def fp_text(entry, key):
    """feedparser's value of `key`, as text: HTML reduced to text."""
    v = dict.get(entry, key)
    if not v:
        return ""
    detail = dict.get(entry, key + "_detail")
    if detail is None and key == "summary":  # a summary feedparser copied from the content
        for c in dict.get(entry, "content") or []:
            if c.get("value") == v:
                detail = c
    if (detail or {}).get("type", "text/plain") in ("text/html", "application/xhtml+xml"):
        v = html_text(v)
    return norm(v)


def fp_content(entry):
    for c in dict.get(entry, "content") or []:
        v = c.get("value") or ""
        if c.get("type", "text/plain") in ("text/html", "application/xhtml+xml"):
            v = html_text(v)
        if norm(v):
            return norm(v)
    return ""


def fp_date(entry, key):
    t = dict.get(entry, key)  # dict.get: no updated -> published fallback
    return calendar.timegm(t) if t else None


def absolute(link, base):
    link = (link or "").strip()
    if not link:
        return ""
    try:
        u = urllib.parse.urlsplit(urllib.parse.urljoin(base or "", link))
        host = (u.hostname or "")
        if u.port and not ((u.scheme == "http" and u.port == 80) or (u.scheme == "https" and u.port == 443)):
            host += ":%d" % u.port
        return urllib.parse.urlunsplit((u.scheme.lower(), host.lower(), u.path or ("/" if host else ""),
                                        u.query, u.fragment))
    except ValueError:
        return link


# --------------------------------------------------------------------- parsing

def run_newsdex(binary, files):
    """{file: {"items": [...], "feed": {...}}} from newsdex_feed_fields."""
    out = {}
    chunk = 200
    for i in range(0, len(files), chunk):
        r = subprocess.run([binary] + [str(f) for f in files[i:i + chunk]], capture_output=True,
                           text=True, errors="replace", check=True)
        for line in r.stdout.splitlines():
            j = json.loads(line)
            rec = out.setdefault(j["file"], {"items": [], "feed": None})
            if j.get("feed"):
                rec["feed"] = j
            else:
                rec["items"].append(j)
    return out


class Slot:
    """One position of one feed: each parser's normalised fields (None = no item)."""

    def __init__(self, file, pos, fp, nd):
        self.file, self.pos, self.fp, self.nd = file, pos, fp, nd


def fp_fields(entry, base):
    content = fp_content(entry)
    summary = fp_text(entry, "summary")
    return {
        "title": fp_text(entry, "title"),
        "link": absolute(dict.get(entry, "link"), base),
        "published": fp_date(entry, "published_parsed"),
        "updated": fp_date(entry, "updated_parsed"),
        "date": fp_date(entry, "published_parsed") or fp_date(entry, "updated_parsed"),
        "author": norm(dict.get(entry, "author") or ""),
        "summary": summary or content,  # feedparser copies content into a missing summary
        "content": content,
        "summary/content": content or summary,
        "categories": [c for c in dict.fromkeys(norm(t.get("term") or t.get("label") or "")
                                                for t in dict.get(entry, "tags") or []) if c],
    }


def nd_fields(item, base):
    summary, content = norm(item["summary"]), norm(item["content"])
    return {
        "title": norm(item["title"]),
        "link": absolute(item["link"], base),
        "published": item["published"],
        "updated": item["updated"],
        "date": item["published"] or item["updated"],
        "author": norm(item["author"]),
        "summary": summary or content,
        "content": content,
        "summary/content": content or summary,
        "categories": [c for c in dict.fromkeys(norm(c) for c in item["categories"]) if c],
    }


def fp_distinct(entries, fps):
    """Distinct entries: (normalised as above, raw as feedparser gives them). Normalised, two
    entries whose summaries differ only in markup or line breaks are the same item."""
    keys, raw = set(), set()
    for e, f in zip(entries, fps):
        keys.add((norm(dict.get(e, "id") or ""), f["link"], f["title"], f["summary"], f["date"]))
        raw.add((dict.get(e, "id") or "", dict.get(e, "link") or "", dict.get(e, "title") or "",
                 dict.get(e, "summary") or "", f["date"]))
    return len(keys), len(raw)


FIELDS = ["title", "link", "published", "updated", "date", "author", "summary", "content",
          "summary/content", "categories"]
LABEL = {"date": "date (published, else updated)",
         "summary": "summary (else content)",
         "summary/content": "summary/content (content, else summary)"}


def compare(files, binary):
    nd_all = run_newsdex(binary, files)
    slots, feeds = [], []
    for f in files:
        data = f.read_bytes()
        d = feedparser.parse(data)
        nd = nd_all.get(str(f), {"items": [], "feed": {}})
        ndfeed = nd["feed"] or {}
        fp_base = dict.get(d.feed, "link") or ""
        nd_base = ndfeed.get("feed_link") or ""
        fps = [fp_fields(e, fp_base) for e in d.entries]
        nds = [nd_fields(i, nd_base) for i in nd["items"]]
        for pos in range(max(len(fps), len(nds))):
            slots.append(Slot(f, pos, fps[pos] if pos < len(fps) else None,
                              nds[pos] if pos < len(nds) else None))
        distinct, distinct_raw = fp_distinct(d.entries, fps)
        feeds.append({
            "file": f, "fp_entries": len(d.entries), "fp_distinct": distinct, "fp_distinct_raw": distinct_raw,
            "fp_bozo": bool(d.bozo), "fp_version": d.version,
            "nd_items": ndfeed.get("items", len(nds)), "nd_distinct": ndfeed.get("distinct_ids", 0),
            "nd_error": ndfeed.get("error"), "nd_format": ndfeed.get("format"),
            "fps": fps, "nds": nds,
        })
    return slots, feeds


# ------------------------------------------------------------------- reporting

def has(v):
    return v is not None and v != "" and v != []


def pct(n, d):
    return "%.1f%%" % (100.0 * n / d) if d else "-"


def short(v, n=90):
    if v is None or v == "" or v == []:
        return "(none)"
    if isinstance(v, int):
        return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(v)) + "Z"
    s = json.dumps(v, ensure_ascii=False) if isinstance(v, list) else repr(v)
    return s if len(s) <= n else s[:n - 3] + "..."


def field_table(slots, examples, data_root):
    print("| field | newsdex coverage | feedparser coverage | agree | agree, both | loose |")
    print("|---|---|---|---|---|---|")
    diffs = {}
    for field in FIELDS:
        nd_has = fp_has = either = agree = both = agree_both = loose_both = 0
        bad = []
        for s in slots:
            a = s.nd[field] if s.nd else None
            b = s.fp[field] if s.fp else None
            ha, hb = has(a), has(b)
            nd_has += ha
            fp_has += hb
            if not (ha or hb):
                continue
            either += 1
            same = a == b
            agree += same
            if ha and hb:
                both += 1
                agree_both += same
                if field == "categories":
                    lo = set(map(str.casefold, a)) == set(map(str.casefold, b))
                elif isinstance(a, str):
                    lo = loose(a) == loose(b)
                else:
                    lo = same
                loose_both += lo
            if not same:
                bad.append(s)
        n = len(slots)
        print("| %s | %s | %s | %s | %s | %s |" % (LABEL.get(field, field), pct(nd_has, n), pct(fp_has, n),
                                                  pct(agree, either), pct(agree_both, both),
                                                  pct(loose_both, both)))
        diffs[field] = bad
    nfiles = len({s.file for s in slots})
    print("\n%d item slots in %d feed files." % (len(slots), nfiles))
    if examples:
        print("\nDisagreements, up to %d examples of each kind per field, from different feeds:" % examples)
        for field in FIELDS:
            bad = diffs[field]
            if not bad:
                continue
            print("\n%s: %d slots disagree in %d feeds" % (field, len(bad), len({s.file for s in bad})))
            kinds = collections.OrderedDict((k, []) for k in ("feedparser only", "newsdex only", "both, different"))
            for s in bad:
                a = s.nd[field] if s.nd else None
                b = s.fp[field] if s.fp else None
                kinds["both, different" if has(a) and has(b) else "newsdex only" if has(a) else
                      "feedparser only"].append(s)
            for kind, ss in kinds.items():
                if not ss:
                    continue
                print("  %s: %d slots in %d feeds" % (kind, len(ss), len({s.file for s in ss})))
                seen = set()
                for s in ss:
                    if s.file in seen:
                        continue
                    seen.add(s.file)
                    a = s.nd[field] if s.nd else None
                    b = s.fp[field] if s.fp else None
                    fa, fb = around(a, b)
                    print("    %s item %d" % (rel(s.file, data_root), s.pos))
                    print("      feedparser: %s" % fb)
                    print("      newsdex:    %s" % fa)
                    if len(seen) == examples:
                        break
    return diffs


def around(a, b, n=90):
    """Both values, cut around where two strings first differ."""
    if isinstance(a, str) and isinstance(b, str) and a and b:
        k = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        if k > 30:
            cut = lambda s: "..." + short(s[k - 30:], n)
            return cut(a), cut(b)
    return short(a, n), short(b, n)


def rel(f, root):
    try:
        return str(Path(f).relative_to(root))
    except ValueError:
        return str(f)


def order_check(feeds):
    empty = sum(1 for f in feeds if not f["fp_entries"] and not f["nd_items"])
    same_count = [f for f in feeds if f["fp_entries"] == f["nd_items"] and f["fp_entries"]]
    pos = agree = elsewhere = 0
    for f in same_count:
        nd_keys = collections.Counter((n["title"], n["link"]) for n in f["nds"])
        for p, e in enumerate(f["fps"]):
            n = f["nds"][p]
            pos += 1
            if e["title"] == n["title"] or (e["link"] and e["link"] == n["link"]):
                agree += 1
            elif nd_keys.get((e["title"], e["link"])):
                elsewhere += 1
    print("Order check: %d feeds, %d with no items in either parser; %d have the same number of items in "
          "both, and in those %d of %d positions agree on title (empty counts) or link; of the rest, %d entries have "
          "their title and link at another position in newsdex (a reordering), the others differ in "
          "both fields." % (len(feeds), empty, len(same_count), agree, pos, elsewhere))
    diff = len(feeds) - len(same_count) - empty
    print("%d feeds have different item counts: positions after the first missing item are misaligned "
          "there, which the field figures include." % diff)


def count_report(feeds, nlosses, data_root):
    t = collections.Counter()
    for f in feeds:
        t["fp_entries"] += f["fp_entries"]
        t["fp_distinct"] += f["fp_distinct"]
        t["fp_distinct_raw"] += f["fp_distinct_raw"]
        t["nd_items"] += f["nd_items"]
        t["nd_distinct"] += f["nd_distinct"]
        t["same_items"] += f["fp_entries"] == f["nd_items"]
        t["same_docs"] += f["fp_distinct"] == f["nd_distinct"]
        t["nd_error"] += bool(f["nd_error"])
        t["fp_bozo"] += f["fp_bozo"]
    print("\n| item count | newsdex | feedparser |")
    print("|---|---|---|")
    print("| items / entries | %d | %d |" % (t["nd_items"], t["fp_entries"]))
    print("| documents (distinct ids) / distinct entries (normalised) | %d | %d |"
          % (t["nd_distinct"], t["fp_distinct"]))
    print("| distinct entries, raw values (markup, line breaks count) | | %d |" % t["fp_distinct_raw"])
    print("| feeds with the same number of items | %d of %d | |" % (t["same_items"], len(feeds)))
    print("| feeds with the same number of documents | %d of %d | |" % (t["same_docs"], len(feeds)))
    print("| feeds with an error (newsdex) / bozo (feedparser) | %d | %d |" % (t["nd_error"], t["fp_bozo"]))
    losses = sorted((f for f in feeds if f["nd_distinct"] < f["fp_distinct"]),
                    key=lambda f: (f["nd_distinct"] - f["fp_distinct"], str(f["file"])))
    lost = sum(f["fp_distinct"] - f["nd_distinct"] for f in losses)
    gains = [f for f in feeds if f["nd_distinct"] > f["fp_distinct"]]
    print("\nFeeds where newsdex stores fewer documents than feedparser finds distinct items: %d "
          "(%d documents), top %d:\n" % (len(losses), lost, nlosses))
    print("| file | feedparser entries / distinct | newsdex items / distinct ids | lost | newsdex error |")
    print("|---|---|---|---|---|")
    for f in losses[:nlosses]:
        print("| %s | %d / %d | %d / %d | %d | %s |" % (
            rel(f["file"], data_root), f["fp_entries"], f["fp_distinct"], f["nd_items"], f["nd_distinct"],
            f["fp_distinct"] - f["nd_distinct"], (f["nd_error"] or "")[:80].replace("|", "/")))
    if gains:
        print("\n%d feeds where newsdex stores more documents than feedparser finds distinct items "
              "(e.g. %s)." % (len(gains), ", ".join(rel(f["file"], data_root) for f in gains[:5])))


def timing(files, binary, runs):
    blobs = [f.read_bytes() for f in files]
    fp_times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for b in blobs:
            feedparser.parse(b)
        fp_times.append(time.perf_counter() - t0)
    r = subprocess.run([binary, "--time", str(runs)] + [str(f) for f in files], capture_output=True,
                       text=True, check=True)
    nd = json.loads(r.stdout)
    fp_med, nd_med = statistics.median(fp_times), nd["median"]
    print("\nTiming, %d files (%.1f MB) from memory, medians of %d runs in this run:\n"
          % (len(files), sum(map(len, blobs)) / 1e6, runs))
    print("| parser | median s | runs (s) |")
    print("|---|---|---|")
    print("| newsdex parse_feed + assign_ids | %.3f | %s |" % (nd_med, " ".join("%.3f" % s for s in nd["seconds"])))
    print("| feedparser %s (Python %d.%d) | %.3f | %s |" % (feedparser.__version__, *sys.version_info[:2], fp_med,
                                                       " ".join("%.3f" % s for s in fp_times)))
    print("\nRatio feedparser / newsdex: %.1fx" % (fp_med / nd_med if nd_med else float("nan")))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=os.environ.get("NEWSDEX_TEST_DATA")
                    or str(REPO.parent / "shared" / "data"))
    ap.add_argument("--bin", default=None, help="newsdex_feed_fields (default: build-bench/, then build/)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--losses", type=int, default=20)
    ap.add_argument("--suite", action="store_true", help="also compare on the feedparser test suite")
    ap.add_argument("--top", action="store_true",
                    help="also the 217 older rssowl-feeds/N.xml (2006-07; malformed ones, several encodings)")
    args = ap.parse_args()

    binary = args.bin
    if not binary:
        for b in ("build-bench", "build"):
            p = REPO / b / "bench" / "newsdex_feed_fields"
            if p.exists():
                binary = str(p)
                break
    if not binary or not Path(binary).exists():
        print("field_accuracy: newsdex_feed_fields not built (cmake -DNEWSDEX_BENCH=ON, target "
              "newsdex_feed_fields); pass --bin", file=sys.stderr)
        return 2
    data = Path(args.data)
    feeds_dir = data / "rssowl-feeds"
    if not all((feeds_dir / s).is_dir() for s in SNAPSHOTS):
        print("skipped: %s/corpus_* not found (the data folder is an argument or NEWSDEX_TEST_DATA)"
              % feeds_dir)
        return 0
    files = sorted((p for s in SNAPSHOTS for p in (feeds_dir / s).glob("*.xml")),
                   key=lambda p: (p.parent.name, int(p.stem) if p.stem.isdigit() else 0, p.name))

    if args.top:
        files += sorted(feeds_dir.glob("*.xml"), key=lambda p: (int(p.stem) if p.stem.isdigit() else 0, p.name))
    print("# newsdex vs feedparser %s: field accuracy on the rssowl snapshots (%s%s)\n"
          % (feedparser.__version__, ", ".join(SNAPSHOTS), " and rssowl-feeds/*.xml" if args.top else ""))
    slots, feeds = compare(files, binary)
    order_check(feeds)
    print()
    field_table(slots, args.examples, feeds_dir)
    count_report(feeds, args.losses, feeds_dir)
    if args.runs > 0:
        timing(files, binary, args.runs)

    if args.suite:
        suite = data / "feedparser-tests" / "tests"
        sfiles = sorted(p for d in ("wellformed", "illformed", "encoding", "entities")
                        for p in (suite / d).rglob("*.xml") if "sanitize" not in p.parts)
        if sfiles:
            print("\n# The same comparison on the feedparser suite (%d files, sanitize/ left out)\n"
                  % len(sfiles))
            s_slots, s_feeds = compare(sfiles, binary)
            field_table(s_slots, args.examples, suite)
            count_report(s_feeds, args.losses, suite)
        else:
            print("\nskipped: %s not found" % suite)
    return 0


if __name__ == "__main__":
    sys.exit(main())
