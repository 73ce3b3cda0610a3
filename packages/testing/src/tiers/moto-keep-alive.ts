/**
 * Python for moto's launcher: connections kept alive between requests, as S3's are.
 *
 * werkzeug (moto's server) answers every request with `Connection: close`, because Python's
 * http.server cannot drain a body the application left unread before the next request line. So
 * every S3 request opened a new TCP connection, and moto a new thread to serve it: a cost on both
 * sides that real S3 does not have, and connection reuse (the SDK's pool, a reused socket closed
 * under it) never tested. Here a request whose body has a Content-Length of at most 256 KiB (every
 * HEAD, GET, listing, delete and small PUT) is read whole before moto sees it, so nothing of it can
 * be left on the connection, and the connection is kept unless the client asked to close it. A
 * larger or chunked body is left to werkzeug as before (no extra copy of it in moto's memory), and
 * closes its connection.
 */
export const MOTO_KEEP_ALIVE = String.raw`
import io, socket
from werkzeug import serving as _serving

_run_wsgi = _serving.WSGIRequestHandler.run_wsgi
_send_header = _serving.WSGIRequestHandler.send_header

_WHOLE_BODY_LIMIT = 256 * 1024

def _run_wsgi_whole_body(self):
    try:
        length = int(self.headers.get("Content-Length") or 0)
    except ValueError:
        length = -1
    chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
    self.whole_body = not chunked and 0 <= length <= _WHOLE_BODY_LIMIT
    if not self.whole_body:
        return _run_wsgi(self)
    if self.headers.get("Expect", "").lower().strip() == "100-continue":
        self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        del self.headers["Expect"]
    connection = self.rfile
    self.rfile = io.BytesIO(connection.read(length) if length > 0 else b"")
    try:
        _run_wsgi(self)
    finally:
        self.rfile = connection

def _send_header_keep_alive(self, keyword, value):
    if keyword.lower() == "connection" and value.lower() == "close" and getattr(self, "whole_body", False):
        return
    _send_header(self, keyword, value)

# werkzeug writes an answer's headers and body apart: on a kept connection Nagle's algorithm would
# hold the body until the client's delayed ACK of the headers (40 ms).
_setup = _serving.WSGIRequestHandler.setup

def _setup_no_delay(self):
    _setup(self)
    try:
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass

_serving.WSGIRequestHandler.setup = _setup_no_delay
_serving.WSGIRequestHandler.run_wsgi = _run_wsgi_whole_body
_serving.WSGIRequestHandler.send_header = _send_header_keep_alive
`;
