#!/usr/bin/env python3
"""A Genesys-Cloud-like SCIM Users service, in memory, standard library only.

It imitates Genesys Cloud where a SCIM client notices (it is a mock, not Genesys):
  - GET {base}/Users?startIndex=&count=   count defaults to 25; count > 25 answers 429 with a
    SCIM Error (--max-count, --over-count-status); without a filter only users with
    active=true are listed; filters: 'active eq true|false', 'userName eq "x"' (case-insensitive),
    'externalId eq "x"', 'id eq "x"' (anything else: 400 invalidFilter)
  - no /Bulk (404), ServiceProviderConfig says bulk.supported=false, filter.maxResults=25
  - POST / GET / PUT / PATCH (PatchOp add|replace|remove on simple paths) / DELETE on
    {base}/Users/{id}; userName and displayName are required on POST and PUT
  - 409 scimType=uniqueness on a duplicate userName (case-insensitive)
  - ETag W/"n" (n counts the versions of each user) in meta.version and the ETag header;
    If-Match that does not match answers 412 (PUT, PATCH, DELETE, GET with If-None-Match: 304)
  - roles as plain strings (objects {"value": ...} are accepted and stored as strings);
    the extension urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User is accepted;
    an unknown extension URN answers 400 invalidSyntax
  - the read-only mirror of userName in emails (type "other") is added on output and ignored on input
  - password is accepted and never returned
  - bearer token (--token-file): a missing or wrong token answers 401 on every endpoint

  genesys_mock.py [--port 0 --port-file F] [--token-file F] [--seed-users users.ndjson]
                  [--base-path /scim/v2] [--max-count 25] [--over-count-status 429]

GET /__mock/stats answers request counts per method and status (no token needed).
Only loopback addresses are accepted for --listen.
"""
import argparse
import copy
import hmac
import http.server
import ipaddress
import itertools
import json
import os
import re
import socket
import sys
import threading
import time
import urllib.parse
import uuid

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
KNOWN_EXTENSIONS = {ENTERPRISE, GENESYS}
READ_ONLY = {"id", "meta", "groups", "password", "schemas"}
FILTER = re.compile(r'^\s*(active|userName|externalId|id)\s+eq\s+(true|false|"((?:[^"\\]|\\.)*)")\s*$', re.I)


class ScimError(Exception):
    def __init__(self, status, detail, scim_type=None, headers=()):
        super().__init__(detail)
        self.status, self.detail, self.scim_type, self.headers = status, detail, scim_type, list(headers)

    def body(self):
        b = {"schemas": [ERROR], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            b["scimType"] = self.scim_type
        return b


def etag(version):
    return f'W/"{version}"'


def tag_matches(header, version):
    """Weak comparison of an If-Match / If-None-Match list against a version number."""
    if header.strip() == "*":
        return True
    for part in header.split(","):
        part = part.strip()
        if part[:2] in ("W/", "w/"):
            part = part[2:]
        if part.strip('"') == str(version):
            return True
    return False


class Store:
    def __init__(self, base_url_fn):
        self.lock = threading.Lock()
        self.users = {}        # id -> stored user (without meta.location)
        self.versions = {}     # id -> int
        self.base_url = base_url_fn

    # -- validation and normalisation shared by POST, PUT and seeding
    def clean(self, body, *, require_display=True):
        if not isinstance(body, dict):
            raise ScimError(400, "The request body must be a JSON object", "invalidSyntax")
        schemas = body.get("schemas") or [CORE]
        if not isinstance(schemas, list) or CORE not in schemas:
            raise ScimError(400, f"schemas must list {CORE}", "invalidValue")
        for key in body:
            if key.startswith("urn:") and key not in KNOWN_EXTENSIONS:
                raise ScimError(400, f"Unknown schema extension: {key}", "invalidSyntax")
        for urn in schemas:
            if urn != CORE and urn not in KNOWN_EXTENSIONS:
                raise ScimError(400, f"Unknown schema: {urn}", "invalidValue")
        user = {k: copy.deepcopy(v) for k, v in body.items() if k not in READ_ONLY}
        name = user.get("userName")
        if not isinstance(name, str) or not name.strip():
            raise ScimError(400, "userName is required", "invalidValue")
        if require_display and not (isinstance(user.get("displayName"), str) and user["displayName"].strip()):
            raise ScimError(400, "displayName is required", "invalidValue")
        if "active" in user and not isinstance(user["active"], bool):
            raise ScimError(400, "active must be a boolean", "invalidValue")
        user.setdefault("active", True)
        if "roles" in user:
            roles = user["roles"]
            if not isinstance(roles, list):
                raise ScimError(400, "roles must be an array", "invalidValue")
            user["roles"] = [r.get("value") if isinstance(r, dict) else r for r in roles]
            if not all(isinstance(r, str) for r in user["roles"]):
                raise ScimError(400, "roles must be strings", "invalidValue")
        if isinstance(user.get("emails"), list):  # drop the read-only mirror of userName
            user["emails"] = [e for e in user["emails"]
                              if not (isinstance(e, dict) and e.get("type") == "other"
                                      and str(e.get("value", "")).lower() == name.lower())]
            if not user["emails"]:
                del user["emails"]
        for urn in (ENTERPRISE, GENESYS):
            if urn in user and not user[urn]:
                del user[urn]
            elif urn in user and not isinstance(user[urn], dict):
                raise ScimError(400, f"{urn} must be an object", "invalidSyntax")
        present = [urn for urn in (ENTERPRISE, GENESYS) if urn in user]
        user["schemas"] = [CORE] + present
        return user

    def check_unique(self, user, own_id=None):
        lowered = user["userName"].lower()
        for uid, other in self.users.items():
            if uid != own_id and other["userName"].lower() == lowered:
                raise ScimError(409, f"userName {user['userName']!r} is already in use", "uniqueness")

    def stamp(self, uid, user, created=None):
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        self.versions[uid] = self.versions.get(uid, 0) + 1
        user["id"] = uid
        user["meta"] = {"resourceType": "User", "created": created or now, "lastModified": now,
                        "version": etag(self.versions[uid])}
        self.users[uid] = user

    def render(self, user, attributes=None, excluded=None):
        out = copy.deepcopy(user)
        out["meta"]["location"] = f"{self.base_url()}/Users/{user['id']}"
        mirror = {"value": user["userName"], "type": "other"}
        out["emails"] = list(out.get("emails") or []) + [mirror]
        if attributes:
            keep = {a.split(".")[0].lower() for a in attributes} | {"id", "schemas"}
            out = {k: v for k, v in out.items() if k.lower() in keep}
        if excluded:
            drop = {a.split(".")[0].lower() for a in excluded} - {"id", "schemas"}
            out = {k: v for k, v in out.items() if k.lower() not in drop}
        return out

    # -- operations
    def create(self, body):
        user = self.clean(body)
        with self.lock:
            self.check_unique(user)
            uid = str(uuid.uuid4())
            self.stamp(uid, user)
            return copy.deepcopy(user)

    def seed(self, body):
        user = self.clean(body, require_display=False)
        uid = body.get("id") if isinstance(body.get("id"), str) and body["id"] else str(uuid.uuid4())
        with self.lock:
            if uid in self.users:
                raise ValueError(f"duplicate id {uid}")
            self.check_unique(user)
            self.stamp(uid, user)

    def get(self, uid):
        with self.lock:
            if uid not in self.users:
                raise ScimError(404, f"User {uid} not found")
            return copy.deepcopy(self.users[uid])

    def check_if_match(self, uid, if_match):
        if if_match is not None and not tag_matches(if_match, self.versions[uid]):
            raise ScimError(412, "Failed to update: the resource changed (If-Match does not match)",
                            headers=[("ETag", etag(self.versions[uid]))])

    def replace(self, uid, body, if_match):
        new = self.clean(body)
        with self.lock:
            if uid not in self.users:
                raise ScimError(404, f"User {uid} not found")
            self.check_if_match(uid, if_match)
            self.check_unique(new, own_id=uid)
            self.stamp(uid, new, created=self.users[uid]["meta"]["created"])
            return copy.deepcopy(new)

    def patch(self, uid, body, if_match):
        if not isinstance(body, dict) or PATCH_OP not in (body.get("schemas") or []):
            raise ScimError(400, f"schemas must be [{PATCH_OP}]", "invalidSyntax")
        ops = body.get("Operations")
        if not isinstance(ops, list) or not ops:
            raise ScimError(400, "Operations must be a non-empty array", "invalidSyntax")
        with self.lock:
            if uid not in self.users:
                raise ScimError(404, f"User {uid} not found")
            self.check_if_match(uid, if_match)
            current = copy.deepcopy(self.users[uid])
            work = {k: v for k, v in current.items() if k not in ("id", "meta")}
            for op in ops:
                apply_patch(work, op)
            work["schemas"] = current["schemas"]
            new = self.clean(work)
            self.check_unique(new, own_id=uid)
            self.stamp(uid, new, created=current["meta"]["created"])
            return copy.deepcopy(new)

    def delete(self, uid, if_match):
        with self.lock:
            if uid not in self.users:
                raise ScimError(404, f"User {uid} not found")
            self.check_if_match(uid, if_match)
            del self.users[uid]

    def search(self, scim_filter):
        with self.lock:
            users = list(self.users.values())
        if scim_filter is None:
            return [u for u in users if u.get("active", True) is True]
        m = FILTER.match(scim_filter)
        if not m:
            raise ScimError(400, f"Unsupported filter: {scim_filter}", "invalidFilter")
        attr, literal, quoted = m.group(1).lower(), m.group(2), m.group(3)
        if attr == "active":
            if quoted is not None:
                raise ScimError(400, "active compares to true or false", "invalidFilter")
            wanted = literal.lower() == "true"
            return [u for u in users if u.get("active", True) is wanted]
        if quoted is None:
            raise ScimError(400, f"{m.group(1)} compares to a string", "invalidFilter")
        try:
            value = json.loads(f'"{quoted}"')
        except ValueError:
            raise ScimError(400, "Invalid string in filter", "invalidFilter") from None
        if attr == "username":
            return [u for u in users if u["userName"].lower() == value.lower()]
        if attr == "externalid":
            return [u for u in users if u.get("externalId") == value]
        return [u for u in users if u["id"] == value]


def split_path(path):
    """'urn:...:User:manager.value' -> (urn, ['manager', 'value']); 'name.givenName' -> (None, [...])."""
    if "[" in path:
        raise ScimError(400, f"Value filters in paths are not supported: {path}", "invalidPath")
    for urn in KNOWN_EXTENSIONS | {CORE}:
        if path.lower().startswith(urn.lower() + ":"):
            parts = path[len(urn) + 1:].split(".")
            return (None if urn == CORE else urn), parts
        if path.lower() == urn.lower():
            return urn, []
    if path.startswith("urn:"):
        raise ScimError(400, f"Unknown path: {path}", "invalidPath")
    return None, path.split(".")


def find_key(obj, name):
    for k in obj:
        if k.lower() == name.lower():
            return k
    return name


def apply_patch(user, op):
    if not isinstance(op, dict):
        raise ScimError(400, "Each operation must be an object", "invalidSyntax")
    kind = str(op.get("op", "")).lower()
    if kind not in ("add", "replace", "remove"):
        raise ScimError(400, f"Unsupported op: {op.get('op')!r}", "invalidSyntax")
    path, value = op.get("path"), op.get("value")
    if not path:
        if kind == "remove":
            raise ScimError(400, "remove needs a path", "noTarget")
        if not isinstance(value, dict):
            raise ScimError(400, "An operation without path needs an object value", "invalidValue")
        for k, v in value.items():
            if k.startswith("urn:") and isinstance(v, dict):
                ext = user.setdefault(k, {})
                ext.update(v)
            else:
                apply_patch(user, {"op": kind, "path": k, "value": v})
        return
    urn, parts = split_path(path)
    if urn is not None:
        parent = user.setdefault(urn, {}) if kind != "remove" else user.get(urn, {})
    else:
        parent = user
    if not parts:
        if kind == "remove":
            user.pop(urn, None)
        elif isinstance(value, dict):
            parent.update(value)
        return
    for name in parts[:-1]:
        key = find_key(parent, name)
        if kind == "remove" and not isinstance(parent.get(key), dict):
            return
        parent = parent.setdefault(key, {})
        if not isinstance(parent, dict):
            raise ScimError(400, f"{path} does not name a simple attribute", "invalidPath")
    key = find_key(parent, parts[-1])
    if urn is None and len(parts) == 1 and key.lower() in ("id", "meta", "groups"):
        raise ScimError(400, f"{key} is read-only", "mutability")
    if kind == "remove":
        parent.pop(key, None)
    elif kind == "add" and isinstance(parent.get(key), list) and isinstance(value, list):
        parent[key] = parent[key] + value
    else:
        parent[key] = value


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "genesys-mock/1"
    store = None
    token = None
    config = None
    stats = None
    stats_lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, body=None, headers=()):
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if data:
            self.send_header("Content-Type", "application/scim+json; charset=utf-8")
        if status not in (204, 304):
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)
        with self.stats_lock:
            for table, key in (("status", str(status)), ("method", self.command)):
                self.stats[table][key] = self.stats[table].get(key, 0) + 1
        if not self.config.quiet:
            path = urllib.parse.urlsplit(self.path).path
            sys.stderr.write(f"{time.strftime('%H:%M:%S')} {self.command} {path} -> {status}\n")

    def read_raw(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def parse_json(raw):
        try:
            return json.loads(raw.decode("utf-8")) if raw else None
        except (ValueError, UnicodeDecodeError):
            raise ScimError(400, "The request body is not valid JSON", "invalidSyntax") from None

    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def dispatch(self):
        try:
            self.route()
        except ScimError as error:
            self.send_json(error.status, error.body(), error.headers)

    def route(self):
        split = urllib.parse.urlsplit(self.path)
        path = split.path.rstrip("/")
        if path == "/__mock/stats":
            with self.stats_lock:
                return self.send_json(200, self.stats)
        raw = self.read_raw()
        base = self.config.base_path
        if not path.startswith(base + "/") and path != base:
            raise ScimError(404, f"No endpoint at {path}")
        if self.token is not None:
            scheme, _, given = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.token.encode()):
                raise ScimError(401, "Authentication failed: missing or invalid bearer token",
                                headers=[("WWW-Authenticate", 'Bearer realm="genesys-mock"')])
        body = self.parse_json(raw) if self.command in ("POST", "PUT", "PATCH") else None
        rest = path[len(base):].strip("/").split("/") if path != base else []
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        q = lambda name: (query.get(name) or [None])[-1]
        m, n = self.command, len(rest)
        if n == 1 and rest[0] == "ServiceProviderConfig" and m == "GET":
            return self.send_json(200, service_provider_config(self.base_url()))
        if n == 1 and rest[0] == "ResourceTypes" and m == "GET":
            return self.send_json(200, resource_types(self.base_url()))
        if n >= 1 and rest[0] == "Users":
            if n == 1 and m == "GET":
                return self.list_users(q)
            if n == 1 and m == "POST":
                user = self.store.create(body)
                out = self.store.render(user)
                return self.send_json(201, out, [("Location", out["meta"]["location"]), ("ETag", user["meta"]["version"])])
            if n == 2:
                uid = rest[1]
                if m == "GET":
                    user = self.store.get(uid)
                    inm = self.headers.get("If-None-Match")
                    if inm and tag_matches(inm, self.store.versions.get(uid)):
                        return self.send_json(304, None, [("ETag", user["meta"]["version"])])
                    out = self.store.render(user, split_list(q("attributes")), split_list(q("excludedAttributes")))
                    return self.send_json(200, out, [("ETag", user["meta"]["version"])])
                if m == "PUT":
                    user = self.store.replace(uid, body, self.headers.get("If-Match"))
                    return self.send_json(200, self.store.render(user), [("ETag", user["meta"]["version"])])
                if m == "PATCH":
                    user = self.store.patch(uid, body, self.headers.get("If-Match"))
                    return self.send_json(200, self.store.render(user), [("ETag", user["meta"]["version"])])
                if m == "DELETE":
                    self.store.delete(uid, self.headers.get("If-Match"))
                    return self.send_json(204)
            raise ScimError(405 if n <= 2 else 404, f"{m} is not supported on {path}")
        raise ScimError(404, f"No endpoint at {path}")

    def base_url(self):
        host = self.headers.get("Host") or f"{self.server.server_address[0]}:{self.server.server_address[1]}"
        return f"http://{host}{self.config.base_path}"

    def list_users(self, q):
        try:
            start = int(q("startIndex") or 1)
            count = int(q("count")) if q("count") not in (None, "") else self.config.max_count
        except ValueError:
            raise ScimError(400, "startIndex and count must be integers", "invalidValue") from None
        if count > self.config.max_count:
            raise ScimError(self.config.over_count_status,
                            f"count {count} exceeds the maximum page size of {self.config.max_count}",
                            None if self.config.over_count_status == 429 else "invalidValue")
        start, count = max(start, 1), max(count, 0)
        users = self.store.search(q("filter"))
        page = users[start - 1:start - 1 + count]
        attrs, excl = split_list(q("attributes")), split_list(q("excludedAttributes"))
        self.send_json(200, {"schemas": [LIST], "totalResults": len(users), "startIndex": start,
                             "itemsPerPage": len(page),
                             "Resources": [self.store.render(u, attrs, excl) for u in page]})


def split_list(value):
    return [a.strip() for a in value.split(",") if a.strip()] if value else None


def service_provider_config(base):
    return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://developer.genesys.cloud/ (mocked)",
            "patch": {"supported": True}, "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": 25}, "changePassword": {"supported": False},
            "sort": {"supported": False}, "etag": {"supported": True},
            "authenticationSchemes": [{"type": "oauthbearertoken", "name": "OAuth Bearer Token",
                                       "description": "Bearer token (mock)", "primary": True}],
            "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"}}


def resource_types(base):
    user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User",
            "endpoint": "/Users", "schema": CORE,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}, {"schema": GENESYS, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"}}
    return {"schemas": [LIST], "totalResults": 1, "startIndex": 1, "itemsPerPage": 1, "Resources": [user]}


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--token-file")
    p.add_argument("--seed-users", metavar="NDJSON")
    p.add_argument("--base-path", default="/scim/v2")
    p.add_argument("--max-count", type=int, default=25)
    p.add_argument("--over-count-status", type=int, choices=[400, 429], default=429)
    p.add_argument("--quiet", action="store_true")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if not ipaddress.ip_address(args.listen).is_loopback:
            p.error("--listen must be a loopback address")
    except ValueError:
        if args.listen != "localhost":
            p.error("--listen must be a loopback address")
    args.base_path = "/" + args.base_path.strip("/")

    Handler.config = args
    Handler.stats = {"status": {}, "method": {}}
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            Handler.token = f.read().strip()
        if not Handler.token:
            p.error("the token file is empty")
    Server.address_family = socket.AF_INET6 if ":" in args.listen else socket.AF_INET
    server = Server((args.listen, args.port), Handler)
    port = server.server_address[1]
    store = Store(lambda: f"http://{args.listen}:{port}{args.base_path}")
    Handler.store = store
    if args.seed_users:
        with open(args.seed_users, encoding="utf-8") as f:
            for number, line in zip(itertools.count(1), f):
                if line.strip():
                    try:
                        store.seed(json.loads(line))
                    except (ScimError, ValueError) as error:
                        p.error(f"{args.seed_users}:{number}: {error}")
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.replace(args.port_file + ".tmp", args.port_file)
    sys.stderr.write(f"genesys mock on http://{args.listen}:{port}{args.base_path} ({len(store.users)} users)\n")
    sys.stderr.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
