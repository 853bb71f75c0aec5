"""Login under load (not a test): concurrent staff signing in and working, against a real HTTP server.

    .venv/bin/python bench/login.py [--users 30] [--seconds 100] [--pages 10] [--think 1.0] [--ramp 10]
        [--server serve|runserver]

Builds a fresh SQLite demo database (or uses DATABASE_URL), starts Wijkregie under its production server
(`wijkregie serve`: gunicorn, workers and threads from the environment) or Django's `runserver` on
127.0.0.1, and runs `--users` virtual users in threads for `--seconds`. Each starts at a random moment in
the first `--ramp` seconds, signs in (GET and POST of the login page), opens `--pages` pages (Mijn
werkvoorraad and the task list in turn) with about `--think` seconds between them, signs out and starts
again. `--ramp 0 --think 0` is the worst case: every user signs in at the same moment, over and over.
Prints p50/p95/max per kind of request, the logins per second and the server's CPU time per login. Login
throttling stays on, as in production; two-factor is off (the code check costs nothing next to the hash).
"""

import argparse
import functools
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
USERS = ["anna", "otto", "teun", "bo", "sanne", "zoe"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=100)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--ramp", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--server",
        choices=["serve", "runserver"],
        default="serve",
        help="serve: the production server (gunicorn, WIJKREGIE_WEB_WORKERS); runserver: Django's",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="wijkregie-login-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkregie.conf.dev",
        "WIJKREGIE_VAR_DIR": str(workdir),
        "WIJKREGIE_REQUIRE_2FA": "false",
        "DJANGO_DEBUG": "false",
        "WIJKREGIE_SSL_REDIRECT": "false",
        "WIJKREGIE_SECURE_COOKIES": "false",
        "WIJKREGIE_LOG_LEVEL": "WARNING",
    }
    try:
        run(args, workdir, env)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path, env: dict[str, str]) -> None:
    wijkregie = str(BIN / "wijkregie")
    subprocess.run([wijkregie, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run([wijkregie, "demo", "--households", "200"], env=env, check=True, capture_output=True)
    command = (
        [wijkregie, "serve"]
        if args.server == "serve"
        else [wijkregie, "runserver", "--noreload", f"127.0.0.1:{args.port}"]
    )
    server = subprocess.Popen(
        command,
        env={**env, "WIJKREGIE_BIND": f"127.0.0.1:{args.port}", "WIJKREGIE_ACCESS_LOG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait_for(base)
        # The virtual users share this machine with the server; in use they sit at their own computers.
        # At a lower priority they take only the CPU the server leaves over.
        os.nice(10)
        cpu_before, client_before = _cpu_seconds(server.pid), time.process_time()
        timings, logins, errors = _load(base, args)
        cpu = _cpu_seconds(server.pid) - cpu_before
        client_cpu = time.process_time() - client_before
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(
        f"{args.server}: {args.users} users, {args.seconds} s, {args.pages} pages per sign-in,"
        f" think {args.think} s, ramp {args.ramp} s"
    )
    print("| request | n | p50 (s) | p95 (s) | max (s) |")
    print("|---|---|---|---|---|")
    for kind, values in sorted(timings.items()):
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        median = statistics.median(values)
        print(f"| {kind} | {len(values)} | {median:.3f} | {p95:.3f} | {values[-1]:.3f} |")
    print(
        f"logins per second: {logins / args.seconds:.1f}; server CPU per login: {cpu / max(logins, 1):.3f} s;"
        f" connections closed by the server: {errors};"
        f" the virtual users' CPU: {client_cpu / args.seconds:.2f} s per second"
    )


def _wait_for(base: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("de server startte niet")


def _cpu_seconds(pid: int) -> float:
    """CPU time of the server and its worker processes (user + system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:  # a worker that just ended
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


class _Recorder:
    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.logins = 0
        self.errors = 0  # connections the server closed under the client (counted, then a new session)
        self.lock = threading.Lock()

    def timed(self, kind: str, call: functools.partial[httpx.Response]) -> httpx.Response:
        start = time.perf_counter()
        response = call()
        with self.lock:
            self.timings[kind].append(time.perf_counter() - start)
        return response


def _load(base: str, args: argparse.Namespace) -> tuple[dict[str, list[float]], int, int]:
    recorder = _Recorder()
    stop = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=_user, args=(base, USERS[n % len(USERS)], args, recorder, stop))
        for n in range(args.users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder.timings, recorder.logins, recorder.errors


def _user(base: str, username: str, args: argparse.Namespace, recorder: _Recorder, stop: float) -> None:
    time.sleep(random.uniform(0, args.ramp))
    pages = ["/", "/taken/"]
    while time.monotonic() < stop:
        try:
            _session(base, username, args, recorder, pages)
        except httpx.TransportError:
            with recorder.lock:
                recorder.errors += 1


def _session(
    base: str, username: str, args: argparse.Namespace, recorder: _Recorder, pages: list[str]
) -> None:
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        if not _sign_in(client, username, recorder):
            return
        for n in range(args.pages):
            time.sleep(random.uniform(0.5, 1.5) * args.think)
            recorder.timed(f"GET {pages[n % 2]}", functools.partial(client.get, pages[n % 2]))
        client.post("/uitloggen/", data={"csrfmiddlewaretoken": client.cookies.get("csrftoken", "")})


def _sign_in(client: httpx.Client, username: str, recorder: _Recorder) -> bool:
    page = recorder.timed("GET /inloggen/", functools.partial(client.get, "/inloggen/"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    body = {"username": username, "password": "demo", "csrfmiddlewaretoken": token.group(1) if token else ""}
    done = recorder.timed("POST /inloggen/", functools.partial(client.post, "/inloggen/", data=body))
    if done.status_code != 302:
        return False
    with recorder.lock:
        recorder.logins += 1
    return True


if __name__ == "__main__":
    main()
