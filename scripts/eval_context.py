#!/usr/bin/env python3
"""Measure the context facts (countries, locations, is_clash_report) on ACLED rows.

Reads labelled rows from the shared evaluation set (never copied into the repo),
runs `clashwatch context-eval`-free: it feeds the rows to the test binary built by
`cargo build --release --example context_eval` and compares:
  - country recall: the row's `country` is among the extracted countries
  - location recall: the row's `location` is among the extracted location names
    (case-insensitive; also counted when it equals a country or region found)
  - is_clash_report vs event_type: Battles, Violence against civilians,
    Explosions/Remote violence (and older names) are clashes; Protests,
    Riots and Strategic developments are not.

Usage: python3 scripts/eval_context.py [--limit 2000] [--errors 10] [FILE]
FILE defaults to ../shared/eval/facts/acled-dev.jsonl (relative to the repo root).
"""
import argparse, json, subprocess, sys, time

CLASH = {"Battles", "Battle-No change of territory", "Battle-Government regains territory",
         "Battle-Non-state actor overtakes territory", "Violence against civilians",
         "Violence Against Civilians", "Explosions/Remote violence", "Remote violence"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--errors", type=int, default=0)
    ap.add_argument("--bin", default="target/release/examples/context_eval")
    ap.add_argument("file", nargs="?", default="../shared/eval/facts/acled-dev.jsonl")
    a = ap.parse_args()
    rows = [json.loads(l) for l in open(a.file) if l.strip()][: a.limit]
    inp = "\n".join(json.dumps({"id": r["id"], "text": r["text"]}) for r in rows) + "\n"
    t0 = time.perf_counter()
    p = subprocess.run([a.bin], input=inp, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(p.stderr[-2000:])
    out = {o["id"]: o for o in map(json.loads, p.stdout.splitlines())}
    c_hit = l_hit = 0
    # Rows whose text names the labelled country / location at all: the rest
    # can only be found through a place the label does not name.
    c_named = c_named_hit = l_named = l_named_hit = 0
    tp = fp = fn = tn = 0
    errs = {"country": [], "location": [], "clash": []}
    for r in rows:
        o = out.get(r["id"], {})
        countries = o.get("countries", [])
        names = {n.lower() for n in [l["name"] for l in o.get("locations", [])] + countries + o.get("regions", [])}
        text_lower = r["text"].lower()
        if r["country"].lower() in text_lower:
            c_named += 1
            c_named_hit += r["country"] in countries
        if r["location"] and r["location"].lower() in text_lower:
            l_named += 1
            l_named_hit += r["location"].lower() in names
        if r["country"] in countries:
            c_hit += 1
        else:
            errs["country"].append((r["country"], countries, r["text"][:160]))
        if r["location"].lower() in names:
            l_hit += 1
        else:
            errs["location"].append((r["location"], [l["name"] for l in o.get("locations", [])], r["text"][:160]))
        gold = r["event_type"] in CLASH
        got = bool(o.get("is_clash_report"))
        tp += gold and got
        fp += (not gold) and got
        fn += gold and not got
        tn += (not gold) and not got
        if gold != got:
            errs["clash"].append((r["event_type"], got, r["text"][:160]))
    n = len(rows)
    prec = tp / (tp + fp) if tp + fp else 0
    rec = tp / (tp + fn) if tp + fn else 0
    print(f"{n} rows, {n / wall:.0f} rows/s (whole process)")
    print(f"country recall  {c_hit / n:.3f}   on rows naming it {c_named_hit / max(c_named, 1):.3f} (n={c_named})")
    print(f"location recall {l_hit / n:.3f}   on rows naming it {l_named_hit / max(l_named, 1):.3f} (n={l_named})")
    print(f"is_clash_report accuracy {(tp + tn) / n:.3f}  precision {prec:.3f}  recall {rec:.3f}  (tp {tp} fp {fp} fn {fn} tn {tn})")
    for k, v in errs.items():
        for e in v[: a.errors]:
            print(f"  [{k}] {e}")


if __name__ == "__main__":
    main()
