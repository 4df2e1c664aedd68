"""Nothing is lost: outputs are checked before the run and written whole or not at all.

An output folder that cannot be written is bad input, found before simulating (exit 2). A
disk that fills during the writing (here: a file-size limit, RLIMIT_FSIZE, which fails
writes as a full disk does) ends the run with exit 1 and a message naming the file, and
leaves no half-written file behind: each file is written under a temporary name and renamed
once complete, summary.json last.
"""
import csv
import io
import itertools
import json
import os
import resource
import signal
import subprocess
import tempfile

from harness import NIMBUS, check, check_equal, finish, nimbus

SCENARIO = "scenarios/quickstart.yaml"  # 2000 tasks: jobs.csv about 150 kB, tasks.csv 100 kB

with tempfile.TemporaryDirectory() as tmp:
    a_file = os.path.join(tmp, "a-file")
    open(a_file, "w").close()
    for out, problem in (("/proc/nimbus-x", "cannot create it (No such file or directory)"),
                         ("/dev/null/x", "cannot create it (Not a directory)"),
                         (a_file, "is a file, not a directory")):
        code, _, err = nimbus("run", SCENARIO, "--out", out, "-q", timeout=10)
        check_equal((code, err), (2, f"--out {out}: output folder {out}: {problem}\n"), f"--out {out}")

    # The same check names the scenario key when the file chose the folder.
    scenario = os.path.join(tmp, "to-file.yaml")
    with open(scenario, "w") as f:
        f.write(f"platform: {os.getcwd()}/platforms/homogeneous.yaml\noutput: {{ dir: a-file }}\n")
    code, _, err = nimbus("run", scenario, "-q")
    check_equal((code, err), (2, f"{scenario}:2:16: output folder {a_file}: is a file, not a directory\n"), "output.dir")

    # A name is not a path: "../../x" would write outside out/.
    scenario = os.path.join(tmp, "escape.yaml")
    with open(scenario, "w") as f:
        f.write(f"name: ../../escaped-out\nplatform: {os.getcwd()}/platforms/homogeneous.yaml\n")
    code, _, err = nimbus("run", scenario, "-q")
    check_equal((code, err), (2, f"{scenario}:1:7: name: \"../../escaped-out\" is a name, not a path (results go to "
                                 "out/<name>; output.dir chooses another folder)\n"), "a name with a path")
    check(not os.path.exists("../escaped-out") and not os.path.exists("../../escaped-out"), "nothing escaped")

    # A disk that fills: each limit stops the writing at another file.
    def full_at(limit):
        def limit_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        return limit_files

    # One job of 20,000 tasks: jobs.csv holds a row, tasks.csv 20,000, formatted in blocks of
    # 8192 rows by two threads. The limit is per file, and files are written jobs, tasks,
    # hosts, summary: a limit just above jobs.csv stops at tasks.csv, at its first block or at
    # a later one (the other thread waiting for its turn must stop too, not hang).
    batch = os.path.join(tmp, "batch.yaml")
    with open(batch, "w") as f:
        f.write(f"platform: {os.getcwd()}/platforms/homogeneous.yaml\n"
                "workload:\n  - { program: bag-of-tasks, tasks: 20000, flops: { exponential: 1Gf } }\n")
    whole = os.path.join(tmp, "whole")
    code, _, _ = nimbus("run", batch, "--out", whole, "-q")
    sizes = {name: os.path.getsize(os.path.join(whole, name)) for name in os.listdir(whole)}
    check_equal(sorted(sizes), ["downtime.csv", "hosts.csv", "jobs.csv", "summary.json", "tasks.csv"], "a whole run's files")
    check(sizes["jobs.csv"] < 1000 and sizes["tasks.csv"] > 1000000, f"file sizes as planned: {sizes}")
    # Rows are in the order attempts ended, whichever thread formatted their block: `end`
    # never decreases, and each task has its one row.
    with open(os.path.join(whole, "tasks.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ends = [float(r["end"]) for r in rows]
    check(all(a <= b for a, b in zip(ends, ends[1:])), "tasks.csv rows in the order attempts ended")
    check_equal(sorted(int(r["task"]) for r in rows), list(range(20000)), "every task once in tasks.csv")
    for limit, stops_at in ((sizes["jobs.csv"] - 1, "jobs.csv"), (sizes["jobs.csv"] + 1, "tasks.csv"),
                            (sizes["tasks.csv"] // 2, "tasks.csv")):
        out = os.path.join(tmp, f"full-{limit}")
        done = subprocess.run([NIMBUS, "run", batch, "--out", out, "-q"], capture_output=True, text=True,
                              preexec_fn=full_at(limit), timeout=120)
        left = sorted(os.listdir(out))
        check_equal(done.returncode, 1, f"limit {limit}: exit status")
        check_equal(done.stderr, f"nimbus: cannot write {out}/{stops_at}: File too large\n", f"limit {limit}: the message")
        # Every file left is whole (the same bytes as the whole run's), and summary.json, written
        # last, is never there when another file is missing.
        for name in left:
            check(name in sizes and os.path.getsize(os.path.join(out, name)) == sizes[name],
                  f"limit {limit}: {name} is whole")
        # Stopped at jobs.csv, the first: nothing. At tasks.csv, whose end is waited for after
        # jobs, hosts and downtime are written: those of them written before one did not fit.
        fits = list(itertools.takewhile(lambda n: sizes[n] <= limit, ["jobs.csv", "hosts.csv", "downtime.csv"]))
        check_equal(left, sorted(fits) if stops_at == "tasks.csv" else [], f"limit {limit}: what is left")

# tasks.csv is formatted during the run, block by block as the attempt log's rows become
# final, and the rest after it. With failures and retries the log outgrows the room kept for
# a row per task: formatting stops before it moves and goes on after the run. Whichever way,
# the file holds every attempt once, in the order they ended, numbered from 1 per task, and
# two runs give the same bytes.
with tempfile.TemporaryDirectory() as tmp:
    flaky = os.path.join(tmp, "flaky.yaml")
    with open(flaky, "w") as f:
        f.write(f"platform: {os.getcwd()}/platforms/unreliable.yaml\nseed: 1\nfaults: {{ retry: 5 }}\nworkload:\n"
                "  - { program: bag-of-tasks, tasks: 30000, flops: { exponential: 720Gf } }\n")
    files = []
    for run in ("a", "b"):
        out = os.path.join(tmp, run)
        code, _, err = nimbus("run", flaky, "--out", out, "-q", timeout=120)
        check_equal(code, 0, f"flaky run {run}: exit status ({err.strip()})")
        with open(os.path.join(out, "tasks.csv"), "rb") as f:
            files.append(f.read())
    check(files[0] == files[1], "two runs with retries: tasks.csv byte-identical")
    with open(os.path.join(tmp, "a", "summary.json")) as f:
        attempts = json.load(f)["metrics"]["faults"]["attempts"]
    rows = list(csv.DictReader(io.StringIO(files[0].decode())))
    check_equal(len(rows), attempts, "a row per attempt")
    check(attempts > 30000 + 8192, f"the log outgrew a row per task, past a block ({attempts} attempts)")
    ends = [float(r["end"]) for r in rows]
    check(all(a <= b for a, b in zip(ends, ends[1:])), "rows in the order attempts ended")
    numbers = {}
    for r in rows:
        numbers.setdefault(int(r["task"]), []).append(int(r["attempt"]))
    check_equal(sorted(numbers), list(range(30000)), "every task in tasks.csv")
    check(all(n == list(range(1, len(n) + 1)) for n in numbers.values()), "each task's attempts numbered 1, 2, ...")

# A run owns its files, not the folder: a second run into the same folder leaves none of the
# first run's files that it does not write itself (ranks.csv, timeline.json of a program run
# before a bag of tasks), and keeps what the user put there.
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "same")
    code, _, err = nimbus("run", "scenarios/bsp.yaml", "--out", out, "-q", "--set", "output.timeline=true")
    check_equal(code, 0, f"program run: exit status ({err.strip()})")
    check(os.path.exists(os.path.join(out, "ranks.csv")) and os.path.exists(os.path.join(out, "timeline.json")),
          "the program run wrote ranks.csv and timeline.json")
    open(os.path.join(out, "notes.txt"), "w").close()
    code, _, err = nimbus("run", SCENARIO, "--out", out, "-q")
    check_equal(code, 0, f"second run: exit status ({err.strip()})")
    check_equal(sorted(os.listdir(out)), ["downtime.csv", "hosts.csv", "jobs.csv", "notes.txt", "summary.json",
                                          "tasks.csv"], "the second run's files, and the user's")

# RFC 4180: a user named with a comma and quotes keeps every column in its place, as the
# csv module (and pandas) read it back.
with tempfile.TemporaryDirectory() as tmp:
    scenario = os.path.join(tmp, "quoted.yaml")
    with open(scenario, "w") as f:
        f.write(f"name: quoted\nplatform: {os.getcwd()}/platforms/homogeneous.yaml\nworkload:\n"
                '  - { program: bag-of-tasks, tasks: 2, flops: 1Gf, user: "smith, j \\"js\\"" }\n')
    code, _, err = nimbus("run", scenario, "--out", os.path.join(tmp, "out"), "-q")
    check_equal(code, 0, f"quoted user: exit status ({err.strip()})")
    with open(os.path.join(tmp, "out", "jobs.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    check_equal([(r["user"], r["queue"], r["status"]) for r in rows], [('smith, j "js"', "default", "succeeded")],
                "a quoted user reads back whole, the columns after it in place")

finish()
