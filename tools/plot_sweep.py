#!/usr/bin/python3
"""Plots a sweep: a metric per policy with 95% confidence intervals, and CDFs of job waits.

    /usr/bin/python3 tools/plot_sweep.py out/sweep-heterogeneity
    /usr/bin/python3 tools/plot_sweep.py out/sweep-backfilling --metric wait.mean --metric bounded_slowdown.mean

Writes DIR/sweep.png: one row of panels per metric, one panel per combination of the other
axes, a bar per value of the compared axis (--by: by default the first scheduling.* axis)
with its 95% interval over the replications, from summary.csv. With runs kept
(nimbus sweep --keep-runs), also DIR/waits.png: the distribution (CDF) of job waits per
value of the compared axis, every job of every replication pooled, from each run's jobs.csv.

Needs Debian's python3-matplotlib.
"""
import argparse
import csv
import math
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]


def short(value):
    """A platform path as its file's name, as the sweep's table shows it."""
    name = value.rsplit("/", 1)[-1]
    return name.split(".")[0] if "/" in value else value


def time_unit(largest):
    for name, scale, below in (("ms", 1e-3, 1), ("s", 1, 600), ("min", 60, 6000), ("h", 3600, 360000)):
        if largest < below:
            return name, scale
    return "d", 86400


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
    """CDFs of job waits from the kept runs; nothing without --keep-runs."""
    _, runs = read_csv(os.path.join(sweep_dir, "results.csv"))
    waits = {}
    for r in runs:
        jobs = os.path.join(sweep_dir, "runs", r.get("run_dir", ""), "jobs.csv")
        if not r.get("run_dir") or not os.path.exists(jobs):
            continue
        with open(jobs) as f:
            pooled = waits.setdefault((tuple(r[a] for a in others), r[by]), [])
            pooled.extend(float(j["wait"]) for j in csv.DictReader(f) if j["status"] == "succeeded")
    if not waits or not any(any(w) for w in waits.values()):
        return  # no kept runs, or no job waited at all: no distribution to draw
    largest = max(max(w) if w else 0 for w in waits.values())
    unit, scale = time_unit(largest)
    # A log scale from 1/10,000 of the longest wait: shorter waits (most often none at all)
    # count at its left edge, where each curve starts at the share of jobs that hardly waited.
    low = max(largest / scale / 1e4, 1e-6)
    high = max(largest / scale * 1.5, low * 10)
    fig, grid = plt.subplots(1, len(panels), figsize=(2.2 + 3.2 * len(panels), 3.6), squeeze=False, sharey=True)
    for col, panel in enumerate(panels):
        ax = grid[0][col]
        for i, v in enumerate(values):
            w = sorted(max(x / scale, low) for x in waits.get((panel, v), []))
            if w:
                ax.step(w, [(k + 1) / len(w) for k in range(len(w))], where="post", color=COLORS[i % len(COLORS)],
                        label=short(v))
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ax.set_ylim(0, 1.02)
        ax.set_title(title(panel), fontsize=9)
        ax.set_xlabel(f"job wait ({unit}, log scale)")
        ax.grid(alpha=0.3)
    grid[0][0].set_ylabel("fraction of jobs waiting at most x")
    grid[0][0].legend(fontsize=8, loc="upper left")
    fig.suptitle(f"job waits by {by} (every job of every replication)", fontsize=10)
    fig.tight_layout()
    out = os.path.join(sweep_dir, "waits.png")
    fig.savefig(out, dpi=110)
    print(out)


if __name__ == "__main__":
    main()
