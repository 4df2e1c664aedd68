"""Every bad input gives its one-line message and exit status 2: never a crash or a hang.

The corpus is tests/bad-input/: each file's expected message is in expected-errors.txt
("file => message"). Inputs that cannot be committed as files (binary, huge, deeply nested,
missing) are made here in a temporary directory.
"""
import os
import tempfile

from harness import NIMBUS, check, check_equal, finish, nimbus

CORPUS = "tests/bad-input"
cases = 0
# The memory limit defaults to 3/4 of the machine's memory, at most 16 GiB: fixed here so
# that the messages quoting it are the same on every machine.
os.environ["NIMBUS_MEMORY_LIMIT"] = "16GiB"


def expect_error(args, message, what):
    global cases
    cases += 1
    code, out, err = nimbus(*args)
    check_equal(code, 2, f"{what}: exit status")
    check_equal(err, message + "\n", f"{what}: stderr")
    check(len(err.splitlines()) == 1, f"{what}: the error must be one line")


# The committed corpus, through `validate`.
expected = {}
with open(os.path.join(CORPUS, "expected-errors.txt")) as f:
    for line in f:
        name, message = line.rstrip("\n").split(" => ", 1)
        expected[name] = message
# Logs and instances the scenarios read live in data/: not inputs of their own.
files = sorted(n for n in os.listdir(CORPUS) if n != "expected-errors.txt" and os.path.isfile(os.path.join(CORPUS, n)))
check_equal(sorted(expected), files, "every corpus file has an expected message and vice versa")
for name in files:
    if name in expected:
        expect_error(["validate", os.path.join(CORPUS, name)], expected[name], name)

# The same errors through `describe` and `run`.
expect_error(["describe", f"{CORPUS}/wrong-unit.yaml"], expected["wrong-unit.yaml"], "describe wrong-unit")
expect_error(["run", f"{CORPUS}/scenario-unknown-key.yaml"], expected["scenario-unknown-key.yaml"], "run unknown key")

# Generated inputs.
with tempfile.TemporaryDirectory() as tmp:
    def make(name, content):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    p = make("empty.yaml", b"")
    expect_error(["validate", p], f"{p}:1:1: empty platform; expected at least a \"hosts:\" list", "empty file")
    p = make("comments.yaml", b"# nothing but a comment\n")
    expect_error(["validate", p], f"{p}:1:1: empty platform; expected at least a \"hosts:\" list", "comments only")
    p = make("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    expect_error(["validate", p], f"{p}:1:1: not a text file (YAML must be UTF-8 text)", "binary file")
    p = make("latin1.yaml", b"hosts:\n  - name: caf\xe9\n")
    expect_error(["validate", p], f"{p}:2:14: not a text file (YAML must be UTF-8 text)", "invalid UTF-8")
    p = make("huge.yaml", b"# padding\n" * (2 << 20))
    expect_error(["validate", p], f"{p}: file is 20 MiB; configuration files are limited to 16 MiB", "huge file")
    p = make("deep.yaml", b"hosts: " + b"[" * 100000)
    code, out, err = nimbus("validate", p)
    cases += 1
    check(code == 2 and "nested too deeply" in err, f"deeply nested flow: {code} {err!r}")
    p = make("deep-block.yaml", "".join(" " * i + "a:\n" for i in range(3000)).encode())
    code, out, err = nimbus("validate", p)
    cases += 1
    check(code == 2 and "nested too deeply" in err, f"deeply nested block: {code} {err!r}")
    p = make("two.yaml", b"hosts: []\n---\nhosts: []\n")
    expect_error(["validate", p], f"{p}:2:1: a second YAML document starts here; a file holds one (remove the stray line "
                                  "or \"---\")", "two documents")
    expect_error(["validate", os.path.join(tmp, "missing.yaml")], f"{tmp}/missing.yaml: no such file", "missing file")
    expect_error(["validate", tmp], f"{tmp}: is a directory, expected a YAML file", "directory")
    expect_error(["validate", os.path.join(tmp, "missing.xml")], f"{tmp}/missing.xml: no such file or not readable",
                 "missing XML file")

# The memory limit is the user's to raise, and a bad value of it is bad input too.
edges = f"{CORPUS}/scenario-dag-too-many-edges.yaml"
os.environ["NIMBUS_MEMORY_LIMIT"] = "100GiB"  # 1.6e9 dependencies need about 84 GiB
code, out, err = nimbus("validate", edges)
cases += 1
check_equal((code, out), (0, f"{edges}: ok (scenario on platform homogeneous, 64 hosts)\n"), "a raised memory limit")

# A YAML platform's hosts are counted from its groups, before SimGrid builds them: 250,000
# hosts (about 950 MB and 11 s in SimGrid) are refused at once, whether validated alone,
# under a scenario, described or run. The refusal itself stays far below the limit.
def peak_run(args):
    """Runs nimbus; returns (exit status, stderr, peak RSS in MiB of it and its children)."""
    with tempfile.TemporaryFile() as err, open(os.devnull, "wb") as null:
        pid = os.posix_spawn(NIMBUS, [NIMBUS, *args], os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        err.seek(0)
        return os.waitstatus_to_exitcode(status), err.read().decode(), usage.ru_maxrss / 1024


os.environ["NIMBUS_MEMORY_LIMIT"] = "256MiB"
with tempfile.TemporaryDirectory() as tmp:
    platform = os.path.join(tmp, "many.yaml")
    with open(platform, "w") as f:
        f.write("name: many\nhosts:\n  - { name: n, count: 250000, cores: 2, speed: 1Gf }\n")
    scenario = os.path.join(tmp, "on-many.yaml")
    with open(scenario, "w") as f:
        f.write("name: on-many\nplatform: many.yaml\nworkload:\n  - { program: bag-of-tasks, tasks: 10, flops: 1Gf }\n")
    alone = f"{platform}:3:3: hosts: 250000 hosts need about 1.493 GiB of memory; the limit is 256 MiB " \
            "(NIMBUS_MEMORY_LIMIT=64GiB raises it)"
    under = f"{scenario}:4:3: workload: needs about 1.493 GiB of memory (10 tasks, 1 jobs, 0 dependencies, 0 program " \
            "steps, 250000 hosts); the limit is 256 MiB (NIMBUS_MEMORY_LIMIT=64GiB raises it)"
    for args, message in ((["validate", platform], alone), (["describe", platform], alone),
                          (["validate", scenario], under), (["run", scenario, "-q", "--out", os.path.join(tmp, "out")], under)):
        cases += 1
        code, err, peak_mib = peak_run(args)
        check_equal((code, err), (2, message + "\n"), f"{args[0]} {os.path.basename(args[1])}: refused by the estimate")
        check(peak_mib < 256, f"{args[0]} {os.path.basename(args[1])}: refused before SimGrid builds the platform "
                              f"(peak {peak_mib:.0f} MiB)")

os.environ["NIMBUS_MEMORY_LIMIT"] = "lots"
expect_error(["validate", edges], 'NIMBUS_MEMORY_LIMIT=lots: expected a size such as "64GiB"', "a bad memory limit")
os.environ["NIMBUS_MEMORY_LIMIT"] = "16GiB"

# Seeds and overrides that used to turn silently into another value: -1 and 2^64 became
# 2^64-1, an empty --set value the default.
QUICK = "scenarios/quickstart.yaml"
for seed in ("-1", "18446744073709551616", "12abc"):
    expect_error(["run", QUICK, "--seed", seed, "-q"], f"--seed {seed}: expected a whole number from 0 to "
                 "18446744073709551615", f"--seed {seed}")
for value in ("", "  "):
    expect_error(["run", QUICK, "--set", f"seed={value}", "-q"], f"--set seed={value}: seed: needs a value after '=' "
                 "(an empty one would silently keep the default; null leaves the key out)", f"--set seed={value!r}")

# Command-line mistakes are bad input too.
for args in (["frobnicate"], ["run"], ["describe", "a.yaml", "--jsno"], []):
    code, out, err = nimbus(*args)
    cases += 1
    check_equal(code, 2, f"nimbus {' '.join(args)}: exit status")
    check(err.strip() != "", f"nimbus {' '.join(args)}: says what is wrong")

finish(cases)
