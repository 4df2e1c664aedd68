"""tools/plot_run.py draws a real run: the image exists, is a PNG, and is not blank."""
import os
import subprocess
import tempfile

from harness import check, check_equal, finish, nimbus

tmp = tempfile.mkdtemp(prefix="nimbus-plots-")
out = os.path.join(tmp, "workflow")
code, _, err = nimbus("run", "scenarios/workflow.yaml", "--out", out, "-q")
check_equal(code, 0, f"run the workflow scenario ({err.strip()})")
done = subprocess.run(["/usr/bin/python3", "tools/plot_run.py", out], capture_output=True, text=True, timeout=120)
check_equal(done.returncode, 0, f"plot_run.py exit status ({done.stderr.strip()[-300:]})")
png = os.path.join(out, "run.png")
check(os.path.exists(png), "run.png written")
if os.path.exists(png):
    with open(png, "rb") as f:
        data = f.read()
    check(data.startswith(b"\x89PNG\r\n\x1a\n"), "a PNG file")
    check(len(data) > 20000, f"with something drawn ({len(data)} bytes)")
finish(4)
