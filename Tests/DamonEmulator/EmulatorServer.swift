#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DamoPlatform
import DamonKernel
import Foundation

/// Serves a SysfsEmulator on a Unix socket, so that the damo binary (given
/// the socket as its interface root) runs against the emulated kernel with
/// sysfs's synchronous answers: the end-to-end tests' kernel.
///
///     let server = try EmulatorServer(SysfsEmulator(layout: .v6_18))
///     server.emulator { fs in fs.setRegions([...]) }
///     ... run damo with --interface_root server.socketPath ...
///     server.stop()
///
/// Requests are served one at a time under a lock; tests change the
/// emulator under the same lock.  With `endKdamondsOfExitedTargets`, a
/// kdamond whose target processes all exited (or became zombies) stops by
/// itself before the next request is answered, as the kernel's does.
public final class EmulatorServer: @unchecked Sendable {
    public let socketPath: String
    let fs: SysfsEmulator
    let lock = NSLock()
    var listenFD: Int32 = -1
    var stopped = false
    public var endKdamondsOfExitedTargets = true
    /// Requests served, for tests.
    public private(set) var requestCount = 0

    public init(_ fs: SysfsEmulator, directory: String = NSTemporaryDirectory()) throws {
        self.fs = fs
        socketPath = (directory.hasSuffix("/") ? directory : directory + "/") + "damon-emu-\(UUID().uuidString.prefix(8)).sock"
        listenFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listenFD >= 0 else { throw EmulatorServerError("socket: \(errnoDescription())") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(socketPath.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard rc == 0, listen(listenFD, 16) == 0 else {
            close(listenFD)
            throw EmulatorServerError("bind/listen \(socketPath): \(errnoDescription())")
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Runs `body` on the emulator while no request is being served.
    public func emulator<T>(_ body: (SysfsEmulator) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(fs)
    }

    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if wasStopped { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
        close(listenFD)
        unlink(socketPath)
    }

    func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    func serve(_ client: Int32) {
        defer { close(client) }
        while let header = SocketIO.readLine(client) {
            let parts = header.split(separator: " ")
            guard parts.count == 2, let op = parts[0].first, let n = Int(parts[1]),
                  let payload = SocketIO.readExactly(client, n) else { return }
            let (status, body) = answer(op, payload)
            guard SocketIO.writeAll(client, Array("\(status) \(body.count)\n".utf8) + body) else { return }
        }
    }

    func answer(_ op: Character, _ payload: [UInt8]) -> (Int32, [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        requestCount += 1
        if endKdamondsOfExitedTargets { fs.endKdamondsOfExitedTargets(isAlive: EmulatorServer.processLives) }
        let path = String(decoding: payload.prefix(while: { $0 != 0 }), as: UTF8.self)
        do {
            switch op {
            case "R": return (0, Array(try fs.read(path).utf8))
            case "W":
                let value = payload.firstIndex(of: 0).map { String(decoding: payload[($0 + 1)...], as: UTF8.self) } ?? ""
                try fs.write(path, value)
                return (0, [])
            case "L": return (0, Array(try fs.list(path).joined(separator: "\0").utf8))
            case "E": return (0, Array((fs.exists(path) ? "1" : "0").utf8))
            case "D": return (0, Array((fs.isDirectory(path) ? "1" : "0").utf8))
            default: return (EINVAL, [])
            }
        } catch {
            // The emulator's operations throw DamonFSError only.
            return (error.errno, [])
        }
    }

    /// A process that runs (exists and is neither a zombie nor dead).
    public static func processLives(_ pid: Int) -> Bool {
        guard pid > 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}

public struct EmulatorServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
