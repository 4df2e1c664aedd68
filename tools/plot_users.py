#!/usr/bin/python3
"""Compares users: how long each user's tasks waited, one box per user (and per run).

    build/nimbus run scenarios/fair-share.yaml --set scheduling.jobs=fcfs --out out/fs-fcfs
    build/nimbus run scenarios/fair-share.yaml --out out/fs-fair
    /usr/bin/python3 tools/plot_users.py out/fs-fcfs out/fs-fair      # writes out/users.png

A task's wait is the time from its being ready (its job submitted, its inputs produced) to
the start of its first attempt: tasks.csv's start - ready, which includes the time its
inputs took to arrive. Tasks are a user's by their job's `user` (jobs.csv). With --jobs,
each job's wait from jobs.csv instead (start of its first task - submit): a bag submitted
at once is one job that starts at once, however long its last task queues, so task waits
show a flood better. Tasks that never began are left out (their count is under the user).

One box per user, side by side per run when several runs are given (each named, as in
plot_waits.py, by the settings in which the runs differ): the box spans the middle half of
the waits, the line is the median, whiskers reach the 5th and 95th percentiles, the
diamond is the mean. The wait axis is logarithmic; waits shorter than its lower edge
(1/10,000 of the longest, at least 1 ms), most often none at all, are drawn there. Users
with the most tasks come first; beyond --max-users the rest are pooled as "others".

Writes --out, by default users.png in the run's folder (for several runs, in the folder
holding them).

Needs Debian's python3-matplotlib and python3-numpy.
"""
import argparse
import json
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (COLORS, common_title, read_rows, read_summary, run_labels, save, time_unit,  # noqa: E402
                         title_of)
from plot_waits import default_out  # noqa: E402


def waits_by_user(run_dir, jobs_only):
    """{user: [waits in seconds]} and {user: items that never began}."""
    jobs = read_rows(os.path.join(run_dir, "jobs.csv"))
    waits, never = {}, {}
    if jobs_only:
        for j in jobs:
            if j["wait"] != "":
                waits.setdefault(j["user"], []).append(float(j["wait"]))
            else:
                never[j["user"]] = never.get(j["user"], 0) + 1
        return waits, never
    user_of = {j["job"]: j["user"] for j in jobs}
    started, keys = {}, set()  # (job, task) -> (attempt, ready, start) of its first attempt that began
    with open(os.path.join(run_dir, "tasks.csv"), newline="") as f:
        reader = csv.reader(f)
        col = {name: i for i, name in enumerate(next(reader))}
        ij, it, ia, ir, i_s = col["job"], col["task"], col["attempt"], col["ready"], col["start"]
        for r in reader:
            key = (r[ij], r[it])
            keys.add(key)
            if r[i_s] and (key not in started or int(r[ia]) < started[key][0]):
                started[key] = (int(r[ia]), float(r[ir]), float(r[i_s]))
    for key in keys:
        user = user_of.get(key[0], "?")
        if key in started:
            waits.setdefault(user, []).append(started[key][2] - started[key][1])
        else:
            never[user] = never.get(user, 0) + 1
    return waits, never


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR")
    parser.add_argument("--jobs", action="store_true", help="job waits (jobs.csv) instead of task waits")
    parser.add_argument("--max-users", type=int, default=12, help="users drawn (most tasks first; default 12)")
    parser.add_argument("--label", action="append", help="a run's name, once per run in order")
    parser.add_argument("--out", help="image file (default: users.png in the run's folder, or beside the runs)")
    parser.add_argument("--print", action="store_true", dest="print_stats",
                        help="also print, as JSON, per run and user: waits counted, mean and median (s)")
    args = parser.parse_args()
    if args.label and len(args.label) != len(args.run_dirs):
        parser.error(f"--label given {len(args.label)} times for {len(args.run_dirs)} runs")
    summaries = [read_summary(d) for d in args.run_dirs]
    labels, what = (args.label, "run") if args.label else run_labels(summaries, args.run_dirs)
    per_run = [waits_by_user(d, args.jobs) for d in args.run_dirs]

    # Users by their items, most first (the first run's counts, then the others').
    counts = {}
    for waits, never in per_run:
        for u in set(waits) | set(never):
            counts[u] = max(counts.get(u, 0), len(waits.get(u, [])) + never.get(u, 0))
    users = sorted(counts, key=lambda u: (-counts[u], u))
    shown, rest = users[: args.max_users], users[args.max_users:]
    if len(rest) == 1:
        shown, rest = users, []
    columns = shown + ([f"others ({len(rest)} users)"] if rest else [])

    def sample(waits, column):
        if column in waits:
            return np.asarray(waits[column], dtype=float)
        if rest and column == columns[-1]:
            return np.asarray([w for u in rest for w in waits.get(u, [])], dtype=float)
        return np.zeros(0)

    largest = max((max(w) for waits, _ in per_run for w in waits.values() if w), default=0.0)
    unit, scale = time_unit(largest)
    low = max(largest / 1e4, 1e-3) / scale
    n_runs = len(args.run_dirs)
    width = 0.8 / n_runs
    wide = min(16.0, max(7.0, 1.2 + len(columns) * (0.55 + 0.45 * n_runs)))
    fig, ax = plt.subplots(figsize=(wide, 5.2), layout="constrained")
    handles = []
    for k, (label, (waits, never)) in enumerate(zip(labels, per_run)):
        data, pos = [], []
        for c, column in enumerate(columns):
            w = sample(waits, column) / scale
            if len(w):
                data.append(np.maximum(w, low))
                pos.append(c - 0.4 + width * (k + 0.5))
        if not data:
            continue
        color = COLORS[k % len(COLORS)]
        ax.boxplot(data, positions=pos, widths=width * 0.85, whis=(5, 95), showfliers=False, patch_artist=True,
                   showmeans=True, manage_ticks=False,
                   boxprops={"facecolor": color, "alpha": 0.75, "edgecolor": "#333333"},
                   medianprops={"color": "#222222"}, whiskerprops={"color": "#555555"}, capprops={"color": "#555555"},
                   meanprops={"marker": "D", "markerfacecolor": "white", "markeredgecolor": "#222222", "markersize": 5})
        handles.append(Patch(facecolor=color, alpha=0.75, edgecolor="#333333", label=label))
        for x, w in zip(pos, data):  # the mean, above the upper whisker
            ax.annotate(f"{w.mean():.3g}", (x, np.percentile(w, 95)), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7)
    ticks = []
    for column in columns:
        n = counts.get(column) if column in counts else sum(counts[u] for u in rest)
        ticks.append(f"{column}\n{n:,} {'jobs' if args.jobs else 'tasks'}")
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(ticks, fontsize=8)
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_yscale("log")
    ax.set_ylim(low * 0.7, max(largest / scale * 2, low * 10))
    item = "job" if args.jobs else "task"
    ax.set_ylabel(f"{item} wait ({unit}, log scale; shorter waits at the bottom edge)")
    ax.grid(axis="y", alpha=0.3, which="both")
    if n_runs > 1:
        ax.legend(handles=handles, title=what, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
                  title_fontsize=8, frameon=False)
    title = common_title(summaries) if n_runs > 1 else title_of(summaries[0])
    fig.suptitle(f"{title}: {item} waits per user\nbox: middle half; line: median; whiskers: 5th-95th "
                 "percentile; diamond and number: mean", fontsize=10)
    out = args.out or (os.path.join(args.run_dirs[0], "users.png") if n_runs == 1 else
                       default_out(args.run_dirs).replace("waits.png", "users.png"))
    save(fig, out)
    if args.print_stats:
        print(json.dumps({label: {u: {"n": len(w), "mean": float(np.mean(w)), "median": float(np.median(w)),
                                      "never_began": never.get(u, 0)} for u, w in waits.items()}
                          for label, (waits, never) in zip(labels, per_run)}))


if __name__ == "__main__":
    main()
