"""Load (not a test): 50 simulated caseworkers against the production server on PostgreSQL, bounded.

    DATABASE_URL=postgres://... .venv/bin/python bench/load.py [--users 50] [--seconds 600] [--think 1.0]
        [--households 2000] [--port 8766]

Migrates the database in DATABASE_URL and loads the demo into it (`wijkregie demo --households N`; safe on a
database that has it already), starts `wijkregie serve` (gunicorn, workers and threads from the environment)
on 127.0.0.1 and runs `--users` virtual users in threads for `--seconds`. Each signs in once (within the
first ten seconds) and then, with about `--think` seconds between requests, opens Mijn werkvoorraad, a
dossier from it, a name search, or edits a plan goal through the API. The plan edits are a read-modify-write
of a counter in the goal's description with `If-Match`, by every user sharing that goal at once: a 412 means
a colleague came first and the user reads again and retries. At the end each goal's counter must equal the
number of successful edits: any difference is a lost update. Prints requests, errors and p50/p95/p99 per
kind.
"""

import argparse
import functools
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from login import _cpu_seconds, _wait_for  # the server helpers of the login benchmark

BIN = Path(sys.executable).parent
USERS = ["anna", "otto", "teun", "bo", "sanne", "zoe"]
EDITOR = "anna"
SURNAMES = ["Ja", "de V", "Ba", "Mu", "Vi", "Bo", "Sm", "Me", "Ko", "Br"]
HOUSEHOLD = re.compile(r'href="/huishoudens/([0-9a-f-]{36})/"')
COUNTER = re.compile(r"Belastingproef teller (\d+)")


class Recorder:
    def __init__(self) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.statuses: dict[str, int] = defaultdict(int)  # what the errors were: "GET dossier 500", "timeout"
        self.conflicts = 0
        self.lock = threading.Lock()

    def timed(
        self, kind: str, call: functools.partial[httpx.Response], ok: tuple[int, ...] = (200,)
    ) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = call()
        except httpx.HTTPError as error:
            with self.lock:
                self.errors[kind] += 1
                self.statuses[f"{kind}: {type(error).__name__}"] += 1
            return None
        elapsed = time.perf_counter() - start
        with self.lock:
            self.timings[kind].append(elapsed)
            if response.status_code not in ok:
                self.errors[kind] += 1
                self.statuses[f"{kind}: {response.status_code}"] += 1
        return response


class Goal:
    """The goal one login's users edit together, and how many edits were answered 200."""

    def __init__(self, uuid: str, plan: str, start: int) -> None:
        self.uuid, self.plan, self.start = uuid, plan, start
        self.saved = 0
        self.lock = threading.Lock()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--households", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--server-log", type=Path, help="write the server's error log here")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "Zet DATABASE_URL op een PostgreSQL-database: de belastingproef draait op PostgreSQL."
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wijkregie.conf.demo",
        "WIJKREGIE_REQUIRE_2FA": "false",
        "WIJKREGIE_LOG_LEVEL": "WARNING",
        # 50 sign-ins from one address within ten seconds are not an attack here
        "WIJKREGIE_LOGIN_THROTTLE": "false",
    }
    wijkregie = str(BIN / "wijkregie")
    subprocess.run([wijkregie, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    subprocess.run(
        [wijkregie, "demo", "--households", str(args.households)], env=env, check=True, capture_output=True
    )
    tokens = {u: _token(wijkregie, env, u) for u in USERS}
    server = subprocess.Popen(
        [wijkregie, "serve"],
        env={**env, "WIJKREGIE_BIND": f"127.0.0.1:{args.port}", "WIJKREGIE_ACCESS_LOG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=args.server_log.open("w") if args.server_log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait_for(base)
        # The plan edits go through one login's API token (the demo's plans are mostly anna's), from every
        # virtual user at once: the users sharing a goal are the simultaneous editors.
        goals = _goals(base, tokens[EDITOR])
        os.nice(10)  # the virtual users take only the CPU the server leaves over
        cpu_before = _cpu_seconds(server.pid)
        recorder = _run(base, args, tokens, goals)
        cpu = _cpu_seconds(server.pid) - cpu_before
        lost = {goal.uuid[:8]: _lost(base, tokens[EDITOR], goal) for goal in goals}
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    _report(args, recorder, lost, cpu)


def _token(wijkregie: str, env: dict[str, str], username: str) -> str:
    done = subprocess.run(
        [wijkregie, "api-token", username], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def _api(base: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{base}/api/v1", headers={"Authorization": f"Token {token}"}, timeout=60)


def _goals(base: str, token: str, wanted: int = 6) -> list[Goal]:
    """Up to `wanted` open goals of different plans this login can edit; each description becomes a
    counter."""
    found: list[Goal] = []
    with _api(base, token) as api:
        households = api.get("/households/", params={"page_size": 100}).json().get("results", [])
        for household in households:
            for plan in api.get(f"/households/{household['uuid']}/plans/").json():
                if plan["status"] == "gesloten" or not plan["goals"]:
                    continue
                goal = plan["goals"][0]
                answer = api.patch(
                    f"/goals/{goal['uuid']}/",
                    json={"description": "Belastingproef teller 0"},
                    headers={"If-Match": f'"{goal["version"]}"'},
                )
                if answer.status_code == 200:
                    found.append(Goal(goal["uuid"], plan["uuid"], 0))
                if len(found) == wanted:
                    return found
    return found


def _run(base: str, args: argparse.Namespace, tokens: dict[str, str], goals: list[Goal]) -> Recorder:
    recorder = Recorder()
    stop = time.monotonic() + args.seconds
    threads = []
    for n in range(args.users):
        username = USERS[n % len(USERS)]
        goal = goals[n % len(goals)] if goals else None
        work = (base, username, tokens[EDITOR], goal, args, recorder, stop)
        threads.append(threading.Thread(target=_user, args=work))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder


def _user(
    base: str,
    username: str,
    token: str,
    goal: Goal | None,
    args: argparse.Namespace,
    recorder: Recorder,
    stop: float,
) -> None:
    time.sleep(random.uniform(0, 10))
    with httpx.Client(base_url=base, timeout=60) as web, _api(base, token) as api:
        page = web.get("/inloggen/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        body = {
            "username": username,
            "password": "demo",
            "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
        }
        if web.post("/inloggen/", data=body).status_code != 302:
            with recorder.lock:
                recorder.errors["sign-in"] += 1
            return
        dossiers: list[str] = []
        while time.monotonic() < stop:
            time.sleep(random.uniform(0.5, 1.5) * args.think)
            roll = random.random()
            if roll < 0.3 or not dossiers:
                answer = recorder.timed("werkvoorraad", functools.partial(web.get, "/werkvoorraad/"))
                if answer is not None and answer.status_code == 200:
                    dossiers = HOUSEHOLD.findall(answer.text) or dossiers
            elif roll < 0.65:
                url = f"/huishoudens/{random.choice(dossiers)}/"
                recorder.timed("dossier", functools.partial(web.get, url))
            elif roll < 0.85:
                query = {"surname": random.choice(SURNAMES)}
                recorder.timed("zoeken", functools.partial(web.get, "/zoeken/", params=query))
            elif goal is not None:
                _edit(api, goal, recorder)


def _edit(api: httpx.Client, goal: Goal, recorder: Recorder) -> None:
    """Read the counter, write it plus one with If-Match; on 412 read again, at most five times."""
    for _ in range(5):
        plan = recorder.timed("plan lezen (API)", functools.partial(api.get, f"/plans/{goal.plan}/"))
        if plan is None or plan.status_code != 200:
            return
        current = next(g for g in plan.json()["goals"] if g["uuid"] == goal.uuid)
        count = int(COUNTER.search(current["description"]).group(1))  # type: ignore[union-attr]
        change = functools.partial(
            api.patch,
            f"/goals/{goal.uuid}/",
            json={"description": f"Belastingproef teller {count + 1}"},
            headers={"If-Match": f'"{current["version"]}"'},
        )
        answer = recorder.timed("doel wijzigen (API)", change, ok=(200, 412))
        if answer is None:
            return
        if answer.status_code == 200:
            with goal.lock:
                goal.saved += 1
            return
        with recorder.lock:
            recorder.conflicts += 1


def _lost(base: str, token: str, goal: Goal) -> int:
    with _api(base, token) as api:
        plan = api.get(f"/plans/{goal.plan}/").json()
    current = next(g for g in plan["goals"] if g["uuid"] == goal.uuid)
    count = int(COUNTER.search(current["description"]).group(1))  # type: ignore[union-attr]
    return goal.start + goal.saved - count


def _report(args: argparse.Namespace, recorder: Recorder, lost: dict[str, int], cpu: float) -> None:
    everything = sorted(t for values in recorder.timings.values() for t in values)
    print(
        f"{args.users} users, {args.seconds} s, think {args.think} s,"
        f" {args.households} households (PostgreSQL)"
    )
    print("| request | n | errors | p50 (ms) | p95 (ms) | p99 (ms) |")
    print("|---|---|---|---|---|---|")
    rows = [*sorted(recorder.timings.items()), ("all", everything)]
    for kind, values in rows:
        values = sorted(values)
        errors = sum(recorder.errors.values()) if kind == "all" else recorder.errors.get(kind, 0)
        print(
            f"| {kind} | {len(values)} | {errors} | {statistics.median(values) * 1000:.0f} |"
            f" {_pct(values, 0.95) * 1000:.0f} | {_pct(values, 0.99) * 1000:.0f} |"
        )
    total = len(everything)
    print(
        f"requests per second: {total / args.seconds:.1f};"
        f" server CPU per request: {cpu / max(total, 1) * 1000:.1f} ms;"
        f" If-Match conflicts retried: {recorder.conflicts};"
        f" sign-in failures: {recorder.errors.get('sign-in', 0)};"
        f" lost updates: {sum(lost.values())} (per goal: {lost})"
    )
    if recorder.statuses:
        print(f"errors by kind: {dict(recorder.statuses)}")


def _pct(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(share * len(values)))]


if __name__ == "__main__":
    main()
