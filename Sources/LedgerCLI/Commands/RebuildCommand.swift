import Foundation
import IPProtection
import LedgerCore
import LedgerStore
import Projections

/// `ipledger rebuild`: the nightly job.
struct RebuildCommand: Command {
    static let name = "rebuild"
    static let abstract = "Rebuild every projection from the first event, verifying the log, and compare with the incremental state."
    static let usage = "ipledger rebuild [--ledger DIR] [--jobs N] [--json]"
    static let help = """
    OPTIONS:
      --ledger DIR  The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
      --jobs N      Threads reading, hashing and decoding lines beside the one folding
                    them (default: the number of processors); one more checks the chain.
      --json        Print the summary as one JSON object.

    One streaming pass over events.jsonl folds every projection from event 1 while it
    checks the log as `ipledger verify` does (canonical form, sequence, stream versions,
    hash chain). A bad line stops the rebuild and is named (exit 3); nothing is written.
    Then the projection snapshot kept by the other commands (projections/snapshot.jsonl),
    caught up from the log, is compared with the rebuild: first by its bytes, with the
    rebuild as it stood at the snapshot's event (equal projections encode alike); if they
    differ, member by member, and any difference is listed and exits 3. The rebuilt
    snapshot is written atomically (temporary file, fsync, rename) in either case, unless
    the file already holds it byte for byte ("unchanged"), and so is the reference index
    `status STREAM` and `trail CASE` use (projections/references.bin). The summary gives
    the events, the time taken and events per second.

    EXAMPLE:
      ipledger rebuild --ledger /srv/ipledger
      ipledger rebuild --json >> /var/log/ipledger-rebuild.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let jobs = try arguments.intOption("jobs", in: 1...64) ?? ProcessInfo.processInfo.activeProcessorCount
        let directory = try LedgerLocation.directory(&arguments, context)
        _ = try arguments.finish()
        let ledger = try LedgerLocation.open(directory)
        let started = Date()

        // The incremental snapshot, mapped, not read: if the pass reaches the line it was
        // taken at, the rebuild as it stood there is kept to compare with it by bytes.
        let earlier = try? SnapshotFile.map(ProjectionSnapshots.path(ledger), verifyBody: false)
        let earlierTag = earlier.map(\.tag).flatMap { tag in
            tag.name == ProjectionSnapshots.name && tag.version == ProjectionSet.formatVersion ? tag : nil
        }
        // A snapshot taken at the log's last line is kept if the rebuild encodes to it, once
        // its body is found to match its tag: that is hashed on another thread while the pass
        // runs (the threads that read the log leave room for it).
        if let earlier, let earlierTag, (try? ledger.logSize()) == earlierTag.offset + earlierTag.length + 1 {
            earlier.hashBodyInBackground()
        }
        var atEarlier: ProjectionSet?

        // 1. The rebuild: one verified pass, folding every line.
        var rebuilt = ProjectionSet()
        var references = ReferenceIndex()
        var last: VerifiedLogReader.Line?
        let progress = Progress(context, label: "rebuilding")
        let summary: LogVerification.Summary
        let position: ProjectionSnapshots.Position?
        // Lines are read into events, and their reference keys, on the worker threads and
        // folded here in log order.
        let reader = VerifiedLogReader(path: ledger.eventsPath, jobs: jobs)
        do {
            summary = try reader.read(decoding: .linkedEvents, progress: progress.update) { linked, line in
                rebuilt.apply(linked.event)
                references.add(linked.links, seq: linked.event.seq)
                if let tag = earlierTag, line.seq == tag.seq, line.hash == tag.head, line.offset == tag.offset,
                   line.length == tag.length {
                    atEarlier = rebuilt  // shared, not copied: only what later events change is copied
                }
                last = line
            }
            position = try last.map { try lastPosition($0, ledger) }
            progress.finish()
        } catch let defect as LogDefect {
            progress.finish()
            throw CLIError(.integrity, "\(ledger.eventsPath) \(defect); the projections were not rebuilt")
        } catch let error as StoreError {
            progress.finish()
            throw error.cliError
        }
        let passSeconds = Date().timeIntervalSince(started)
        var timing = Timing(context)
        timing.note("verified pass (since start \(String(format: "%.3f", passSeconds)) s; " +
            "the folding thread's CPU \(String(format: "%.3f", Timing.threadCPUSeconds())) s)")
        // The pass's chunks were freed on the worker threads, whose heaps keep the pages:
        // handed back, so that the encoding's blocks reuse them rather than add to the peak.
        Heap.returnFreePages()

        // 2. The incremental state: the snapshot the other commands keep, caught up to the same event.
        //    Equal projections encode to equal bytes, so the rebuild as it stood at the
        //    snapshot's line is compared with it by its encoding; only when they differ is the
        //    snapshot decoded, caught up and compared member by member, to name what differs.
        var comparedFrom: Int?
        var differences: [String] = []
        // The rebuilt snapshot, encoded and compared with the file as it goes, not yet written.
        var streamed: StreamedSnapshot?
        if let position, let earlier, let earlierTag, let atEarlier {
            let equal: Bool
            if earlierTag.seq == position.seq {
                streamed = try storeCall { try StreamedSnapshot(rebuilt, at: position, ledger, comparingWith: earlier) }
                equal = streamed!.equalsExisting
            } else {
                equal = try StreamedSnapshot.encodes(atEarlier, as: earlier)
            }
            timing.note("encode the rebuild at seq \(earlierTag.seq), compared by bytes with the snapshot of seq \(earlierTag.seq): " +
                (equal ? "equal" : "different"))
            if equal { comparedFrom = earlierTag.seq }
            Teardown.leave(atEarlier, large: earlierTag.seq >= 100_000)
        }
        if comparedFrom == nil, let position,
           let snapshot = ProjectionSnapshots.load(ledger, verifyBody: true, warn: { context.warn("Warning: \($0)") }),
           snapshot.position.seq <= position.seq {
            var incremental = snapshot.set
            try ProjectionSnapshots.fold(&incremental, ledger, after: snapshot.position, untilSeq: position.seq)
            comparedFrom = snapshot.position.seq
            timing.note("load and catch up the incremental snapshot")
            differences = rebuilt.differences(from: incremental)
            timing.note("compare")
            Teardown.leave(incremental, large: position.seq >= 100_000)
        }

        // 3. The rebuilt snapshot replaces it.
        //    A file that already holds it byte for byte is left as it is.
        var snapshotPath: String?
        var snapshotWritten = false
        if let position {
            snapshotWritten = try storeCall {
                let snapshot = try streamed ?? StreamedSnapshot(rebuilt, at: position, ledger, comparingWith: nil)
                return try snapshot.commit()
            }
            snapshotPath = ProjectionSnapshots.path(ledger)
            timing.note(snapshotWritten ? "write snapshot" : "check the snapshot file already holds the rebuild")
            references.reflect(position)
            try storeCall { try references.save(ledger) }
            timing.note("write reference index")
        }
        let totalSeconds = Date().timeIntervalSince(started)
        let perSecond = passSeconds > 0 ? Double(summary.events) / passSeconds : 0

        if json {
            let value: JSONValue = [
                "events": .number(Double(summary.events)), "streams": .number(Double(summary.streams)),
                "head": .string(summary.head.hex), "bytes": .number(Double(summary.bytes)),
                "seconds": ["pass": .number(rounded(passSeconds, 3)), "total": .number(rounded(totalSeconds, 3))],
                "eventsPerSecond": .number(rounded(perSecond, 0)), "jobs": .number(Double(jobs)),
                "snapshot": snapshotPath.map(JSONValue.string) ?? .null, "snapshotWritten": .bool(snapshotWritten),
                "incremental": ["from": comparedFrom.map { .number(Double($0)) } ?? .null,
                                "matched": comparedFrom == nil ? .null : .bool(differences.isEmpty),
                                "differences": .array(differences.map(JSONValue.string))],
            ]
            context.print(CanonicalJSON.string(value))
        } else {
            context.print("rebuilt the projections from \(summary.events) event\(summary.events == 1 ? "" : "s") in " +
                "\(format(passSeconds)) s (\(grouped(Int(perSecond.rounded()))) events/s, \(jobs) job\(jobs == 1 ? "" : "s")); " +
                "log verified, head \(summary.head.hex)")
            if let snapshotPath {
                context.print("snapshot: \(snapshotPath) (seq \(summary.events)), \(snapshotWritten ? "written" : "unchanged"), " +
                    "\(format(totalSeconds)) s in all")
            }
            switch comparedFrom {
            case nil: context.print("incremental: no earlier snapshot to compare with")
            case let from? where differences.isEmpty:
                context.print("incremental: the snapshot of seq \(from), caught up to seq \(summary.events), matches the rebuild")
            case let from?:
                context.print("incremental: the snapshot of seq \(from), caught up to seq \(summary.events), differs from the rebuild:")
                for difference in differences { context.print("  - \(difference)") }
            }
        }
        Teardown.leave(rebuilt, large: summary.events >= 100_000)
        if let from = comparedFrom, !differences.isEmpty {
            throw CLIError(.integrity, "the projections kept incrementally since seq \(from) differ from the rebuild in " +
                "\(differences.count) place\(differences.count == 1 ? "" : "s"); the rebuilt snapshot replaces them")
        }
    }

    /// The snapshot position of the last line read, whose `recorded` is read from the line again.
    static func lastPosition(_ last: VerifiedLogReader.Line, _ ledger: FileLedger) throws -> ProjectionSnapshots.Position {
        let changed = LogDefect(line: last.seq, kind: .malformedRecord, message: "the line changed while it was read")
        guard let file = FileHandle(forReadingAtPath: ledger.eventsPath) else { throw changed }
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(last.offset))
        let line = [UInt8](try file.read(upToCount: last.length) ?? Data())
        guard line.count == last.length, SHA256.hash(line) == last.hash else { throw changed }
        let record = try line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: last.seq) }
        return ProjectionSnapshots.Position(seq: last.seq, offset: last.offset, length: last.length, hash: last.hash,
                                            recorded: record.recorded)
    }

    static func rounded(_ x: Double, _ digits: Int) -> Double {
        let scale = pow(10, Double(digits))
        return (x * scale).rounded() / scale
    }

    static func format(_ seconds: Double) -> String { String(format: "%.2f", seconds) }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        var digits = String(n)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }
}

/// An event as the rebuild folds it, with the keys `ReferenceIndex` files its stream under,
/// hashed: read on the worker threads, so that the thread that folds does not.
struct LinkedEvent {
    let event: DomainEvent
    let links: [UInt64]

    init(_ event: DomainEvent) {
        self.event = event
        links = ReferenceIndex.hashedKeys(of: event)
    }
}

extension VerifiedLogReader.Decoding where Item == LinkedEvent {
    /// Lines read into events as `domainEvents` reads them, with their reference keys.
    static var linkedEvents: Self {
        let events = VerifiedLogReader.Decoding<DomainEvent>.domainEvents
        return Self(line: { events.line($0, $1).map(LinkedEvent.init) }, record: { LinkedEvent(events.record($0)) })
    }
}

extension VerifiedLogReader.Decoding where Item == DomainEvent {
    /// Lines read into the events the fold needs: in place where they can be
    /// (`DomainEvent(line:stream:)`: no `LedgerRecord`, no parsed payload), else from the record.
    public static var domainEvents: Self {
        Self(line: { DomainEvent(line: $0, stream: $1) }, record: { DomainEvent($0) })
    }
}
