#!/usr/bin/env python3
"""Whether two output files are the same up to the last digits of their numbers.

    /usr/bin/python3 tools/same_numbers.py A B [--rel 1e-12]

Splits both files into words and numbers; exits 0 if they have the same words in the same
places and numbers that differ by at most --rel relative (or 1e-300 absolute), printing the
largest difference; else exits 1 naming the first difference. tools/simgrid_versions.sh uses
it where SimGrid releases round the same computation differently (a network transfer's end
in the last bit or two), which a byte comparison would call a different result.
"""
import argparse
import re
import sys

TOKEN = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[^\s\d.+-]+|[\s\S]")


def tokens(path):
    with open(path) as f:
        return TOKEN.findall(f.read())


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--rel", type=float, default=1e-12)
    args = parser.parse_args()
    a, b = tokens(args.a), tokens(args.b)
    if len(a) != len(b):
        print(f"{args.b}: {len(b)} words and numbers against {len(a)}")
        return 1
    worst = 0.0
    for k, (x, y) in enumerate(zip(a, b)):
        if x == y:
            continue
        u, v = number(x), number(y)
        if u is None or v is None:
            print(f"{args.b}: \"{y}\" where the reference has \"{x}\" (word {k})")
            return 1
        rel = abs(u - v) / max(abs(u), abs(v), 1e-300)
        if rel > args.rel:
            print(f"{args.b}: {y} where the reference has {x} (relative difference {rel:.3g})")
            return 1
        worst = max(worst, rel)
    print(f"equal to a relative {worst:.2g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
