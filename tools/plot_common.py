"""What the plot tools share: reading a run folder into arrays, the transfer split of an
attempt, time units, titles, the labels that tell runs apart, binning over time, CDFs.

Not a command: tools/plot_run.py, plot_waits.py, plot_groups.py, plot_users.py and
plot_sweep.py import it (Python puts a script's own folder on its path).
"""
import csv
import json
import math
import os
import re

import numpy as np

OUTCOME_COLORS = {"succeeded": "#4c72b0", "host-failed": "#c44e52", "input-lost": "#dd8452",
                  "data-lost": "#e377c2", "network-failed": "#8c564b", "dependency-failed": "#937860",
                  "walltime-exceeded": "#8172b3", "cancelled": "#bcbd22", "no-host": "#999999"}
TRANSFER_COLOR = "#f0c05a"   # an attempt holding its cores while its data moves
DOWN_COLOR = "#b0b0b0"       # a host switched off
COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c",
          "#ccb974", "#64b5cd"]


def time_unit(largest):
    """(name, seconds per unit) for times up to `largest` seconds: ms, s, min, h or d."""
    for name, scale, below in (("ms", 1e-3, 1), ("s", 1, 600), ("min", 60, 6000), ("h", 3600, 360000)):
        if largest < below:
            return name, scale
    return "d", 86400


def duration(seconds):
    """A duration in its readable unit: '6.2 h'."""
    name, scale = time_unit(abs(seconds))
    return f"{seconds / scale:.3g} {name}"


def read_summary(run_dir):
    with open(os.path.join(run_dir, "summary.json")) as f:
        return json.load(f)


def read_rows(path):
    """A CSV file as a list of dicts (small tables: jobs.csv, hosts.csv, downtime.csv)."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def numbers(texts):
    """Strings to floats, an empty field as NaN."""
    return np.array([float(t) if t else math.nan for t in texts], dtype=float)


class Hosts:
    """hosts.csv: names in file order, cores, up_s, down_s, busy_core_s, energy_j (NaN if none)."""

    def __init__(self, run_dir):
        rows = read_rows(os.path.join(run_dir, "hosts.csv"))
        self.names = [r["host"] for r in rows]
        self.index = {h: i for i, h in enumerate(self.names)}
        self.cores = np.array([int(float(r["cores"])) for r in rows], dtype=np.int64)
        self.up_s = numbers([r.get("up_s", "") for r in rows])
        self.down_s = numbers([r.get("down_s", "") for r in rows])
        self.busy_core_s = numbers([r["busy_core_s"] for r in rows])
        self.energy_j = numbers([r.get("energy_j", "") for r in rows])
        # downtime.csv: one row per period a host was off.
        down = read_rows(os.path.join(run_dir, "downtime.csv"))
        self.down_host = np.array([self.index[r["host"]] for r in down], dtype=np.int64)
        self.down_start = numbers([r["start"] for r in down])
        self.down_end = numbers([r["end"] for r in down])


class Attempts:
    """tasks.csv as arrays, one entry per attempt that began (a non-empty `start`).

    Each attempt holds `cores` on `host` from `held` to `end`:
      [held, start]      its inputs arrive (the task holds its cores meanwhile),
      [start, compute_end] it computes (or, failed, until it was lost: compute_end = end),
      [compute_end, end] its output travels to the controller's host.
    tasks.csv gives only the total `transfer_s`; the split: all of it is input when the
    attempt sent no output (bytes_out 0: every failed attempt, every task with consumers),
    all of it output when it received no input (bytes_in 0), and otherwise the input part
    is min(transfer_s, start - ready), the rest output. nimbus fetches a task's inputs just
    before it computes, so the input part ends at `start`; its output leaves when it ends
    computing and has arrived at `end`.
    """

    def __init__(self, run_dir, hosts, with_jobs=False):
        path = os.path.join(run_dir, "tasks.csv")
        host, ready, start, end, outcome, b_in, b_out, transfer, cores, job, task = ([] for _ in range(11))
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            col = {name: i for i, name in enumerate(header)}
            ih, ir, i_s, ie, io = col["host"], col["ready"], col["start"], col["end"], col["outcome"]
            ibi, ibo, it = col["bytes_in"], col["bytes_out"], col["transfer_s"]
            ic = col.get("cores")
            ij, itk = col["job"], col["task"]
            for r in reader:
                if not r[i_s] or not r[ih]:
                    continue  # never began: held no core
                host.append(r[ih])
                ready.append(r[ir])
                start.append(r[i_s])
                end.append(r[ie])
                outcome.append(r[io])
                b_in.append(r[ibi])
                b_out.append(r[ibo])
                transfer.append(r[it])
                cores.append(r[ic] if ic is not None else "1")
                if with_jobs:
                    job.append(r[ij])
                    task.append(r[itk])
        self.count = len(host)
        self.host = np.array([hosts.index[h] for h in host], dtype=np.int64)
        self.ready = np.array(ready, dtype=float) if ready else np.zeros(0)
        self.start = np.array(start, dtype=float) if start else np.zeros(0)
        self.end = np.array(end, dtype=float) if end else np.zeros(0)
        self.cores = np.array(cores, dtype=float).astype(np.int64) if cores else np.zeros(0, dtype=np.int64)
        names = sorted(set(outcome))
        self.outcome_names = names
        code = {n: i for i, n in enumerate(names)}
        self.outcome = np.array([code[o] for o in outcome], dtype=np.int64)
        self.succeeded = self.outcome == code.get("succeeded", -1)
        b_in = np.array(b_in, dtype=float) if b_in else np.zeros(0)
        b_out = np.array(b_out, dtype=float) if b_out else np.zeros(0)
        transfer = np.array(transfer, dtype=float) if transfer else np.zeros(0)
        slack = np.maximum(self.start - self.ready, 0)
        inp = np.where(b_out == 0, transfer, np.where(b_in == 0, 0.0, np.minimum(transfer, slack)))
        self.input_s = np.clip(inp, 0, slack)
        self.output_s = np.clip(transfer - self.input_s, 0, np.maximum(self.end - self.start, 0))
        self.held = self.start - self.input_s
        self.compute_end = self.end - self.output_s
        self.job = job
        self.task = task


def makespan_of(summary, attempts=None):
    m = summary.get("metrics", {}).get("makespan")
    if m is None and attempts is not None and attempts.count:
        m = float(attempts.end.max())
    return float(m or 0)


def title_of(summary):
    """'backfilling on ipsc860: jobs easy-backfill, placement earliest-finish, seed 1'."""
    sched = summary.get("scheduling", {})
    platform = summary.get("platform", {}).get("name", "?")
    return (f"{summary.get('scenario', '?')} on {platform}: jobs {sched.get('jobs', '?')}, "
            f"placement {sched.get('placement', '?')}, seed {summary.get('seed', '?')}")


def flatten_yaml(text):
    """The key paths and values of a block-style YAML text, as nimbus writes
    `resolved_scenario`: {'scheduling.jobs': 'fcfs', 'workload[0].load': '2', ...}. Flow
    values ({poisson: 2/s}) stay whole strings."""
    flat, stack, counters = {}, [(-1, "")], {}
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        while body == "-" or body.startswith("- "):
            while stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1]
            k = counters.get(parent, -1) + 1
            counters[parent] = k
            stack.append((indent, f"{parent}[{k}]"))
            body = body[1:].strip()
            indent += 2
        if not body:
            continue
        while stack[-1][0] >= indent:
            stack.pop()
        match = re.match(r'^("[^"]*"|\'[^\']*\'|[^:]+?):(?:\s+(.*))?$', body)
        if not match:  # a scalar item of a list
            flat[stack[-1][1]] = body
            continue
        key, value = match.group(1).strip("\"'"), (match.group(2) or "").strip()
        path = f"{stack[-1][1]}.{key}" if stack[-1][1] else key
        if value and not value.startswith("#"):
            flat[path] = re.sub(r"\s+#.*$", "", value)
        else:
            stack.append((indent, path))
    return flat


def settings_of(summary):
    """A run's settings as key paths: its resolved scenario, with the policies and seed as
    run (defaults included)."""
    flat = flatten_yaml(summary.get("resolved_scenario", ""))
    flat.pop("name", None)
    flat.pop("output.dir", None)
    for key in ("jobs", "placement"):
        if key in summary.get("scheduling", {}):
            flat[f"scheduling.{key}"] = str(summary["scheduling"][key])
    flat["seed"] = str(summary.get("seed", flat.get("seed", "")))
    if "platform" in flat:
        flat["platform"] = summary.get("platform", {}).get("name") or flat["platform"]
    return flat


def run_labels(summaries, dirs):
    """(labels, what): each run named by the settings in which the runs differ
    ('fcfs', 'easy-backfill'; or 'jobs=fcfs, load=2' for several), and those settings'
    key paths. Runs that differ in nothing are named by their folders."""
    flats = [settings_of(s) for s in summaries]
    keys = sorted({k for f in flats for k in f}, key=lambda k: (not k.startswith("scheduling"), k))
    differ = [k for k in keys if len({f.get(k, "(none)") for f in flats}) > 1]
    if not differ or len(summaries) < 2:
        return [os.path.basename(os.path.normpath(d)) for d in dirs], "run"
    if len(differ) == 1:
        return [f.get(differ[0], "(none)") for f in flats], differ[0]
    short = lambda k: re.sub(r"^.*\.", "", k)
    return [", ".join(f"{short(k)}={f.get(k, '(none)')}" for k in differ) for f in flats], ", ".join(differ)


def common_title(summaries):
    """What several runs share: scenario names and platforms."""
    scen = ", ".join(dict.fromkeys(s.get("scenario", "?") for s in summaries))
    plat = ", ".join(dict.fromkeys(s.get("platform", {}).get("name", "?") for s in summaries))
    return f"{scen} on {plat}"


def binned_sum(a, b, w, t0, dt, nbins, rows=None, nrows=1):
    """The integral of Σ w·[a, b) over each of nbins bins of width dt from t0, per row:
    an array (nrows, nbins). Exact (a bin holding part of an interval gets that part),
    vectorized: partial bins by bincount, whole bins by a difference array."""
    a = np.clip(np.asarray(a, dtype=float), t0, t0 + nbins * dt)
    b = np.clip(np.asarray(b, dtype=float), t0, t0 + nbins * dt)
    w = np.broadcast_to(np.asarray(w, dtype=float), a.shape)
    keep = b > a
    a, b, w = a[keep], b[keep], w[keep]
    base = (np.asarray(rows)[keep] if rows is not None else np.zeros(len(a), dtype=np.int64)) * (nbins + 1)
    i0 = np.minimum(((a - t0) // dt).astype(np.int64), nbins - 1)
    i1 = np.minimum(((b - t0) // dt).astype(np.int64), nbins - 1)
    size = nrows * (nbins + 1)
    count = lambda at, weights: np.bincount(at, weights=weights, minlength=size).astype(float)
    same = i0 == i1
    total = count(base[same] + i0[same], (w * (b - a))[same])
    d = ~same
    first_end = t0 + (i0[d] + 1) * dt
    last_start = t0 + i1[d] * dt
    total += count(base[d] + i0[d], w[d] * (first_end - a[d]))
    total += count(base[d] + i1[d], w[d] * (b[d] - last_start))
    diff = count(base[d] + i0[d] + 1, w[d] * dt) - count(base[d] + i1[d], w[d] * dt)
    whole = np.cumsum(diff.reshape(nrows, nbins + 1), axis=1)
    return (total.reshape(nrows, nbins + 1) + whole)[:, :nbins]


def step_levels(times, a, b, w):
    """The level of Σ w·[a, b) just after each of `times` (sorted): starts at or before
    t count, ends at or before t do not."""
    order_a, order_b = np.argsort(a, kind="stable"), np.argsort(b, kind="stable")
    cum_a = np.concatenate([[0.0], np.cumsum(np.asarray(w, dtype=float)[order_a])])
    cum_b = np.concatenate([[0.0], np.cumsum(np.asarray(w, dtype=float)[order_b])])
    return (cum_a[np.searchsorted(np.asarray(a)[order_a], times, side="right")]
            - cum_b[np.searchsorted(np.asarray(b)[order_b], times, side="right")])


def draw_cdf(ax, values, color, label, low, linestyle="-"):
    """One empirical CDF as steps; values below `low` (a log axis' left edge) count there."""
    v = np.sort(np.maximum(np.asarray(values, dtype=float), low))
    if len(v) == 0:
        return
    ax.step(np.concatenate([[low], v]), np.concatenate([[0.0], np.arange(1, len(v) + 1) / len(v)]),
            where="post", color=color, label=label, linestyle=linestyle, linewidth=1.6)


def draw_cdf_panels(axes, samples, colors, wait_largest=None):
    """Two panels: CDFs of job waits (log time axis from 1/10,000 of the longest wait) and of
    bounded slowdowns (log axis from 1). `samples` maps a label to (waits, slowdowns)."""
    wait_ax, bsd_ax = axes
    largest = wait_largest or max((max(w) for w, _ in samples.values() if len(w)), default=0)
    unit, scale = time_unit(largest)
    low = max(largest / scale / 1e4, 1e-6) if largest > 0 else 1e-3
    high = max(largest / scale * 1.5, low * 10)
    bsd_high = max((max(s) for _, s in samples.values() if len(s)), default=1)
    for i, (label, (waits, slowdowns)) in enumerate(samples.items()):
        color = colors[i % len(colors)]
        w = np.asarray(waits, dtype=float) / scale
        mean_w = f"mean {w.mean():.3g} {unit}" if len(w) else "no job"
        draw_cdf(wait_ax, w, color, f"{label} ({mean_w})", low)
        s = np.asarray(slowdowns, dtype=float)
        mean_s = f"mean {s.mean():.3g}" if len(s) else "no job"
        draw_cdf(bsd_ax, s, color, f"{label} ({mean_s})", 1.0)
    wait_ax.set_xscale("log")
    wait_ax.set_xlim(low, high)
    wait_ax.set_xlabel(f"job wait ({unit}, log scale; shorter waits at the left edge)")
    bsd_ax.set_xscale("log")
    bsd_ax.set_xlim(0.9, max(bsd_high * 1.5, 10))
    bsd_ax.set_xlabel("bounded slowdown (log scale; 1 = ran at once)")
    for ax in axes:
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3, which="both")
    wait_ax.set_ylabel("fraction of jobs at most x")
    return unit, scale


def save(fig, out):
    fig.savefig(out, dpi=100)
    print(out)


class Allocation:
    """Which cores (slots) of which hosts each attempt held, as contiguous runs: arrays
    `attempt`, `host`, `first`, `count`; `slots[h]` is how many slots host h needed (its
    cores, unless the reconstruction overflowed).

    tasks.csv says how many cores an attempt held and its first host, not which cores: here
    each attempt takes the lowest free slots of its host. A rigid job that does not fit there
    continues on the next hosts that are up, in hosts.csv order, as nimbus places it
    (first-fit in host order; tasks.csv names only its first host), so per host the cores
    held over time are nimbus's own: hosts.csv's busy_core_s agrees (to 0.01% on
    backfilling.yaml over 64 hosts of 4 cores, where jobs starting at the same instant may
    be placed in another order). An attempt whose host has no free slot left in the
    reconstruction (the transfer split of plot_common.Attempts can make an attempt begin a
    moment before the one it follows ends) shares the slot that frees soonest.
    """

    def __init__(self, att, hosts):
        import heapq
        nh = len(hosts.names)
        free = [list(range(int(c))) for c in hosts.cores]  # sorted lists are heaps
        holder = [[-1] * int(c) for c in hosts.cores]     # the attempt holding each slot
        extra = [int(c) for c in hosts.cores]
        downs = {}
        for h, a, b in zip(hosts.down_host.tolist(), hosts.down_start.tolist(), hosts.down_end.tolist()):
            downs.setdefault(h, []).append((a, b))
        is_down = lambda h, t: any(a <= t < b for a, b in downs.get(h, ()))
        busy = []  # (end, attempt, [(host, slots)])
        attempt, host, first, count = [], [], [], []
        order = np.argsort(att.held, kind="stable")
        held_l, end_l, cores_l, host_l = att.held.tolist(), att.end.tolist(), att.cores.tolist(), att.host.tolist()
        ends = {}
        for i in order.tolist():
            t, k, h = held_l[i], int(cores_l[i]), host_l[i]
            while busy and busy[0][0] <= t:
                _, j, held = heapq.heappop(busy)
                for hh, slots in held:
                    for s in slots:
                        if holder[hh][s] == j:
                            holder[hh][s] = -1
                            heapq.heappush(free[hh], s)
            taken, need, g = [], k, h
            while need > 0 and g < nh:
                if g == h or not is_down(g, t):
                    n = min(need, len(free[g]))
                    if n:
                        taken.append((g, [heapq.heappop(free[g]) for _ in range(n)]))
                        need -= n
                if k == 1:
                    break
                g += 1
            if need > 0:  # none free in the reconstruction: share the slots of its host freeing soonest
                mine = next((sl for hh, sl in taken if hh == h), None)
                if mine is None:
                    mine = []
                    taken.insert(0, (h, mine))
                held_now = set(mine)
                soonest = sorted((ends.get(holder[h][s], 0.0), s) for s in range(len(holder[h]))
                                 if s not in held_now and holder[h][s] >= 0)
                for _, s in soonest[:need]:
                    mine.append(s)
                need -= min(need, len(soonest))
                if need > 0:
                    mine.extend(range(extra[h], extra[h] + need))
                    holder[h].extend([-1] * need)
                    extra[h] += need
            ends[i] = end_l[i]
            for hh, slots in taken:
                for s in slots:
                    holder[hh][s] = i
            heapq.heappush(busy, (end_l[i], i, taken))
            for hh, slots in taken:
                slots.sort()
                run_start = prev = slots[0]
                for s in slots[1:] + [None]:
                    if s is not None and s == prev + 1:
                        prev = s
                        continue
                    attempt.append(i)
                    host.append(hh)
                    first.append(run_start)
                    count.append(prev - run_start + 1)
                    if s is not None:
                        run_start = prev = s
        self.attempt = np.array(attempt, dtype=np.int64)
        self.host = np.array(host, dtype=np.int64)
        self.first = np.array(first, dtype=np.int64)
        self.count = np.array(count, dtype=np.int64)
        self.slots = np.array(extra, dtype=np.int64)


def cores_per_host(att, hosts):
    """(attempt, host, cores) pieces: where each attempt's cores were. Attempts of one core
    stay where tasks.csv puts them; others go through Allocation (a rigid job spans hosts)."""
    if att.count == 0 or int(att.cores.max()) <= 1:
        return np.arange(att.count), att.host, att.cores
    alloc = Allocation(att, hosts)
    return alloc.attempt, alloc.host, alloc.count
