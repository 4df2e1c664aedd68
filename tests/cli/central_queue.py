"""earliest-finish is exactly one central first-come-first-served queue.

With known task sizes and no data, sending each arriving task to the host where it would
finish first (its queue's work, the progress of what runs there included) is
least-work-left dispatching: every task starts exactly when it would in one central FCFS
queue over all the cores (Harchol-Balter, Performance Modeling and Design of Computer
Systems, ch. 24). The reference below is that central queue, computed here from the run's
own arrivals and service times: each task takes the core that frees first (ties: the
lowest host index, as documented), never later than a task that arrived before it.
Then M/M/c: with Poisson arrivals and exponential sizes, the probability of waiting and the
mean wait are Erlang C's, within 2%.
"""
import csv
import heapq
import json
import math
import os
import tempfile

from harness import check, check_equal, finish, nimbus

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-central-")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(hosts, cores, tasks, rate, seed, name):
    global n
    n += 1
    platform = write(f"{name}-platform.yaml", f"hosts:\n  - {{ name: h, count: {hosts}, cores: {cores}, speed: 1Gf }}\n")
    scenario = write(f"{name}.yaml", f"""name: {name}
platform: {os.path.basename(platform)}
seed: {seed}
workload:
  - program: bag-of-tasks
    tasks: {tasks}
    flops: {{ exponential: 1Gf }}
    arrival: {{ poisson: {rate} }}
scheduling: {{ placement: earliest-finish }}
""")
    out = os.path.join(tmp, name)
    code, _, err = nimbus("run", scenario, "--out", out, "-q", timeout=600)
    check_equal(code, 0, f"{name}: exit status ({err.strip()})")
    with open(os.path.join(out, "tasks.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    with open(os.path.join(out, "hosts.csv")) as f:
        index = {row["host"]: i for i, row in enumerate(csv.DictReader(f))}  # platform order
    for r in rows:
        r["host_index"] = index[r["host"]]
    return rows, summary


def central_fcfs(rows, hosts, cores):
    """Each task's (start, host index) in one FCFS queue over every core."""
    order = sorted(rows, key=lambda r: (float(r["ready"]), int(r["job"].split("-")[-1])))
    free = [[0.0] * cores for _ in range(hosts)]  # per host, a min-heap of core free times
    last_start = [0.0] * hosts
    out = {}
    for r in order:
        arrival = float(r["ready"])
        service = float(r["end"]) - float(r["start"])
        best = None
        for h in range(hosts):
            at = max(arrival, last_start[h], free[h][0])
            if best is None or at < best[0]:
                best = (at, h)
        at, h = best
        heapq.heapreplace(free[h], at + service)
        last_start[h] = at
        out[r["job"]] = (at, h)
    return out


# Every task's start and host against the central queue: 1, 2 and 8 hosts of 1 and 4 cores,
# load 0.8.
for hosts in (1, 2, 8):
    for cores in (1, 4):
        name = f"fcfs-{hosts}x{cores}"
        rows, _ = run(hosts, cores, 4000, 0.8 * hosts * cores, 7, name)
        reference = central_fcfs(rows, hosts, cores)
        late = [r["job"] for r in rows if abs(float(r["start"]) - reference[r["job"]][0]) > 1e-6]
        moved = [r["job"] for r in rows if r["host_index"] != reference[r["job"]][1]]
        n += 2
        check(not late, f"{name}: {len(late)} of {len(rows)} tasks start other than in one central FCFS queue")
        check(not moved, f"{name}: {len(moved)} of {len(rows)} tasks went to another host than the lowest-index "
                         f"host free first")

# M/M/4 at load 0.7 (lambda 2.8/s, mu 1/s), a million tasks.
c, lam, mu = 4, 2.8, 1.0
a = lam / mu
top = a ** c / math.factorial(c) * c / (c - a)
erlang_c = top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)
mean_wait = erlang_c / (c * mu - lam)
rows, summary = run(4, 1, 1_000_000, lam, 1, "mm4")
waited = sum(1 for r in rows if float(r["start"]) - float(r["ready"]) > 1e-9) / len(rows)
measured = summary["metrics"]["wait"]["mean"]
n += 2
check(abs(waited - erlang_c) <= 0.02 * erlang_c,
      f"M/M/4: probability of waiting {waited:.4f}, Erlang C gives {erlang_c:.4f}")
check(abs(measured - mean_wait) <= 0.02 * mean_wait, f"M/M/4: mean wait {measured:.4f} s, Erlang C gives {mean_wait:.4f} s")

finish(n)
