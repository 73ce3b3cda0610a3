"""Every S3 object body moto keeps goes to one unlinked file instead of its heap or a file of its own.

moto 5.2.1 keeps each body in a `SpooledTemporaryFile`: in its heap up to
MOTO_S3_DEFAULT_KEY_BUFFER_SIZE, else in a temporary file it holds open. At the local cloud's
10,000-input soak that made moto's resident memory grow past 1.6 GB (the bodies under the threshold)
while it held 10,600 open files (those over it), on a machine whose limit is 20,000. Here a body over
4 KiB is written once into a shared, already unlinked file (so nothing is left behind whatever ends
moto) and read back with `pread`; an overwritten or deleted body's bytes are released from the file
a minute later (a punched hole, on Linux; the delay lets a read under way finish). The kernel's page
cache keeps what is read often, and gives it back under pressure. FakeKey only seeks, truncates, writes
whole values, reads and closes its buffer: `Body` does exactly that.

Imported by launcher.py before moto's server starts. Tested by
packages/cloud-emulator/tests/integration/moto-body-store.test.ts.
"""
import collections, ctypes, os, tempfile as _tempfile, threading, time, types
from moto.s3 import models as s3_models

class BodyStore:
    def __init__(self):
        self.file = _tempfile.TemporaryFile(prefix="moto-bodies-")
        self.fd = self.file.fileno()
        self.end = 0
        self.lock = threading.Lock()
        self.freed = collections.deque()
        try:
            self.fallocate = ctypes.CDLL(None, use_errno=True).fallocate
            self.fallocate.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong]
        except Exception:
            self.fallocate = None

    def put(self, data):
        with self.lock:
            at = self.end
            self.end += len(data)
            # A read may still be under way on a body just released: its bytes go a minute later.
            while self.freed and self.freed[0][0] < time.monotonic() - 60:
                _, start, size = self.freed.popleft()
                if self.fallocate is not None:
                    self.fallocate(self.fd, 3, start, size)  # FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE
        view, done = memoryview(data), 0
        while done < len(view):
            done += os.pwrite(self.fd, view[done:], at + done)
        return at

    def get(self, at, size):
        parts, done = [], 0
        while done < size:
            chunk = os.pread(self.fd, size - done, at + done)
            if not chunk:
                raise IOError("an S3 body is shorter than written")
            parts.append(chunk)
            done += len(chunk)
        return b"".join(parts)

    def free(self, at, size):
        with self.lock:
            self.freed.append((time.monotonic(), at, size))

BODY_STORE = BodyStore()
INLINE_BYTES = 4096

class Body:
    def __init__(self, *args, **kwargs):
        self.inline, self.at, self.size, self.pos = b"", None, 0, 0

    def _all(self):
        return self.inline if self.at is None else BODY_STORE.get(self.at, self.size)

    def _set(self, data):
        self._release()
        if len(data) <= INLINE_BYTES:
            self.inline = bytes(data)
        else:
            self.at = BODY_STORE.put(data)
        self.size = len(data)

    def _release(self):
        if self.at is not None:
            BODY_STORE.free(self.at, self.size)
        self.inline, self.at, self.size = b"", None, 0

    def seek(self, offset, whence=0):
        self.pos = offset if whence == 0 else self.pos + offset if whence == 1 else self.size + offset
        return self.pos

    def tell(self):
        return self.pos

    def read(self, n=-1):
        count = self.size - self.pos if n is None or n < 0 else min(n, self.size - self.pos)
        if count <= 0:
            return b""
        if self.at is None:
            data = self.inline[self.pos:self.pos + count]
        else:
            data = BODY_STORE.get(self.at + self.pos, count)
        self.pos += count
        return data

    def write(self, data):
        if self.pos == 0 and self.size == 0:
            self._set(data)
        else:
            old = self._all()
            self._set(old[:self.pos] + bytes(data) + old[self.pos + len(data):])
        self.pos += len(data)
        return len(data)

    def truncate(self, size=None):
        size = self.pos if size is None else size
        if size == 0:
            self._release()
        elif size < self.size:
            self._set(self._all()[:size])
        return size

    def close(self):
        self._release()

    def __del__(self):
        try:
            self._release()
        except Exception:
            pass

s3_models.tempfile = types.SimpleNamespace(SpooledTemporaryFile=Body)
