"""program: graph through the real `nimbus run`: supersteps and messages from the algorithm run
on the graph, edge cuts, combining, bytes kept off the network by colocation, and the times
of supersteps, each worked out by hand.

Hosts of 1 Gf; a star of 8 Gbps (1 GB/s) NICs with 10 us latency, so that a message of m
bytes between two hosts takes, under SimGrid's default model (LV08: latency x 13.01,
bandwidth x 0.97) without cross-traffic, 13.01 x 20 us + m / 0.97e9 s.
"""
import csv
import json
import os
import tempfile

from harness import check, check_equal, finish, nimbus

tmp = tempfile.mkdtemp(prefix="nimbus-graph-")
KARATE = os.path.abspath("tests/data/graphs/karate.txt")


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


PLATFORM = write("star.yaml", """name: star
hosts:
  - { name: h, count: 4, speed: 1Gf, cores: 2 }
network:
  topology: star
  nic: { bandwidth: 8Gbps, latency: 10us }
""")


def run(name, item, extra="", expect=0):
    """Runs a scenario of one graph program; returns (metrics.graph.graph0, metrics, ranks rows)."""
    path = write(name + ".yaml", f"name: {name}\nplatform: {PLATFORM}\n{extra}workload:\n  - program: graph\n{item}")
    out = os.path.join(tmp, "out-" + name)
    code, _, stderr = nimbus("run", path, "--out", out, "-q")
    check_equal(code, expect, f"{name}: exit status ({stderr.strip()})")
    if code != 0:
        return {}, {}, []
    with open(os.path.join(out, "summary.json")) as f:
        metrics = json.load(f)["metrics"]
    with open(os.path.join(out, "ranks.csv")) as f:
        ranks = list(csv.DictReader(f))
    return metrics["graph"].get("graph0", {}), metrics, ranks


def close(actual, expected, what, tol=1e-9):
    check(abs(float(actual) - expected) <= tol * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")


def msg(m):
    return 13.01 * 20e-6 + m / 0.97e9


def edge_list(name, pairs):
    return write(name, "# made by graph_programs.py\n" + "".join(f"{a}\t{b}\n" for a, b in pairs))


RING12 = edge_list("ring12.txt", [(v, (v + 1) % 12) for v in range(12)])

# 1. The example: SSSP on a 12 x 12 grid from corner 0, 8 workers by hash. The far
# corner is 22 edges away: superstep 0 the source sends, superstep d the vertices at depth d
# improve and send, superstep 23 improves none: 24 supersteps. Each vertex improves once and
# sends along all its edges: 2 x 264 = 528 vertex messages. Hash puts v on v mod 8; its
# neighbours v +- 1 and v +- 12 are on workers v +- 1 and v +- 4 mod 8, never its own: all 264
# edges are cut, and the four neighbours a vertex hears from are on four workers, so combining
# merges nothing: 528 messages between workers, 528 x 16 B.
g, _, ranks = run("grid-sssp", "    generate: { model: grid, vertices: 144, seed: 1 }\n    algorithm: sssp\n    source: 0\n"
                                "    workers: 8\n    partition: hash\n    mode: pregel\n    combine: true\n")
if g:
    check_equal(g["supersteps"], 24, "grid sssp: supersteps = BFS depth 22 + 2")
    check_equal((g["vertices"], g["edges"]), (144, 264), "grid: 144 vertices, 2 x 12 x 11 edges")
    check_equal(g["vertex_messages"], 528, "grid sssp: every vertex sends along its edges once")
    check_equal(g["edge_cut"], 264, "grid by hash mod 8: every edge cut")
    check_equal(g["messages"], 528, "grid sssp: nothing to combine")
    check_equal(g["bytes"], 528 * 16, "16 B a message")
    check_equal(g["replication_factor"], None, "a vertex partition has no replicas")
    check_equal(len(ranks), 8, "8 workers, a row each in ranks.csv")
    check_equal(sum(float(r["bytes_sent"]) for r in ranks), 528 * 16, "ranks.csv: the same bytes sent")

# 2. Zachary's karate club, SSSP from member 1: supersteps = its breadth-first depth + 2,
# the depth found here by a plain breadth-first search of the file.
adjacency = {}
with open(KARATE) as f:
    for line in f:
        if line.startswith("#"):
            continue
        a, b = map(int, line.split())
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
depth, frontier = {1: 0}, [1]
while frontier:
    reached = []
    for v in frontier:
        for n in adjacency[v]:
            if n not in depth:
                depth[n] = depth[v] + 1
                reached.append(n)
    frontier = reached
check_equal(len(depth), 34, "the karate club is connected")
g, _, _ = run("karate-sssp", f"    edge_list: {KARATE}\n    algorithm: sssp\n    source: 1\n    workers: 4\n")
if g:
    check_equal((g["vertices"], g["edges"]), (34, 78), "karate: 34 members, 78 friendships")
    check_equal(g["supersteps"], max(depth.values()) + 2, "karate sssp: BFS depth from member 1, + 2")
    check_equal(g["vertex_messages"], 2 * 78, "karate sssp: every member sends along its edges once")
g, _, _ = run("karate-components", f"    edge_list: {KARATE}\n    algorithm: connected-components\n"
                                    "    workers: 4\n    partition: greedy-vertex-cut\n")
if g:
    check_equal(g["edge_cut"], None, "a vertex cut has no edge cut")
    check(1 <= g["replication_factor"] <= 4, f"replicas per vertex between 1 and 4: {g['replication_factor']}")

# 3. PageRank by hand: 1 -> 2, 2 -> 3, 3 -> 1, 3 -> 4 on 2 workers by hash (id mod 2: 2 and 4
# on worker 0, 1 and 3 on worker 1). 3 iterations: supersteps 0, 1, 2 send, superstep 3 only
# sums: 4 supersteps, 3 x 4 vertex messages. Of the 4 edges, 3 -> 1 stays on worker 1; the
# other 3 cross (1 -> 2 and 3 -> 4 from worker 1, 2 -> 3 from worker 0): 9 messages, 3 a
# superstep, none combined (worker 1 sends to 2 and to 4, two targets).
tiny = edge_list("tiny.txt", [(1, 2), (2, 3), (3, 1), (3, 4)])
item = f"    edge_list: {tiny}\n    directed: true\n    algorithm: pagerank\n    iterations: 3\n    workers: 2\n"
g, _, ranks = run("tiny-pagerank", item)
if g:
    check_equal(g["supersteps"], 4, "pagerank: iterations + 1 supersteps")
    check_equal(g["vertex_messages"], 12, "pagerank: iterations x edges")
    check_equal(g["edge_cut"], 3, "tiny graph: 3 of 4 edges cut")
    check_equal(g["messages"], 9, "tiny graph: 3 cut edges x 3 supersteps")
    sent = {r["rank"]: float(r["bytes_sent"]) for r in ranks}
    check_equal(sent, {"0": 3 * 16.0, "1": 6 * 16.0}, "worker 0 sends 1 message a superstep, worker 1 two")

# 3b. Its time: 1 Gf per vertex and none per edge, messages of 1 MB, the two workers on two
# hosts. Superstep 0: each worker computes its two vertices (2 s), then worker 0 sends 1 MB
# and worker 1 2 MB at once, on separate links: the superstep ends with the longer transfer.
# Superstep 1 (1 iteration): 2 s, no message. Makespan 4 + msg(2 MB).
g, m, _ = run("tiny-time", f"    edge_list: {tiny}\n    directed: true\n    algorithm: pagerank\n    iterations: 1\n"
                           "    hosts: [h-0, h-1]\n    flops_per_vertex: 1Gf\n    flops_per_edge: 0\n    message_bytes: 1MB\n",
              "simgrid: { network/crosstraffic: 0 }\n")
if m:
    close(m["makespan"], 4 + msg(2e6), "pagerank superstep time: 2 s computing, then the 2 MB message")

# 4. Edge cut of hash on a ring of 12 over 4 workers: v and v + 1 are never on one worker,
# nor 11 and 0: all 12 cut. By range (blocks of 3), only the 4 block boundaries.
for partition, cut in (("hash", 12), ("range", 4)):
    g, _, _ = run(f"ring-{partition}", f"    edge_list: {RING12}\n    algorithm: pagerank\n    iterations: 2\n"
                                       f"    workers: 4\n    partition: {partition}\n")
    if g:
        check_equal(g["edge_cut"], cut, f"ring of 12, {partition} on 4 workers: edge cut")
        # Every vertex sends to both neighbours in supersteps 0 and 1: 2 x 24 vertex messages,
        # those along cut edges (both ways) cross: 2 x 2 x cut.
        check_equal(g["vertex_messages"], 48, f"ring {partition}: 2 iterations x 24 edge ends")
        check_equal(g["messages"], 4 * cut, f"ring {partition}: 2 iterations x both ways x cut edges")

# 5. Combining: the ring on 2 workers by hash (evens, odds). Vertex v hears from v - 1 and
# v + 1, both on the other worker: without a combiner 24 messages a superstep, with one 12.
for combine, messages in (("false", 48), ("true", 24)):
    g, _, _ = run(f"ring-combine-{combine}", f"    edge_list: {RING12}\n    algorithm: pagerank\n    iterations: 2\n"
                                             f"    workers: 2\n    combine: {combine}\n")
    if g:
        check_equal(g["messages"], messages, f"ring on 2 workers, combine {combine}: messages")

# 6. Colocation moves bytes off the network. The ring of 12, 2 iterations, 4 workers on hosts
# of 2 cores. Spread puts each worker on its own host: every message between workers crosses
# the network, hash 2 x 24 x 16 = 768 B, range 2 x 8 x 16 = 256 B. Pack puts workers 0, 1 on
# h-0 and 2, 3 on h-1: only messages between the two pairs cross. Hash cuts 3 edges between
# each pair of consecutive workers (0-1, 1-2, 2-3, 3-0): 1-2 and 3-0 cross hosts, 6 edges,
# 2 x 12 x 16 = 384 B. Range cuts one edge between consecutive blocks: 1-2 and 3-0 cross
# hosts, 2 edges, 2 x 4 x 16 = 128 B.
for partition, placement, network in (("hash", "spread", 768), ("hash", "pack", 384), ("range", "spread", 256),
                                      ("range", "pack", 128)):
    g, _, ranks = run(f"colocation-{partition}-{placement}",
                      f"    edge_list: {RING12}\n    algorithm: pagerank\n    iterations: 2\n    workers: 4\n"
                      f"    partition: {partition}\n", f"scheduling: {{ placement: {placement} }}\n")
    if g:
        hosts = [r["host"] for r in sorted(ranks, key=lambda r: int(r["rank"]))]
        expected_hosts = ["h-0", "h-1", "h-2", "h-3"] if placement == "spread" else ["h-0", "h-0", "h-1", "h-1"]
        check_equal(hosts, expected_hosts, f"{placement}: workers' hosts")
        check_equal(g["network_bytes"], network, f"{partition}, {placement}: bytes between hosts")
        check_equal(g["bytes"], 768 if partition == "hash" else 256, f"{partition}: bytes between workers")

# 7. Async: SSSP on the 12 x 12 grid in 3 row ranges. Each worker floods its 4 rows in one
# round: worker 0 in round 0, 1 in round 1, 2 in round 2; the updates sent back (row 4 to 3,
# row 8 to 7) improve nothing and are taken in rounds 2 and 3: 4 rounds against Pregel's 24
# supersteps, 12 updates across each of the 2 boundaries each way: 48 messages. Async updates
# each vertex once. Pregel computes all 144 in superstep 0, then each vertex when its distance
# arrives (143) and again two supersteps later, when its deeper neighbours send theirs (all
# but the far corner, 143; a grid has no edge within a depth): 430.
grid3 = "    generate: { model: grid, vertices: 144 }\n    algorithm: sssp\n    workers: 3\n    partition: range\n"
pregel, pm, _ = run("grid-pregel", grid3 + "    mode: pregel\n")
asynchronous, am, _ = run("grid-async", grid3 + "    mode: async\n")
if pregel and asynchronous:
    check_equal(pregel["supersteps"], 24, "pregel: 24 supersteps")
    check_equal(asynchronous["supersteps"], 4, "async: 4 rounds")
    check_equal(asynchronous["messages"], 48, "async: 12 updates across each boundary each way")
    check_equal(pregel["messages"], 48, "pregel: the same 24 cut edges, both ways")
    check_equal(asynchronous["vertex_updates"], 144, "async: each vertex updated once")
    check_equal(pregel["vertex_updates"], 144 + 143 + 143, "pregel: all in superstep 0, then twice each but two")
    check(am["makespan"] < pm["makespan"] / 3, f"async ends sooner: {am['makespan']} against {pm['makespan']}")

# 8. The same inputs give the same outputs, the greedy cut's random edge order included.
first = run("determinism", "    generate: { model: power-law, vertices: 500, edges: 2000, seed: 4 }\n"
                           "    algorithm: connected-components\n    workers: 4\n    partition: greedy-vertex-cut\n")
second = run("determinism", "    generate: { model: power-law, vertices: 500, edges: 2000, seed: 4 }\n"
                            "    algorithm: connected-components\n    workers: 4\n    partition: greedy-vertex-cut\n")
check(first[0] and first == second, "two runs: the same metrics.graph and ranks.csv")

finish()
