"""`DEMO_SMOKE=1 make demo`: the demo's last step, serving, run as a check instead of forever.

    python -m demo.smoke --port PORT -- <the command make demo serves with>

Starts that command (in its own process group), waits until it answers, then fetches what a
newcomer opens first, over real HTTP on 127.0.0.1:

- each demo territory's home: ``/`` redirects to ``/fr/``, which answers 200 with the
  territory's name and French hero title (demo/content.py, what seed_demo wrote);
- the admin login page: 200, a password field.

Stops the server (its whole group: runserver's autoreloader has a child) whatever happens.
Exit status 0 when every check passed, 1 otherwise, with one line per failure and the tail
of the server's log. Standard library only, plus the demo's own content.
"""

import argparse
import html
import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from demo.content import TERRITORIES

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "var" / "demo-smoke.log"
START_TIMEOUT_S = 120  # a bound on runserver's start-up (system checks), not a measurement


def fetch(port: int, host: str, path: str) -> tuple[int, dict[str, str], str]:
    """One GET to the local server with ``Host: host``; redirects are not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited at start-up (exit {server.returncode})")
        try:
            fetch(port, "localhost", "/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer on port {port} within {START_TIMEOUT_S} s")


def check_home(port: int, territory: dict) -> list[str]:
    host = f"{territory['slug']}.localhost:{port}"
    status, headers, _ = fetch(port, host, "/")
    location = headers.get("location", "")
    target = urllib.parse.urlsplit(location)
    if status not in (301, 302) or target.path != "/fr/":
        return [f"http://{host}/ answered {status} (Location {location!r}), not a redirect to /fr/"]
    status, _, body = fetch(port, target.netloc or host, target.path)
    if status != 200:
        return [f"http://{host}/fr/ answered {status}, not 200"]
    expected = [html.escape(territory["name"]), html.escape(territory["home"]["fr"]["hero_title"])]
    missing = [text for text in expected if text not in body]
    if missing:
        return [f"http://{host}/fr/ answered 200 without {missing}"]
    return []


def check_admin_login(port: int, _territory=None) -> list[str]:
    url = f"http://localhost:{port}/admin/login/"
    status, _, body = fetch(port, f"localhost:{port}", "/admin/login/")
    if status != 200:
        return [f"{url} answered {status}, not 200"]
    if 'name="password"' not in body:
        return [f"{url} answered 200 without a password field"]
    return []


def stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
            server.wait(timeout=wait_s)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def smoke(port: int, command: list[str]) -> list[str]:
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w") as log:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_until_up(port, server)
            checks = [
                (f"http://{t['slug']}.localhost:{port}/ → /fr/", check_home, t) for t in TERRITORIES
            ]
            checks.append((f"http://localhost:{port}/admin/login/", check_admin_login, None))
            failures = []
            for label, check, territory in checks:
                found = check(port, territory)
                print(f"  {'FAIL' if found else 'ok':<4}  {label}", flush=True)
                failures += found
            return failures
        except (RuntimeError, OSError, http.client.HTTPException) as error:
            return [str(error)]
        finally:
            stop(server)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="The port the command serves.")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the server command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the server command after --")
    print(f"Demo smoke test: {' '.join(command)}", flush=True)
    failures = smoke(args.port, command)
    if failures:
        tail = LOG.read_text(errors="replace").splitlines()[-40:] if LOG.exists() else []
        print("\n".join(["", f"Server log ({LOG}), last lines:", *tail, ""]), file=sys.stderr)
        for failure in failures:
            print(f"error: demo smoke test: {failure}", file=sys.stderr)
        return 1
    print("Demo smoke test passed: both territories and the admin login answer.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
