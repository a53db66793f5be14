"""Turns bench/run's JSON lines into the table of bench/results/*.md, with the ratios and the #9 targets."""
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip().startswith("{")]
print("\n| measurement | figure | target (issue #9) |\n|---|---|---|")
for corpus in sorted({r["corpus"] for r in rows if r["benchmark"] == "diff_parse"}):
    levee = next(r for r in rows if r["benchmark"] == "diff_parse" and r["corpus"] == corpus and r["tool"] == "levee")
    peer = next((r for r in rows if r["benchmark"] == "diff_parse" and r["corpus"] == corpus
                 and r["tool"] == "unidiff"), None)
    ratio = f" = **{levee['mb_per_s'] / peer['mb_per_s']:.1f}×** unidiff ({peer['mb_per_s']:.1f} MB/s)" if peer else ""
    print(f"| diff parsing, {corpus} ({levee['bytes'] / 1e6:.1f} MB, {levee['files']} files) | "
          f"{levee['mb_per_s']:.1f} MB/s{ratio} | ≥ 20× unidiff |")
for r in rows:
    if r["benchmark"] == "evaluations":
        print(f"| evaluations on one core ({r['items']} items, {r['distinct']} distinct) | "
              f"**{r['items_per_s']:,.0f}/s** | ≥ 20,000/s |")
index = [r["ms"] for r in rows if r["benchmark"] == "index_curl"]
if index:
    print(f"| indexing curl 8.14.1 (5 runs) | median **{statistics.median(index):.0f} ms**, min {min(index)} ms | "
          f"well under a second |")
for r in rows:
    if r["benchmark"] == "webhook_ingest":
        print(f"| webhook ingest, {r['store']} | **{r['requests_per_s']:,.0f}/s**, p50 {r['p50_ms']:.2f} ms, "
              f"p99 {r['p99_ms']:.2f} ms, peak RSS {r['server_peak_rss_kb'] / 1024:.0f} MB, "
              f"{r['non_2xx']} non-2xx, {r['errors']} errors | ≥ 3,000/s, p99 < 20 ms, RSS < 100 MB (SQLite) |")
for r in rows:
    if r["benchmark"] == "dashboard_page":
        print(f"| dashboard page `{r['page']}`, {r['items']:,} stored items ({r['bytes'] / 1024:.0f} KiB) | "
              f"p50 **{r['p50_ms']:.0f} ms**, p99 {r['p99_ms']:.0f} ms | (issue #8: fast on a slow laptop) |")
    if r["benchmark"] == "dashboard_fill":
        print(f"| dashboard bench process peak RSS ({r['items']:,} items stored and served) | "
              f"{r['peak_rss_mb']:.0f} MB | |")
