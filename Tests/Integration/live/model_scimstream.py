#!/usr/bin/env python3
"""A small Python model of scimstream's live-service options, standard library only. It is NOT the tool:
it exists so that migrate_test.py can be checked on its own, before (or apart from) a build:

  SCIMSTREAM=Tests/Integration/live/model_scimstream.py \\
      bash Tests/Integration/live/harness.sh -- python3 Tests/Integration/live/migrate_test.py

It implements the contract the test checks and nothing more: a SCIM base URL (paged GETs,
--page-size, --server-filter, --token-file or SCIMSTREAM_TOKEN) or an NDJSON file as input, --for-create, --id-to-external-id,
--to ndjson|scim with -o, target bearer token or OAuth client credentials, --bulk auto|always|never
('always' needs bulk.supported and sends Bulk documents of 100 POSTs; otherwise user by user), --concurrency, --max-retries (429 and
503 with Retry-After in both forms, lost connections), --on-conflict skip|fail, --results, --resume,
--remap-references, --dry-run, --rejects, --stats-json. Exit 0, 64, 65, 69, 77 as the CLI does.
"""
import argparse
import base64
import concurrent.futures
import email.utils
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class GaveUp(Exception):
    pass


class Unauthorized(Exception):
    pass


class Auth:
    def __init__(self, token=None, token_url=None, client_id=None, secret=None):
        self.static, self.token_url, self.client_id, self.secret = token, token_url, client_id, secret
        self.lock = threading.Lock()
        self.token, self.expiry = None, 0.0

    def header(self, refresh=False):
        if self.static:
            return {"Authorization": "Bearer " + self.static}
        if not self.token_url:
            return {}
        with self.lock:
            if refresh or self.token is None or time.monotonic() > self.expiry - 0.5:
                pair = f"{urllib.parse.quote_plus(self.client_id)}:{urllib.parse.quote_plus(self.secret)}"
                status, _, body = http_call("POST", self.token_url, b"grant_type=client_credentials", {
                    "Authorization": "Basic " + base64.b64encode(pair.encode()).decode(),
                    "Content-Type": "application/x-www-form-urlencoded"})
                if status != 200:
                    raise Unauthorized(f"the token endpoint answered {status} {(body or {}).get('error')}")
                self.token = body["access_token"]
                self.expiry = time.monotonic() + float(body.get("expires_in") or 3600)
            return {"Authorization": "Bearer " + self.token}


def http_call(method, url, data=None, headers=None, timeout=30):
    split = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=timeout)
    try:
        conn.request(method, split.path + ("?" + split.query if split.query else ""), body=data, headers=headers or {})
        response = conn.getresponse()
        raw = response.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


class Client:
    def __init__(self, auth, max_retries, stats):
        self.auth, self.max_retries, self.stats = auth, max_retries, stats

    def request(self, method, url, body=None):
        """(status, headers, body, attempts); retries 429, 503 and lost connections."""
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        refreshed = False
        for attempt in range(1, self.max_retries + 2):
            headers = {"Accept": "application/scim+json", **self.auth.header()}
            if data is not None:
                headers["Content-Type"] = "application/scim+json"
            try:
                status, rh, rb = http_call(method, url, data, headers)
            except (OSError, http.client.HTTPException) as error:
                status, rh, rb, wait = None, {}, None, 0.2 * attempt
                last = f"connection failed ({type(error).__name__})"
            else:
                if status == 401 and self.auth.token_url and not refreshed:
                    refreshed = True
                    self.auth.header(refresh=True)
                    continue
                if status in (401, 403):
                    raise Unauthorized(f"{method} {url} answered {status}")
                if status not in (429, 503):
                    return status, rh, rb, attempt
                last = f"HTTP {status}"
                wait = retry_after(rh.get("Retry-After")) or 0.3 * attempt
            if attempt <= self.max_retries:
                self.stats.count("retried")
                time.sleep(min(wait, 5))
        raise GaveUp(f"{method} {url}: gave up after {self.max_retries + 1} attempts: {last}")


def retry_after(value):
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.service = {k: 0 for k in ("created", "updated", "existing", "deleted", "failed", "retried", "skipped",
                                       "remapped", "managers_missing")}
        self.service["requests"] = {}

    def count(self, key, status=None):
        with self.lock:
            if key:
                self.service[key] += 1
            if status is not None:
                self.service["requests"][str(status)] = self.service["requests"].get(str(status), 0) + 1


def users_url(base):
    base = base.rstrip("/")
    return base if base.endswith("/Users") else base + "/Users"


def read_users(client, base, page_size, server_filter):
    start = 1
    while True:
        query = {"startIndex": start, "count": page_size}
        if server_filter:
            query["filter"] = server_filter
        status, _, body, _ = client.request("GET", users_url(base) + "?" + urllib.parse.urlencode(query))
        if status != 200:
            raise GaveUp(f"reading {base}: HTTP {status}: {(body or {}).get('detail')}")
        page = body.get("Resources") or []
        yield from page
        start += len(page)
        if not page or start > int(body.get("totalResults") or 0):
            return


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input")
    p.add_argument("--token-file")
    p.add_argument("--page-size", type=int, default=100)
    p.add_argument("--server-filter")
    p.add_argument("--for-create", action="store_true")
    p.add_argument("--id-to-external-id", action="store_true")
    p.add_argument("--to", default="ndjson")
    p.add_argument("-o", "--output")
    p.add_argument("--target-token-file")
    p.add_argument("--target-oauth-token-url")
    p.add_argument("--target-client-id")
    p.add_argument("--target-client-secret-file")
    p.add_argument("--bulk", default="auto")
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--max-retries", type=int, default=5)
    p.add_argument("--on-conflict", default="skip")
    p.add_argument("--on-error", default="fail")
    p.add_argument("--results")
    p.add_argument("--resume")
    p.add_argument("--rejects")
    p.add_argument("--remap-references", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--stats-json")
    try:
        a = p.parse_args()
    except SystemExit:
        return 64
    stats = Stats()
    read_token = open(a.token_file).read().strip() if a.token_file else os.environ.get("SCIMSTREAM_TOKEN")
    reader = Client(Auth(read_token), a.max_retries, stats)
    try:
        if a.input.startswith(("http://", "https://")):
            users = list(read_users(reader, a.input, a.page_size, a.server_filter))
        else:
            users = [json.loads(line) for line in open(a.input, encoding="utf-8") if line.strip()]
        if a.to != "scim":
            out = open(a.output, "w", encoding="utf-8") if a.output else sys.stdout
            for u in users:
                out.write(json.dumps(u, ensure_ascii=False) + "\n")
            out.close()
            return 0
        if a.target_oauth_token_url:
            auth = Auth(None, a.target_oauth_token_url, a.target_client_id,
                        open(a.target_client_secret_file).read().strip())
        else:
            token = (open(a.target_token_file).read().strip() if a.target_token_file
                     else os.environ.get("SCIMSTREAM_TARGET_TOKEN"))
            auth = Auth(token)
        return migrate(a, users, Client(auth, a.max_retries, stats), stats)
    except Unauthorized as error:
        print(f"scimstream: unauthorized: {error}", file=sys.stderr)
        return 77
    except GaveUp as error:
        print(f"scimstream: {error}", file=sys.stderr)
        return 69


def migrate(a, users, client, stats):
    target = a.output.rstrip("/")
    target_users = users_url(target)
    if a.bulk == "always" and not a.dry_run:
        status, _, spc, _ = client.request("GET", target + "/ServiceProviderConfig")
        if status != 200 or not (spc or {}).get("bulk", {}).get("supported"):
            print("scimstream: --bulk always: the target does not support Bulk (bulk.supported is false)",
                  file=sys.stderr)
            return 69
    done = {}
    if a.resume:
        for line in open(a.resume, encoding="utf-8", errors="replace"):
            try:
                r = json.loads(line)
            except ValueError:
                continue
            if "phase" not in r and r.get("outcome") in ("created", "existing", "updated"):
                done[r.get("sourceId")] = r.get("targetId")
    results = open(a.results, "a" if a.results == a.resume else "w", encoding="utf-8") if a.results else None
    rejects = open(a.rejects, "w", encoding="utf-8") if a.rejects else None
    lock = threading.Lock()
    stop = threading.Event()

    def emit(line):
        if results:
            with lock:
                results.write(json.dumps(line, ensure_ascii=False) + "\n")
                results.flush()

    def one(record, user):
        if stop.is_set():
            return
        source_id = user.get("id")
        body = json.loads(json.dumps(user))
        if a.id_to_external_id and "externalId" not in body and source_id:
            body["externalId"] = source_id
        if a.for_create:
            for key in ("id", "meta", "groups", "password"):
                body.pop(key, None)
        body.get(ENTERPRISE, {}).pop("manager", None) if a.remap_references else None
        line = {"source": a.input, "record": record, "userName": user.get("userName"),
                "externalId": body.get("externalId"), "sourceId": source_id, "method": "POST"}
        if a.dry_run:
            with lock:
                sys.stdout.write(json.dumps({"method": "POST", "url": target_users, "body": body},
                                            ensure_ascii=False) + "\n")
            emit(dict(line, outcome="dry-run"))
            return
        status, headers, answer, attempts = client.request("POST", target_users, body)
        stats.count(None, status)
        line.update(status=status, attempts=attempts)
        if status == 201:
            line.update(targetId=answer["id"], location=headers.get("Location"), outcome="created")
            stats.count("created")
        elif status == 409 and a.on_conflict == "skip":
            name = json.dumps(user["userName"], ensure_ascii=False)
            q = urllib.parse.urlencode({"filter": f"userName eq {name}"}, quote_via=urllib.parse.quote)
            s2, _, found, _ = client.request("GET", target_users + "?" + q)
            hits = (found or {}).get("Resources") or []
            line.update(targetId=hits[0]["id"] if hits else None, outcome="existing")
            stats.count("existing")
        else:
            line.update(outcome="failed", error={"status": status, "scimType": (answer or {}).get("scimType"),
                                                 "detail": (answer or {}).get("detail")})
            stats.count("failed")
            if rejects:
                with lock:
                    rejects.write(json.dumps({"record": record, "error": line["error"]}) + "\n")
            if a.on_error == "fail":
                stop.set()
        emit(line)
        if line.get("targetId"):
            done[source_id] = line["targetId"]

    def bulk(chunk):
        """--bulk always: one BulkRequest per 100 users; each operation answered like a single POST."""
        ops, lines = [], []
        for record, user in chunk:
            body = json.loads(json.dumps(user))
            if a.id_to_external_id and "externalId" not in body and user.get("id"):
                body["externalId"] = user["id"]
            for key in ("id", "meta", "groups", "password"):
                body.pop(key, None)
            body.get(ENTERPRISE, {}).pop("manager", None)
            ops.append({"method": "POST", "path": "/Users", "bulkId": f"r{record}", "data": body})
            lines.append({"source": a.input, "record": record, "userName": user.get("userName"),
                          "externalId": body.get("externalId"), "sourceId": user.get("id"), "method": "POST"})
        status, _, answer, attempts = client.request("POST", target + "/Bulk", {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops})
        results_by_id = {op.get("bulkId"): op for op in (answer or {}).get("Operations") or []}
        for (record, user), line in zip(chunk, lines):
            op = results_by_id.get(f"r{record}", {})
            op_status = int(op.get("status") or 0)
            stats.count(None, op_status)
            line.update(status=op_status, attempts=attempts)
            if op_status == 201:
                line.update(targetId=op["location"].rstrip("/").rsplit("/", 1)[-1], location=op["location"],
                            outcome="created")
                stats.count("created")
                done[user.get("id")] = line["targetId"]
            else:
                line.update(outcome="failed", error={"status": op_status})
                stats.count("failed")
            emit(line)

    pending = [(i + 1, u) for i, u in enumerate(users) if u.get("id") not in done]
    with concurrent.futures.ThreadPoolExecutor(max(1, a.concurrency)) as pool:
        if a.bulk == "always" and not a.dry_run:
            futures = [pool.submit(bulk, pending[k:k + 100]) for k in range(0, len(pending), 100)]
        else:
            futures = [pool.submit(one, i, u) for i, u in pending]
        for f in futures:
            f.result()
    if stop.is_set():
        write_stats(a, stats)
        return 65
    if a.remap_references and not a.dry_run:
        def remap(user):
            manager = user.get(ENTERPRISE, {}).get("manager", {}).get("value")
            target_id = done.get(user.get("id"))
            if not manager or not target_id:
                return
            manager_target = done.get(manager)
            line = {"phase": "remap", "targetId": target_id, "managerSourceId": manager,
                    "managerTargetId": manager_target}
            if not manager_target:
                stats.count("managers_missing")
                emit(dict(line, outcome="manager-missing"))
                return
            patch = {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": ENTERPRISE + ":manager",
                                                            "value": {"value": manager_target}}]}
            status, _, _, _ = client.request("PATCH", f"{target_users}/{target_id}", patch)
            stats.count("remapped" if status in (200, 204) else "failed", status)
            emit(dict(line, status=status, outcome="remapped" if status in (200, 204) else "failed"))
        with concurrent.futures.ThreadPoolExecutor(max(1, a.concurrency)) as pool:
            for f in [pool.submit(remap, u) for u in users]:
                f.result()
    write_stats(a, stats)
    return 65 if stats.service["failed"] and a.on_error == "fail" else 0


def write_stats(a, stats):
    if a.stats_json:
        with open(a.stats_json, "w") as f:
            json.dump({"service": stats.service}, f)


if __name__ == "__main__":
    sys.exit(main())
