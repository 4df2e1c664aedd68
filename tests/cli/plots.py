"""The plot tools draw real runs, and what they draw adds up.

Each tool (tools/plot_run.py, plot_waits.py, plot_groups.py, plot_users.py) runs on runs of
`nimbus run`: it exits 0 and writes a PNG with something on it, and the numbers it prints
(--print-busy, --print) are checked against the run's own files by reasoning stated at
each check. Needs Debian's python3-matplotlib, as the tools do.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import harness
from harness import NIMBUS, check, check_equal, finish, nimbus, read_outputs

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import plot_common  # noqa: E402

tmp = tempfile.mkdtemp(prefix="nimbus-plots-")


def close(a, b, rel=1e-9, what=""):
    check(a is not None and b is not None and abs(a - b) <= rel * max(1.0, abs(a), abs(b)),
          f"{what}: {a!r} and {b!r} differ by more than {rel:g} relative")


def run(name, scenario, *sets):
    out = os.path.join(tmp, name)
    code, _, err = nimbus("run", scenario, "--out", out, "-q", *[x for s in sets for x in ("--set", s)])
    check_equal(code, 0, f"run {name} ({err.strip()[-300:]})")
    return out


def tool(script, *args):
    """Runs tools/<script>; returns (JSON it printed or None, seconds, the PNG it wrote)."""
    began = time.monotonic()
    if script == "plot_groups.py":  # the binary under test reads the power figures, not build/'s
        args = (*args, "--nimbus", NIMBUS)
    done = subprocess.run(["/usr/bin/python3", f"tools/{script}", *args], capture_output=True, text=True,
                          timeout=180)
    seconds = time.monotonic() - began
    check_equal(done.returncode, 0, f"{script} {' '.join(args)}: exit status ({done.stderr.strip()[-400:]})")
    lines = done.stdout.strip().splitlines()
    png = next((l for l in lines if l.endswith(".png")), None)
    printed = next((json.loads(l) for l in lines if l.startswith("{")), None)
    if png:
        drawn(png, f"{script} {os.path.basename(args[0])}")
    else:
        check(False, f"{script} printed no image path")
    return printed, seconds, png


def drawn(png, what):
    """A PNG with something on it: not blank, not one flat color."""
    import matplotlib.image
    check(os.path.exists(png), f"{what}: {png} written")
    if not os.path.exists(png):
        return
    with open(png, "rb") as f:
        check(f.read(8) == b"\x89PNG\r\n\x1a\n", f"{what}: a PNG file")
    pixels = matplotlib.image.imread(png)[:, :, :3]
    inked = (pixels.min(axis=2) < 0.95).mean()
    colors = len({tuple(p) for p in (pixels[::7, ::7].reshape(-1, 3) * 255).astype(int).tolist()})
    check(inked > 0.05 and colors > 8, f"{what}: {inked:.1%} of the pixels inked, {colors} colors: blank?")


# Rigid jobs over several hosts, made here (no data needed): 4 hosts x 8 cores, SWF jobs of
# up to 32 processors. Rigid jobs start first-fit in host order; tasks.csv names only a job's
# first host and all its cores.
platform = os.path.join(tmp, "rigid-platform.yaml")
with open(platform, "w") as f:
    f.write("name: rigid4\nhosts:\n  - name: rig\n    count: 4\n    cores: 8\n    speed: 1Gf\n"
            "network:\n  topology: star\n  nic: { bandwidth: 10Gbps, latency: 10us }\n")
swf = os.path.join(tmp, "rigid.swf")
jobs = [(0, 100, 32), (10, 50, 12), (10, 80, 20), (20, 30, 4), (30, 60, 6), (40, 25, 3), (45, 90, 8), (60, 40, 16),
        (70, 10, 1), (75, 55, 10), (90, 35, 30), (95, 20, 2)]
with open(swf, "w") as f:
    for n, (submit, runtime, procs) in enumerate(jobs, 1):
        f.write(f"{n} {submit} -1 {runtime} {procs} -1 -1 {procs} {runtime} -1 1 {n % 3 + 1} 1 -1 1 -1 -1 -1\n")
scenario = os.path.join(tmp, "rigid.yaml")
with open(scenario, "w") as f:
    f.write(f"name: rigid\nplatform: {platform}\nworkload:\n  - trace: {swf}\nscheduling:\n  jobs: easy-backfill\n")
out = run("rigid", scenario)
summary, _, tasks, hosts_rows = read_outputs(out)
busy, _, png = tool("plot_run.py", out, "--print-busy")
if busy:
    # Weighted by cores: the 32-processor job fills all 4 hosts, so the curve reaches 32.
    check_equal(busy["peak_cores"], 32.0, "rigid: busy cores reach the platform's 32")
    # The useful area is every succeeded attempt's cores x (end - start) (no data moves in a
    # trace replay), which is hosts.csv's busy core-seconds, and over the up core-seconds
    # (32 x makespan: no host failed) summary.json's utilization.
    by_hand = sum(int(t["cores"]) * (float(t["end"]) - float(t["start"])) for t in tasks if t["outcome"] == "succeeded")
    close(busy["useful_core_s"], by_hand, what="rigid: useful core-seconds = sum of cores x (end - start)")
    close(busy["useful_core_s"], sum(float(h["busy_core_s"]) for h in hosts_rows), what="rigid: = hosts.csv busy")
    close(busy["up_core_s"], 32 * summary["metrics"]["makespan"], what="rigid: up core-seconds = 32 x makespan")
    close(busy["utilization_drawn"], summary["metrics"]["utilization"], what="rigid: drawn = summary utilization")
# Each host's share: the tool spreads a job first-fit from its first host over the next ones,
# as nimbus does; hosts.csv's busy_core_s counts a rigid job on each of its hosts.
hosts = plot_common.Hosts(out)
attempts = plot_common.Attempts(out, hosts)
which, where, cores = plot_common.cores_per_host(attempts, hosts)
per_host = [0.0] * len(hosts.names)
for i, h, c in zip(which, where, cores):
    per_host[h] += c * (attempts.end[i] - attempts.start[i])
for h, row in zip(hosts.names, hosts_rows):
    close(per_host[hosts.index[h]], float(row["busy_core_s"]), what=f"rigid: {h}'s core-seconds as drawn")

# The NASA log on its 128-processor machine (backfilling.yaml), FCFS against EASY.
if os.path.exists("../shared/data/NASA-iPSC-1993-3.1-cln.swf.gz"):
    easy = run("bf-easy", "scenarios/backfilling.yaml")
    fcfs = run("bf-fcfs", "scenarios/backfilling.yaml", "scheduling.jobs=fcfs")
    busy, _, _ = tool("plot_run.py", easy, "--print-busy")
    s_easy = read_outputs(easy)[0]
    if busy:
        # Rigid jobs counted by their processors: at 70% utilization the curve fills the
        # machine at times (it peaked at 30 when every job counted 1), and its mean over
        # [0, makespan] is utilization x 128 cores.
        check_equal(busy["peak_cores"], 128.0, "backfilling: busy cores reach 128")
        mean = busy["drawn_core_s"]["computing, attempts that succeeded"] / busy["makespan"]
        close(mean, s_easy["metrics"]["utilization"] * 128, what="backfilling: mean busy cores = utilization x 128")
    waits, _, _ = tool("plot_waits.py", fcfs, easy, "--print", "--out", os.path.join(tmp, "bf-waits.png"))
    if waits:
        # Curves named by the one setting that differs; their means are summary.json's.
        check_equal(sorted(waits), ["easy-backfill", "fcfs"], "backfilling: curves named by scheduling.jobs")
        s_fcfs = read_outputs(fcfs)[0]
        for label, s in (("fcfs", s_fcfs), ("easy-backfill", s_easy)):
            if label in waits:
                close(waits[label]["wait_mean"], s["metrics"]["wait"]["mean"], what=f"{label}: mean wait")
                close(waits[label]["bounded_slowdown_mean"], s["metrics"]["bounded_slowdown"]["mean"],
                      what=f"{label}: mean bounded slowdown")
        if len(waits) == 2:
            check(waits["easy-backfill"]["wait_mean"] < waits["fcfs"]["wait_mean"] / 3, "EASY waits far less than FCFS")
else:
    print("skipped: no ../shared/data beside the project; backfilling.yaml not drawn")

# A rack that fails (downtime.csv) and inputs that travel (transfer_s): the attempts lost
# are drawn apart, the cores up drop with the rack, and the useful part still gives the
# summary's utilization.
rack = run("rack-failure", "scenarios/rack-failure.yaml")
summary, _, tasks, hosts_rows = read_outputs(rack)
busy, _, _ = tool("plot_run.py", rack, "--print-busy", "--max-hosts", "40")
if busy:
    check(busy["lost_core_s"] > 0, "rack-failure: work lost to the failure drawn")
    up = sum(int(h["cores"]) * float(h["up_s"]) for h in hosts_rows)
    close(busy["up_core_s"], up, what="rack-failure: up core-seconds = sum of cores x up_s (downtime.csv)")
    close(busy["utilization_drawn"], summary["metrics"]["utilization"], what="rack-failure: drawn utilization")
    # No task sends output here, so all of transfer_s is inputs, held before start.
    moved = sum(int(t["cores"]) * float(t["transfer_s"]) for t in tasks if t["start"])
    check(moved > 0, "rack-failure: inputs travel")
    close(busy["transfer_core_s"], moved, what="rack-failure: transfers drawn = sum of cores x transfer_s")
# The large-run drawing (heat strip, means over time bins), forced on this small run: the
# binned areas are exact integrals, so the useful part is the same.
binned, _, _ = tool("plot_run.py", rack, "--print-busy", "--gantt-limit", "10", "--exact-limit", "10",
                    "--out", os.path.join(tmp, "rack-binned.png"))
if busy and binned:
    close(binned["drawn_core_s"]["computing, attempts that succeeded"],
          busy["drawn_core_s"]["computing, attempts that succeeded"], rel=1e-6, what="binned = exact useful area")
tool("plot_groups.py", rack)  # no power figures: utilization only, and it says so

# 20,000 tasks with failures, inputs and outputs: drawn in seconds (one polygon collection per
# kind of bar; it took minutes with a bar per task).
bag = os.path.join(tmp, "bag.yaml")
with open(bag, "w") as f:
    f.write(f"name: bag\nplatform: {os.path.abspath('platforms/flaky.yaml')}\nseed: 1\nworkload:\n"
            "  - program: bag-of-tasks\n    tasks: 20000\n    flops: {exponential: 200Gf}\n    input: 20MB\n"
            "    output: 5MB\n    arrival: {poisson: 0.9/s}\nfaults:\n  retry: 3\n")
big = run("bag", bag)
busy, seconds, _ = tool("plot_run.py", big, "--print-busy")
print(f"plot_run.py drew {busy['attempts'] if busy else '?'} attempts in {seconds:.1f} s")
check(seconds < 40, f"20,000 tasks drawn in {seconds:.1f} s (under 40 s on a loaded machine)")
if busy:
    # Tasks here both receive and send: tasks.csv gives only the sum, and the tool counts it as
    # input up to start - ready, so a task's short output time may count as computing: equal
    # to summary.json's utilization to 1e-5, not exactly.
    close(busy["utilization_drawn"], read_outputs(big)[0]["metrics"]["utilization"], rel=1e-5,
          what="bag: drawn utilization")

# Host groups with power figures: quickstart on heterogeneous.yaml (old, mid, new).
quick = run("quickstart", "scenarios/quickstart.yaml")
summary, _, _, hosts_rows = read_outputs(quick)
groups, _, _ = tool("plot_groups.py", quick, "--print")
if groups:
    check_equal(sorted(groups), ["mid", "new", "old"], "quickstart: groups by name")
    # Bags of tasks: the power model over the tasks' computing gives back hosts.csv's energy.
    for name, g in groups.items():
        close(g["energy_drawn_j"], g["energy_hosts_csv_j"], rel=1e-9, what=f"quickstart {name}: energy under the curve")
    close(sum(g["computing_core_s"] for g in groups.values()), sum(float(h["busy_core_s"]) for h in hosts_rows),
          what="quickstart: computing core-seconds = hosts.csv busy")
    close(sum(g["up_core_s"] for g in groups.values()), 256 * summary["metrics"]["makespan"],
          what="quickstart: up core-seconds = 256 x makespan")
    util = {n: g["computing_core_s"] / g["up_core_s"] for n, g in groups.items()}
    check(util["new"] > util["mid"] > util["old"], f"earliest-finish fills the fast hosts first: {util}")
# Without the platform's power figures (a platform file not found), energy per group as bars.
tool("plot_groups.py", quick, "--platform", os.path.join(tmp, "moved.yaml"), "--out", os.path.join(tmp, "bars.png"))

# Per-user waits: fair-share's alice floods, bob trickles.
fair = run("fs-fair", "scenarios/fair-share.yaml")
fcfs = run("fs-fcfs", "scenarios/fair-share.yaml", "scheduling.jobs=fcfs")
users, _, _ = tool("plot_users.py", fcfs, fair, "--print", "--out", os.path.join(tmp, "users.png"))
if users and set(users) == {"fcfs", "fair"}:
    check(users["fair"]["bob"]["mean"] < 10, f"fair: bob hardly waits ({users['fair']['bob']['mean']:.1f} s)")
    check(users["fcfs"]["bob"]["mean"] > 100, f"fcfs: bob waits behind alice ({users['fcfs']['bob']['mean']:.1f} s)")
    a, b = users["fair"]["alice"]["mean"], users["fcfs"]["alice"]["mean"]
    check(abs(a - b) < 0.1 * b, f"alice waits alike under both ({a:.1f} s, {b:.1f} s)")
    check_equal(users["fair"]["alice"]["n"], 20000, "alice's tasks counted")
    # Each of bob's jobs is one task without inputs: its task wait is the job's wait.
    s_fair = read_outputs(fair)[0]
    close(users["fair"]["bob"]["mean"], s_fair["metrics"]["by_user"]["bob"]["wait"]["mean"],
          what="fair: bob's mean wait = summary.json's by_user")
else:
    check(False, f"plot_users.py: runs named fcfs and fair ({users and list(users)})")
if harness._failures:
    print(f"the runs and images are kept in {tmp}")
else:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
