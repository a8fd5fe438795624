"""Processes started in their own group, stopped with all their children; their CPU time."""

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from bench.load.common import ROOT, BenchError, fetch


def wait_until_ok(url, process, name, logfile, timeout, fetch_timeout=10):
    """Poll url until it answers 200 (returned); fail if `process` dies, another status comes or
    `timeout` seconds pass, showing the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"{name} s’est arrêté :\n{tail(logfile)}")
        with contextlib.suppress(OSError):
            status, _, _ = fetch(url, timeout=fetch_timeout)
            if status == 200:
                return url
            raise BenchError(f"{url} ({name}) répond HTTP {status} au lieu de 200")
        time.sleep(0.3)
    raise BenchError(f"{url} ({name}) ne répond pas après {timeout} s :\n{tail(logfile)}")


def start_group(command, env, logfile):
    """A process in its own process group, output to `logfile`: stopped with all its children."""
    with open(logfile, "ab") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_group(process, grace=15, first_signal=signal.SIGTERM):
    """Stop the process and its whole group: `first_signal`, then SIGKILL after `grace` s."""
    if process is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    # The group may outlive its leader (gunicorn workers finishing a request).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def children():
    """{parent pid: [child pids]} from /proc."""
    tree = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid, tree=None):
    tree = children() if tree is None else tree
    result = []
    for child in tree.get(pid, []):
        result += [child, *descendants(child, tree)]
    return result


def cpu_seconds(pids):
    """{pid: user + system CPU seconds} from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    result = {}
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            result[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return result


def cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
