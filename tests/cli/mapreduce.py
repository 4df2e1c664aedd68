"""MapReduce through the real `nimbus run`, against numbers worked out by hand: the shuffle's
bytes from the input, output ratio and combiner; its time on a known link (SimGrid's LV08:
13.01 x latency + bytes / (0.97 x bandwidth) for one flow); the reducers' partitions under
skew; the output's copies written as a pipeline; where the shuffle's bytes went.
"""
import csv
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus

tmp = tempfile.mkdtemp(prefix="nimbus-mapreduce-")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(name, platform, item, scheduling="placement: locality", expect=0):
    """Runs one mapreduce item; returns (summary metrics, its mapreduce block, tasks.csv rows, stdout)."""
    path = write(name + ".yaml", f"name: {name}\nplatform: {platform}\nworkload:\n  - program: mapreduce\n"
                                 f"{item}scheduling: {{ {scheduling} }}\n")
    out = os.path.join(tmp, "out-" + name)
    code, stdout, stderr = nimbus("run", path, "--out", out)
    check_equal(code, expect, f"{name}: exit status ({stderr.strip()})")
    if code != 0:
        return {}, {}, [], stdout
    with open(os.path.join(out, "summary.json")) as f:
        metrics = json.load(f)["metrics"]
    with open(os.path.join(out, "tasks.csv")) as f:
        tasks = list(csv.DictReader(f))
    return metrics, metrics["mapreduce"]["mr0"], tasks, stdout


def close(actual, expected, what, rel=1e-9):
    check(abs(actual - expected) <= rel * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


# 1. Two one-core 1 Gf/s hosts on a star of 1 Gbps, 100 us NICs; 200 MB of input in 2 blocks,
# each block on both hosts (replicas: 2). Each map reads 100 MB where it runs (data-local),
# computes 10 flops a byte (1 s) and keeps half (50 MB). The one reducer starts at 1 s on h-0:
# map-0's 50 MB are on its host, map-1's come from h-1 over one flow, 13.01 x 200 us +
# 5e7 B / (0.97 x 1.25e8 B/s) = 0.41497 s; then 100 MB x 10 flops a byte, 1 s.
PAIR = write("pair.yaml", "name: pair\nhosts:\n  - { name: h, count: 2, speed: 1Gf }\n"
                          "network:\n  topology: star\n  nic: { bandwidth: 1Gbps, latency: 100us }\n")
BASIC = """    input: 200MB
    splits: 2
    replicas: 2
    map: { flops_per_byte: 10, output_ratio: 0.5 }
    reducers: 1
    reduce: { flops_per_byte: 10 }
"""
transfer = 13.01 * 200e-6 + 5e7 / (0.97 * 1.25e8)
m, mr, tasks, stdout = run("basic", PAIR, BASIC)
close(m["makespan"], 2 + transfer, "basic: map 1 s, shuffle, reduce 1 s")
close(mr["shuffle_s"], transfer, "basic: the shuffle is one 50 MB flow")
check_equal((mr["maps"], mr["reducers"], mr["data_local_maps"], mr["remote_maps"]), (2, 1, 2, 0),
            "basic: both maps read their block where they ran")
check_equal((mr["shuffle_bytes"], mr["shuffle_bytes_local"], mr["shuffle_bytes_in_rack"], mr["shuffle_bytes_cross_rack"]),
            (1e8, 5e7, 5e7, 0.0), "basic: half the shuffle on the reducer's host, half from the other host")
reduce = [t for t in tasks if t["task"] == "reduce-0"][0]
check_equal((reduce["bytes_in"], reduce["flops"]), ("50000000", "1000000000"), "basic: the reducer fetched 50 MB")
close(float(reduce["transfer_s"]), transfer, "basic: the reducer's transfer time")
check("  mapreduce     2 maps (2 data-local), 1 reducer; shuffle 95.37 MiB (0 B across racks)" in stdout,
      f"basic: the summary line\n{stdout}")

# 2. The shuffle carries every map's output after the combiner: 4 GB x 0.5 x 0.25 = 500 MB,
# whatever the number of maps and reducers; each reducer's work is its input x 5 flops.
# skew: 3 gives reducer 0 three shares and the 3 others one each: 250, 83.3, 83.3, 83.3 MB,
# so the largest over the mean (125 MB) is 2.
EIGHT = write("eight.yaml", "name: eight\nhosts:\n  - { name: h, count: 8, cores: 2, speed: 4Gf }\n"
                            "network:\n  topology: star\n  nic: { bandwidth: 10Gbps, latency: 10us }\n")
m, mr, tasks, _ = run("skewed", EIGHT, """    input: 4GB
    splits: 32
    map: { flops_per_byte: 10, output_ratio: 0.5 }
    combiner: 0.25
    reducers: 4
    skew: 3
    reduce: { flops_per_byte: 5 }
""")
close(mr["shuffle_bytes"], 4e9 * 0.5 * 0.25, "skewed: shuffle bytes = input x output ratio x combiner")
close(mr["reducer_skew"], 2.0, "skewed: reducer 0 holds twice the mean")
flops = {t["task"]: float(t["flops"]) for t in tasks if t["task"].startswith("reduce")}
close(flops["reduce-0"], 5 * 5e8 * 3 / 6, "skewed: reducer 0's work is 5 flops a byte of its 250 MB")
close(flops["reduce-1"], 5 * 5e8 / 6, "skewed: another reducer's, of 83.3 MB")
close(mr["shuffle_bytes_local"] + mr["shuffle_bytes_in_rack"] + mr["shuffle_bytes_cross_rack"], mr["shuffle_bytes"],
      "skewed: every shuffled byte counted on one kind of link")
check_equal(m["tasks"]["completed"], 36, "skewed: 32 maps and 4 reducers")

# 3. The output written 3 times: on the reducer's host, then a pipeline to a host of the other
# rack and on to a third host in that rack. The reducer's bytes_out is its output twice; on
# two racks, every pipeline crosses the core once.
RACKS = write("racks.yaml", """name: racks
hosts:
  - { name: a, count: 4, rack: r0, speed: 1Gf }
  - { name: b, count: 4, rack: r1, speed: 1Gf }
network:
  topology: racks
  nic: { bandwidth: 10Gbps, latency: 5us }
  uplink: { bandwidth: 10Gbps, latency: 10us }
""")
m, mr, tasks, _ = run("copies", RACKS, """    input: 800MB
    splits: 8
    map: { flops_per_byte: 1 }
    reducers: 2
    reduce: { flops_per_byte: 1, output_ratio: 2 }
    output: { replicas: 3 }
""")
for t in tasks:
    if t["task"].startswith("reduce"):
        output = float(t["flops"]) * 2  # its input x 2; its input x 1 flop a byte is its work
        close(float(t["bytes_out"]), 2 * output, f"copies: {t['task']} sent its output to two more hosts")
check(mr["shuffle_bytes_cross_rack"] > 0 and mr["shuffle_bytes_in_rack"] > 0,
      f"copies: maps in both racks feed each reducer ({mr})")

# 4. Locality: one copy of each block, drawn over 8 one-core hosts (some draw two). Locality
# placement reads a block where it lies whenever that host has its core free; random
# placement mostly does not.
m_loc, mr_loc, _, _ = run("local", RACKS, """    input: 800MB
    splits: 8
    replicas: 1
    map: { flops_per_byte: 10 }
    reducers: 1
""", "placement: locality")
m_rnd, mr_rnd, _, _ = run("random", RACKS, """    input: 800MB
    splits: 8
    replicas: 1
    map: { flops_per_byte: 10 }
    reducers: 1
""", "placement: random")
check(mr_loc["data_local_maps"] > mr_rnd["data_local_maps"],
      f"locality reads more blocks where they lie than random ({mr_loc['data_local_maps']} > {mr_rnd['data_local_maps']})")

finish()
