"""A tiny HTTP server for the `http` step's end-to-end tests (standard library only).

Binds 127.0.0.1 on a port the system picks, prints `PORT <n>` on its first stdout line, and serves
until SIGTERM or until its stdin closes (so it never outlives the test that started it).

  GET  /hello          200 {"greeting": "hello", "items": [1, 2, 3]}, header X-Served-By: fixture
  GET  /text           200 text/plain "plain ok"
  GET  /status/<code>  <code> {"status": <code>}
  GET  /redirect       302 to /hello
  GET  /slow?ms=N      waits N ms, then 200 {"slept": N}
  GET  /order/<id>     200 {"order_id": "<id>", "state": "paid"}
  POST /orders         201 {"order_id": "ord-<n>", "received": <the JSON body>}, header Location: /order/ord-<n>
  any  /echo           200 {"method", "path", "headers" (lower-case names), "body" (text)}
"""
import http.server
import json
import signal
import sys
import threading
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in one write: two small writes meet the client's delayed ACK (+40 ms per answer).
    wbufsize = 65536
    counter = 0
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def send(self, status, body, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode() if length else ""

    def handle_any(self):
        url = urllib.parse.urlparse(self.path)
        body = self.read_body()
        parts = url.path.strip("/").split("/")
        if url.path == "/hello":
            self.send(200, {"greeting": "hello", "items": [1, 2, 3]}, headers={"X-Served-By": "fixture"})
        elif url.path == "/text":
            self.send(200, "plain ok", content_type="text/plain; charset=utf-8")
        elif parts[0] == "status" and len(parts) == 2:
            self.send(int(parts[1]), {"status": int(parts[1])})
        elif url.path == "/redirect":
            self.send(302, "", content_type="text/plain", headers={"Location": "/hello"})
        elif url.path == "/slow":
            ms = int(urllib.parse.parse_qs(url.query).get("ms", ["3000"])[0])
            time.sleep(ms / 1000)
            self.send(200, {"slept": ms})
        elif parts[0] == "order" and len(parts) == 2:
            self.send(200, {"order_id": parts[1], "state": "paid"})
        elif url.path == "/orders" and self.command == "POST":
            with Handler.lock:
                Handler.counter += 1
                order_id = f"ord-{Handler.counter}"
            received = json.loads(body) if body else None
            self.send(201, {"order_id": order_id, "received": received}, headers={"Location": f"/order/{order_id}"})
        elif url.path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                while True:
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif url.path == "/bigheader":
            size = int(urllib.parse.parse_qs(url.query).get("bytes", ["4000000"])[0])
            self.send(200, {"ok": True}, headers={"X-Big": "y" * size})
        elif url.path == "/echo":
            headers = {name.lower(): value for name, value in self.headers.items()}
            self.send(200, {"method": self.command, "path": self.path, "headers": headers, "body": body})
        else:
            self.send(404, {"error": "not found", "path": url.path})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=lambda: (sys.stdin.read(), stop()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
