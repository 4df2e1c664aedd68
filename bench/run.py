#!/usr/bin/env python3
"""Benchmark: `nimbus run` against a raw SimGrid program doing the same work.

For each size (tasks x hosts), writes a platform of one-core hosts in three generations
(1, 2, 4 Gf: half, a quarter, a quarter) and a bag-of-tasks scenario (exponential sizes of
mean 4 Gf, all submitted at once), runs `nimbus run` and bench/raw_simgrid on the same work,
and prints wall seconds, peak memory, tasks per second and the ratio nimbus / raw.

    /usr/bin/python3 bench/run.py [--quick | --scale] [--repeat N] [--build build]

Each size runs the two programs one after the other, N times (--repeat, default 3), and
reports the median of the N ratios and of each program's times: on a shared machine a
single run of either can be slowed by a quarter by its neighbours, and runs taken in
alternation see the same machine.

--scale adds the platforms of 100,000 hosts (1M and 10M tasks): minutes, and up to 6 GB.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

SIZES = [(10_000, 1_000), (100_000, 1_000), (1_000_000, 1_000), (10_000, 10_000), (100_000, 10_000),
         (1_000_000, 10_000)]
SCALE = [(1_000_000, 100_000), (10_000_000, 100_000)]


def measure(command):
    """Runs a command under GNU time; returns (wall seconds, peak RSS in MiB)."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True, check=True)
    wall, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kib) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--quick", action="store_true", help="only the sizes up to 100k tasks on 1k hosts")
    parser.add_argument("--scale", action="store_true", help="also 1M and 10M tasks on 100k hosts")
    parser.add_argument("--placement", default="earliest-finish")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each program per size (default 3)")
    args = parser.parse_args()
    nimbus = os.path.join(args.build, "nimbus")
    raw = os.path.join(args.build, "bench", "raw_simgrid")
    sizes = SIZES[:2] if args.quick else SIZES + (SCALE if args.scale else [])
    print(f"| tasks | hosts | nimbus s | raw s | nimbus/raw | nimbus events/s | nimbus peak MiB | bytes/task |")
    print(f"|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for tasks, hosts in sizes:
            platform = os.path.join(tmp, f"p{hosts}.yaml")
            with open(platform, "w") as f:
                f.write(f"""hosts:
  - {{ name: gen1, count: {hosts // 2}, speed: 1Gf }}
  - {{ name: gen2, count: {hosts * 3 // 4 - hosts // 2}, speed: 2Gf }}
  - {{ name: gen3, count: {hosts - hosts * 3 // 4}, speed: 4Gf }}
""")
            scenario = os.path.join(tmp, "s.yaml")
            with open(scenario, "w") as f:
                f.write(f"""name: bench
platform: {platform}
workload:
  - program: bag-of-tasks
    tasks: {tasks}
    flops: {{ exponential: 4Gf }}
    submit_at: 0s
scheduling: {{ placement: {args.placement} }}
""")
            out = os.path.join(tmp, "out")
            n_walls, r_walls, ratios, n_rss = [], [], [], 0
            for _ in range(max(args.repeat, 1)):
                n_wall, rss = measure([nimbus, "run", scenario, "-q", "--out", out])
                r_wall, _ = measure([raw, str(tasks), str(hosts), "0"])
                n_walls.append(n_wall)
                r_walls.append(r_wall)
                ratios.append(n_wall / max(r_wall, 0.01))
                n_rss = max(n_rss, rss)
            with open(os.path.join(out, "summary.json")) as f:
                events = json.load(f)["metrics"]["events"]  # computations, transfers, submissions
            n_wall, r_wall = statistics.median(n_walls), statistics.median(r_walls)
            per_task = n_rss * 1024 * 1024 / tasks
            print(f"| {tasks:,} | {hosts:,} | {n_wall:.2f} | {r_wall:.2f} | {statistics.median(ratios):.2f} | "
                  f"{events / max(n_wall, 0.01):,.0f} | {n_rss:.0f} | {per_task:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
