"""A stand-in of Unkey's `POST /v2/keys.verifyKey` for the keyauth examples' smoke run:
`sk_good` is valid (key id `key_123`), anything else not found; the root key must be `root`.
Serves on 127.0.0.1:PORT (argv[1]) until killed."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        if self.headers.get("authorization") != "Bearer root":
            status, out = 401, {"meta": {"requestId": "req_s"}, "error": {
                "detail": "The root key is not valid", "status": 401, "title": "Unauthorized",
                "type": "https://unkey.com/docs/api-reference/errors-v2/unkey/authentication/key_not_found"}}
        else:
            valid = body.get("key") == "sk_good"
            status, out = 200, {"meta": {"requestId": "req_s"}, "data": {
                "valid": valid, "code": "VALID" if valid else "NOT_FOUND", "keyId": "key_123"}}
        data = json.dumps(out).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
