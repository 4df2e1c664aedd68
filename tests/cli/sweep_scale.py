"""1,000 runs of a small scenario on 2 processes in under 60 s, and what a run costs beyond
its simulation.

ctest runs this test alone (RUN_SERIAL): it measures time."""
import csv
import os
import statistics
import time

from harness import check, check_equal, finish, nimbus
from sweep_support import read_csv, workdir, write

n = 0
tmp = workdir("nimbus-sweep-scale-")
# 4 placements x 250 seeds of small.yaml: 20 tasks on 4 two-core hosts.
sweep = write(tmp, "thousand.yaml", """scenario: small.yaml
axes:
  scheduling.placement: [round-robin, earliest-finish, least-loaded, random]
seeds: 250
""")
out = os.path.join(tmp, "thousand")
start = time.monotonic()
code, _, stderr = nimbus("sweep", sweep, "--out", out, "-j", "2", "-q", timeout=600)
elapsed = time.monotonic() - start
n += 1
check_equal(code, 0, f"1,000 runs: exit status ({stderr.strip()[-300:]})")
rows = read_csv(os.path.join(out, "results.csv"))
check_equal(len(rows), 1000, "1,000 rows")
check(elapsed < 60, f"1,000 runs on 2 processes in {elapsed:.1f} s (must be under 60 s)")
walls = [float(r["wall_s"]) for r in rows]
print(f"1,000 runs in {elapsed:.1f} s ({1000 / elapsed:.0f} runs/s); a run's wall time, fork to exit: "
      f"median {1000 * statistics.median(walls):.0f} ms, min {1000 * min(walls):.0f} ms")

# The same, with each run exec'ing `nimbus run` as a script would: what a sweep saves.
start = time.monotonic()
for seed in range(40):
    code, _, _ = nimbus("run", os.path.join(tmp, "small.yaml"), "--seed", str(seed), "--out",
                        os.path.join(tmp, "by-hand"), "-q")
per_exec = (time.monotonic() - start) / 40
print(f"nimbus run, one process after another: {1000 * per_exec:.0f} ms a run")
finish(n)
