import Foundation

/// One `ipledger` subcommand: its name, a one-sentence abstract, usage with an example, and `run`.
public protocol Command {
    /// The subcommand's name, e.g. `verify`.
    static var name: String { get }
    /// One sentence ending in a full stop.
    static var abstract: String { get }
    /// The usage line(s), each starting with `ipledger`.
    static var usage: String { get }
    /// Options, arguments and at least one example.
    static var help: String { get }
    /// Runs the command; throws `CLIError` to fail with a message and an exit code.
    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws
}

/// Where a command's text goes to, reads from, and the world it runs in.
/// Tests run commands in-process with buffers; the executable uses the real streams.
public final class CommandContext {
    public var environment: [String: String]
    public let standardOutput: TextSink
    public let standardError: TextSink
    /// Reads all of standard input.
    public var readStandardInput: () throws -> [UInt8]
    /// The clock: the only place a command learns the time.
    public var now: () -> Date
    /// Whether standard error is a terminal, so progress may be drawn there.
    public var standardErrorIsTerminal: Bool
    /// The directory relative paths are resolved against.
    public var workingDirectory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                standardOutput: TextSink = .standardOutput,
                standardError: TextSink = .standardError,
                readStandardInput: @escaping () throws -> [UInt8] = { Array(FileHandle.standardInput.readDataToEndOfFile()) },
                now: @escaping () -> Date = Date.init,
                standardErrorIsTerminal: Bool = isatty(2) == 1,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.readStandardInput = readStandardInput
        self.now = now
        self.standardErrorIsTerminal = standardErrorIsTerminal
        self.workingDirectory = workingDirectory
    }

    /// Writes `text` and a newline to standard output.
    public func print(_ text: String = "") { standardOutput.write(text + "\n") }

    /// Writes `text` and a newline to standard error.
    public func warn(_ text: String) { standardError.write(text + "\n") }

    /// An absolute path for `path`, resolved against the working directory.
    public func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return (workingDirectory as NSString).appendingPathComponent(path)
    }

    /// Reads a file argument, or standard input for `-` or no argument.
    public func readInput(_ path: String?) throws -> [UInt8] {
        guard let path, path != "-" else {
            do { return try readStandardInput() } catch {
                throw CLIError(.environment, "cannot read standard input: \(error.localizedDescription)")
            }
        }
        return try CommandContext.readFile(absolutePath(path), named: path)
    }

    /// The bytes of the file at `path` (`name` is how the user wrote it), read straight into
    /// the array: a batch of acts is read once, not into a `Data` and then copied.
    static func readFile(_ path: String, named name: String) throws -> [UInt8] {
        func failure(_ code: Int32) -> CLIError {
            switch code {
            case ENOENT, ENOTDIR: return CLIError(.environment, "no such file: \(name)")
            case EISDIR: return CLIError(.environment, "\(name) is a directory, not a file")
            case EACCES, EPERM: return CLIError(.environment, "cannot read \(name): permission denied")
            default: return CLIError(.environment, "cannot read \(name): \(String(cString: strerror(code)))")
            }
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw failure(EISDIR) }
        // Up to `count` bytes, fewer only at the end of the file.
        func next(_ count: Int) throws -> [UInt8] {
            var readError: Int32 = 0
            let chunk = [UInt8](unsafeUninitializedCapacity: count) { buffer, done in
                done = 0
                while done < count {
                    let n = read(fd, buffer.baseAddress! + done, count - done)
                    if n > 0 { done += n; continue }
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { readError = errno }
                    break
                }
            }
            if readError != 0 { throw failure(readError) }
            return chunk
        }
        // The size is a first guess (one byte more, to meet the end in the same read): a
        // special file says 0, and a file may grow while it is read.
        let guess = max(Int(status.st_size) + 1, 1 << 16)
        var bytes = try next(guess)
        if bytes.count < guess { return bytes }
        while true {
            let asked = bytes.count
            let more = try next(asked)
            bytes += more
            if more.count < asked { return bytes }
        }
    }
}

/// A destination for text: a file descriptor, or a buffer in tests.
public final class TextSink {
    private let writeBytes: ([UInt8]) -> Void
    private let lock = NSLock()
    private var captured: [UInt8] = []
    private let capturing: Bool

    public init(writeBytes: @escaping ([UInt8]) -> Void) {
        self.writeBytes = writeBytes
        self.capturing = false
    }

    private init(capturing: Void) {
        self.writeBytes = { _ in }
        self.capturing = true
    }

    /// A sink that keeps what is written, for tests.
    public static func buffer() -> TextSink { TextSink(capturing: ()) }

    public static let standardOutput = TextSink { bytes in writeAll(1, bytes) }
    public static let standardError = TextSink { bytes in writeAll(2, bytes) }

    public func write(_ text: String) { write(Array(text.utf8)) }

    public func write(_ bytes: [UInt8]) {
        if capturing {
            lock.lock(); captured.append(contentsOf: bytes); lock.unlock()
        } else {
            writeBytes(bytes)
        }
    }

    /// What a buffer sink has been given so far.
    public var text: String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: captured, as: UTF8.self)
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
