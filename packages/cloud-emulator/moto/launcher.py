"""Starts moto server with the project's corrections (each module says what it changes and why).

Run as `python3 launcher.py -H 127.0.0.1 -p PORT`: the arguments are moto_server's. Python puts this
file's folder first on sys.path, so its sibling modules import by name.
"""
import sys

import iam_corrections  # noqa: F401  (patches moto on import)
import glue_resources  # noqa: F401
import athena_arns  # noqa: F401
import request_costs  # noqa: F401
import body_store  # noqa: F401

from moto.server import main

main(sys.argv[1:])
