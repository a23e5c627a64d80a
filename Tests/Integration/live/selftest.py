#!/usr/bin/env python3
"""Self-test of the live harness: every fault of fault_proxy.py and every Genesys behaviour of
genesys_mock.py, with urllib against the real scim2-server that harness.sh started.

  python3 selftest.py --env DIR/harness.env      (run by: harness.sh --selftest)

Spawns its own extra fault proxies (one per flag set, on free loopback ports, stopped at the end).
Prints one line per check and 'selftest: N passed, M failed'; exits 1 on any failure.
"""
import argparse
import atexit
import base64
import email.utils
import http.client
import http.server
import json
import os
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import make_users  # noqa: E402

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENTERPRISE = make_users.ENTERPRISE
GENESYS = make_users.GENESYS

passed, failed = [], []
spawned = []
scratch = tempfile.mkdtemp(prefix="scim-live-selftest.")


def check(name, condition, detail=""):
    if condition:
        passed.append(name)
        print(f"ok    {name}")
    else:
        failed.append(name)
        print(f"FAIL  {name}{': ' + str(detail)[:600] if detail != '' else ''}")
    return bool(condition)


class Answer:
    def __init__(self, status, headers, raw, elapsed):
        self.status, self.headers, self.raw, self.elapsed = status, headers, raw, elapsed
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def header(self, name):
        return self.headers.get(name)

    def __repr__(self):
        return f"HTTP {self.status} {self.raw[:300]!r}"


class Dropped:
    """The connection ended without an HTTP answer."""

    status = None
    json = None

    def __init__(self, error):
        self.error = error

    def __repr__(self):
        return f"dropped ({type(self.error).__name__}: {self.error})"


def call(method, url, body=None, token=None, headers=None, timeout=15):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
    h = {"Accept": "application/scim+json"}
    if data is not None:
        h["Content-Type"] = "application/scim+json"
    if token:
        h["Authorization"] = f"Bearer {token}"
    h.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=h)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.headers, response.read(), time.monotonic() - start)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read(), time.monotonic() - start)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        return Dropped(getattr(error, "reason", error))


def is_scim_error(answer, status):
    j = answer.json
    return (answer.status == status and isinstance(j, dict) and j.get("schemas") == [ERROR]
            and j.get("status") == str(status) and bool(j.get("detail")))


def q(**params):
    return "?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def user_filter(name):
    # A SCIM filter string literal is a JSON string: json.dumps escapes quotes, backslashes and controls.
    return f"userName eq {json.dumps(name, ensure_ascii=False)}"


class Proxy:
    def __init__(self, upstream, *flags):
        port_file = os.path.join(scratch, f"proxy-{len(spawned)}.port")
        self.log = os.path.join(scratch, f"proxy-{len(spawned)}.log")
        self.flags = flags
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "fault_proxy.py"), "--upstream", upstream, "--port", "0",
             "--port-file", port_file, *flags], stdout=subprocess.DEVNULL, stderr=open(self.log, "w"))
        spawned.append(self)
        for _ in range(100):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if self.process.poll() is not None:
                raise RuntimeError(f"fault_proxy {' '.join(flags)} exited: {open(self.log).read()}")
            time.sleep(0.05)
        else:
            raise RuntimeError(f"fault_proxy {' '.join(flags)} did not start")
        self.url = f"http://127.0.0.1:{open(port_file).read().strip()}"

    def stats(self):
        return call("GET", self.url + "/__proxy/stats").json

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()


@atexit.register
def stop_all():
    for proxy in spawned:
        proxy.stop()
    shutil.rmtree(scratch, ignore_errors=True)


def read_env(path):
    env = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key] = shlex.split(value)[0] if value else ""
    return env


# ============================================================================ proxy: tokens
def test_tokens(env, source_token, target_token):
    src = env["SCIM_SOURCE_URL"]
    a = call("GET", src + "/Users")
    check("token: no Authorization -> 401 SCIM Error", is_scim_error(a, 401), a)
    check("token: 401 carries WWW-Authenticate Bearer", (a.header("WWW-Authenticate") or "").startswith("Bearer"), a)
    a = call("GET", src + "/Users", token="not-the-token")
    check("token: wrong token -> 401 SCIM Error", is_scim_error(a, 401), a)
    a = call("GET", src + "/Users", token=target_token)
    check("token: the target's token on the source tenant -> 401", is_scim_error(a, 401), a)
    a = call("GET", src + "/Users", headers={"Authorization": "Basic " + source_token})
    check("token: right token in a Basic header -> 401", is_scim_error(a, 401), a)
    a = call("GET", src + "/Users", token=source_token)
    check("token: right token -> 200 ListResponse", a.status == 200 and a.json.get("schemas") == [LIST], a)
    a = call("GET", env["SCIM_TARGET_URL"] + "/ServiceProviderConfig", token=target_token)
    check("token: target token on target ServiceProviderConfig -> 200", a.status == 200, a)
    # One keep-alive connection, as URLSession uses: answers (and a refusal) keep it in step.
    split = urllib.parse.urlsplit(env["SCIM_PROXY_URL"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=15)
    statuses = []
    for method, path, body, auth in [
            ("GET", "/source/v2/Users?count=1", None, source_token),
            ("POST", "/source/v2/Users", b'{"userName": "refused"}', "wrong"),
            ("GET", "/source/v2/ServiceProviderConfig", None, source_token),
            ("POST", "/source/v2/Users/.search", b'{"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],'
             b' "count": 1}', source_token)]:
        headers = {"Authorization": f"Bearer {auth}", "Content-Type": "application/scim+json"}
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        statuses.append((response.status, response.version))
    conn.close()
    check("token: four requests on one keep-alive connection (HTTP/1.1), a 401 among them",
          statuses == [(200, 11), (401, 11), (200, 11), (200, 11)], statuses)
    log_text = open(os.path.join(env["LIVE_HARNESS_DIR"], "proxy.log"), encoding="utf-8").read()
    check("token: the proxy log has request lines and no token",
          "GET /source/v2/Users -> 401" in log_text and source_token not in log_text and target_token not in log_text)

    # The proxy strips Authorization and keeps Host: seen from an echo upstream.
    seen = {}

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.update({k.lower(): v for k, v in self.headers.items()})
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    echo = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=echo.serve_forever, daemon=True).start()
    token_file = os.path.join(scratch, "echo.token")
    with open(token_file, "w") as f:
        f.write("echo-secret\n")
    proxy = Proxy(f"http://127.0.0.1:{echo.server_address[1]}", "--token", f"t={token_file}")
    a = call("GET", proxy.url + "/t/v2/Users", token="echo-secret", headers={"X-Probe": "1"})
    host = urllib.parse.urlsplit(proxy.url).netloc
    check("token: Authorization is not forwarded upstream", a.status == 200 and "authorization" not in seen
          and seen.get("x-probe") == "1", seen)
    check("token: Host is forwarded as the client sent it (locations point at the proxy)",
          seen.get("host") == host, seen.get("host"))
    proxy.stop()
    proxy = Proxy(f"http://127.0.0.1:{echo.server_address[1]}", "--token", f"t={token_file}", "--open-discovery")
    a = call("GET", proxy.url + "/t/v2/ServiceProviderConfig")
    b = call("GET", proxy.url + "/t/v2/Users")
    check("token: --open-discovery serves ServiceProviderConfig without a token, not /Users",
          a.status == 200 and is_scim_error(b, 401), (a, b))
    proxy.stop()
    echo.shutdown()
    echo.server_close()
    proxy = Proxy("http://127.0.0.1:1")
    a = call("GET", proxy.url + "/t/v2/Users")
    check("proxy: an upstream that refuses connections -> 502 SCIM Error", is_scim_error(a, 502), a)
    proxy.stop()


# ============================================================================ proxy: OAuth client credentials
def token_request(url, form=None, basic=None, method="POST", content_type="application/x-www-form-urlencoded"):
    """POST /oauth/token (RFC 6749 section 4.4); basic=(id, secret) form-urlencodes both (section 2.3.1)."""
    headers = {"Content-Type": content_type}
    if basic:
        pair = f"{urllib.parse.quote_plus(basic[0])}:{urllib.parse.quote_plus(basic[1])}"
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    data = urllib.parse.urlencode(form or {}).encode() if method == "POST" else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return Answer(response.status, response.headers, response.read(), 0)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read(), 0)


def is_oauth_error(answer, status, code):
    return (answer.status == status and isinstance(answer.json, dict) and answer.json.get("error") == code
            and (answer.header("Content-Type") or "").startswith("application/json"))


def test_oauth(env, source_token, target_token):
    url, client_id = env["SCIM_OAUTH_TOKEN_URL"], env["SCIM_TARGET_CLIENT_ID"]
    secret_file = env["SCIM_TARGET_CLIENT_SECRET_FILE"]
    secret = open(secret_file).read().strip()
    check("oauth: harness.env names the token URL, a client id and a secret file of mode 600",
          url == env["SCIM_PROXY_URL"] + "/oauth/token" and client_id and secret
          and (os.stat(secret_file).st_mode & 0o077) == 0, (url, client_id))
    grant = {"grant_type": "client_credentials"}
    a = token_request(url, grant, basic=(client_id, secret))
    j = a.json or {}
    basic_token = j.get("access_token")
    check("oauth: client_credentials with HTTP Basic -> 200 access_token, token_type bearer, expires_in 3600",
          a.status == 200 and isinstance(basic_token, str) and len(basic_token) >= 32
          and j.get("token_type") == "bearer" and j.get("expires_in") == 3600, a)
    check("oauth: the token answer is JSON with Cache-Control: no-store (RFC 6749 5.1)",
          (a.header("Content-Type") or "").startswith("application/json")
          and a.header("Cache-Control") == "no-store", dict(a.headers))
    a = call("GET", env["SCIM_TARGET_URL"] + "/Users" + q(count=1), token=basic_token)
    check("oauth: the issued token is accepted by the target tenant", a.status == 200, a)
    a = call("GET", env["SCIM_SOURCE_URL"] + "/Users" + q(count=1), token=basic_token)
    check("oauth: the issued token is refused by the source tenant -> 401 invalid_token",
          is_scim_error(a, 401) and 'error="invalid_token"' in (a.header("WWW-Authenticate") or ""), a)
    a = call("GET", env["SCIM_TARGET_URL"] + "/Users" + q(count=1), token=target_token)
    check("oauth: the target's static token still works", a.status == 200, a)
    a = token_request(url, dict(grant, client_id=client_id, client_secret=secret))
    form_token = (a.json or {}).get("access_token")
    b = call("GET", env["SCIM_TARGET_URL"] + "/Users" + q(count=1), token=form_token)
    check("oauth: client_id/client_secret form fields -> 200, another token, accepted",
          a.status == 200 and form_token and form_token != basic_token and b.status == 200, (a, b))
    a = token_request(url, grant, basic=(client_id, secret + "x"))
    check("oauth: a wrong secret (Basic) -> 401 invalid_client with WWW-Authenticate Basic",
          is_oauth_error(a, 401, "invalid_client")
          and (a.header("WWW-Authenticate") or "").startswith("Basic"), (a, a.header("WWW-Authenticate")))
    a = token_request(url, dict(grant, client_id="no-such-client", client_secret=secret))
    check("oauth: an unknown client id (form) -> 401 invalid_client", is_oauth_error(a, 401, "invalid_client"), a)
    a = token_request(url, grant)
    check("oauth: no client authentication -> 401 invalid_client", is_oauth_error(a, 401, "invalid_client"), a)
    a = token_request(url, {"grant_type": "password", "username": "x", "password": "y"}, basic=(client_id, secret))
    check("oauth: grant_type=password -> 400 unsupported_grant_type",
          is_oauth_error(a, 400, "unsupported_grant_type"), a)
    a = token_request(url, {}, basic=(client_id, secret))
    check("oauth: no grant_type -> 400 invalid_request", is_oauth_error(a, 400, "invalid_request"), a)
    a = token_request(url, grant, basic=(client_id, secret), content_type="application/json")
    check("oauth: a body that is not form-urlencoded -> 400 invalid_request",
          is_oauth_error(a, 400, "invalid_request"), a)
    a = token_request(url, method="GET", basic=(client_id, secret))
    check("oauth: GET /oauth/token -> 405 with Allow: POST", a.status == 405 and a.header("Allow") == "POST", a)
    a = token_request(url, dict(grant, client_secret=secret), basic=(client_id, secret))
    check("oauth: Basic and client_secret together -> 400 invalid_request (RFC 6749 2.3)",
          is_oauth_error(a, 400, "invalid_request"), a)

    # Expiry, run-time lifetime, an odd secret, a tenant with only an OAuth client: a proxy of its own.
    odd_file = os.path.join(scratch, "odd.client-secret")
    odd_secret = "s3:cr+t/ü %&="
    with open(odd_file, "w", encoding="utf-8") as f:
        f.write(odd_secret + "\n")
    token_file = os.path.join(scratch, "target.token")
    with open(token_file, "w") as f:
        f.write(target_token + "\n")
    p = Proxy(env["SCIM_SERVER_URL"], "--token", f"target={token_file}", "--oauth-client", f"target=t:{odd_file}",
              "--oauth-client", f"source=s:{odd_file}", "--oauth-expires-in", "1")
    purl = p.url + "/oauth/token"
    a = token_request(purl, grant, basic=("t", odd_secret))
    short = (a.json or {}).get("access_token")
    check("oauth: a secret with ':', '+', '%', space and non-ASCII works over Basic (form-urlencoded first)",
          a.status == 200 and a.json.get("expires_in") == 1, a)
    b = call("GET", p.url + "/target/v2/Users" + q(count=1), token=short)
    time.sleep(1.3)
    c = call("GET", p.url + "/target/v2/Users" + q(count=1), token=short)
    check("oauth: --oauth-expires-in 1: accepted at once, 401 error=\"invalid_token\" after 1.3 s",
          b.status == 200 and is_scim_error(c, 401)
          and 'error="invalid_token"' in (c.header("WWW-Authenticate") or ""), (b, c, c.header("WWW-Authenticate")))
    c = call("GET", p.url + "/target/v2/Users" + q(count=1), token=target_token)
    check("oauth: the static token is not affected by expiry", c.status == 200, c)
    a = call("POST", p.url + "/__proxy/config", {"oauth_expires_in": 30})
    b = token_request(purl, grant, basic=("t", odd_secret))
    check("oauth: POST /__proxy/config {\"oauth_expires_in\": 30} changes the lifetime of new tokens",
          a.status == 200 and a.json.get("oauth_expires_in") == 30 and b.json.get("expires_in") == 30, (a, b))
    a = call("GET", p.url + "/source/v2/Users" + q(count=1))
    b = token_request(purl, grant, basic=("s", odd_secret))
    c = call("GET", p.url + "/source/v2/Users" + q(count=1), token=(b.json or {}).get("access_token"))
    check("oauth: a tenant with only an OAuth client needs a token: 401 without, 200 with an issued one",
          is_scim_error(a, 401) and c.status == 200, (a, c))
    stats = p.stats()
    check("oauth: stats count oauth_tokens_issued, unauthorized_expired, tenant 'oauth'",
          stats["behaviour"].get("oauth_tokens_issued") == 3 and stats["behaviour"].get("unauthorized_expired") == 1
          and stats["tenant"].get("oauth") == 3, stats)
    p.stop()
    logs = open(os.path.join(env["LIVE_HARNESS_DIR"], "proxy.log"), encoding="utf-8").read()
    logs += open(p.log, encoding="utf-8").read()
    check("oauth: the proxy logs hold /oauth/token lines and no secret, no issued token",
          "POST /oauth/token -> 200" in logs and "POST /oauth/token -> 401" in logs
          and not any(x and x in logs for x in (secret, odd_secret, basic_token, form_token, short)))
    stats = call("GET", env["SCIM_PROXY_CONTROL"] + "/stats").json
    check("oauth: the harness proxy counts oauth_tokens_issued", stats["behaviour"].get("oauth_tokens_issued") == 2,
          stats["behaviour"])


# ============================================================================ load 300 users
def load_source(env, source_token):
    users = make_users.make(300, "rfc")
    a = call("POST", env["SCIM_SOURCE_URL"] + "/Bulk", make_users.bulk(users), token=source_token, timeout=120)
    ops = (a.json or {}).get("Operations") or []
    check("load: one Bulk of 300 POSTs through the proxy -> 300 x 201",
          a.status == 200 and len(ops) == 300 and all(o.get("status") == "201" for o in ops), a)
    a = call("GET", env["SCIM_SERVER_URL"] + "/source/v2/Users" + q(count=1000))
    stored = a.json["Resources"]
    ids = {u["id"] for u in stored}
    managers = [u[ENTERPRISE]["manager"]["value"] for u in stored if u.get(ENTERPRISE, {}).get("manager")]
    check("load: 300 users stored, 290 with a manager, every manager.value is a stored id",
          len(stored) == 300 and len(managers) == 290 and all(m in ids for m in managers),
          (len(stored), len(managers), [m for m in managers if m not in ids][:3]))
    names = {u["userName"] for u in stored}
    check("load: non-ASCII names stored as sent", "Zoë.García0@source.example.com" in names
          and any(n.startswith("李.") for n in names), sorted(names)[:5])
    return ids


def test_writes_keep_alive(env, target_token):
    """scim2-server's write answers (201, 204, 304, 412, 409, 404) through the proxy on one keep-alive connection."""
    split = urllib.parse.urlsplit(env["SCIM_PROXY_URL"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=15)
    auth = {"Authorization": f"Bearer {target_token}", "Content-Type": "application/scim+json"}

    def send(method, path, body=None, extra=None):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        conn.request(method, "/target/v2" + path, body=data, headers=dict(auth, **(extra or {})))
        response = conn.getresponse()
        raw = response.read()
        return response.status, response.getheader("ETag"), (json.loads(raw) if raw else None)

    user = make_users.make(1, "rfc", prefix="keepalive-")[0]
    user.pop("id")
    status, tag, body = send("POST", "/Users", user)
    uid = (body or {}).get("id")
    check("writes: POST -> 201 with ETag = meta.version, meta.location at the proxy",
          status == 201 and tag == body["meta"]["version"]
          and body["meta"]["location"].startswith(env["SCIM_TARGET_URL"] + "/Users/"), (status, tag, body))
    patch = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "title", "value": "Ünï"}]}
    status, tag2, body = send("PATCH", f"/Users/{uid}", patch, {"If-Match": tag})
    check("writes: PATCH with If-Match -> 204 without a body, new ETag", status == 204 and body is None
          and tag2 and tag2 != tag, (status, tag2, body))
    status, _, body = send("GET", f"/Users/{uid}", None, {"If-None-Match": tag2})
    check("writes: GET with If-None-Match of the current version -> 304", status == 304, status)
    status, _, body = send("PUT", f"/Users/{uid}", user, {"If-Match": tag})
    check("writes: PUT with a stale If-Match -> 412 SCIM Error",
          status == 412 and body["schemas"] == [ERROR], (status, body))
    status, _, body = send("POST", "/Users", dict(user, userName=user["userName"].upper()))
    check("writes: POST of the same userName in other case -> 409 uniqueness",
          status == 409 and body.get("scimType") == "uniqueness", (status, body))
    status, _, body = send("DELETE", f"/Users/{uid}", None, {"If-Match": tag2})
    status2, _, _ = send("GET", f"/Users/{uid}")
    check("writes: DELETE -> 204, then GET -> 404, all on one connection", (status, status2) == (204, 404),
          (status, status2))
    conn.close()


# ============================================================================ paging
def page_by_index(base, token, count, expect_total):
    ids, start, pages, totals, sizes = [], 1, 0, set(), []
    while pages < 100:
        a = call("GET", base + "/Users" + q(startIndex=start, count=count), token=token)
        if a.status != 200:
            return None, f"page at {start}: {a}"
        resources = a.json.get("Resources") or []
        totals.add(a.json.get("totalResults"))
        sizes.append(len(resources))
        ids += [r["id"] for r in resources]
        pages += 1
        start += len(resources)
        if not resources or start > a.json["totalResults"]:
            break
    return (ids, pages, totals, sizes), None


def test_paging(env, source_ids):
    upstream = env["SCIM_SERVER_URL"]
    clamp = Proxy(upstream, "--max-page-size", "25", "--page-cap", "clamp")
    base = clamp.url + "/source/v2"
    a = call("GET", base + "/Users" + q(startIndex=1, count=100))
    check("page cap clamp: count=100 -> 200 with 25 resources, totalResults 300",
          a.status == 200 and a.json["itemsPerPage"] == 25 and len(a.json["Resources"]) == 25
          and a.json["totalResults"] == 300, a)
    a = call("GET", base + "/Users")
    check("page cap clamp: no count -> 25 resources", a.status == 200 and len(a.json["Resources"]) == 25, a)
    a = call("GET", base + "/Users" + q(filter='userName sw "Zoë"', count=500))
    check("page cap clamp: other parameters (a non-ASCII filter) are forwarded untouched",
          a.status == 200 and a.json["totalResults"] > 0
          and all(r["userName"].startswith("Zoë") for r in a.json["Resources"]), a)
    result, error = page_by_index(base, None, 25, 300)
    if check("paging: index paging ran", result is not None, error):
        ids, pages, totals, sizes = result
        check("paging: 300 users in 12 pages of 25, every id once, totalResults always 300",
              pages == 12 and len(ids) == 300 and set(ids) == source_ids and totals == {300}
              and set(sizes) == {25}, (pages, len(ids), len(set(ids)), totals, sizes))
    # The client asks for more than the cap and must follow what it was given.
    result, error = page_by_index(base, None, 100, 300)
    if result:
        ids, pages, totals, sizes = result
        check("paging: asking 100 per page behind a 25 cap still gets 300 users in 12 pages",
              pages == 12 and set(ids) == source_ids, (pages, len(set(ids))))
    stats = clamp.stats()
    check("page cap clamp: stats count page_clamped and page_default_set",
          stats["behaviour"].get("page_clamped", 0) >= 13 and stats["behaviour"].get("page_default_set") == 1,
          stats["behaviour"])
    clamp.stop()

    reject = Proxy(upstream, "--max-page-size", "25", "--page-cap", "reject")
    a = call("GET", reject.url + "/source/v2/Users" + q(count=26))
    check("page cap reject: count=26 -> 429 SCIM Error (Genesys-like)", is_scim_error(a, 429), a)
    a = call("GET", reject.url + "/source/v2/Users" + q(count=25))
    check("page cap reject: count=25 -> 200", a.status == 200 and len(a.json["Resources"]) == 25, a)
    check("page cap reject: stats count page_rejected", reject.stats()["behaviour"].get("page_rejected") == 1)
    reject.stop()
    reject400 = Proxy(upstream, "--max-page-size", "25", "--page-cap", "reject", "--page-cap-status", "400")
    a = call("GET", reject400.url + "/source/v2/Users" + q(count=1000))
    check("page cap reject: --page-cap-status 400 -> 400 invalidValue",
          is_scim_error(a, 400) and a.json.get("scimType") == "invalidValue", a)
    reject400.stop()

    if env.get("SCIM2_SERVER_CURSOR") == "1":
        token = open(env["SCIM_SOURCE_TOKEN_FILE"]).read().strip()
        a = call("GET", env["SCIM_SOURCE_URL"] + "/ServiceProviderConfig", token=token)
        check("cursor: scim2-server announces pagination.cursor (RFC 9865)",
              a.status == 200 and a.json.get("pagination", {}).get("cursor") is True, a)
        ids, cursor, pages = [], "", 0
        while pages < 50:
            a = call("GET", env["SCIM_SOURCE_URL"] + "/Users?cursor=" + urllib.parse.quote(cursor) + "&count=25",
                     token=token)
            if a.status != 200:
                break
            ids += [r["id"] for r in a.json["Resources"]]
            pages += 1
            if pages == 1:
                check("cursor: the first page has nextCursor, no previousCursor, no startIndex",
                      "nextCursor" in a.json and "previousCursor" not in a.json and "startIndex" not in a.json,
                      {k: v for k, v in a.json.items() if k != "Resources"})
            cursor = a.json.get("nextCursor")
            if not cursor:
                break
        check("cursor: 300 users in 12 cursor pages of 25 through the proxy",
              pages == 12 and len(ids) == 300 and set(ids) == source_ids, (pages, len(ids), a))
        a = call("GET", env["SCIM_SOURCE_URL"] + "/Users?cursor=bogus&count=25", token=token)
        check("cursor: a forged cursor -> 400 invalidCursor",
              is_scim_error(a, 400) and a.json.get("scimType") == "invalidCursor", a)
        hidden = Proxy(upstream, "--hide-cursor")
        a = call("GET", hidden.url + "/source/v2/ServiceProviderConfig")
        check("hide cursor: ServiceProviderConfig rewritten to pagination.cursor=false",
              a.status == 200 and a.json["pagination"]["cursor"] is False, a)
        a = call("GET", hidden.url + "/source/v2/Users?cursor=&count=25")
        check("hide cursor: a cursor request -> 400 invalidCursor", is_scim_error(a, 400), a)
        hidden.stop()
    else:
        token = open(env["SCIM_SOURCE_TOKEN_FILE"]).read().strip()
        a = call("GET", env["SCIM_SOURCE_URL"] + "/ServiceProviderConfig", token=token)
        b = call("GET", env["SCIM_SOURCE_URL"] + "/Users?cursor=&count=25", token=token)
        check("cursor: not announced (--no-cursor), a cursor request -> 501",
              a.status == 200 and "pagination" not in a.json and is_scim_error(b, 501), (a, b))


# ============================================================================ 429 / 503 / delay / seed / config
def test_rate_limits(env):
    upstream = env["SCIM_SERVER_URL"]
    spc = "/source/v2/ServiceProviderConfig"
    p = Proxy(upstream, "--rate-limit-every", "3")
    statuses = [call("GET", p.url + spc) for _ in range(6)]
    check("429: every 3rd request -> 429 (200 200 429 200 200 429)",
          [a.status for a in statuses] == [200, 200, 429, 200, 200, 429], [a.status for a in statuses])
    a = statuses[2]
    check("429: SCIM Error body and Retry-After: 1 (seconds form)",
          is_scim_error(a, 429) and a.header("Retry-After") == "1", (a, a.header("Retry-After")))
    stats = p.stats()
    check("429: stats per behaviour, status and method",
          stats["behaviour"].get("rate_limited_seconds") == 2 and stats["status"].get("429") == 2
          and stats["status"].get("200") == 4 and stats["method"].get("GET") == 6, stats)
    call("POST", p.url + "/__proxy/reset")
    stats = p.stats()
    a = call("GET", p.url + spc)
    check("stats: POST /__proxy/reset zeroes stats and counters",
          stats["requests"] == 0 and not stats["status"] and a.status == 200, stats)
    p.stop()

    p = Proxy(upstream, "--rate-limit-every", "2", "--retry-after-date")
    call("GET", p.url + spc)
    a = call("GET", p.url + spc)
    value = a.header("Retry-After") or ""
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        when = None
    ok = a.status == 429 and when is not None and value.endswith("GMT") and 0 < when - time.time() <= 2.5
    check("429: --retry-after-date gives an HTTP-date 1-2 s ahead", ok, (a.status, value))
    if when:
        time.sleep(max(0.0, when - time.time()) + 0.05)
    a = call("GET", p.url + spc)
    check("429: the request after waiting for the HTTP-date succeeds", a.status == 200, a)
    p.stop()

    p = Proxy(upstream, "--rate-limit-every", "1", "--retry-after-form", "alternate", "--retry-after-seconds", "2")
    first, second = call("GET", p.url + spc), call("GET", p.url + spc)
    check("429: --retry-after-form alternate gives seconds then HTTP-date",
          first.header("Retry-After") == "2" and (second.header("Retry-After") or "").endswith("GMT"),
          (first.header("Retry-After"), second.header("Retry-After")))
    p.stop()

    p = Proxy(upstream, "--unavailable-every", "2")
    a = [call("GET", p.url + spc) for _ in range(4)]
    check("503: every 2nd request -> 503 SCIM Error without Retry-After",
          [x.status for x in a] == [200, 503, 200, 503] and is_scim_error(a[1], 503)
          and a[1].header("Retry-After") is None, [x.status for x in a])
    p.stop()
    p = Proxy(upstream, "--unavailable-every", "1", "--unavailable-retry-after", "3")
    a = call("GET", p.url + spc)
    check("503: --unavailable-retry-after 3 -> Retry-After: 3", is_scim_error(a, 503) and a.header("Retry-After") == "3", a)
    p.stop()

    p = Proxy(upstream, "--delay-ms", "300")
    a = call("GET", p.url + spc)
    check("delay: --delay-ms 300 adds latency", a.status == 200 and a.elapsed >= 0.3, a.elapsed)
    # A client that gives up before the answer (RST while the proxy waits): counted, no traceback logged.
    split = urllib.parse.urlsplit(p.url)
    gone = socket.create_connection((split.hostname, split.port), timeout=5)
    gone.sendall(f"GET {spc} HTTP/1.1\r\nHost: {split.netloc}\r\n\r\n".encode())
    gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    gone.close()
    time.sleep(0.6)
    log_text = open(p.log, encoding="utf-8").read()
    check("client gone: a client that closes before its answer is counted as client_gone, no traceback",
          p.stats()["behaviour"].get("client_gone") == 1 and "Traceback" not in log_text,
          (p.stats()["behaviour"], log_text[-500:]))
    p.stop()

    patterns = []
    for _ in range(2):
        p = Proxy(upstream, "--rate-limit-every", "3", "--seed", "42")
        patterns.append([call("GET", p.url + spc).status for _ in range(30)])
        p.stop()
    check("seed: --seed gives the same pseudo-random pattern twice, about 1 in 3 limited",
          patterns[0] == patterns[1] and 4 <= patterns[0].count(429) <= 18
          and patterns[0] != ([200, 200, 429] * 10), patterns[0])

    p = Proxy(upstream)
    a = call("POST", p.url + "/__proxy/config", {"unavailable_every": 1, "unavailable_retry_after": 1})
    b = call("GET", p.url + spc)
    call("POST", p.url + "/__proxy/config", {"unavailable_every": 0})
    c = call("GET", p.url + spc)
    check("config: POST /__proxy/config switches a fault on and off at run time",
          a.status == 200 and b.status == 503 and b.header("Retry-After") == "1" and c.status == 200, (a, b, c))
    a = call("POST", p.url + "/__proxy/config", {"no_such_flag": 1})
    check("config: an unknown flag -> 400", a.status == 400, a)
    p.stop()


# ============================================================================ bulk, lost answers, resets
def test_bulk_and_drops(env):
    upstream = env["SCIM_SERVER_URL"]
    direct = call("GET", upstream + "/target/v2/ServiceProviderConfig")
    check("bulk: scim2-server itself announces bulk.supported=true",
          direct.status == 200 and direct.json["bulk"]["supported"] is True, direct)
    p = Proxy(upstream, "--hide-bulk")
    a = call("GET", p.url + "/target/v2/ServiceProviderConfig")
    check("hide bulk: ServiceProviderConfig rewritten to bulk.supported=false",
          a.status == 200 and a.json["bulk"]["supported"] is False and a.json["patch"]["supported"] is True, a)
    request = make_users.bulk(make_users.make(2, "rfc", prefix="bulk-hidden-"))
    a = call("POST", p.url + "/target/v2/Bulk", request)
    check("hide bulk: POST /Bulk -> 501 SCIM Error", is_scim_error(a, 501), a)
    found = call("GET", upstream + "/target/v2/Users" + q(filter='userName sw "bulk-hidden-"'))
    check("hide bulk: nothing reached the server", found.json["totalResults"] == 0, found)
    p.stop()
    p = Proxy(upstream, "--hide-bulk", "--hide-bulk-status", "404")
    a = call("POST", p.url + "/target/v2/Bulk", request)
    check("hide bulk: --hide-bulk-status 404 -> 404", is_scim_error(a, 404), a)
    p.stop()

    p = Proxy(upstream, "--drop-after-post-every", "2")
    users = make_users.make(3, "rfc", prefix="drop-")
    for u in users:
        u.pop("id")
    base = p.url + "/target/v2"
    first = call("POST", base + "/Users", users[0])
    check("drop: the 1st POST is answered 201", first.status == 201, first)
    lost = call("GET", base + "/ServiceProviderConfig")  # GETs do not count towards the POST counter
    second = call("POST", base + "/Users", users[1])
    check("drop: the 2nd POST gets no answer (connection closed)", isinstance(second, Dropped), second)
    found = call("GET", base + "/Users" + q(filter=user_filter(users[1]["userName"])))
    check("drop: the lost user exists upstream, found with filter=userName eq \"...\"",
          lost.status == 200 and found.status == 200 and found.json["totalResults"] == 1
          and found.json["Resources"][0]["userName"] == users[1]["userName"], found)
    again = call("POST", base + "/Users", users[1])
    check("drop: POSTing it again -> 409 uniqueness (what a naive retry sees)",
          is_scim_error(again, 409) and again.json.get("scimType") == "uniqueness", again)
    stats = p.stats()
    check("drop: stats record the dropped POST, its upstream status and userName",
          stats["behaviour"].get("dropped_after_post") == 1 and stats["dropped_posts"]
          == [{"path": "/target/v2/Users", "upstream_status": 201, "userName": users[1]["userName"]}], stats)
    p.stop()
    p = Proxy(upstream, "--drop-after-post-every", "1", "--rst")
    a = call("POST", p.url + "/target/v2/Users", users[2])
    found = call("GET", upstream + "/target/v2/Users" + q(filter=user_filter(users[2]["userName"])))
    check("drop: with --rst the connection is reset, the user is still created",
          isinstance(a, Dropped) and found.json["totalResults"] == 1, (a, found))
    p.stop()

    p = Proxy(upstream, "--reset-every", "1", "--fault-path", "/Users$")
    u = make_users.make(1, "rfc", prefix="reset-")[0]
    u.pop("id")
    a = call("POST", p.url + "/target/v2/Users", u)
    found = call("GET", upstream + "/target/v2/Users" + q(filter=user_filter(u["userName"])))
    check("reset: the connection is closed before forwarding, nothing created",
          isinstance(a, Dropped) and found.json["totalResults"] == 0, (a, found))
    a = call("GET", p.url + "/target/v2/ServiceProviderConfig")
    check("reset: --fault-path limits the fault to matching paths", a.status == 200, a)
    check("reset: stats count reset_before_forward", p.stats()["behaviour"].get("reset_before_forward") == 1)
    p.stop()


# ============================================================================ Genesys mock
def test_genesys(env):
    base, token = env["GENESYS_URL"], open(env["GENESYS_TOKEN_FILE"]).read().strip()
    seed = [json.loads(line) for line in open(env["GENESYS_SEED_FILE"], encoding="utf-8") if line.strip()]
    active = {u["id"] for u in seed if u["active"]}
    inactive = {u["id"] for u in seed if not u["active"]}

    a = call("GET", base + "/Users")
    check("genesys: no token -> 401 SCIM Error", is_scim_error(a, 401), a)
    a = call("GET", base + "/ServiceProviderConfig", token="wrong")
    check("genesys: wrong token -> 401 SCIM Error", is_scim_error(a, 401), a)
    a = call("GET", base + "/ServiceProviderConfig", token=token)
    check("genesys: ServiceProviderConfig bulk.supported=false, filter.maxResults=25",
          a.status == 200 and a.json["bulk"]["supported"] is False and a.json["filter"]["maxResults"] == 25, a)
    a = call("POST", base + "/Bulk", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                                      "Operations": []}, token=token)
    check("genesys: POST /Bulk -> 404", is_scim_error(a, 404), a)

    a = call("GET", base + "/Users" + q(count=26), token=token)
    check("genesys: count=26 -> 429 SCIM Error", is_scim_error(a, 429), a)
    a = call("GET", base + "/Users", token=token)
    check("genesys: no count -> a page of 25, totalResults = active users only",
          a.status == 200 and len(a.json["Resources"]) == 25 and a.json["totalResults"] == len(active), a)
    result, error = page_by_index(base, token, 25, len(active))
    if check("genesys: paging ran", result is not None, error):
        ids, pages, totals, sizes = result
        check(f"genesys: paging 25 at a time lists exactly the {len(active)} active users",
              set(ids) == active and len(ids) == len(active) and not (set(ids) & inactive),
              (len(ids), pages, sizes))
    a = call("GET", base + "/Users" + q(filter="active eq false", count=25), token=token)
    check(f"genesys: filter=active eq false lists the {len(inactive)} inactive users",
          a.status == 200 and {r["id"] for r in a.json["Resources"]} == inactive, a)
    someone = next(u for u in seed if not u["active"])
    a = call("GET", base + "/Users" + q(filter=user_filter(someone["userName"].upper())), token=token)
    check("genesys: userName eq is case-insensitive and finds inactive users",
          a.status == 200 and a.json["totalResults"] == 1 and a.json["Resources"][0]["id"] == someone["id"], a)
    with_ext = next(u for u in seed if "externalId" in u)
    a = call("GET", base + "/Users" + q(filter=f'externalId eq "{with_ext["externalId"]}"'), token=token)
    check("genesys: externalId eq", a.status == 200 and [r["id"] for r in a.json["Resources"]] == [with_ext["id"]], a)
    a = call("GET", base + "/Users" + q(filter=f'id eq "{someone["id"]}"'), token=token)
    check("genesys: id eq", a.status == 200 and a.json["totalResults"] == 1, a)
    a = call("GET", base + "/Users" + q(filter='userName co "x"'), token=token)
    check("genesys: an unsupported filter -> 400 invalidFilter",
          is_scim_error(a, 400) and a.json.get("scimType") == "invalidFilter", a)
    a = call("GET", base + "/Users/" + seed[15]["id"], token=token)
    manager = a.json[ENTERPRISE]["manager"]["value"] if a.status == 200 else None
    b = call("GET", base + "/Users/" + str(manager), token=token)
    check("genesys: seeded manager.value points at another seeded user", b.status == 200 and manager == seed[1]["id"], b)
    check("genesys: the read-only userName mirror is listed in emails (type other)",
          {"value": seed[15]["userName"], "type": "other"} in a.json.get("emails", []), a)

    new = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", GENESYS],
           "userName": "Ünïcode.Tester@genesys.example.org", "displayName": "Ünïcode Tester",
           "roles": ["employee", "agent"], "password": "S3cret!", "active": True,
           GENESYS: {"externalIds": [{"authority": "hris", "value": "42"}]}}
    a = call("POST", base + "/Users", new, token=token)
    uid = a.json.get("id") if a.json else None
    check("genesys: POST with plain-string roles and the purecloud extension -> 201, ETag W/\"1\"",
          a.status == 201 and a.header("ETag") == 'W/"1"' and a.json["meta"]["version"] == 'W/"1"'
          and a.json["roles"] == ["employee", "agent"] and "password" not in a.json
          and a.json[GENESYS]["externalIds"][0]["value"] == "42" and a.header("Location", ) is not None, a)
    a = call("POST", base + "/Users", dict(new, userName=new["userName"].upper()), token=token)
    check("genesys: duplicate userName (other case) -> 409 uniqueness",
          is_scim_error(a, 409) and a.json.get("scimType") == "uniqueness", a)
    a = call("POST", base + "/Users", {"userName": "nodisplay@genesys.example.org"}, token=token)
    check("genesys: POST without displayName -> 400", is_scim_error(a, 400), a)
    a = call("POST", base + "/Users", dict(new, userName="x@y", **{"urn:example:unknown": {}}), token=token)
    check("genesys: an unknown extension -> 400 invalidSyntax", is_scim_error(a, 400), a)

    replacement = dict(new, title="Supervisor")
    a = call("PUT", base + "/Users/" + uid, replacement, token=token, headers={"If-Match": 'W/"1"'})
    check("genesys: PUT with the current If-Match -> 200, ETag W/\"2\"",
          a.status == 200 and a.header("ETag") == 'W/"2"' and a.json["title"] == "Supervisor", a)
    a = call("PUT", base + "/Users/" + uid, replacement, token=token, headers={"If-Match": 'W/"1"'})
    check("genesys: PUT with a stale If-Match -> 412", is_scim_error(a, 412), a)
    patch = {"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "active", "value": False},
        {"op": "add", "path": "name.givenName", "value": "Ünï"},
        {"op": "remove", "path": "title"},
        {"op": "add", "path": ENTERPRISE + ":manager", "value": {"value": seed[0]["id"]}}]}
    a = call("PATCH", base + "/Users/" + uid, patch, token=token, headers={"If-Match": 'W/"2"'})
    check("genesys: PATCH replace/add/remove with If-Match -> 200, ETag W/\"3\"",
          a.status == 200 and a.header("ETag") == 'W/"3"' and a.json["active"] is False
          and a.json["name"]["givenName"] == "Ünï" and "title" not in a.json
          and a.json[ENTERPRISE]["manager"]["value"] == seed[0]["id"] and ENTERPRISE in a.json["schemas"], a)
    a = call("PATCH", base + "/Users/" + uid, patch, token=token, headers={"If-Match": 'W/"2"'})
    check("genesys: PATCH with a stale If-Match -> 412", is_scim_error(a, 412), a)
    a = call("GET", base + "/Users" + q(filter="active eq false", count=25), token=token)
    check("genesys: the deactivated user leaves the default listing, joins active eq false",
          uid in {r["id"] for r in a.json["Resources"]}
          and call("GET", base + "/Users", token=token).json["totalResults"] == len(active), a)
    a = call("PATCH", base + "/Users/" + uid, {"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "x@y"}]}, token=token)
    check("genesys: PATCH with a value-filter path -> 400 invalidPath",
          is_scim_error(a, 400) and a.json.get("scimType") == "invalidPath", a)
    a = call("PATCH", base + "/Users/" + uid, {"schemas": [PATCH_OP], "Operations": [
        {"op": "replace", "path": "userName", "value": seed[3]["userName"]}]}, token=token)
    check("genesys: PATCH userName onto another user's -> 409", is_scim_error(a, 409), a)
    a = call("DELETE", base + "/Users/" + uid, token=token, headers={"If-Match": 'W/"1"'})
    check("genesys: DELETE with a stale If-Match -> 412", is_scim_error(a, 412), a)
    a = call("DELETE", base + "/Users/" + uid, token=token)
    b = call("GET", base + "/Users/" + uid, token=token)
    check("genesys: DELETE -> 204, then GET -> 404", a.status == 204 and is_scim_error(b, 404), (a, b))
    stats = call("GET", base.split("/scim/")[0] + "/__mock/stats").json or {}
    check("genesys: /__mock/stats counts per method and status",
          stats.get("method", {}).get("DELETE", 0) >= 2 and stats.get("status", {}).get("401", 0) >= 2, stats)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--env", required=True, help="harness.env written by harness.sh")
    env = read_env(parser.parse_args().env)
    print(f"scim2-server {env.get('SCIM2_SERVER_VERSION')} at {env['SCIM_SERVER_URL']}, "
          f"proxy {env['SCIM_PROXY_URL']}, Genesys mock {env['GENESYS_URL']}")
    source_token = open(env["SCIM_SOURCE_TOKEN_FILE"]).read().strip()
    target_token = open(env["SCIM_TARGET_TOKEN_FILE"]).read().strip()
    sections = [("tokens", lambda: test_tokens(env, source_token, target_token))]
    sections.append(("oauth", lambda: test_oauth(env, source_token, target_token)))
    ids = {}
    sections.append(("load", lambda: ids.update(dict.fromkeys(load_source(env, source_token)))))
    sections.append(("writes", lambda: test_writes_keep_alive(env, target_token)))
    sections.append(("paging", lambda: test_paging(env, set(ids))))
    sections.append(("rate limits", lambda: test_rate_limits(env)))
    sections.append(("bulk and drops", lambda: test_bulk_and_drops(env)))
    sections.append(("genesys", lambda: test_genesys(env)))
    for name, run in sections:
        print(f"-- {name}")
        try:
            run()
        except Exception as error:  # a crash in a section is a failure, the others still run
            import traceback
            traceback.print_exc()
            check(f"{name}: section ran to the end", False, f"{type(error).__name__}: {error}")
    stop_all()
    print(f"\nselftest: {len(passed)} passed, {len(failed)} failed")
    for name in failed:
        print(f"  failed: {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
