#!/usr/bin/env python3
"""Tenant-to-tenant migration against a real SCIM server (scim2-server), step by step.

    migration.py load BASE COUNT            create COUNT RFC-shaped users in BASE/source
    migration.py export BASE FILE PAGE      GET /Users page by page into one file of concatenated pages
    migration.py post BASE DIR              POST every DIR/bulk-*.json to BASE/target/Bulk, check every status
    migration.py post-expect-413 BASE FILE  POST one document that exceeds the limits: must be refused (413)
    migration.py verify BASE EXPORT OLD NEW check every source user arrived in BASE/target as expected
    migration.py check-bulk DIR             no read-only attribute or password in any document

Standard library only (urllib). Exit status 1 with a message on the first failed check.
"""
import json
import sys
import urllib.error
import urllib.request

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
FIRST = ["Zoë", "José", "Åsa", "Łukasz", "Nguyễn", "李", "Renée", "O'Brien", "Ana-María", "Søren", "Jane", "Günther"]
LAST = ["García", "Müller", "Kowalski", "Dubois", "Tanaka", "Ivanov", "Okafor", "Patel", "Chen", "Smith", "Johansson"]
DEPARTMENTS = ["Sales", "Support", "Billing", "R&D", "Legal \"Ops\""]


def fail(message):
    print("migration check failed: " + message, file=sys.stderr)
    sys.exit(1)


def request(method, url, body=None):
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/scim+json"})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def user(i, ids):
    first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
    local = (first + "." + last).replace(" ", "").replace("'", "")
    u = {
        "schemas": [CORE, ENTERPRISE],
        "userName": f"{local}{i}@Source.Example.com",
        "name": {"givenName": first, "familyName": last},
        "displayName": f"{first} {last}",
        "title": ["Agent", "Team Lead, Billing", "Manager \"Ops\"", "Ingénieure"][i % 4],
        "active": i % 7 != 0,
        "emails": [{"value": f"{local.lower()}{i}@source.example.com", "type": "work", "primary": True}],
        "phoneNumbers": [{"value": f"+1 555 01{i % 100:02d}", "type": "work"}],
        "roles": [{"value": "agent"}] + ([{"value": "supervisor"}] if i % 3 == 0 else []),
        ENTERPRISE: {"employeeNumber": f"E{i:05d}", "department": DEPARTMENTS[i % len(DEPARTMENTS)]},
    }
    if i % 3 == 0:
        u["emails"].append({"value": f"{local.lower()}{i}@home.example", "type": "home"})
    if i % 4 == 0:
        # Genesys Cloud's read-only mirror of userName: --for-create must drop it.
        u["emails"].append({"value": u["userName"], "type": "other"})
    if i % 2 == 0:
        u["externalId"] = f"hr-{i:05d}"
    if i % 5 == 0:
        u["password"] = f"Secret-{i}!"
    if i >= 10:
        u[ENTERPRISE]["manager"] = {"value": ids[i // 10]}
    return u


def load(base, count):
    ids = []
    for i in range(count):
        status, body = request("POST", f"{base}/source/v2/Users", user(i, ids))
        if status != 201:
            fail(f"creating user {i} in source: HTTP {status}: {body}")
        ids.append(body["id"])
    print(f"loaded {count} users into source")


def export(base, path, page):
    start, total, pages = 1, None, 0
    with open(path, "w", encoding="utf-8") as out:
        while total is None or start <= total:
            status, body = request("GET", f"{base}/source/v2/Users?startIndex={start}&count={page}")
            if status != 200:
                fail(f"GET page at {start}: HTTP {status}")
            total = body["totalResults"]
            out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
            start += len(body.get("Resources") or [])
            pages += 1
            if not body.get("Resources"):
                break
    print(f"exported {total} users in {pages} pages")


def post(base, directory):
    import glob
    files = sorted(glob.glob(f"{directory}/bulk-*.json"))
    if not files:
        fail(f"no Bulk documents in {directory}")
    operations = 0
    for name in files:
        with open(name, "rb") as f:
            document = f.read()
        status, body = request("POST", f"{base}/target/v2/Bulk", document)
        if status != 200:
            fail(f"{name}: HTTP {status}: {body}")
        for op in body["Operations"]:
            if str(op.get("status")) != "201":
                fail(f"{name}: operation {op.get('bulkId')} status {op.get('status')}: {op.get('response')}")
        operations += len(body["Operations"])
    print(f"posted {len(files)} Bulk documents, {operations} operations, all 201")


def post_expect_413(base, path):
    with open(path, "rb") as f:
        document = f.readline()
    status, body = request("POST", f"{base}/target/v2/Bulk", document)
    if status != 413:
        fail(f"a document over the advertised limits got HTTP {status}, expected 413")
    print("a document over the advertised limits is refused with 413, as it should be")


def pages(path):
    decoder, text, i = json.JSONDecoder(), open(path, encoding="utf-8").read(), 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i == len(text):
            break
        page, i = decoder.raw_decode(text, i)
        yield page


def read_target(base):
    users, start = [], 1
    while True:
        status, body = request("GET", f"{base}/target/v2/Users?startIndex={start}&count=100")
        if status != 200:
            fail(f"reading target: HTTP {status}")
        batch = body.get("Resources") or []
        users += batch
        start += len(batch)
        if not batch or start > body["totalResults"]:
            return users


def move(address, old, new):
    local, _, domain = address.rpartition("@")
    return f"{local}@{new}" if domain.lower() == old.lower() else address


def verify(base, export_path, old, new):
    source = [u for page in pages(export_path) for u in page.get("Resources") or []]
    target = read_target(base)
    if len(target) != len(source):
        fail(f"target holds {len(target)} users, source {len(source)}")
    by_external = {t.get("externalId"): t for t in target}
    if len(by_external) != len(target):
        fail("externalId does not identify the target users one to one")
    ignored = {"id", "meta", "schemas"}
    for s in source:
        link = s.get("externalId", s["id"])
        t = by_external.get(link)
        if t is None:
            fail(f"source user {s['id']} ({s['userName']}) has no target user with externalId {link}")
        if t["id"] == s["id"]:
            fail("the target reused the source id")
        expected = {k: v for k, v in s.items() if k not in ignored | {"groups", "password"}}
        expected["externalId"] = link
        expected["userName"] = move(s["userName"], old, new)
        emails = [dict(e, value=move(e["value"], old, new)) for e in s.get("emails", []) if e.get("type") != "other"]
        if emails:
            expected["emails"] = emails
        else:
            expected.pop("emails", None)
        actual = {k: v for k, v in t.items() if k not in ignored}
        if actual != expected:
            extra = sorted(set(actual) - set(expected))
            missing = sorted(set(expected) - set(actual))
            differ = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
            fail(f"user {link}: extra {extra}, missing {missing}, different {differ}: "
                 f"{[(k, expected[k], actual[k]) for k in differ][:2]}")
        if "password" in t:
            fail(f"user {link}: a password arrived in the target")
    print(f"verified {len(target)} users in target: domains moved, read-only attributes gone, "
          f"externalId links to the source, nothing extra")


def check_bulk(directory):
    import glob
    count = 0
    for name in sorted(glob.glob(f"{directory}/bulk-*.json")):
        document = json.load(open(name, encoding="utf-8"))
        if document["schemas"] != ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"]:
            fail(f"{name}: wrong schemas")
        for op in document["Operations"]:
            data = op["data"]
            for key in ("id", "meta", "groups", "password"):
                if key in data:
                    fail(f"{name}: {key} in the data of {op['bulkId']}")
            if any(e.get("type") == "other" for e in data.get("emails", [])):
                fail(f"{name}: read-only other e-mail in {op['bulkId']}")
            count += 1
    print(f"{count} Bulk operations carry no id, meta, groups, password or read-only e-mail")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"load": lambda: load(args[0], int(args[1])),
     "export": lambda: export(args[0], args[1], int(args[2])),
     "post": lambda: post(args[0], args[1]),
     "post-expect-413": lambda: post_expect_413(args[0], args[1]),
     "verify": lambda: verify(args[0], args[1], args[2], args[3]),
     "check-bulk": lambda: check_bulk(args[0])}[command]()
