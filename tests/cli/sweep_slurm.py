"""tools/slurm/sweep.sbatch on a real SLURM: a single-node cluster on this machine (munged,
slurmctld and slurmd, Debian's slurm-wlm and munge, started here as root with a private
configuration and stopped at the end). An array of 4 tasks runs a sweep's shards, a job
that depends on it collects them, exactly as docs/sweeps.md shows, and the results equal a
local sweep's. Skipped, saying why, where such a cluster cannot start."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from harness import NIMBUS, check, check_equal, finish, nimbus
from sweep_support import metrics_by_key, read_csv, workdir, write

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo")


def skip(why):
    print(f"skipped: {why}")
    finish(0)


def have_slurm():
    return all(shutil.which(d) or os.path.exists(f"/usr/sbin/{d}") for d in DAEMONS)


def binary(name):
    return shutil.which(name) or f"/usr/sbin/{name}"


if os.getuid() != 0:
    skip("the SLURM test starts munged, slurmctld and slurmd as root; run it as root")
if not have_slurm():
    print("installing slurm-wlm and munge (Debian packages) for the SLURM test")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    try:
        for command in (["apt-get", "update", "-qq"],
                        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "slurm-wlm", "munge"]):
            subprocess.run(command, env=env, capture_output=True, timeout=900, check=True)
    except (OSError, subprocess.SubprocessError) as e:
        skip(f"cannot install slurm-wlm and munge ({e})")
    if not have_slurm():
        skip("slurm-wlm and munge installed, but their commands are missing")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


state = tempfile.mkdtemp(prefix="nimbus-slurm-")
os.chmod(state, 0o755)  # munged wants its socket's folder open to every user
host = socket.gethostname().split(".")[0]
key = os.path.join(state, "munge.key")
with open(key, "wb") as f:
    f.write(os.urandom(1024))
os.chmod(key, 0o600)
conf = os.path.join(state, "slurm.conf")
cpus = os.cpu_count() or 1
write(state, "slurm.conf", f"""ClusterName=nimbus-test
SlurmctldHost={host}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={state}/munge.socket
CredType=cred/munge
StateSaveLocation={state}/ctld
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={state}/slurmctld.pid
SlurmdPidFile={state}/slurmd.pid
SlurmctldLogFile={state}/slurmctld.log
SlurmdLogFile={state}/slurmd.log
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName={host} CPUs={cpus} State=UNKNOWN
PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP
""")
os.makedirs(os.path.join(state, "ctld"))
os.makedirs(os.path.join(state, "spool"))
env = dict(os.environ, SLURM_CONF=conf)
started = []


def start(command):
    log = open(os.path.join(state, os.path.basename(command[0]) + ".out"), "w")
    started.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT))


def stop_all():
    """Stops the daemons this test started, by their process ids, newest first."""
    for p in reversed(started):
        if p.poll() is None:
            p.terminate()
    for p in reversed(started):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def logs():
    tails = []
    for name in ("munged.out", "slurmctld.log", "slurmd.log", "slurmctld.out", "slurmd.out"):
        path = os.path.join(state, name)
        if os.path.exists(path):
            with open(path) as f:
                tails.append(f"--- {name}\n" + "".join(f.readlines()[-5:]))
    return "\n".join(tails)


def slurm(*command, timeout=60):
    return subprocess.run(list(command), env=env, capture_output=True, text=True, timeout=timeout)


def wait_until(condition, timeout_s):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


try:
    start([binary("munged"), "--force", "--foreground", f"--key-file={key}", f"--socket={state}/munge.socket",
           f"--pid-file={state}/munged.pid", f"--seed-file={state}/munged.seed", f"--log-file={state}/munged.log"])
    if not wait_until(lambda: os.path.exists(os.path.join(state, "munge.socket")), 20):
        stop_all()
        skip("munged did not start:\n" + logs())
    start([binary("slurmctld"), "-D", "-f", conf])
    start([binary("slurmd"), "-D", "-f", conf])
    idle = lambda: "idle" in slurm("sinfo", "-h", "-o", "%T").stdout
    if not wait_until(idle, 60):
        stop_all()
        skip("a single-node SLURM did not come up on this machine:\n" + logs())

    n = 0
    tmp = workdir("nimbus-sweep-slurm-")
    sweep = write(tmp, "array.yaml", """scenario: small.yaml
axes:
  scheduling.placement: [round-robin, earliest-finish]
seeds: 30
""")
    local = os.path.join(tmp, "local")
    code, _, err = nimbus("sweep", sweep, "--out", local, "-q")
    check_equal(code, 0, f"the local sweep ({err.strip()})")

    # The two commands of docs/sweeps.md: an array of shards, then a job that collects them.
    out = os.path.join(tmp, "cluster")
    task_env = f"ALL,NIMBUS={os.path.abspath(NIMBUS)}"
    array = slurm("sbatch", "--parsable", "--array=0-3", "--cpus-per-task=1", f"--export={task_env}",
                  f"--output={tmp}/task-%a.out", "tools/slurm/sweep.sbatch", sweep, out)
    n += 1
    check_equal(array.returncode, 0, f"sbatch the array ({array.stderr.strip()})")
    job = array.stdout.strip().split(";")[0]
    collect = slurm("sbatch", "--parsable", f"--dependency=afterany:{job}", f"--output={tmp}/collect.out",
                    "--wrap", f"{os.path.abspath(NIMBUS)} sweep {sweep} --out {out}")
    check_equal(collect.returncode, 0, f"sbatch the collecting job ({collect.stderr.strip()})")
    done = wait_until(lambda: slurm("squeue", "-h").stdout.strip() == "", 600)
    check(done, "the jobs ended within 10 minutes")

    n += 1
    for i in range(4):
        with open(os.path.join(tmp, f"task-{i}.out")) as f:
            text = f.read()
        check(f"shard {i}/4 done" in text, f"array task {i} ran shard {i}/4: {text[-300:]!r}")
    check_equal(sorted(os.listdir(os.path.join(out, "shards"))), [f"shard-{i}-of-4.sqlite" for i in range(4)],
                "a database per shard")
    with open(os.path.join(tmp, "collect.out")) as f:
        text = f.read()
    check("60 runs; 0 to run" in text and "results in" in text, f"the collecting job ran nothing again: {text[-300:]!r}")
    factors = ["scheduling.placement"]
    check(metrics_by_key(read_csv(os.path.join(out, "results.csv")), factors) ==
          metrics_by_key(read_csv(os.path.join(local, "results.csv")), factors),
          "the cluster's results equal the local sweep's")
    with open(os.path.join(out, "summary.csv")) as a, open(os.path.join(local, "summary.csv")) as b:
        check_equal(a.read(), b.read(), "summary.csv byte for byte")
finally:
    stop_all()
finish(n)
