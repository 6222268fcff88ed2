"""Validate JSON documents against a JSON Schema (draft-07), for tests/cli/schema.rs.

usage: validate.py SCHEMA.json valid|invalid INSTANCE.json...
Prints one line per document whose outcome is not the expected one; exit 1 if there is any.
Needs the `jsonschema` package (Debian: python3-jsonschema; .ci/run installs it).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the Python package jsonschema is missing (apt-get install python3-jsonschema)")
    sys.exit(3)

schema_path, expect, *instances = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
bad = 0
for path in instances:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    errors = list(validator.iter_errors(doc))
    if expect == "valid" and errors:
        bad += 1
        best = jsonschema.exceptions.best_match(errors)
        where = "/".join(str(p) for p in best.absolute_path)
        print(f"{path}: invalid at /{where}: {best.message[:300]}")
    elif expect == "invalid" and not errors:
        bad += 1
        print(f"{path}: valid, but should not be")
print(f"{len(instances)} documents checked, {bad} unexpected")
sys.exit(1 if bad else 0)
