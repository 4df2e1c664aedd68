"""The command line as a newcomer meets it: help, version, validate, describe, run."""
import glob
import hashlib
import json
import os
import re
import shlex
import subprocess
import tempfile

from harness import NIMBUS, check, check_equal, finish, nimbus

n = 0


def ok(args, what):
    global n
    n += 1
    code, out, err = nimbus(*args)
    check_equal(code, 0, f"{what}: exit status (stderr: {err.strip()})")
    return out, err


version, _ = ok(["--version"], "--version")
check(re.fullmatch(r"nimbus \S+ \(SimGrid \d+\.\d+\.\d+\)\n", version) is not None,
      f"--version names nimbus and SimGrid: {version!r}")
# The SimGrid named is the library the binary runs on (3.32 to 4.1 work), not the headers
# it was compiled with: the dynamic loader's choice, libsimgrid.so.MAJOR.MINOR, must agree.
try:
    libs = subprocess.run(["ldd", NIMBUS], capture_output=True, text=True).stdout
except FileNotFoundError:
    libs = ""
loaded = re.search(r"libsimgrid\.so\.(\d+\.\d+) => ", libs)
if loaded:
    check(f"(SimGrid {loaded.group(1)}." in version, f"--version names the loaded libsimgrid.so.{loaded.group(1)}: {version!r}")
else:
    print("skipped: ldd did not show which libsimgrid the binary loads")
for sub in ("validate", "describe", "run"):
    out, _ = ok([sub, "--help"], f"{sub} --help")
    check(sub in out and "Usage" in out, f"{sub} --help prints usage")

# Every ready platform, and SimGrid's own example platforms, validate and describe.
# `nimbus list` shows every name the parser accepts, from the same registries.
out, _ = ok(["list"], "list")
for name in ("fcfs", "easy-backfill", "capacity", "earliest-finish", "heft", "delay", "bag-of-tasks", "master-worker",
             "shared-memory", "graph", "trace", "checkpoint", "message_logging"):
    check(f"\n  {name} " in out, f"list names {name}")
check_equal(out.count("\n  "), 8 + 11 + 9 + 5, "list: 8 job policies, 11 placements, 9 program models, 5 fault strategies")

# A mistyped command is named, with the nearest one (CLI11 alone says "A subcommand is required").
code, out, err = nimbus("runn", "scenarios/quickstart.yaml")
check_equal((code, err), (2, 'nimbus: unknown command "runn"; did you mean "run"? (commands: validate, describe, run, sweep, list)\n'
                             "Run 'nimbus --help' for usage.\n"), "a mistyped command")

platforms = sorted(glob.glob("platforms/*.yaml"))
check(len(platforms) >= 5, "at least five ready platforms")
xml = sorted(glob.glob("../shared/data/simgrid-platforms/*.xml"))
if os.path.isdir("../shared/data"):
    check(len(xml) == 5, "SimGrid's five example platforms are in ../shared/data")
else:
    print("skipped: no ../shared/data beside the project; SimGrid example platforms not checked")
# Except routing="None" (for SimGrid's constant network model): it has no route between its
# hosts, and SimGrid aborts on the first one nimbus needs. Refused, with the zone's line.
routing_none = [p for p in xml if p.endswith("small_platform_routing_none.xml")]
xml = [p for p in xml if p not in routing_none]
out, _ = ok(["validate", *platforms, *xml], "validate ready and SimGrid example platforms")
check_equal(len(out.splitlines()), len(platforms) + len(xml), "one ok line per file")
for p in routing_none:
    for command in ("validate", "describe"):
        code, out, err = nimbus(command, p)
        check_equal((code, err), (2, f"{p}:5: zone zone0 has no usable route from host Boivin to itself (SimGrid: There "
                                     "can't be route in an Empty zone); nimbus needs a route between every two hosts\n"),
                    f"{command} {p} is refused")
for p in platforms + xml:
    out, _ = ok(["describe", p], f"describe {p}")
    check("hosts" in out and "routes" in out, f"describe {p} shows hosts and routes")

# The oversubscribed core shows in the text a student reads.
out, _ = ok(["describe", "platforms/two-racks.yaml"], "describe two-racks")
check("4:1" in out and "2.5 Gbps" in out, "two-racks shows 4:1 and the 2.5 Gbps per-host share")

# Determinism: the same platform and seed give byte-identical output; another seed another draw.
first, _ = ok(["describe", "--json", "platforms/two-racks.yaml"], "describe --json, first")
again, _ = ok(["describe", "--json", "platforms/two-racks.yaml"], "describe --json, again")
check(first == again, "describe --json is byte-identical across runs")
with tempfile.TemporaryDirectory() as tmp:
    reseeded = os.path.join(tmp, "reseeded.yaml")
    with open("platforms/two-racks.yaml") as src, open(reseeded, "w") as dst:
        dst.write(src.read().replace("seed: 7", "seed: 8"))
    other, _ = ok(["describe", "--json", reseeded], "describe --json, another seed")
    speeds = lambda text: [h["speed_flops"] for h in json.loads(text)["host_list"]]
    check(speeds(first)[:16] == speeds(other)[:16], "fixed speeds do not depend on the seed")
    check(speeds(first)[16:] != speeds(other)[16:], "drawn speeds change with the seed")

# validate reports every file and exits 2 when one is bad.
code, out, err = nimbus("validate", "platforms/homogeneous.yaml", "tests/bad-input/wrong-unit.yaml")
n += 1
check_equal(code, 2, "validate good + bad: exit status")
check("homogeneous.yaml: ok" in out, "validate still reports the good file")

# run: an empty simulation on a platform still writes summary.json; --set and --seed apply.
with tempfile.TemporaryDirectory() as tmp:
    scenario = os.path.join(tmp, "empty.yaml")
    with open(scenario, "w") as f:
        f.write(f"name: empty\nplatform: {os.path.abspath('platforms/homogeneous.yaml')}\nseed: 3\n")
    out, _ = ok(["run", scenario, "--out", os.path.join(tmp, "out"), "--seed", "5", "--set", "name=renamed"], "run")
    with open(os.path.join(tmp, "out", "summary.json")) as f:
        summary = json.load(f)
    check_equal(summary["scenario"], "renamed", "--set name=renamed")
    check_equal(summary["seed"], 5, "--seed 5 beats seed: 3")
    check_equal(summary["platform"]["hosts"], 64, "platform hosts in summary")
    check_equal(summary["version"], version.strip(), "summary.json names the same nimbus and SimGrid as --version")
    code, out, err = nimbus("run", scenario, "--set", "seed=minus")
    n += 1
    check_equal(code, 2, "bad --set value: exit status")
    check_equal(err, "--set seed=minus: seed: expected a whole number, got \"minus\"\n", "bad --set value: message")
    out, _ = ok(["run", scenario, "-q", "--out", os.path.join(tmp, "q")], "run --quiet")
    check_equal(out, "", "--quiet prints nothing")
    ok(["run", scenario, "-q", "--out", os.path.join(tmp, "q2")], "run again")
    summaries = []
    for d in ("q", "q2"):
        with open(os.path.join(tmp, d, "summary.json"), "rb") as f:
            # The command lines differ (--out q, --out q2), and summary.json records them.
            summaries.append(b"".join(l for l in f if not l.startswith(b'    "command_line": ')))
    check(summaries[0] == summaries[1], "run: summary.json is byte-identical across runs (no wall clock in it)")

# Provenance: the SHA-256 of every file read (as hashlib computes it), the platform as it
# ran, the command line, and a rerun command that gives the same results.
with tempfile.TemporaryDirectory() as tmp:
    scenario = "scenarios/quickstart.yaml"
    args = ["run", scenario, "-q", "--out", os.path.join(tmp, "a"), "--set", "workload[0].tasks=300", "--set",
            "scheduling.placement=random", "--cfg", "network/model:CM02", "--seed", "7"]
    ok(args, "run with --set, --cfg, --seed")
    with open(os.path.join(tmp, "a", "summary.json")) as f:
        summary = json.load(f)
    p = summary["provenance"]
    sha = lambda path: hashlib.sha256(open(path, "rb").read()).hexdigest()
    check_equal([(i["role"], i["sha256"]) for i in p["inputs"]],
                [("scenario", sha(scenario)), ("platform", sha("platforms/heterogeneous.yaml"))], "inputs and their SHA-256")
    check_equal(p["platform_as_run"], open("platforms/heterogeneous.yaml").read(), "the platform as it ran")
    check_equal(p["command_line"], shlex.join([NIMBUS] + args), "the command line")
    check_equal(p["rerun"], "nimbus run scenarios/quickstart.yaml --seed 7 --set 'workload[0].tasks=300' --set "
                            "scheduling.placement=random --cfg network/model:CM02", "the rerun command")
    check_equal((p["nimbus"], p["simgrid"]), tuple(summary["version"][len("nimbus "):-1].split(" (SimGrid ")),
                "versions as --version names them")
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode == 0:  # a git checkout: a commit of it (HEAD's unless built before the last commit)
        commit = (p["git_commit"] or "").split("-")[0]
        known = subprocess.run(["git", "cat-file", "-e", commit + "^{commit}"], capture_output=True).returncode == 0
        check(re.fullmatch("[0-9a-f]{40}", commit) is not None and known, f"git commit {p['git_commit']} is a commit here")
    # The rerun command, run, gives the same results.
    rerun = shlex.split(p["rerun"])
    ok(rerun[1:] + ["-q", "--out", os.path.join(tmp, "b")], "the rerun command")
    with open(os.path.join(tmp, "b", "summary.json")) as f:
        check_equal(json.load(f)["metrics"], summary["metrics"], "the rerun gives the same metrics")
n += 1

# The printed summary: every duration in the makespan's unit (fair-share's makespan is
# 5.4 min, its waits seconds long: minutes too); a line per user; a locality line when tasks
# read replicated input.
with tempfile.TemporaryDirectory() as tmp:
    out, _ = ok(["run", "scenarios/fair-share.yaml", "--out", tmp], "run fair-share")
    units = re.findall(r"(?:makespan|mean|p95|max)\s+[0-9.]+ (\S+?),?$|(?:mean|p95|max) [0-9.]+ (\S+?)[,\n]", out + "\n", re.M)
    found = {u for pair in units for u in pair if u}
    check_equal(found, {"min"}, f"one unit for every duration:\n{out}")
    check(re.search(r"^  user bob: 500 jobs, wait mean [0-9.]+ min, p95 [0-9.]+ min$", out, re.M) is not None
          and "  user alice: 1 job, wait mean 0 min" in out, f"a line per user:\n{out}")
    out, _ = ok(["run", "scenarios/locality.yaml", "--out", tmp], "run locality")
    check("  locality      2000 tasks read input: " in out, f"the locality line:\n{out}")
n += 1

# -vv logs every scheduling decision, at most 50 lines a wall-clock second, the rest counted:
# quickstart's 2000 placements are each shown or counted, once.
with tempfile.TemporaryDirectory() as tmp:
    code, _, err = nimbus("run", "scenarios/quickstart.yaml", "--out", tmp, "-q", "-vv")
    shown = re.findall(r"^\[scheduling\] debug: t=\S+: earliest-finish placed task bag0-\d+/0 on \S+ ", err, re.M)
    skipped = sum(int(k) for k in re.findall(r"\((\d+) more decisions in the last second not shown\)", err))
    check_equal((code, len(shown) + skipped), (0, 2000), "-vv: each placement shown or counted")
    check(0 < len(shown) <= 50 * (1 + err.count("not shown")), f"-vv: at most 50 lines a second ({len(shown)} shown)")
n += 1

# --log passes SimGrid's own log settings through, as SimGrid programs take them; one SimGrid
# would abort on is refused first (exit 2, one line).
with tempfile.TemporaryDirectory() as tmp:
    code, _, err = nimbus("run", "scenarios/quickstart.yaml", "--out", tmp, "-q", "--log=root.thres:info")
    check(code == 0 and "[host_energy/INFO] Total energy consumption" in err,
          f"--log root.thres:info: SimGrid's info lines ({err[:200]!r})")
    # A SimGrid built with NDEBUG (a release build) aborts on the levels debug and trace:
    # nimbus asks it first, in a child process, and refuses with its reason.
    code, _, err = nimbus("run", "scenarios/message-passing.yaml", "--out", tmp, "-q", "--log=s4u_comm.thres:debug")
    check((code == 0 and "[s4u_comm/DEBUG] " in err) or
          (code == 2 and err.startswith("--log s4u_comm.thres:debug: SimGrid refuses it: Priority 'debug'")),
          f"--log s4u_comm.thres:debug: SimGrid's debug lines, or its refusal ({code}, {err[:200]!r})")
    for bad, why in (("root.thres:loud", 'level "loud" is not one of trace, debug, verbose, info, warning, error, critical'),
                     ("root.colour:red", 'unknown setting "colour"'), ("root", "no category")):
        code, _, err = nimbus("run", "scenarios/quickstart.yaml", "--out", tmp, "-q", "--log", bad)
        check_equal((code, err.split(";")[0]), (2, f"--log {bad}: {why}"), f"--log {bad} refused")
n += 1

finish(n)
