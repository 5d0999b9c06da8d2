#!/usr/bin/env python3
"""A stand-in for a Confluent-compatible schema registry, for the SchemaCodecs tests only (not a registry).

Speaks the REST subset kafka-scenario uses: POST /subjects/{s}/versions, POST /subjects/{s} (look up a schema's
version), GET /schemas/ids/{id} (and /versions: its subjects), GET /subjects/{s}/versions/latest (and GET /subjects/{s}/versions/{n}), with HTTP
basic auth. schemaType AVRO (the default), JSON and PROTOBUF; "references" ({name, subject, version}) are kept with
a schema and given back with it (a reference to a subject version that does not exist is refused, 42201).
Listens on 127.0.0.1 on a port the system picks and prints "PORT <n>" on its first line.
Special cases for the tests: the subject "fail-500" answers 500 with an error_code; --deny-user NAME gets 403.
--accept-missing-references: registers a schema whose references do not exist (to test reading one).
--log-requests: prints "METHOD path" for every request that passed authentication (the end-to-end tests read them).
"""
import argparse
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--user")
parser.add_argument("--password")
parser.add_argument("--deny-user")
parser.add_argument("--first-id", type=int, default=100)
parser.add_argument("--log-requests", action="store_true")
parser.add_argument("--accept-missing-references", action="store_true")
args = parser.parse_args()

lock = threading.Lock()
log_lock = threading.Lock()
schemas = {}      # id -> (schemaType, text, references)
ids = {}          # (schemaType, normalized text, references) -> id
subjects = {}     # subject -> [id, ...] (versions in order)


def normalized(text):
    try:
        return json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"))
    except ValueError:
        return text


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorized(self):
        if args.user is None:
            self.log_request_line()
            return True
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            self.answer(401, {"error_code": 401, "message": "Unauthorized"})
            return False
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        if user == args.deny_user:
            self.answer(403, {"error_code": 403, "message": "Forbidden"})
            return False
        if (user, password) != (args.user, args.password):
            self.answer(401, {"error_code": 401, "message": "Unauthorized"})
            return False
        self.log_request_line()
        return True

    def log_request_line(self):
        if args.log_requests:
            # One write per line, under a lock: the server answers on several threads.
            with log_lock:
                sys.stdout.write("%s %s\n" % (self.command, urlparse(self.path).path))
                sys.stdout.flush()

    def parts(self):
        return [unquote(p) for p in urlparse(self.path).path.strip("/").split("/")]

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        if not self.authorized():
            return
        parts = self.parts()
        lookup = len(parts) == 2 and parts[0] == "subjects"
        if not lookup and (len(parts) != 3 or parts[0] != "subjects" or parts[2] != "versions"):
            return self.answer(404, {"error_code": 404, "message": "HTTP 404 Not Found"})
        subject = parts[1]
        if subject == "fail-500":
            return self.answer(500, {"error_code": 50001, "message": "Error in the backend data store"})
        try:
            request = json.loads(body)
            schema_type = request.get("schemaType", "AVRO")
            text = request["schema"]
            references = request.get("references") or []
            refs_key = json.dumps([[r["name"], r["subject"], r["version"]] for r in references])
            if schema_type != "PROTOBUF":
                json.loads(text)
        except (ValueError, KeyError, TypeError):
            return self.answer(422, {"error_code": 42201, "message": "Invalid schema"})
        with lock:
            for r in references if not args.accept_missing_references else []:
                held = subjects.get(r["subject"], [])
                if not 1 <= r["version"] <= len(held):
                    return self.answer(422, {"error_code": 42201, "message": "Invalid schema: reference %s not found" % r["name"]})
            key = (schema_type, normalized(text), refs_key)
            if lookup:
                schema_id = ids.get(key)
                versions = subjects.get(subject, [])
                if schema_id is None or schema_id not in versions:
                    return self.answer(404, {"error_code": 40403, "message": "Schema not found"})
                return self.answer(200, {"subject": subject, "id": schema_id, "version": versions.index(schema_id) + 1,
                                         "schema": text})
            if key not in ids:
                ids[key] = args.first_id + len(ids)
                schemas[ids[key]] = (schema_type, text, references)
            schema_id = ids[key]
            versions = subjects.setdefault(subject, [])
            if schema_id not in versions:
                versions.append(schema_id)
        self.answer(200, {"id": schema_id})

    def do_GET(self):
        if not self.authorized():
            return
        parts = self.parts()
        with lock:
            if len(parts) == 4 and parts[:2] == ["schemas", "ids"] and parts[2].isdigit() and parts[3] == "versions":
                held = [{"subject": s, "version": v.index(int(parts[2])) + 1} for s, v in subjects.items() if int(parts[2]) in v]
                if not held:
                    return self.answer(404, {"error_code": 40403, "message": "Schema not found"})
                return self.answer(200, held)
            if len(parts) == 3 and parts[:2] == ["schemas", "ids"] and parts[2].isdigit():
                found = schemas.get(int(parts[2]))
                if found is None:
                    return self.answer(404, {"error_code": 40403, "message": "Schema not found"})
                body = {"schema": found[1]}
                if found[0] != "AVRO":
                    body["schemaType"] = found[0]
                if found[2]:
                    body["references"] = found[2]
                return self.answer(200, body)
            if len(parts) == 4 and parts[0] == "subjects" and parts[2] == "versions":
                versions = subjects.get(parts[1])
                if not versions:
                    return self.answer(404, {"error_code": 40401, "message": "Subject '%s' not found." % parts[1]})
                number = len(versions) if parts[3] == "latest" else int(parts[3]) if parts[3].isdigit() else 0
                if not 1 <= number <= len(versions):
                    return self.answer(404, {"error_code": 40402, "message": "Version not found."})
                schema_id = versions[number - 1]
                schema_type, text, references = schemas[schema_id]
                body = {"subject": parts[1], "version": number, "id": schema_id, "schema": text}
                if schema_type != "AVRO":
                    body["schemaType"] = schema_type
                if references:
                    body["references"] = references
                return self.answer(200, body)
        self.answer(404, {"error_code": 404, "message": "HTTP 404 Not Found"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("PORT %d" % server.server_address[1], flush=True)
# Ends when the test closes our stdin (or kills us).
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
