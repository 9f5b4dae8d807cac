#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A bare HTTP/1.1 client on POSIX sockets: tests send exactly the bytes
/// they mean (slow, huge or malformed requests), which no HTTP library
/// would.
struct RawConnection {
    let fd: Int32

    /// Connects to 127.0.0.1:port (blocking), or starts to (non-blocking).
    init(port: Int, blocking: Bool = true) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        if !blocking { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 && !(errno == EINPROGRESS && !blocking) {
            let e = errno
            Glibc.close(fd)
            throw POSIXError(.init(rawValue: e) ?? .EIO)
        }
    }

    func close() { _ = Glibc.close(fd) }

    /// Sends everything; false when the server closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    /// What arrives until the server closes the connection or `timeout`
    /// seconds pass; `closed` tells which.
    func receive(timeout: Double, untilLength: Int? = nil) -> (text: String, closed: Bool) {
        var data: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&p, 1, ms) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return (String(decoding: data, as: UTF8.self), true) }
            data += buffer[0..<n]
            if let untilLength, let response = HTTPResponse(String(decoding: data, as: UTF8.self)),
               response.body.utf8.count >= untilLength { break }
        }
        return (String(decoding: data, as: UTF8.self), false)
    }
}

/// A parsed response: status, headers (lower-case names), body.
struct HTTPResponse {
    let status: Int
    let headers: [String: String]
    let body: String

    init?(_ text: String) {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        self.status = status
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        body = String(text[split.upperBound...])
    }

    /// One request on a new connection (closed after the response).
    static func get(port: Int, _ path: String = "/metrics", method: String = "GET", headers: [String] = [],
                    timeout: Double = 10) throws -> HTTPResponse? {
        let c = try RawConnection(port: port)
        defer { c.close() }
        c.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
               + headers.map { $0 + "\r\n" }.joined() + "\r\n")
        return HTTPResponse(c.receive(timeout: timeout).text)
    }
}
