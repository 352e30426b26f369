import LedgerCore

/// `ipledger check-proof`: check a proof offline, with SHA-256 alone; no ledger needed.
struct CheckProofCommand: Command {
    static let name = "check-proof"
    static let abstract = "Check an inclusion or consistency proof offline, without the ledger."
    static let usage = "ipledger check-proof [FILE|-] [--checkpoint FILE]... [--json]"
    static let help = """
    ARGUMENTS:
      FILE               The proof, as prove wrote it; `-` or nothing reads standard input.

    OPTIONS:
      --checkpoint FILE  Checkpoints you hold (one JSON object a line, as checkpoint prints);
                         repeatable. The proof's trees must be among them: for an inclusion
                         proof its size and root, for a consistency proof both ends.
      --json             Print the result as one JSON object.

    The kind of proof is told by its members. An inclusion proof holds when its leaf,
    at its index, with its audit path, gives its root (RFC 9162 section 2.1.3.2), and the
    leaf is a canonical record whose seq is the index + 1. A consistency proof holds when
    its path proves the tree of `from` events with `fromRoot` is a prefix of the tree of
    `to` events with `toRoot` (section 2.1.4.2). Prints one line (exit 0), or what is
    wrong (exit 3); a proof that is not even JSON is refused with exit 3 as well.

    A proof alone shows the leaf is in some tree with that root; RFC 9162 roots do not
    commit to their size, so only a checkpoint you hold (--checkpoint) ties the size and
    root to this ledger. EventLog/check_proof.py does the same checks in Python.

    EXAMPLE:
      ipledger check-proof event-42.proof.json --checkpoint my-checkpoints.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let checkpointPaths = try arguments.options("checkpoint")
        let path = try arguments.finish(maxPositionals: 1).first
        let trusted = try CheckpointFile.read(checkpointPaths, context)
        let bytes = try context.readInput(path)
        let name = path.flatMap { $0 == "-" ? nil : $0 } ?? "standard input"
        func refuse(_ why: String) -> CLIError { CLIError(.integrity, "\(name): \(why)") }

        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch let error as JSONError {
            throw refuse("not a proof: not JSON (\(error))")
        }
        guard case .object(let members) = value else { throw refuse("not a proof: expected a JSON object, found \(value.typeName)") }
        let isInclusion = members["leaf"] != nil || members["index"] != nil
        guard isInclusion || members["from"] != nil || members["fromRoot"] != nil else {
            throw refuse("neither an inclusion proof (index, leaf, path, root, size) nor a consistency proof (from, fromRoot, path, to, toRoot)")
        }
        /// Where the tree of `size` leaves with `root` is among the trusted checkpoints.
        func place(_ size: Int, _ root: SHA256.Digest) throws -> String? {
            guard !checkpointPaths.isEmpty else { return nil }
            guard let match = trusted.first(where: { $0.checkpoint.size == size && $0.checkpoint.root == root }) else {
                throw refuse("the proof's tree of \(size) events with root \(root.hex) is not a checkpoint in \(checkpointPaths.joined(separator: ", "))")
            }
            return match.place
        }

        do {
            if isInclusion {
                let proof = try InclusionProof(json: value)
                do { try proof.verify() } catch let error as MerkleProofError {
                    throw refuse("the inclusion proof does not hold: \(error)")
                }
                let record: LedgerRecord
                do { record = try proof.record() } catch let error as LeafError { throw refuse("\(error)") }
                let trustedAt = try place(proof.size, proof.root)
                if json {
                    let result: JSONValue = ["kind": "inclusion", "ok": true, "seq": .number(Double(record.seq)),
                                             "size": .number(Double(proof.size)), "root": .string(proof.root.hex),
                                             "stream": .string(record.stream), "type": .string(record.type),
                                             "trusted": .bool(trustedAt != nil)]
                    context.print(CanonicalJSON.string(result))
                } else {
                    context.print("inclusion proof holds: event \(record.seq) (\(record.stream) v\(record.version), \(record.type)) "
                                  + "is in the log of \(proof.size) events with root \(proof.root.hex)"
                                  + (trustedAt.map { ", the checkpoint on \($0)" } ?? ""))
                }
            } else {
                let proof = try ConsistencyProof(json: value)
                do { try proof.verify() } catch let error as MerkleProofError {
                    throw refuse("the consistency proof does not hold: \(error)")
                }
                let fromAt = try place(proof.from, proof.fromRoot)
                let toAt = try place(proof.to, proof.toRoot)
                if json {
                    let result: JSONValue = ["kind": "consistency", "ok": true, "from": .number(Double(proof.from)),
                                             "fromRoot": .string(proof.fromRoot.hex), "to": .number(Double(proof.to)),
                                             "toRoot": .string(proof.toRoot.hex), "trusted": .bool(fromAt != nil)]
                    context.print(CanonicalJSON.string(result))
                } else {
                    var line = "consistency proof holds: the log of \(proof.to) events with root \(proof.toRoot.hex) "
                        + "extends the log of \(proof.from) events with root \(proof.fromRoot.hex)"
                    if let fromAt, let toAt { line += ", the checkpoints on \(fromAt) and \(toAt)" }
                    context.print(line)
                }
            }
        } catch let error as ProofJSONError {
            throw refuse("\(error)")
        }
    }
}
