"""Simulated users of the load benchmark (bench_load.py): real HTTP over TCP, one cookie jar each.

A browser's session in a few lines of `http.client`: cookies kept from `Set-Cookie`, the CSRF
token sent back as Django expects it, and an `X-Forwarded-For` address of its own (the server runs
with TRUSTED_PROXY_COUNT=1, as behind a reverse proxy: each agent comes from their own office, and
the per-address login limits apply to them as in production). No Django import here: this side is
the client only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import random
import re
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

FRENCH_503 = "Service momentanément indisponible"
FRENCH_500 = "Erreur du serveur"
SHORTCUT = re.compile(r'name="shortcut" value="([^"]*:[^"]+)"')


@dataclass
class Answer:
    status: int
    location: str
    body: str


@dataclass
class Sample:
    """One request: what it was, when it started and ended (seconds since the run started), how it went."""

    operation: str
    start: float
    end: float
    status: int
    ok: bool
    kind: str = ""  # for a failure: "503 française", "500 française", "HTTP 502", an exception's name


@dataclass
class Actor:
    email: str
    password: str
    address: str
    place: int = 0  # mediators: the place they record at
    scope: str = ""  # managers: the report's scope ("structure:<uuid>")
    totp_secret: str = ""


class Browser:
    def __init__(self, port: int, address: str) -> None:
        self.port = port
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Answer:
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Answer(response.status, response.getheader("Location", ""), content.decode("utf-8", "replace"))
        finally:
            connection.close()


def totp(secret: str, at: float) -> str:
    """RFC 6238 (30 s, 6 digits, SHA-1): what an authenticator app shows for the demo's secret."""
    counter = struct.pack(">Q", int(at // 30))
    digest = hmac.new(base64.b32decode(secret), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class LoginError(Exception):
    pass


def log_in(browser: Browser, actor: Actor) -> None:
    """The login form, then for a manager allauth's second-factor step with the current TOTP code."""
    browser.request("GET", "/compte/login/")
    answer = browser.request("POST", "/compte/login/", {"login": actor.email, "password": actor.password})
    if answer.status != 302:
        raise LoginError(f"connexion refusée pour {actor.email} : HTTP {answer.status}")
    if "/2fa/authenticate/" not in answer.location:
        return
    for _ in range(3):  # a code already used in this 30 s window is refused: wait for the next one
        browser.request("GET", answer.location)
        step = browser.request("POST", answer.location, {"code": totp(actor.totp_secret, time.time())})
        if step.status == 302 and "/2fa/" not in step.location:
            return
        time.sleep(30 - time.time() % 30 + 0.5)
    raise LoginError(f"second facteur refusé pour {actor.email}")


def classify(answer: Answer) -> str:
    french = '<html lang="fr"' in answer.body
    if answer.status == 503 and french and FRENCH_503 in answer.body:
        return "503 française"
    if answer.status == 500 and french and FRENCH_500 in answer.body:
        return "500 française"
    return f"HTTP {answer.status}"


@dataclass
class Run:
    """What every simulated user of one run shares: the clock, the deadline, the samples."""

    port: int
    seconds: float
    think: float
    started: float = field(default_factory=time.perf_counter)
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: int = 0

    def now(self) -> float:
        return time.perf_counter() - self.started

    def over(self) -> bool:
        return self.now() >= self.seconds

    def pause(self, rng: random.Random, mean: float) -> None:
        time.sleep(min(rng.uniform(0.5 * mean, 1.5 * mean), max(0.0, self.seconds - self.now())))

    def call(
        self,
        browser: Browser,
        operation: str,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        expect: int = 200,
        location: str = "",
    ) -> Answer | None:
        start = self.now()
        try:
            answer = browser.request(method, path, data)
        except (OSError, http.client.HTTPException) as error:
            self._add(Sample(operation, start, self.now(), 0, False, type(error).__name__))
            return None
        ok = answer.status == expect and (not location or answer.location.split("?")[0].endswith(location))
        self._add(Sample(operation, start, self.now(), answer.status, ok, "" if ok else classify(answer)))
        return answer if ok else None

    def _add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)

    def acknowledge(self) -> None:
        with self.lock:
            self.acknowledged += 1


SAVE = "enregistrer (POST /accueil/)"
LIST = "listes du jour (GET /accueil/)"
REPORT = "rapport (GET /pilotage/)"
EXPORTS = {"csv": "export CSV", "xlsx": "export XLSX"}


def mediator(run: Run, browser: Browser, actor: Actor, form: dict[str, str], local_now: Callable[[], str]) -> None:
    """Reads today's lists, then records one request with a shortcut button, with a think time each."""
    rng = random.Random(actor.email)
    shortcuts: list[str] = []
    run.pause(rng, run.think)  # users do not all start on the same second
    while not run.over():
        page = run.call(browser, LIST, "GET", "/accueil/")
        if page is not None:
            shortcuts = SHORTCUT.findall(page.body) or shortcuts
        run.pause(rng, run.think)
        if run.over() or not shortcuts:
            continue
        data = {**form, "place": str(actor.place), "shortcut": rng.choice(shortcuts), "occurred_at": local_now()}
        if run.call(browser, SAVE, "POST", "/accueil/", data, expect=302, location="/accueil/") is not None:
            run.acknowledge()
        run.pause(rng, run.think)


def manager(run: Run, browser: Browser, actor: Actor, period: str) -> None:
    """Opens the yearly report of their structure, then downloads it as CSV or XLSX, in turn."""
    rng = random.Random(actor.email)
    query = urlencode({"scope": actor.scope, "period": period})
    turn = 0
    run.pause(rng, run.think * 2)
    while not run.over():
        run.call(browser, REPORT, "GET", f"/pilotage/?{query}")
        run.pause(rng, run.think * 2)
        if run.over():
            break
        fmt = "csv" if turn % 2 == 0 else "xlsx"
        run.call(browser, EXPORTS[fmt], "GET", f"/pilotage/?{query}&format={fmt}")
        turn += 1
        run.pause(rng, run.think * 2)
