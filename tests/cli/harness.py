"""Runs the real `nimbus` binary; shared by the command-line tests.

Each test script takes the binary's path as its only argument and is run by ctest from the
project root. Failures are collected and printed, the exit status is the verdict.
"""
import csv
import json
import os
import subprocess
import sys

NIMBUS = sys.argv[1] if len(sys.argv) > 1 else "build/nimbus"
_failures = []
_checks = 0


# Seconds one run may take; sanitizer builds (actors as threads) set more.
TIMEOUT = float(os.environ.get("NIMBUS_TEST_TIMEOUT", "120"))


def nimbus(*args, timeout=None):
    """Runs nimbus with args; returns (exit code, stdout, stderr)."""
    done = subprocess.run([NIMBUS, *args], capture_output=True, text=True, timeout=timeout or TIMEOUT)
    return done.returncode, done.stdout, done.stderr


def read_outputs(out_dir):
    """A run directory's summary.json, jobs.csv, tasks.csv and hosts.csv."""
    with open(os.path.join(out_dir, "summary.json")) as f:
        summary = json.load(f)
    tables = []
    for name in ("jobs.csv", "tasks.csv", "hosts.csv"):
        with open(os.path.join(out_dir, name)) as f:
            tables.append(list(csv.DictReader(f)))
    return (summary, *tables)


def check(condition, what):
    global _checks
    _checks += 1
    if not condition:
        _failures.append(what)
        print("FAIL:", what)


def check_equal(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def finish(count=None):
    """Prints the closing line ctest logs keep, and exits with the verdict. `count` defaults
    to the checks made."""
    count = _checks if count is None else count
    print(f"{count - len(_failures)} passed, {len(_failures)} failed")
    sys.exit(1 if _failures else 0)
