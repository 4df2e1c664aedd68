"""The promise, checked on the fuzz corpus: every input `validate` accepts runs to the end;
every input it refuses gets exit 2 and one line that starts with a location.

tests/fuzz/corpus/ holds the inputs the fuzzers kept (tools/fuzz.sh merge): mutated
platforms and scenarios that each reach code the others do not. A scenario runs as it is; a
platform runs a small scenario of tasks with data and a DAG. The memory limit is small so
that what validate accepts is quick to run.

The suite checks a fixed sample: one input in SAMPLE_ONE_IN, chosen by a hash of its name, so
the same inputs on every machine and the same ones still when the corpus grows.
NIMBUS_FUZZ_CORPUS_ALL=1 checks every input (after a long fuzz run and a merge, say).
"""
import hashlib
import os
import re
import shutil
import tempfile

from harness import check, check_equal, finish, nimbus

ROOT = os.getcwd()
CORPUS = "tests/fuzz/corpus"
LOCATED = re.compile(r"^(--set |--cfg |--out |NIMBUS_MEMORY_LIMIT=)?[^\n:]+(:[0-9]+(:[0-9]+)?)?: [^\n]+\n$")
SMALL_RUN = """name: small
platform: platform.yaml
workload:
  - { program: bag-of-tasks, tasks: 24, flops: { exponential: 2Gf }, input: 10MB, output: 1MB,
      arrival: { poisson: 10/s } }
  - program: dag
    tasks:
      - { name: split, flops: 1Gf, output: 50MB }
      - { name: map, count: 3, flops: 2Gf, output: 5MB, after: [split] }
      - { name: reduce, flops: 1Gf, after: [map] }
"""
os.environ["NIMBUS_MEMORY_LIMIT"] = "256MiB"
SAMPLE_ONE_IN = 8
EVERY_INPUT = os.environ.get("NIMBUS_FUZZ_CORPUS_ALL", "") == "1"


def sampled(name):
    """True for one name in SAMPLE_ONE_IN, always the same ones."""
    return EVERY_INPUT or int(hashlib.sha1(name.encode()).hexdigest(), 16) % SAMPLE_ONE_IN == 0


with tempfile.TemporaryDirectory() as scratch:
    # The project's layout, as the fuzzers have it: seeds' relative paths resolve.
    here = os.path.join(scratch, "a", "b")
    os.makedirs(here)
    for link, target in (("platforms", "platforms"), ("a/platforms", "platforms"),
                         ("a/b/data", "tests/bad-input/data"), ("a/b/actions", "scenarios/actions")):
        os.symlink(os.path.join(ROOT, target), os.path.join(scratch, link))
    corpus = sorted(os.path.join(CORPUS, d, f) for d in os.listdir(CORPUS) for f in os.listdir(os.path.join(CORPUS, d)))
    check(len(corpus) >= 100, f"the corpus holds inputs ({len(corpus)})")
    inputs = [source for source in corpus if sampled(os.path.relpath(source, CORPUS))]
    check(EVERY_INPUT or len(corpus) // (2 * SAMPLE_ONE_IN) <= len(inputs) < len(corpus),
          f"a sample of the corpus ({len(inputs)} of {len(corpus)})")
    accepted = refused = 0
    for n, source in enumerate(inputs):
        path = os.path.join(here, f"input-{n}.yaml")
        shutil.copyfile(source, path)
        code, out, err = nimbus("validate", path, timeout=60)
        if code == 2:
            refused += 1
            check(LOCATED.match(err) is not None, f"{source}: refused in one located line: {err!r}")
            continue
        check_equal(code, 0, f"{source}: validate exit status ({err.strip()[:200]})")
        if code != 0:
            continue
        scenario = path
        if "(platform " in out:
            # A platform: the small scenario on it is validated (its memory estimate included), then run.
            shutil.copyfile(source, os.path.join(here, "platform.yaml"))
            scenario = os.path.join(here, "small.yaml")
            with open(scenario, "w") as f:
                f.write(SMALL_RUN)
            code, out, err = nimbus("validate", scenario, timeout=60)
            if code == 2:
                refused += 1
                check(LOCATED.match(err) is not None, f"{source} under a small scenario: refused in one located line: {err!r}")
                continue
            check_equal(code, 0, f"{source} under a small scenario: validate exit status ({err.strip()[:200]})")
        accepted += 1
        out_dir = os.path.join(scratch, "out")
        shutil.rmtree(out_dir, ignore_errors=True)
        code, _, err = nimbus("run", scenario, "--out", out_dir, "-q", timeout=120)
        check(code == 0 and os.path.exists(os.path.join(out_dir, "summary.json")),
              f"{source}: validate accepted it, run must end with its results: exit {code}, {err.strip()[:300]}")
    print(f"{len(inputs)} of {len(corpus)} corpus inputs{'' if EVERY_INPUT else f' (one in {SAMPLE_ONE_IN})'}: "
          f"{accepted} accepted and run, {refused} refused")
    check(accepted > 0 and refused > 0, "the corpus holds both kinds")

finish()
