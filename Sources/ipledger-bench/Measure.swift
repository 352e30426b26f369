import Foundation

/// One measured run of a program: wall time and the child's peak resident memory.
struct Measurement {
    var seconds: Double
    var peakBytes: Int
    var status: Int32
    var output: String
}

enum Measure {
    /// Runs `program` with `arguments` (stdin from `input`, stdout captured), waits, and
    /// reads the child's peak RSS from `wait4`'s resource usage.
    ///
    /// The child is started through this binary's `--exec-measured` mode, which forks a
    /// small process to exec the program: a child spawned straight from a large parent
    /// would count the parent's pages in its peak (glibc's posix_spawn shares the
    /// parent's memory until exec), and the figures would be the parent's, not its own.
    static func run(_ program: String, _ arguments: [String], input: String? = nil, quiet: Bool = false) throws -> Measurement {
        var target = program
        if !program.contains("/"), let found = which(program) { target = found }
        let rssFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-rss-\(UUID().uuidString)").path
        defer { unlink(rssFile) }
        let argv = [selfPath, "--exec-measured", rssFile, target] + arguments
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-out-\(UUID().uuidString)").path
        defer { unlink(out) }
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let peakKB = Int((try? String(contentsOfFile: rssFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        return Measurement(seconds: seconds, peakBytes: peakKB * 1024, status: exit, output: output)
    }

    static let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path

    /// `--exec-measured RSSFILE PROGRAM ARGS...`: fork, exec PROGRAM, wait, write the child's
    /// peak RSS in KiB to RSSFILE, and exit with its status. Called in a fresh, small process.
    static func execMeasured(_ args: [String]) -> Never {
        guard args.count >= 2 else { exit(2) }
        let rssFile = args[0]
        let cArgs = Array(args.dropFirst()).map { strdup($0) } + [nil]
        let pid = fork()
        if pid == 0 {
            execv(cArgs[0]!, cArgs)
            _exit(127)
        }
        guard pid > 0 else { exit(126) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        try? String(usage.ru_maxrss).write(toFile: rssFile, atomically: false, encoding: .utf8)
        exit((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f))
    }

    /// The best (fastest) of `repeats` runs; the memory is the largest seen.
    static func best(_ repeats: Int, _ program: String, _ arguments: [String], input: String? = nil) throws -> Measurement {
        var best: Measurement?
        var peak = 0
        for _ in 0..<max(1, repeats) {
            let m = try run(program, arguments, input: input)
            guard m.status == 0 else {
                throw BenchError("\(program) \(arguments.joined(separator: " ")) failed with exit \(m.status)")
            }
            peak = max(peak, m.peakBytes)
            if best == nil || m.seconds < best!.seconds { best = m }
        }
        best!.peakBytes = peak
        return best!
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
