"""Athena tags found by an ARN without an account, as the terraform AWS provider sends it to an emulator.

With `skip_requesting_account_id` (the stack's emulator settings: there is no account to ask),
the provider builds a workgroup's ARN with an empty account field
(`arn:aws:athena:us-east-1::workgroup/<name>`) and reads its tags by it after every create. moto
5.2.1 keys tags by the ARN with its account and answers "Does Not Exist", which fails the apply.
The account a request comes from fills the empty field.

Imported by launcher.py before moto's server starts. Tested by infra's emulator apply test
(infra/tests/integration/apply-local.test.ts), which creates the stack's workgroup.
"""
from moto.athena.models import AthenaBackend


def with_account(backend, arn):
    prefix, sep, rest = arn.partition("::")
    if sep and prefix.startswith("arn:") and prefix.count(":") == 3:
        return f"{prefix}:{backend.account_id}:{rest}"
    return arn


for name in ("list_tags_for_resource", "tag_resource", "untag_resource"):
    original = getattr(AthenaBackend, name)

    def corrected(self, resource_arn, *args, _original=original, **kwargs):
        return _original(self, with_account(self, resource_arn), *args, **kwargs)

    setattr(AthenaBackend, name, corrected)
