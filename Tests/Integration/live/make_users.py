#!/usr/bin/env python3
"""Deterministic SCIM users for the live harness: non-ASCII names, managers that point at other users.

  make_users.py N [--flavour rfc|genesys] [--format ndjson|bulk] [--seed S] [--prefix P]

--flavour rfc      RFC 7643 users that scim2-server accepts: core + enterprise extension, roles as
                   objects. Every user has an "id" (as an export of a source tenant would) and user
                   i >= 10 has enterprise manager.value = the id of user i // 10.
--flavour genesys  Genesys-Cloud-shaped users for genesys_mock.py --seed-users: roles as plain strings,
                   the purecloud extension, about one in six inactive, manager.value = another user's id.
--format bulk      one RFC 7644 BulkRequest creating the users: each bulkId is the user's id, each
                   manager.value becomes "bulkId:<id>" (the server resolves it to the id it assigns),
                   and the ids are dropped. Use it to load scim2-server with real manager references.

The same N, flavour and seed always give the same users (ids are derived from the seed).
"""
import argparse
import json
import random
import sys
import uuid

CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
FIRST = ["Zoë", "José", "Åsa", "Łukasz", "Nguyễn", "李", "Renée", "O'Brien", "Ana-María", "Søren", "Jane",
         "Günther", "Mónica", "Yūki", "Émile", "Fatima", "Dmitrii", "Chloé"]
LAST = ["García", "Müller", "Kowalski", "Dubois", "Tanaka", "Ivanov", "Okafor", "Patel", "Chen", "Smith",
        "Johansson", "Þórsdóttir", "Çelik", "Nuñez"]
DEPARTMENTS = ["Sales", "Support", "Billing", "R&D", "Legal \"Ops\""]
TITLES = ["Agent", "Team Lead, Billing", "Manager \"Ops\"", "Ingénieure", "Senior Agent"]


def make(n, flavour="rfc", seed=7, prefix=""):
    rng = random.Random(f"{seed}:{flavour}")
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n)]
    users = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i * 7) % len(LAST)]
        local = (first + "." + last).replace(" ", "").replace("'", "")
        domain = "source.example.com" if flavour == "rfc" else "genesys.example.org"
        user = {
            "schemas": [CORE, ENTERPRISE] + ([GENESYS] if flavour == "genesys" else []),
            "id": ids[i],
            "userName": f"{prefix}{local}{i}@{domain}",
            "name": {"givenName": first, "familyName": last},
            "displayName": f"{first} {last}",
            "title": TITLES[i % len(TITLES)],
            "active": (i % 7 != 0) if flavour == "rfc" else (i % 6 != 5),
            "emails": [{"value": f"{prefix}{local.lower()}{i}@{domain}", "type": "work", "primary": True}],
            "phoneNumbers": [{"value": f"+1 317-555-{i % 10000:04d}", "type": "work"}],
            ENTERPRISE: {"employeeNumber": f"E{i:05d}", "department": DEPARTMENTS[i % len(DEPARTMENTS)]},
        }
        if i % 2 == 0:
            user["externalId"] = f"{prefix}hr-{i:05d}"
        if flavour == "rfc":
            user["roles"] = [{"value": "agent"}] + ([{"value": "supervisor"}] if i % 3 == 0 else [])
        else:
            user["roles"] = ["employee", "agent"] + (["supervisor"] if i % 3 == 0 else [])
            user[GENESYS] = {"externalIds": [{"authority": "hris", "value": f"{1000 + i}"}]}
            if i % 4 == 0:
                user[GENESYS]["routingSkills"] = [{"name": "Español", "proficiency": 4.5}]
        if i >= 10:
            user[ENTERPRISE]["manager"] = {"value": ids[i // 10]}
        users.append(user)
    return users


def bulk(users):
    operations = []
    for user in users:
        data = {k: json.loads(json.dumps(v)) for k, v in user.items() if k != "id"}
        manager = data.get(ENTERPRISE, {}).get("manager")
        if manager:
            manager["value"] = "bulkId:" + manager["value"]
        operations.append({"method": "POST", "path": "/Users", "bulkId": user["id"], "data": data})
    return {"schemas": [BULK], "failOnErrors": 1, "Operations": operations}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("--flavour", choices=["rfc", "genesys"], default="rfc")
    p.add_argument("--format", choices=["ndjson", "bulk"], default="ndjson")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--prefix", default="", help="prepended to userName, emails and externalId")
    a = p.parse_args()
    users = make(a.n, a.flavour, a.seed, a.prefix)
    if a.format == "bulk":
        sys.stdout.write(json.dumps(bulk(users), ensure_ascii=False) + "\n")
    else:
        for user in users:
            sys.stdout.write(json.dumps(user, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
