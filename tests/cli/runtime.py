"""The runtime through the real `nimbus run`, checked against values worked out by hand or
given by theory, never against what the program printed before.
"""
import csv
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus, read_outputs

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-runtime-")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(scenario_text, *extra):
    """Runs a scenario; returns (summary, jobs rows, tasks rows)."""
    global n
    n += 1
    path = write("scenario.yaml", scenario_text)
    out = os.path.join(tmp, "out")
    code, stdout, stderr = nimbus("run", path, "--out", out, "-q", *extra)
    check_equal(code, 0, f"run exit status ({stderr.strip()})")
    summary, jobs, tasks, _ = read_outputs(out)
    return summary, jobs, tasks


def close(actual, expected, what, rel=1e-9):
    global n
    n += 1
    check(abs(actual - expected) <= rel * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


def bag(platform, tasks, flops, placement="earliest-finish", extra=""):
    return f"""name: t
platform: {platform}
workload:
  - program: bag-of-tasks
    tasks: {tasks}
    flops: {flops}
{extra}scheduling: {{ placement: {placement} }}
"""


# 64 one-core tasks of 1 Gf: 8 one-core hosts of 1 Gf/s run 8 waves of 1 s; 4 hosts of
# 2 Gf/s run 16 tasks of 0.5 s each; one 8-core host of 1 Gf/s runs 8 tasks at once in 1 s.
eight = write("eight.yaml", "hosts:\n  - { name: h, count: 8, speed: 1Gf }\n")
four = write("four.yaml", "hosts:\n  - { name: h, count: 4, speed: 2Gf }\n")
wide = write("wide.yaml", "hosts:\n  - { name: h, cores: 8, speed: 1Gf }\n")
for placement in ("round-robin", "least-loaded", "earliest-finish", "random"):
    s, _, _ = run(bag(eight, 64, "1Gf", placement))
    # random does not balance: it may only be slower.
    if placement == "random":
        check(s["metrics"]["makespan"] >= 8, "random on 8 hosts: at least 8 s")
    else:
        close(s["metrics"]["makespan"], 8.0, f"64 x 1 Gf on 8 x 1 Gf/s, {placement}")
s, _, _ = run(bag(four, 64, "1Gf"))
close(s["metrics"]["makespan"], 8.0, "64 x 1 Gf on 4 x 2 Gf/s")
s, _, _ = run(bag(wide, 8, "1Gf"))
close(s["metrics"]["makespan"], 1.0, "8 x 1 Gf on one 8-core host")
close(s["metrics"]["utilization"], 1.0, "8 tasks on 8 cores: fully used")
check_equal(s["metrics"]["tasks"], {"submitted": 8, "completed": 8, "failed": 0}, "task counts")

# Two one-core hosts of 1 and 3 Gf/s, eight tasks of 3 Gf submitted together.
# round-robin alternates: 4 tasks x 3 s on the slow host, makespan 12 s.
# earliest-finish estimates finish = (queued flops + 3 Gf) / speed and breaks ties by host
# order (slow first). Task by task (slow, fast): (3, 1) fast; (3, 2) fast; (3, 3) slow;
# (6, 3) fast; (6, 4) fast; (6, 5) fast; (6, 6) slow; (9, 6) fast. Slow runs 2 tasks (6 s),
# fast 6 tasks (6 s): makespan 6 s, the optimum 24 Gf / 4 Gf/s.
mixed = write("mixed.yaml", "hosts:\n  - { name: slow, speed: 1Gf }\n  - { name: fast, speed: 3Gf }\n")
for placement, makespan, on_slow in (("round-robin", 12.0, 4), ("earliest-finish", 6.0, 2)):
    s, _, tasks = run(bag(mixed, 8, "3Gf", placement))
    close(s["metrics"]["makespan"], makespan, f"heterogeneous pair, {placement}")
    check_equal(sum(t["host"] == "slow" for t in tasks), on_slow, f"tasks on the slow host, {placement}")

# min-min and max-min: three independent tasks of 6, 1 and 3 Gf (listed in that order) on
# one-core hosts of 1 (slow) and 3 Gf/s (fast); finish = (queued + size) / speed, ties to
# the slow host (listed first).
#   earliest-finish, list order: 6 -> fast (2); 1 -> slow (1 < 7/3); 3 -> fast (3 < 4):
#     slow 1 s, fast 9 Gf = 3 s: makespan 3 s.
#   min-min, smallest first: 1 -> fast (1/3); 3 -> fast (4/3 < 3); 6 -> fast (10/3 < 6):
#     makespan 10/3 s.
#   max-min, largest first: 6 -> fast (2); 3 -> tie at 3 s, slow; 1 -> fast (7/3 < 4):
#     slow 3 s, fast 7/3 s: makespan 3 s.
# heft on the DAG A(2 Gf) -> {C(1 Gf), B(4 Gf)} -> D(2 Gf), C listed before B, hosts of 1 and
# 2 Gf/s: upward ranks at the mean speed 1.5 Gf/s are A 5.33, B 4, C 2, D 1.33. A runs on
# the fast host [0, 1). Then heft places B (rank 4) first: fast, [1, 3); C: slow [1, 2)
# beats fast (3.5); D: fast [3, 4): makespan 4 s. Plain earliest-finish takes C first
# (list order): fast [1, 1.5); B: fast [1.5, 3.5) beats slow (5); D: fast [3.5, 4.5): 4.5 s.
bag3 = f"""name: three
platform: {mixed}
workload:
  - program: dag
    tasks:
      - {{ name: six, flops: 6Gf }}
      - {{ name: one, flops: 1Gf }}
      - {{ name: three, flops: 3Gf }}
scheduling: {{ placement: PLACEMENT }}
"""
for placement, makespan in (("earliest-finish", 3.0), ("min-min", 10 / 3), ("max-min", 3.0)):
    s, _, _ = run(bag3.replace("PLACEMENT", placement))
    close(s["metrics"]["makespan"], makespan, f"three tasks, {placement}")
halves = write("halves.yaml", "hosts:\n  - { name: slow, speed: 1Gf }\n  - { name: fast, speed: 2Gf }\n")
dag4 = f"""name: heft
platform: {halves}
workload:
  - program: dag
    tasks:
      - {{ name: A, flops: 2Gf }}
      - {{ name: C, flops: 1Gf, after: [A] }}
      - {{ name: B, flops: 4Gf, after: [A] }}
      - {{ name: D, flops: 2Gf, after: [B, C] }}
scheduling: {{ placement: PLACEMENT }}
"""
for placement, makespan in (("heft", 4.0), ("earliest-finish", 4.5)):
    s, _, tasks = run(dag4.replace("PLACEMENT", placement))
    close(s["metrics"]["makespan"], makespan, f"four-task DAG, {placement}")
    if placement == "heft":
        check_equal({t["task"]: t["host"] for t in tasks}, {"A": "fast", "B": "fast", "C": "slow", "D": "fast"},
                    "heft's hosts")

# pack: 5 one-core tasks on three 2-core hosts fill h-0, then h-1, then one core of h-2.
s, _, tasks = run(bag(write("packable.yaml", "hosts:\n  - { name: h, count: 3, cores: 2, speed: 1Gf }\n"),
                      5, "1Gf", "pack"))
check_equal(sorted(t["host"] for t in tasks), ["h-0", "h-0", "h-1", "h-1", "h-2"], "pack fills hosts in order")

# A chain moving B bytes between two hosts over their 1 Gbps, 100 us NICs. SimGrid's default
# network model (LV08) gives latency x 13.01 + bytes / (0.97 x bandwidth) for one flow:
# 13.01 x 200 us + 1e8 B / (0.97 x 1.25e8 B/s) = 0.8273 s between two 1 s computations.
pair = write("pair.yaml", "hosts:\n  - { name: a, speed: 1Gf }\n  - { name: b, speed: 1Gf }\n"
                          "network:\n  nic: { bandwidth: 1Gbps, latency: 100us }\n")
chain = f"""name: chain
platform: {pair}
workload:
  - program: dag
    tasks:
      - {{ name: first, flops: 1Gf, output: 100MB }}
      - {{ name: second, flops: 1Gf, after: [first] }}
scheduling: {{ placement: PLACEMENT }}
"""
transfer = 13.01 * 200e-6 + 1e8 / (0.97 * 1.25e8)
s, jobs, tasks = run(chain.replace("PLACEMENT", "round-robin"))
close(s["metrics"]["makespan"], 2 + transfer, "chain across hosts (round-robin puts it on b)")
# Schedule length ratio: response over the critical path (2 Gf) on the fastest core (1 Gf/s).
close(float(jobs[0]["slr"]), (2 + transfer) / 2, "chain SLR across hosts")
check_equal(s["metrics"]["locality"], {"data_local": 0, "rack_local": 0, "remote": 1}, "second's input is remote")
close(s["metrics"]["bytes_moved"], 1e8, "chain moves 100 MB")
second = [t for t in tasks if t["task"] == "second"][0]
close(float(second["start"]), 1 + transfer, "second starts when its input has arrived")
# It waited for its input the whole transfer, and nothing else moved: first has a consumer.
close(float(second["transfer_s"]), transfer, "second's transfer time")
first = [t for t in tasks if t["task"] == "first"][0]
check_equal((first["transfer_s"], first["cores"], first["flops"], second["flops"]), ("0", "1", "1000000000", "1000000000"),
            "first moved nothing; cores and flops per task")
check_equal(second["host"], "b", "round-robin: second on b")
# earliest-finish keeps the consumer with its input: nothing moves, 2 s.
s, jobs, tasks = run(chain.replace("PLACEMENT", "earliest-finish"))
close(s["metrics"]["makespan"], 2.0, "chain on one host")
close(float(jobs[0]["slr"]), 1.0, "chain SLR on one host: the critical path itself")
check_equal(s["metrics"]["locality"], {"data_local": 1, "rack_local": 0, "remote": 0}, "second's input is local")
close(s["metrics"]["bytes_moved"], 0.0, "chain on one host moves nothing")

# Per-user breakdown: alice's 6 tasks and bob's 2 (1 Gf each) on 8 one-core 1 Gf/s hosts
# all start at once and take 1 s: 6 and 2 core-seconds, a bounded slowdown of 1 for
# everyone, so Jain's index over the two users is exactly 1.
s, _, _ = run(f"""name: users
platform: {eight}
workload:
  - {{ program: bag-of-tasks, tasks: 6, flops: 1Gf, user: alice, arrival: {{ times: [0s, 0s, 0s, 0s, 0s, 0s] }} }}
  - {{ program: bag-of-tasks, tasks: 2, flops: 1Gf, user: bob, queue: batch }}
""")
users = s["metrics"]["by_user"]
check_equal((users["alice"]["jobs"], users["bob"]["jobs"]), (6, 1), "jobs per user")
close(users["alice"]["core_seconds"], 6.0, "alice's core-seconds")
close(users["bob"]["core_seconds"], 2.0, "bob's core-seconds")
check_equal(sorted(s["metrics"]["by_queue"]), ["batch", "default"], "queues")
close(s["metrics"]["jain_fairness_users"], 1.0, "equal slowdowns: Jain's index 1")

# Fair share: alice submits 10 times as many 1 Gf tasks as bob, first, on 8 one-core hosts.
# Over the first 10 s, fair gives each user half of the 80 core-seconds (4 cores each);
# fcfs gives alice everything until her work is done.
def shares(tasks, window):
    used = {}
    for t in tasks:
        overlap = max(0.0, min(float(t["end"]), window) - float(t["start"]))
        user = "alice" if t["job"].startswith("bag0") else "bob"
        used[user] = used.get(user, 0) + overlap
    total = sum(used.values())
    return {u: v / total for u, v in used.items()}

sharing = f"""name: sharing
platform: {eight}
workload:
  - {{ program: bag-of-tasks, tasks: 800, flops: 1Gf, user: alice, queue: prod }}
  - {{ program: bag-of-tasks, tasks: 80, flops: 1Gf, user: bob, queue: dev }}
scheduling: {{ jobs: POLICY, placement: least-loaded }}
"""
_, _, tasks = run(sharing.replace("POLICY", "fair"))
fair = shares(tasks, 10.0)
close(fair["alice"], 0.5, "fair: alice's share of the first 10 s", rel=0.05)
close(fair["bob"], 0.5, "fair: bob's share of the first 10 s", rel=0.05)
_, _, tasks = run(sharing.replace("POLICY", "fcfs"))
check(shares(tasks, 10.0).get("bob", 0) == 0, "fcfs: bob waits for all of alice's tasks")
# Capacity: prod is guaranteed 75%, dev 25% (at most 50%): 6 and 2 of the 8 cores.
capacity = sharing.replace("POLICY", "capacity").replace(
    "placement: least-loaded }", "placement: least-loaded, capacity: { queues: { prod: { share: 0.75 }, "
                                 "dev: { share: 0.25, max: 0.5 } } } }")
_, _, tasks = run(capacity)
close(shares(tasks, 10.0)["bob"], 0.25, "capacity: dev's share", rel=0.05)

# Locality: 1 GB blocks with 2 copies on two racks. Data-local tasks must grow from random
# to locality to delay (which waits for data-local slots), every task must complete, and a
# data-local task moves nothing.
local = {}
for placement in ("random", "locality", "delay"):
    s, _, tasks = run(f"""name: loc
platform: {os.path.abspath("platforms/two-racks.yaml")}
seed: 2
workload:
  - {{ program: bag-of-tasks, tasks: 600, flops: 10Gf, input: 1GB, replicas: 2, submit_at: 0s }}
scheduling: {{ placement: {placement} }}
""")
    local[placement] = s["metrics"]["locality"]["data_local"]
    check_equal(s["metrics"]["tasks"]["completed"], 600, f"{placement}: every task completes")
    check_equal(sum(s["metrics"]["locality"].values()), 600, f"{placement}: every task classified")
check(local["random"] < local["locality"] < local["delay"], f"data-local tasks: random < locality < delay {local}")

# M/M/1: Poisson arrivals at rate l to one 1 Gf/s core, exponential sizes of mean 1 Gf
# (service rate m = 1/s). Mean wait in queue W = l / (m (m - l)): 1 s at rho 0.5, 4 s at 0.8.
# The sample mean's error shrinks slowly near saturation: 1M jobs keep it well within 5%.
one = write("one.yaml", "hosts:\n  - { name: server, speed: 1Gf }\n")
for rate, jobs in ((0.5, 200000), (0.8, 1000000)):
    s, _, _ = run(bag(one, jobs, "{ exponential: 1Gf }", "round-robin",
                      f"    arrival: {{ poisson: {rate}/s }}\n"))
    close(s["metrics"]["wait"]["mean"], rate / (1 * (1 - rate)), f"M/M/1 mean wait at rho {rate}", rel=0.05)

# Determinism: same seed, same bytes; another seed, another random placement.
det = bag(write("det.yaml", "hosts:\n  - { name: h, count: 16, cores: 2, speed: { uniform: [1Gf, 3Gf] } }\n"),
          500, "{ exponential: 2Gf }", "random", "    arrival: { poisson: 20/s }\n")
outputs = []
for seed in ("1", "1", "2"):
    out = os.path.join(tmp, "det-" + str(len(outputs)))
    code, _, _ = nimbus("run", write("det-scenario.yaml", det), "--out", out, "-q", "--seed", seed,
                        "--set", "output.timeline=true")
    files = {}
    for name in ("jobs.csv", "tasks.csv", "hosts.csv", "summary.json", "timeline.json"):
        with open(os.path.join(out, name)) as f:  # but for the command line: --out differs
            files[name] = "".join(l for l in f if not l.startswith('    "command_line": '))
    outputs.append(files)
n += 3
check(outputs[0] == outputs[1], "same seed: byte-identical CSVs, summary.json and timeline")
check(outputs[0]["tasks.csv"] != outputs[2]["tasks.csv"], "another seed: other arrivals and placements")
check_equal(code, 0, "determinism runs succeed")

# The timeline: one event per attempt that ran, at its start for its duration (in
# microseconds), on its host's track, and never two events at once on one lane.
with open(os.path.join(tmp, "det-0", "timeline.json")) as f:
    events = [e for e in json.load(f)["traceEvents"] if e["ph"] == "X"]
with open(os.path.join(tmp, "det-0", "tasks.csv")) as f:
    rows = [r for r in csv.DictReader(f) if float(r["end"]) > float(r["start"])]
n += 3
check_equal(len(events), len(rows), "timeline: one event per attempt")
starts = sorted(float(r["start"]) * 1e6 for r in rows)
check(all(abs(a - b) < 1e-3 for a, b in zip(sorted(e["ts"] for e in events), starts)), "timeline: start times")
lanes = {}
for e in sorted(events, key=lambda e: e["ts"]):
    key = (e["pid"], e["tid"])
    check(lanes.get(key, -1) <= e["ts"] + 1e-6, f"timeline: lane {key} overlaps")
    lanes[key] = e["ts"] + e["dur"]

# Invariants seen from outside: no host ever runs more cores than it has, no task starts
# before it is ready, every task is accounted for.
quad = write("cores.yaml", "hosts:\n  - { name: h, count: 3, cores: 4, speed: 1Gf }\n")
s, jobs, tasks = run(f"""name: mixed-cores
platform: {quad}
workload:
  - program: bag-of-tasks
    tasks: 300
    flops: {{ uniform: [1Gf, 5Gf] }}
    cores: 3
    arrival: {{ poisson: 2/s }}
  - program: bag-of-tasks
    tasks: 300
    flops: {{ uniform: [1Gf, 5Gf] }}
    cores: 1
    arrival: {{ poisson: 2/s }}
""")
events = []
for t in tasks:
    cores = 3 if t["job"].startswith("bag0") else 1
    events += [(float(t["end"]), -cores, t["host"]), (float(t["start"]), cores, t["host"])]
    check(float(t["start"]) >= float(t["ready"]), f"task {t['job']} starts after it is ready")
used, worst = {}, 0
for time, delta, host in sorted(events):
    used[host] = used.get(host, 0) + delta
    worst = max(worst, used[host])
n += 2
check(worst <= 4, f"never more than 4 cores busy on a host (saw {worst})")
check_equal(len(tasks), 600, "one row per task")

# Failures: host a goes off at 1.5 s. Round-robin gives a tasks 0 and 2, b tasks 1 and 3
# (1 s each): task 0 ends at 1 s, task 2 dies with a at 1.5 s; b ends its two at 2 s.
# The DAG's second task needs the first, which ran on a and never finished: it fails too.
failing = write("failing.yaml", "hosts:\n  - { name: a, speed: 1Gf, failures: { trace: [[1.5s, off]] } }\n"
                                "  - { name: b, speed: 1Gf, never_fails: true }\n")
s, jobs, tasks = run(f"""name: failing
platform: {failing}
workload:
  - program: bag-of-tasks
    tasks: 4
    flops: 1Gf
  - program: dag
    submit_at: 1s
    tasks:
      - {{ name: first, flops: 1Gf }}
      - {{ name: second, flops: 1Gf, after: [first] }}
scheduling: {{ placement: round-robin }}
""")
outcomes = sorted((t["job"], t["task"], t["host"], t["outcome"]) for t in tasks)
check_equal(outcomes, [("bag0", "0", "a", "succeeded"), ("bag0", "1", "b", "succeeded"),
                       ("bag0", "2", "a", "host-failed"), ("bag0", "3", "b", "succeeded"),
                       ("dag1", "first", "a", "host-failed"), ("dag1", "second", "", "dependency-failed")],
            "who fails, where and why")
close(s["metrics"]["makespan"], 2.0, "makespan: the last task that succeeded")
check_equal(s["metrics"]["jobs"], {"submitted": 2, "completed": 0, "failed": 2}, "both jobs lost a task")
check_equal(s["controller_host"], "b", "the controller sits on the host that never fails")
# Utilization counts only the time hosts were up (a: 1.5 s of the 2 s makespan, b: 2 s) and
# only useful work (a: task 0's 1 s, task 2's lost half second not counted; b: 2 s):
# 3 core-seconds over 3.5 available.
close(s["metrics"]["utilization"], 3 / 3.5, "utilization over the time hosts were up")

# A task no host can run any more: the only 4-core host is down for good when it arrives.
# It fails as no-host, the run ends normally, and SimGrid's deadlock alarm stays quiet.
dead = write("dead.yaml", "hosts:\n  - { name: head, speed: 1Gf, never_fails: true }\n"
                          "  - { name: big, cores: 4, speed: 1Gf, failures: { trace: [[0.5s, off]] } }\n")
path = write("dead-scenario.yaml", f"""name: dead
platform: {dead}
workload:
  - {{ program: bag-of-tasks, tasks: 2, flops: 4Gf, cores: 4, submit_at: 1s }}
""")
code, out, err = nimbus("run", path, "--out", os.path.join(tmp, "dead"), "-q")
n += 2
# (AddressSanitizer builds warn about SimGrid's stack switching: not ours to silence.)
noise = ("==", "False positive error reports", "For details see")
check_equal((code, [line for line in err.splitlines() if not line.startswith(noise)]), (0, []),
            "an unrunnable task ends the run cleanly")
with open(os.path.join(tmp, "dead", "tasks.csv")) as f:
    check_equal([r["outcome"] for r in csv.DictReader(f)], ["no-host", "no-host"], "reported as no-host")

finish(n)
