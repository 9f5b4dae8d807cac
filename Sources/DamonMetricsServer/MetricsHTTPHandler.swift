import DamonMetrics
import NIOCore
import NIOHTTP1
import NIOPosix

/// Answers `GET /metrics` with the exposition in the negotiated format and
/// `GET /` with a link to it; every other path is 404 and every other
/// method 405.  Nothing in a request selects a file or a kernel write:
/// the exporter decides what it reads.  A recent collection is answered
/// at once; a scrape that has to collect waits on a thread pool, never on
/// the event loop, as collections wait for the kernel.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let exporter: MetricsExporter
    private let threadPool: NIOThreadPool
    private let connection: ConnectionGuard
    private var head: HTTPRequestHead?

    init(exporter: MetricsExporter, threadPool: NIOThreadPool, connection: ConnectionGuard) {
        self.exporter = exporter
        self.threadPool = threadPool
        self.connection = connection
    }

    static let indexPage = """
        <html><head><title>damo metrics</title></head><body>
        <h1>damo metrics</h1><p>DAMON's state for Prometheus: <a href="/metrics">/metrics</a></p>
        </body></html>

        """

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break  // bounded by ConnectionGuard, and ignored
        case .end:
            guard let head else { return }
            self.head = nil
            connection.requestReceived()
            respond(context, head)
        }
    }

    /// A request that is not HTTP (HTTPServerProtocolErrorHandler has
    /// answered 400) or a broken connection: closed.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    private func respond(_ context: ChannelHandlerContext, _ head: HTTPRequestHead) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard path == "/metrics" || path == "/" else {
            return send(context, head, .notFound, "text/plain; charset=utf-8", Array("not found; the metrics are at /metrics\n".utf8))
        }
        guard head.method == .GET else {
            return send(context, head, .methodNotAllowed, "text/plain; charset=utf-8", Array("only GET\n".utf8),
                        extra: [("allow", "GET")])
        }
        if path == "/" {
            return send(context, head, .ok, "text/html; charset=utf-8", Array(Self.indexPage.utf8))
        }
        let format = ExpositionFormat.negotiate(accept: head.headers.first(name: "accept"))
        if let bytes = exporter.cachedExposition(format) {
            return send(context, head, .ok, format.contentType, bytes)
        }
        let exporter = self.exporter
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        threadPool.runIfActive(eventLoop: context.eventLoop) {
            exporter.exposition(format)
        }.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let bytes): handler.send(context, head, .ok, format.contentType, bytes)
            case .failure:
                handler.send(context, head, .serviceUnavailable, "text/plain; charset=utf-8", Array("shutting down\n".utf8))
            }
        }
    }

    private func send(_ context: ChannelHandlerContext, _ request: HTTPRequestHead, _ status: HTTPResponseStatus,
                      _ contentType: String, _ body: [UInt8], extra: [(String, String)] = []) {
        let keepAlive = request.isKeepAlive
        var headers = HTTPHeaders([("content-type", contentType), ("content-length", String(body.count))] + extra)
        if !keepAlive { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))),
                      promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let bound = NIOLoopBound((connection, context), eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            let (connection, context) = bound.value
            if keepAlive { connection.responseSent() } else { context.close(promise: nil) }
        }
    }
}
