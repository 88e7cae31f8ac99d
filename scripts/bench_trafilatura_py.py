#!/usr/bin/env python3
"""Side-by-side reference: Python trafilatura on the extraction eval pages.

Times Python trafilatura (one process, one core, files already read) on the same
pages as run.py, scores its text with the eval's score.py, and with --bin also runs
run.py on clashwatch in the same invocation so both figures come from one run.

Usage (from the repository root):
  pip install trafilatura
  python3 scripts/bench_trafilatura_py.py [--eval ../shared/eval/extraction] [--bin target/release/clashwatch]
The eval pages are licensed for evaluation only: they are read in place, never copied.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--eval", default="../shared/eval/extraction")
ap.add_argument("--bin", default=None, help="also run run.py with this clashwatch binary")
a = ap.parse_args()

import trafilatura  # noqa: E402

sys.path.insert(0, a.eval)
import score  # noqa: E402

truth = json.load(open(os.path.join(a.eval, "truth.json"), encoding="utf8"))
ids = sorted(truth)
pages = [open(os.path.join(a.eval, "html", f"{i}.html"), "rb").read() for i in ids]

rust = None
if a.bin:
    p = subprocess.run([sys.executable, os.path.join(a.eval, "run.py"), "--bin", a.bin],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(p.stderr or p.stdout)
    rust = p.stdout
    m = re.search(r"([\d.]+) pages/s", rust)
    rust_rate = float(m.group(1)) if m else None
    rust_f1 = float(re.search(r"score: ([\d.]+)", rust).group(1))

t0 = time.perf_counter()
pred = {}
for i, html in zip(ids, pages):
    pred[i] = trafilatura.extract(html) or ""
wall = time.perf_counter() - t0
py_rate = len(pages) / wall
res = score.score(truth, pred)
print(f"python trafilatura {trafilatura.__version__}: {len(pages)} pages in {wall:.2f} s "
      f"(extraction only, one core): {py_rate:.1f} pages/s; F1 {res['f1']:.4f} "
      f"(P {res['precision']:.4f} R {res['recall']:.4f})")
if rust is not None:
    print("clashwatch (run.py, whole process):")
    print(rust.rstrip())
    if rust_rate:
        print(f"speed ratio clashwatch/python: {rust_rate / py_rate:.1f}x; "
              f"F1 {rust_f1:.4f} vs {res['f1']:.4f}")
