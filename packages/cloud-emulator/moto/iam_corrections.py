"""Three of moto's IAM checks corrected, so that enforcement behaves as S3's and DynamoDB's.

- Its SigV4 signature check is switched off: with IAM enforcement on, moto 5.2.1 answers
  SignatureDoesNotMatch to correctly signed requests for keys holding `=`, `+`, `,`, `:`, `;`, `@`,
  `%`, `'`, `(` or non-ASCII, and for query values holding `/` (a ListObjectsV2 prefix); the tests
  need its policy evaluation, not its signature check. Without enforcement moto checks no signature.
- DeleteObjects is authorized per key: moto 5.2.1 authorizes `s3:DeleteObject` on the bucket's ARN
  and, refused there, denies every key, so a role allowed to delete under a prefix (as S3 evaluates
  it: `s3:DeleteObject` on each key) could delete nothing. The allowed keys are deleted through
  moto's own code; each refused key gets S3's per-key AccessDenied error.
- DynamoDB requests are authorized on their table's ARN: moto 5.2.1 evaluates every DynamoDB action
  against the resource `*`, so a grant on one table (`dynamodb:UpdateItem` on
  `arn:aws:dynamodb:...:table/<name>`, what the stack gives its roles) allowed nothing. A request
  naming a `TableName` is now checked against that table's ARN, as AWS does.

Imported by launcher.py before moto's server starts. Tested by
packages/cloud-emulator/tests/integration/moto-iam-corrections.test.ts.
"""
from xml.sax.saxutils import escape

import xmltodict
from moto.dynamodb.responses import DynamoHandler
from moto.iam import access_control
from moto.s3 import responses as s3_responses
from moto.s3.exceptions import S3AccessDeniedError

for name in ("IAMRequestBase", "IAMRequest", "S3IAMRequest"):
    getattr(access_control, name).check_signature = lambda self: None

delete_keys = s3_responses.S3Response._bucket_response_delete_keys


def delete_keys_per_key(self, bucket_name, authenticated=True):
    if authenticated:
        return delete_keys(self, bucket_name, authenticated)
    request = xmltodict.parse(self.body, strip_whitespace=False)["Delete"]
    objects = request.get("Object", [])
    objects = objects if isinstance(objects, list) else [objects]
    allowed, denied = [], []
    for obj in objects:
        try:
            self._authenticate_and_authorize_s3_action(bucket_name=bucket_name, key_name=obj["Key"])
            allowed.append(obj)
        except S3AccessDeniedError:
            denied.append(obj["Key"])
    if not allowed:
        return delete_keys(self, bucket_name, False)
    self.body = xmltodict.unparse({"Delete": {**request, "Object": allowed}}).encode()
    status, headers, body = delete_keys(self, bucket_name, True)
    errors = "".join(
        f"<Error><Key>{escape(k)}</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
        for k in denied
    )
    text = body.decode() if isinstance(body, bytes) else body
    return status, headers, text.replace("</DeleteResult>", errors + "</DeleteResult>")


s3_responses.S3Response._bucket_response_delete_keys = delete_keys_per_key


def dynamodb_table_resource(self):
    table = (getattr(self, "params", None) or {}).get("TableName")
    if not isinstance(table, str) or table == "":
        return "*"
    return f"arn:aws:dynamodb:{self.region}:{self.current_account}:table/{table}"


DynamoHandler._determine_resource = dynamodb_table_resource
