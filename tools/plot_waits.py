#!/usr/bin/python3
"""Compares runs: the distributions (CDFs) of job wait and of bounded slowdown, one curve per run.

    build/nimbus run scenarios/backfilling.yaml --set scheduling.jobs=fcfs --out out/bf-fcfs
    build/nimbus run scenarios/backfilling.yaml --out out/bf-easy
    /usr/bin/python3 tools/plot_waits.py out/bf-fcfs out/bf-easy      # writes out/waits.png

Give run folders (any number; a sweep's kept runs too: DIR/runs/*). Each curve is named
by the settings in which the runs differ, read from their summary.json (the scenario as
run, with every --set applied, and the policies and seed as run): `fcfs` and
`easy-backfill` above, `jobs=fcfs, load=2` when two settings differ; --label names them
yourself. The legend gives each run's mean. A point (x, y) on a curve: a share y of the
run's completed jobs waited at most x (left), or were slowed down at most x times (right:
bounded slowdown, max(1, response / max(run time, tau)), 1 for a job that ran at once).
A curve to the left and above another is the better one for users. Both axes of x are
logarithmic: waits shorter than 1/10,000 of the longest (most often none) count at the
left edge, where each curve starts at the share of jobs that hardly waited.

Writes --out, by default waits.png in the folder holding the runs (the run's own folder
for one run). For a sweep's summary by axis, tools/plot_sweep.py draws the same panels
from its kept runs, pooled per value of the compared axis.

Needs Debian's python3-matplotlib and python3-numpy.
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import COLORS, common_title, draw_cdf_panels, read_rows, read_summary, run_labels, save  # noqa: E402


def job_samples(run_dir):
    """(waits, bounded slowdowns) of a run's completed jobs, from jobs.csv."""
    waits, slowdowns = [], []
    for j in read_rows(os.path.join(run_dir, "jobs.csv")):
        if j["status"] == "succeeded" and j["wait"] != "":
            waits.append(float(j["wait"]))
            slowdowns.append(float(j["bounded_slowdown"]))
    return waits, slowdowns


def default_out(dirs):
    if len(dirs) == 1:
        return os.path.join(dirs[0], "waits.png")
    parent = os.path.commonpath([os.path.abspath(d) for d in dirs])
    if parent in [os.path.abspath(d) for d in dirs]:
        parent = os.path.dirname(parent)
    return os.path.join(parent, "waits.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR")
    parser.add_argument("--label", action="append", help="a curve's name, once per run in order (default: "
                        "the settings in which the runs differ)")
    parser.add_argument("--out", help="image file (default: waits.png beside the runs)")
    parser.add_argument("--print", action="store_true", dest="print_stats",
                        help="also print, as JSON, each curve's jobs and mean wait and bounded slowdown")
    args = parser.parse_args()
    if args.label and len(args.label) != len(args.run_dirs):
        parser.error(f"--label given {len(args.label)} times for {len(args.run_dirs)} runs")
    for d in args.run_dirs:
        if not os.path.exists(os.path.join(d, "summary.json")):
            parser.error(f"{d}: no summary.json (not a run folder, or the run did not finish)")
    summaries = [read_summary(d) for d in args.run_dirs]
    labels, what = (args.label, "run") if args.label else run_labels(summaries, args.run_dirs)
    samples = {}
    for label, d in zip(labels, args.run_dirs):
        while label in samples:
            label += "'"
        samples[label] = job_samples(d)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), layout="constrained", sharey=True)
    draw_cdf_panels(axes, samples, COLORS)
    for ax in axes:  # under each panel, clear of the curves
        ax.legend(title=what, loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8, title_fontsize=8,
                  ncol=1 if len(samples) <= 4 else 2, frameon=False)
    fig.suptitle(f"{common_title(summaries)}: completed jobs' waits and bounded slowdowns, by {what}\n"
                 "higher and further left is better: more jobs waited less", fontsize=11)
    save(fig, args.out or default_out(args.run_dirs))
    if args.print_stats:
        mean = lambda v: sum(v) / len(v) if v else None
        print(json.dumps({label: {"jobs": len(w), "wait_mean": mean(w), "bounded_slowdown_mean": mean(b)}
                          for label, (w, b) in samples.items()}))


if __name__ == "__main__":
    main()
