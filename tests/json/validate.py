#!/usr/bin/env python3
# tests/json/validate.py SCHEMA FILE... - validates each FILE (one JSON
# document) against SCHEMA with python3-jsonschema (Draft 2020-12); prints
# the first error of each failing file and exits 1 when one fails.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        bad += 1
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path)
        print(f"{path}: {where}: {e.message[:300]}")
sys.exit(1 if bad else 0)
