"""A guard around moto: it stops moto when its stdin closes.

Its stdin closes when the process that started it exits for any reason (teardown, a crash, SIGKILL),
so no moto outlives the run that started it. Run as `python3 orphan_guard.py COMMAND...`.
"""
import signal
import subprocess
import sys

p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
try:
    sys.stdin.read()
except KeyboardInterrupt:
    pass
finally:
    p.terminate()
    try:
        p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
