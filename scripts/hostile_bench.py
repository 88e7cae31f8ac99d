#!/usr/bin/env python3
"""CPU time and peak memory of `clashwatch` on pages and texts written to hurt.

The seven inputs of issue "Hostile pages and texts cannot stall or exhaust the
bot", generated at each size (1 MiB and the 5 MiB body cap by default), each
read by its own `clashwatch` process (texts with `clashwatch facts`, pages with
`clashwatch summarize`) with the read deadline set high (10 s), so the bound
comes from linear work and not from the deadline. Then four hostile pages read
at once by one process, and a read stopped by a short deadline (the process's
total CPU time shows that the work stopped).

    cargo build --release
    python3 scripts/hostile_bench.py --bin target/release/clashwatch
"""

import argparse
import json
import os
import subprocess
import tempfile

MIB = 1 << 20
PARAGRAPH = (
    "Armenia's Defense Ministry reported that four of its soldiers were killed "
    "and another was injured in shelling near the border villages of Sotk and Norabak."
)


def texts(size):
    """The four texts of the issue and two of figures in other languages
    (one endless sentence each, read by the multilingual reader), about
    `size` bytes each."""
    def rep(unit):
        return unit * max(1, size // len(unit.encode()))
    return [
        ("survived", rep("The man survived ")),
        ("a-dot", rep("a.")),
        ("armenia-dot", rep("Armenia. ")),
        ("hospital", rep("He went to the hospital ")),
        ("ru-figures", rep("убиты 5 ")),
        ("ar-figures", rep("قتل 5 ")),
    ]


def pages(size):
    """The three pages of the issue, about `size` bytes each."""
    blockquotes = "<article><p>%s</p>" % PARAGRAPH + "<blockquote " * (size // 12)
    divs = "<div>" * (size // 5) + "<p>%s</p>" % PARAGRAPH
    # ` a123456="1"`: about 12 bytes an attribute.
    attributes = "<p" + "".join(' a%d="1"' % i for i in range(size // 12)) + ">%s</p>" % PARAGRAPH
    return [
        ("blockquote", blockquotes),
        ("nested-div", divs),
        ("attributes", attributes),
    ]


def run(cmd, stdin_path=None, env=None):
    """Run `cmd`; return (cpu seconds, peak MiB, exit code, stdout, stderr)."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        peak = usage.ru_maxrss / 1024  # KiB on Linux
        return cpu, peak, proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def outcome(stdout, stderr):
    """One short line saying what the reader answered."""
    for line in stdout.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "error" in record:
            return record["error"][:70]
        facts = record.get("facts", record)
        truncated = facts.get("truncated")
        return "facts" + (", truncated %s" % json.dumps(truncated) if truncated else "")
    return (stderr.strip().splitlines() or ["(no output)"])[-1][:70]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/clashwatch")
    ap.add_argument("--sizes", default="1,5", help="input sizes in MiB, comma-separated")
    ap.add_argument("--deadline", default="10", help="[jobs] read_cpu_secs for the runs")
    args = ap.parse_args()
    env = dict(os.environ, CLASHWATCH_JOBS__READ_CPU_SECS=args.deadline, RUST_LOG="error")
    sizes = [float(s) for s in args.sizes.split(",")]
    cpu_by = {}
    with tempfile.TemporaryDirectory() as tmp:
        print("%-12s %6s %9s %9s  %s" % ("input", "MiB", "CPU s", "peak MiB", "outcome"))
        for size_mib in sizes:
            size = int(size_mib * MIB)
            for name, text in texts(size):
                path = os.path.join(tmp, "%s-%s.jsonl" % (name, size_mib))
                with open(path, "w") as f:
                    f.write(json.dumps({"id": name, "text": text}) + "\n")
                cpu, peak, _, out, err = run([args.bin, "facts"], stdin_path=path, env=env)
                cpu_by[(name, size_mib)] = cpu
                print("%-12s %6.1f %9.3f %9.1f  %s" % (name, size_mib, cpu, peak, outcome(out, err)))
            for name, html in pages(size):
                path = os.path.join(tmp, "%s-%s.html" % (name, size_mib))
                with open(path, "w") as f:
                    f.write(html)
                cmd = [args.bin, "summarize", "--format", "json", path]
                cpu, peak, _, out, err = run(cmd, env=env)
                cpu_by[(name, size_mib)] = cpu
                print("%-12s %6.1f %9.3f %9.1f  %s" % (name, size_mib, cpu, peak, outcome(out, err)))
        if len(sizes) >= 2:
            small, large = min(sizes), max(sizes)
            print("\nCPU time at %g MiB / at %g MiB:" % (large, small))
            for name, _ in texts(1) + pages(64):
                a, b = cpu_by[(name, small)], cpu_by[(name, large)]
                print("  %-12s %5.1fx" % (name, b / a if a > 0 else float("nan")))

        # Four hostile reads at once in one process.
        large = max(sizes)
        size = int(large * MIB)
        paths = []
        for name, html in pages(size):
            paths.append(os.path.join(tmp, "%s-%s.html" % (name, large)))
        text_path = os.path.join(tmp, "survived-%s.txt" % large)
        with open(text_path, "w") as f:
            f.write("Title\n" + texts(size)[0][1])
        paths.append(text_path)
        cpu, peak, _, out, err = run([args.bin, "summarize", "--format", "json"] + paths, env=env)
        print("\nfour hostile inputs at %g MiB in one summarize: %.3f s CPU, %.1f MiB peak" % (large, cpu, peak))

        # A read stopped by its deadline: the process's CPU time shows the work stopped.
        heavy = os.path.join(tmp, "heavy.html")
        with open(heavy, "w") as f:
            f.write("<html><body><article>" + ("<p>%s</p>\n" % PARAGRAPH) * (4 * MIB // 180) + "</article></body></html>")
        cpu_full, _, _, out, err = run([args.bin, "summarize", "--format", "json", heavy], env=env)
        short = dict(env, CLASHWATCH_JOBS__READ_CPU_SECS="0.2")
        cpu, _, code, out, err = run([args.bin, "summarize", "--format", "json", heavy], env=short)
        print(
            "4 MiB article: %.3f s CPU with deadline %s s; with deadline 0.2 s: %.3f s CPU, exit %d: %s"
            % (cpu_full, args.deadline, cpu, code, outcome(out, err))
        )


if __name__ == "__main__":
    main()
