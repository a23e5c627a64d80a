#!/usr/bin/env python3
"""End-to-end tests of the scimstream CLI against the live harness (scim2-server behind fault_proxy.py,
and the Genesys mock), standard library only.

  SCIMSTREAM=.build/release/scimstream \\
      bash Tests/Integration/live/harness.sh --env-dir DIR -- python3 Tests/Integration/live/migrate_test.py

It seeds the source tenant through SCIM_SERVER_URL (scim2-server itself, no proxy) with 300 users
(non-ASCII names, 290 of them with a manager), empties the target between scenarios, switches the
proxy's faults per scenario with /__proxy/config, and checks what really arrived on the server:

  i  export from the source to a file: every user once (plain, behind a page cap of 20, --page-size 7)
  h  the Genesys mock: active users by default, --server-filter 'active eq false', --page-size 100
  a  plain migration with --remap-references: every user once, managers point at target ids
  f  --dry-run prints the requests and sends none
  e  409 on users that already exist: --on-conflict skip (outcome existing), --on-conflict fail (65)
  d  --bulk always through /Bulk; Bulk hidden: --bulk auto writes user by user, --bulk always fails
     with a message
  b  429 (both Retry-After forms), 503, lost answers, resets and a page cap at once: same end state
  c  SIGKILL at about 40 %, then --resume: every user once, managers remapped
  g  OAuth client credentials on the target with tokens that expire during the run; wrong credentials
  f  no token, client secret or Bearer value in any output, error output, results, rejects or stats file

Prints 'PASS name' or 'FAIL name: detail' per check and 'migrate_test: N passed, M failed'; exits 1 on
any failure, 2 when it cannot start. --only LETTERS runs some scenarios (the seeding always runs);
--keep keeps the work folder (it is kept anyway when something failed).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import make_users  # noqa: E402

ENTERPRISE = make_users.ENTERPRISE
BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
USERS = 300
# Every fault the proxy can switch at run time, off: each scenario starts from this.
CLEAN = {"rate_limit_every": 0, "retry_after_form": "seconds", "retry_after_seconds": 1, "unavailable_every": 0,
         "unavailable_retry_after": None, "max_page_size": 0, "page_cap": "clamp", "page_cap_status": 429,
         "hide_bulk": False, "hide_bulk_status": 501, "hide_cursor": False, "drop_after_post_every": 0,
         "reset_every": 0, "delay_ms": 0, "fault_path": "", "rst": False, "oauth_expires_in": 3600}

passed, failed = [], []


def check(name, condition, detail=""):
    if condition:
        passed.append(name)
        print(f"PASS  {name}", flush=True)
    else:
        failed.append(name)
        text = str(detail)
        print(f"FAIL  {name}{': ' + text[:1500] if text else ''}", flush=True)
    return bool(condition)


# ============================================================================ HTTP
def call(method, url, body=None, token=None, timeout=60):
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
    headers = {"Accept": "application/scim+json"}
    if data is not None:
        headers["Content-Type"] = "application/scim+json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, (json.loads(raw) if raw else None)
        except ValueError:
            return error.code, None


class Env:
    def __init__(self):
        e = os.environ
        missing = [k for k in ("SCIM_SERVER_URL", "SCIM_PROXY_CONTROL", "SCIM_SOURCE_URL", "SCIM_TARGET_URL",
                               "SCIM_SOURCE_TOKEN_FILE", "SCIM_TARGET_TOKEN_FILE", "SCIM_OAUTH_TOKEN_URL",
                               "SCIM_TARGET_CLIENT_ID", "SCIM_TARGET_CLIENT_SECRET_FILE", "GENESYS_URL",
                               "GENESYS_TOKEN_FILE", "GENESYS_SEED_FILE", "LIVE_HARNESS_DIR") if not e.get(k)]
        if missing:
            sys.exit(f"migrate_test: not run by harness.sh (missing {', '.join(missing)})")
        self.server = e["SCIM_SERVER_URL"]
        self.control = e["SCIM_PROXY_CONTROL"]
        self.source, self.target = e["SCIM_SOURCE_URL"], e["SCIM_TARGET_URL"]
        self.source_token_file, self.target_token_file = e["SCIM_SOURCE_TOKEN_FILE"], e["SCIM_TARGET_TOKEN_FILE"]
        self.token_url, self.client_id = e["SCIM_OAUTH_TOKEN_URL"], e["SCIM_TARGET_CLIENT_ID"]
        self.client_secret_file = e["SCIM_TARGET_CLIENT_SECRET_FILE"]
        self.genesys, self.genesys_token_file = e["GENESYS_URL"], e["GENESYS_TOKEN_FILE"]
        self.genesys_seed = e["GENESYS_SEED_FILE"]
        self.proxy_log = os.path.join(e["LIVE_HARNESS_DIR"], "proxy.log")
        self.secrets = {name: open(path).read().strip() for name, path in [
            ("source token", self.source_token_file), ("target token", self.target_token_file),
            ("Genesys token", self.genesys_token_file), ("client secret", self.client_secret_file)]}


ENV = None
WORK = None
BINARY = None


def proxy(**changes):
    """Every fault off, then CHANGES; the proxy's stats and counters start from zero."""
    status, body = call("POST", ENV.control + "/config", dict(CLEAN, **changes))
    if status != 200:
        raise RuntimeError(f"/__proxy/config refused {changes}: {status} {body}")
    call("POST", ENV.control + "/reset")


def proxy_stats():
    return call("GET", ENV.control + "/stats")[1]


def log_offset():
    return os.path.getsize(ENV.proxy_log)


def proxy_log_since(offset):
    with open(ENV.proxy_log, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        return f.read()


def list_users(tenant):
    """Every user of TENANT, read from scim2-server itself (no proxy, no faults)."""
    users, start = [], 1
    while True:
        status, body = call("GET", f"{ENV.server}/{tenant}/v2/Users?startIndex={start}&count=1000")
        if status != 200:
            raise RuntimeError(f"listing {tenant}: {status} {body}")
        page = body.get("Resources") or []
        users += page
        start += len(page)
        if not page or start > body["totalResults"]:
            return users


def delete_all(tenant):
    users = list_users(tenant)
    if users:
        ops = [{"method": "DELETE", "path": "/Users/" + u["id"]} for u in users]
        status, body = call("POST", f"{ENV.server}/{tenant}/v2/Bulk", {"schemas": [BULK_REQUEST], "Operations": ops},
                            timeout=120)
        if status != 200:
            raise RuntimeError(f"emptying {tenant}: {status} {body}")
    left = list_users(tenant)
    if left:
        raise RuntimeError(f"{len(left)} users left in {tenant} after emptying it")


def for_create(user):
    """A source user as an earlier migration would have created it, minus the manager: no id or meta,
    externalId kept or taken from the source id."""
    u = json.loads(json.dumps(user))
    u.setdefault("externalId", u["id"])
    for key in ("id", "meta"):
        u.pop(key, None)
    u.get(ENTERPRISE, {}).pop("manager", None)
    return u


# ============================================================================ running the tool
class Run:
    def __init__(self, name, rc, out, err, elapsed):
        self.name, self.rc, self.out, self.err, self.elapsed = name, rc, out, err, elapsed

    @property
    def stdout(self):
        return open(self.out, encoding="utf-8", errors="replace").read()

    @property
    def stderr(self):
        return open(self.err, encoding="utf-8", errors="replace").read()

    def __repr__(self):
        err = self.stderr.strip().replace("\n", " | ")
        return f"[{self.name}: exit {self.rc} after {self.elapsed:.1f} s; stderr: {err[:700]!r}]"


def path(name):
    return os.path.join(WORK, name)


def tool_env(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCIMSTREAM_")}
    env.update(extra or {})
    return env


def start(name, args, env=None):
    out, err = path(name + ".stdout"), path(name + ".stderr")
    with open(path(name + ".cmd"), "w", encoding="utf-8") as f:  # what was run, for whoever reads a failure
        f.write(" ".join([BINARY] + [a if re.fullmatch(r"[\w./:=@,+-]+", a) else repr(a) for a in args]) + "\n")
    process = subprocess.Popen([BINARY, *args], stdin=subprocess.DEVNULL, stdout=open(out, "wb"),
                               stderr=open(err, "wb"), env=tool_env(env))
    return process, out, err


def run(name, args, env=None, timeout=120):
    began = time.monotonic()
    process, out, err = start(name, args, env)
    try:
        rc = process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        rc = f"killed after the {timeout} s timeout"
    return Run(name, rc, out, err, time.monotonic() - began)


def read_ndjson(file):
    """(records, number of lines that are not JSON objects); a missing file gives ([], 0)."""
    records, bad = [], 0
    if not os.path.exists(file):
        return records, bad
    with open(file, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                bad += 1
                continue
            if isinstance(value, dict):
                records.append(value)
            else:
                bad += 1
    return records, bad


def read_json(file):
    try:
        with open(file, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def service_stats(file):
    stats = read_json(file)
    return stats.get("service") if isinstance(stats, dict) and isinstance(stats.get("service"), dict) else None


def migrate_args(results, stats=None, *extra):
    args = [ENV.source, "--token-file", ENV.source_token_file, "--page-size", "50", "--for-create",
            "--id-to-external-id", "--to", "scim", "-o", ENV.target, "--target-token-file", ENV.target_token_file,
            "--results", results, "--remap-references"]
    if stats:
        args += ["--stats-json", stats]
    return args + list(extra)


# ============================================================================ what arrived
class Source:
    def __init__(self, users):
        self.users = users
        self.by_name = {u["userName"]: u for u in users}
        self.by_id = {u["id"]: u for u in users}
        self.names = set(self.by_name)


def check_target(label, source, expect_managers=True):
    """Every source user once in the target (by userName), externalId kept or taken from the source id,
    and (with managers) manager.value = the target id of the manager's target user."""
    target = list_users("target")
    names = [u["userName"] for u in target]
    missing = sorted(source.names - set(names))
    extra = sorted(set(names) - source.names)
    dupes = sorted({n for n in names if names.count(n) > 1})
    ok = check(f"{label}: the target holds every source user exactly once ({len(source.users)})",
               len(target) == len(source.users) and not missing and not extra and not dupes,
               f"target has {len(target)}, missing {len(missing)} {missing[:3]}, extra {extra[:3]}, twice {dupes[:3]}")
    if not ok:
        return target
    by_name = {u["userName"]: u for u in target}
    wrong_ext = [n for n, t in by_name.items()
                 if t.get("externalId") != (source.by_name[n].get("externalId") or source.by_name[n]["id"])]
    check(f"{label}: externalId kept, or the source id where there was none (--id-to-external-id)",
          not wrong_ext, [(n, by_name[n].get("externalId")) for n in wrong_ext[:3]])
    if expect_managers:
        wrong, checked = [], 0
        for name, s in source.by_name.items():
            manager = s.get(ENTERPRISE, {}).get("manager", {}).get("value")
            if not manager:
                continue
            checked += 1
            want = by_name[source.by_id[manager]["userName"]]["id"]
            got = by_name[name].get(ENTERPRISE, {}).get("manager", {}).get("value")
            if got != want:
                wrong.append((name, got, want))
        check(f"{label}: every manager.value is the target id of the manager's target user ({checked})",
              checked == 290 and not wrong, f"{len(wrong)} wrong, e.g. (user, got, want) {wrong[:3]}")
    return target


def check_results(label, file, source, outcomes, target=None):
    """One line without 'phase' per source user, with an outcome from OUTCOMES; sourceId and targetId right.
    Answers the user lines by userName (or None)."""
    records, bad = read_ndjson(file)
    user_lines = [r for r in records if "phase" not in r]
    names = [r.get("userName") for r in user_lines]
    ok = check(f"{label}: --results has one line per user ({len(source.users)}), each JSON",
               bad == 0 and len(user_lines) == len(source.users) and set(names) == source.names,
               f"{len(user_lines)} user lines, {bad} not JSON, {len(set(names))} distinct names, "
               f"missing {sorted(source.names - set(names))[:2]}, first line {user_lines[:1]}")
    if not ok and not user_lines:
        return None
    by_name = {r.get("userName"): r for r in user_lines}
    records_seen = [r.get("record") for r in user_lines]
    unshaped = [r for r in user_lines if not (isinstance(r.get("record"), int) and isinstance(r.get("method"), str)
                                              and isinstance(r.get("status"), int) and isinstance(r.get("attempts"), int)
                                              and r["attempts"] >= 1)]
    check(f"{label}: each line has record, method, status and attempts; the records are distinct",
          not unshaped and len(set(records_seen)) == len(records_seen), unshaped[:2])
    odd = [(r.get("userName"), r.get("outcome"), r.get("error")) for r in user_lines if r.get("outcome") not in outcomes]
    check(f"{label}: every outcome is one of {'/'.join(sorted(outcomes))}", not odd, odd[:3])
    wrong_source = [n for n, r in by_name.items() if n in source.by_name and r.get("sourceId") != source.by_name[n]["id"]]
    check(f"{label}: each line's sourceId is the source user's id", not wrong_source,
          [(n, by_name[n].get("sourceId")) for n in wrong_source[:3]])
    if target is not None:
        ids = {u["userName"]: u["id"] for u in target}
        wrong_target = [n for n, r in by_name.items() if r.get("outcome") in ("created", "existing", "updated")
                        and r.get("targetId") != ids.get(n)]
        check(f"{label}: each line's targetId is the id of the user in the target", not wrong_target,
              [(n, by_name[n].get("targetId"), ids.get(n)) for n in wrong_target[:3]])
    remap = [r for r in records if r.get("phase") == "remap"]
    bad_remap = [r for r in remap if r.get("outcome") != "remapped"]
    check(f"{label}: no remap line failed or lost its manager", not bad_remap, bad_remap[:3])
    return by_name


# ============================================================================ scenarios
def seed():
    for tenant in ("source", "target"):
        delete_all(tenant)
    users = make_users.make(USERS, "rfc")
    status, body = call("POST", ENV.server + "/source/v2/Bulk", make_users.bulk(users), timeout=120)
    ops = (body or {}).get("Operations") or []
    check(f"seed: one Bulk of {USERS} users into the source -> {USERS} x 201",
          status == 200 and len(ops) == USERS and all(o.get("status") == "201" for o in ops), (status, str(body)[:300]))
    stored = list_users("source")
    source = Source(stored)
    managers = [u for u in stored if u.get(ENTERPRISE, {}).get("manager")]
    check("seed: 300 source users, 290 with a manager, non-ASCII names",
          len(stored) == USERS and len(managers) == 290 and any(n.startswith("李.") for n in source.names)
          and "Zoë.García0@source.example.com" in source.names, (len(stored), len(managers)))
    return source


def scenario_export(source):
    """i: the source exported to a file: every user exactly once, as stored (meta aside)."""
    def same_users(label, run, file):
        if not check(f"{label}: exit 0", run.rc == 0, run):
            return
        records, bad = read_ndjson(file)
        ids = [r.get("id") for r in records]
        check(f"{label}: every source user exactly once ({len(records)} records)",
              bad == 0 and len(ids) == USERS and set(ids) == set(source.by_id),
              f"{len(ids)} records, {len(set(ids))} distinct ids, {bad} not JSON, "
              f"missing {len(set(source.by_id) - set(ids))}")
        differ = [r.get("userName") for r in records if r.get("id") in source.by_id and
                  {k: v for k, v in r.items() if k != "meta"}
                  != {k: v for k, v in source.by_id[r["id"]].items() if k != "meta"}]
        check(f"{label}: the records are the stored users (meta aside)", not differ, differ[:3])

    proxy()
    out = path("export.ndjson")
    r = run("i-export", [ENV.source, "--token-file", ENV.source_token_file, "-o", out])
    same_users("i export", r, out)
    proxy(max_page_size=20, page_cap="clamp")
    out = path("export-cap20.ndjson")
    r = run("i-export-cap20", [ENV.source, "--token-file", ENV.source_token_file, "--page-size", "50", "-o", out])
    same_users("i export behind a page cap of 20 (asking 50)", r, out)
    check("i export behind a page cap of 20: the proxy clamped pages",
          proxy_stats()["behaviour"].get("page_clamped", 0) >= 15, proxy_stats()["behaviour"])
    proxy()
    offset = log_offset()
    out = path("export-page7.ndjson")
    r = run("i-export-page7", [ENV.source, "--page-size", "7", "-o", out],
            env={"SCIMSTREAM_TOKEN": ENV.secrets["source token"]})
    same_users("i export --page-size 7, token from SCIMSTREAM_TOKEN", r, out)
    listed = len(re.findall(r"GET /source/v2/Users -> 200", proxy_log_since(offset)))
    check("i export --page-size 7: 43 or more pages were read", listed >= 43, listed)


def scenario_genesys(source):
    """h: the Genesys mock lists active users only without a filter, and refuses pages over 25 with 429."""
    proxy()
    seed_users = [json.loads(line) for line in open(ENV.genesys_seed, encoding="utf-8") if line.strip()]
    active = {u["id"] for u in seed_users if u["active"]}
    inactive = {u["id"] for u in seed_users if not u["active"]}
    base = [ENV.genesys, "--token-file", ENV.genesys_token_file]

    def ids_of(run):
        records, bad = read_ndjson(run.out)
        return [r.get("id") for r in records], bad

    r = run("h-genesys", base + ["--page-size", "25"])
    ids, bad = ids_of(r)
    check(f"h genesys --page-size 25: exit 0, exactly the {len(active)} active users",
          r.rc == 0 and bad == 0 and len(ids) == len(active) and set(ids) == active,
          (r, len(ids), len(set(ids) & inactive)))
    r = run("h-genesys-inactive", base + ["--page-size", "25", "--server-filter", "active eq false"])
    ids, bad = ids_of(r)
    check(f"h genesys --server-filter 'active eq false': exit 0, exactly the {len(inactive)} inactive users",
          r.rc == 0 and bad == 0 and len(ids) == len(inactive) and set(ids) == inactive, (r, len(ids)))
    r = run("h-genesys-page100", base + ["--page-size", "100"])
    ids, bad = ids_of(r)
    if r.rc == 0:
        check("h genesys --page-size 100 (over the mock's 25): exit 0 only with every active user",
              bad == 0 and len(ids) == len(active) and set(ids) == active, (r, len(ids)))
    else:
        check("h genesys --page-size 100 (over the mock's 25): a non-zero exit says 429",
              isinstance(r.rc, int) and 0 < r.rc < 128 and "429" in r.stderr, r)


def scenario_plain(source):
    """a: a plain migration."""
    proxy()
    delete_all("target")
    results, stats = path("a.results"), path("a.stats.json")
    r = run("a-migrate", migrate_args(results, stats))
    check("a plain migration: exit 0", r.rc == 0, r)
    target = check_target("a plain migration", source)
    check_results("a plain migration", results, source, {"created"}, target)
    service = service_stats(stats)
    check("a plain migration: --stats-json service.created = 300, nothing failed",
          service is not None and service.get("created") == USERS and not service.get("failed")
          and isinstance(service.get("requests"), dict), read_json(stats))
    keys = {"created", "updated", "existing", "deleted", "failed", "retried", "skipped", "remapped", "managers_missing",
            "requests"}
    check("a plain migration: --stats-json service has " + ", ".join(sorted(keys)),
          service is not None and keys <= set(service), sorted(keys - set(service or {})))
    if service is not None:
        remapped = [x for x in read_ndjson(results)[0] if x.get("phase") == "remap" and x.get("outcome") == "remapped"]
        check("a plain migration: service.remapped = the remap lines with outcome remapped",
              service.get("remapped") == len(remapped), (service.get("remapped"), len(remapped)))


def scenario_dry_run(source):
    """f: --dry-run prints the requests and sends nothing to the target."""
    proxy()
    delete_all("target")
    offset = log_offset()
    results = path("f-dry.results")
    r = run("f-dry-run", [ENV.source, "--token-file", ENV.source_token_file, "--page-size", "50", "--for-create",
                          "--id-to-external-id", "--to", "scim", "-o", ENV.target, "--target-token-file",
                          ENV.target_token_file, "--results", results, "--dry-run"])
    check("f --dry-run: exit 0", r.rc == 0, r)
    lines, bad = read_ndjson(r.out)
    shaped = [x for x in lines if isinstance(x.get("method"), str) and isinstance(x.get("url"), str)
              and isinstance(x.get("body"), dict)]
    check("f --dry-run: stdout is one {method, url, body} JSON line per request",
          lines and bad == 0 and len(shaped) == len(lines)
          and all(x["url"].startswith(ENV.target + "/") for x in lines), (bad, lines[:1], r))
    covered = []
    for x in shaped:
        if x["method"] == "POST" and re.search(r"/Users/?$", x["url"]):
            covered.append(x["body"])
        elif x["method"] == "POST" and re.search(r"/Bulk/?$", x["url"]):
            covered += [op.get("data") or {} for op in x["body"].get("Operations") or []]
    names = [u.get("userName") for u in covered]
    check("f --dry-run: the requests create each of the 300 users once, without their source id",
          len(names) == USERS and set(names) == source.names and not any("id" in u for u in covered),
          (len(names), len(set(names)), [u for u in covered if "id" in u][:1]))
    check("f --dry-run: the target stays empty", list_users("target") == [], len(list_users("target")))
    writes = re.findall(r"(?:POST|PUT|PATCH|DELETE) /target/\S*", proxy_log_since(offset))
    check("f --dry-run: no write request reached the target", not writes, writes[:3])
    records, _ = read_ndjson(results)
    outcomes = {x.get("outcome") for x in records if "phase" not in x}
    check("f --dry-run: --results says outcome dry-run for each user",
          len([x for x in records if "phase" not in x]) == USERS and outcomes == {"dry-run"}, (len(records), outcomes))


def scenario_conflicts(source):
    """e: users that already exist in the target."""
    chosen = [source.users[i]["userName"] for i in range(USERS)
              if not source.users[i].get(ENTERPRISE, {}).get("manager")][:5]

    def precreate():
        delete_all("target")
        ids = {}
        for name in chosen:
            status, body = call("POST", ENV.server + "/target/v2/Users", for_create(source.by_name[name]))
            if status != 201:
                raise RuntimeError(f"pre-creating {name}: {status} {body}")
            ids[name] = body["id"]
        return ids

    proxy()
    ids = precreate()
    results, stats = path("e-skip.results"), path("e-skip.stats.json")
    r = run("e-conflict-skip", migrate_args(results, stats))
    check("e 409, --on-conflict skip (default): exit 0", r.rc == 0, r)
    target = check_target("e 409 skip", source)
    lines = check_results("e 409 skip", results, source, {"created", "existing"}, target)
    if lines:
        existing = {n for n, x in lines.items() if x.get("outcome") == "existing"}
        check("e 409 skip: outcome existing exactly for the 5 users that were there, with their ids",
              existing == set(chosen) and all(lines[n].get("targetId") == ids[n] for n in chosen),
              [(n, lines[n].get("outcome"), lines[n].get("targetId"), ids.get(n)) for n in chosen])
    service = service_stats(stats)
    check("e 409 skip: service.created 295, service.existing 5",
          service is not None and service.get("created") == USERS - 5 and service.get("existing") == 5, service)
    ids = precreate()
    results, rejects = path("e-fail.results"), path("e-fail.rejects")
    r = run("e-conflict-fail", migrate_args(results, None, "--on-conflict", "fail", "--rejects", rejects))
    check("e 409, --on-conflict fail: exit 65", r.rc == 65, r)
    records, _ = read_ndjson(results)
    failures = [x for x in records if x.get("outcome") == "failed"]
    check("e 409 fail: --results has a failed line with error.status 409 for a pre-existing user",
          any(str((x.get("error") or {}).get("status")) == "409" and x.get("userName") in chosen for x in failures),
          failures[:3] or records[:3])


def scenario_hidden_bulk(source):
    """d: --bulk always against a target with Bulk, then a target whose Bulk is hidden."""
    proxy()
    delete_all("target")
    offset = log_offset()
    results = path("d-always-supported.results")
    r = run("d-bulk-always-supported", migrate_args(results, None, "--bulk", "always"))
    check("d --bulk always, the target supports Bulk: exit 0", r.rc == 0, r)
    target = check_target("d --bulk always (Bulk supported)", source)
    check_results("d --bulk always (Bulk supported)", results, source, {"created"}, target)
    log = proxy_log_since(offset)
    bulks, singles = len(re.findall(r"POST /target/v2/Bulk -> 200", log)), len(re.findall(r"POST /target/v2/Users -> ", log))
    check("d --bulk always, the target supports Bulk: the users went through /Bulk, none by POST /Users",
          bulks >= 1 and singles == 0, f"{bulks} Bulk requests, {singles} single POSTs")

    proxy(hide_bulk=True)
    delete_all("target")
    offset = log_offset()
    results, stats = path("d-auto.results"), path("d-auto.stats.json")
    r = run("d-bulk-auto", migrate_args(results, stats, "--bulk", "auto"))
    check("d hidden Bulk, --bulk auto: exit 0", r.rc == 0, r)
    target = check_target("d hidden Bulk --bulk auto", source)
    check_results("d hidden Bulk --bulk auto", results, source, {"created"}, target)
    posts = len(re.findall(r"POST /target/v2/Users -> 201", proxy_log_since(offset)))
    check("d hidden Bulk, --bulk auto: the users were POSTed one by one", posts == USERS, posts)
    proxy(hide_bulk=True)
    delete_all("target")
    r = run("d-bulk-always", migrate_args(path("d-always.results"), None, "--bulk", "always"))
    check("d hidden Bulk, --bulk always: a non-zero exit (not a crash) with a message naming Bulk",
          isinstance(r.rc, int) and 0 < r.rc < 128 and "bulk" in r.stderr.lower(), r)


def scenario_faults(source):
    """b: rate limits (both Retry-After forms), 503s, lost answers, resets and a page cap at once."""
    proxy(rate_limit_every=7, retry_after_form="alternate", retry_after_seconds=1, unavailable_every=11,
          drop_after_post_every=13, reset_every=17, max_page_size=20, page_cap="clamp")
    delete_all("target")
    results, stats, rejects = path("b.results"), path("b.stats.json"), path("b.rejects")
    r = run("b-faults", migrate_args(results, stats, "--bulk", "never", "--max-retries", "10", "--rejects", rejects),
            timeout=240)
    check("b faults: exit 0", r.rc == 0, r)
    seen = proxy_stats()
    behaviour = seen["behaviour"]
    check("b faults: the proxy really sent 429 (both forms), 503, resets, dropped answers and clamped pages",
          all(behaviour.get(k, 0) > 0 for k in ("rate_limited_seconds", "rate_limited_date", "unavailable",
                                                 "reset_before_forward", "dropped_after_post", "page_clamped")),
          behaviour)
    target = check_target("b faults", source)
    lines = check_results("b faults", results, source, {"created", "existing"}, target)
    if lines:
        check("b faults: some user took more than one attempt",
              any(isinstance(x.get("attempts"), int) and x["attempts"] > 1 for x in lines.values()),
              [x.get("attempts") for x in list(lines.values())[:10]])
        dropped = [d["userName"] for d in seen["dropped_posts"]]
        check(f"b faults: outcome existing for each POST whose answer was lost ({len(dropped)})",
              dropped and all(lines.get(n, {}).get("outcome") == "existing" for n in dropped),
              [(n, lines.get(n, {}).get("outcome")) for n in dropped[:5]])
        check("b faults: each lost POST carried its user (the proxy read a userName from every dropped body)",
              all(isinstance(n, str) for n in dropped), seen["dropped_posts"][:5])
    service = service_stats(stats)
    check("b faults: service.retried > 0 and created + existing = 300",
          service is not None and (service.get("retried") or 0) > 0
          and (service.get("created") or 0) + (service.get("existing") or 0) == USERS, service)


def scenario_kill_resume(source):
    """c: SIGKILL at about 40 % of the users, then the same command with --resume."""
    proxy(delay_ms=30)
    delete_all("target")
    first, second = path("c.results"), path("c2.results")
    extra = ["--concurrency", "2", "--bulk", "never"]
    process, out, err = start("c-killed", migrate_args(first, None, *extra))
    began, killed_at = time.monotonic(), None
    while time.monotonic() - began < 90:
        if process.poll() is not None:
            break
        done = [x for x in read_ndjson(first)[0] if "phase" not in x]
        if len(done) >= USERS * 0.4:
            process.send_signal(signal.SIGKILL)
            killed_at = len(done)
            break
        time.sleep(0.02)
    else:
        process.kill()
    process.wait()
    recorded = [x for x in read_ndjson(first)[0] if "phase" not in x]
    if not check("c kill: SIGKILLed with about 40 % of the users in --results",
                 killed_at is not None and len(recorded) < USERS * 0.8,
                 f"exit {process.returncode}, {len(recorded)} lines when it ended; "
                 f"stderr {open(err, errors='replace').read()[:500]!r}"):
        return
    created_before = {x.get("userName") for x in recorded if x.get("outcome") == "created"}
    on_server = len(list_users("target"))
    offset = log_offset()
    args = migrate_args(second, path("c2.stats.json"), *extra, "--resume", first)
    r = run("c-resumed", args)
    check(f"c resume (killed at {len(recorded)} of {USERS} results, {on_server} on the server): exit 0", r.rc == 0, r)
    check_target("c kill & resume", source)
    records, _ = read_ndjson(second)
    after = {x.get("userName"): x.get("outcome") for x in records if "phase" not in x}
    uncovered = [n for n in source.names if n not in created_before and after.get(n) not in ("created", "existing")]
    check("c resume: each user is created in the first run's results or created/existing in the second's",
          not uncovered, (len(uncovered), uncovered[:3]))
    check("c resume: nothing failed in the resumed run",
          not [x for x in records if x.get("outcome") in ("failed", "manager-missing")],
          [x for x in records if x.get("outcome") in ("failed", "manager-missing")][:3])
    posts = len(re.findall(r"POST /target/v2/Users -> ", proxy_log_since(offset)))
    check("c resume: users recorded as created are not POSTed again "
          f"(POSTs {posts} <= {USERS - len(created_before)} + 2 in flight)",
          posts <= USERS - len(created_before) + 2, posts)


def scenario_oauth(source):
    """g: the target authorised by OAuth client credentials, with tokens that expire during the run."""
    proxy(oauth_expires_in=2, delay_ms=20)
    delete_all("target")
    results, stats = path("g.results"), path("g.stats.json")
    oauth = ["--target-oauth-token-url", ENV.token_url, "--target-client-id", ENV.client_id,
             "--target-client-secret-file", ENV.client_secret_file]
    args = [ENV.source, "--token-file", ENV.source_token_file, "--page-size", "50", "--for-create",
            "--id-to-external-id", "--to", "scim", "-o", ENV.target, *oauth, "--results", results,
            "--remap-references", "--stats-json", stats, "--bulk", "never", "--concurrency", "2"]
    r = run("g-oauth", args)
    check("g OAuth with 2-second tokens: exit 0", r.rc == 0, r)
    issued = proxy_stats()["behaviour"].get("oauth_tokens_issued", 0)
    check(f"g OAuth: the run outlived its first token and fetched another ({issued} issued, {r.elapsed:.1f} s)",
          issued >= 2 and r.elapsed > 2.5, proxy_stats()["behaviour"])
    target = check_target("g OAuth", source)
    check_results("g OAuth", results, source, {"created"}, target)

    proxy()
    delete_all("target")
    wrong = path("wrong.client-secret")
    with open(wrong, "w") as f:
        f.write("not-the-secret\n")
    os.chmod(wrong, 0o600)
    bad = list(oauth)
    bad[-1] = wrong
    r = run("g-oauth-wrong-secret", [ENV.source, "--token-file", ENV.source_token_file, "--for-create", "--to", "scim",
                                     "-o", ENV.target, *bad, "--results", path("g-wrong.results")], timeout=60)
    check("g OAuth with a wrong client secret: exit 77, nothing written",
          r.rc == 77 and list_users("target") == [], r)
    wrong_token = path("wrong.token")
    with open(wrong_token, "w") as f:
        f.write("not-the-token\n")
    r = run("g-wrong-static-token", [ENV.source, "--token-file", ENV.source_token_file, "--for-create", "--to", "scim",
                                     "-o", ENV.target, "--target-token-file", wrong_token], timeout=60)
    check("g a wrong static target token: exit 77, nothing written", r.rc == 77 and list_users("target") == [], r)


def scan_for_secrets():
    """f: no token, client secret or bearer value anywhere in what the tool wrote."""
    files = sorted(os.path.join(WORK, f) for f in os.listdir(WORK)
                   if not f.endswith(".cmd") and f not in ("wrong.client-secret", "wrong.token"))
    found = []
    bearer = re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]{12,}")
    for file in files:
        text = open(file, encoding="utf-8", errors="replace").read()
        for name, value in ENV.secrets.items():
            if value and value in text:
                found.append(f"{name} in {os.path.basename(file)}")
        for m in bearer.findall(text):
            found.append(f"{m[:14]}… in {os.path.basename(file)}")
    check(f"f secrets: no token, client secret or Bearer value in the {len(files)} output, stderr, results, "
          "rejects, stats and dry-run files", files and not found, found[:5])


SCENARIOS = [("i", scenario_export), ("h", scenario_genesys), ("a", scenario_plain),
             ("f", scenario_dry_run), ("e", scenario_conflicts), ("d", scenario_hidden_bulk),
             ("b", scenario_faults), ("c", scenario_kill_resume), ("g", scenario_oauth)]


def main():
    global ENV, WORK, BINARY
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="scenario letters to run, e.g. 'ab' (default: all)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    BINARY = os.environ.get("SCIMSTREAM", "")
    if not BINARY or not os.access(BINARY, os.X_OK):
        print(f"migrate_test: SCIMSTREAM must name the scimstream binary (got {BINARY!r})", file=sys.stderr)
        return 2
    BINARY = os.path.abspath(BINARY)
    ENV = Env()
    WORK = tempfile.mkdtemp(prefix="scim-migrate-test.")
    began = time.monotonic()
    print(f"migrate_test: {BINARY} against {ENV.source} -> {ENV.target}; files in {WORK}", flush=True)
    try:
        source = seed()
    except Exception as error:  # without the seed nothing else means anything
        check("seed: ran", False, f"{type(error).__name__}: {error}")
        source = None
    for letter, scenario in SCENARIOS if source else []:
        if options.only and letter not in options.only:
            continue
        print(f"-- {scenario.__doc__.strip().splitlines()[0]}", flush=True)
        t = time.monotonic()
        try:
            scenario(source)
        except Exception as error:  # a crash in one scenario is a failure; the others still run
            import traceback
            traceback.print_exc()
            check(f"{letter}: scenario ran to the end", False, f"{type(error).__name__}: {error}")
        print(f"   ({time.monotonic() - t:.1f} s)", flush=True)
    if source:
        try:
            proxy()
        except Exception:
            pass
        scan_for_secrets()
    print(f"\nmigrate_test: {len(passed)} passed, {len(failed)} failed ({time.monotonic() - began:.0f} s)")
    for name in failed:
        print(f"  failed: {name}")
    if failed or options.keep:
        print(f"migrate_test: the tool's outputs are kept in {WORK} (*.cmd: the command lines)")
    else:
        shutil.rmtree(WORK, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
