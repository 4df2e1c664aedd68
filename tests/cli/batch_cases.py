"""The pyss batch-scheduler reference cases through the real `nimbus run`.

Each case (../shared/data/pyss-cases, see its README) lists jobs whose ids encode their
exact expected finish time under FCFS, EASY or conservative backfilling on one machine of
100 processors. Each file becomes an SWF trace on a one-host, 100-core platform whose cores
run at the trace's speed, so a job runs exactly its run time; every job's end must equal
the encoded time.
"""
import csv
import os
import tempfile

from harness import check, finish, nimbus

CASES = "../shared/data/pyss-cases"
SETS = {
    "fcfs": [f"basic_input.{i}" for i in range(29)] + ["extreme_input.0", "extreme_input.1"] +
            [f"fcfs_input.{i}" for i in range(8)],
    "easy-backfill": [f"basic_input.{i}" for i in range(29)] + [f"extreme_input.{i}" for i in range(3)] +
                     [f"bf_input.{i}" for i in range(9)] + [f"easy_bf_input.{i}" for i in range(4)],
    "conservative-backfill": [f"basic_input.{i}" for i in range(29)] + ["extreme_input.0", "extreme_input.1"] +
                             [f"bf_input.{i}" for i in range(9)] + ["cons_bf_input.0", "cons_bf_input.1"],
}

if not os.path.isdir(CASES):
    print("skipped: no ../shared/data beside the project")
    finish(0)

tmp = tempfile.mkdtemp(prefix="nimbus-pyss-")
platform = os.path.join(tmp, "machine.yaml")
with open(platform, "w") as f:
    f.write("hosts:\n  - { name: machine, cores: 100, speed: 1Gf }\n")

files_checked = 0
for policy, names in SETS.items():
    passed = 0
    for name in names:
        expected = {}
        swf = os.path.join(tmp, name + ".swf")
        with open(os.path.join(CASES, name)) as src, open(swf, "w") as dst:
            number = 0
            for line in src:
                fields = line.split()
                if not fields or fields[0].startswith("#"):
                    continue
                submit, job_id, estimate, procs, runtime = fields[:5]
                number += 1
                expected[str(number)] = int(float(job_id))
                dst.write(f"{number} {submit} -1 {runtime} {procs} -1 -1 {procs} {estimate} -1 1 1 1 -1 -1 -1 -1 -1\n")
        scenario = os.path.join(tmp, "scenario.yaml")
        with open(scenario, "w") as f:
            f.write(f"name: {name}\nplatform: {platform}\nworkload:\n  - trace: {swf}\n"
                    f"scheduling: {{ jobs: {policy} }}\n")
        out = os.path.join(tmp, "out")
        code, _, err = nimbus("run", scenario, "--out", out, "-q")
        ends = {}
        if code == 0:
            with open(os.path.join(out, "jobs.csv")) as f:
                ends = {row["job"]: float(row["end"]) for row in csv.DictReader(f)}
        wrong = [(job, ends.get(job), want) for job, want in expected.items()
                 if ends.get(job) is None or abs(ends[job] - want) > 1e-6]
        files_checked += 1
        if code == 0 and not wrong:
            passed += 1
        else:
            check(False, f"{policy} {name}: exit {code} {err.strip()} wrong ends (job, got, expected): {wrong[:5]}")
    print(f"{policy}: {passed}/{len(names)} cases give every job its expected finish time")

finish(files_checked)
