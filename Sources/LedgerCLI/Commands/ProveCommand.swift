import LedgerCore
import LedgerStore

/// `ipledger prove`: an inclusion or a consistency proof, in FORMAT.md's JSON.
struct ProveCommand: Command {
    static let name = "prove"
    static let abstract = "Print an inclusion proof of one event, or a consistency proof between two sizes of the log."
    static let usage = """
    ipledger prove --seq N [--size M] [--ledger DIR] [--out FILE]
           ipledger prove --from M [--to N] [--ledger DIR] [--out FILE]
    """
    static let help = """
    OPTIONS:
      --seq N       Prove that event N is in the log: an RFC 9162 inclusion proof
                    {"index","leaf","path","root","size"} whose leaf is the event's line.
      --size M      ... in the log of its first M events (default: all of them now).
      --from M      Prove that the log of its first M events is a prefix of the log of
                    its first N: an RFC 9162 consistency proof {"from","fromRoot","path","to","toRoot"}.
      --to N        ... (default: all the events now).
      --out FILE    Write the proof to FILE instead of standard output.
      --ledger DIR  The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).

    The proof is canonical JSON; `ipledger check-proof` or EventLog/check_proof.py checks
    it without the ledger. It reveals the one event it proves and nothing of the others.
    Compare its size and root with a checkpoint you hold: that binds it to this ledger.

    EXAMPLE:
      ipledger prove --seq 42 --ledger EventLog/sample > event-42.proof.json
      ipledger prove --from 100 --to 250 --ledger EventLog/sample
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let seq = try arguments.intOption("seq", in: 1...Int.max)
        let size = try arguments.intOption("size", in: 1...Int.max)
        let from = try arguments.intOption("from", in: 1...Int.max)
        let to = try arguments.intOption("to", in: 1...Int.max)
        let out = try arguments.option("out")
        let directory = try LedgerLocation.directory(&arguments, context)
        _ = try arguments.finish()
        let ledger = try LedgerLocation.open(directory)
        guard (seq == nil) != (from == nil) else { throw CLIError.usage("give either --seq N (inclusion) or --from M (consistency)") }
        if seq != nil, to != nil { throw CLIError.usage("--to goes with --from; an inclusion proof takes --size") }
        if from != nil, size != nil { throw CLIError.usage("--size goes with --seq; a consistency proof takes --to") }
        let count = try storeCall { try ledger.count() }
        let treeSize = size ?? to ?? count
        guard treeSize <= count else {
            throw CLIError.usage("the log holds \(count) events; --\(size != nil ? "size" : "to") \(treeSize) is beyond it")
        }
        let proof: JSONValue = try merkleCall {
            try ledger.withMerkleTree(size: treeSize, warn: context.warning) { tree -> JSONValue in
                if let seq {
                    guard seq <= treeSize else {
                        throw CLIError.usage("event \(seq) is not in the log of \(treeSize) events")
                    }
                    let line = String(decoding: try tree.line(seq: seq), as: UTF8.self)
                    return try InclusionProof(leaf: line, index: seq - 1, size: treeSize, source: tree).json
                }
                let from = from!
                guard from <= treeSize else { throw CLIError.usage("--from \(from) is larger than --to \(treeSize)") }
                return try ConsistencyProof(from: from, to: treeSize, source: tree).json
            }
        }
        try context.write(CanonicalJSON.encode(proof) + [0x0a], to: out)
        if let out, out != "-" {
            let what = seq.map { "inclusion proof of event \($0) in the log of \(treeSize) events" }
                ?? "consistency proof from \(from!) to \(treeSize) events"
            context.print("wrote the \(what) to \(out)")
        }
    }
}
