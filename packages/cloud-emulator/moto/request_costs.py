"""Four of moto's per-request costs removed (profiled under `pnpm soak`, see docs/performance.md).

- Every request was logged (werkzeug's request log line, colored, to a discarded stderr).
- Every request listed moto's own package folder (`list_of_moto_modules`: a listdir and about 200
  `isdir` calls) to route it: the list is read once.
- Every object created where a Lambda notification is configured made moto try to run the function
  in Docker (a Docker client per event, failing where no engine runs): moto cannot run functions
  without Docker and the local cloud delivers those events itself, so moto no longer tries.
  Notifications to SQS and SNS are delivered as before.
- Every DynamoDB PutItem parsed its condition expression twice: once to check the names it uses
  (the response layer), then again to evaluate it (the table). The table now takes the parse the same
  request just made (same expression, same names and values objects), which was a quarter of a
  conditional put's time, and the object catalog makes one conditional put per outcome.

Imported by launcher.py before moto's server starts. They change no answer moto gives, so no test
can tell them apart; `pnpm soak` measures them.
"""
import threading

from moto import backends
from moto.dynamodb import comparisons
from moto.dynamodb.models import table as dynamodb_table
from moto.s3 import notifications as s3_notifications
from werkzeug import serving

serving.WSGIRequestHandler.log_request = lambda self, *args: None

moto_modules = tuple(backends.list_of_moto_modules())
backends.list_of_moto_modules = lambda: moto_modules

s3_notifications._invoke_awslambda = lambda *args: None

_parsed = threading.local()
_parse = comparisons.ConditionExpressionParser.parse


def parse_remembered(self):
    op = _parse(self)
    _parsed.last = (
        self.condition_expression,
        self.expression_attribute_names,
        self.expression_attribute_values,
        op,
    )
    return op


def filter_expression_of_this_request(expr, names, values):
    last, _parsed.last = getattr(_parsed, "last", None), None
    if last is not None and last[0] == expr and last[1] is names and last[2] is values:
        return last[3]
    return comparisons.get_filter_expression(expr, names, values)


comparisons.ConditionExpressionParser.parse = parse_remembered
dynamodb_table.get_filter_expression = filter_expression_of_this_request
