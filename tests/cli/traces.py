"""Real traces and batch policies through the real `nimbus run`: the SWF reader against the
NASA iPSC/860 log (expected values computed here, independently of nimbus), reader errors,
a hand-worked 6-job schedule under FCFS, EASY and conservative backfilling, walltime kills.
"""
import csv
import gzip
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus, read_outputs

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-traces-")
NASA = os.path.abspath("../shared/data/NASA-iPSC-1993-3.1-cln.swf.gz")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(platform, trace, policy, extra="", scheduling=""):
    global n
    n += 1
    scenario = write("scenario.yaml", f"name: t\nplatform: {platform}\nworkload:\n  - trace: {trace}\n{extra}"
                                      f"scheduling: {{ jobs: {policy}{scheduling} }}\n")
    out = os.path.join(tmp, "out")
    code, _, err = nimbus("run", scenario, "--out", out, "-q")
    check_equal(code, 0, f"run {policy} ({err.strip()})")
    return read_outputs(out)


def swf_line(number, submit, runtime, procs, requested):
    return f"{number} {submit} -1 {runtime} {procs} -1 -1 {procs} {requested} -1 1 1 1 -1 -1 -1 -1 -1\n"


# A hand-worked schedule on one 10-core machine; run time = requested time.
#   J1 t0 6 cores 10 s | J2 t1 8 cores 5 s | J3 t2 3 cores 20 s | J4 t3 9 cores 10 s
#   J5 t4 2 cores 40 s | J6 t5 2 cores 5 s
# FCFS: J1 0; J2 waits for J1 (10); J3 does not fit beside J2, starts at 15; J4 waits for J3
#   (35); J5 and J6 wait behind J4 (45).
# EASY: J2 is the head, reserved at 10 with 2 spare cores. J3 fits now but would end at 22,
#   after 10, and needs 3 > 2 spare cores: it may not backfill (starts 15 once J2 ends).
#   J5 fits now, ends after 10 but takes the 2 spare cores: backfills at 4. J6 fits and ends
#   at 10: backfills at 5. After J3 starts at 15, J4 (9 cores) needs J5's cores: 44.
# Conservative: every job holds a reservation: J2 [10,15), J3 [15,35), J4 [35,45). J5 at 4
#   would hold 2 cores until 44 and break J4's reservation (9 of 10 cores): it waits until
#   45. J6 ends at 10 and delays no one: 5.
ten = write("ten.yaml", "hosts:\n  - { name: m, cores: 10, speed: 1Gf }\n")
jobs6 = [(0, 10, 6), (1, 5, 8), (2, 20, 3), (3, 10, 9), (4, 40, 2), (5, 5, 2)]
six = write("six.swf", "; hand-made\n" + "".join(swf_line(i + 1, s, r, p, r) for i, (s, r, p) in enumerate(jobs6)))
expected_starts = {
    "fcfs": [0, 10, 15, 35, 45, 45],
    "easy-backfill": [0, 10, 15, 44, 4, 5],
    "conservative-backfill": [0, 10, 15, 35, 45, 5],
}
for policy, starts in expected_starts.items():
    _, jobs, _, _ = run(ten, six, policy)
    got = [float(j["start"]) for j in sorted(jobs, key=lambda j: int(j["job"]))]
    check_equal(got, [float(s) for s in starts], f"6-job trace under {policy}: start times")

# The NASA iPSC/860 log on its 128-node machine: counts computed here from the raw file.
if os.path.exists(NASA):
    count, core_seconds, submits, zero = 0, 0, [], 0
    with gzip.open(NASA, "rt") as f:
        for line in f:
            fields = line.split()
            if not fields or fields[0].startswith(";"):
                continue
            count += 1
            core_seconds += float(fields[3]) * float(fields[4])
            submits.append(float(fields[1]))
            zero += float(fields[3]) == 0
    ipsc = write("ipsc.yaml", "hosts:\n  - { name: ipsc, cores: 128, speed: 1Gf }\n")
    summary, jobs, _, hosts = run(ipsc, NASA, "fcfs")
    check_equal(len(jobs), count, "NASA: every job line is a job")
    check_equal(summary["metrics"]["jobs"]["completed"], count, "NASA: every job completes")
    check_equal(summary["trace"]["zero_runtime"], zero, "NASA: zero-runtime jobs counted")
    check_equal(summary["trace"]["job_lines"], count, "NASA: job lines counted")
    busy = sum(float(h["busy_core_s"]) for h in hosts)
    check(abs(busy - core_seconds) < 1e-6 * core_seconds, f"NASA core-seconds: {busy} vs {core_seconds}")
    check_equal(min(float(j["submit"]) for j in jobs), min(submits), "NASA first submit")
    check_equal(max(float(j["submit"]) for j in jobs), max(submits), "NASA last submit")
    n += 2
    # The first 2,000 jobs at twice their arrival rate: the queue builds up, and backfilling
    # (which fills holes with jobs that fit) must lower the mean wait and bounded slowdown.
    results = {}
    for policy in ("fcfs", "easy-backfill", "conservative-backfill"):
        s, _, _, _ = run(ipsc, NASA, policy, "    first: 2000\n    load: 2\n")
        results[policy] = s["metrics"]
        check_equal(s["metrics"]["jobs"]["submitted"], 2000, f"first: 2000 ({policy})")
    for policy in ("easy-backfill", "conservative-backfill"):
        check(results[policy]["wait"]["mean"] < results["fcfs"]["wait"]["mean"], f"{policy} waits less than fcfs")
        check(results[policy]["bounded_slowdown"]["mean"] < results["fcfs"]["bounded_slowdown"]["mean"],
              f"{policy} has a lower bounded slowdown than fcfs")
else:
    print("skipped: no ../shared/data beside the project; NASA log not checked")

# WfCommons instances: task and edge counts as the files hold them (SOURCES.md), and a
# replay on one host with a core per task at the recorded speed: no waiting, no transfer,
# so the makespan is the critical path of recorded runtimes, computed here from the JSON.
# The recorded makespans are far longer: they include the workflow system's own delays
# (job submission, staging) that a replay of the computations leaves out.
WFCOMMONS = os.path.abspath("../shared/data/wfcommons")
counts = {"montage": (58, 114), "epigenomics": (73, 88), "1000genome": (52, 76), "seismology": (101, 100)}
if os.path.isdir(WFCOMMONS):
    wide = write("wide.yaml", "hosts:\n  - { name: m, cores: 128, speed: 1Gf }\n")
    for name in sorted(os.listdir(WFCOMMONS)):
        path = os.path.join(WFCOMMONS, name)
        with open(path) as f:
            instance = json.load(f)["workflow"]
        tasks = {t["name"]: t for t in instance["tasks"]}
        memo = {}

        def path_to(task):
            if task not in memo:
                memo[task] = tasks[task]["runtimeInSeconds"] + max((path_to(p) for p in tasks[task]["parents"]), default=0)
            return memo[task]

        critical = max(path_to(t) for t in tasks)
        summary, _, _, _ = run(wide, path, "fcfs")
        kind = name.split("-")[0]
        check_equal((summary["workload"]["tasks"], summary["workload"]["edges"]), counts[kind], f"{kind}: tasks, edges")
        n += 2
        check(abs(summary["metrics"]["makespan"] - critical) < 1e-6, f"{kind}: makespan {summary['metrics']['makespan']} = critical path {critical}")
        check(summary["metrics"]["makespan"] <= instance["makespanInSeconds"], f"{kind}: replay within the recorded makespan")
else:
    print("skipped: no ../shared/data beside the project; WfCommons instances not checked")

# Walltime: a job running past its requested time is killed at it, unless told otherwise.
late = write("late.swf", swf_line(1, 0, 100, 1, 60) + swf_line(2, 0, 30, 1, 60))
one = write("one.yaml", "hosts:\n  - { name: m, cores: 2, speed: 1Gf }\n")
_, _, tasks, _ = run(one, late, "fcfs")
by_job = {t["job"]: t for t in tasks}
check_equal(by_job["1"]["outcome"], "walltime-exceeded", "job over its walltime is killed")
check(abs(float(by_job["1"]["end"]) - 60) < 1e-3, "killed at its requested time")
check_equal(by_job["2"]["outcome"], "succeeded", "job within its walltime succeeds")
_, _, tasks, _ = run(one, late, "fcfs", scheduling=", kill_at_walltime: false")
check_equal({t["job"]: t["outcome"] for t in tasks}["1"], "succeeded", "kill_at_walltime: false lets it finish")

# Reader errors name the line and the field; every error exits 2.
for name, text, message in (
        ("bad-field.swf", swf_line(1, 0, 10, 1, 10) + "2 5 -1 abc 1 -1 -1 1 10 -1 1 1 1 -1 -1 -1 -1 -1\n",
         "bad-field.swf:2: field 4 (run time): expected a number, got \"abc\""),
        ("short.swf", "; header\n1 0 -1 10 1\n", "short.swf:2: has 5 fields; SWF lines have 18"),
        ("broken.json", '{"workflow": {\n  "tasks": [ }\n}', "broken.json:2:14: invalid JSON"),
        ("cycle.json", '{"workflow": {"tasks": [{"name": "a", "parents": ["b"], "runtimeInSeconds": 1},'
                       ' {"name": "b", "parents": ["a"], "runtimeInSeconds": 1}]}}',
         # The key that lists the cycle's first task, counted from 1 as editors do.
         "cycle.json:1:39: workflow.tasks[0].parents: task \"a\" is on a cycle of dependencies")):
    path = write(name, text)
    scenario = write("bad.yaml", f"name: bad\nplatform: {one}\nworkload:\n  - trace: {path}\n")
    # validate reads the log as run does; both name the scenario's key, then the log's place.
    for command in (["validate", scenario], ["run", scenario, "--out", os.path.join(tmp, "bad"), "-q"]):
        code, _, err = nimbus(*command)
        n += 1
        check_equal((code, err), (2, f"{tmp}/bad.yaml:4:12: workload[0].trace: {tmp}/{message}\n"),
                    f"reader error for {name} ({command[0]})")

finish(n)
