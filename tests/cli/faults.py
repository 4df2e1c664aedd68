"""Fault tolerance through the real `nimbus run`: retry and checkpoint/restart, against
times worked out by hand on a host that fails at a known time, and against the reliability
literature on hosts that fail at random: Daly's expected time with checkpoints (Daly 2006)
and the restart-from-scratch time (e^(W/M) - 1) M without them.
"""
import csv
import json
import math
import os
import tempfile

from harness import check, check_equal, finish, nimbus

tmp = tempfile.mkdtemp(prefix="nimbus-faults-")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(name, platform, workload, faults, expect=0):
    """Runs a scenario; returns (tasks.csv rows, summary, stdout)."""
    path = write(name + ".yaml", f"name: {name}\nplatform: {platform}\nworkload:\n{workload}{faults}")
    out = os.path.join(tmp, "out-" + name)
    code, stdout, stderr = nimbus("run", path, "--out", out)
    check_equal(code, expect, f"{name}: exit status ({stderr.strip()})")
    if code != 0:
        return [], {}, stderr
    with open(os.path.join(out, "tasks.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    return rows, summary, stdout


def close(actual, expected, what, tol=1e-9):
    check(abs(float(actual) - expected) <= tol * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


# 1. By hand. Host a (1 Gf) goes off at 4.5 s and stays off; host b (0.5 Gf) never fails
# (nor does the slow head, 0.1 Gf). A task of 10 Gf goes to a, where it finishes first (10 s
# against 20 s on b and 100 s on the head).
TWO = write("two.yaml", """name: two
hosts:
  - { name: head, speed: 0.1Gf, never_fails: true }
  - { name: a, speed: 1Gf, failures: { trace: [[4.5s, off]] } }
  - { name: b, speed: 0.5Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
TASK = "  - program: bag-of-tasks\n    tasks: 1\n    flops: 10Gf\n"

# Without fault tolerance the task is lost with a at 4.5 s, and its job with it.
rows, summary, _ = run("no-retry", TWO, TASK, "")
check_equal([(r["attempt"], r["host"], r["outcome"]) for r in rows], [("1", "a", "host-failed")], "no retry: one attempt, lost")
check_equal(summary["metrics"]["jobs"]["failed"], 1, "no retry: the job fails")
check_equal(summary["metrics"]["faults"]["lost_attempts"], 1, "no retry: one attempt lost")
close(summary["metrics"]["faults"]["wasted_core_s"], 4.5, "no retry: 4.5 s of computation lost")

# Retry after a back-off of 2 s: ready again at 6.5 s, on b (a is off): 20 s, ends at 26.5 s.
rows, summary, stdout = run("retry", TWO, TASK, "faults: { retry: 3, backoff: 2s }\n")
check_equal([(r["attempt"], r["host"], r["outcome"]) for r in rows],
            [("1", "a", "host-failed"), ("2", "b", "succeeded")], "retry: a second attempt on b")
close(rows[1]["ready"], 6.5, "retry: ready after the back-off")
close(rows[1]["end"], 26.5, "retry: 20 s on b")
check_equal(summary["metrics"]["tasks"]["completed"], 1, "retry: the task counts once, completed")
check_equal(summary["metrics"]["tasks"]["failed"], 0, "retry: a lost attempt is not a failed task")
check_equal(summary["metrics"]["jobs"]["completed"], 1, "retry: the job completes")
check_equal(summary["metrics"]["faults"]["retried_tasks"], 1, "retry: one task retried")
close(summary["metrics"]["faults"]["goodput"], 20 / 24.5, "retry: goodput 20 s kept of 24.5 s computed")
check("1 host failure, hosts up" in stdout and "; 1 attempt lost, 1 task retried" in stdout,
      f"retry: the failures line ({stdout})")
# Host a is off from 4.5 s to the end of the run (26.5 s): one down period, 4.5 s up and
# 22 s down; the others are up the whole 26.5 s.
with open(os.path.join(tmp, "out-retry", "downtime.csv")) as f:
    check_equal(list(csv.reader(f)), [["host", "start", "end"], ["a", "4.5", "26.5"]], "retry: a's down period")
with open(os.path.join(tmp, "out-retry", "hosts.csv")) as f:
    hosts = {h["host"]: (float(h["up_s"]), float(h["down_s"])) for h in csv.DictReader(f)}
check_equal(hosts, {"head": (26.5, 0.0), "a": (4.5, 22.0), "b": (26.5, 0.0)}, "retry: up and down time per host")

# A producer's output is on its host: while that host is off, a consumer cannot read it and
# its attempt ends at once, input-lost (SimGrid aborted on a transfer from a host that is off).
# first (1 s on a), slow (10 s on b); a off from 5 s to 30 s; second is ready at 10 s, lost at
# 10 s and at 22 s (after 12 s of back-off), and runs at 34 s, on a again, its input local.
OFF_PRODUCER = write("off-producer-platform.yaml", """name: off-producer
hosts:
  - { name: a, speed: 1Gf, failures: { trace: [[5s, off], [30s, on]] } }
  - { name: b, speed: 1Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 1Gbps, latency: 100us }
""")
rows, summary, _ = run("off-producer", OFF_PRODUCER, """  - program: dag
    tasks:
      - { name: first, flops: 1Gf, output: 100MB }
      - { name: slow, flops: 10Gf }
      - { name: second, flops: 1Gf, after: [first, slow] }
scheduling: { placement: round-robin }
""", "faults: { retry: 3, backoff: 12s }\n")
check_equal([(r["task"], r["host"], r["ready"], r["start"], r["end"], r["outcome"]) for r in rows],
            [("first", "a", "0", "0", "1", "succeeded"), ("slow", "b", "0", "0", "10", "succeeded"),
             ("second", "b", "10", "", "10", "input-lost"), ("second", "b", "22", "", "22", "input-lost"),
             ("second", "a", "34", "34", "35", "succeeded")], "a producer's host off: its consumer retried until it is back")

# A fetch that fails stops the attempt's other transfers. q reads 1000 MB from p1 (on a) and
# from p2 (on b) at c from 1 s; a goes off at 1.5 s: q is input-lost, and its transfer from b
# is cancelled, where it went on for 7 s more, halving the bandwidth of b's NIC. q runs again
# at 2.5 s on a (back at 2 s), p1's output local, p2's from b alone on the route: LV08's
# 13.01 x 200 us of latency and 1e9 B at 0.97 x 125 MB/s.
THREE = write("three-platform.yaml", """name: three
hosts:
  - { name: a, speed: 1Gf, failures: { trace: [[1.5s, off], [2s, on]] } }
  - { name: b, speed: 1Gf, never_fails: true }
  - { name: c, speed: 1Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 1Gbps, latency: 100us }
""")
rows, summary, _ = run("fetch-lost", THREE, """  - program: dag
    tasks:
      - { name: p1, flops: 1Gf, output: 1000MB }
      - { name: p2, flops: 1Gf, output: 1000MB }
      - { name: q, flops: 1Gf, after: [p1, p2] }
scheduling: { placement: round-robin }
""", "faults: { retry: 3, backoff: 1s }\n")
check_equal([(r["task"], r["host"], r["start"], r["end"], r["outcome"]) for r in rows[2:3]],
            [("q", "c", "", "1.5", "input-lost")], "fetch lost: q loses p1's output at 1.5 s")
fetch = 13.01 * 200e-6 + 1e9 / (0.97 * 125e6)
check_equal((rows[3]["host"], rows[3]["outcome"]), ("a", "succeeded"), "fetch lost: q runs again on a")
close(rows[3]["start"], 2.5 + fetch, "fetch lost: the retry's fetch from b has b's NIC to itself")
close(rows[3]["end"], 3.5 + fetch, "fetch lost: then 1 s of computation")

# Checkpoints every 2 s of computation (cost 1 s), restart 0.5 s. On a: compute [0, 2],
# checkpoint [2, 3] (2 Gf saved), compute [3, 4.5] lost. On b from 4.5 s: restart to 5 s,
# then the 8 Gf left in segments of 2 s x 0.5 Gf = 1 Gf: 8 x 2 s of computation and 7
# checkpoints between them, 23 s: ends at 28 s.
rows, summary, _ = run("checkpoint", TWO, TASK, "faults: { checkpoint: { interval: 2s, cost: 1s, restart: 0.5s } }\n")
check_equal([(r["attempt"], r["host"], r["outcome"]) for r in rows],
            [("1", "a", "host-failed"), ("2", "b", "succeeded")], "checkpoint: resumed on b")
close(rows[0]["end"], 4.5, "checkpoint: lost at 4.5 s")
close(rows[1]["end"], 28.0, "checkpoint: restart, then the 8 Gf left with 7 checkpoints")
f = summary["metrics"]["faults"]
close(f["wasted_core_s"], 1.5, "checkpoint: only the 1.5 s after the checkpoint is lost")
close(f["checkpoint_core_s"], 8.0, "checkpoint: 1 + 7 checkpoints of 1 s")
close(f["restart_core_s"], 0.5, "checkpoint: one restart")
close(f["goodput"], 18 / 28, "checkpoint: 18 s kept of 19.5 s computed + 8 s checkpointing + 0.5 s restarting")

# 2. Against theory. 4,000 hosts of 1 Gf failing at random (exponential MTBF M = 500 s,
# repaired in 100 s) and 2,000 tasks, each alone on its host (a retry finds another host up
# at once). A task's time is from its first start to its last end.
MANY = write("many.yaml", """name: memoryless
hosts:
  - { name: head, speed: 1Gf, never_fails: true }
  - { name: h, count: 4000, speed: 1Gf, failures: { mtbf: 500s, mttr: 100s } }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")


def task_times(rows):
    first, last = {}, {}
    for r in rows:
        if r["start"] != "":
            first[r["task"]] = min(first.get(r["task"], math.inf), float(r["start"]))
        last[r["task"]] = max(last.get(r["task"], 0.0), float(r["end"]))
    return [last[t] - first[t] for t in last]


M = 500.0
# Without checkpoints a task restarts from scratch until it runs W = 500 s without a failure:
# E[T] = (e^(W/M) - 1) M = 859 s. The standard error of 2,000 tasks' mean is 1.3%.
rows, summary, _ = run("scratch", MANY, "  - program: bag-of-tasks\n    tasks: 2000\n    flops: 500Gf\n",
                       "faults: { retry: 1000 }\n")
times = task_times(rows)
check_equal(len(times), 2000, "scratch: every task ran")
check_equal(summary["metrics"]["tasks"]["completed"], 2000, "scratch: every task completed")
mean = sum(times) / len(times)
expected = math.expm1(500 / M) * M
check(abs(mean / expected - 1) < 0.04, f"scratch: mean {mean:.1f} s within 4% of (e^(W/M) - 1) M = {expected:.1f} s")

# With checkpoints: W = 1000 s in segments of tau, each followed by a checkpoint of C = 10 s,
# and R = 5 s after each failure. Each segment of length s costs M e^(R/M) (e^(s/M) - 1) in
# expectation; nimbus writes no checkpoint after the last segment, so E[T] is
# M e^(R/M) [(n - 1)(e^((tau + C)/M) - 1) + (e^(tau/M) - 1)] with n = W / tau, and Daly's
# formula (a checkpoint after every segment) is within a few percent of it.
for tau in (50, 100, 200):
    rows, summary, _ = run(f"daly-{tau}", MANY, "  - program: bag-of-tasks\n    tasks: 2000\n    flops: 1000Gf\n",
                           f"faults: {{ checkpoint: {{ interval: {tau}s, cost: 10s, restart: 5s }} }}\n")
    times = task_times(rows)
    mean = sum(times) / len(times)
    n = 1000 / tau
    exact = M * math.exp(5 / M) * ((n - 1) * math.expm1((tau + 10) / M) + math.expm1(tau / M))
    daly = M * math.exp(5 / M) * math.expm1((tau + 10) / M) * n
    check(abs(mean / exact - 1) < 0.03, f"tau {tau} s: mean {mean:.1f} s within 3% of {exact:.1f} s")
    check(abs(mean / daly - 1) < 0.03, f"tau {tau} s: mean {mean:.1f} s within 3% of Daly's {daly:.1f} s")
    f = summary["metrics"]["faults"]
    # Every checkpoint is written once (a lost one is not counted): (n - 1) per task.
    close(f["checkpoint_core_s"], 2000 * (n - 1) * 10, f"tau {tau} s: (n - 1) checkpoints per task", 1e-9)
    close(f["compute_core_s"] - f["wasted_core_s"], 2000 * 1000, f"tau {tau} s: the work kept is the work", 1e-9)

# 3. Replication. By hand: hosts a (1 Gf) and b (0.5 Gf), one core each; a task of 10 Gf
# runs as 2 copies, one on each host (a copy never shares a host with another).
PAIR = """name: pair
hosts:
  - { name: a, speed: 1Gf, AFAIL }
  - { name: b, speed: 0.5Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
"""
SAFE = write("pair.yaml", PAIR.replace("AFAIL", "never_fails: true"))
FAILING = write("pair-failing.yaml", PAIR.replace("AFAIL", "failures: { trace: [[5s, off]] }"))
TWO_TASKS = "  - program: bag-of-tasks\n    tasks: 2\n    flops: 10Gf\n"

# The copy on a ends at 10 s and wins; b's copy is cancelled at that instant, its 10 s of
# computation wasted: goodput 10 / 20. Task 1's copies wait in the hosts' queues, then run
# from 10 s to 20 s the same way.
rows, summary, stdout = run("copies", SAFE, TWO_TASKS, "faults: { replication: 2 }\n")
check_equal([(r["task"], r["attempt"], r["host"], r["start"], r["end"], r["outcome"]) for r in rows],
            [("0", "1", "a", "0", "10", "succeeded"), ("0", "2", "b", "0", "10", "cancelled"),
             ("1", "1", "a", "10", "20", "succeeded"), ("1", "2", "b", "10", "20", "cancelled")],
            "copies: the faster copy wins, the other is cancelled at once")
f = summary["metrics"]["faults"]
check_equal((f["cancelled"], f["lost_attempts"], f["retried_tasks"], f["most_attempts"]), (2, 0, 0, 1),
            "copies: 2 cancelled, none lost; a round of copies is one try")
close(f["goodput"], 0.5, "copies: half the computing time went to the cancelled copies")
check_equal(summary["metrics"]["tasks"]["completed"], 2, "copies: each task counts once")
check("cancelled     2 attempts (copies beaten" in stdout, f"copies: the cancelled line ({stdout})")

# a goes off at 5 s: its copy is lost, b's goes on and ends at 20 s. The task is not retried
# (no `retry`): the copy that survived is enough.
rows, summary, _ = run("copy-survives", FAILING, TASK, "faults: { replication: 2 }\n")
check_equal([(r["attempt"], r["host"], r["end"], r["outcome"]) for r in rows],
            [("1", "a", "5", "host-failed"), ("2", "b", "20", "succeeded")], "copy survives: b's copy wins")
f = summary["metrics"]["faults"]
check_equal((f["lost_attempts"], f["retried_tasks"], summary["metrics"]["jobs"]["completed"]), (1, 0, 1),
            "copy survives: one copy lost, the task not retried, the job completes")

# A copy cancelled while it waits in a queue never starts. Round-robin over a (1 Gf),
# b (0.5 Gf) and c (4 Gf) places task 0 on a and b, task 1 on c and in a's queue, task 2 in
# b's and c's queues. Task 1 wins on c at 2.5 s (its copy in a's queue is dropped), task 2
# then runs on c and wins at 5 s (its copy in b's queue is dropped), task 0 wins on a at 10 s.
TRIO = write("trio.yaml", PAIR.replace("AFAIL", "never_fails: true").replace(
    "network:", "  - { name: c, speed: 4Gf, never_fails: true }\nnetwork:"))
rows, summary, _ = run("queued-copies", TRIO, "  - program: bag-of-tasks\n    tasks: 3\n    flops: 10Gf\n",
                       "scheduling: { placement: round-robin }\nfaults: { replication: 2 }\n")
check_equal(sorted((r["task"], r["host"], r["start"], r["end"], r["outcome"]) for r in rows),
            [("0", "a", "0", "10", "succeeded"), ("0", "b", "0", "10", "cancelled"),
             ("1", "a", "", "2.5", "cancelled"), ("1", "c", "0", "2.5", "succeeded"),
             ("2", "b", "", "5", "cancelled"), ("2", "c", "2.5", "5", "succeeded")],
            "queued copies: dropped from their queue when another copy wins, never started")
close(summary["metrics"]["faults"]["goodput"], 15 / 25, "queued copies: 10 s of b's 25 core-seconds wasted")

# With spread: rack, the copies of a task are in distinct racks. With the default (host),
# earliest-finish puts both copies of the first tasks on the fast rack.
RACKS = write("racks.yaml", """name: racks
hosts:
  - { name: head, speed: 0.01Gf, never_fails: true, rack: r2 }
  - { name: a, count: 4, speed: 1Gf, rack: r0 }
  - { name: b, count: 4, speed: 0.5Gf, rack: r1 }
network:
  topology: racks
  nic: { bandwidth: 10Gbps, latency: 10us }
  uplink: { bandwidth: 40Gbps, latency: 10us }
""")
FOUR = "  - program: bag-of-tasks\n    tasks: 4\n    flops: 10Gf\n"
for spread in ("rack", "host"):
    rows, summary, _ = run(f"spread-{spread}", RACKS, FOUR, f"faults: {{ replication: {{ copies: 2, spread: {spread} }} }}\n")
    racks = [sorted(r["host"][0] for r in rows if r["task"] == str(t)) for t in range(4)]
    apart = sum(1 for pair in racks if pair == ["a", "b"])
    check(apart == 4 if spread == "rack" else apart < 4, f"spread {spread}: the racks of each task's copies ({racks})")
    check_equal(len({r["host"] for r in rows}), 8, f"spread {spread}: every copy on a host of its own")

# Against stragglers (Dean and Ghemawat 2004; Ananthanarayanan et al. 2013): a fraction
# p = 0.2 of the hosts is 10x slower, placement is random, so a task is slow only when all its
# K copies land on slow hosts: p^K. 2,000 tasks: the count of slow tasks is binomial; each
# check allows 4 standard deviations.
STRAGGLERS = write("stragglers.yaml", """name: stragglers
hosts:
  - { name: fast, count: 800, cores: 8, speed: 1Gf }
  - { name: slow, count: 200, cores: 8, speed: 0.1Gf }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
slow_counts = []
for k in (1, 2, 3):
    rows, summary, _ = run(f"stragglers-{k}", STRAGGLERS, "  - program: bag-of-tasks\n    tasks: 2000\n    flops: 1Gf\n",
                           f"scheduling: {{ placement: random }}\nfaults: {{ replication: {k} }}\n")
    won = [r for r in rows if r["outcome"] == "succeeded"]
    check_equal(len(won), 2000, f"K={k}: one winner per task")
    slow = sum(1 for r in won if float(r["end"]) - float(r["start"]) > 2)
    p = 0.2 ** k
    sigma = math.sqrt(2000 * p * (1 - p))
    check(abs(slow - 2000 * p) <= 4 * sigma, f"K={k}: {slow} slow tasks, expected {2000 * p:.0f} +- {4 * sigma:.0f}")
    slow_counts.append(slow)
check(slow_counts[0] > slow_counts[1] > slow_counts[2], f"stragglers: fewer slow tasks with every copy ({slow_counts})")

# 4. Speculation (LATE). Host f computes at 1 Gf; n1 and n2 are 1 Gf on paper but a
# neighbour leaves them 0.1 and 0.5 of it, which no estimate knows. Round-robin places 3 tasks
# of 10 Gf (estimated 10 s each) on f, n1 and n2. With slow: 1.5, a task still running at
# 15 s is slow: both tasks on n1 and n2 then. The cap allows one backup (10% of 2 running,
# at least 1), and LATE backs up the one that would end last: on n1, 15% done, 85 s left,
# against 5 s left on n2. Its backup runs on f (free since 10 s) from 15 s to 25 s and wins;
# n1's copy is cancelled at 25 s. The task on n2 ends alone at 20 s.
NOISY = write("noisy.yaml", """name: noisy
hosts:
  - { name: f, speed: 1Gf, never_fails: true }
  - { name: n1, speed: 1Gf, never_fails: true, load: { trace: [[0s, 0.1]] } }
  - { name: n2, speed: 1Gf, never_fails: true, load: { trace: [[0s, 0.5]] } }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
rows, summary, stdout = run("late", NOISY, "  - program: bag-of-tasks\n    tasks: 3\n    flops: 10Gf\n",
                            "scheduling: { placement: round-robin }\nfaults: { speculation: { slow: 1.5 } }\n")
check_equal(sorted((r["task"], r["attempt"], r["host"], r["start"], r["end"], r["outcome"]) for r in rows),
            [("0", "1", "f", "0", "10", "succeeded"), ("1", "1", "n1", "0", "25", "cancelled"),
             ("1", "2", "f", "15", "25", "succeeded"), ("2", "1", "n2", "0", "20", "succeeded")],
            "late: the task with the most time left is backed up at 15 s, on f, and wins")
f = summary["metrics"]["faults"]
check_equal((f["backups"], f["backups_won"], f["cancelled"], f["retried_tasks"]), (1, 1, 1, 0),
            "late: one backup, it won, the original cancelled; a backup is not a retry")
close(f["goodput"], 40 / 65, "late: n1's 25 s wasted of 65 core-seconds")
check("speculation   1 backup copy of slow tasks, 1 finished first" in stdout, f"late: the speculation line ({stdout})")

# With slow: 3 nothing is slow by 30 s but n1's task, backed up then on f: it ends at 40 s.
rows, summary, _ = run("late-3", NOISY, "  - program: bag-of-tasks\n    tasks: 3\n    flops: 10Gf\n",
                       "scheduling: { placement: round-robin }\nfaults: { speculation: { slow: 3 } }\n")
check_equal(sorted((r["task"], r["host"], r["start"], r["end"], r["outcome"]) for r in rows if r["task"] == "1"),
            [("1", "f", "30", "40", "succeeded"), ("1", "n1", "0", "40", "cancelled")],
            "late, slow 3: the backup starts at 3 x 10 s")

# 5. Correlated failures and replicated data. 4 racks of 8 one-core hosts and a head in a
# rack of its own; a rule on `racks:` takes every host of r0 down at 1 s, at once.
RACK_RULE = """name: racks4
hosts:
  - { name: head, speed: 1Gf, never_fails: true, rack: core }
  - { name: a, count: 8, speed: 1Gf, rack: r0 }
  - { name: b, count: 8, speed: 1Gf, rack: r1 }
  - { name: c, count: 8, speed: 1Gf, rack: r2 }
  - { name: d, count: 8, speed: 1Gf, rack: r3 }
network:
  topology: racks
  nic: { bandwidth: 10Gbps, latency: 10us }
  uplink: { bandwidth: 40Gbps, latency: 10us }
failures:
RULES"""
ONE_RACK = write("racks4.yaml", RACK_RULE.replace("RULES", "  - { racks: [r0], trace: [[1s, off]] }\n"))
BLOCKS = "  - program: bag-of-tasks\n    tasks: 400\n    flops: 10Gf\n    input: 100MB\n    replicas: {r}\n"
hosts_csv = None
for r in (1, 2):
    rows, summary, _ = run(f"rack-r{r}", ONE_RACK, BLOCKS.format(r=r), "scheduling: { placement: locality }\nfaults: { retry: 3 }\n")
    f = summary["metrics"]["faults"]
    if r == 1:
        # A block's one copy is on a host drawn among 33: it is lost with r0 with p = 8/33.
        p = 8 / 33
        sigma = math.sqrt(400 * p * (1 - p))
        check(abs(f["blocks_lost"] - 400 * p) <= 4 * sigma, f"R=1: {f['blocks_lost']} blocks lost, expected {400 * p:.0f} +- {4 * sigma:.0f}")
        # Each task whose block was lost fails, found data-lost at its last try (a task of a
        # lost block that had read it before 1 s, from r0, completes).
        outcome = {r_["task"]: r_["outcome"] for r_ in rows}  # the last row of a task is its last try
        failed = [t for t, o in outcome.items() if o != "succeeded"]
        check(all(outcome[t] == "data-lost" for t in failed), "R=1: every failed task found its data lost")
        check_equal(summary["metrics"]["tasks"]["failed"], len(failed), "R=1: failed tasks")
        check(f["blocks_lost"] - 8 <= len(failed) <= f["blocks_lost"], f"R=1: the tasks of lost blocks fail ({len(failed)} of {f['blocks_lost']})")
        host_failures = f["host_failures"]
        check_equal(host_failures, 8, "R=1: the rack's 8 hosts went off")
        with open(os.path.join(tmp, f"out-rack-r{r}", "hosts.csv")) as fh:
            down = {h["host"]: float(h["down_s"]) for h in csv.DictReader(fh)}
        check(all(abs(down[f"a-{i}"] - (summary["metrics"]["makespan"] - 1)) < 1e-6 for i in range(8)),
              "R=1: every host of r0 down from 1 s to the end")
    else:
        # HDFS's placement puts the second copy in another rack: one rack lost loses nothing.
        check_equal((f["blocks_lost"], summary["metrics"]["tasks"]["failed"]), (0, 0), "R=2: a rack lost, no block lost")

# Two racks lost an hour apart: with 2 copies, blocks whose copies were in both are lost
# unless re-replication made them again in between.
TWO_RACKS = write("racks4-two.yaml", RACK_RULE.replace(
    "RULES", "  - { racks: [r0], trace: [[1s, off]] }\n  - { racks: [r1], trace: [[1h, off]] }\n"))
LONG = "  - program: bag-of-tasks\n    tasks: 400\n    flops: 1000Gf\n    input: 1GB\n    replicas: 2\n"
_, summary, _ = run("two-racks-plain", TWO_RACKS, LONG, "scheduling: { placement: locality }\nfaults: { retry: 3 }\n")
plain = summary["metrics"]["faults"]["blocks_lost"]
check(plain > 0, f"two racks, no re-replication: blocks lost ({plain})")
_, summary, stdout = run("two-racks-rerep", TWO_RACKS, LONG,
                         "scheduling: { placement: locality }\nfaults: { retry: 3 }\nstorage: { rereplicate: true, bandwidth: 100MBps }\n")
f = summary["metrics"]["faults"]
check_equal((f["blocks_lost"], summary["metrics"]["tasks"]["failed"]), (0, 0), "two racks, re-replication: nothing lost")
check(f["rereplicated"] > 0 and f["bytes_rereplicated"] == f["rereplicated"] * 1e9,
      f"two racks, re-replication: each copy made again moves the 1 GB block ({f['rereplicated']})")
check("data          0 input blocks lost" in stdout, f"two racks: the data line ({stdout})")

# The 8 hosts of a rack go off at one instant, and SimGrid orders simultaneous events by
# memory address, which moves with anything the process allocates (here, the length of the
# output path): the outputs must not.
tables = []
for name in ("two-racks-rerep-again", "two-racks-rerep-again-with-a-much-longer-name-for-its-folder"):
    run(name, TWO_RACKS, LONG, "scheduling: { placement: locality }\nfaults: { retry: 3 }\nstorage: { rereplicate: true, bandwidth: 100MBps }\n")
    with open(os.path.join(tmp, "out-" + name, "tasks.csv")) as fh:
        tables.append(fh.read())
check(tables[0] == tables[1], "two racks: tasks.csv byte for byte the same whatever the output folder's name")

# A link that fails: b-0's NIC goes off at 1 s; the tasks placed on b-0 cannot get their input.
LINK = write("link-platform.yaml", RACK_RULE.replace("RULES", "  - { links: [b-0-nic], trace: [[0.5s, off]] }\n"))
rows, summary, _ = run("link", LINK, "  - program: bag-of-tasks\n    tasks: 64\n    flops: 10Gf\n    input: 1GB\n",
                       "scheduling: { placement: round-robin }\n")
on_b0 = [r for r in rows if r["host"] == "b-0"]
check(len(on_b0) > 0 and all(r["outcome"] == "input-lost" for r in on_b0), f"link: what runs on b-0 loses its input ({on_b0[:2]})")
check_equal(summary["metrics"]["faults"]["host_failures"], 0, "link: no host failed")

# 6. Programs. Two ranks pinned to a and b (1 Gf each) compute 10 Gf, meet at a barrier,
# three times over (two barriers). Host a goes off at 15 s and is back at 20 s; the head and
# b never fail.
PROGRAM_HOSTS = write("program-hosts.yaml", """name: program-hosts
hosts:
  - { name: head, speed: 1Gf, never_fails: true }
  - { name: a, speed: 1Gf, failures: { trace: [[15s, off], [20s, on]] } }
  - { name: b, speed: 1Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
write("rounds.txt", "".join(f"0 compute 1e10\n1 compute 1e10\n" + ("0 barrier\n1 barrier\n" if i < 2 else "") for i in range(3)))
ROUNDS = "  - { program: replay, actions: rounds.txt, hosts: [a, b] }\n"


def rank_rows(name):
    with open(os.path.join(tmp, f"out-{name}", "ranks.csv")) as f:
        return [(r["rank"], r["start"], r["end"], r["outcome"]) for r in csv.DictReader(f)]


# Without fault tolerance the program dies with a's rank at 15 s.
_, summary, _ = run("program-lost", PROGRAM_HOSTS, ROUNDS, "")
check_equal(rank_rows("program-lost"), [("0", "0", "15", "host-failed"), ("1", "0", "15", "cancelled")], "program lost at 15 s")
# With retry it runs again from its start once a is back: 20 + 30 = 50 s.
_, summary, _ = run("program-retry", PROGRAM_HOSTS, ROUNDS, "faults: { retry: 2 }\n")
check_equal(sorted(rank_rows("program-retry")),
            [("0", "0", "15", "host-failed"), ("0", "20", "50", "succeeded"), ("1", "0", "15", "cancelled"), ("1", "20", "50", "succeeded")],
            "program retried from its start when a is back")
# With coordinated checkpoints (interval 5 s, cost 1 s, restart 2 s): the first barrier, at
# 10 s, is 5 s or more after the start, so every rank writes a checkpoint until 11 s. Lost at
# 15 s, the program restarts at 20 s: 2 s of restart, the second 10 Gf until 32 s, the
# second barrier (21 s after the last checkpoint) and its checkpoint until 33 s, the last
# 10 Gf until 43 s.
_, summary, _ = run("program-checkpoint", PROGRAM_HOSTS, ROUNDS, "faults: { checkpoint: { interval: 5s, cost: 1s, restart: 2s } }\n")
check_equal(sorted(rank_rows("program-checkpoint")),
            [("0", "0", "15", "host-failed"), ("0", "20", "43", "succeeded"), ("1", "0", "15", "cancelled"), ("1", "20", "43", "succeeded")],
            "program resumed from its coordinated checkpoint")
f = summary["metrics"]["faults"]
close(f["checkpoint_core_s"], 4, "program checkpoint: 2 checkpoints x 2 ranks x 1 s")
close(f["restart_core_s"], 4, "program checkpoint: 2 ranks x 2 s of restart")

# A program restarted after a failure is one job whose ranks are tasks still to do: its
# first lost rank must not count as a failed task. When it did, the controller believed the
# work done one task early, stopped handling failures, and the next failure of a rank's
# host left the other rank waiting forever (a "deadlock" at t=23219 s on this history).
# Two ranks, 80 supersteps of 5 min, on hosts of MTBF 4 h: several restarts, then done.
_, summary, _ = run("program-random-failures", os.path.abspath(os.path.join(os.path.dirname(__file__), "../../platforms/unreliable.yaml")),
                    "  - { program: bsp, ranks: 2, supersteps: 80, flops: 600Gf, pattern: neighbours, bytes: 100MB, sync: barrier }\n",
                    "scheduling: { placement: spread }\nfaults: { retry: 100 }\n")
outcomes = [r[3] for r in rank_rows("program-random-failures")]
check(len(outcomes) > 4, f"random failures: the program was restarted ({len(outcomes)} rank rows)")
check_equal(outcomes.count("succeeded"), 2, "random failures: each rank succeeds once, in the last run")
check_equal(summary["metrics"]["jobs"]["completed"], 1, "random failures: the program completes")

# 6b. Message logging: a lost rank restarts alone; the others go on.
# Rounds (above), each rank checkpointing by itself every 5 s (cost 1 s, restart 2 s): both
# write one after their first 10 Gf (10-11 s) and meet at the barrier at 11 s. Rank 0 is
# lost with a at 15 s, restarts on a at 20 s (its ranks name their hosts): 2 s of restart,
# the barrier it passed already is passed again at once, its second 10 Gf until 32 s, a
# checkpoint until 33 s, the second barrier, the last 10 Gf until 43 s. Rank 1 never stops:
# 10 Gf until 21 s, a checkpoint until 22 s, the barrier until rank 0 is there at 33 s, a
# checkpoint (33-34 s), the last 10 Gf until 44 s.
_, summary, _ = run("logging-rounds", PROGRAM_HOSTS, ROUNDS,
                    "faults: { message_logging: true, checkpoint: { interval: 5s, cost: 1s, restart: 2s } }\n")
check_equal(sorted(rank_rows("logging-rounds")), [("0", "0", "15", "host-failed"), ("0", "20", "43", "succeeded"), ("1", "0", "44", "succeeded")],
            "message logging: rank 0 restarts alone, rank 1 goes on")
f = summary["metrics"]["faults"]
close(f["wasted_core_s"], 4, "message logging: the 4 s rank 0 had computed since its checkpoint are lost, nothing of rank 1")
close(f["checkpoint_core_s"], 5, "message logging: 2 checkpoints of rank 0, 3 of rank 1")

# A pipeline of 1-byte messages: rank 0 on a computes 10 Gf and sends to rank 1, twice, then
# computes 10 Gf more; rank 1 on b receives, computes 10 Gf, receives, computes 10 Gf. A
# message costs well under a millisecond here (SimGrid's latency of the route).
write("pipe.txt", "0 compute 1e10\n0 send 1 1\n0 compute 1e10\n0 send 1 1\n0 compute 1e10\n"
                  "1 recv 0\n1 compute 1e10\n1 recv 0\n1 compute 1e10\n")
PIPE = "  - { program: replay, actions: pipe.txt, hosts: [a, b] }\n"
RECEIVER_FAILS = write("receiver-fails.yaml", open(PROGRAM_HOSTS).read()
                       .replace("name: program-hosts", "name: receiver-fails")
                       .replace("{ name: a, speed: 1Gf, failures: { trace: [[15s, off], [20s, on]] } }", "{ name: a, speed: 1Gf, never_fails: true }")
                       .replace("{ name: b, speed: 1Gf, never_fails: true }", "{ name: b, speed: 1Gf, failures: { trace: [[25s, off], [27s, on]] } }"))


def rank_ends(name):
    return sorted((r, round(float(s), 2), round(float(e), 2), o) for r, s, e, o in rank_rows(name))


# The receiver's host b is off from 25 s to 27 s. With logging and no checkpoint, rank 1
# restarts alone at 27 s from its start and reads both messages from rank 0's log: it ends
# at 27 + 20 = 47 s, while rank 0 ends at 30 s as if nothing had happened. Without logging
# the whole program runs again from 27 s and ends at 57 s.
_, summary, _ = run("logging-receiver", RECEIVER_FAILS, PIPE, "faults: { message_logging: true }\n")
check_equal(rank_ends("logging-receiver"), [("0", 0, 30.0, "succeeded"), ("1", 0, 25.0, "host-failed"), ("1", 27.0, 47.0, "succeeded")],
            "message logging: the receiver replays from the log")
f = summary["metrics"]["faults"]
check_equal((f["messages_logged"], f["bytes_logged"], f["messages_replayed"], f["bytes_replayed"]), (2, 2, 2, 2),
            "message logging: two messages of a byte logged, both replayed")
run("rollback-receiver", RECEIVER_FAILS, PIPE, "faults: { retry: 2 }\n")
check_equal(rank_ends("rollback-receiver"), [("0", 0, 25.0, "cancelled"), ("0", 27.0, 57.0, "succeeded"),
                                             ("1", 0, 25.0, "host-failed"), ("1", 27.0, 57.0, "succeeded")],
            "without logging: both ranks run again")
# The sender's host a is off from 15 s to 20 s, after its first message. From its start, rank
# 0 runs again from 20 s: its first message is not sent again (rank 1 has it), the second
# leaves at 40 s, and rank 1, which waited for it, ends at 50 s. With a checkpoint every 5 s,
# rank 0 resumes after its first computation (checkpointed at 10 s): 10 s earlier.
for name, faults, end in (("logging-sender", "faults: { message_logging: true }\n", 50.0),
                          ("logging-sender-checkpoint", "faults: { message_logging: true, checkpoint: { interval: 5s } }\n", 40.0)):
    _, summary, _ = run(name, PROGRAM_HOSTS, PIPE, faults)
    check_equal(rank_ends(name), [("0", 0, 15.0, "host-failed"), ("0", 20.0, end, "succeeded"), ("1", 0, end, "succeeded")],
                f"{name}: the sender replays, its receiver waits only for the message it lacks")
    check_equal(summary["metrics"]["faults"]["messages_replayed"], 0, f"{name}: nothing to replay to a sender")

# Ranks failing at random, as often as together: a program of 16 ranks exchanging with all
# others, with and without barriers, on hosts of MTBF 4 h, always ends with every rank done.
for history in (14, 17):
    for sync in ("barrier", "async"):
        path = write(f"logging-random-{history}-{sync}.yaml", f"""name: logging-random
platform: {os.path.abspath(os.path.join(os.path.dirname(__file__), "../../platforms/unreliable.yaml"))}
platform_seed: {history}
workload:
  - {{ program: bsp, ranks: 16, supersteps: 30, flops: 600Gf, pattern: all-to-all, bytes: 100MB, sync: {sync} }}
scheduling: {{ placement: spread }}
faults: {{ message_logging: true, checkpoint: {{ interval: 50min, cost: 5min, restart: 2min }} }}
""")
        code, stdout, stderr = nimbus("run", path, "--out", os.path.join(tmp, f"out-logging-random-{history}-{sync}"))
        check(code == 0 and "16 completed" in stdout and "freed before" not in stdout + stderr,
              f"random failures, history {history}, {sync}: every rank done ({stderr.strip()[:300]})")

# 7. Bad input: `auto` needs an MTBF; attempts are bounded.
for name, faults, message in [
    ("auto-no-mtbf", "faults: { checkpoint: { interval: auto, cost: 1s } }\n", "faults.checkpoint.interval"),
    ("retry-zero", "faults: { retry: 0 }\n", "faults.retry"),
    ("retry-huge", "faults: { retry: 100000 }\n", "at most 1000"),
    ("factor", "faults: { retry: 2, backoff_factor: 0.5 }\n", "faults.backoff_factor"),
    ("slow", "faults: { speculation: { slow: 0.5 } }\n", "faults.speculation.slow"),
    ("cap", "faults: { speculation: { cap: 0 } }\n", "faults.speculation.cap"),
    ("both", "faults: { replication: 2, speculation: true }\n", "use replication or speculation"),
    ("storage", "storage: { rereplicate: yes please }\n", "storage.rereplicate"),
    ("logging", "faults: { message_logging: maybe }\n", "faults.message_logging"),
]:
    path = write(name + ".yaml", f"name: {name}\nplatform: {TWO}\nworkload:\n{TASK}{faults}")
    code, _, stderr = nimbus("validate", path)
    check_equal(code, 2, f"{name}: refused by validate")
    check(message in stderr and stderr.count("\n") == 1, f"{name}: one line naming {message} ({stderr.strip()})")

finish()
