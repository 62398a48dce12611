"""A TLS server that, like BankID's RP API, refuses clients without a certificate from its CA.

Usage: python3 fake_bankid.py PORT_FILE  (writes the port it listens on to PORT_FILE)
Answers every POST with a pending collect response naming the client certificate's CN.
"""
import http.server
import json
import os
import ssl
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        subject = dict(x[0] for x in self.connection.getpeercert()["subject"])
        body = json.dumps(
            {"orderRef": subject["commonName"], "status": "pending", "hintCode": "outstandingTransaction"}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(os.path.join(HERE, "server.pem"), os.path.join(HERE, "server.key"))
context.load_verify_locations(os.path.join(HERE, "test-ca.pem"))
context.verify_mode = ssl.CERT_REQUIRED
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
