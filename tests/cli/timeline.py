"""timeline.json through the real `nimbus run`, read the way Perfetto's JSON importer reads it
(src/trace_processor/importers/json: the tokenizer, the parser, the flow and slice
trackers), and checked against values worked out by hand.

Perfetto's rules the checks follow:
- every event has `ph` and a `pid` (not 0: Perfetto keeps pid 0 for the kernel); every event
  but metadata (`M`) a numeric `ts`, in microseconds; `X` has `dur` >= 0.
- events are sorted by ts; at equal ts, `X` slices first (longest first), then the others in
  file order. A slice begun at or after the end of the one before on its thread closes it;
  one begun before that end nests in it, so slices on one lane must never overlap.
- a flow `s` binds to the slice open (last begun) on its thread at its ts; an `f` with
  `bp: e` likewise. A flow is keyed by (id, cat, name): one `s`, one `f`, f after s.
- counters (`C`) read every arg as a number; instants (`i`) have scope `g`, `p` or `t`.
- thread names (`M` thread_name) are given to a thread by its tid alone: tids must not repeat
  across processes.
- `cname` is one of the Chrome trace viewer's reserved colors.
"""
import bisect
import collections
import csv
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus

tmp = tempfile.mkdtemp(prefix="nimbus-timeline-")

RESERVED_COLORS = {
    "thread_state_uninterruptible", "thread_state_iowait", "thread_state_running", "thread_state_runnable",
    "thread_state_sleeping", "thread_state_unknown", "background_memory_dump", "light_memory_dump",
    "detailed_memory_dump", "vsync_highlight_color", "generic_work", "good", "bad", "terrible", "black", "grey",
    "white", "yellow", "olive", "rail_response", "rail_animation", "rail_idle", "rail_load", "startup",
    "heap_dump_stack_frame", "heap_dump_object_type", "heap_dump_child_node_arrow", "cq_build_running",
    "cq_build_passed", "cq_build_failed", "cq_build_abandoned", "cq_build_attempt_runnig", "cq_build_attempt_passed",
    "cq_build_attempt_failed",
}
# docs/scenarios.md, "Outputs": the color of an attempt by its outcome, of a rank's slice by kind.
OUTCOME_COLORS = {
    "succeeded": "good", "host-failed": "terrible", "walltime-exceeded": "terrible", "input-lost": "bad",
    "network-failed": "bad", "data-lost": "bad", "cancelled": "grey",
}
KIND_COLORS = {"compute": "thread_state_running", "sleep": "thread_state_runnable", "comm": "thread_state_iowait",
               "wait": "thread_state_uninterruptible"}


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(name, scenario, *extra):
    """Runs a scenario with the timeline; returns (the trace, tasks.csv rows)."""
    out = os.path.join(tmp, "out-" + name)
    code, _, stderr = nimbus("run", write(name + ".yaml", scenario), "--out", out, "-q", "--set", "output.timeline=true",
                             *extra)
    check_equal(code, 0, f"{name}: exit status ({stderr.strip()})")
    if code != 0:
        return {"traceEvents": []}, []
    with open(os.path.join(out, "timeline.json")) as f:
        trace = json.load(f)
    with open(os.path.join(out, "tasks.csv")) as f:
        rows = list(csv.DictReader(f))
    return trace, rows


def ns(ts):
    """A ts or dur in microseconds as whole nanoseconds (nimbus writes them exact to the ns)."""
    return round(ts * 1000)


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def perfetto_checks(trace, name):
    """The importer's rules, on a whole file. Returns the slices by thread, sorted as
    Perfetto sorts them, for the callers' own checks."""
    events = trace.get("traceEvents")
    check(isinstance(events, list) and events, f"{name}: a traceEvents list")
    check_equal(trace.get("displayTimeUnit"), "ms", f"{name}: displayTimeUnit")
    check("microseconds of simulated time" in trace.get("otherData", {}).get("time_unit", ""),
          f"{name}: otherData.time_unit says the unit")
    bad = [e for e in events if not isinstance(e.get("ph"), str) or not isinstance(e.get("pid"), int) or e["pid"] < 1]
    check_equal(bad[:3], [], f"{name}: every event has ph and a pid >= 1")
    bad = [e for e in events if e["ph"] != "M" and not (number(e.get("ts")) and e["ts"] >= 0)]
    check_equal(bad[:3], [], f"{name}: every event but metadata has a numeric ts >= 0")
    bad = [e for e in events if e["ph"] != "M" and abs(e["ts"] * 1000 - ns(e["ts"])) > 1e-3]
    check_equal(bad[:3], [], f"{name}: every ts is whole nanoseconds")
    check_equal(sorted({e["ph"] for e in events} - {"M", "X", "C", "s", "f", "i"}), [], f"{name}: known phases only")
    bad = [e for e in events if e["ph"] == "X" and not (number(e.get("dur")) and e["dur"] >= 0)]
    check_equal(bad[:3], [], f"{name}: every X has dur >= 0")
    bad = [e for e in events if "cname" in e and e["cname"] not in RESERVED_COLORS]
    check_equal(bad[:3], [], f"{name}: every cname is a reserved color")
    bad = [e for e in events if e["ph"] == "C" and not (isinstance(e.get("args"), dict) and e["args"]
                                                        and all(number(v) for v in e["args"].values()))]
    check_equal(bad[:3], [], f"{name}: counters have numeric args")
    bad = [e for e in events if e["ph"] == "i" and e.get("s") not in ("g", "p", "t")]
    check_equal(bad[:3], [], f"{name}: instants have a scope")

    # Names: every process and every thread with events has one; a tid belongs to one process.
    meta = [e for e in events if e["ph"] == "M"]
    check(all(e.get("name") in ("process_name", "thread_name", "process_sort_index", "thread_sort_index")
              for e in meta), f"{name}: metadata events are names and sort indices")
    processes = {e["pid"]: e["args"]["name"] for e in meta if e["name"] == "process_name"}
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in meta if e["name"] == "thread_name"}
    used_pids = {e["pid"] for e in events}
    check_equal(sorted(used_pids - set(processes)), [], f"{name}: every process is named")
    lanes = {(e["pid"], e["tid"]) for e in events if e["ph"] == "X"}
    check_equal(sorted(lanes - set(threads)), [], f"{name}: every lane is named")
    owner = {}
    for e in events:
        if "tid" in e:
            owner.setdefault(e["tid"], set()).add(e["pid"])
    check_equal({t: p for t, p in owner.items() if len(p) > 1}, {}, f"{name}: no tid in two processes")

    # Slices on a lane never overlap (Perfetto would nest them): sorted as Perfetto sorts.
    by_lane = {}
    for e in events:
        if e["ph"] == "X":
            by_lane.setdefault((e["pid"], e["tid"]), []).append(e)
    for lane in by_lane.values():
        lane.sort(key=lambda e: (ns(e["ts"]), -ns(e["dur"])))
    starts = {key: [ns(e["ts"]) for e in lane] for key, lane in by_lane.items()}
    overlaps = [(a["name"], b["name"]) for lane in by_lane.values() for a, b in zip(lane, lane[1:])
                if ns(a["ts"]) + ns(a["dur"]) > ns(b["ts"])]
    check_equal(overlaps[:3], [], f"{name}: no two slices overlap on a lane")

    # Flows: keyed by (id, cat, name), one s and one f, f after s; ids unique in the file.
    flows = {}
    for e in events:
        if e["ph"] in ("s", "f"):
            flows.setdefault((e.get("id"), e.get("cat"), e.get("name")), []).append(e)
    check(all(isinstance(k[0], int) for k in flows), f"{name}: flow ids are numbers")
    check_equal(len({k[0] for k in flows}), len(flows), f"{name}: a flow id names one flow")
    bad = [k for k, v in flows.items() if sorted(e["ph"] for e in v) != ["f", "s"]]
    check_equal(bad[:3], [], f"{name}: every flow has one s and one f")
    bad = [k for k, v in flows.items() if len(v) == 2 and
           not (ns(next(e for e in v if e["ph"] == "f")["ts"]) >= ns(next(e for e in v if e["ph"] == "s")["ts"]))]
    check_equal(bad[:3], [], f"{name}: every flow ends after it starts")
    check(all(e.get("bp") == "e" for v in flows.values() for e in v if e["ph"] == "f"),
          f"{name}: flow ends bind to their enclosing slice (bp: e)")
    lanes = (by_lane, starts)
    # A DAG arrow leaves the producer's slice while it is open, and lands on the consumer's
    # slice as it begins.
    bad = []
    for (_, cat, _), v in flows.items():
        if cat != "dependency" or len(v) != 2:
            continue
        s = next(e for e in v if e["ph"] == "s")
        f = next(e for e in v if e["ph"] == "f")
        src, dst = bound(lanes, s), bound(lanes, f)
        if not (src and ns(src["ts"]) <= ns(s["ts"]) < ns(src["ts"]) + ns(src["dur"]) and dst and ns(dst["ts"]) == ns(f["ts"])):
            bad.append((s, f))
    check_equal(bad[:2], [], f"{name}: every DAG arrow binds to its producer and its consumer")
    return lanes, flows, processes, threads


def bound(lanes, event):
    """The slice Perfetto binds a flow event to: the last slice begun on its thread at or
    before its ts (slices at the same ts are read before it)."""
    by_lane, starts = lanes
    key = (event["pid"], event["tid"])
    i = bisect.bisect_right(starts.get(key, []), ns(event["ts"])) - 1
    return by_lane[key][i] if i >= 0 else None


def counter_at(events, name, series, t):
    """The value of counter `name` at t seconds: its last event at or before t."""
    value = None
    for e in sorted((e for e in events if e["ph"] == "C" and e["name"] == name), key=lambda e: e["ts"]):
        if ns(e["ts"]) <= round(t * 1e9):
            value = e["args"][series]
    return value


def close(actual, expected, what, tol=1e-9):
    check(actual is not None and abs(actual - expected) <= tol * max(1.0, abs(expected)),
          f"{what}: expected {expected}, got {actual}")


# 1. A DAG with a transfer between two hosts. first (1 Gf) runs on a over [0, 1]; round-robin
# sends second to b and third back to a. second fetches first's 100 MB over two 1 Gbps,
# 100 us NICs: 13.01 x 200 us + 1e8 / (0.97 x 1.25e8) s (SimGrid's LV08, as runtime.py), then
# computes 1 s; third's input is on its own host: it starts at 1 s, right after first on the
# same lane. Cores busy: 1 on [0, 1), 2 on [1, 2), 1 on [2, 2 + T), then 0.
T = 13.01 * 200e-6 + 1e8 / (0.97 * 1.25e8)
pair = write("pair.yaml", "hosts:\n  - { name: a, speed: 1Gf }\n  - { name: b, speed: 1Gf }\n"
                          "network:\n  nic: { bandwidth: 1Gbps, latency: 100us }\n")
trace, rows = run("dag", f"""name: dag
platform: {pair}
workload:
  - program: dag
    tasks:
      - {{ name: first, flops: 1Gf, output: 100MB }}
      - {{ name: second, flops: 1Gf, after: [first] }}
      - {{ name: third, flops: 1Gf, after: [first] }}
scheduling: {{ placement: round-robin }}
""")
check_equal(sorted((r["task"], r["host"]) for r in rows), [("first", "a"), ("second", "b"), ("third", "a")],
            "dag: first and third on a, second on b")
by_lane, flows, processes, threads = perfetto_checks(trace, "dag")
events = trace["traceEvents"]
slices = {e["name"]: e for e in events if e["ph"] == "X"}
check_equal(sorted(slices), ["dag0/first", "dag0/second", "dag0/second (inputs)", "dag0/third"],
            "dag: an (inputs) slice only where inputs crossed the network")
inputs = slices.get("dag0/second (inputs)", {})
close(inputs.get("ts", 0) / 1e6, 1.0, "dag: second's inputs begin when first ends")
close(inputs.get("dur", 0) / 1e6, T, "dag: and take the transfer's time")
check_equal((inputs.get("cat"), inputs.get("cname"), inputs.get("args", {}).get("bytes_in")),
            ("inputs", "thread_state_iowait", 100000000), "dag: the inputs slice's category, color and bytes")
close(slices.get("dag0/second", {}).get("ts", 0) / 1e6, 1 + T, "dag: second computes once its input is there")
check_equal({n: (s["cat"], s["cname"]) for n, s in slices.items() if not n.endswith("(inputs)")},
            {n: ("succeeded", "good") for n in ("dag0/first", "dag0/second", "dag0/third")},
            "dag: attempts colored by outcome")
lane_of = {n: threads[(s["pid"], s["tid"])] for n, s in slices.items()}
check_equal((processes.get(slices["dag0/first"]["pid"]), lane_of["dag0/first"]), ("a (1 core, submit host)", "task slot 0"),
            "dag: a's track and lane names")
check_equal(slices["dag0/first"]["tid"], slices["dag0/third"]["tid"], "dag: third follows first on a's one lane")
dependency = {k: v for k, v in flows.items() if k[1] == "dependency"}
check_equal(len(dependency), 2, "dag: an arrow per edge")
for flow in dependency.values():
    s = next(e for e in flow if e["ph"] == "s")
    f = next(e for e in flow if e["ph"] == "f")
    src, dst = bound(by_lane, s), bound(by_lane, f)
    check_equal(src and src["name"], "dag0/first", "dag: every arrow leaves first")
    check(src is not None and ns(src["ts"]) <= ns(s["ts"]) < ns(src["ts"]) + ns(src["dur"]),
          "dag: the arrow leaves while first is open (not at its end, where third begins on the same lane)")
    close(s["ts"] / 1e6, 1.0, "dag: the arrow leaves at first's end", 1e-8)
    check(dst is not None and ns(dst["ts"]) == ns(f["ts"]), "dag: the arrow lands as its slice begins")
    check_equal(s["args"]["bytes"], 100000000, "dag: the arrow carries the edge's bytes")
check_equal(sorted(bound(by_lane, e)["name"] for v in dependency.values() for e in v if e["ph"] == "f"),
            ["dag0/second (inputs)", "dag0/third"], "dag: arrows land on second's fetch and third's start")
for t, busy in ((0, 1), (0.5, 1), (1.5, 2), (2.5, 1), (1 + T + 0.99, 1), (3, 0)):
    check_equal(counter_at(events, "cores", "busy", t), busy, f"dag: cores busy at {t} s")
check_equal(counter_at(events, "hosts", "up", 1.0), 2, "dag: both hosts up")
check_equal(trace["otherData"]["dependency_arrows"]["drawn"], 2, "dag: otherData counts the arrows drawn")

# 2. A host failure from a failure trace. a (2 cores, 1 Gf) is off over [4.5 s, 8 s]; a task of
# 10 Gf on 2 cores runs there from 0, is lost at 4.5 s, is ready again after a back-off of 2 s
# (6.5 s) but fits only on a: it runs [8, 13]. Cores busy: 2, 0 from 4.5, 2 from 8, 0 from 13;
# hosts up 3, 2 from 4.5, 3 from 8; an instant on a's track at 4.5 s (failure) and 8 s (repair).
two = write("two.yaml", """hosts:
  - { name: head, speed: 0.1Gf, never_fails: true }
  - { name: a, speed: 1Gf, cores: 2, failures: { trace: [[4.5s, off], [8s, on]] } }
  - { name: b, speed: 0.5Gf, never_fails: true }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
trace, rows = run("failure", f"""name: failure
platform: {two}
workload:
  - program: bag-of-tasks
    tasks: 1
    flops: 10Gf
    cores: 2
faults: {{ retry: 3, backoff: 2s }}
""")
check_equal([(r["host"], r["start"], r["end"], r["outcome"]) for r in rows],
            [("a", "0", "4.5", "host-failed"), ("a", "8", "13", "succeeded")], "failure: the attempts, by hand")
by_lane, flows, processes, threads = perfetto_checks(trace, "failure")
events = trace["traceEvents"]
attempts = sorted((e["ts"] / 1e6, e["dur"] / 1e6, e["cat"], e["cname"], e["args"]["cores"]) for e in events
                  if e["ph"] == "X")
check_equal(attempts, [(0, 4.5, "host-failed", "terrible", 2), (8, 5, "succeeded", "good", 2)],
            "failure: the lost attempt red, the retry green, each holding 2 cores")
for t, busy in ((0, 2), (4.4, 2), (4.5, 0), (7.9, 0), (8, 2), (12.9, 2), (13, 0)):
    check_equal(counter_at(events, "cores", "busy", t), busy, f"failure: cores busy at {t} s")
for t, up in ((0, 3), (4.5, 2), (7.9, 2), (8, 3), (13, 3)):
    check_equal(counter_at(events, "hosts", "up", t), up, f"failure: hosts up at {t} s")
a_pid = next(pid for pid, name in processes.items() if name.startswith("a "))
instants = sorted((e["ts"] / 1e6, e["name"], e["s"], e["pid"], e["args"]["host"]) for e in events if e["ph"] == "i")
check_equal(instants, [(4.5, "failure", "p", a_pid, "a"), (8, "repair", "p", a_pid, "a")],
            "failure: a failure and a repair instant on a's track, by hand")
cluster = [pid for pid, name in processes.items() if name.startswith("cluster")]
check_equal({e["pid"] for e in events if e["ph"] == "C"}, set(cluster), "failure: counters on the cluster track")
order = {e["pid"]: e["args"]["sort_index"] for e in events if e.get("name") == "process_sort_index"}
check_equal(sorted(order, key=order.get), [cluster[0]] + [pid for pid in sorted(processes) if pid not in cluster],
            "failure: the cluster first, then the hosts in platform order")

# The same with power figures: 160 W idle in all (head 10, a 100, b 50); a's two cores
# computing add 200 W (300 W busy); off, a draws 5 W. So 360 W over [0, 4.5), 65 W over
# [4.5, 8), 360 W over [8, 13): 3,647.5 J, what SimGrid's energy plugin reports.
powered = write("powered-platform.yaml", """hosts:
  - { name: head, speed: 0.1Gf, never_fails: true, power: { idle: 10W, busy: 20W, off: 1W } }
  - { name: a, speed: 1Gf, cores: 2, failures: { trace: [[4.5s, off], [8s, on]] }, power: { idle: 100W, busy: 300W, off: 5W } }
  - { name: b, speed: 0.5Gf, never_fails: true, power: { idle: 50W, busy: 150W, off: 2W } }
network:
  topology: star
  nic: { bandwidth: 10Gbps, latency: 10us }
""")
trace, _ = run("powered", f"""name: powered
platform: {powered}
workload:
  - program: bag-of-tasks
    tasks: 1
    flops: 10Gf
    cores: 2
faults: {{ retry: 3, backoff: 2s }}
""")
events = trace["traceEvents"]
for t, watts in ((0, 360), (4.4, 360), (4.5, 65), (7.9, 65), (8, 360), (12.9, 360)):
    check_equal(counter_at(events, "power", "watts", t), watts, f"powered: watts at {t} s")
points = sorted((e["ts"] / 1e6, e["args"]["watts"]) for e in events if e.get("name") == "power")
joules = sum(w * (t2 - t1) for (t1, w), (t2, _) in zip(points, points[1:]))
with open(os.path.join(tmp, "out-powered", "summary.json")) as f:
    energy = json.load(f)["metrics"]["energy_j"]
check(abs(joules - 3647.5) < 1e-6 and abs(energy - 3647.5) < 1e-6,
      f"powered: the power counter's joules {joules} = SimGrid's {energy} = 3647.5 by hand")

# And where cores are held but not computing (reducers writing their output's copies, ranks
# sending and waiting), the counter draws computing only: its joules are SimGrid's.
for scenario in ("mapreduce", "bsp", "workflow"):
    out = os.path.join(tmp, "out-energy-" + scenario)
    code, _, err = nimbus("run", f"scenarios/{scenario}.yaml", "--out", out, "-q", "--set", "output.timeline=true")
    check_equal(code, 0, f"{scenario}: exit status ({err.strip()})")
    if code == 0:
        with open(os.path.join(out, "timeline.json")) as f:
            points = sorted((e["ts"] / 1e6, e["args"]["watts"]) for e in json.load(f)["traceEvents"]
                            if e.get("name") == "power")
        joules = sum(w * (t2 - t1) for (t1, w), (t2, _) in zip(points, points[1:]))
        with open(os.path.join(out, "summary.json")) as f:
            energy = json.load(f)["metrics"]["energy_j"]
        check(abs(joules - energy) <= 1e-8 * energy, f"{scenario}: the power counter's joules {joules} = SimGrid's {energy}")

# 3. Rigid jobs (an SWF trace) hold all their cores: on two hosts of 2 cores, job 1 takes 3
# cores (across both hosts) for 10 s and job 2 one core for 4 s, both from 0: 4 cores busy
# over [0, 4), 3 over [4, 10).
swf = write("rigid.swf", "1 0 -1 10 3 -1 -1 3 10 -1 1 1 1 -1 -1 -1 -1 -1\n"
                         "2 0 -1 4 1 -1 -1 1 4 -1 1 1 1 -1 -1 -1 -1 -1\n")
quad = write("quad.yaml", "hosts:\n  - { name: h, count: 2, cores: 2, speed: 1Gf }\n")
trace, rows = run("rigid", f"name: rigid\nplatform: {quad}\nworkload:\n  - trace: {swf}\n")
perfetto_checks(trace, "rigid")
events = trace["traceEvents"]
check_equal(sorted(r["cores"] for r in rows), ["1", "3"], "rigid: tasks.csv's cores")
for t, busy in ((0, 4), (3.9, 4), (4, 3), (9.9, 3), (10, 0)):
    check_equal(counter_at(events, "cores", "busy", t), busy, f"rigid: cores busy at {t} s")

# 4. The cap on arrows: a task after 100 others draws 64 of its 100 arrows; otherData counts
# the 36 left out.
trace, rows = run("fan-in", f"""name: fan-in
platform: {pair}
workload:
  - program: dag
    tasks:
      - {{ name: map, count: 100, flops: 0.01Gf, output: 1MB }}
      - {{ name: reduce, flops: 1Gf, after: [map] }}
""")
perfetto_checks(trace, "fan-in")
arrows = [e for e in trace["traceEvents"] if e["ph"] == "f" and e["cat"] == "dependency"]
check_equal(len(arrows), 64, "fan-in: 64 arrows into one attempt")
check_equal(trace["otherData"]["dependency_arrows"], {"drawn": 64, "left_out": 36, "limit_per_attempt": 64,
                                                      "limit_in_file": 100000}, "fan-in: otherData counts the rest")

# And 100,000 arrows in a file: 1,600 tasks after the same 100 (160,000 edges, 64 drawn into
# each) stop at 100,000, taken by the time their attempts began: 1,562 attempts draw 64, the
# next 32, the 37 last none.
trace, rows = run("all-to-all", f"""name: all-to-all
platform: {pair}
workload:
  - program: dag
    tasks:
      - {{ name: map, count: 100, flops: 0.01Gf, output: 1kB }}
      - {{ name: reduce, count: 1600, flops: 0.01Gf, after: [map] }}
""")
by_lane, flows, _, _ = perfetto_checks(trace, "all-to-all")
check_equal(trace["otherData"]["dependency_arrows"]["drawn"], 100000, "all-to-all: 100,000 arrows drawn")
check_equal(trace["otherData"]["dependency_arrows"]["left_out"], 60000, "all-to-all: 60,000 left out")
into = collections.Counter(bound(by_lane, e)["name"].removesuffix(" (inputs)") for flow in flows.values()
                           for e in flow if e["ph"] == "f")
begins = {}  # each reduce attempt's first slice
for e in trace["traceEvents"]:
    if e["ph"] == "X" and "/reduce-" in e["name"]:
        name = e["name"].removesuffix(" (inputs)")
        begins[name] = min(begins.get(name, e["ts"]), e["ts"])
check_equal(len(begins), 1600, "all-to-all: 1,600 reduce attempts drawn")
check_equal(sorted(collections.Counter(into.get(name, 0) for name in begins).items()), [(0, 37), (32, 1), (64, 1562)],
            "all-to-all: 64 arrows into each of 1,562 attempts, 32 into the next, none after")
check(max(ts for name, ts in begins.items() if into.get(name)) <= min(ts for name, ts in begins.items() if not into.get(name)),
      "all-to-all: the earliest attempts have the arrows")

# 5. Programs: a track per program first, a lane per rank, slices colored by kind, an arrow
# per message; work items of a master-worker do not count as cores of their own.
for scenario in ("scenarios/bsp.yaml", "scenarios/master-worker.yaml"):
    out = os.path.join(tmp, "out-" + os.path.basename(scenario))
    code, _, stderr = nimbus("run", scenario, "--out", out, "-q", "--set", "output.timeline=true")
    check_equal(code, 0, f"{scenario}: exit status ({stderr.strip()})")
    with open(os.path.join(out, "timeline.json")) as f:
        trace = json.load(f)
    with open(os.path.join(out, "hosts.csv")) as f:
        cores = sum(int(r["cores"]) for r in csv.DictReader(f))
    by_lane, flows, processes, threads = perfetto_checks(trace, scenario)
    events = trace["traceEvents"]
    programs = [pid for pid, name in processes.items() if name.endswith("(program)")]
    check_equal(len(programs), 1, f"{scenario}: one program track")
    order = {e["pid"]: e["args"]["sort_index"] for e in events if e.get("name") == "process_sort_index"}
    check_equal(min(order, key=order.get), programs[0], f"{scenario}: the program drawn first")
    ranks = [e for e in events if e["ph"] == "X" and e["pid"] in programs]
    check(ranks and all(e["cname"] == KIND_COLORS[e["cat"]] for e in ranks), f"{scenario}: rank slices colored by kind")
    check(all(threads[(e["pid"], e["tid"])].startswith("rank ") for e in ranks), f"{scenario}: rank lanes named")
    hosts = [e for e in events if e["ph"] == "X" and e["pid"] not in programs and e["cat"] in OUTCOME_COLORS]
    check(hosts and all(e["cname"] == OUTCOME_COLORS[e["cat"]] for e in hosts), f"{scenario}: attempts colored by outcome")
    check(any(k[1] == "message" for k in flows), f"{scenario}: messages drawn as arrows")
    unbound = [k for k, v in flows.items() for e in v if bound(by_lane, e) is None]
    check_equal(unbound[:3], [], f"{scenario}: every arrow end binds to a slice")
    busy = [e["args"]["busy"] for e in events if e["ph"] == "C" and e["name"] == "cores"]
    check(busy and max(busy) <= cores and busy[-1] == 0, f"{scenario}: cores busy within the platform's {cores}, 0 at the end")

finish()
