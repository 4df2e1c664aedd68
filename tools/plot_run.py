#!/usr/bin/python3
"""Plots a run directory: a Gantt chart of task attempts per host, and busy cores over time.

    /usr/bin/python3 tools/plot_run.py out/quickstart          # writes out/quickstart/run.png

Needs Debian's python3-matplotlib (apt-get install python3-matplotlib). Reads tasks.csv and
hosts.csv only; hosts with many tasks at once stack them in lanes, as timeline.json does.
"""
import argparse
import csv
import heapq
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"succeeded": "#4c72b0", "host-failed": "#c44e52", "input-lost": "#dd8452",
          "dependency-failed": "#937860", "walltime-exceeded": "#8172b3", "no-host": "#999999"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    parser.add_argument("--out", help="image file (default RUN_DIR/run.png)")
    parser.add_argument("--max-hosts", type=int, default=64, help="hosts drawn in the Gantt chart")
    args = parser.parse_args()
    with open(os.path.join(args.run_dir, "tasks.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["host"] and float(r["end"]) > float(r["start"])]
    with open(os.path.join(args.run_dir, "hosts.csv")) as f:
        hosts = [h["host"] for h in csv.DictReader(f)]
    shown = hosts[: args.max_hosts]
    row_of = {h: i for i, h in enumerate(shown)}

    fig, (gantt, busy) = plt.subplots(2, 1, figsize=(11, 7), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 1]})
    # Lanes inside each host's row, as in timeline.json.
    by_host = {}
    for r in rows:
        by_host.setdefault(r["host"], []).append(r)
    for host, attempts in by_host.items():
        if host not in row_of:
            continue
        attempts.sort(key=lambda r: float(r["start"]))
        free, lanes = [], []
        for r in attempts:
            start, end = float(r["start"]), float(r["end"])
            lane = heapq.heappop(free)[1] if free and free[0][0] <= start else len(lanes)
            if lane == len(lanes):
                lanes.append(lane)
            heapq.heappush(free, (end, lane))
            r["lane"] = lane
        height = 0.8 / max(1, len(lanes))
        for r in attempts:
            gantt.broken_barh([(float(r["start"]), float(r["end"]) - float(r["start"]))],
                              (row_of[host] - 0.4 + r["lane"] * height, height),
                              facecolors=COLORS.get(r["outcome"], "#333333"), linewidth=0)
    gantt.set_yticks(range(len(shown)))
    gantt.set_yticklabels(shown, fontsize=6 if len(shown) > 24 else 8)
    gantt.invert_yaxis()
    gantt.set_ylabel("host")
    title = os.path.basename(os.path.normpath(args.run_dir))
    gantt.set_title(f"{title}: task attempts" + (f" (first {len(shown)} of {len(hosts)} hosts)" if len(hosts) > len(shown) else ""))
    for outcome, color in COLORS.items():
        if any(r["outcome"] == outcome for r in rows):
            gantt.plot([], [], color=color, linewidth=6, label=outcome)
    gantt.legend(loc="upper right", fontsize=8)

    # Tasks running over time, over all hosts: +1 at each start, -1 at each end.
    with open(os.path.join(args.run_dir, "hosts.csv")) as f:
        total = sum(int(float(h["cores"])) for h in csv.DictReader(f))
    changes = []
    for r in rows:
        changes += [(float(r["start"]), 1), (float(r["end"]), -1)]
    changes.sort()
    times, levels, level = [0.0], [0], 0
    for t, d in changes:
        level += d
        times.append(t)
        levels.append(level)
    busy.step(times, levels, where="post", color="#4c72b0")
    busy.axhline(total, color="#999999", linestyle="--", linewidth=1, label=f"{total} cores")
    busy.set_ylabel("tasks running")
    busy.set_xlabel("simulated time (s)")
    busy.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    out = args.out or os.path.join(args.run_dir, "run.png")
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
