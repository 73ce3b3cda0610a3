"""Three of moto's per-request costs removed (profiled under `pnpm soak`, see docs/performance.md).

- Every request was logged (werkzeug's request log line, colored, to a discarded stderr).
- Every request listed moto's own package folder (`list_of_moto_modules`: a listdir and about 200
  `isdir` calls) to route it: the list is read once.
- Every object created where a Lambda notification is configured made moto try to run the function
  in Docker (a Docker client per event, failing where no engine runs): moto cannot run functions
  without Docker and the local cloud delivers those events itself, so moto no longer tries.
  Notifications to SQS and SNS are delivered as before.

Imported by launcher.py before moto's server starts. They change no answer moto gives, so no test
can tell them apart; `pnpm soak` measures them.
"""
from moto import backends
from moto.s3 import notifications as s3_notifications
from werkzeug import serving

serving.WSGIRequestHandler.log_request = lambda self, *args: None

moto_modules = tuple(backends.list_of_moto_modules())
backends.list_of_moto_modules = lambda: moto_modules

s3_notifications._invoke_awslambda = lambda *args: None
