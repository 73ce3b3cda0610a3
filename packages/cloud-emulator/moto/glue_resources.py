"""Glue Data Catalog calls authorized on their resources, as AWS evaluates them.

moto 5.2.1 authorizes every Glue call on the resource `*`, which a policy granting the narrow ARNs
(`arn:aws:glue:<region>:<account>:catalog`, `database/<db>`, `table/<db>/*`) never matches: a role
with exactly the grants AWS wants would be denied here. AWS checks a table call on the catalog,
the database and the table, and a database call on the catalog and the database: so does this
correction, one check per ARN. A refusal is answered as Glue answers it, a JSON
`AccessDeniedException` (moto 5.2.1 answers XML, which the SDK's JSON protocol cannot read).

Imported by launcher.py before moto's server starts. Tested by
packages/cloud-emulator/tests/integration/moto-iam-corrections.test.ts.
"""
from moto.core.exceptions import AccessDeniedError, JsonRESTError
from moto.glue.responses import GlueResponse
from moto.utilities.utils import get_partition

authorize = GlueResponse._authenticate_and_authorize_normal_action


def catalog_resources(self):
    try:
        params = self.parameters
    except Exception:  # an unreadable body: moto's own handler answers it
        return ["*"]
    glue = f"arn:{get_partition(self.region)}:glue:{self.region}:{self.current_account}"
    table_input = params.get("TableInput") or {}
    database = params.get("DatabaseName") or (params.get("Name") if "Table" not in self._get_action() else None)
    table = table_input.get("Name") or (params.get("Name") if "Table" in self._get_action() else None)
    resources = [f"{glue}:catalog"]
    if database:
        resources.append(f"{glue}:database/{database}")
        if table:
            resources.append(f"{glue}:table/{database}/{table}")
    return resources


def authorize_on_catalog_resources(self, resource="*"):
    for arn in catalog_resources(self):
        try:
            authorize(self, arn)
        except AccessDeniedError as denied:
            raise JsonRESTError("AccessDeniedException", denied.message) from denied


GlueResponse._authenticate_and_authorize_normal_action = authorize_on_catalog_resources
