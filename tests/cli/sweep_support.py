"""Shared by the sweep tests: a small scenario and sweep files in a temporary folder, and
readers for a sweep's outputs."""
import csv
import math
import os
import sqlite3
import tempfile

ROOT = os.getcwd()  # ctest runs the command-line tests from the project's root
PLATFORMS = os.path.join(ROOT, "platforms")

# Tasks arriving at 20/s with exponential sizes: every seed draws other tasks. tiny.yaml
# (200 tasks on the 64 hosts of heterogeneous.yaml) compares platforms and policies; small.yaml
# (20 tasks on 4 two-core hosts) is the cheapest run that still draws: sweeps of hundreds.
SCENARIO = """name: tiny
platform: {platform}
seed: 1
workload:
  - program: bag-of-tasks
    tasks: {tasks}
    flops: {{ exponential: 8Gf }}
    arrival: {{ poisson: 20/s }}
scheduling:
  jobs: fcfs
  placement: earliest-finish
"""

QUAD = """name: quad
hosts:
  - name: n
    count: 4
    cores: 2
    speed: 2Gf
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
"""


def workdir(prefix):
    """A fresh folder holding tiny.yaml, small.yaml and quad.yaml."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    write(tmp, "quad.yaml", QUAD)
    write(tmp, "tiny.yaml", SCENARIO.format(platform=os.path.join(PLATFORMS, "heterogeneous.yaml"), tasks=200))
    write(tmp, "small.yaml", SCENARIO.format(platform="quad.yaml", tasks=20))
    return tmp


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def read_csv(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def read_db(path):
    """The runs table of results.sqlite as dicts."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    rows = [dict(r) for r in db.execute("SELECT * FROM runs")]
    db.close()
    return rows


def flatten(metrics, prefix=""):
    """summary.json's metrics as {dotted path: value}, without the per-user and per-queue tables."""
    out = {}
    for key, value in metrics.items():
        if not prefix and key in ("by_user", "by_queue"):
            continue
        path = prefix + key
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        elif value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
            out[path] = value
    return out


def t975(dof):
    """Student's t quantile for closed forms only: dof 1 (Cauchy) and 2."""
    if dof == 1:
        return math.tan(math.pi * 0.475)
    if dof == 2:
        return 0.95 * math.sqrt(2 / (4 * 0.975 * 0.025))
    raise ValueError(dof)


def metrics_by_key(rows, factors):
    """{(factor values..., seed): {metric: value}} from results.csv rows; for comparing sweeps."""
    meta = {"seed", "status", "error", "wall_s", "scenario_hash", "version", "run_dir", *factors}
    return {tuple(r[f] for f in factors) + (r["seed"],): {k: v for k, v in r.items() if k not in meta} for r in rows}
