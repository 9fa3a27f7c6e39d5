"""Fixtures for driving a real paced with clients Pace did not write (the Python varlink package)."""

import os
import signal
import socket
import subprocess
import tempfile
import time

import pytest


def _bin_dir():
    explicit = os.environ.get("PACE_BIN_DIR")
    if explicit:
        return explicit
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return subprocess.check_output(["swift", "build", "--show-bin-path"], cwd=root, text=True).strip()


class Daemon:
    """A paced in a private XDG environment, its clock at 16:00 UTC today: no test depends on the time of day (the
    pacing day began at 04:00, the morning check-in prompt's window has closed, quiet hours are far); stopped by pid."""

    def __init__(self, root):
        self.root = root
        self.runtime = os.path.join(root, "runtime")
        os.makedirs(self.runtime, mode=0o700)
        # The daemon's test clock (PACE_TEST_HOOKS): its wall clock runs this many milliseconds ahead of the machine's.
        now_ms = time.time_ns() // 1_000_000
        self.offset_ms = now_ms // 86_400_000 * 86_400_000 + 16 * 3_600_000 - now_ms
        clock_file = os.path.join(root, "clock-offset")
        with open(clock_file, "w") as offset:
            offset.write(f"{self.offset_ms}\n")
        self.socket_path = os.path.join(self.runtime, "pace", "pace.sock")
        self.address = "unix:" + self.socket_path
        self.env = {
            "HOME": os.path.join(root, "home"),
            "XDG_RUNTIME_DIR": self.runtime,
            "XDG_STATE_HOME": os.path.join(root, "state"),
            "XDG_CONFIG_HOME": os.path.join(root, "config"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
            "PACE_TEST_HOOKS": "1",
            "PACE_TEST_CLOCK_OFFSET_FILE": clock_file,
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [os.path.join(_bin_dir(), "paced")], env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("paced exited: " + self.process.stderr.read().decode())
            try:
                with socket.socket(socket.AF_UNIX) as probe:
                    probe.connect(self.socket_path)
                return
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("paced did not start listening")

    def minutes_ago(self, minutes):
        """The daemon's now less `minutes`, in RFC 3339."""
        import datetime
        moment = datetime.datetime.fromtimestamp(
            (time.time_ns() // 1_000_000 + self.offset_ms) / 1000, datetime.timezone.utc)
        return (moment - datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode if self.process else None


@pytest.fixture
def daemon():
    with tempfile.TemporaryDirectory(prefix="pace-interop-", dir="/tmp") as root:
        running = Daemon(root)
        running.start()
        try:
            yield running
        finally:
            assert running.stop() == 0
