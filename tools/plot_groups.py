#!/usr/bin/python3
"""Plots one run per host group: utilization over time, and power over time (or energy).

    /usr/bin/python3 tools/plot_groups.py out/quickstart              # writes out/quickstart/groups.png
    /usr/bin/python3 tools/plot_groups.py out/quickstart --by cores --bins 100

Hosts are grouped by their name without its last `-N` (old-0 .. old-31 are `old`), or
with --by cores by their core count (hosts.csv). Top panel: each group's utilization
over time, its cores computing over its cores up (hosts off do not count), averaged over
--bins time bins (default 150); computing is what an attempt does between its inputs'
arrival and its output's departure (plot_common.Attempts), lost attempts included (a host
draws power for them; summary.json's utilization counts only the work kept, and
plot_run.py shows both); the legend gives each group's mean over the run.

Bottom panel: each group's power draw over time, stacked (the top edge is the whole
platform's). summary.json does not give the power figures, so they are read from the
platform: `nimbus describe --json` on summary.json's platform file (a path from where nimbus
ran: tried from here, then from the project's root; or give --platform), with
the binary at --nimbus (default build/nimbus beside tools/, else `nimbus` on PATH). Each
host draws, as nimbus's model has it, idle + (busy - idle) x (cores computing / cores)
while up and `off` while down (a platform without power figures has no energy: the panel
shows each group's cores up over time instead). The panel's title compares the energy under the curves with
hosts.csv's energy_j: equal for tasks (bags, workflows, rigid jobs). The curves are higher
where they count as computing at full speed what was not: a program's ranks hold their
cores while they send and wait (ranks.csv splits the two; tasks.csv does not), and a
platform `load:` (a noisy neighbour) slows a host's cores, which then draw less. Without the figures (no
binary, platform moved), the panel shows each group's energy from hosts.csv as bars
instead, and says why; without power figures in the platform there is no energy to show.

Needs Debian's python3-matplotlib and python3-numpy.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot_common import (COLORS, Attempts, Hosts, binned_sum, cores_per_host, duration, makespan_of,  # noqa: E402
                         read_summary, save, time_unit, title_of)

WATT = {"mW": 1e-3, "W": 1.0, "kW": 1e3, "MW": 1e6}


def energy_text(joules):
    for name, scale in (("MWh", 3.6e9), ("kWh", 3.6e6), ("Wh", 3.6e3)):
        if joules >= scale:
            return f"{joules / scale:.3g} {name}"
    return f"{joules:.3g} J"


def energy_check(drawn, recorded, gi, groups):
    """How the energy under the curves compares with hosts.csv's, per group."""
    agree, differ = [], []
    for g, name in enumerate(groups):
        mine = gi == g
        got, want = drawn[mine].sum(), recorded[mine].sum()
        gap = (got - want) / want if want else 0.0
        if abs(gap) < 1e-3:
            agree.append(name)
        else:
            differ.append(f"{name} {abs(gap):.0%} {'above' if gap > 0 else 'below'}")
    if not differ:
        return "energy under the curves = hosts.csv's energy_j"
    why = ("above: the curves count as computing at full speed what was not: a program's ranks sending or "
           "waiting, cores slowed by a platform load:"
           if any("above" in d for d in differ) else "below: hosts computed what tasks.csv does not show")
    head = f"= hosts.csv's energy_j for {', '.join(agree)}; " if agree else "vs hosts.csv's energy_j: "
    return f"energy under the curves {head}{'; '.join(differ)} ({why})"


def group_names(hosts, by):
    if by == "cores":
        return [f"{c} cores" for c in hosts.cores]
    return [re.sub(r"-\d+$", "", h) for h in hosts.names]


def power_figures(summary, hosts, platform, nimbus):
    """Per host (idle, busy, off) watts from `nimbus describe --json`, or (None, why)."""
    project = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if not platform:
        # summary.json's path is relative to where nimbus ran: here, or the project's root.
        platform = summary.get("platform", {}).get("file")
        if platform and not os.path.exists(platform) and os.path.exists(os.path.join(project, platform)):
            platform = os.path.join(project, platform)
    if not platform or not os.path.exists(platform):
        return None, f"platform file {platform!r} not found from here (give --platform)"
    binary = nimbus or os.path.join(project, "build", "nimbus")
    if not os.path.exists(binary):
        binary = shutil.which("nimbus")
    if not binary:
        return None, "no nimbus binary to read the platform's power figures (give --nimbus)"
    done = subprocess.run([binary, "describe", "--json", platform], capture_output=True, text=True)
    if done.returncode != 0:
        return None, f"nimbus describe {platform} failed: {done.stderr.strip()[:200]}"
    described = json.loads(done.stdout)
    power = {}
    for g in described.get("groups", []):
        found = re.findall(r"(\w+) ([-+.\deE]+) ?([mkM]?W)\b", g.get("power", ""))  # "idle 95 W, busy 200 W, ..."
        figures = {k: float(v) * WATT[u] for k, v, u in found}
        if "idle" in figures and "busy" in figures:
            power[g["name"]] = (figures["idle"], figures["busy"], figures.get("off", 0.0))
    group_of = {h["name"]: h.get("group") for h in described.get("host_list", [])}
    try:
        return np.array([power[group_of[h]] for h in hosts.names]), None
    except KeyError:
        return None, f"{platform} does not give every host of this run power figures"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir")
    parser.add_argument("--out", help="image file (default RUN_DIR/groups.png)")
    parser.add_argument("--by", choices=("name", "cores"), default="name",
                        help="group hosts by name without the last -N (default) or by core count")
    parser.add_argument("--bins", type=int, default=150, help="time bins (default 150)")
    parser.add_argument("--platform", help="the run's platform file (default: summary.json's, from here)")
    parser.add_argument("--nimbus", help="the nimbus binary that reads its power figures (default build/nimbus)")
    parser.add_argument("--print", action="store_true", dest="print_stats",
                        help="also print, as JSON, per group: hosts, core-seconds computing and up, and the energy "
                        "under the power curve next to hosts.csv's")
    args = parser.parse_args()
    summary = read_summary(args.run_dir)
    hosts = Hosts(args.run_dir)
    att = Attempts(args.run_dir, hosts)
    makespan = makespan_of(summary, att) or 1.0
    unit, scale = time_unit(makespan)
    names = group_names(hosts, args.by)
    groups = list(dict.fromkeys(names))
    gi = np.array([groups.index(n) for n in names], dtype=np.int64)
    ng, bins, dt = len(groups), args.bins, makespan / args.bins
    mid = (np.arange(bins) + 0.5) * dt / scale

    # Per host and bin: core-seconds computing, seconds down.
    nh = len(hosts.names)
    which, where, cores = cores_per_host(att, hosts)  # a rigid job's cores on each of its hosts
    computing = binned_sum(att.start[which], att.compute_end[which], cores, 0.0, dt, bins, where, nh)
    down = binned_sum(hosts.down_start, hosts.down_end, 1.0, 0.0, dt, bins, hosts.down_host, nh)
    up_cores_s = hosts.cores[:, None] * (dt - down)
    g_busy = np.zeros((ng, bins))
    g_up = np.zeros((ng, bins))
    np.add.at(g_busy, gi, computing)
    np.add.at(g_up, gi, up_cores_s)

    fig, (util_ax, power_ax) = plt.subplots(2, 1, figsize=(12, 7.5), sharex=True, layout="constrained")
    for g, name in enumerate(groups):
        mine = gi == g
        with np.errstate(invalid="ignore", divide="ignore"):
            u = np.where(g_up[g] > 0, g_busy[g] / g_up[g], np.nan)
        mean = g_busy[g].sum() / g_up[g].sum() if g_up[g].sum() else 0
        cores = sorted(set(hosts.cores[mine]))
        util_ax.plot(mid, 100 * u, color=COLORS[g % len(COLORS)], linewidth=1.5,
                     label=f"{name}: {mine.sum()} hosts x {'/'.join(map(str, cores))} cores, mean {mean:.1%}")
    util_ax.set_ylim(0, 105)
    util_ax.set_xlim(0, makespan / scale)
    util_ax.set_ylabel("utilization (%)")
    util_ax.set_title(f"cores computing / cores up, per group, means over bins of {duration(dt)}", fontsize=9,
                      loc="left")
    util_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False, title="host group")
    util_ax.grid(alpha=0.3)

    energy = hosts.energy_j
    stats = {name: {"hosts": int(np.sum(gi == g)), "computing_core_s": float(g_busy[g].sum()),
                    "up_core_s": float(g_up[g].sum()), "energy_drawn_j": None,
                    "energy_hosts_csv_j": None if np.all(np.isnan(energy)) else float(np.nansum(energy[gi == g]))}
             for g, name in enumerate(groups)}
    if np.all(np.isnan(energy)):
        # No power figures, no energy: each group's cores up instead (its failures).
        for g, name in enumerate(groups):
            power_ax.plot(mid, g_up[g] / dt, color=COLORS[g % len(COLORS)], linewidth=1.5,
                          label=f"{name}: {int(hosts.cores[gi == g].sum())} cores")
        power_ax.set_ylabel("cores up")
        power_ax.set_ylim(0, max(int(hosts.cores[gi == g].sum()) for g in range(ng)) * 1.1)
        power_ax.grid(alpha=0.3)
        power_ax.set_title("cores up per group, means over the bins (downtime.csv); the platform gives no power "
                           "figures: no energy to draw", fontsize=9, loc="left")
        power_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    else:
        watts, why = power_figures(summary, hosts, args.platform, args.nimbus)
        if watts is not None:
            idle, busy, off = watts[:, 0:1], watts[:, 1:2], watts[:, 2:3]
            host_j = idle * (dt - down) + (busy - idle) * computing / hosts.cores[:, None] + off * down
            group_j = np.zeros((ng, bins))
            np.add.at(group_j, gi, host_j)
            for g, name in enumerate(groups):
                stats[name]["energy_drawn_j"] = float(group_j[g].sum())
            big = group_j.sum(axis=0).max() / dt
            p_unit, p_scale = ("MW", 1e6) if big >= 1e6 else ("kW", 1e3) if big >= 1e3 else ("W", 1)
            lower = np.zeros(bins)
            for g, name in enumerate(groups):
                level = group_j[g] / dt / p_scale
                power_ax.fill_between(mid, lower, lower + level, step="mid", color=COLORS[g % len(COLORS)],
                                      alpha=0.85, linewidth=0,
                                      label=f"{name}: {energy_text(energy[gi == g].sum())} (hosts.csv)")
                lower = lower + level
            check = energy_check(host_j.sum(axis=1), energy, gi, groups)
            power_ax.set_title(f"power drawn per group, stacked\n{check}",
                               fontsize=9, loc="left")
            power_ax.set_ylabel(f"power ({p_unit})")
            power_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False, title="energy")
            power_ax.set_ylim(0, lower.max() * 1.1 or 1)
        else:
            # Not over time: the energy of each group, as bars, and why.
            joules = [float(np.nansum(energy[gi == g])) for g in range(ng)]
            name, per = next(((n, d) for n, d in (("MWh", 3.6e9), ("kWh", 3.6e6), ("Wh", 3.6e3))
                              if max(joules) >= d), ("J", 1.0))
            power_ax.set_axis_off()
            util_ax.tick_params(labelbottom=True)
            util_ax.set_xlabel(f"simulated time ({unit})")
            bars = power_ax.inset_axes([0.08, 0.12, 0.45, 0.72])
            bars.barh(range(ng), [j / per for j in joules], color=[COLORS[g % len(COLORS)] for g in range(ng)])
            bars.set_yticks(range(ng))
            bars.set_yticklabels(groups, fontsize=8)
            bars.set_xlabel(f"energy over the run ({name}, hosts.csv)", fontsize=8)
            bars.set_title("energy per group; power over time not drawn:", fontsize=9, loc="left")
            power_ax.text(0.58, 0.5, why, transform=power_ax.transAxes, fontsize=9, va="center", wrap=True)
    if power_ax.axison:
        power_ax.set_xlabel(f"simulated time ({unit})")
        power_ax.set_xlim(0, makespan / scale)
    fig.suptitle(f"{title_of(summary)}\n{len(hosts.names)} hosts in {ng} group{'s' if ng != 1 else ''}; "
                 f"makespan {duration(makespan)}", fontsize=11)
    save(fig, args.out or os.path.join(args.run_dir, "groups.png"))
    if args.print_stats:
        print(json.dumps(stats))


if __name__ == "__main__":
    main()
