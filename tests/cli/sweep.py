"""nimbus sweep end to end: the files a sweep writes, every row equal to `nimbus run` of its
point and seed, the statistics of summary.csv, the table on stdout, platform seeds, and bad
input refused before anything runs."""
import json
import math
import os
import statistics

from harness import check, check_equal, finish, nimbus
from sweep_support import PLATFORMS, flatten, metrics_by_key, read_csv, read_db, t975, workdir, write

n = 0
tmp = workdir("nimbus-sweep-")

# 2 placements x 2 platforms x 3 seeds = 12 runs.
sweep = write(tmp, "grid.yaml", f"""scenario: tiny.yaml
axes:
  scheduling.placement: [round-robin, earliest-finish]
  platform: [{PLATFORMS}/homogeneous.yaml, {PLATFORMS}/heterogeneous.yaml]
seeds: 3
""")
out = os.path.join(tmp, "grid")
code, stdout, stderr = nimbus("sweep", sweep, "--out", out, "-j", "2", "--keep-runs")
n += 1
check_equal(code, 0, f"sweep exit status ({stderr.strip()[-300:]})")
check("4 points, 12 runs; 12 to run, 2 at a time" in stderr, f"the plan on stderr: {stderr!r}")
check("sweep: 12/12 runs" in stderr and "runs/s in" in stderr, "a final progress line: done/total, rate, time")

rows = read_csv(os.path.join(out, "results.csv"))
n += 1
check_equal(len(rows), 12, "results.csv: a row per run")
header = list(rows[0].keys())
check_equal(header[:3], ["scheduling.placement", "platform", "seed"], "results.csv: factors by key path, then seed")
for metric in ("makespan", "wait.mean", "bounded_slowdown.p95", "utilization", "locality.data_local"):
    check(metric in header, f"results.csv has the metric {metric}")
check(header.index("makespan") > header.index("seed"), "metrics after the seed")
check_equal(header[-6:], ["status", "error", "wall_s", "scenario_hash", "version", "run_dir"], "run facts last")
check_equal([r["seed"] for r in rows[:4]], ["0", "1", "2", "0"], "seeds vary fastest, 0..N-1")
check(all(r["status"] == "ok" and float(r["wall_s"]) > 0 for r in rows), "every run ok, with its wall time")
check("wall_clock_s" not in header, "the simulator's wall time is no metric")

# The SQLite file holds the same rows.
db = {(r["scheduling.placement"], r["platform"], str(r["seed"])): r for r in read_db(os.path.join(out, "results.sqlite"))}
n += 1
check_equal(len(db), 12, "results.sqlite: a row per run")
for r in rows:
    d = db[(r["scheduling.placement"], r["platform"], r["seed"])]
    same = all((d[k] is None and v == "") or (d[k] is not None and float(v) == d[k])
               for k, v in r.items() if k in ("makespan", "wait.mean", "energy_j", "events"))
    check(same, f"results.sqlite row equals results.csv row ({r['scheduling.placement']}, seed {r['seed']})")

# A run's row equals `nimbus run` of its point and seed, metric by metric and bit for bit;
# the kept run's summary.json equals nimbus run's.
for r in (rows[1], rows[10]):
    n += 1
    run_out = os.path.join(tmp, "by-hand-" + r["seed"])
    code, _, err = nimbus("run", os.path.join(tmp, "tiny.yaml"), "--set", "scheduling.placement=" + r["scheduling.placement"],
                          "--set", "platform=" + r["platform"], "--seed", r["seed"], "--out", run_out, "-q")
    check_equal(code, 0, f"nimbus run of one point ({err.strip()})")
    with open(os.path.join(run_out, "summary.json")) as f:
        by_hand = json.load(f)
    expected = flatten(by_hand["metrics"])
    check_equal(len(expected), len(header) - 3 - 6, "as many metrics as summary.json has scalars")
    for name, value in expected.items():
        got = r[name]
        check(got == "" if value is None else float(got) == value, f"{name}: row {got!r} == nimbus run {value!r}")
    check_equal(r["version"], by_hand["version"], "the row names the version that ran it")
    with open(os.path.join(out, "runs", r["run_dir"], "summary.json")) as f:
        kept = json.load(f)
    # But for the command line: the sweep's runs have none of their own; their rerun command
    # is the nimbus run above.
    check_equal(kept["provenance"].pop("command_line"), None, "a sweep's run has no command line of its own")
    by_hand["provenance"].pop("command_line")
    check_equal(kept, by_hand, "the kept run's summary.json equals nimbus run's, its rerun command too")

# summary.csv: mean and Student's t half-width over the 3 seeds, t(0.975, 2) = 4.3027.
points = read_csv(os.path.join(out, "summary.csv"))
n += 1
check_equal(len(points), 4, "summary.csv: a row per point")
check_equal(list(points[0].keys())[:4], ["scheduling.placement", "platform", "runs", "failed"], "summary.csv columns")
for p in points:
    mine = [float(r["makespan"]) for r in rows
            if (r["scheduling.placement"], r["platform"]) == (p["scheduling.placement"], p["platform"])]
    check_equal(len(mine), 3, "three seeds per point")
    mean = statistics.mean(mine)
    half = t975(2) * statistics.stdev(mine) / math.sqrt(3)
    check(math.isclose(float(p["makespan_mean"]), mean, rel_tol=1e-12), f"makespan_mean {p['makespan_mean']} == {mean}")
    check(math.isclose(float(p["makespan_ci95"]), half, rel_tol=1e-9), f"makespan_ci95 {p['makespan_ci95']} == {half}")
    check_equal(p["makespan_n"], "3", "makespan_n")
    check_equal(p["energy_j_n"], "3", "energy_j_n")

# The table on stdout: a header and a row per point, one unit per column, mean ± half-width.
lines = stdout.strip().splitlines()
n += 1
check_equal(len(lines), 6, f"header, 4 points, where the results are: {stdout!r}")
check("makespan (s)" in lines[0] and "utilization (%)" in lines[0], f"units in the header: {lines[0]!r}")
check(all("±" in line for line in lines[1:5]), "mean ± half-width with 3 seeds")
check(lines[1].split()[:2] == ["round-robin", "homogeneous"], f"a platform shows as its file's name: {lines[1]!r}")

# Again: nothing to run, the same files.
with open(os.path.join(out, "results.csv")) as f:
    before = f.read()
code, stdout2, stderr = nimbus("sweep", sweep, "--out", out, "--keep-runs")
n += 1
check_equal(code, 0, "a finished sweep again: exit status")
check("12 runs; 0 to run" in stderr, f"a finished sweep runs nothing: {stderr!r}")
with open(os.path.join(out, "results.csv")) as f:
    check_equal(f.read(), before, "results.csv unchanged")
check_equal(stdout2, stdout, "the same table")

# The student's side-by-side: 2 platforms x 2 policies, one seed; no per-task tables kept.
side = write(tmp, "side.yaml", f"""scenario: tiny.yaml
axes:
  platform: [{PLATFORMS}/homogeneous.yaml, {PLATFORMS}/heterogeneous.yaml]
  scheduling.placement: [round-robin, earliest-finish]
seeds: [7]
""")
side_out = os.path.join(tmp, "side")
code, stdout, stderr = nimbus("sweep", side, "--out", side_out)
n += 1
check_equal(code, 0, f"side-by-side exit status ({stderr.strip()})")
lines = stdout.strip().splitlines()
check_equal(len(lines), 6, f"header, 4 rows, where: {stdout!r}")
check(not any("±" in line for line in lines), "one seed: no intervals")
check(not os.path.exists(os.path.join(side_out, "runs")), "no runs/ without --keep-runs")
check_equal(sorted(os.listdir(side_out)), ["results.csv", "results.sqlite", "summary.csv"], "what DIR holds")
rows = read_csv(os.path.join(side_out, "results.csv"))
check_equal({r["seed"] for r in rows}, {"7"}, "seeds: [7] runs seed 7")
check(all(r["run_dir"] == "" for r in rows), "no run_dir without --keep-runs")

# Platform seeds: two-racks draws its old rack's speeds from its seed, and round-robin sends
# tasks there whatever their speed. platform_seeds makes
# it a replicated factor; `nimbus run --set platform_seed=N` reproduces a run.
racks = write(tmp, "racks.yaml", f"""scenario: tiny.yaml
set:
  platform: {PLATFORMS}/two-racks.yaml
  scheduling.placement: round-robin
seeds: 1
platform_seeds: 2
""")
racks_out = os.path.join(tmp, "racks")
code, _, stderr = nimbus("sweep", racks, "--out", racks_out, "-q")
n += 1
check_equal(code, 0, f"platform seeds exit status ({stderr.strip()})")
rows = read_csv(os.path.join(racks_out, "results.csv"))
check_equal([(r["platform_seed"], r["seed"]) for r in rows], [("0", "0"), ("1", "0")], "a row per platform seed")
check(rows[0]["makespan"] != rows[1]["makespan"], "another platform seed, other machines, another makespan")
check_equal(read_csv(os.path.join(racks_out, "summary.csv"))[0]["makespan_n"], "2", "platform seeds are replications")
code, _, _ = nimbus("run", os.path.join(tmp, "tiny.yaml"), "--set", f"platform={PLATFORMS}/two-racks.yaml",
                    "--set", "scheduling.placement=round-robin", "--set", "platform_seed=1", "--seed", "0", "--out", os.path.join(tmp, "racks-1"), "-q")
with open(os.path.join(tmp, "racks-1", "summary.json")) as f:
    by_hand = json.load(f)
check_equal(float(rows[1]["makespan"]), by_hand["metrics"]["makespan"], "nimbus run --set platform_seed=1 reproduces it")
check_equal(by_hand["platform"]["seed"], 1, "summary.json names the platform seed that ran")

# A run that fails is recorded as failed, with its error, and the sweep exits 1. (A log whose
# fourth field is not a number is only read when the run builds its workload.)
write(tmp, "good.swf", "; two jobs of 4 processors\n1 0 0 10 4 -1 -1 4 20 -1 1 1 1 1 1 -1 -1 -1\n"
      "2 5 0 10 4 -1 -1 4 20 -1 1 1 1 1 1 -1 -1 -1\n")
write(tmp, "bad.swf", "; a run time that is no number\n1 0 0 abc 4 -1 -1 4 20 -1 1 1 1 1 1 -1 -1 -1\n")
write(tmp, "trace.yaml", f"name: trace\nplatform: {PLATFORMS}/ipsc860.yaml\nworkload:\n  - trace: good.swf\n")
failing = write(tmp, "failing.yaml", "scenario: trace.yaml\naxes:\n  workload[0].trace: [good.swf, bad.swf]\n")
code, stdout, stderr = nimbus("sweep", failing, "--out", os.path.join(tmp, "failing"))
n += 1
check_equal(code, 1, f"a failed run: exit status 1 ({stderr.strip()[-200:]})")
# The log's error names the key that led to it: here the sweep's axis value.
reason = (f"{tmp}/failing.yaml:3:33: workload[0].trace: "
          f"{tmp}/bad.swf:2: field 4 (run time): expected a number, got \"abc\"")
check_equal(stderr.strip().splitlines()[-1], f"sweep: 1 of 2 runs failed (status in results.csv); the first: {reason}",
            "a failed run: the message")
rows = read_csv(os.path.join(tmp, "failing", "results.csv"))
check_equal([(r["status"], r["error"]) for r in rows], [("ok", ""), ("failed", reason)], "a failed run: its row")
check(rows[1]["makespan"] == "" and rows[1]["version"] == rows[0]["version"], "a failed run: no metrics, a version")
code, _, stderr = nimbus("sweep", failing, "--out", os.path.join(tmp, "failing"))
check(code == 1 and "2 runs; 0 to run" in stderr, "a failed run is recorded: not run again")

# Bad input: one line naming file:line:col and the key path, exit 2, and nothing run (DIR
# not even created).
bad = [
    ("scheduling.jobz: [fcfs, sjf]", "bad.yaml:3:21: scheduling.jobz: unknown key; did you mean \"jobs\"? (valid keys: "
     "jobs, placement, control_latency, kill_at_walltime, locality_wait, fair, capacity): in point 1 of 2 "
     "(scheduling.jobz=fcfs)"),
    ("scheduling.jobs: []", "bad.yaml:3:20: axes.scheduling.jobs: no values; a factor needs at least one"),
    ("scheduling.jobs: [fcfs, sjf]\n  workload[0].tasks: [10, 0]",
     "bad.yaml:4:27: workload[0].tasks: must be at least 1, got 0: in point 2 of 4 (scheduling.jobs=fcfs, "
     "workload[0].tasks=0)"),
    ("scheduling.jobs: [fcfs, bogus]", "bad.yaml:3:27: scheduling.jobs: unknown job policy \"bogus\" (expected one "
     "of: fcfs, sjf, ljf, priority, easy-backfill, conservative-backfill, fair, capacity): in point 2 of 2 "
     "(scheduling.jobs=bogus)"),
    ("workload[3].tasks: [10]", "bad.yaml:3:23: workload: has no item [3]: in point 1 of 1 (workload[3].tasks=10)"),
    ("seed: [1, 2]", "bad.yaml:3:9: axes.seed: the scenario's seed is set by seeds:, not as a factor"),
    # The controller needs a host that never fails: found by building the platform, before any run.
    (f"platform: [{PLATFORMS}/homogeneous.yaml, {tmp}/flaky.yaml]",
     f"flaky.yaml:3:3: hosts: every host may fail; mark a group never_fails to hold the controller (e.g. a head "
     f"node): in point 2 of 2 (platform={tmp}/flaky.yaml)"),
    # Only the built platform tells: 3 copies of each input need 3 hosts; this platform has 2.
    (f"workload[0].replicas: [1, 3]\n  platform: [{PLATFORMS}/homogeneous.yaml, {tmp}/pair.yaml]\n"
     "  workload[0].input: [1MB]",
     f"bad.yaml:3:29: workload[0].replicas: 3 copies need as many hosts; the platform has 2: in point 4 of 4 "
     f"(workload[0].replicas=3, platform={tmp}/pair.yaml, workload[0].input=1MB)"),
]
write(tmp, "flaky.yaml", "name: flaky\nhosts:\n  - name: n\n    count: 2\n    cores: 1\n    speed: 1Gf\n"
      "    failures: { mtbf: 30d, mttr: 1h }\nnetwork:\n  topology: star\n  nic: { bandwidth: 1Gbps, latency: 10us }\n")
write(tmp, "pair.yaml", "name: pair\nhosts:\n  - name: n\n    count: 2\n    cores: 1\n    speed: 1Gf\n"
      "network:\n  topology: star\n  nic: { bandwidth: 1Gbps, latency: 10us }\n")
for axes, message in bad:
    n += 1
    path = write(tmp, "bad.yaml", f"scenario: tiny.yaml\naxes:\n  {axes}\n")
    bad_out = os.path.join(tmp, "bad-out")
    code, stdout, stderr = nimbus("sweep", path, "--out", bad_out)
    check_equal(code, 2, f"{axes!r}: exit status")
    check_equal(stderr.strip().replace(tmp + "/", "", 1), message, f"{axes!r}: message")
    check(not os.path.exists(bad_out), f"{axes!r}: nothing created before the error")

# DIR: unwritable, a file, not a sweep's, another sweep's, or results from other inputs.
afile = write(tmp, "afile", "")
other = os.path.join(tmp, "other")
os.makedirs(other)
write(other, "notes.txt", "mine")
changed = write(tmp, "changed.yaml", open(os.path.join(tmp, "tiny.yaml")).read().replace("tasks: 200", "tasks: 201"))
changed_sweep = write(tmp, "changed-grid.yaml", open(sweep).read().replace("tiny.yaml", "changed.yaml"))
placement_only = write(tmp, "placement.yaml", "scenario: tiny.yaml\naxes:\n  scheduling.placement: [round-robin]\n")
dir_cases = [
    (sweep, afile + "/sub", f"{afile}/sub: cannot create the output directory: Not a directory"),
    (sweep, afile, f"{afile}: is a file; --out names a directory"),
    (sweep, other, f"{other}: is not empty and holds no sweep results; a sweep writes into a new or empty directory, "
                   "or one of its own"),
    (placement_only, out, f"{out}: holds the results of another sweep (scenario \"tiny\", factors platform, "
                          f"scheduling.placement); this one has scenario \"tiny\", factors scheduling.placement. "
                          f"Choose another --out, or delete {out}"),
    (changed_sweep, out, f"{out}: holds results from other inputs (the scenario or its platform changed since "
                         f"scheduling.placement=round-robin, platform={PLATFORMS}/homogeneous.yaml was run). "
                         f"Choose another --out, or delete {out}"),
]
for sweep_file, target, message in dir_cases:
    n += 1
    code, _, stderr = nimbus("sweep", sweep_file, "--out", target)
    check_equal(code, 2, f"--out {target}: exit status")
    check_equal(stderr.strip(), message, f"--out {target}: message")
if os.getuid() != 0:  # root writes anywhere
    locked = os.path.join(tmp, "locked")
    os.makedirs(locked, mode=0o555)
    code, _, stderr = nimbus("sweep", sweep, "--out", os.path.join(locked, "x"))
    check_equal(code, 2, "a read-only parent: exit status")
code, _, stderr = nimbus("sweep", sweep, "--shard", "3/3")
n += 1
check_equal((code, stderr.strip()), (2, "--shard 3/3: I must be below N (shards are numbered 0 to 2)"), "--shard 3/3")

finish(n)
