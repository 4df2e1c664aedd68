"""Programs of ranks through the real `nimbus run`: message timings exactly SimGrid's
(against raw s4u programs doing the same), and synchronization costs worked out by hand.

Hosts of 1 Gf; a star of 8 Gbps (1 GB/s) NICs with 10 us latency, so that a message of m
bytes between two hosts takes, under SimGrid's default model (LV08: latency x 13.01,
bandwidth x 0.97), 13.01 x 20 us + m / 0.97e9 s.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

from harness import check, check_equal, finish, nimbus

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-programs-")
RAW = os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "tests", "raw_messages")
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data")
XML = os.path.join(SHARED, "simgrid-platforms", "small_platform.xml")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


PLATFORM = write("star.yaml", """name: star
hosts:
  - { name: h, count: 4, speed: 1Gf, cores: 4 }
network:
  topology: star
  nic: { bandwidth: 8Gbps, latency: 10us }
""")


def run(name, workload, extra="", args=(), expect=0):
    """Runs a scenario; returns (ranks rows, summary, stderr)."""
    global n
    n += 1
    path = write(name + ".yaml", f"name: {name}\nplatform: {PLATFORM}\n{extra}workload:\n{workload}")
    out = os.path.join(tmp, "out-" + name)
    code, _, stderr = nimbus("run", path, "--out", out, "-q", *args)
    check_equal(code, expect, f"{name}: exit status ({stderr.strip()})")
    if code != 0:
        return [], {}, stderr
    with open(os.path.join(out, "summary.json")) as f:
        summary = json.load(f)
    rows = []
    if os.path.exists(os.path.join(out, "ranks.csv")):
        with open(os.path.join(out, "ranks.csv")) as f:
            rows = list(csv.DictReader(f))
    return rows, summary, stderr


def close(actual, expected, what, tol=1e-9):
    global n
    n += 1
    check(abs(float(actual) - expected) <= tol * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


def msg(m):
    return 13.01 * 20e-6 + m / 0.97e9


# 1. Every rank's time is split three ways: compute + comm + wait = end - start.
def check_split(rows, name):
    for r in rows:
        close(float(r["compute"]) + float(r["comm"]) + float(r["wait"]), float(r["end"]) - float(r["start"]),
              f"{name} rank {r['rank']}: compute + comm + wait = end - start", 1e-9)


# 2. A 1-byte message then a 1 GB reply, exactly as a raw s4u program on a SimGrid XML
# platform, under the default network model and others set through SimGrid's settings.
if os.path.exists(XML) and os.path.exists(RAW):
    actions = write("pingpong.txt", "0 send 1 1\n1 recv 0 1\n1 send 0 1e9\n0 recv 1 1e9\n")
    for cfg in ([], ["network/model:CM02"], ["network/model:LV08", "network/crosstraffic:0"]):
        raw = subprocess.run([RAW, XML, "pingpong", "Tremblay", "Fafard", "--log=root.thres:critical",
                              *[f"--cfg={c}" for c in cfg]], capture_output=True, text=True, check=True)
        expected = float(raw.stdout.split()[-1])
        path = write("pp.yaml", f"name: pp\nplatform: {XML}\nworkload:\n  - program: replay\n    actions: {actions}\n"
                                f"    hosts: [Tremblay, Fafard]\n")
        out = os.path.join(tmp, "out-pp")
        code, _, stderr = nimbus("run", path, "--out", out, "-q", *[a for c in cfg for a in ("--cfg", c)])
        n += 1
        check_equal(code, 0, f"pingpong {cfg}: exit ({stderr.strip()})")
        with open(os.path.join(out, "ranks.csv")) as f:
            end = max(float(r["end"]) for r in csv.DictReader(f))
        close(end, expected, f"pingpong on small_platform.xml {cfg or 'default'}: the raw s4u program's end", 1e-6 / expected)
    # All-to-all of 1e8 bytes among four hosts, all posted at once: the flows share the
    # platform's links as SimGrid shares them.
    hosts = ["Tremblay", "Jupiter", "Fafard", "Ginette"]
    raw = subprocess.run([RAW, XML, "alltoall", *hosts, "--log=root.thres:critical"], capture_output=True, text=True,
                         check=True)
    expected = float(raw.stdout.split()[-1])
    lines = "".join(f"{r} alltoall 1e8\n" for r in range(4))
    actions = write("a2a.txt", lines)
    path = write("a2a.yaml", f"name: a2a\nplatform: {XML}\nworkload:\n  - program: replay\n    actions: {actions}\n"
                             f"    hosts: [{', '.join(hosts)}]\n")
    out = os.path.join(tmp, "out-a2a")
    code, _, stderr = nimbus("run", path, "--out", out, "-q")
    n += 1
    check_equal(code, 0, f"alltoall: exit ({stderr.strip()})")
    with open(os.path.join(out, "ranks.csv")) as f:
        end = max(float(r["end"]) for r in csv.DictReader(f))
    close(end, expected, "alltoall on small_platform.xml: the raw s4u program's end", 1e-6 / expected)
else:
    print("skipped: raw s4u comparisons (../shared/data or the raw program is missing)")

# 3. The message's time splits into wait and comm: rank 1 posts its receive at 0, rank 0
# sends after computing 1 Gf (1 s), so rank 1 waits 1 s, then the transfer takes msg(1e9).
actions = write("late.txt", "0 compute 1e9\n0 send 1 1e9\n1 recv 0\n")
rows, summary, _ = run("late", f"  - program: replay\n    actions: {actions}\n    hosts: [h-0, h-1]\n")
if rows:
    close(rows[1]["wait"], 1.0, "receiver waits for the sender")
    close(rows[1]["comm"], msg(1e9), "then the transfer: 13.01 x 20 us + 1e9 / 0.97e9")
    close(rows[0]["comm"], msg(1e9), "the sender is blocked for the transfer (a send ends when received)")
    close(rows[0]["wait"], 0, "the receiver was there first: the sender does not wait")
    check_equal(rows[0]["messages_sent"], "1", "one message")
    check_split(rows, "late")

# 3b. The timeline draws the same: rank 0 computes [0, 1] then is in comm until the message
# arrives; rank 1 waits [0, 1] then is in comm; one arrow from rank 0 at 1 s (the transfer
# starts) to rank 1 at 1 + msg(1e9) s. Per rank, the slices add up to ranks.csv's columns.
rows, _, _ = run("late-timeline", f"  - program: replay\n    actions: {actions}\n    hosts: [h-0, h-1]\n",
                 args=("--set", "output.timeline=true"))
with open(os.path.join(tmp, "out-late-timeline", "timeline.json")) as f:
    events = json.load(f)["traceEvents"]
program_pid = next(e["pid"] for e in events if e.get("name") == "process_name" and "program" in e["args"]["name"])
slices = sorted((e["tid"], e["ts"] / 1e6, (e["ts"] + e["dur"]) / 1e6, e["name"]) for e in events
                if e["ph"] == "X" and e["pid"] == program_pid)
expected = [(0, 0.0, 1.0, "compute"), (0, 1.0, 1 + msg(1e9), "comm"),
            (1, 0.0, 1.0, "wait"), (1, 1.0, 1 + msg(1e9), "comm")]
check_equal(len(slices), len(expected), "timeline: four slices of two ranks")
for got, want in zip(slices, expected):
    check_equal((got[0], got[3]), (want[0], want[3]), "timeline: slice kind")
    close(got[1], want[1], f"timeline: rank {want[0]} {want[3]} starts", 1e-9)
    close(got[2], want[2], f"timeline: rank {want[0]} {want[3]} ends", 1e-9)
for r in rows:
    for kind in ("compute", "comm", "wait"):
        total = sum(s[2] - s[1] for s in slices if s[0] == int(r["rank"]) and s[3] == kind)
        close(total, float(r[kind]), f"timeline: rank {r['rank']} {kind} slices add up to ranks.csv", 1e-9)
flows = sorted((e["ph"], e["tid"], e["ts"] / 1e6) for e in events if e.get("cat") == "message")
check_equal([(ph, tid) for ph, tid, _ in flows], [("f", 1), ("s", 0)], "timeline: one arrow, rank 0 to rank 1")
close(flows[0][2], 1 + msg(1e9), "timeline: the arrow ends when the message arrives", 1e-9)
close(flows[1][2], 1.0, "timeline: the arrow starts when the transfer starts", 1e-9)

# 4. A barrier after skewed computations: ranks compute 1, 2, 3, 4 Gf; all leave the barrier
# at 4 s, rank r having waited 4 - (r + 1) s: 6 s in all.
actions = write("skew.txt", "".join(f"{r} compute {r + 1}e9\n{r} barrier\n" for r in range(4)))
rows, summary, _ = run("skew", f"  - program: replay\n    actions: {actions}\n    hosts: [h-0, h-1, h-2, h-3]\n")
if rows:
    for r in rows:
        close(r["end"], 4.0, f"rank {r['rank']} leaves the barrier with the last")
        close(r["wait"], 3.0 - int(r["rank"]), f"rank {r['rank']} waits for the slowest")
    close(summary["metrics"]["programs"]["total"]["wait_s"], 6.0, "total wait is the sum of the differences")
    check_split(rows, "skew")

# 5. Four ranks on one host of four cores contend for one lock around 1 Gf each: the critical
# sections serialize, so they end at 1, 2, 3, 4 s and wait 0, 1, 2, 3 s (lock order is
# SimGrid's: first come, first served).
actions = write("lock.txt", "".join(f"{r} lock L\n{r} compute 1e9\n{r} unlock L\n" for r in range(4)))
rows, summary, _ = run("locks", f"  - program: replay\n    actions: {actions}\n    hosts: [h-0, h-0, h-0, h-0]\n")
if rows:
    ends = sorted(float(r["end"]) for r in rows)
    waits = sorted(float(r["wait"]) for r in rows)
    for k in range(4):
        close(ends[k], k + 1.0, f"critical section {k + 1} ends at {k + 1} s")
        close(waits[k], float(k), f"rank {k + 1}-th in line waits {k} s")
    close(summary["metrics"]["makespan"], 4.0, "makespan: the sections one after the other")
    check_split(rows, "locks")

# 6. BSP on the star: supersteps of w = 1 s of computation and a ring exchange of 1e8-byte
# messages (each NIC carries one flow in and one out: split duplex), then a barrier.
# Valiant's cost per superstep w + g h + l is here 1 + msg(1e8); three supersteps. Valiant
# has no acknowledgements: SimGrid's cross-traffic (5% of each flow's bandwidth on its
# reverse route, which in a ring is the next flow's) is turned off through the scenario.
rows, summary, _ = run("bsp", "  - program: bsp\n    ranks: 4\n    supersteps: 3\n    flops: 1Gf\n    pattern: ring\n"
                              "    bytes: 100MB\n",
                       "scheduling: { placement: spread }\nsimgrid: { network/crosstraffic: 0 }\n")
if rows:
    close(summary["metrics"]["makespan"], 3 * (1 + msg(1e8)), "BSP: supersteps x (w + g h + l)", 1e-9)
    with_acks, _, _ = run("bsp-acks", "  - program: bsp\n    ranks: 4\n    supersteps: 3\n    flops: 1Gf\n"
                                      "    pattern: ring\n    bytes: 100MB\n", "scheduling: { placement: spread }\n")
    if with_acks:
        # With cross-traffic, each NIC's up link carries a flow and the 5% acks of another.
        close(with_acks[0]["end"], 3 * (1 + 13.01 * 20e-6 + 1e8 * 1.05 / 0.97e9), "BSP with SimGrid's acks", 1e-9)
    check_equal(sorted(r["host"] for r in rows), ["h-0", "h-1", "h-2", "h-3"], "spread: one rank per host")
    check_split(rows, "bsp")

# 7. combine: true sends one message per destination instead of `messages`: 10x fewer.
rows_many, _, _ = run("many", "  - program: bsp\n    ranks: 4\n    supersteps: 2\n    flops: 1Gf\n    pattern: all-to-all\n"
                               "    bytes: 1MB\n    messages: 10\n")
rows_one, _, _ = run("combined", "  - program: bsp\n    ranks: 4\n    supersteps: 2\n    flops: 1Gf\n"
                                 "    pattern: all-to-all\n    bytes: 1MB\n    messages: 10\n    combine: true\n")
if rows_many and rows_one:
    check_equal(sum(int(r["messages_sent"]) for r in rows_many), 2 * 4 * 3 * 10, "2 supersteps x 4 ranks x 3 peers x 10")
    check_equal(sum(int(r["messages_sent"]) for r in rows_one), 2 * 4 * 3, "combined: one per destination")
    check_equal(sum(float(r["bytes_sent"]) for r in rows_one), sum(float(r["bytes_sent"]) for r in rows_many),
                "the same bytes either way")
    check_equal(sorted(r["host"] for r in rows_one), ["h-0"] * 4, "pack (the default mapping): all on the first host")

# 8. Stragglers (sizes drawn per rank per superstep), no messages. With a barrier every
# rank ends with the slowest superstep by superstep: all end together, having waited the
# difference. Asynchronous, a rank never waits: it ends when its own computations do.
bsp = ("  - program: bsp\n    ranks: 4\n    supersteps: 5\n    flops: { exponential: 1Gf }\n    pattern: none\n"
       "    sync: SYNC\n")
sync_rows, _, _ = run("stragglers-barrier", bsp.replace("SYNC", "barrier"), "scheduling: { placement: spread }\n")
async_rows, _, _ = run("stragglers-async", bsp.replace("SYNC", "async"), "scheduling: { placement: spread }\n")
if sync_rows and async_rows:
    end = float(sync_rows[0]["end"])
    for r, a in zip(sync_rows, async_rows):
        close(r["end"], end, f"barrier: rank {r['rank']} ends with the others")
        close(a["compute"], float(r["compute"]), f"rank {r['rank']}: the same draws either way")
        close(a["end"], float(a["compute"]), f"async: rank {a['rank']} ends when its computations do")
        close(a["wait"], 0, f"async: rank {a['rank']} never waits")
    check(end > max(float(a["end"]) for a in async_rows) + 1e-6, "the barrier costs time with stragglers")

# 9. A deadlock: both ranks receive first. The run ends with a clear error naming them.
actions = write("deadlock.txt", "0 recv 1\n0 send 1 1\n1 recv 0\n1 send 0 1\n")
_, _, stderr = run("deadlock", f"  - program: replay\n    actions: {actions}\n    hosts: [h-0, h-1]\n", expect=2)
n += 1
check("deadlock" in stderr and "rank 0 in recv 1" in stderr and "rank 1 in recv 0" in stderr,
      f"deadlock message names the blocked ranks: {stderr.strip()}")

# 10. Bad action files: refused by validate with file:line:col and the key.
for name, text, message in [
    ("unknown", "0 compute 1e9\n0 jump 3\n", ":2:3: workload[0].actions: unknown action \"jump\""),
    ("rank", "0 send 7 10\n", ":1:8: workload[0].actions: rank 7 is not one of the program's 2 ranks"),
    ("args", "0 send 1\n1 recv 0\n", ":1:3: workload[0].actions: send takes 2 to 4 arguments, not 1"),
    ("unlock", "0 unlock L\n1 compute 1\n", ":1:10: workload[0].actions: rank 0 does not hold lock L"),
    ("held", "0 lock L\n1 compute 1\n", "workload[0].actions: rank 0 ends holding lock L"),
    ("number", "0 compute lots\n1 compute 1\n", ":1:11: workload[0].actions: expected flops (a number from 0 to 1e21)"),
]:
    actions = write(f"bad-{name}.txt", text)
    path = write(f"bad-{name}.yaml", f"name: bad\nplatform: {PLATFORM}\nworkload:\n  - program: replay\n"
                                     f"    actions: {actions}\n    ranks: 2\n")
    code, _, stderr = nimbus("validate", path)
    n += 2
    check_equal(code, 2, f"bad action file {name}: exit status")
    check(message in stderr and stderr.count("\n") == 1, f"bad action file {name}: {message!r} in {stderr.strip()!r}")

# 11. Ranks on hosts the platform lacks, or more ranks on a host than its cores.
for hosts, message in [("[h-0, nowhere]", "no host named \"nowhere\""),
                       ("[h-0, h-0, h-0, h-0, h-0]", "more ranks on h-0 than its 4 cores")]:
    actions = write("ok.txt", "0 compute 1\n")
    path = write("badhosts.yaml", f"name: bad\nplatform: {PLATFORM}\nworkload:\n  - program: replay\n"
                                  f"    actions: {actions}\n    hosts: {hosts}\n")
    code, _, stderr = nimbus("validate", path)
    n += 2
    check_equal(code, 2, f"hosts {hosts}: exit status")
    check(message in stderr, f"hosts {hosts}: {message!r} in {stderr.strip()!r}")

# 12. Same inputs, byte-identical outputs.
first = run("determinism", "  - program: bsp\n    ranks: 8\n    supersteps: 3\n    flops: { exponential: 1Gf }\n"
                           "    pattern: all-to-all\n    bytes: 1MB\n")[0]
second = run("determinism", "  - program: bsp\n    ranks: 8\n    supersteps: 3\n    flops: { exponential: 1Gf }\n"
                            "    pattern: all-to-all\n    bytes: 1MB\n")[0]
n += 1
check(first == second and first, "two runs give the same ranks.csv")

# 13. Master-worker, round-robin, 3 workers, 3 tasks of 1 Gf and 1e8 bytes, no results, no
# cross-traffic: the master sends task k when task k-1 has arrived, so task k is ready at
# k m, starts at (k + 1) m and ends 1 s later (m = msg(1e8)).
mw = ("  - program: master-worker\n    master: h-0\n    workers: [h-1, h-2, h-3]\n    tasks: 3\n    flops: 1Gf\n"
      "    bytes: 1e8\n")
path = write("mw.yaml", f"name: mw\nplatform: {PLATFORM}\nsimgrid: {{ network/crosstraffic: 0 }}\nworkload:\n{mw}")
out = os.path.join(tmp, "out-mw")
code, _, stderr = nimbus("run", path, "--out", out, "-q")
n += 1
check_equal(code, 0, f"master-worker: exit ({stderr.strip()})")
if code == 0:
    with open(os.path.join(out, "tasks.csv")) as f:
        items = {r["task"]: r for r in csv.DictReader(f)}
    m = msg(1e8)
    for k in range(3):
        row = items[str(k)]
        check_equal(row["host"], f"h-{k + 1}", f"task {k} on worker {k + 1}")
        close(row["ready"], k * m, f"task {k} ready when the master starts sending it")
        close(row["start"], (k + 1) * m, f"task {k} starts when it has arrived")
        close(row["end"], (k + 1) * m + 1, f"task {k} ends after its 1 s of computation")
    check_equal(items["rank-0"]["outcome"], "succeeded", "the master is a row too")

# 14. Round-robin against on-demand with a slow worker: 12 tasks of 1 Gf to one 0.5 Gf worker
# and two 1 Gf workers, messages of latency only. Round-robin gives the slow worker 4 tasks
# (8 s). On demand, the fast workers ask twice as often: tasks go out at t = 0 (3), 1 (2),
# 2 (3), 3 (2), 4 (2), so the slow worker's last task ends at 6 s.
mixed = write("mixed.yaml", """name: mixed
hosts:
  - { name: m, count: 1, speed: 1Gf }
  - { name: slow, count: 1, speed: 0.5Gf }
  - { name: fast, count: 2, speed: 1Gf }
network:
  topology: star
  nic: { bandwidth: 8Gbps, latency: 10us }
""")
for dispatch, expected in (("round-robin", 8.0), ("on-demand", 6.0)):
    path = write(f"mw-{dispatch}.yaml", f"name: mw\nplatform: {mixed}\nworkload:\n  - program: master-worker\n"
                                        f"    master: m\n    workers: [slow, fast-0, fast-1]\n    tasks: 12\n"
                                        f"    flops: 1Gf\n    dispatch: {dispatch}\n")
    out = os.path.join(tmp, "out-" + dispatch)
    code, _, stderr = nimbus("run", path, "--out", out, "-q")
    n += 1
    check_equal(code, 0, f"{dispatch}: exit ({stderr.strip()})")
    if code == 0:
        with open(os.path.join(out, "summary.json")) as f:
            close(json.load(f)["metrics"]["makespan"], expected, f"{dispatch} with a slow worker", 0.002)
        with open(os.path.join(out, "tasks.csv")) as f:
            done = [r for r in csv.DictReader(f) if not r["task"].startswith("rank-")]
        check_equal(len(done), 12, f"{dispatch}: every task is a row")
        check(all(r["outcome"] == "succeeded" for r in done), f"{dispatch}: every task succeeded")

# 15. Shared memory: 4 threads on one 4-core host, 10 iterations of 0.1 s outside and 0.1 s
# inside one lock. Without a barrier the lock is busy from 0.1 s on, 40 sections back to
# back: 4.1 s. With a barrier after each iteration: 0.1 s in parallel, 4 sections one after
# the other, then the barrier: 0.5 s per iteration, 5 s. No critical section: 10 x 0.1 s.
for name, extra, expected in (("contended", "    critical: { lock: L, flops: 0.1Gf }\n", 4.1),
                              ("barrier", "    critical: { lock: L, flops: 0.1Gf }\n    barrier: true\n", 5.0),
                              ("race-free", "", 1.0)):
    rows, summary, _ = run("threads-" + name, "  - program: shared-memory\n    host: h-0\n    threads: 4\n"
                                              "    iterations: 10\n    flops: 0.1Gf\n" + extra)
    if rows:
        close(summary["metrics"]["makespan"], expected, f"shared memory, {name}", 1e-9)
        check_split(rows, "threads-" + name)

# 16. Amdahl's law: rank 0 computes the serial fraction f = 0.2 of W = 16 Gf alone, then all
# P ranks share the rest (a barrier between, free in SimGrid): T(P) = W (f + (1 - f) / P),
# speedup 1 / (f + (1 - f) / P), on 1 Gf cores.
for p in (1, 2, 4, 8, 16):
    lines = f"0 compute {0.2 * 16e9}\n" + "".join(f"{r} barrier\n{r} compute {0.8 * 16e9 / p}\n" for r in range(p))
    actions = write(f"amdahl{p}.txt", lines)
    rows, summary, _ = run(f"amdahl{p}", f"  - program: replay\n    actions: {actions}\n")
    if rows:
        close(summary["metrics"]["makespan"], 16 * (0.2 + 0.8 / p), f"Amdahl: T({p}) = W (f + (1 - f) / P)")

# 17. A host failing under a running program fails its rank; the other ranks are cancelled
# at once and their cores freed, so a second program starts then, and every task has a row.
failing = write("failing.yaml", """name: failing
hosts:
  - { name: h, count: 1, speed: 1Gf, failures: { trace: [[0.5s, off]] } }
  - { name: safe, count: 1, speed: 1Gf, never_fails: true }
  - { name: other, count: 1, speed: 1Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 8Gbps, latency: 10us }
""")
actions = write("long.txt", "0 compute 2e9\n0 send 1 1\n1 recv 0\n")
path = write("fail.yaml", f"name: fail\nplatform: {failing}\nworkload:\n  - program: replay\n    actions: {actions}\n"
                          f"    hosts: [h, safe]\n  - program: replay\n    actions: {actions}\n"
                          f"    hosts: [safe, other]\n    submit_at: 0.1s\n")
out = os.path.join(tmp, "out-fail")
code, _, stderr = nimbus("run", path, "--out", out, "-q")
n += 1
check_equal(code, 0, f"failing host: exit ({stderr.strip()})")
if code == 0:
    with open(os.path.join(out, "ranks.csv")) as f:
        ranks = {(r["job"], r["rank"]): r for r in csv.DictReader(f)}
    check_equal(ranks[("replay0", "0")]["outcome"], "host-failed", "the rank on the failed host")
    check_equal(ranks[("replay0", "1")]["outcome"], "cancelled", "its peer, cancelled with it")
    close(ranks[("replay0", "1")]["end"], 0.5, "cancelled at the failure")
    check_equal(ranks[("replay1", "0")]["outcome"], "succeeded", "the second program ran on the freed core")
    close(ranks[("replay1", "0")]["start"], 0.5, "it started when the first one's cores were freed")

finish(n)
