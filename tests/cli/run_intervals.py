"""What each time column means, and failures of hosts and links, through the real `nimbus run`.

Every value is worked out here by hand: a task ends when its output has arrived; an attempt
lost while queued has no start; makespan, down time, utilization and energy cover the same
interval [0, makespan]; a rigid job's cores are booked to each host it ran on; hosts off at
t = 0, a controller that must avoid hosts that fail, link failures and XML state files
relative to the XML file.
"""
import csv
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus, read_outputs

n = 0
tmp = tempfile.mkdtemp(prefix="nimbus-intervals-")


def write(name, text):
    path = os.path.join(tmp, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(scenario_text, name, cwd=None):
    global n
    n += 1
    path = write(name + ".yaml", scenario_text)
    out = os.path.join(tmp, "out-" + name)
    code, stdout, stderr = nimbus("run", path, "--out", out, "-q") if cwd is None else run_in(cwd, path, out)
    check_equal(code, 0, f"{name}: exit status ({stderr.strip()})")
    return read_outputs(out) if code == 0 else ({}, [], [], [])


def run_in(cwd, path, out):
    back = os.getcwd()
    binary = os.path.abspath(__import__("harness").NIMBUS)
    os.chdir(cwd)
    try:
        import subprocess
        done = subprocess.run([binary, "run", path, "--out", out, "-q"], capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout, done.stderr
    finally:
        os.chdir(back)


def close(actual, expected, what, rel=1e-9):
    global n
    n += 1
    check(abs(actual - expected) <= rel * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


# 1. A task ends when its output has arrived. Hosts a and b, 1 Gbps NICs with 100 us
# latency; the controller is on a (the first host that cannot fail). Round-robin puts task 0
# on a (its output is already home: ends at 1 s) and task 1 on b, whose 100 MB output then
# crosses two NICs: LV08 gives 13.01 x 200 us + 1e8 / (0.97 x 1.25e8) = 0.8273 s, so it ends
# at 1.8273 s, and so does the run. Energy covers the same interval: each host draws 200 W
# while it computes (1 s) and 100 W idle for the other 0.8273 s.
transfer = 13.01 * 200e-6 + 1e8 / (0.97 * 1.25e8)
pair = write("pair.yaml", "hosts:\n  - { name: a, speed: 1Gf, power: { idle: 100W, busy: 200W } }\n"
                          "  - { name: b, speed: 1Gf, power: { idle: 100W, busy: 200W } }\n"
                          "network:\n  nic: { bandwidth: 1Gbps, latency: 100us }\n")
s, jobs, tasks, hosts = run(f"""name: output
platform: {pair}
workload:
  - {{ program: bag-of-tasks, tasks: 2, flops: 1Gf, output: 100MB }}
scheduling: {{ placement: round-robin }}
""", "output")
by_host = {t["host"]: t for t in tasks}
close(float(by_host["a"]["end"]), 1.0, "task on the controller's host: no transfer")
close(float(by_host["b"]["end"]), 1 + transfer, "task on b ends when its output has arrived")
close(float(by_host["b"]["start"]), 0.0, "start: when it began to compute")
close(s["metrics"]["makespan"], 1 + transfer, "makespan: the last output's arrival")
close(s["metrics"]["energy_j"], 2 * (200 * 1 + 100 * transfer), "energy over [0, makespan]", rel=1e-6)
close(sum(float(h["energy_j"]) for h in hosts), s["metrics"]["energy_j"], "hosts.csv energy adds up")

# 2. An attempt lost while queued has no start; down time stops at the makespan.
# a (1 core) fails at 5 s for good; b never fails. Round-robin: tasks 0 and 2 to a, 1 and 3
# to b, 10 s each. Task 0 runs on a from 0 and is lost at 5 s; task 2, queued behind it, is
# lost at 5 s without ever starting. b runs tasks 1 and 3: makespan 20 s. a was down 15 s of
# it; utilization is useful work over the time hosts were up: b's 20 s over 5 + 20 s.
failing = write("failing.yaml", "hosts:\n  - { name: a, speed: 1Gf, failures: { trace: [[5s, off]] } }\n"
                                "  - { name: b, speed: 1Gf, never_fails: true }\n")
s, jobs, tasks, hosts = run(f"""name: queued
platform: {failing}
workload:
  - {{ program: bag-of-tasks, tasks: 4, flops: 10Gf }}
scheduling: {{ placement: round-robin }}
""", "queued")
rows = {t["task"]: t for t in tasks}
check_equal((rows["0"]["host"], rows["0"]["start"], rows["0"]["end"], rows["0"]["outcome"]),
            ("a", "0", "5", "host-failed"), "running task lost with its host")
check_equal((rows["2"]["host"], rows["2"]["start"], rows["2"]["end"], rows["2"]["outcome"]),
            ("a", "", "5", "host-failed"), "queued task lost with its host: no start")
close(s["metrics"]["makespan"], 20.0, "makespan")
host_rows = {h["host"]: h for h in hosts}
close(float(host_rows["a"]["down_s"]), 15.0, "down time up to the makespan, not past it")
close(s["metrics"]["utilization"], 20 / 25, "utilization over the time hosts were up")
n += 1
check(all(float(h["utilization"]) <= 1 for h in hosts), "no host above 100%")

# 3. A rigid job of 8 cores on two 4-core hosts, 10 s: 40 core-seconds on each host.
swf = write("eight.swf", "1 0 -1 10 8 -1 -1 8 10 -1 1 1 1 -1 -1 -1 -1 -1\n")
two = write("two.yaml", "hosts:\n  - { name: h, count: 2, cores: 4, speed: 1Gf }\n")
s, jobs, tasks, hosts = run(f"""name: gang
platform: {two}
workload:
  - {{ trace: {swf} }}
""", "gang")
check_equal([(h["host"], float(h["busy_core_s"]), float(h["utilization"])) for h in hosts],
            [("h-0", 40.0, 1.0), ("h-1", 40.0, 1.0)], "a gang's cores booked to each host")

# 4. No job completes (its one task, which only w can hold, is lost with w at 0.5 s):
# statistics are null, and the summary says so.
lost = write("lost.yaml", "hosts:\n  - { name: head, speed: 1Gf, never_fails: true }\n"
                          "  - { name: w, cores: 4, speed: 1Gf, failures: { trace: [[0.5s, off]] } }\n")
s, jobs, tasks, hosts = run(f"""name: none
platform: {lost}
workload:
  - {{ program: bag-of-tasks, tasks: 1, flops: 4Gf, cores: 4 }}
""", "none")
n += 2
check_equal((s["metrics"]["wait"]["mean"], s["metrics"]["wait"]["count"], s["metrics"]["bounded_slowdown"]["mean"]),
            (None, 0, None), "no completed job: null statistics")
code, out, _ = nimbus("run", os.path.join(tmp, "none.yaml"), "--out", os.path.join(tmp, "none2"))
check("job wait      none (no job completed)" in out, f"printed summary says there is none:\n{out}")

# 5. A SimGrid XML platform whose first host (by name) fails at 2.5 s, a host off from t = 0
# for good, and a link that fails at 2 s under a transfer. The controller goes to c-ok, the
# first host without a state profile; nothing runs on b-dead; the output crossing link cd
# (250 MB at 125 MB/s: from 1 s to past 3 s) is lost as network-failed; every task has a
# row; no job waits a negative time. State files are relative to the XML file.
hosts_xml = ["a-early", "b-dead", "c-ok", "d-ok"]
links = "".join(f'    <link id="{x[0]}{y[0]}" bandwidth="125MBps" latency="0"{profile}/>\n'
                for i, x in enumerate(hosts_xml) for y in hosts_xml[i + 1:]
                for profile in [' state_file="profiles/cd.profile"' if (x[0], y[0]) == ("c", "d") else ""])
routes = "".join(f'    <route src="{x}" dst="{y}"><link_ctn id="{x[0]}{y[0]}"/></route>\n'
                 for i, x in enumerate(hosts_xml) for y in hosts_xml[i + 1:])
xml_dir = os.path.join(tmp, "xml")
write("xml/profiles/a.profile", "2.5 0\n")
write("xml/profiles/b.profile", "0 0\n")
write("xml/profiles/cd.profile", "2 0\n5 1\n")
xml = write("xml/failing.xml", f"""<?xml version='1.0'?>
<!DOCTYPE platform SYSTEM "https://simgrid.org/simgrid.dtd">
<platform version="4.1">
  <zone id="z" routing="Full">
    <host id="a-early" speed="1Gf" state_file="profiles/a.profile"/>
    <host id="b-dead" speed="1Gf" state_file="profiles/b.profile"/>
    <host id="c-ok" speed="1Gf"/>
    <host id="d-ok" speed="1Gf"/>
{links}{routes}  </zone>
</platform>
""")
scenario = f"""name: xml
platform: {xml}
workload:
  - {{ program: bag-of-tasks, tasks: 12, flops: 1Gf, output: 250MB, arrival: {{ poisson: 2/s }} }}
scheduling: {{ placement: round-robin }}
"""
s, jobs, tasks, hosts = run(scenario, "xml")
n += 6
check_equal(s.get("controller_host"), "c-ok", "controller on the first host without a state profile")
check_equal(len(tasks), 12, "every task has a row")
check("b-dead" not in {t["host"] for t in tasks}, "nothing runs on a host off from t = 0")
check("network-failed" in {t["outcome"] for t in tasks}, "an output lost with its link is network-failed")
check(all(j["wait"] == "" or float(j["wait"]) >= 0 for j in jobs), "no negative waits")
check(all(t["start"] == "" or float(t["start"]) >= float(t["ready"]) for t in tasks), "no start before ready")
# The same run from another directory holding decoy profiles of the same names.
decoy = os.path.join(tmp, "elsewhere")
write("elsewhere/profiles/a.profile", "0 0\n")
write("elsewhere/profiles/cd.profile", "0 0\n")
s2, _, tasks2, _ = run(scenario, "xml-elsewhere", cwd=decoy)
n += 1
check_equal(tasks2, tasks, "state files are read relative to the XML file, wherever nimbus runs")

finish(n)
