"""`nimbus describe --json` on two-racks, checked field by field against its YAML.

platforms/two-racks.yaml: 16 `fast` hosts in r0 (8 cores, 4 Gf), 16 `old` hosts in r1
(8 cores, uniform 1-2 Gf), 10 Gbps / 5 us NICs, 40 Gbps / 10 us rack uplinks.
"""
import json

from harness import check, check_equal, finish, nimbus

code, out, err = nimbus("describe", "--json", "platforms/two-racks.yaml")
check_equal(code, 0, "exit status")
d = json.loads(out)
n = 0


def field(actual, expected, what, tolerance=1e-9):
    global n
    n += 1
    if isinstance(expected, float):
        check(abs(actual - expected) <= tolerance * max(1.0, abs(expected)), f"{what}: expected {expected}, got {actual}")
    else:
        check_equal(actual, expected, what)


GBPS = 1e9 / 8  # bytes per second in one gigabit per second
field(d["name"], "two-racks", "name")
field(d["topology"], "racks", "topology")
field(d["hosts"], 32, "hosts")
field(d["cores"], 32 * 8, "cores")
field(d["energy"], True, "energy model on (power figures given)")

fast, old = d["groups"]
field(fast["name"], "fast", "group 0")
field(fast["rack"], "r0", "fast rack")
field(fast["hosts"], 16, "fast hosts")
field(fast["cores_per_host"], 8, "fast cores")
field(fast["total_flops"], 16 * 8 * 4e9, "fast flop/s")
field(fast["speed_stats"]["cv"], 0.0, "fast is homogeneous")
field(old["name"], "old", "group 1")
field(old["failing_hosts"], 16, "every old host fails")
field(old["failures"], "mtbf exponential(mean 30 d), mttr exponential(mean 2 h)", "old failures")
n += 2
check(1e9 <= old["speed_stats"]["min_flops"] <= old["speed_stats"]["max_flops"] < 2e9, "old speeds in [1, 2) Gf")
check(old["speed_stats"]["cv"] > 0, "old speeds differ")
# Totals are sums over hosts: the platform's must be the groups' sum, and match the host list.
field(d["total_flops"], fast["total_flops"] + old["total_flops"], "total flop/s", 1e-12)
field(sum(h["speed_flops"] * h["cores"] for h in d["host_list"]), d["total_flops"], "host list sum", 1e-12)
field(len(d["host_list"]), 32, "host list length")
field(d["host_list"][16]["name"], "old-0", "host 16")

# Heterogeneity over all 32 hosts: 16 at 4 Gf and 16 in [1, 2) Gf.
h = d["heterogeneity"]
field(h["max_flops"], 4e9, "fastest core")
field(h["min_flops"], old["speed_stats"]["min_flops"], "slowest core")
field(h["mean_flops"], (16 * 4e9 + 16 * old["speed_stats"]["mean_flops"]) / 32, "mean core speed", 1e-12)

for rack, name in zip(d["racks"], ["r0", "r1"]):
    field(rack["name"], name, "rack name")
    field(rack["hosts"], 16, f"{name} hosts")
    field(rack["nic_total_Bps"], 16 * 10 * GBPS, f"{name} host links")
    field(rack["uplink_Bps"], 40 * GBPS, f"{name} uplink")
    field(rack["oversubscription"], 4.0, f"{name} oversubscription 16 x 10 / 40")

inside, across = d["routes"]
field([l["name"] for l in inside["links"]], ["fast-0-nic_UP", "fast-1-nic_DOWN"], "route inside r0")
field(inside["latency_s"], 10e-6, "latency inside r0: 2 x 5 us")
field([l["name"] for l in across["links"]], ["fast-0-nic_UP", "r0-uplink_UP", "r1-uplink_DOWN", "old-0-nic_DOWN"],
      "route r0 -> r1")
field(across["bottleneck_Bps"], 10 * GBPS, "one flow's bottleneck: its NIC")
field(across["latency_s"], 30e-6, "latency across: 5 + 10 + 10 + 5 us")

finish(n)
