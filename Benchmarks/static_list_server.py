#!/usr/bin/env python3
"""A static SCIM Users listing for read benchmarks, standard library only.

  static_list_server.py [--port 0 --port-file F] [--total 20000] [--page 100]

Every GET .../Users?startIndex=S&count=C answers a ListResponse with totalResults = --total and
min(C, --page, what is left) users from index S on. The users are precomputed (make_users.py, 100 of
them, reused in turn); only each id is filled in per request, unique per index
(00000001-0000-4000-8000-000000000001, ...). GET .../ServiceProviderConfig answers index paging,
no Bulk, no cursors. Anything else is 404. HTTP/1.1 with keep-alive, loopback only, no token.
"""
import argparse
import http.server
import json
import os
import socket
import sys
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Integration", "live"))
import make_users  # noqa: E402

LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
MARK = "@@ID@@"


def make_templates(n):
    """Each user as (bytes before its id, bytes after its id)."""
    templates = []
    for user in make_users.make(n, "rfc"):
        user["id"] = MARK
        user["meta"] = {"resourceType": "User", "version": 'W/"1"'}
        before, after = json.dumps(user, ensure_ascii=False, separators=(",", ":")).encode().split(MARK.encode())
        templates.append((before, after))
    return templates


def user_id(index):
    return f"{index:08d}-0000-4000-8000-{index:012d}".encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "static-scim-list/1"
    templates, total, page = [], 0, 100

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body are two writes

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/scim+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        split = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(split.query)
        if split.path.rstrip("/").endswith("/ServiceProviderConfig"):
            return self.answer(200, json.dumps({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                "patch": {"supported": False}, "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
                "filter": {"supported": False, "maxResults": self.page}, "changePassword": {"supported": False},
                "sort": {"supported": False}, "etag": {"supported": False},
                "pagination": {"cursor": False, "index": True}}).encode())
        if not split.path.rstrip("/").endswith("/Users"):
            return self.answer(404, json.dumps({"schemas": [ERROR], "status": "404", "detail": "not found"}).encode())
        try:
            start = max(1, int((params.get("startIndex") or ["1"])[-1]))
            count = int((params.get("count") or [str(self.page)])[-1])
        except ValueError:
            return self.answer(400, json.dumps({"schemas": [ERROR], "status": "400", "scimType": "invalidValue",
                                                "detail": "startIndex and count must be integers"}).encode())
        items = max(0, min(count, self.page, self.total - start + 1))
        parts = []
        for index in range(start, start + items):
            before, after = self.templates[(index - 1) % len(self.templates)]
            parts += [before, user_id(index), after, b","]
        if parts:
            parts.pop()  # the last comma
        head = json.dumps({"schemas": [LIST], "totalResults": self.total, "startIndex": start,
                           "itemsPerPage": items}).encode()[:-1]
        self.answer(200, b"".join([head, b',"Resources":['] + parts + [b"]}"]))


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--total", type=int, default=20000)
    p.add_argument("--page", type=int, default=100)
    a = p.parse_args()
    Handler.templates, Handler.total, Handler.page = make_templates(100), a.total, a.page
    server = Server(("127.0.0.1", a.port), Handler)
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write(f"{server.server_address[1]}\n")
        os.replace(a.port_file + ".tmp", a.port_file)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
