#!/usr/bin/env python3
"""Check compose.yaml's structure without a Docker engine: it parses as YAML
(merge keys resolved), names the three roles with the commands and shard
ranges clashwatch understands, and every clashwatch service waits for a
healthy PostgreSQL and has the `clashwatch health` check.

    python3 scripts/check_compose.py [compose.yaml]
"""
import re
import sys

import yaml

path = sys.argv[1] if len(sys.argv) > 1 else "compose.yaml"
with open(path, encoding="utf-8") as f:
    doc = yaml.safe_load(f)

problems = []
services = doc.get("services") or {}
for name in ("postgres", "bot-0", "bot-1", "worker"):
    if name not in services:
        problems.append(f"service {name} is missing")

shards = []
for name, svc in services.items():
    if name == "postgres":
        if "healthcheck" not in svc:
            problems.append("postgres has no health check")
        continue
    env = svc.get("environment") or {}
    command = svc.get("command") or []
    if command[:1] not in (["run"], ["worker"]):
        problems.append(f"{name}: command {command} is not run or worker")
    if not str(env.get("DATABASE_URL", "")).startswith("postgres://"):
        problems.append(f"{name}: DATABASE_URL is not PostgreSQL")
    if not env.get("CLASHWATCH_METRICS__LISTEN"):
        problems.append(f"{name}: the health endpoint is off")
    test = (svc.get("healthcheck") or {}).get("test") or []
    if test[:3] != ["CMD", "clashwatch", "health"]:
        problems.append(f"{name}: health check is not `clashwatch health`: {test}")
    dep = (svc.get("depends_on") or {}).get("postgres") or {}
    if dep.get("condition") != "service_healthy":
        problems.append(f"{name}: does not wait for a healthy PostgreSQL")
    if command[:1] == ["run"]:
        m = re.fullmatch(r"(\d+)(?:-(\d+))?/(\d+)", str(env.get("CLASHWATCH_BOT__SHARDS", "")))
        if not m:
            problems.append(f"{name}: no shard range")
            continue
        first, last, total = int(m[1]), int(m[2] or m[1]), int(m[3])
        shards.append((first, last, total))

totals = {t for _, _, t in shards}
covered = sorted(i for a, b, _ in shards for i in range(a, b + 1))
if len(totals) != 1 or covered != list(range(next(iter(totals), 0))):
    problems.append(f"shard ranges {shards} don't cover each shard of one total once")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{path}: {len(services)} services, shards {shards}: ok")
