#!/usr/bin/env python3
"""Validate sample events' payloads against the JSON Schemas in Schemas/.

Each input line is a JSON object with at least "type", "schema" and "payload" (the
sample lines of Schemas/samples/, or whole records of a ledger's events.jsonl; other
members are ignored). The payload is checked against Schemas/<type>.v<schema>.schema.json
(JSON Schema draft 2020-12, formats checked).

    python3 Schemas/check_samples.py                      # samples/*.jsonl valid, samples/invalid/*.jsonl refused,
                                                          # and every schema has a valid sample
    python3 Schemas/check_samples.py FILE...              # every line of FILE must be valid
    python3 Schemas/check_samples.py --expect-invalid FILE...

Needs Python 3.8+ and the `jsonschema` package. Exit status: 0 all as expected,
1 a line was not as expected, 2 usage or unreadable input.
"""
import argparse
import glob
import json
import os
import re
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover
    sys.stderr.write("check_samples: the jsonschema package is needed (pip install jsonschema)\n")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))


def strict_pattern(validator, pattern, instance, schema):
    """`pattern` with ECMA-262 anchors: Python's `$` also matches before a final newline."""
    if not validator.is_type(instance, "string"):
        return
    if re.search(pattern, instance) is None or (pattern.endswith("$") and instance.endswith("\n")):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(Draft202012Validator, {"pattern": strict_pattern})


class Schemas:
    def __init__(self, folder):
        self.folder = folder
        self.cache = {}

    def names(self):
        return sorted(os.path.basename(p) for p in glob.glob(os.path.join(self.folder, "*.schema.json")))

    def validator(self, type_name, version):
        key = (type_name, version)
        if key not in self.cache:
            path = os.path.join(self.folder, f"{type_name}.v{version}.schema.json")
            if not os.path.isfile(path):
                self.cache[key] = None
            else:
                with open(path, encoding="utf-8") as f:
                    schema = json.load(f)
                Draft202012Validator.check_schema(schema)
                self.cache[key] = Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        return self.cache[key]


def path_of(error):
    """`payload.team[1]`, as the ledger names members."""
    out = "payload"
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def problems(schemas, line):
    """The reasons a parsed line is not a valid sample (empty when it is)."""
    if not isinstance(line, dict):
        return ["a sample line is a JSON object"]
    type_name, version = line.get("type"), line.get("schema")
    if not isinstance(type_name, str) or not isinstance(version, int) or isinstance(version, bool):
        return ['a sample line has "type" (a string) and "schema" (an integer)']
    if "payload" not in line:
        return ['a sample line has a "payload"']
    validator = schemas.validator(type_name, version)
    if validator is None:
        return [f"no schema {type_name}.v{version}.schema.json"]
    errors = sorted(validator.iter_errors(line["payload"]), key=lambda e: list(e.absolute_path))
    return [f"{type_name}: {path_of(e)}: {e.message}" for e in errors]


def check_file(schemas, path, expect_valid, seen):
    """Checks every line of one file; returns the number of lines not as expected."""
    failures = 0
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        sys.stderr.write(f"check_samples: cannot read {path}: {e}\n")
        sys.exit(2)
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except json.JSONDecodeError as e:
            print(f"{path}:{number}: not JSON: {e}")
            failures += 1
            continue
        found = problems(schemas, line)
        if expect_valid and found:
            for p in found:
                print(f"{path}:{number}: {p}")
            failures += 1
        elif not expect_valid and not found:
            print(f"{path}:{number}: accepted, but this sample must be refused")
            failures += 1
        elif expect_valid:
            seen.add(f"{line['type']}.v{line['schema']}.schema.json")
    return failures


def main(argv):
    parser = argparse.ArgumentParser(description="Validate sample payloads against Schemas/.")
    parser.add_argument("files", nargs="*", help="JSON lines files (default: Schemas/samples)")
    parser.add_argument("--schemas", default=HERE, help="the folder of *.schema.json files")
    parser.add_argument("--expect-invalid", action="store_true", help="every line of FILE must be refused")
    args = parser.parse_args(argv)
    schemas = Schemas(args.schemas)
    seen = set()
    failures = 0
    if args.files:
        for path in args.files:
            failures += check_file(schemas, path, not args.expect_invalid, seen)
    else:
        samples = os.path.join(HERE, "samples")
        for path in sorted(glob.glob(os.path.join(samples, "*.jsonl"))):
            failures += check_file(schemas, path, True, seen)
        for path in sorted(glob.glob(os.path.join(samples, "invalid", "*.jsonl"))):
            failures += check_file(schemas, path, False, seen)
        for name in schemas.names():
            if name not in seen:
                print(f"{name}: no valid sample in samples/")
                failures += 1
    if failures:
        print(f"check_samples: {failures} line(s) not as expected")
        return 1
    print("check_samples: all samples as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
