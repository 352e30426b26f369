import Foundation
import LedgerCore

/// `ipledger digest`: SHA-256 of evidence files in `sha256sum`'s format.
struct DigestCommand: Command {
    static let name = "digest"
    static let abstract = "Print the SHA-256 of files in sha256sum's format, for evidence."
    static let usage = "ipledger digest FILE..."
    static let help = """
    ARGUMENTS:
      FILE...       The files to hash; `-` reads standard input.

    Each line is `<64 hex digits>  <name>`, so `sha256sum -c` accepts the output.
    Files are read in blocks, so any size works in little memory.

    EXAMPLE:
      ipledger digest photo-001.jpg invoice.pdf > evidence.sha256
      sha256sum -c evidence.sha256
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let files = try arguments.finish(maxPositionals: Int.max)
        guard !files.isEmpty else { throw CLIError.usage("name at least one file") }
        var failure: CLIError?
        for file in files {
            do {
                let digest = try file == "-" ? SHA256.hash(context.readInput("-")) : hashFile(context.absolutePath(file), shownAs: file)
                context.print(line(digest: digest, name: file))
            } catch let error as CLIError {
                context.warn("Error: \(error.message)")
                failure = error
            }
        }
        if let failure { throw CLIError(failure.code, "\(failure.message)") }
    }

    /// `sha256sum` escapes names holding a backslash or newline and marks the line with a leading `\`.
    static func line(digest: SHA256.Digest, name: String) -> String {
        if name.contains("\\") || name.contains("\n") {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
            return "\\\(digest.hex)  \(escaped)"
        }
        return "\(digest.hex)  \(name)"
    }

    static func hashFile(_ path: String, shownAs name: String) throws -> SHA256.Digest {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw CLIError(.environment, "cannot open \(name): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var hasher = SHA256()
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress!, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError(.environment, "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return hasher.finalize()
    }
}
