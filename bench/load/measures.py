"""wrk against one URL, and what the table shows of it."""

import contextlib
import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.load.common import PYTHON, ROOT, WRK_SCRIPT, WRK_TIMEOUT, BenchError, fetch, load_average
from bench.load.processes import cpu_seconds, stop_group


class Wrk:
    def __init__(self, workdir):
        self.script = Path(workdir) / "report.lua"
        self.script.write_text(WRK_SCRIPT)

    def run(self, url, connections, seconds):
        threads = max(1, min(connections, os.cpu_count() or 1))
        command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", WRK_TIMEOUT, "-s", str(self.script), url]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if line.startswith("WRK_JSON "):
                return json.loads(line.removeprefix("WRK_JSON "))
        raise BenchError(f"wrk n’a pas rendu de résultat :\n{result.stdout}\n{result.stderr}")


def warm_up(url, requests=12):
    """Sequential GETs (no backlog left behind, unlike a short wrk run): every gunicorn process
    has loaded its templates, the caches are filled. The last response's headers."""
    headers = {}
    for _ in range(requests):
        status, headers, _ = fetch(url, timeout=60)
        if status != 200:
            raise BenchError(f"{url} répond HTTP {status} au lieu de 200")
    return headers


def measure(wrk, measure, url, cpu_pids=None):
    """Run wrk against `url` and fill in `measure`; CPU time of `cpu_pids()` per request."""
    pids = cpu_pids() if cpu_pids else []
    cpu_before = cpu_seconds(pids)
    measure.load_before = load_average()
    report = wrk.run(url, measure.connections, measure.seconds)
    measure.load_after = load_average()
    cpu_after = cpu_seconds(pids)
    fill(measure, report)
    if cpu_pids and measure.requests:
        spent = sum(cpu_after.get(pid, 0) - cpu_before.get(pid, 0) for pid in pids)
        measure.cpu_ms_per_request = round(spent * 1000 / measure.requests, 2)
    return measure


def fill(measure, report):
    measure.requests = report["requests"]
    measure.rps = round(report["requests"] / (report["duration_us"] / 1e6), 1)
    measure.p50_ms = round(report["p50_us"] / 1000, 2)
    measure.p99_ms = round(report["p99_us"] / 1000, 2)
    measure.max_ms = round(report["max_us"] / 1000, 2)
    measure.non2xx = report["non2xx"]
    measure.socket_errors = sum(report[key] for key in ("connect", "read", "write", "timeout"))


def django_side(env, *arguments, timeout=None):
    """Run bench/editor.py with the stack's environment; its JSON answer."""
    result = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "editor.py"), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        raise BenchError(f"bench/editor.py {arguments[0]} a échoué :\n{result.stderr[-3000:]}")
    return json.loads(lines[-1])


@contextlib.contextmanager
def publisher(env, url, path, every, seconds):
    """The editor publishing in the background; yields a function that waits for its report."""
    command = [PYTHON, str(ROOT / "bench" / "editor.py"), "publish", "--url", url]
    command += ["--path", path, "--every", str(every), "--duration", str(seconds)]
    output = tempfile.TemporaryFile(mode="w+")
    errors = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=output, stderr=errors, start_new_session=True
    )

    def report():
        process.wait(timeout=seconds + 120)
        output.seek(0)
        errors.seek(0)
        lines = [line for line in output.read().splitlines() if line.startswith("{")]
        if process.returncode or not lines:
            raise BenchError(f"l’éditeur (bench/editor.py) a échoué :\n{errors.read()[-3000:]}")
        return json.loads(lines[-1])["publications"]

    try:
        yield report
    finally:
        stop_group(process, grace=5)
        output.close()
        errors.close()
