#!/usr/bin/env python3
"""Warehouse loading checks: what DuckDB and PostgreSQL load from `scimstream --to csv` must be
what the users hold, computed here independently from the NDJSON.

    warehouse.py tricky OUT.ndjson            write users with hard values (quotes, commas, newlines,
                                              non-ASCII, formula-looking text, empty strings, nulls)
    warehouse.py duckdb CSV NDJSON            load CSV with DuckDB's read_csv and compare every cell
    warehouse.py postgres ROWS.json NDJSON    compare `SELECT json_agg(...)` output from PostgreSQL
    warehouse.py corpus DIR OUT.ndjson        write the users (documents with userName) of the fixture corpus
    warehouse.py parquet FILE NDJSON [MIN_ROW_GROUPS]
                                              read `--to parquet` output with pyarrow and with DuckDB's
                                              read_parquet, check the types and compare every cell
"""
import calendar
import json
import re
import sys

ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GEN = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
# The default columns (--columns-preset genesys), in order.
COLUMNS = ["id", "userName", "displayName", "active", "title", "externalId", "primaryEmail", "workEmail",
           "homeEmail", "otherEmail", "workPhone", "work2Phone", "work3Phone", "work4Phone", "mobilePhone",
           "homePhone", "otherPhone", "photo", "groups", "groupIds", "roles", "employeeNumber", "costCenter",
           "organization", "division", "department", "dateHire", "managerId", "routingSkills",
           "routingLanguages", "externalIds", "created", "lastModified", "version", "location"]


def fail(message):
    print("warehouse check failed: " + message, file=sys.stderr)
    sys.exit(1)


def tricky(path):
    users = [
        {"id": "t1", "userName": "quote\"inside@example.com", "displayName": "Comma, Inside", "active": True,
         "title": "Line one\nline two\r\nthree", "externalId": "", "emails": [{"value": "q@example.com", "type": "work", "primary": True}],
         "roles": ["admin", {"value": "agent"}], "groups": [{"display": "Sales, EMEA"}, {"display": "R&D"}],
         ENT: {"department": "=SUM(A1:A9)", "manager": {"value": "m-1"}},
         "meta": {"created": "2024-03-01T12:00:00.000Z", "lastModified": "2026-05-13T06:42:34+02:00"}},
        {"id": "t2", "userName": "Zoë.Nguyễn@例え.jp", "displayName": "李 小龍", "active": False, "title": None,
         "phoneNumbers": [{"value": "+1 555 0100", "type": "work"}, {"value": "tel:+15550101;ext=2", "type": "work2"},
                          {"value": "-5", "type": "mobile"}],
         "emails": [{"value": "home@example.org", "type": "home"}]},
        {"id": "t3", "userName": "tab\there@example.com", "displayName": "", "photos": [{"value": "https://p/1.jpg"}],
         ENT: {"employeeNumber": "007", "division": "Back\\slash", "costCenter": "", "organization": "Org, Inc.",
               "dateHire": "2021-02-03"},
         "groups": [{"value": "g-1", "display": "One"}, {"value": "g-2"}],
         GEN: {"routingSkills": [{"name": "Billing", "proficiency": 2.0}, {"name": "VIP"}, {"proficiency": 1e1}],
               "routingLanguages": [{"name": "Español", "proficiency": 4}],
               "externalIds": [{"authority": "hris", "value": "a:b|c"}, {"authority": "x-pc:scimv2:v1", "value": "9"}]},
         "meta": {"version": "W/\"3\"", "location": "https://example.com/Users/t3"}},
        {"id": "t4", "userName": "plain@example.com", "password": "never-in-csv",
         "phoneNumbers": [{"value": "3", "type": "work3"}, {"value": "4", "type": "WORK4"}, {"value": "o", "type": "other"}],
         "emails": [{"value": "o@example.com", "type": "other"}], GEN: {"routingSkills": []}},
    ]
    with open(path, "w", encoding="utf-8") as out:
        for u in users:
            out.write(json.dumps(u, ensure_ascii=False) + "\n")


def corpus(directory, path):
    import glob
    with open(path, "w", encoding="utf-8") as out:
        for name in sorted(glob.glob(directory + "/*.json")):
            try:
                document = json.load(open(name, encoding="utf-8"))
            except ValueError:
                continue
            found = document.get("Resources", [document]) if isinstance(document, dict) else document
            for user in found if isinstance(found, list) else []:
                if isinstance(user, dict) and "userName" in user:
                    out.write(json.dumps(user, ensure_ascii=False) + "\n")


def join(values):
    values = [v for v in values if v is not None]
    return None if not values else "|".join(values)


def text(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return text(v.get("value"))
    return str(v)


def pairs(elements, first, second):
    """Each element as first:second (a missing part empty), joined like every cell."""
    out = []
    for e in elements or []:
        if not isinstance(e, dict):
            out.append(text(e))
        elif e:
            a, b = text(e.get(first)), text(e.get(second))
            out.append((a or "") + ":" + (b or ""))
    return join(out)


def expected(u):
    emails, phones, ent = u.get("emails") or [], u.get("phoneNumbers") or [], u.get(ENT) or {}
    gen, meta = u.get(GEN) or {}, u.get("meta") or {}
    phone = lambda kind: join([text(p.get("value")) for p in phones if (p.get("type") or "").lower() == kind])
    email = lambda kind: join([text(e.get("value")) for e in emails if (e.get("type") or "").lower() == kind])
    return {
        "id": text(u.get("id")), "userName": text(u.get("userName")), "displayName": text(u.get("displayName")),
        "active": text(u.get("active")), "title": text(u.get("title")), "externalId": text(u.get("externalId")),
        "primaryEmail": join([text(e.get("value")) for e in emails if e.get("primary") is True]),
        "workEmail": email("work"), "homeEmail": email("home"), "otherEmail": email("other"),
        "workPhone": phone("work"), "work2Phone": phone("work2"), "work3Phone": phone("work3"),
        "work4Phone": phone("work4"), "mobilePhone": phone("mobile"), "homePhone": phone("home"),
        "otherPhone": phone("other"),
        "photo": join([text(p.get("value")) for p in u.get("photos") or []]),
        "groups": join([text(g.get("display")) for g in u.get("groups") or []]),
        "groupIds": join([text(g.get("value")) for g in u.get("groups") or []]),
        "roles": join([text(r) for r in u.get("roles") or []]),
        "employeeNumber": text(ent.get("employeeNumber")), "costCenter": text(ent.get("costCenter")),
        "organization": text(ent.get("organization")), "division": text(ent.get("division")),
        "department": text(ent.get("department")), "dateHire": text(ent.get("dateHire")),
        "managerId": text((ent.get("manager") or {}).get("value")),
        "routingSkills": pairs(gen.get("routingSkills"), "name", "proficiency"),
        "routingLanguages": pairs(gen.get("routingLanguages"), "name", "proficiency"),
        "externalIds": pairs(gen.get("externalIds"), "authority", "value"),
        "created": text(meta.get("created")), "lastModified": text(meta.get("lastModified")),
        "version": text(meta.get("version")), "location": text(meta.get("location")),
    }


class Attributes(dict):
    """A JSON object whose attribute names match in any letter case (SCIM's rule); of
    several spellings of one name, the last wins."""

    def __init__(self, pairs):
        super().__init__(pairs)
        self.folded = {}
        for k, v in pairs:
            self.folded[k.lower()] = v

    def get(self, key, default=None):
        return self.folded.get(key.lower(), default)


def users(path):
    # Numbers keep their text (2.0, 1e1), as scimstream writes them.
    return [json.loads(line, parse_float=str, parse_int=str, object_pairs_hook=Attributes)
            for line in open(path, encoding="utf-8") if line.strip()]


def check_duckdb(csv_path, ndjson_path):
    import duckdb
    # all_varchar keeps the exact text; allow_quoted_nulls=false keeps "" (empty) apart from NULL.
    rows = duckdb.sql(f"SELECT * FROM read_csv('{csv_path}', header=true, all_varchar=true, allow_quoted_nulls=false)")
    header = [c for c in rows.columns]
    if header != COLUMNS:
        fail(f"DuckDB header {header}")
    got = [dict(zip(header, r)) for r in rows.fetchall()]
    want = [expected(u) for u in users(ndjson_path)]
    if len(got) != len(want):
        fail(f"DuckDB loaded {len(got)} rows, expected {len(want)}")
    for g, w in zip(got, want):
        if g != w:
            fail(f"DuckDB row {w['id']}: " + str([(k, w[k], g[k]) for k in COLUMNS if g[k] != w[k]]))
    print(f"DuckDB: {len(got)} rows, every cell as expected (quotes, commas, newlines, non-ASCII, empty vs null)")


def check_postgres(rows_path, ndjson_path):
    from datetime import datetime
    got = json.load(open(rows_path, encoding="utf-8")) or []
    want = [expected(u) for u in users(ndjson_path)]
    if len(got) != len(want):
        fail(f"PostgreSQL holds {len(got)} rows, expected {len(want)}")
    for g, w in zip(sorted(got, key=lambda r: r["id"]), sorted(want, key=lambda r: r["id"])):
        for k in COLUMNS:
            value, wanted = g[k], w[k]
            if k == "active" and wanted is not None:
                wanted = wanted == "true"
            if k in ("created", "lastModified") and wanted is not None:
                # timestamptz comes back normalised: compare instants.
                value = datetime.fromisoformat(value).timestamp()
                wanted = datetime.fromisoformat(wanted.replace("Z", "+00:00")).timestamp()
            if value != wanted:
                fail(f"PostgreSQL row {w['id']} column {k}: {value!r} != {wanted!r}")
    print(f"PostgreSQL: {len(got)} rows, every value as expected (typed columns, empty vs null)")


def instant(text):
    """Microseconds since the epoch of an xsd:dateTime (a missing zone is UTC), exactly."""
    from datetime import datetime, timezone
    head, frac, zone = text[:10] + "T" + text[11:19], "", text[19:]
    if zone.startswith("."):
        digits = len(zone) - len(zone[1:].lstrip("0123456789"))
        frac, zone = zone[1:digits], zone[digits:]
    moment = datetime.fromisoformat(head + (zone.replace("Z", "+00:00").replace("z", "+00:00") or "+00:00"))
    return int(moment.timestamp()) * 1_000_000 + int((frac + "000000")[:6] or 0)


DATETIME = re.compile(r"^\d{4}-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$")


def fits_parquet(u):
    """True when every typed column of u's row holds a value of its type (else the row is rejected)."""
    active = u.get("active")
    if not (active is None or isinstance(active, bool) or active in ([], {})):
        return False
    meta = u.get("meta") if isinstance(u.get("meta"), dict) else {}
    for k in ("created", "lastModified"):
        v = meta.get(k)
        if v is None or v in ([], {}):
            continue
        m = DATETIME.match(v) if isinstance(v, str) else None
        if not m or not (1 <= int(m[1]) <= 12 and 1 <= int(m[2]) <= calendar.monthrange(int(v[:4]) or 2000, int(m[1]))[1]
                         and int(m[3]) < 24 and int(m[4]) < 60 and int(m[5]) <= 60):
            return False
        zone = m[7] or "Z"
        if zone not in ("Z", "z") and not (int(zone[1:3]) < 24 and int(zone[4:6]) < 60):
            return False
    return True


def check_parquet(path, ndjson_path, min_row_groups=1):
    import duckdb
    import pyarrow.parquet as pq
    from datetime import datetime, timezone
    typed = {"active": "bool", "created": "timestamp[us, tz=UTC]", "lastModified": "timestamp[us, tz=UTC]"}
    meta = pq.ParquetFile(path).metadata
    if meta.num_row_groups < int(min_row_groups):
        fail(f"Parquet has {meta.num_row_groups} row groups, expected at least {min_row_groups}")
    table = pq.read_table(path)
    if table.column_names != COLUMNS:
        fail(f"Parquet columns {table.column_names}")
    for name, kind in zip(table.column_names, table.schema.types):
        if str(kind) != typed.get(name, "string"):
            fail(f"Parquet column {name} is {kind}, expected {typed.get(name, 'string')}")
    want = [expected(u) for u in users(ndjson_path) if fits_parquet(u)]
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)

    def normal(row):
        out = dict(row)
        for k in ("created", "lastModified"):
            if out[k] is not None and not isinstance(out[k], int):
                delta = out[k] - epoch
                out[k] = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        if out["active"] is not None and not isinstance(out["active"], str):
            out["active"] = "true" if out["active"] else "false"
        return out

    for reader, rows in (("pyarrow", table.to_pylist()),
                         ("DuckDB", [dict(zip(COLUMNS, r)) for r in duckdb.sql(
                             "SELECT * FROM read_parquet('" + path + "')").fetchall()])):
        if len(rows) != len(want):
            fail(f"{reader} read {len(rows)} Parquet rows, expected {len(want)}")
        for g, w in zip(rows, want):
            w = dict(w)
            for k in ("created", "lastModified"):
                if w[k] is not None:
                    w[k] = instant(w[k])
            g = normal(g)
            if g != w:
                fail(f"{reader} Parquet row {w['id']}: " + str([(k, w[k], g[k]) for k in COLUMNS if g[k] != w[k]]))
    rejected = sum(1 for u in users(ndjson_path) if not fits_parquet(u))
    print(f"Parquet: {len(want)} rows ({rejected} users rejected: a value unfit for its typed column) in {meta.num_row_groups} row groups; pyarrow and DuckDB read every cell as expected "
          "(typed boolean and UTC timestamps, empty vs null)")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"tricky": lambda: tricky(args[0]),
     "corpus": lambda: corpus(args[0], args[1]),
     "duckdb": lambda: check_duckdb(args[0], args[1]),
     "postgres": lambda: check_postgres(args[0], args[1]),
     "parquet": lambda: check_parquet(*args)}[command]()
