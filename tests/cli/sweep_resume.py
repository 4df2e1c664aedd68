"""A sweep stopped at any moment (kill -9, Ctrl-C) and started again runs only what is
missing and records every run once; shards write apart and one later call collects them.
Every way must end with the same results as a sweep run in one go."""
import os
import signal
import sqlite3
import subprocess
import time

from harness import NIMBUS, check, check_equal, finish, nimbus
from sweep_support import metrics_by_key, read_csv, workdir, write

n = 0
tmp = workdir("nimbus-sweep-resume-")
FACTORS = ["scheduling.placement"]
RUNS = 300
# Runs long enough (3,000 tasks: about 4 s for the 300 on 2 cores) that a kill after the
# first commit (1 s of runs) finds runs still to go: with 20 tasks the whole sweep ends
# within its first second, before any kill.
with open(os.path.join(tmp, "small.yaml")) as f:
    write(tmp, "medium.yaml", f.read().replace("tasks: 20\n", "tasks: 3000\n"))
sweep = write(tmp, "resume.yaml", f"""scenario: medium.yaml
axes:
  scheduling.placement: [round-robin, earliest-finish]
seeds: {RUNS // 2}
""")
# The shards' sweep: smaller, its own reference.
SHARD_RUNS = 60
shard_sweep = write(tmp, "shards.yaml", f"""scenario: small.yaml
axes:
  scheduling.placement: [round-robin, earliest-finish]
seeds: {SHARD_RUNS // 2}
""")


def run_sweep(out, *extra, sweep_file=sweep):
    code, stdout, stderr = nimbus("sweep", sweep_file, "--out", out, "-j", "2", *extra)
    check_equal(code, 0, f"sweep {out} {extra}: exit status ({stderr.strip()[-300:]})")
    return stderr


def recorded(out, db="results.sqlite"):
    path = os.path.join(out, db)
    if not os.path.exists(path):
        return 0, 0
    con = sqlite3.connect(path, timeout=60)
    try:
        return tuple(con.execute("SELECT count(*), count(DISTINCT run_key) FROM runs").fetchone())
    except sqlite3.OperationalError:  # tables not made yet
        return 0, 0
    finally:
        con.close()


def gone(pgid, within_s=5):
    """Whether every process of the group has ended (the sweep's runs die with it)."""
    deadline = time.time() + within_s
    while time.time() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


reference = os.path.join(tmp, "reference")
run_sweep(reference)
ref = metrics_by_key(read_csv(os.path.join(reference, "results.csv")), FACTORS)
n += 1
check_equal(len(ref), RUNS, "the reference sweep: every run")

def first_commit(out, before, timeout_s=60):
    """Waits until the sweep writing `out` has committed more than `before` runs."""
    deadline = time.time() + timeout_s
    while time.time() < deadline and recorded(out)[0] <= before:
        time.sleep(0.02)


# kill -9 twice, each time just after a commit (rows in flight in the next transaction), then
# a call that finishes the sweep.
killed = os.path.join(tmp, "killed")
counts = [0]
for attempt in range(2):
    n += 1
    sweep_process = subprocess.Popen([NIMBUS, "sweep", sweep, "--out", killed, "-j", "2", "-q"],
                                     start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first_commit(killed, counts[-1])
    time.sleep(0.3)
    os.kill(sweep_process.pid, signal.SIGKILL)
    sweep_process.wait()
    check(gone(sweep_process.pid), f"kill -9 #{attempt + 1}: no run outlives the sweep")
    rows, distinct = recorded(killed)
    check_equal(rows, distinct, f"kill -9 #{attempt + 1}: no run recorded twice")
    counts.append(rows)
check(counts[-1] < RUNS, f"the kills stopped the sweep before its end (recorded: {counts})")
check(counts[1] > 0 and counts == sorted(counts), f"each restart kept what was recorded: {counts}")
stderr = run_sweep(killed)
n += 1
check(f"{RUNS} runs; {RUNS - counts[-1]} to run" in stderr, f"the last call runs only what is missing: {stderr!r}")
check_equal(recorded(killed), (RUNS, RUNS), "every run recorded once")
check(metrics_by_key(read_csv(os.path.join(killed, "results.csv")), FACTORS) == ref,
      "killed and restarted: the same results as in one go")
check(not os.path.exists(os.path.join(killed, ".scratch")), "no scratch left once the sweep is done")

# Ctrl-C (SIGINT to the sweep): it stops its runs, commits what finished, says how to resume.
interrupted = os.path.join(tmp, "interrupted")
sweep_process = subprocess.Popen([NIMBUS, "sweep", sweep, "--out", interrupted, "-j", "2"], start_new_session=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
first_commit(interrupted, 0)
os.kill(sweep_process.pid, signal.SIGINT)
_, stderr = sweep_process.communicate(timeout=60)
n += 1
check_equal(sweep_process.returncode, 130, "SIGINT: exit status 130")
check("stopped; the runs that finished are recorded" in stderr and "Run the same command again" in stderr,
      f"SIGINT: says how to resume: {stderr[-300:]!r}")
check(gone(sweep_process.pid), "SIGINT: no run outlives the sweep")
rows, distinct = recorded(interrupted)
check(0 < rows < RUNS and rows == distinct, f"SIGINT: the finished runs are recorded once ({rows})")
stderr = run_sweep(interrupted)
check(f"{RUNS - rows} to run" in stderr, "after SIGINT, the rest runs")
check(metrics_by_key(read_csv(os.path.join(interrupted, "results.csv")), FACTORS) == ref,
      "interrupted and resumed: the same results")

# Three shards at once into one DIR, as SLURM array tasks on a shared file system would.
shard_reference = os.path.join(tmp, "shard-reference")
run_sweep(shard_reference, sweep_file=shard_sweep)
shard_ref = metrics_by_key(read_csv(os.path.join(shard_reference, "results.csv")), FACTORS)
sharded = os.path.join(tmp, "sharded")
shards = [subprocess.Popen([NIMBUS, "sweep", shard_sweep, "--out", sharded, "--shard", f"{i}/3", "-j", "1"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(3)]
outputs = [s.communicate(timeout=300) for s in shards]
n += 1
for i, (s, (_, err)) in enumerate(zip(shards, outputs)):
    check_equal(s.returncode, 0, f"shard {i}/3: exit status ({err.strip()[-200:]})")
    check(f"shard {i}/3 done" in err and "collect them with: nimbus sweep" in err, f"shard {i}/3 says how to collect")
shard_rows = [recorded(sharded, f"shards/shard-{i}-of-3.sqlite") for i in range(3)]
check_equal(sum(r for r, _ in shard_rows), SHARD_RUNS, f"the shards split the runs: {shard_rows}")
check(all(r >= SHARD_RUNS / 6 for r, _ in shard_rows), f"about evenly: {shard_rows}")
check(not os.path.exists(os.path.join(sharded, "results.csv")), "a shard writes no results.csv (it has a share only)")
code, _, stderr = nimbus("sweep", shard_sweep, "--out", sharded, "--shard", "1/3")
check(code == 0 and "0 to run" in stderr, f"a finished shard again runs nothing: {stderr!r}")
stderr = run_sweep(sharded, sweep_file=shard_sweep)
check(f"{SHARD_RUNS} runs; 0 to run" in stderr, f"collecting runs nothing the shards finished: {stderr!r}")
check_equal(recorded(sharded), (SHARD_RUNS, SHARD_RUNS), "results.sqlite holds every shard's runs once")
check(metrics_by_key(read_csv(os.path.join(sharded, "results.csv")), FACTORS) == shard_ref,
      "three shards: the same results as one sweep")

# A lost shard: only shards 0 and 2 of 3 ran; the collecting call runs shard 1's share.
lost = os.path.join(tmp, "lost")
run_sweep(lost, "--shard", "0/3", sweep_file=shard_sweep)
run_sweep(lost, "--shard", "2/3", sweep_file=shard_sweep)
stderr = run_sweep(lost, sweep_file=shard_sweep)
n += 1
check(f"; {shard_rows[1][0]} to run" in stderr, f"collecting runs the lost shard's share ({shard_rows[1][0]}): {stderr!r}")
check(metrics_by_key(read_csv(os.path.join(lost, "results.csv")), FACTORS) == shard_ref,
      "a lost shard: the same results")

finish(n)
