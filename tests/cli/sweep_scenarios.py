"""The ready sweeps show their lesson, and tools/plot_sweep.py draws them.

sweep-heterogeneity: 4 placements x 2 clouds x 10 seeds (80 runs); sweep-checkpoint: 7
checkpoint intervals x 10 failure histories (70 runs); sweep-backfilling: 3 job policies x 3
loads x 5 stretches of the NASA log (45 runs; needs ../shared/data)."""
import os
import subprocess
import tempfile

from harness import check, check_equal, finish, nimbus
from sweep_support import read_csv

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-sweep-scenarios-")


def sweep(name, *extra):
    global n
    n += 1
    out = os.path.join(tmp, name)
    code, stdout, stderr = nimbus("sweep", f"scenarios/{name}.yaml", "--out", out, "-j", "2", *extra, timeout=900)
    check_equal(code, 0, f"{name}: exit status ({stderr.strip()[-300:]})")
    # summary.csv rows by their axis values (the columns before "runs").
    points = {}
    for p in read_csv(os.path.join(out, "summary.csv")):
        columns = list(p.keys())
        points[tuple(p[c] for c in columns[: columns.index("runs")])] = p
    return out, stdout, points


def plot(out, *extra):
    done = subprocess.run(["/usr/bin/python3", "tools/plot_sweep.py", out, *extra], capture_output=True, text=True,
                          timeout=120)
    check_equal(done.returncode, 0, f"plot_sweep.py {out}: exit status ({done.stderr.strip()[-300:]})")
    return done.stdout.split()


def is_png(path, min_bytes=20000):
    if not os.path.exists(path):
        return False
    with open(path, "rb") as f:
        data = f.read()
    return data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > min_bytes


# Heterogeneity: on the homogeneous cloud the policies stay within 25% of each other; on the
# heterogeneous one, with the same total speed, policies blind to speed take at least twice
# as long as earliest-finish, whose interval is far from theirs.
out, stdout, points = sweep("sweep-heterogeneity")
homogeneous = "../platforms/homogeneous.yaml"
heterogeneous = "../platforms/heterogeneous.yaml"
mean = lambda platform, placement: float(points[(platform, placement)]["makespan_mean"])
ci = lambda platform, placement: float(points[(platform, placement)]["makespan_ci95"])
check_equal(len(points), 8, "8 points")
check_equal({p["makespan_n"] for p in points.values()}, {"10"}, "10 seeds a point")
blind = ("round-robin", "random", "least-loaded")
spread = [mean(homogeneous, p) for p in blind + ("earliest-finish",)]
check(max(spread) < 1.25 * min(spread), f"homogeneous: every policy within 25% ({spread})")
for p in blind:
    check(mean(heterogeneous, p) > 2 * mean(heterogeneous, "earliest-finish"),
          f"heterogeneous: {p} takes over twice earliest-finish's makespan")
    check(mean(heterogeneous, p) - ci(heterogeneous, p) > mean(heterogeneous, "earliest-finish") +
          ci(heterogeneous, "earliest-finish"), f"heterogeneous: {p}'s interval is clear of earliest-finish's")
check("heterogeneous" in stdout and "±" in stdout, "the table on stdout")
images = plot(out)
check(images == [os.path.join(out, "sweep.png")] and is_png(images[0]), f"sweep.png drawn ({images})")

# Checkpoint intervals: the mean goodput peaks near Young's interval (49 min) and falls off
# on both sides, as its comment states (10 min 65.0%, 50 min 82.6%, 4 h 63.3%).
out, stdout, points = sweep("sweep-checkpoint")
goodput = {k[0]: float(p["faults.goodput_mean"]) for k, p in points.items()}
check_equal(len(goodput), 7, "7 intervals")
check_equal(max(goodput, key=goodput.get), "50min", "the best interval is the one nearest Young's")
for interval, stated in (("10min", 0.650), ("20min", 0.767), ("30min", 0.810), ("50min", 0.826), ("80min", 0.809),
                         ("2h", 0.770), ("4h", 0.633)):
    check(abs(goodput[interval] - stated) < 0.0006, f"sweep-checkpoint {interval}: {goodput[interval]:.4f} against {stated}")
images = plot(out, "--metric", "faults.goodput", "--by", "faults.checkpoint.interval")
check(images == [os.path.join(out, "sweep.png")] and is_png(images[0]), f"sweep-checkpoint: sweep.png drawn ({images})")

# Backfilling: at every load EASY and conservative backfilling cut FCFS's mean wait and mean
# bounded slowdown at least twofold; and the waits' CDFs come from the kept runs.
if os.path.exists("../shared/data/NASA-iPSC-1993-3.1-cln.swf.gz"):
    out, stdout, points = sweep("sweep-backfilling", "--keep-runs")
    check_equal(len(points), 9, "9 points")
    check_equal({p["wait.mean_n"] for p in points.values()}, {"5"}, "5 stretches of the log a point")
    for load in ("1.5", "2", "2.5"):
        fcfs = points[("fcfs", load)]
        for policy in ("easy-backfill", "conservative-backfill"):
            p = points[(policy, load)]
            for metric in ("wait.mean", "bounded_slowdown.mean"):
                check(float(fcfs[metric + "_mean"]) > 2 * float(p[metric + "_mean"]),
                      f"load {load}: {policy} cuts fcfs's {metric} at least twofold")
    images = plot(out, "--metric", "wait.mean", "--metric", "bounded_slowdown.mean")
    check_equal(images, [os.path.join(out, "sweep.png"), os.path.join(out, "waits.png")], "both images")
    check(all(is_png(i) for i in images), "both are PNGs with something drawn")
else:
    print("skipped: no ../shared/data beside the project; sweep-backfilling not run")
finish(n)
