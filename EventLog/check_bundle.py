#!/usr/bin/env python3
"""Check an IPLedger case bundle with nothing but Python's standard library.

Usage: python3 check_bundle.py BUNDLE_FILE|- [--checkpoint FILE]...

A case bundle (EventLog/README.md, "Case bundles") is
{"case", "checkpoint", "events": [inclusion proof, ...], "format": "ipledger-case-bundle/1"}.
It holds when every event's inclusion proof is against the bundle's checkpoint (same size
and root) and holds (RFC 9162 section 2.1.3.2); every leaf is a canonical record whose seq
is its index + 1, in increasing order; the event at the checkpoint's size, if present,
hashes to the checkpoint's head; each stream's versions run 1, 2, 3 ... without a gap; the
case's stream is there; and every other stream has an event whose payload refers to the
case ("case": CASE, or CASE among "cases"). With --checkpoint, the bundle's checkpoint
must also be one of those in the files given, all four members equal.

Prints a summary and the case's trail (seq, at, stream, version, type, agency/officer,
event hash) and exits 0, or names the first problem and exits 3.
"""
import hashlib
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_proof as proofs  # noqa: E402
from check_proof import Refused  # noqa: E402

FORMAT = "ipledger-case-bundle/1"
BUNDLE = {"case", "checkpoint", "events", "format"}


def refers(record, case):
    payload = record["payload"]
    cases = payload.get("cases")
    return record["stream"] == case or payload.get("case") == case or (isinstance(cases, list) and case in cases)


def check(value, held):
    """The bundle's case, checkpoint and [(record, event hash)], or Refused."""
    proofs.members(value, BUNDLE, "case bundle")
    if value["format"] != FORMAT:
        raise Refused("the bundle's format is %r, not %r" % (value["format"], FORMAT))
    case = value["case"]
    if not isinstance(case, str):
        raise Refused("case bundle: case must be a string")
    checkpoint = proofs.read_checkpoint(value["checkpoint"])
    if not isinstance(value["events"], list):
        raise Refused("case bundle: events must be an array of inclusion proofs")
    events = [proofs.read_inclusion(e, "events[%d]" % i) for i, e in enumerate(value["events"])]
    if not events:
        raise Refused("the bundle has no event of %s" % case)
    trail, versions, referring = [], {}, set()
    for i, proof in enumerate(events):
        try:
            if proof["size"] != checkpoint["size"] or proof["root"] != checkpoint["root"]:
                raise Refused("the proof is not against the bundle's checkpoint")
            record = proofs.check_inclusion(proof)
        except Refused as e:
            raise Refused("events[%d]: %s" % (i, e))
        seq = int(record["seq"])
        if trail and seq <= int(trail[-1][0]["seq"]):
            raise Refused("events[%d]: seq %d does not follow seq %d" % (i, seq, int(trail[-1][0]["seq"])))
        event_hash = hashlib.sha256(proof["leaf"]).digest()
        if seq == checkpoint["size"] and event_hash != checkpoint["head"]:
            raise Refused("event %d is the checkpoint's last, but its hash is not the checkpoint's head" % seq)
        stream = record["stream"]
        expected = versions.get(stream, 0) + 1
        if int(record["version"]) != expected:
            raise Refused("event %d is version %d of %s, but version %d is not in the bundle"
                          % (seq, int(record["version"]), stream, expected))
        versions[stream] = expected
        if refers(record, case):
            referring.add(stream)
        trail.append((record, event_hash))
    if case not in versions:
        raise Refused("the bundle has no event of %s" % case)
    strangers = sorted(s for s in versions if s != case and s not in referring)
    if strangers:
        raise Refused("stream %s is in the bundle, but none of its events refers to the case" % strangers[0])
    place = None
    if held is not None:
        place = next((p for p, cp in held if cp == checkpoint), None)
        if place is None:
            raise Refused("the bundle's checkpoint is not one of the trusted checkpoints given")
    return case, checkpoint, trail, place


def main(argv):
    path, held_paths = proofs.arguments(argv)
    held = proofs.read_checkpoint_files(held_paths) if held_paths else None
    try:
        case, checkpoint, trail, place = check(proofs.parse_json(proofs.read_input(path), "not a case bundle"), held)
    except Refused as e:
        print("error: %s" % e, file=sys.stderr)
        return 3
    streams = len({record["stream"] for record, _ in trail})
    print("bundle of %s holds: %d events in %d stream%s, each proven in the log of %d events with root %s"
          % (case, len(trail), streams, "" if streams == 1 else "s", checkpoint["size"], checkpoint["root"].hex()))
    print("checkpoint: head %s, recorded %s; %s" % (
        checkpoint["head"].hex(), checkpoint["recorded"],
        "it is the checkpoint on " + place if place else "not compared with a checkpoint you hold (--checkpoint FILE)"))
    print()
    for record, event_hash in trail:
        actor = record["actor"]
        print("%s  %s  %s v%d  %s  %s/%s  %s" % (int(record["seq"]), record["at"], record["stream"], int(record["version"]),
                                              record["type"], actor["agency"], actor["officer"], event_hash.hex()))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    sys.exit(main(sys.argv[1:]))
