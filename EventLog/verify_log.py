#!/usr/bin/env python3
"""Verify an IPLedger log with nothing but Python's standard library.

Usage: python3 verify_log.py LEDGER_DIR_OR_EVENTS_JSONL

Checks every line as EventLog/README.md describes: I-JSON, the RFC 8785 canonical
form, the eleven record members, seq without gaps, per-stream version without gaps,
and the prev hash chain. Prints one summary line and exits 0, or names the first
bad line and exits 3. It shares no code with ipledger, on purpose.
"""
import hashlib
import json
import math
import os
import re
import signal
import sys

MEMBERS = {"seq", "id", "stream", "version", "type", "schema", "at", "recorded", "actor", "payload", "prev"}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


class Defect(Exception):
    pass


def es6_number(x):
    """A number as ECMAScript's Number.prototype.toString writes it (RFC 8785 3.2.2.3)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError(x)
    x = float(x)
    if math.isnan(x) or math.isinf(x):
        raise Defect("a number is not finite")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    digits, exponent = shortest_digits(abs(x))
    n = exponent  # value = 0.digits * 10^n
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + mantissa + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def shortest_digits(x):
    """The shortest round-trip decimal digits of x and n, with x = 0.d1d2... * 10^n."""
    text = repr(x)  # Python's repr is the shortest round-trip form
    mantissa, _, exp = text.partition("e")
    exp = int(exp) if exp else 0
    if "." in mantissa:
        whole, frac = mantissa.split(".")
    else:
        whole, frac = mantissa, ""
    if frac == "0":
        frac = ""
    digits = (whole + frac).lstrip("0")
    leading_zeros = len(whole + frac) - len((whole + frac).lstrip("0"))
    n = len(whole) + exp - leading_zeros
    digits = digits.rstrip("0")
    return digits, n


def canonical(value):
    """The RFC 8785 form of a parsed JSON value, as a str."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return es6_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(value[k]) for k in keys) + "}"
    raise TypeError(type(value))


def no_duplicates(pairs):
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise Defect("duplicate member name %r" % k)
        seen[k] = v
    return seen


def parse_number(text):
    value = float(text)
    if math.isinf(value):
        raise Defect("a number is beyond a double's range")
    return value


def check_strings(value):
    """I-JSON: no lone surrogates."""
    if isinstance(value, str):
        if re.search("[\ud800-\udfff]", value):
            raise Defect("a string holds a lone surrogate")
    elif isinstance(value, list):
        for v in value:
            check_strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            check_strings(k)
            check_strings(v)


def positive_int(record, name):
    v = record.get(name)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v) or v < 1:
        raise Defect("%s: expected a positive integer" % name)
    return int(v)


def check_record(record):
    if not isinstance(record, dict):
        raise Defect("a record is a JSON object")
    if set(record) != MEMBERS:
        missing, extra = MEMBERS - set(record), set(record) - MEMBERS
        raise Defect("members differ from the record's: missing %s, unknown %s" % (sorted(missing), sorted(extra)))
    for name in ("id", "stream", "type", "at", "recorded", "prev"):
        if not isinstance(record[name], str) or not record[name]:
            raise Defect("%s: expected a non-empty string" % name)
    for name in ("seq", "version", "schema"):
        positive_int(record, name)
    if not RFC3339.match(record["at"]):
        raise Defect("at: expected an RFC 3339 date-time with offset")
    if not UTC.match(record["recorded"]):
        raise Defect("recorded: expected an RFC 3339 UTC date-time")
    actor = record["actor"]
    if not isinstance(actor, dict) or set(actor) != {"agency", "officer"} or \
            not all(isinstance(actor[k], str) and actor[k] for k in actor):
        raise Defect("actor: expected {agency, officer}")
    if not isinstance(record["payload"], dict):
        raise Defect("payload: expected an object")
    if not re.fullmatch("[0-9a-f]{64}", record["prev"]):
        raise Defect("prev: expected 64 lowercase hex digits")


def verify(path):
    if os.path.isdir(path):
        path = os.path.join(path, "events.jsonl")
    with open(path, "rb") as f:
        data = f.read()
    head = "0" * 64
    versions = {}
    count = 0
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
        torn = False
    else:
        torn = bool(lines)
    for number, line in enumerate(lines, start=1):
        try:
            if torn and number == len(lines):
                raise Defect("the last bytes do not end in a newline")
            try:
                text = line.decode("utf-8", errors="strict")
            except UnicodeDecodeError:
                raise Defect("not valid UTF-8")
            try:
                record = json.loads(text, object_pairs_hook=no_duplicates, parse_float=parse_number,
                                    parse_constant=lambda c: (_ for _ in ()).throw(Defect("%s is not JSON" % c)))
            except ValueError as e:
                raise Defect("not valid JSON: %s" % e)
            check_strings(record)
            check_record(record)
            if canonical(record).encode("utf-8") != line:
                raise Defect("the line is not in RFC 8785 canonical form")
            seq = int(record["seq"])
            if seq != count + 1:
                raise Defect("seq is %d, expected %d" % (seq, count + 1))
            if record["prev"] != head:
                raise Defect("prev does not match the previous line's hash")
            expected = versions.get(record["stream"], 0) + 1
            if int(record["version"]) != expected:
                raise Defect("version is %d in stream %s, expected %d" % (int(record["version"]), record["stream"], expected))
        except Defect as d:
            print("line %d: %s" % (number, d), file=sys.stderr)
            return 3
        versions[record["stream"]] = expected
        head = hashlib.sha256(line).hexdigest()
        count += 1
    print("verified %d event%s in %d stream%s; head %s" % (count, "" if count == 1 else "s", len(versions),
                                                           "" if len(versions) == 1 else "s", head))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    sys.exit(verify(sys.argv[1]))
