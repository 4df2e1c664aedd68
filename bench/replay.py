#!/usr/bin/env python3
"""Benchmark: `nimbus run` replaying a time-independent trace against bench/raw_replay, a
replayer written directly against SimGrid, on the same trace and the same star of one-core
hosts (1 Gf, 10 Gbps NICs, 10 us).

The trace: R ranks in a ring; each iteration a rank computes 1 Mf, posts a 10 kB message to
the next rank and a receive from the previous, and waits for both; every 100 iterations a
barrier. Prints wall seconds, peak memory and the ratio nimbus / raw, and checks that both
end at the same simulated time.

    /usr/bin/python3 bench/replay.py [--operations 1000000] [--ranks 16] [--build build]
"""
import argparse
import json
import os
import subprocess
import tempfile


def measure(command):
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True, check=True)
    wall, rss_kib = done.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kib) / 1024, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build")
    parser.add_argument("--operations", type=int, default=1_000_000)
    parser.add_argument("--ranks", type=int, default=16)
    args = parser.parse_args()
    ranks = args.ranks
    iterations = args.operations // (ranks * 4)
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "ring.txt")
        with open(trace, "w") as f:
            for i in range(iterations):
                for r in range(ranks):
                    f.write(f"{r} compute 1e6\n{r} Isend {(r + 1) % ranks} 1e4\n{r} Irecv {(r - 1) % ranks} 1e4\n{r} waitall\n")
                if i % 100 == 99:
                    for r in range(ranks):
                        f.write(f"{r} barrier\n")
        with open(trace) as f:
            operations = sum(1 for _ in f)
        platform = os.path.join(tmp, "p.yaml")
        with open(platform, "w") as f:
            f.write(f"hosts:\n  - {{ name: h, count: {ranks}, speed: 1Gf }}\n"
                    "network:\n  topology: star\n  nic: { bandwidth: 10Gbps, latency: 10us }\n")
        scenario = os.path.join(tmp, "s.yaml")
        with open(scenario, "w") as f:
            f.write(f"name: replay\nplatform: {platform}\nworkload:\n  - program: replay\n    actions: {trace}\n"
                    "scheduling: { placement: spread }\n")
        out = os.path.join(tmp, "out")
        n_wall, n_rss, _ = measure([os.path.join(args.build, "nimbus"), "run", scenario, "-q", "--out", out])
        with open(os.path.join(out, "summary.json")) as f:
            n_end = json.load(f)["metrics"]["makespan"]
        r_wall, r_rss, r_out = measure([os.path.join(args.build, "bench", "raw_replay"), trace, str(ranks)])
        r_end = float(r_out.split()[1])
        print("| operations | ranks | nimbus s | raw s | nimbus/raw | nimbus MiB | raw MiB | same end |")
        print("|---:|---:|---:|---:|---:|---:|---:|---|")
        print(f"| {operations:,} | {ranks} | {n_wall:.2f} | {r_wall:.2f} | {n_wall / max(r_wall, 0.01):.2f} | "
              f"{n_rss:.0f} | {r_rss:.0f} | {'yes' if abs(n_end - r_end) <= 1e-6 * r_end else f'no: {n_end} vs {r_end}'} |")


if __name__ == "__main__":
    main()
