"""`make run`'s last step for real: serve_all starts web, worker and beat through honcho on the
embedded default (SQLite, filesystem broker), prints the demo login, and one Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_deployment import ROOT

WAIT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _descendants(pid: int) -> dict[int, str]:
    """Every process below `pid`: its id and command line."""
    found: dict[int, str] = {}
    parents = {pid}
    for _ in range(4):  # honcho -> shell -> command, with room to spare
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in parents:
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, IndexError, ValueError):
                continue
            if ppid in parents:
                parents.add(int(entry.name))
                found[int(entry.name)] = command
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").exists(), reason="reads the process table from /proc")
def test_serve_all_runs_web_worker_and_beat_and_one_ctrl_c_stops_them_all(tmp_path):
    port = _free_port()
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(DEBUG="1", VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="mentorship.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--no-input"], env=env, cwd=ROOT, check=True, capture_output=True
    )
    server = subprocess.Popen(
        [*manage, "serve_all", "--addr", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                    assert reply.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "the web server did not answer"
                time.sleep(0.5)
        processes = _descendants(server.pid)
        running = " | ".join(processes.values())
        assert "runserver" in running, running
        assert " worker" in running, running
        assert " beat" in running, running

        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        output = server.stdout.read()
        assert f"The site is at http://127.0.0.1:{port}/" in output
        assert "Coordinator login:" in output
        time.sleep(1)
        left = [processes[pid] for pid in processes if _alive(pid)]
        assert left == [], "these outlived Ctrl-C"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
