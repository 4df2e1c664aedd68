#!/usr/bin/python3
"""Plots one run folder: what every host did over time, and the cores busy against the cores up.

    /usr/bin/python3 tools/plot_run.py out/backfilling             # writes out/backfilling/run.png
    /usr/bin/python3 tools/plot_run.py out/rack-failure --max-hosts 16 --out rack.png
    /usr/bin/python3 tools/plot_run.py out/backfilling --print-busy   # also prints the integrals, JSON

Top panel, one row per host (the first --max-hosts of hosts.csv), split into as many
slots as the host has cores: each task attempt fills `cores` slots (tasks.csv's column;
a rigid job its cores, so a 64-core job is half a 128-core row) from the moment it holds
them to its end, colored by outcome; the part spent waiting for data is drawn in yellow:
its inputs arriving just before `start`, its output travelling just before `end` (tasks.csv
records only the total transfer_s: the split is in plot_common.Attempts). Which cores an
attempt got is not recorded: it takes the lowest free slots here, and a rigid job that does
not fit on the host tasks.csv names (its first) continues on the next hosts up, first-fit
as nimbus places it (plot_common.Allocation). The picture is exact in how many cores each
host had busy at each moment, not in which. Hatched grey spans: the host was off
(downtime.csv).
Above --gantt-limit attempts on the hosts shown (default 30,000), the top panel becomes a
heat strip instead: per host, the share of its cores busy in each of --bins time bins
(grey: off for most of the bin).

Bottom panel: cores held over time, weighted by each attempt's cores, stacked:
computing in attempts that succeeded (the useful work of summary.json's `utilization`),
transfers, and computing lost in attempts that failed; the line is the cores of the hosts
up. The legend gives the mean of the useful part over [0, makespan] as a share of the
up core-seconds next to summary.json's utilization: they agree for bags of tasks, rigid
jobs and workflows. They differ where the summary counts computation the attempts do not
show: a program's ranks hold their cores while they send and wait (summary: compute only),
and a checkpointed task keeps the progress of the attempts that failed. Exact steps up to
200,000 attempts, means over time bins above.

Time in s, min, h or days, chosen from the makespan; the title names the scenario, the
platform, the policies and the seed (summary.json).

Speed, measured on 2 shared cores with Debian's matplotlib 3.6 (bags of tasks with inputs,
outputs and retries on platforms/flaky.yaml, 33 hosts failing): 20,000 tasks (20,147
attempts) draw in 1.4 s, where a bar per task took 23 s for 5,000; a million tasks
(1,004,748 attempts: the heat strip and binned curves) in 4 to 6 s and 780 MB, half of it
reading tasks.csv (tasks of several cores add about 1.5 s a million to place them core by
core). All the bars of one kind are one PolyCollection.

Needs Debian's python3-matplotlib and python3-numpy.
"""
import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (DOWN_COLOR, OUTCOME_COLORS, TRANSFER_COLOR, Allocation, Attempts, Hosts,  # noqa: E402
                         binned_sum, cores_per_host, duration, makespan_of, read_summary, save, step_levels,
                         time_unit, title_of)

EXACT_LIMIT = 200_000


def busy_integrals(att, hosts, makespan):
    """Core-seconds over [0, makespan]: useful computing, transfers, lost computing, up."""
    clip = lambda a, b: np.clip(b, 0, makespan) - np.clip(a, 0, makespan)
    ok = att.succeeded
    useful = float(np.sum(att.cores[ok] * clip(att.start[ok], att.compute_end[ok])))
    transfer = float(np.sum(att.cores * (clip(att.held, att.start) + clip(att.compute_end, att.end))))
    lost = float(np.sum(att.cores[~ok] * clip(att.start[~ok], att.compute_end[~ok])))
    down = np.zeros(len(hosts.names))
    np.add.at(down, hosts.down_host, clip(hosts.down_start, hosts.down_end))
    up = float(np.sum(hosts.cores * (makespan - down)))
    return {"useful_core_s": useful, "transfer_core_s": transfer, "lost_core_s": lost, "up_core_s": up}


def layers(att):
    """The three stacked layers: (label, color, interval starts, ends, weights)."""
    ok = att.succeeded
    return [
        ("computing, attempts that succeeded", OUTCOME_COLORS["succeeded"],
         att.start[ok], att.compute_end[ok], att.cores[ok]),
        ("waiting for data (inputs, output)", TRANSFER_COLOR, np.concatenate([att.held, att.compute_end]),
         np.concatenate([att.start, att.end]), np.concatenate([att.cores, att.cores])),
        ("computing, attempts that failed", OUTCOME_COLORS["host-failed"],
         att.start[~ok], att.compute_end[~ok], att.cores[~ok]),
    ]


def up_cores_curve(hosts, makespan):
    """(times, cores up just after each time) from downtime.csv."""
    total = int(hosts.cores.sum())
    if len(hosts.down_host) == 0:
        return np.array([0.0, makespan]), np.array([total, total], dtype=float)
    w = hosts.cores[hosts.down_host]
    times = np.unique(np.concatenate([[0.0, makespan], hosts.down_start, hosts.down_end]))
    times = times[(times >= 0) & (times <= makespan)]
    return times, total - step_levels(times, hosts.down_start, hosts.down_end, w)


def draw_busy(ax, att, hosts, makespan, scale, bins, exact_limit=EXACT_LIMIT):
    """The bottom panel; returns what it drew, integrated over [0, makespan] (core-seconds)."""
    drawn = {}
    if att.count <= exact_limit:
        edges = [a for _, _, a, b, _ in layers(att)] + [b for _, _, a, b, _ in layers(att)]
        times = np.unique(np.concatenate([[0.0, makespan]] + [np.asarray(e, dtype=float) for e in edges]))
        times = times[(times >= 0) & (times <= makespan)]
        lower = np.zeros(len(times))
        for label, color, a, b, w in layers(att):
            if len(a) == 0 or not np.any(b > a):
                continue
            level = step_levels(times, a, b, w)
            ax.fill_between(times / scale, lower, lower + level, step="post", color=color, linewidth=0, label=label)
            drawn[label] = float(np.sum(level[:-1] * np.diff(times)))
            lower = lower + level
        how = "exact"
    else:
        dt = makespan / bins
        centers = (np.arange(bins) + 0.5) * dt
        lower = np.zeros(bins)
        for label, color, a, b, w in layers(att):
            if len(a) == 0 or not np.any(b > a):
                continue
            level = binned_sum(a, b, w, 0.0, dt, bins)[0] / dt
            ax.fill_between(centers / scale, lower, lower + level, color=color, linewidth=0, label=label)
            drawn[label] = float(level.sum() * dt)
            lower = lower + level
        how = f"means over bins of {duration(dt)}"
    up_label = f"cores of the hosts up ({int(hosts.cores.sum())} in all)"
    if how == "exact":
        t, up = up_cores_curve(hosts, makespan)
        ax.step(t / scale, up, where="post", color="#333333", linewidth=1, label=up_label)
    else:
        down = binned_sum(hosts.down_start, hosts.down_end, hosts.cores[hosts.down_host], 0.0, dt, bins)[0] / dt
        ax.plot(centers / scale, hosts.cores.sum() - down, color="#333333", linewidth=1, label=up_label)
    ax.set_ylim(0, max(float(hosts.cores.sum()), float(lower.max()) if len(lower) else 0) * 1.08 or 1)
    ax.set_ylabel("cores")
    drawn["peak_cores"] = float(lower.max()) if len(lower) else 0.0
    return drawn, how


def draw_gantt(ax, att, hosts, shown, scale):
    shown_rows = {hosts.index[h]: r for r, h in enumerate(shown)}
    alloc = Allocation(att, hosts)
    verts = {}

    def box(key, x0, x1, y0, h):
        keep = x1 > x0
        if not np.any(keep):
            return
        x0, x1, y0 = x0[keep], x1[keep], y0[keep]
        h = np.broadcast_to(h, keep.shape)[keep]
        v = np.stack([np.stack([x0, y0], 1), np.stack([x1, y0], 1), np.stack([x1, y0 + h], 1),
                      np.stack([x0, y0 + h], 1)], 1)
        verts.setdefault(key, []).append(v)

    on_shown = alloc.host < len(shown)  # hosts.csv order: the first hosts are the ones shown
    i, row, first, n = alloc.attempt[on_shown], alloc.host[on_shown], alloc.first[on_shown], alloc.count[on_shown]
    runs = len(i)
    if runs:
        unit = 0.8 / alloc.slots[row]
        y0 = row - 0.4 + first * unit
        h = n * unit
        box("transfer", att.held[i] / scale, att.start[i] / scale, y0, h)
        box("transfer", att.compute_end[i] / scale, att.end[i] / scale, y0, h)
        for code, name in enumerate(att.outcome_names):
            m = att.outcome[i] == code
            box(name, att.start[i][m] / scale, att.compute_end[i][m] / scale, y0[m], h[m])
    # Down periods of the hosts shown, under the bars.
    m = np.isin(hosts.down_host, list(shown_rows))
    if np.any(m):
        rows = np.array([shown_rows[int(x)] for x in hosts.down_host[m]], dtype=float)
        box("down", hosts.down_start[m] / scale, hosts.down_end[m] / scale, rows - 0.45, 0.9)
    edge = runs < 3000
    handles = []
    for key in ["down"] + [n for n in OUTCOME_COLORS if n in verts] + \
               [n for n in verts if n not in OUTCOME_COLORS and n not in ("down", "transfer")] + ["transfer"]:
        if key not in verts:
            continue
        color = {"down": DOWN_COLOR, "transfer": TRANSFER_COLOR}.get(key, OUTCOME_COLORS.get(key, "#333333"))
        coll = PolyCollection(np.concatenate(verts[key]), facecolors=color,
                              edgecolors="white" if edge and key != "down" else "none",
                              linewidths=0.3 if edge and key != "down" else 0,
                              zorder=1 if key == "down" else 2, hatch="///" if key == "down" else None)
        ax.add_collection(coll)
        label = {"down": "host off (downtime.csv)",
                 "transfer": "waiting for data: inputs before start, output before end",
                 "succeeded": "computing (succeeded)"}.get(key, f"computing ({key})")
        handles.append(Patch(facecolor=color, hatch="///" if key == "down" else None, label=label))
    ax.set_ylim(len(shown) - 0.5, -0.5)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(shown, fontsize=6 if len(shown) > 24 else 8)
    return handles


def draw_heat(fig, ax, att, hosts, shown, makespan, scale, bins):
    """Per host, the share of its cores held in each time bin."""
    dt = makespan / bins
    rows_of = np.full(len(hosts.names), -1, dtype=np.int64)
    for r, h in enumerate(shown):
        rows_of[hosts.index[h]] = r
    which, where, cores = cores_per_host(att, hosts)
    rows = rows_of[where]
    m = rows >= 0
    which, cores = which[m], cores[m]
    held = binned_sum(att.held[which], att.end[which], cores, 0.0, dt, bins, rows[m], len(shown))
    capacity = hosts.cores[[hosts.index[h] for h in shown]][:, None] * dt
    share = held / capacity
    dm = rows_of[hosts.down_host] >= 0 if len(hosts.down_host) else np.zeros(0, dtype=bool)
    down = binned_sum(hosts.down_start[dm], hosts.down_end[dm], 1.0, 0.0, dt, bins, rows_of[hosts.down_host[dm]],
                      len(shown))
    share = np.ma.masked_where(down > 0.5 * dt, share)
    cmap = matplotlib.colormaps["viridis"].copy()
    cmap.set_bad(DOWN_COLOR)
    image = ax.imshow(share, aspect="auto", interpolation="nearest", cmap=cmap, vmin=0, vmax=1,
                      extent=(0, makespan / scale, len(shown) - 0.5, -0.5))
    fig.colorbar(image, ax=ax, label="share of the host's cores held (grey: host off most of the bin)",
                 pad=0.01, fraction=0.04)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(shown, fontsize=6 if len(shown) > 24 else 8)
    if len(shown) > 64:
        ax.set_yticks(range(0, len(shown), max(1, len(shown) // 32)))
        ax.set_yticklabels(shown[:: max(1, len(shown) // 32)], fontsize=6)
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    parser.add_argument("--out", help="image file (default RUN_DIR/run.png)")
    parser.add_argument("--max-hosts", type=int, default=64, help="hosts drawn in the top panel (default 64)")
    parser.add_argument("--gantt-limit", type=int, default=30_000,
                        help="above this many attempts on the hosts shown, a heat strip (default 30,000)")
    parser.add_argument("--bins", type=int, default=600, help="time bins of the heat strip and of binned curves")
    parser.add_argument("--exact-limit", type=int, default=EXACT_LIMIT,
                        help="above this many attempts, the bottom panel draws means over time bins (default 200,000)")
    parser.add_argument("--print-busy", action="store_true",
                        help="print, as JSON, the core-seconds the bottom panel draws and summary.json's utilization")
    args = parser.parse_args()
    summary = read_summary(args.run_dir)
    hosts = Hosts(args.run_dir)
    att = Attempts(args.run_dir, hosts)
    makespan = makespan_of(summary, att) or 1.0
    unit, scale = time_unit(makespan)
    shown = hosts.names[: args.max_hosts]
    on_shown = int(np.sum(att.host < len(shown))) if att.count else 0  # hosts.csv order = index order

    fig, (top, busy) = plt.subplots(2, 1, figsize=(13, 8.5), sharex=True, layout="constrained",
                                    gridspec_kw={"height_ratios": [3, 1.3]})
    if on_shown > args.gantt_limit:
        handles = draw_heat(fig, top, att, hosts, shown, makespan, scale, args.bins)
        what = f"share of each host's cores held by attempts, in bins of {duration(makespan / args.bins)}"
    else:
        handles = draw_gantt(top, att, hosts, shown, scale)
        what = "task attempts, one slot per core"
    more = f", first {len(shown)} of {len(hosts.names)} hosts" if len(hosts.names) > len(shown) else ""
    top.set_ylabel("host")
    top.set_title(f"{what}{more}", fontsize=9, loc="left")
    if handles:
        top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)

    drawn, how = draw_busy(busy, att, hosts, makespan, scale, args.bins, args.exact_limit)
    integrals = busy_integrals(att, hosts, makespan)
    metrics = summary.get("metrics", {})
    util = metrics.get("utilization")
    useful_label = "computing, attempts that succeeded"
    share = integrals["useful_core_s"] / integrals["up_core_s"] if integrals["up_core_s"] else 0.0
    handles, labels = busy.get_legend_handles_labels()
    mean = integrals["useful_core_s"] / makespan
    labels = [l + (f":\nmean {mean:.4g} cores = {share:.1%} of the up core-seconds\n(summary.json utilization: "
                   f"{util:.1%})" if util is not None else "") if l == useful_label else l for l in labels]
    busy.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    busy.set_title(f"cores held over time, weighted by each attempt's cores ({how})", fontsize=9, loc="left")
    busy.set_xlabel(f"simulated time ({unit})")
    busy.set_xlim(0, makespan / scale)
    jobs = metrics.get("jobs", {}).get("submitted", "?")
    jobs = f"{jobs:,}" if isinstance(jobs, int) else jobs
    plural = lambda n, what: f"{n} {what}{'' if str(n) == '1' else 's'}"
    fig.suptitle(f"{title_of(summary)}\n{plural(jobs, 'job')}, {att.count:,} attempts on "
                 f"{plural(len(hosts.names), 'host')} ({int(hosts.cores.sum())} cores); makespan {duration(makespan)}",
                 fontsize=11)
    save(fig, args.out or os.path.join(args.run_dir, "run.png"))
    if args.print_busy:
        peak = drawn.pop("peak_cores")
        print(json.dumps({**integrals, "drawn_core_s": drawn, "peak_cores": peak, "makespan": makespan,
                          "utilization_summary": util, "utilization_drawn": share, "attempts": att.count}))


if __name__ == "__main__":
    main()
