#!/usr/bin/env python3
"""A fault-injecting reverse HTTP proxy for SCIM services, standard library only.

It listens on a loopback address, forwards every request to --upstream and, each behaviour
switched on by a flag, misbehaves the way real SCIM services and networks do:

  --token TENANT=FILE          per-tenant bearer tokens (tenant = first path segment); a missing or
                               wrong 'Authorization: Bearer ...' gets 401 with a SCIM Error; the
                               Authorization header is never forwarded, never logged
  --oauth-client TENANT=CLIENT_ID:SECRET_FILE
                               an OAuth 2.0 client (RFC 6749 section 4.4, client credentials):
                               POST /oauth/token with grant_type=client_credentials, authenticated by
                               HTTP Basic or client_id/client_secret form fields, answers a random
                               bearer token that TENANT accepts (besides its --token) until it
                               expires (--oauth-expires-in S, default 3600); then 401 invalid_token
  --rate-limit-every N         every Nth request answers 429 with Retry-After
                               (--retry-after-form seconds|date|alternate, --retry-after-date,
                               --retry-after-seconds S)
  --unavailable-every N        every Nth request answers 503 (Retry-After with
                               --unavailable-retry-after S, none without)
  --max-page-size N            GET .../Users with count > N (or no count): --page-cap clamp forwards
                               count=N (the server returns fewer, as RFC 7644 allows);
                               --page-cap reject answers --page-cap-status (429, like Genesys, or 400)
  --hide-bulk                  /Bulk answers --hide-bulk-status (501 or 404) and the
                               ServiceProviderConfig is rewritten to bulk.supported=false
  --hide-cursor                the ServiceProviderConfig is rewritten to pagination.cursor=false
                               and a request with a 'cursor' parameter answers 400 invalidCursor
  --drop-after-post-every N    every Nth POST to .../Users is forwarded (the user IS created), then
                               the client connection is closed without any response (lost answer)
  --reset-every N              every Nth request: the connection is closed before forwarding
                               (nothing reaches the upstream)
  --delay-ms N                 latency added before forwarding
  --fault-path REGEX           the counted faults (rate limit, unavailable, reset) only count and hit
                               requests whose path matches (default: every path)
  --seed S                     counters become probabilities: each 'every N' fires with chance 1/N,
                               from a generator seeded with S (without --seed: exact counters)

The token endpoint is never faulted (no 429, 503, reset or delay) and needs no bearer token.

Control endpoints (never counted, never faulted, no token needed):
  GET  /__proxy/stats          JSON counts per behaviour, per status, per method, per tenant
  POST /__proxy/reset          zero the stats and the counters
  POST /__proxy/config         JSON object of flag names (dest form, e.g. {"rate_limit_every": 3})
                               to change at run time; answers the resulting configuration

Only 127.0.0.0/8 and ::1 are accepted for --listen and --upstream.
"""
import argparse
import base64
import email.utils
import hashlib
import hmac
import http.client
import http.server
import ipaddress
import json
import math
import os
import random
import re
import secrets
import socket
import struct
import sys
import threading
import time
import urllib.parse

ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "trailers", "transfer-encoding", "upgrade", "content-length", "authorization"}
USERS_PATH = re.compile(r"/Users/?$")
BULK_PATH = re.compile(r"/Bulk/?$")
SPC_PATH = re.compile(r"/ServiceProviderConfigs?/?$")
DISCOVERY_PATH = re.compile(r"/(ServiceProviderConfigs?|ResourceTypes|Schemas)(/[^/]*)?/?$")
TOKEN_PATH = "/oauth/token"

# Flags that POST /__proxy/config may change, with their types.
RUNTIME = {"rate_limit_every": int, "retry_after_form": str, "retry_after_seconds": int,
           "unavailable_every": int, "unavailable_retry_after": int, "max_page_size": int, "page_cap": str,
           "page_cap_status": int, "hide_bulk": bool, "hide_bulk_status": int, "hide_cursor": bool,
           "drop_after_post_every": int, "reset_every": int, "delay_ms": int, "fault_path": str,
           "rst": bool, "open_discovery": bool, "oauth_expires_in": int}


def loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def scim_error(status, detail, scim_type=None):
    body = {"schemas": [ERROR_URN], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return json.dumps(body).encode()


class Trigger:
    """Decides whether the Nth eligible event fires: exact counter, or chance 1/N with --seed."""

    def __init__(self, seed, salt):
        self.count = 0
        self.rng = random.Random(f"{seed}:{salt}") if seed is not None else None

    def hit(self, every):
        self.count += 1
        if not every or every <= 0:
            return False
        if self.rng is not None:
            return self.rng.random() < 1.0 / every
        return self.count % every == 0


class State:
    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.tokens = {}
        for tenant, path in config.token:
            with open(path, encoding="utf-8") as f:
                token = f.read().strip()
            if not token:
                sys.exit(f"fault_proxy: token file for tenant {tenant} is empty")
            self.tokens[tenant] = token
        self.clients = {}  # client_id -> (tenant, secret)
        for tenant, client_id, path in config.oauth_client:
            with open(path, encoding="utf-8") as f:
                secret = f.read().strip()
            if not secret:
                sys.exit(f"fault_proxy: client secret file for tenant {tenant} is empty")
            self.clients[client_id] = (tenant, secret)
        self.protected = set(self.tokens) | {tenant for tenant, _ in self.clients.values()}
        # Issued access tokens, kept only as SHA-256 digests: digest -> (tenant, expiry on the monotonic clock).
        # They survive POST /__proxy/reset, so a client that is running keeps its token.
        self.issued = {}
        self.reset()

    def reset(self):
        seed = self.config.seed
        self.triggers = {name: Trigger(seed, name) for name in ("rate_limit", "unavailable", "reset", "drop_post")}
        self.rate_limited_count = 0
        self.stats = {"requests": 0, "behaviour": {}, "status": {}, "method": {}, "tenant": {},
                      "dropped_posts": [], "started": time.time()}

    def count(self, table, key):
        self.stats[table][key] = self.stats[table].get(key, 0) + 1

    def issue(self, tenant, lifetime):
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self.lock:
            # Forget tokens that expired long ago, so the table stays small.
            self.issued = {d: v for d, v in self.issued.items() if v[1] > now - 600}
            self.issued[hashlib.sha256(token.encode()).digest()] = (tenant, now + lifetime)
        return token

    def issued_token(self, token, tenant):
        """None (not an issued token of TENANT), 'valid' or 'expired'."""
        with self.lock:
            entry = self.issued.get(hashlib.sha256(token.encode()).digest())
        if entry is None or entry[0] != tenant:
            return None
        return "valid" if time.monotonic() < entry[1] else "expired"

    def snapshot(self):
        with self.lock:
            return json.loads(json.dumps(self.stats))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--upstream", required=True, help="base URL of the upstream, e.g. http://127.0.0.1:8080")
    p.add_argument("--listen", default="127.0.0.1", help="loopback address to listen on")
    p.add_argument("--port", type=int, default=0, help="port (0: any free port; see --port-file)")
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--token", action="append", default=[], metavar="TENANT=FILE",
                   help="bearer token of a tenant (repeatable); tenants without one need no token")
    p.add_argument("--oauth-client", action="append", default=[], metavar="TENANT=CLIENT_ID:SECRET_FILE",
                   help="an OAuth client-credentials client whose tokens TENANT accepts (repeatable)")
    p.add_argument("--oauth-expires-in", type=int, default=3600, metavar="S",
                   help="lifetime of the access tokens that POST /oauth/token issues [default: 3600]")
    p.add_argument("--open-discovery", action="store_true",
                   help="ServiceProviderConfig, ResourceTypes and Schemas need no token")
    p.add_argument("--rate-limit-every", type=int, default=0, metavar="N")
    p.add_argument("--retry-after-form", choices=["seconds", "date", "alternate"], default="seconds")
    p.add_argument("--retry-after-date", action="store_const", const="date", dest="retry_after_form",
                   help="same as --retry-after-form date")
    p.add_argument("--retry-after-seconds", type=int, default=1, metavar="S")
    p.add_argument("--unavailable-every", type=int, default=0, metavar="N")
    p.add_argument("--unavailable-retry-after", type=int, default=None, metavar="S",
                   help="Retry-After seconds on the 503 (default: no Retry-After header)")
    p.add_argument("--max-page-size", type=int, default=0, metavar="N")
    p.add_argument("--page-cap", choices=["clamp", "reject"], default="clamp")
    p.add_argument("--page-cap-status", type=int, choices=[400, 429], default=429)
    p.add_argument("--hide-bulk", action="store_true")
    p.add_argument("--hide-bulk-status", type=int, choices=[404, 501], default=501)
    p.add_argument("--hide-cursor", action="store_true")
    p.add_argument("--drop-after-post-every", type=int, default=0, metavar="N")
    p.add_argument("--reset-every", type=int, default=0, metavar="N")
    p.add_argument("--rst", action="store_true",
                   help="close dropped and reset connections with a TCP RST instead of a FIN")
    p.add_argument("--delay-ms", type=int, default=0, metavar="N")
    p.add_argument("--fault-path", default="", metavar="REGEX")
    p.add_argument("--seed", default=None)
    p.add_argument("--timeout", type=float, default=60.0, help="upstream timeout in seconds")
    p.add_argument("--quiet", action="store_true", help="no log line per request")
    args = p.parse_args(argv)
    tokens = []
    for spec in args.token:
        tenant, sep, path = spec.partition("=")
        if not sep or not tenant or not path:
            p.error(f"--token wants TENANT=FILE, got {spec!r}")
        tokens.append((tenant, path))
    args.token = tokens
    clients = []
    for spec in args.oauth_client:
        tenant, sep, rest = spec.partition("=")
        client_id, sep2, path = rest.partition(":")
        if not sep or not sep2 or not tenant or not client_id or not path:
            p.error(f"--oauth-client wants TENANT=CLIENT_ID:SECRET_FILE, got {spec!r}")
        if client_id in [c for _, c, _ in clients]:
            p.error(f"--oauth-client: client id {client_id!r} given twice")
        clients.append((tenant, client_id, path))
    args.oauth_client = clients
    if args.oauth_expires_in <= 0:
        p.error("--oauth-expires-in must be positive")
    up = urllib.parse.urlsplit(args.upstream)
    if up.scheme != "http" or not up.hostname:
        p.error("--upstream must be an http:// URL")
    if not loopback(up.hostname):
        p.error("--upstream must be on the loopback interface")
    if not loopback(args.listen):
        p.error("--listen must be a loopback address")
    args.upstream_host, args.upstream_port = up.hostname, up.port or 80
    args.upstream_prefix = up.path.rstrip("/")
    return args


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "scim-fault-proxy/1"
    state = None  # set in main

    # ---------------------------------------------------------------- plumbing
    def log_message(self, fmt, *args):  # the default logs every request line; we log our own
        pass

    def note(self, status, behaviour):
        if self.state.config.quiet:
            return
        # Only method, path (query dropped: it may hold user names) and the outcome: never headers.
        path = urllib.parse.urlsplit(self.path).path
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {self.command} {path} -> {status} {behaviour}\n")

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send(self, status, body=b"", headers=(), content_type="application/scim+json"):
        self.send_response(status)
        sent = set()
        for name, value in headers:
            if name.lower() in HOP_BY_HOP or name.lower() in ("date", "server"):
                continue
            self.send_header(name, value)
            sent.add(name.lower())
        if body and "content-type" not in sent and content_type:
            self.send_header("Content-Type", content_type)
        if status not in (204, 304):  # these never carry a body, nor (RFC 9110) a Content-Length for 204
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD" and status not in (204, 304):
            self.wfile.write(body)

    def finish_request(self, status, behaviour, body=b"", headers=()):
        try:
            self.send(status, body, headers)
        except (BrokenPipeError, ConnectionResetError):
            # The client went away before reading the answer (it gave up or timed out): count it, no traceback.
            self.close_connection = True
            with self.state.lock:
                self.state.count("behaviour", "client_gone")
            self.record(status, behaviour)
            return self.note(status, "client_gone")
        self.record(status, behaviour)

    def record(self, status, behaviour):
        st = self.state
        with st.lock:
            st.count("behaviour", behaviour)
            st.count("status", str(status))
        self.note(status, behaviour)

    def drop_connection(self):
        """Close the client connection without a response (FIN, or RST with --rst)."""
        self.close_connection = True
        try:
            if self.state.config.rst:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            else:
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # ---------------------------------------------------------------- entry points
    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def handle_any(self):
        body = self.read_body()
        split = urllib.parse.urlsplit(self.path)
        if split.path.startswith("/__proxy/"):
            return self.control(split.path, body)
        st, cfg = self.state, self.state.config
        segments = [s for s in split.path.split("/") if s]
        tenant = segments[0] if segments else ""
        with st.lock:
            st.stats["requests"] += 1
            st.count("method", self.command)
            st.count("tenant", tenant or "/")
        if split.path == TOKEN_PATH and st.clients:  # counted under the tenant "oauth"
            return self.token_endpoint(body)

        # 1. bearer token of the tenant: its static --token, or a token issued by /oauth/token
        expected = st.tokens.get(tenant)
        if tenant in st.protected and not (cfg.open_discovery and DISCOVERY_PATH.search(split.path)):
            scheme, _, given = (self.headers.get("Authorization") or "").partition(" ")
            given = given.strip()
            if scheme.lower() != "bearer" or not given:
                return self.finish_request(401, "unauthorized_missing", scim_error(
                    401, "Authorization failure: a bearer token is required"),
                    [("WWW-Authenticate", 'Bearer realm="scim"')])
            static = expected is not None and hmac.compare_digest(given.encode(), expected.encode())
            issued = None if static else st.issued_token(given, tenant)
            if issued == "expired":
                return self.finish_request(401, "unauthorized_expired", scim_error(
                    401, "Authorization failure: the access token expired"),
                    [("WWW-Authenticate", 'Bearer realm="scim", error="invalid_token", '
                      'error_description="The access token expired"')])
            if not static and issued != "valid":
                return self.finish_request(401, "unauthorized_wrong", scim_error(
                    401, "Authorization failure: the bearer token is not valid for this tenant"),
                    [("WWW-Authenticate", 'Bearer realm="scim", error="invalid_token"')])

        # 2. counted faults
        faultable = not cfg.fault_path or re.search(cfg.fault_path, split.path)
        if faultable:
            with st.lock:
                reset = st.triggers["reset"].hit(cfg.reset_every)
                limited = not reset and st.triggers["rate_limit"].hit(cfg.rate_limit_every)
                unavailable = not reset and not limited and st.triggers["unavailable"].hit(cfg.unavailable_every)
                if limited:
                    st.rate_limited_count += 1
                    nth = st.rate_limited_count
            if reset:
                self.record("-", "reset_before_forward")
                return self.drop_connection()
            if limited:
                form = cfg.retry_after_form
                if form == "alternate":
                    form = "seconds" if nth % 2 == 1 else "date"
                if form == "date":
                    when = math.ceil(time.time()) + cfg.retry_after_seconds
                    value = email.utils.formatdate(when, usegmt=True)
                else:
                    value = str(cfg.retry_after_seconds)
                return self.finish_request(429, f"rate_limited_{form}", scim_error(
                    429, "Too many requests: rate limit exceeded, retry later"), [("Retry-After", value)])
            if unavailable:
                headers = []
                if cfg.unavailable_retry_after is not None:
                    headers.append(("Retry-After", str(cfg.unavailable_retry_after)))
                return self.finish_request(503, "unavailable" + ("_retry_after" if headers else ""), scim_error(
                    503, "Service unavailable, try again later"), headers)

        # 3. shape of the service
        query = split.query
        is_users_list = self.command == "GET" and USERS_PATH.search(split.path)
        params = urllib.parse.parse_qs(query, keep_blank_values=True)
        if cfg.hide_cursor and is_users_list and "cursor" in params:
            return self.finish_request(400, "cursor_hidden", scim_error(
                400, "Cursor pagination is not supported", "invalidCursor"))
        if cfg.max_page_size > 0 and is_users_list:
            raw = (params.get("count") or [None])[-1]
            try:
                count = int(raw) if raw not in (None, "") else None
            except ValueError:
                count = None  # let the upstream refuse it
                raw = "invalid"
            if raw is None or (count is not None and count > cfg.max_page_size):
                if raw is not None and cfg.page_cap == "reject":
                    return self.finish_request(cfg.page_cap_status, "page_rejected", scim_error(
                        cfg.page_cap_status,
                        f"count {count} is over the maximum page size {cfg.max_page_size}",
                        "invalidValue" if cfg.page_cap_status == 400 else None))
                parts = [p for p in query.split("&") if p and not p.startswith("count=") and p != "count"]
                parts.append(f"count={cfg.max_page_size}")
                query = "&".join(parts)
                with st.lock:
                    st.count("behaviour", "page_clamped" if raw is not None else "page_default_set")
        if cfg.hide_bulk and BULK_PATH.search(split.path):
            return self.finish_request(cfg.hide_bulk_status, "bulk_hidden", scim_error(
                cfg.hide_bulk_status, "Bulk is not supported" if cfg.hide_bulk_status == 501 else "Not found"))

        if cfg.delay_ms > 0:
            time.sleep(cfg.delay_ms / 1000.0)
            with st.lock:
                st.count("behaviour", "delayed")

        is_users_post = self.command == "POST" and USERS_PATH.search(split.path)
        drop = False
        if is_users_post:
            with st.lock:
                drop = st.triggers["drop_post"].hit(cfg.drop_after_post_every)

        # 4. forward
        target = cfg.upstream_prefix + split.path + (("?" + query) if query else "")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection(cfg.upstream_host, cfg.upstream_port, timeout=cfg.timeout)
        try:
            conn.request(self.command, target, body=body or None, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            status, resp_headers = response.status, response.getheaders()
        except (OSError, http.client.HTTPException) as error:
            return self.finish_request(502, "upstream_error", scim_error(502, f"upstream failed: {type(error).__name__}"))
        finally:
            conn.close()

        if drop:
            user_name = None
            try:
                user_name = json.loads(body).get("userName")
            except (ValueError, AttributeError):
                pass
            with st.lock:
                st.stats["dropped_posts"].append({"path": split.path, "upstream_status": status, "userName": user_name})
            self.record("-", "dropped_after_post")
            return self.drop_connection()

        behaviour = "forwarded"
        if status == 200 and SPC_PATH.search(split.path) and (cfg.hide_bulk or cfg.hide_cursor):
            try:
                spc = json.loads(payload)
                if cfg.hide_bulk:
                    spc.setdefault("bulk", {})["supported"] = False
                if cfg.hide_cursor:
                    spc.setdefault("pagination", {})["cursor"] = False
                    if spc["pagination"].get("defaultPaginationMethod") == "cursor":
                        spc["pagination"]["defaultPaginationMethod"] = "index"
                payload = json.dumps(spc).encode()
                resp_headers = [(k, v) for k, v in resp_headers if k.lower() not in ("etag",)]
                behaviour = "spc_rewritten"
            except ValueError:
                pass
        self.finish_request(status, behaviour, payload, resp_headers)

    # ---------------------------------------------------------------- OAuth 2.0 token endpoint
    def oauth_answer(self, status, body, behaviour, headers=()):
        # RFC 6749 section 5.1: no caching of token answers (errors included).
        self.send(status, json.dumps(body).encode(), [("Cache-Control", "no-store"), ("Pragma", "no-cache"),
                                                       *headers], content_type="application/json")
        self.record(status, behaviour)

    def token_endpoint(self, body):
        """RFC 6749 section 4.4: client credentials grant, client authenticated per section 2.3.1."""
        st = self.state
        if self.command != "POST":
            return self.oauth_answer(405, {"error": "invalid_request", "error_description": "use POST"},
                                     "oauth_invalid_request", [("Allow", "POST")])
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            return self.oauth_answer(400, {"error": "invalid_request", "error_description":
                                           "the body must be application/x-www-form-urlencoded"},
                                     "oauth_invalid_request")
        try:
            form = urllib.parse.parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            form = None
        if form is None or any(len(v) > 1 for v in form.values()):
            return self.oauth_answer(400, {"error": "invalid_request", "error_description":
                                           "a parameter is repeated or the body is not UTF-8"}, "oauth_invalid_request")
        form = {k: v[0] for k, v in form.items()}
        scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
        basic = scheme.lower() == "basic"
        if basic and ("client_secret" in form):
            return self.oauth_answer(400, {"error": "invalid_request", "error_description":
                                           "use one client authentication method"}, "oauth_invalid_request")
        if basic:
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
                raw_id, sep, raw_secret = decoded.partition(":")
                if not sep:
                    raise ValueError("no colon")
                # Section 2.3.1: id and secret are form-urlencoded before they are joined and encoded.
                client_id = urllib.parse.unquote_plus(raw_id)
                secret = urllib.parse.unquote_plus(raw_secret)
            except ValueError:
                client_id = secret = None
            if "client_id" in form and form["client_id"] != client_id:
                client_id = None
        else:
            client_id, secret = form.get("client_id"), form.get("client_secret")
        grant = form.get("grant_type")
        if grant is None:
            return self.oauth_answer(400, {"error": "invalid_request", "error_description": "grant_type is missing"},
                                     "oauth_invalid_request")
        known = st.clients.get(client_id or "")
        given = (secret or "").encode()
        ok = known is not None and secret is not None and hmac.compare_digest(given, known[1].encode())
        if not ok:
            challenge = [("WWW-Authenticate", 'Basic realm="oauth"')] if basic or not client_id else []
            return self.oauth_answer(401, {"error": "invalid_client", "error_description":
                                           "client authentication failed"}, "oauth_invalid_client", challenge)
        if grant != "client_credentials":
            return self.oauth_answer(400, {"error": "unsupported_grant_type"}, "oauth_unsupported_grant_type")
        lifetime = st.config.oauth_expires_in
        token = st.issue(known[0], lifetime)
        answer = {"access_token": token, "token_type": "bearer", "expires_in": lifetime}
        if form.get("scope"):
            answer["scope"] = form["scope"]
        self.send(200, json.dumps(answer).encode(), [("Cache-Control", "no-store"), ("Pragma", "no-cache")],
                  content_type="application/json")
        self.record(200, "oauth_tokens_issued")

    # ---------------------------------------------------------------- control
    def control(self, path, body):
        st = self.state
        if path == "/__proxy/stats" and self.command == "GET":
            return self.send(200, json.dumps(st.snapshot(), indent=1).encode(), content_type="application/json")
        if path == "/__proxy/reset" and self.command == "POST":
            with st.lock:
                st.reset()
            return self.send(200, b'{"reset": true}', content_type="application/json")
        if path == "/__proxy/config" and self.command in ("GET", "POST"):
            if self.command == "POST":
                try:
                    changes = json.loads(body or b"{}")
                    for key, value in changes.items():
                        kind = RUNTIME[key]
                        setattr(st.config, key, None if value is None else kind(value))
                except (ValueError, KeyError, TypeError) as error:
                    return self.send(400, json.dumps({"error": f"bad config: {error}"}).encode(),
                                     content_type="application/json")
            current = {k: getattr(st.config, k) for k in RUNTIME}
            return self.send(200, json.dumps(current).encode(), content_type="application/json")
        return self.send(404, json.dumps({"error": "unknown control endpoint"}).encode(), content_type="application/json")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    Handler.state = State(args)
    family = socket.AF_INET6 if ":" in args.listen else socket.AF_INET
    Server.address_family = family
    server = Server((args.listen, args.port), Handler)
    port = server.server_address[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    sys.stderr.write(f"fault proxy on http://{args.listen}:{port} -> {args.upstream}\n")
    sys.stderr.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
