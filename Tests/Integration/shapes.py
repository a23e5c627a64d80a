#!/usr/bin/env python3
"""shapes.py: what scimstream writes for a target is accepted by a real RFC 7643 server.

    SCIMSTREAM=.build/release/scimstream SCIM2_SERVER=.build-integration/venv/bin/scim2-server \
        python3 Tests/Integration/shapes.py

scim2-server (PyPI, 0.8.3) validates every user against pydantic models of the RFC 7643 schemas, so
Genesys-shaped users (samples/users.ndjson: plain-string roles, the purecloud extension, groups,
meta) are refused until scimstream has reshaped them. The script starts two scim2-servers on free
loopback ports and stops them (by their process ids) when it ends:

  A  --schema genesys-extension-schema.json --resource-type genesys-resource-types.json (tenants
     a, ctl): the RFC 7643 schemas plus the Genesys extension
  B  stock (tenants b, c, d): the RFC 7643 schemas only

  1  the schema files: A serves the Genesys schema and lists it on User; a hand-reshaped sample
     user with the extension is accepted by A and refused by B
  2  A: samples --for-create --to bulk -o DIR/; every document POSTed to /Bulk: every operation 201,
     300 users read back with their roles, extension, enterprise attributes and active flag;
     control: without --for-create the users with plain-string roles get 400
  3  B: samples --for-create --strip <Genesys URN> --to bulk: the URN leaves `schemas` too; all 201.
     B (tenant c): --rfc-shapes only converts string elements (id, meta, groups stay);
     --rfc-shapes --strip id,meta,groups,<URN> --to bulk: all 201
  4  B: the users of 3 exported (GET /Users, one ListResponse; if 3 loaded none, tenant d is loaded
     by the script); --to bulk --bulk-method PATCH and PUT:
     no id/meta/groups in data/value, "version" = meta.version; every operation 200/204. One user
     changed on the server: the PUT Bulk of the old export gets 412 for that user only (scim2-server
     honours an operation's `version` as If-Match); --ignore-version: no "version", all 200.
     Live: --to scim -o URL --bulk never --bulk-method PUT sends If-Match: exit 65 by default, with
     --on-error skip that user `failed` 412 in --results and the others 200 (targetId = id, location
     = the user's URL), exit 0;
     --ignore-version: all 200
  5  a SCIM Error message inside the input (an NDJSON line; a page among concatenated
     ListResponses, with --from list and detected): exit 65, its detail on stderr, the users before it written;
     --on-error skip: exit 0, the users before and after written, --stats-json records_rejected 1;
     --strict-exit: exit 65

It prints PASS/FAIL lines and `shapes: N passed, M failed`, exits 1 on any failure (2 when it
cannot run), and keeps its folder (the tool's outputs, a .cmd file per command, the server logs)
when something failed. It takes about 15 seconds; every command has a time limit (90 s). Python
standard library only; scim2-server is only run as a program.
"""
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(ROOT, "samples", "users.ndjson")
SCHEMA_FILE = os.path.join(HERE, "genesys-extension-schema.json")
RESOURCE_TYPES_FILE = os.path.join(HERE, "genesys-resource-types.json")

GEN = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCHOP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
READ_ONLY = ("id", "meta", "groups")

SCIMSTREAM = os.environ.get("SCIMSTREAM")
SCIM2_SERVER = os.environ.get("SCIM2_SERVER") or os.path.join(ROOT, ".build-integration", "venv", "bin", "scim2-server")

passed, failed = 0, 0
WORK = tempfile.mkdtemp(prefix="scimstream-shapes.")
servers = []


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}", flush=True)
    else:
        failed += 1
        text = detail if isinstance(detail, str) else repr(detail)
        print(f"FAIL {name}" + (f": {text[:1500]}" if text else ""), flush=True)
    return ok


def path(name):
    return os.path.join(WORK, name)


# ---------------------------------------------------------------------------------------------
# scimstream

class Run:
    def __init__(self, name, rc, out, err, seconds):
        self.name, self.rc, self.out, self.err, self.seconds = name, rc, out, err, seconds

    def brief(self):
        return f"[{self.name}] exit {self.rc}, stderr: {self.err.strip()[-600:]!r}"


def run(name, args, timeout=90):
    """Runs scimstream with args; stdout and stderr are kept in WORK/name.out|.err."""
    env = {k: v for k, v in os.environ.items() if k not in ("SCIMSTREAM_TOKEN", "SCIMSTREAM_TARGET_TOKEN")}
    with open(path(name + ".cmd"), "w", encoding="utf-8") as f:
        f.write(" ".join(_quote(a) for a in [SCIMSTREAM, *args]) + "\n")
    began = time.monotonic()
    with open(path(name + ".out"), "wb") as out, open(path(name + ".err"), "wb") as err:
        process = subprocess.Popen([SCIMSTREAM, *args], stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=WORK)
        try:
            rc = process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            rc = f"killed after the {timeout} s limit"
    with open(path(name + ".out"), "rb") as f:
        out = f.read().decode("utf-8", "replace")
    with open(path(name + ".err"), "rb") as f:
        err = f.read().decode("utf-8", "replace")
    return Run(name, rc, out, err, time.monotonic() - began)


def _quote(arg):
    return arg if arg and all(c.isalnum() or c in "-_./:=@,%+" for c in arg) else "'" + arg.replace("'", "'\\''") + "'"


def ndjson(text):
    """The JSON objects of an NDJSON text; raises on a line that is not JSON."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_ndjson_file(file):
    if not os.path.exists(file):
        return []
    with open(file, encoding="utf-8") as f:
        return ndjson(f.read())


def bulk_documents(directory):
    """[(file, BulkRequest)] of DIR/bulk-*.json, in order."""
    docs = []
    for file in sorted(glob.glob(os.path.join(directory, "bulk-*.json"))):
        with open(file, "rb") as f:
            docs.append((file, json.loads(f.read())))
    return docs


def operations(docs):
    return [op for _, doc in docs for op in doc.get("Operations", [])]


# ---------------------------------------------------------------------------------------------
# scim2-server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(name, tenants, extra=()):
    """Starts scim2-server; answers its base URL http://127.0.0.1:PORT."""
    for _attempt in range(3):
        port = free_port()
        log = open(path(f"server-{name}.log"), "ab")
        args = [SCIM2_SERVER, "--hostname", "127.0.0.1", "--port", str(port), *extra]
        for tenant in tenants:
            args += ["--tenant", tenant]
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        servers.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _, _ = http("GET", f"{base}/{tenants[0]}/v2/ServiceProviderConfig", timeout=2)
                if status == 200:
                    return base
            except OSError:
                pass
            time.sleep(0.1)
        process.terminate()
        process.wait()
    raise SystemExit(f"shapes: scim2-server {name} did not start; see {path('server-' + name + '.log')}")


def http(method, url, body=None, headers=None, timeout=60):
    """(status, parsed JSON or raw text or None, headers)."""
    if body is None:
        data = None
    elif isinstance(body, bytes):
        data = body
    else:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/scim+json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw, status, hdrs = response.read(), response.status, dict(response.headers)
    except urllib.error.HTTPError as e:
        raw, status, hdrs = e.read(), e.code, dict(e.headers)
    try:
        value = json.loads(raw) if raw else None
    except ValueError:
        value = raw.decode("utf-8", "replace")
    return status, value, hdrs


def post_bulk(tenant_url, docs):
    """POSTs each BulkRequest to /Bulk; answers [(operation answer)] and a list of HTTP problems."""
    answers, problems = [], []
    for file, doc in docs:
        with open(file, "rb") as f:
            body = f.read()
        status, value, _ = http("POST", tenant_url + "/Bulk", body)
        if status != 200 or not isinstance(value, dict):
            problems.append(f"{os.path.basename(file)}: HTTP {status} {str(value)[:300]}")
            continue
        answers.extend(value.get("Operations", []))
    return answers, problems


def statuses(answers):
    counts = {}
    for a in answers:
        counts[str(a.get("status"))] = counts.get(str(a.get("status")), 0) + 1
    return counts


def first_error(answers, ok=("200", "201", "204")):
    for a in answers:
        if str(a.get("status")) not in ok:
            return f"{a.get('method')} {a.get('location') or a.get('bulkId')}: {a.get('status')} {json.dumps(a.get('response'))[:400]}"
    return ""


def list_users(tenant_url):
    status, value, _ = http("GET", tenant_url + "/Users?startIndex=1&count=1000")
    if status != 200:
        raise RuntimeError(f"GET {tenant_url}/Users: {status} {value}")
    return value


def get_user(tenant_url, uid):
    return http("GET", f"{tenant_url}/Users/{uid}")


def patch_title(tenant_url, uid, title):
    return http("PATCH", f"{tenant_url}/Users/{uid}",
                {"schemas": [PATCHOP], "Operations": [{"op": "replace", "path": "title", "value": title}]})


# ---------------------------------------------------------------------------------------------
# The samples

def load_samples():
    with open(SAMPLES, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def role_values(roles):
    return sorted(r["value"] if isinstance(r, dict) else r for r in roles or [])


def hand_reshaped(user):
    """A sample user reshaped by hand the way --for-create is meant to (for the schema checks)."""
    u = json.loads(json.dumps(user))
    for k in (*READ_ONLY, "password"):
        u.pop(k, None)
    u["roles"] = [r if isinstance(r, dict) else {"value": r} for r in u.get("roles", [])]
    return u


def skills(ext, key):
    return sorted((s.get("name"), float(s.get("proficiency"))) for s in (ext or {}).get(key) or [])


def compare_with_samples(samples, stored, with_genesys):
    """Problems found comparing the users on a server with the samples they came from."""
    by_name = {u["userName"].lower(): u for u in stored}
    problems = []
    for s in samples:
        u = by_name.get(s["userName"].lower())
        if u is None:
            problems.append(f"{s['userName']}: not on the server")
            continue
        if role_values(s.get("roles")) != role_values(u.get("roles")):
            problems.append(f"{s['userName']}: roles {u.get('roles')} for {s.get('roles')}")
        if bool(u.get("active")) != bool(s.get("active")):
            problems.append(f"{s['userName']}: active {u.get('active')} for {s.get('active')}")
        se, ue = s.get(ENT) or {}, u.get(ENT) or {}
        for k in ("employeeNumber", "department", "division"):
            if se.get(k) != ue.get(k):
                problems.append(f"{s['userName']}: {k} {ue.get(k)!r} for {se.get(k)!r}")
        if (se.get("manager") or {}).get("value") != (ue.get("manager") or {}).get("value"):
            problems.append(f"{s['userName']}: manager {ue.get('manager')} for {se.get('manager')}")
        if with_genesys:
            sg, ug = s.get(GEN) or {}, u.get(GEN) or {}
            for key in ("routingSkills", "routingLanguages"):
                if skills(sg, key) != skills(ug, key):
                    problems.append(f"{s['userName']}: {key} {ug.get(key)} for {sg.get(key)}")
            sent = {(e.get("authority"), e.get("value")) for e in sg.get("externalIds") or []}
            kept = {(e.get("authority"), e.get("value")) for e in ug.get("externalIds") or []}
            own = {e for e in sent if not str(e[0]).startswith("x-pc:scimv2:v1")}
            if not (own <= kept <= sent):
                problems.append(f"{s['userName']}: externalIds {sorted(kept)} for {sorted(sent)}")
        elif GEN in u:
            problems.append(f"{s['userName']}: the Genesys extension is on a stock server")
    return problems


def data_problems(ops, what):
    """Read-only members or plain-string elements left in the data of Bulk operations."""
    problems = []
    for op in ops:
        data = op.get("data")
        if op.get("method") == "PATCH":
            ops_ = (data or {}).get("Operations") or [{}]
            data = ops_[0].get("value")
        if not isinstance(data, dict):
            problems.append(f"{what}: {op.get('method')} {op.get('path')}: no data object")
            continue
        left = [k for k in (*READ_ONLY, "password") if k in data]
        if left:
            problems.append(f"{what}: {op.get('path')} {data.get('userName')}: data keeps {left}")
        for key in ("roles", "entitlements"):
            if any(not isinstance(r, dict) for r in data.get(key) or []):
                problems.append(f"{what}: {data.get('userName')}: {key} {data.get(key)}")
        manager = (data.get(ENT) or {}).get("manager") or {}
        if "displayName" in manager:
            problems.append(f"{what}: {data.get('userName')}: manager.displayName kept")
    return problems


def first(items, n=3):
    return "; ".join(items[:n]) + (f" (+{len(items) - n} more)" if len(items) > n else "")


# ---------------------------------------------------------------------------------------------
# 1: the schema files

def scenario_schema(a_url, b_url, samples):
    print("\n== 1: the Genesys extension schema on scim2-server", flush=True)
    status, value, _ = http("GET", f"{a_url}/a/v2/Schemas/{GEN}")
    check("1 A serves the Genesys schema", status == 200 and isinstance(value, dict) and value.get("id") == GEN,
          f"{status} {str(value)[:300]}")
    status, value, _ = http("GET", f"{a_url}/a/v2/ResourceTypes/User")
    exts = [e.get("schema") for e in (value or {}).get("schemaExtensions") or []] if isinstance(value, dict) else []
    check("1 A's User resource type lists the Genesys extension", status == 200 and GEN in exts and ENT in exts,
          f"{status} {exts}")
    probe = hand_reshaped(samples[0])
    probe["userName"] = "shapes-probe@example.org"
    status, value, _ = http("POST", f"{a_url}/ctl/v2/Users", probe)
    stored = (value or {}).get(GEN) if isinstance(value, dict) else None
    check("1 A accepts a hand-reshaped Genesys user with the extension (201, extension kept)",
          status == 201 and skills(stored, "routingSkills") == skills(probe[GEN], "routingSkills")
          and (stored or {}).get("externalIds") == probe[GEN].get("externalIds"), f"{status} {str(value)[:400]}")
    if status == 201:
        http("DELETE", f"{a_url}/ctl/v2/Users/{value['id']}")
    status, value, _ = http("POST", f"{b_url}/c/v2/Users", probe)
    check("1 stock B refuses the same user (400, the extension is unknown)",
          status == 400 and GEN in json.dumps(value), f"{status} {str(value)[:300]}")
    if status == 201:
        http("DELETE", f"{b_url}/c/v2/Users/{value['id']}")


# ---------------------------------------------------------------------------------------------
# 2: --for-create to server A (with the Genesys schema)

def scenario_for_create_genesys(a_url, samples):
    print("\n== 2: --for-create --to bulk, POSTed to scim2-server with the Genesys schema", flush=True)
    tenant = f"{a_url}/a/v2"
    r = run("2-for-create", [SAMPLES, "--for-create", "--to", "bulk", "-o", path("bulk-a") + "/"])
    docs = bulk_documents(path("bulk-a"))
    ops = operations(docs)
    if not check("2 scimstream samples --for-create --to bulk -o DIR/: exit 0, 300 POST operations",
                 r.rc == 0 and len(ops) == 300 and all(op.get("method") == "POST" for op in ops),
                 f"{r.brief()}; {len(docs)} documents, {len(ops)} operations"):
        return
    sizes_ok = all(len(d.get("Operations", [])) <= 1000 and os.path.getsize(f) <= 1048576 for f, d in docs)
    check("2 each document within scim2-server's Bulk limits (1000 operations, 1 MiB)", sizes_ok,
          [(os.path.basename(f), len(d.get("Operations", [])), os.path.getsize(f)) for f, d in docs])
    problems = data_problems(ops, "for-create")
    check("2 the data holds no id, meta, groups, password; roles are objects", not problems, first(problems))
    with_gen = sum(1 for op in ops if GEN in (op.get("data") or {}))
    check("2 the Genesys extension is kept (300 users)", with_gen == 300, f"{with_gen} of 300 operations carry it")
    answers, http_problems = post_bulk(tenant, docs)
    counts = statuses(answers)
    check("2 POST /Bulk: every operation 201", not http_problems and counts == {"201": 300},
          f"{first(http_problems)} statuses {counts} first error: {first_error(answers, ('201',))}")
    listed = list_users(tenant)
    check("2 300 users read back", listed.get("totalResults") == 300, f"totalResults {listed.get('totalResults')}")
    problems = compare_with_samples(samples, listed.get("Resources", []), with_genesys=True)
    check("2 the users on the server hold the samples' roles, extension, enterprise attributes, active flag",
          not problems, first(problems))

    # Control: without --for-create the users with plain-string roles are refused, so the checks above
    # mean something (scim2-server ignores id, meta and groups in a POST, so the others get in).
    plain = sum(1 for s in samples if any(isinstance(x, str) for x in s.get("roles") or []))
    r = run("2-control-raw", [SAMPLES, "--to", "bulk", "-o", path("bulk-raw") + "/"])
    answers, http_problems = post_bulk(f"{a_url}/ctl/v2", bulk_documents(path("bulk-raw")))
    counts = statuses(answers)
    check(f"2 control: without --for-create the {plain} users with plain-string roles get 400, the others 201",
          r.rc == 0 and counts == {"400": plain, "201": 300 - plain}, f"{r.brief()} statuses {counts} {first(http_problems)}")


# ---------------------------------------------------------------------------------------------
# 3: --for-create --strip <URN> to the stock server B; --rfc-shapes

def scenario_stock(b_url, samples):
    print("\n== 3: --for-create --strip <Genesys URN>, and --rfc-shapes, POSTed to stock scim2-server", flush=True)
    tenant = f"{b_url}/b/v2"
    r = run("3-for-create-strip", [SAMPLES, "--for-create", "--strip", GEN, "--to", "bulk", "-o", path("bulk-b") + "/"])
    docs = bulk_documents(path("bulk-b"))
    ops = operations(docs)
    if check("3 scimstream samples --for-create --strip <URN> --to bulk -o DIR/: exit 0, 300 operations",
             r.rc == 0 and len(ops) == 300, f"{r.brief()}; {len(ops)} operations"):
        left = [op["data"].get("userName") for op in ops
                if GEN in op.get("data", {}) or GEN in op.get("data", {}).get("schemas", [])]
        check("3 neither the extension object nor its URN in schemas is left", not left,
              f"{len(left)} users keep it, e.g. {left[:3]}")
        problems = data_problems(ops, "for-create --strip")
        check("3 the data holds no id, meta, groups, password; roles are objects", not problems, first(problems))
        answers, http_problems = post_bulk(tenant, docs)
        counts = statuses(answers)
        check("3 POST /Bulk to stock scim2-server: every operation 201", not http_problems and counts == {"201": 300},
              f"{first(http_problems)} statuses {counts} first error: {first_error(answers, ('201',))}")
        listed = list_users(tenant)
        check("3 300 users read back", listed.get("totalResults") == 300, f"totalResults {listed.get('totalResults')}")
        problems = compare_with_samples(samples, listed.get("Resources", []), with_genesys=False)
        check("3 the users on the server hold the samples' roles, enterprise attributes, active flag",
              not problems, first(problems))

    # --rfc-shapes: the string-element conversion only.
    r = run("3-rfc-shapes", [SAMPLES, "--rfc-shapes"])
    try:
        out = ndjson(r.out)
    except ValueError as e:
        out = []
        r.err += f" (stdout is not NDJSON: {e})"
    if check("3 scimstream samples --rfc-shapes: exit 0, 300 records", r.rc == 0 and len(out) == 300,
             f"{r.brief()}; {len(out)} records"):
        problems = []
        by_name = {u.get("userName"): u for u in out}
        for s in samples:
            u = by_name.get(s["userName"], {})
            expected_roles = [r_ if isinstance(r_, dict) else {"value": r_} for r_ in s.get("roles", [])]
            if u.get("roles") != expected_roles:
                problems.append(f"{u.get('userName')}: roles {u.get('roles')}, expected {expected_roles}")
            for k in (*READ_ONLY, GEN):
                if u.get(k) != s.get(k):
                    problems.append(f"{u.get('userName')}: {k} changed")
        check("3 --rfc-shapes turns each string role into {\"value\": …} and leaves id, meta, groups, the extension",
              not problems, first(problems))
    strip = ",".join([*READ_ONLY, GEN])
    r = run("3-rfc-shapes-bulk", [SAMPLES, "--rfc-shapes", "--strip", strip, "--to", "bulk", "-o", path("bulk-c") + "/"])
    docs = bulk_documents(path("bulk-c"))
    answers, http_problems = post_bulk(f"{b_url}/c/v2", docs)
    counts = statuses(answers)
    check(f"3 --rfc-shapes --strip {','.join(READ_ONLY)},<URN> --to bulk, POSTed to stock scim2-server: every operation 201",
          r.rc == 0 and not http_problems and counts == {"201": 300},
          f"{r.brief()} {first(http_problems)} statuses {counts} first error: {first_error(answers, ('201',))}")


# ---------------------------------------------------------------------------------------------
# 4: PUT and PATCH of exported users; versions

def scenario_update(b_url, samples):
    print("\n== 4: --bulk-method PATCH and PUT of exported users; version and If-Match", flush=True)
    tenant = f"{b_url}/b/v2"
    export = list_users(tenant)
    if export.get("totalResults") != 300:
        # Scenario 3 failed to load them: load the samples reshaped by this script into tenant d, so
        # that the updates are still tested.
        print("   (tenant b does not hold the 300 users of scenario 3: tenant d is loaded by hand)", flush=True)
        tenant = f"{b_url}/d/v2"
        ops = []
        for n, s in enumerate(samples):
            u = hand_reshaped(s)
            u.pop(GEN, None)
            u["schemas"] = [x for x in u.get("schemas", []) if x != GEN]
            ops.append({"method": "POST", "path": "/Users", "bulkId": f"u{n}", "data": u})
        status, value, _ = http("POST", tenant + "/Bulk", {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
                                                           "Operations": ops})
        export = list_users(tenant)
    users = export.get("Resources", [])
    if not check("4 export from stock scim2-server (GET /Users, one ListResponse): 300 users",
                 len(users) == 300, f"{len(users)} users"):
        return
    export_file = path("export.json")
    with open(export_file, "w", encoding="utf-8") as f:
        json.dump(export, f, ensure_ascii=False)
    version = {u["id"]: u["meta"]["version"] for u in users}

    def method_checks(method, name, extra=(), expect_version=True):
        r = run(name, [export_file, *extra, "--to", "bulk", "--bulk-method", method, "-o", path(name) + "/"])
        docs = bulk_documents(path(name))
        ops = operations(docs)
        label = f"4 scimstream export.json {' '.join(extra) + ' ' if extra else ''}--to bulk --bulk-method {method}"
        if not check(f"{label}: exit 0, 300 {method} operations on /Users/{{id}}",
                     r.rc == 0 and len(ops) == 300 and all(op.get("method") == method for op in ops)
                     and sorted(op.get("path") for op in ops) == sorted(f"/Users/{u}" for u in version),
                     f"{r.brief()}; {len(ops)} operations, e.g. {json.dumps(ops[:1])[:300]}"):
            return None
        problems = data_problems(ops, method)
        if method == "PATCH":
            for op in ops:
                pops = (op.get("data") or {}).get("Operations") or []
                if (op.get("data") or {}).get("schemas") != [PATCHOP] or len(pops) != 1 \
                        or str(pops[0].get("op")).lower() != "replace" or "path" in pops[0]:
                    problems.append(f"{op.get('path')}: not one replace without a path: {json.dumps(op.get('data'))[:200]}")
        check(f"{label}: {'value' if method == 'PATCH' else 'data'} holds no id, meta, groups", not problems, first(problems))
        if expect_version:
            wrong = [op.get("path") for op in ops if op.get("version") != version.get(op.get("path", "").rsplit("/", 1)[-1])]
            check(f"{label}: each operation carries \"version\" = the user's meta.version", not wrong,
                  f"{len(wrong)} wrong, e.g. {[op for op in ops if op.get('path') in wrong[:1]]}"[:600])
        else:
            carrying = [op.get("path") for op in ops if "version" in op]
            check(f"{label}: no operation carries \"version\"", not carrying, f"{len(carrying)} do, e.g. {carrying[:2]}")
        return docs

    docs = method_checks("PATCH", "4-patch")
    if docs:
        answers, http_problems = post_bulk(tenant, docs)
        counts = statuses(answers)
        check("4 PATCH Bulk POSTed: every operation 200/204",
              not http_problems and sum(counts.get(s, 0) for s in ("200", "204")) == 300,
              f"{first(http_problems)} statuses {counts} first error: {first_error(answers)}")
        now = {u["id"]: u["meta"]["version"] for u in list_users(tenant).get("Resources", [])}
        changed = [u for u in version if now.get(u) != version[u]]
        check("4 (scim2-server) a PATCH that changes nothing keeps each version, so the export is still current",
              not changed, f"{len(changed)} versions changed")
    put_docs = method_checks("PUT", "4-put")
    if not put_docs:
        return
    answers, http_problems = post_bulk(tenant, put_docs)
    counts = statuses(answers)
    check("4 PUT Bulk POSTed: every operation 200", not http_problems and counts == {"200": 300},
          f"{first(http_problems)} statuses {counts} first error: {first_error(answers)}")

    # One user changed on the server: the old export is stale for that user only.
    x = next(u for u in users if u.get("title"))
    status, _, headers = patch_title(tenant, x["id"], "Changed by shapes.py")
    etag = headers.get("ETag") or headers.get("Etag")
    check("4 one user changed directly on the server: 204 and a new version",
          status == 204 and etag and etag != version[x["id"]], f"{status} ETag {etag} (was {version[x['id']]})")
    answers, http_problems = post_bulk(tenant, put_docs)
    mine = [a for a in answers if str(a.get("location", "")).endswith("/Users/" + x["id"])]
    others = statuses([a for a in answers if a not in mine])
    check("4 (scim2-server) a Bulk operation's \"version\" acts as If-Match: the stale user's PUT gets 412",
          len(mine) == 1 and str(mine[0].get("status")) == "412", f"{first(http_problems)} {mine}")
    check("4 the other 299 PUT operations of the old export: 200", others == {"200": 299}, f"statuses {others}")
    _, now_x, _ = get_user(tenant, x["id"])
    check("4 the changed user kept its change", (now_x or {}).get("title") == "Changed by shapes.py", (now_x or {}).get("title"))
    ignore_docs = method_checks("PUT", "4-put-ignore-version", ["--ignore-version"], expect_version=False)
    if ignore_docs:
        answers, http_problems = post_bulk(tenant, ignore_docs)
        counts = statuses(answers)
        _, now_x, _ = get_user(tenant, x["id"])
        check("4 --ignore-version PUT Bulk POSTed: all 200, the changed user overwritten with the export",
              not http_problems and counts == {"200": 300} and (now_x or {}).get("title") == x.get("title"),
              f"{first(http_problems)} statuses {counts}; title {(now_x or {}).get('title')!r}")

    # Live: --to scim --bulk never --bulk-method PUT sends If-Match.
    status, _, _ = patch_title(tenant, x["id"], "Changed again by shapes.py")
    live = ["--to", "scim", "-o", tenant, "--bulk", "never", "--bulk-method", "PUT"]
    r = run("4-live-put-fail", [export_file, *live, "--results", path("4-live-fail.results")])
    lines = read_ndjson_file(path("4-live-fail.results"))
    mine = [l for l in lines if _is_user(l, x)]
    check("4 live PUT (--to scim --bulk never --bulk-method PUT) with a stale version: exit 65, the user failed with 412",
          r.rc == 65 and len(mine) == 1 and mine[0].get("status") == 412 and mine[0].get("outcome") == "failed",
          f"{r.brief()}; its results line {mine}")
    r = run("4-live-put-skip", [export_file, *live, "--results", path("4-live-skip.results"), "--on-error", "skip"])
    lines = read_ndjson_file(path("4-live-skip.results"))
    mine = [l for l in lines if _is_user(l, x)]
    others = [l for l in lines if not _is_user(l, x)]
    other_status = statuses(others)
    check("4 live PUT --on-error skip: exit 0, one results line per user",
          r.rc == 0 and len(lines) == 300, f"{r.brief()}; {len(lines)} results lines")
    check("4 live PUT --on-error skip: the stale user failed with 412 (If-Match sent)",
          len(mine) == 1 and mine[0].get("status") == 412 and mine[0].get("outcome") == "failed", mine)
    check("4 live PUT --on-error skip: the other 299 users 200", other_status == {"200": 299},
          f"statuses {other_status}, outcomes {sorted({l.get('outcome') for l in others})}")
    wrong = [l for l in others if l.get("targetId") != l.get("sourceId")
             or l.get("location") != f"{tenant}/Users/{l.get('sourceId')}"]
    check("4 live PUT --results: each updated user's targetId is its id and location its URL", not wrong,
          f"{len(wrong)} lines, e.g. targetId {wrong[0].get('targetId')!r} location {wrong[0].get('location')!r}" if wrong else "")
    _, now_x, _ = get_user(tenant, x["id"])
    check("4 live PUT: the changed user kept its change", (now_x or {}).get("title") == "Changed again by shapes.py",
          (now_x or {}).get("title"))
    r = run("4-live-put-ignore", [export_file, *live, "--results", path("4-live-ignore.results"), "--ignore-version"])
    lines = read_ndjson_file(path("4-live-ignore.results"))
    counts = statuses(lines)
    _, now_x, _ = get_user(tenant, x["id"])
    check("4 live PUT --ignore-version: exit 0, all 300 users 200, the changed user overwritten",
          r.rc == 0 and counts == {"200": 300} and (now_x or {}).get("title") == x.get("title"),
          f"{r.brief()}; statuses {counts}; title {(now_x or {}).get('title')!r}")


def _is_user(line, user):
    return line.get("sourceId") == user["id"] or str(line.get("url", "")).endswith("/Users/" + user["id"])


# ---------------------------------------------------------------------------------------------
# 5: a SCIM Error message inside the input

def scenario_error_in_input(samples):
    print("\n== 5: a SCIM Error message inside the input", flush=True)
    detail = "Access token expired (shapes.py 7f3a)"
    error = {"schemas": [ERROR], "status": "401", "detail": detail}
    before, after = samples[:3], samples[3:6]
    names_before = [u["userName"] for u in before]
    names_all = names_before + [u["userName"] for u in after]
    nd = path("with-error.ndjson")
    with open(nd, "w", encoding="utf-8") as f:
        for value in (*before, error, *after):
            f.write(json.dumps(value, ensure_ascii=False) + "\n")
    pages = path("with-error-pages.json")  # pages as curl saves them one after the other (pretty-printed, so not NDJSON)
    with open(pages, "w", encoding="utf-8") as f:
        for page in ({"schemas": [LIST], "totalResults": 6, "startIndex": 1, "itemsPerPage": 3, "Resources": before},
                     error,
                     {"schemas": [LIST], "totalResults": 6, "startIndex": 4, "itemsPerPage": 3, "Resources": after}):
            f.write(json.dumps(page, ensure_ascii=False, indent=2) + "\n")

    for tag, label, argv in (("ndjson", "an NDJSON line", [nd]),
                             ("pages", "a page among concatenated ListResponses (--from list)", [pages, "--from", "list"]),
                             ("pages-auto", "a page among concatenated ListResponses (detected)", [pages])):
        r = run(f"5-{tag}-fail", argv)
        check(f"5 Error message as {label}: exit 65, its detail on stderr", r.rc == 65 and detail in r.err, r.brief())
        written = usernames(r.out)
        check(f"5 Error message as {label}: the users before it written (--help errors: fail writes every good record before)",
              written == names_before, f"written {written}")
        stats = path(f"5-{tag}.stats.json")
        r = run(f"5-{tag}-skip", [*argv, "--on-error", "skip", "--stats-json", stats])
        written = usernames(r.out)
        try:
            with open(stats, encoding="utf-8") as f:
                counted = json.load(f)
        except (OSError, ValueError) as e:
            counted = {"unreadable": str(e)}
        check(f"5 Error message as {label}, --on-error skip: exit 0, the 6 users before and after written",
              r.rc == 0 and written == names_all, f"{r.brief()}; written {written}")
        check(f"5 Error message as {label}, --on-error skip: --stats-json records_rejected 1 (and records_written 6)",
              counted.get("records_rejected") == 1 and counted.get("records_written") == 6, counted)
        r = run(f"5-{tag}-strict", [*argv, "--on-error", "skip", "--strict-exit"])
        check(f"5 Error message as {label}, --on-error skip --strict-exit: exit 65", r.rc == 65, r.brief())


def usernames(text):
    try:
        return [u.get("userName") for u in ndjson(text)]
    except ValueError as e:
        return [f"not NDJSON: {e}"]


# ---------------------------------------------------------------------------------------------

def main():
    if not SCIMSTREAM or not os.access(SCIMSTREAM, os.X_OK):
        print("shapes: set SCIMSTREAM to the scimstream binary", file=sys.stderr)
        return 2
    if not os.access(SCIM2_SERVER, os.X_OK):
        print(f"shapes: set SCIM2_SERVER to the scim2-server executable ({SCIM2_SERVER} is not one)", file=sys.stderr)
        return 2
    began = time.monotonic()
    samples = load_samples()
    print(f"shapes: {SCIMSTREAM}, {SCIM2_SERVER}, {len(samples)} samples, work folder {WORK}", flush=True)
    try:
        a_url = start_server("A", ["a", "ctl"], ["--schema", SCHEMA_FILE, "--resource-type", RESOURCE_TYPES_FILE])
        b_url = start_server("B", ["b", "c", "d"])
        scenario_schema(a_url, b_url, samples)
        scenario_for_create_genesys(a_url, samples)
        scenario_stock(b_url, samples)
        scenario_update(b_url, samples)
        scenario_error_in_input(samples)
    except Exception as e:  # a crash of the script itself is a failure, not a pass
        import traceback
        traceback.print_exc()
        check("shapes.py ran to its end", False, repr(e))
    finally:
        for process in servers:
            if process.poll() is None:
                process.terminate()
        for process in servers:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    print(f"\nshapes: {passed} passed, {failed} failed ({time.monotonic() - began:.1f} s)", flush=True)
    if failed:
        print(f"shapes: outputs, commands (.cmd) and server logs kept in {WORK}", flush=True)
        return 1
    shutil.rmtree(WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
