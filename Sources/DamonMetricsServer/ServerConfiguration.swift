/// Where and how the exporter serves: the limits that keep a root daemon
/// safe from slow, large or numerous requests.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Open connections at most; a new one beyond it replaces the oldest
    /// connection that has no request in progress, or is refused.
    public var maxConnections: Int
    /// Bytes of one request (request line, headers, body) at most.
    public var maxRequestBytes: Int
    /// Seconds from a request's first byte to its end (slow headers or
    /// body: 408 and the connection closed).
    public var requestTimeout: Double
    /// Seconds a connection may stay open without a request.
    public var idleTimeout: Double

    public static let defaultPort = 9475

    public init(host: String = "127.0.0.1", port: Int = ServerConfiguration.defaultPort, maxConnections: Int = 128,
                maxRequestBytes: Int = 16384, requestTimeout: Double = 10, idleTimeout: Double = 60) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
        self.maxRequestBytes = maxRequestBytes
        self.requestTimeout = requestTimeout
        self.idleTimeout = idleTimeout
    }

    /// `ADDR:PORT`, `[IPv6]:PORT`, `:PORT` (all IPv4 addresses) or `PORT`
    /// (loopback).
    public static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        func port(_ s: Substring) throws -> Int {
            guard let p = Int(s), (0...65535).contains(p) else {
                throw ServerError("invalid port '\(s)' in --listen '\(text)' (0 to 65535)")
            }
            return p
        }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ServerError("invalid --listen '\(text)': expected [IPv6 address]:PORT")
            }
            let host = text[text.index(after: text.startIndex)..<close]
            guard !host.isEmpty else { throw ServerError("invalid --listen '\(text)': empty address") }
            return (String(host), try port(text[text.index(close, offsetBy: 2)...]))
        }
        guard let colon = text.lastIndex(of: ":") else { return ("127.0.0.1", try port(Substring(text))) }
        let host = text[..<colon]
        if host.contains(":") { throw ServerError("invalid --listen '\(text)': put an IPv6 address in brackets, [ADDR]:PORT") }
        return (host.isEmpty ? "0.0.0.0" : String(host), try port(text[text.index(after: colon)...]))
    }
}

/// A server that cannot start (bad address, port in use).
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
