#!/usr/bin/python3
"""Plots a sweep: a metric per policy with 95% confidence intervals, and CDFs of job waits.

    /usr/bin/python3 tools/plot_sweep.py out/sweep-heterogeneity
    /usr/bin/python3 tools/plot_sweep.py out/sweep-backfilling --metric wait.mean --metric bounded_slowdown.mean

Writes DIR/sweep.png: one row of panels per metric, one panel per combination of the other
axes, a bar per value of the compared axis (--by: by default the first scheduling.* axis)
with its 95% interval over the replications, from summary.csv. With runs kept
(nimbus sweep --keep-runs), also DIR/waits.png: the distributions (CDFs) of job waits and
of bounded slowdowns per value of the compared axis, every job of every replication
pooled, from each run's jobs.csv (the panels of tools/plot_waits.py, which compares run
folders, e.g. DIR/runs/*, one curve per run).

Needs Debian's python3-matplotlib.
"""
import argparse
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import COLORS, draw_cdf_panels, time_unit  # noqa: E402
from plot_waits import job_samples  # noqa: E402

def short(value):
    """A platform path as its file's name, as the sweep's table shows it."""
    name = value.rsplit("/", 1)[-1]
    return name.split(".")[0] if "/" in value else value


def unit_of(metric, largest):
    """The unit a metric is drawn in, chosen once per metric from its largest value."""
    head = metric.split(".")[0]
    if head in ("makespan", "wait", "response") and not metric.endswith(".count"):
        return time_unit(largest)
    if metric == "utilization":
        return "%", 0.01
    if metric == "energy_j":
        return ("kWh", 3.6e6) if largest >= 3.6e6 else ("Wh", 3600)
    return "", 1


def read_csv(path):
    with open(path) as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def number(text):
    return float(text) if text not in ("", None) else math.nan


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir", help="the sweep's output directory")
    parser.add_argument("--metric", action="append", help="a metric of summary.csv (repeatable; default: "
                        "makespan and wait.mean)")
    parser.add_argument("--by", help="the axis compared inside each panel (default: the first scheduling.* axis)")
    parser.add_argument("--out", help="image file (default DIR/sweep.png)")
    args = parser.parse_args()
    header, points = read_csv(os.path.join(args.dir, "summary.csv"))
    # By default the makespan and the mean wait, leaving out one that is zero everywhere (a
    # single job waits for nothing): an empty row of panels shows nothing.
    metrics = args.metric or [m for m in ("makespan", "wait.mean")
                              if any(number(p.get(m + "_mean")) for p in points)] or ["makespan"]
    axes = header[: header.index("runs")]
    if not axes:
        parser.error("the sweep has no axes: nothing to compare")
    by = args.by or next((a for a in axes if a.startswith("scheduling.")), axes[0])
    if by not in axes:
        parser.error(f"--by {by}: not an axis of this sweep (axes: {', '.join(axes)})")
    for m in metrics:
        if m + "_mean" not in header:
            parser.error(f"--metric {m}: not in summary.csv")
    others = [a for a in axes if a != by]
    values = list(dict.fromkeys(p[by] for p in points))
    panels = list(dict.fromkeys(tuple(p[a] for a in others) for p in points))
    title = lambda panel: ", ".join(f"{a}={short(v)}" for a, v in zip(others, panel)) or "all points"

    fig, grid = plt.subplots(len(metrics), len(panels), figsize=(2.2 + 2.6 * len(panels), 3.2 * len(metrics)),
                             squeeze=False, sharey="row")
    for row, metric in enumerate(metrics):
        largest = max((abs(number(p[metric + "_mean"])) for p in points if p[metric + "_mean"]), default=0)
        unit, scale = unit_of(metric, largest)
        for col, panel in enumerate(panels):
            ax = grid[row][col]
            mine = {p[by]: p for p in points if tuple(p[a] for a in others) == panel}
            means = [number(mine[v][metric + "_mean"]) / scale if v in mine else math.nan for v in values]
            errors = [number(mine[v][metric + "_ci95"]) / scale if v in mine else math.nan for v in values]
            errors = [0 if math.isnan(e) else e for e in errors]
            ax.bar(range(len(values)), means, yerr=errors, capsize=4,
                   color=[COLORS[i % len(COLORS)] for i in range(len(values))])
            ax.set_xticks(range(len(values)))
            ax.set_xticklabels([short(v) for v in values], rotation=30, ha="right", fontsize=8)
            if row == 0:
                ax.set_title(title(panel), fontsize=9)
            if col == 0:
                ax.set_ylabel(f"{metric} ({unit})" if unit else metric)
            ax.grid(axis="y", alpha=0.3)
    n = max((int(p[metrics[0] + "_n"] or 0) for p in points), default=0)
    fig.suptitle(f"{os.path.basename(os.path.normpath(args.dir))}: by {by}\nbars: means over {n} replications; "
                 "whiskers: 95% confidence intervals (Student's t)", fontsize=10)
    fig.tight_layout()
    out = args.out or os.path.join(args.dir, "sweep.png")
    fig.savefig(out, dpi=110)
    print(out)
    plot_waits(args.dir, axes, by, others, values, panels, title)


def plot_waits(sweep_dir, axes, by, others, values, panels, title):
    """CDFs of job waits and bounded slowdowns from the kept runs (plot_waits.py's panels);
    nothing without --keep-runs."""
    _, runs = read_csv(os.path.join(sweep_dir, "results.csv"))
    pooled = {}
    for r in runs:
        run_dir = os.path.join(sweep_dir, "runs", r.get("run_dir", ""))
        if not r.get("run_dir") or not os.path.exists(os.path.join(run_dir, "jobs.csv")):
            continue
        waits, slowdowns = pooled.setdefault((tuple(r[a] for a in others), r[by]), ([], []))
        w, b = job_samples(run_dir)
        waits.extend(w)
        slowdowns.extend(b)
    if not pooled or not any(any(w) for w, _ in pooled.values()):
        return  # no kept runs, or no job waited at all: no distribution to draw
    largest = max(max(w) if w else 0 for w, _ in pooled.values())
    fig, grid = plt.subplots(2, len(panels), figsize=(2.2 + 3.6 * len(panels), 9.5), squeeze=False, sharey=True,
                             layout="constrained")
    for col, panel in enumerate(panels):
        samples = {short(v): pooled.get((panel, v), ([], [])) for v in values}
        draw_cdf_panels((grid[0][col], grid[1][col]), samples, COLORS, wait_largest=largest)
        grid[0][col].set_title(title(panel), fontsize=9)
        for row in (0, 1):
            grid[row][col].legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.2), title=by,
                                  title_fontsize=7, frameon=False)
            if col:
                grid[row][col].set_ylabel("")
    grid[1][0].set_ylabel("fraction of jobs at most x")
    fig.suptitle(f"job waits (top) and bounded slowdowns (bottom) by {by}, every job of every replication; "
                 "higher and further left is better", fontsize=10)
    out = os.path.join(sweep_dir, "waits.png")
    fig.savefig(out, dpi=100)
    print(out)


if __name__ == "__main__":
    main()
