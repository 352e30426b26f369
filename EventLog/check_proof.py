#!/usr/bin/env python3
"""Check an IPLedger inclusion or consistency proof with nothing but Python's standard library.

Usage: python3 check_proof.py PROOF_FILE|- [--checkpoint FILE]...

The proof is FORMAT.md's JSON (EventLog/README.md, "Proofs"): an inclusion proof
{"index","leaf","path","root","size"} or a consistency proof
{"from","fromRoot","path","to","toRoot"}, told apart by their members. It is checked
with RFC 9162 section 2.1.3.2 or 2.1.4.2; an inclusion proof's leaf must also be a
record of the format, in canonical form, whose seq is the index + 1. With --checkpoint,
the proof's trees must be among the checkpoints in the files given (one JSON object a
line): an inclusion proof's size and root, both ends of a consistency proof.

Prints one line and exits 0 when the proof holds; names what is wrong and exits 3 when
it does not (or is not a proof at all); exits 1 for a malformed checkpoint file and 2
for a wrong command line. It shares no code with ipledger, on purpose; only the record
checks come from verify_log.py beside it.
"""
import hashlib
import json
import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_log as fmt  # noqa: E402  (the record and canonical-form checks)

HEX64 = re.compile(r"^[0-9a-f]{64}$")
UTC = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$")
INCLUSION = {"index", "leaf", "path", "root", "size"}
CONSISTENCY = {"from", "fromRoot", "path", "to", "toRoot"}
CHECKPOINT = {"head", "recorded", "root", "size"}
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


class Refused(Exception):
    """The proof, bundle or checkpoint is not what the format says, or does not hold."""


# --- RFC 9162 section 2.1 -----------------------------------------------------------

def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion(index, size, leaf, path):
    """RFC 9162 2.1.3.2, steps 1 to 5: the root that the leaf hash and the path imply."""
    if index >= size:
        raise Refused("leaf index %d is not in a tree of %d leaves" % (index, size))
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Refused("the path is longer than the tree is tall")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Refused("the path is shorter than the tree is tall")
    return r


def verify_consistency(first, second, first_root, second_root, path):
    """RFC 9162 2.1.4.2 for 0 < first < second; equal sizes need an empty path and equal roots."""
    if first == 0:
        raise Refused("consistency from the empty tree proves nothing")
    if first > second:
        raise Refused("the first tree is larger than the second")
    if first == second:
        if path or first_root != second_root:
            raise Refused("two trees of %d leaves with different roots, or a path where none is needed" % first)
        return
    if not path:
        raise Refused("the path is empty")
    if first & (first - 1) == 0:
        path = [first_root] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise Refused("the path is longer than the trees need")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Refused("the path is shorter than the trees need")
    if fr != first_root:
        raise Refused("the path implies old root %s, not the claimed %s" % (fr.hex(), first_root.hex()))
    if sr != second_root:
        raise Refused("the path implies new root %s, not the claimed %s" % (sr.hex(), second_root.hex()))


# --- Reading FORMAT.md's JSON strictly -----------------------------------------------

def parse_json(data, what):
    """Strict JSON (I-JSON): UTF-8, no duplicate names, no NaN, no lone surrogates."""
    try:
        text = data.decode("utf-8", errors="strict")
        value = json.loads(text, object_pairs_hook=fmt.no_duplicates, parse_float=fmt.parse_number,
                           parse_constant=lambda c: (_ for _ in ()).throw(fmt.Defect("%s is not JSON" % c)))
        fmt.check_strings(value)
    except (UnicodeDecodeError, ValueError, fmt.Defect) as e:
        raise Refused("%s: not JSON (%s)" % (what, e))
    return value


def members(value, names, what):
    if not isinstance(value, dict):
        raise Refused("%s: expected a JSON object" % what)
    if set(value) != names:
        raise Refused("%s: members are %s, not %s" % (what, sorted(value), sorted(names)))
    return value


def count(value, name, what):
    v = value[name]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != int(v) or not 0 <= v <= 2 ** 53:
        raise Refused("%s: %s must be an integer from 0 to 2^53" % (what, name))
    return int(v)


def digest(v, name, what):
    if not isinstance(v, str) or not HEX64.match(v):
        raise Refused("%s: %s must be 64 lowercase hex digits" % (what, name))
    return bytes.fromhex(v)


def digests(value, name, what):
    v = value[name]
    if not isinstance(v, list):
        raise Refused("%s: %s must be an array of hashes" % (what, name))
    return [digest(h, "%s[%d]" % (name, i), what) for i, h in enumerate(v)]


def is_utc_time(text):
    m = UTC.match(text) if isinstance(text, str) else None
    if not m:
        return False
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    if not (1 <= month <= 12 and hour < 24 and minute < 60 and second < 60):
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return 1 <= day <= days


def read_checkpoint(value, what="checkpoint"):
    members(value, CHECKPOINT, what)
    if not is_utc_time(value["recorded"]):
        raise Refused("%s: recorded must be an RFC 3339 UTC time" % what)
    cp = {"head": digest(value["head"], "head", what), "recorded": value["recorded"],
          "root": digest(value["root"], "root", what), "size": count(value, "size", what)}
    if cp["size"] == 0 and (cp["head"] != bytes(32) or cp["root"].hex() != EMPTY_ROOT):
        raise Refused("%s: an empty log's head must be 64 zeros and its root SHA-256 of nothing" % what)
    return cp


def read_inclusion(value, what="inclusion proof"):
    members(value, INCLUSION, what)
    if not isinstance(value["leaf"], str) or "\n" in value["leaf"]:
        raise Refused("%s: leaf must be one line of the log" % what)
    return {"index": count(value, "index", what), "leaf": value["leaf"].encode("utf-8"),
            "path": digests(value, "path", what), "root": digest(value["root"], "root", what),
            "size": count(value, "size", what)}


def read_consistency(value, what="consistency proof"):
    members(value, CONSISTENCY, what)
    return {"from": count(value, "from", what), "fromRoot": digest(value["fromRoot"], "fromRoot", what),
            "path": digests(value, "path", what), "to": count(value, "to", what),
            "toRoot": digest(value["toRoot"], "toRoot", what)}


def check_inclusion(proof):
    """The proof holds, and its leaf is a canonical record at its index; returns the record."""
    computed = root_from_inclusion(proof["index"], proof["size"], leaf_hash(proof["leaf"]), proof["path"])
    if computed != proof["root"]:
        raise Refused("the inclusion proof does not hold: the path leads to root %s" % computed.hex())
    try:
        record = parse_json(proof["leaf"], "not JSON")
        fmt.check_record(record)
        canonical = fmt.canonical(record).encode("utf-8")
    except (Refused, fmt.Defect) as e:
        raise Refused("the leaf is not a record: %s" % e)
    if canonical != proof["leaf"]:
        raise Refused("the leaf is not in RFC 8785 canonical form")
    if int(record["seq"]) != proof["index"] + 1:
        raise Refused("the leaf has seq %d but is proven at index %d" % (int(record["seq"]), proof["index"]))
    return record


def read_checkpoint_files(paths):
    """[(place, checkpoint)] from files of one checkpoint a line; exits 1 on a malformed one."""
    held = []
    for path in paths:
        with open(path, "rb") as f:
            lines = f.read().split(b"\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                held.append(("line %d of %s" % (number, path), read_checkpoint(parse_json(line, "checkpoint"))))
            except Refused as e:
                print("error: %s line %d: %s" % (path, number, e), file=sys.stderr)
                sys.exit(1)
        if not any(place.endswith(" of " + path) for place, _ in held):
            print("error: %s holds no checkpoint" % path, file=sys.stderr)
            sys.exit(1)
    return held


def place_of(held, size, root):
    for place, cp in held:
        if cp["size"] == size and cp["root"] == root:
            return place
    raise Refused("the proof's tree of %d events with root %s is not a checkpoint given" % (size, root.hex()))


def arguments(argv):
    """(the input file, [checkpoint files]) from the command line."""
    files, held, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--checkpoint" and i + 1 < len(argv):
            held.append(argv[i + 1])
            i += 2
        elif argv[i].startswith("--checkpoint="):
            held.append(argv[i][len("--checkpoint="):])
            i += 1
        else:
            files.append(argv[i])
            i += 1
    if len(files) > 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    return (files[0] if files else "-"), held


def read_input(path):
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    path, held_paths = arguments(argv)
    held = read_checkpoint_files(held_paths)
    try:
        value = parse_json(read_input(path), "not a proof")
        if not isinstance(value, dict):
            raise Refused("not a proof: expected a JSON object")
        if "leaf" in value or "index" in value:
            proof = read_inclusion(value)
            record = check_inclusion(proof)
            line = "inclusion proof holds: event %d (%s v%d, %s) is in the log of %d events with root %s" % (
                int(record["seq"]), record["stream"], int(record["version"]), record["type"], proof["size"], proof["root"].hex())
            if held_paths:
                line += ", the checkpoint on " + place_of(held, proof["size"], proof["root"])
        elif "from" in value or "fromRoot" in value:
            proof = read_consistency(value)
            try:
                verify_consistency(proof["from"], proof["to"], proof["fromRoot"], proof["toRoot"], proof["path"])
            except Refused as e:
                raise Refused("the consistency proof does not hold: %s" % e)
            line = "consistency proof holds: the log of %d events with root %s extends the log of %d events with root %s" % (
                proof["to"], proof["toRoot"].hex(), proof["from"], proof["fromRoot"].hex())
            if held_paths:
                line += ", the checkpoints on %s and %s" % (place_of(held, proof["from"], proof["fromRoot"]),
                                                            place_of(held, proof["to"], proof["toRoot"]))
        else:
            raise Refused("neither an inclusion proof nor a consistency proof")
    except Refused as e:
        print("error: %s" % e, file=sys.stderr)
        return 3
    print(line)
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main(sys.argv[1:]))
