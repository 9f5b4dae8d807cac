import NIOCore

/// First handler of every connection, below the HTTP decoder: bounds the
/// bytes of a request, the time from its first byte to its end, and the
/// time a connection may wait for a request; and takes part in the
/// connection limit.  The HTTP handler tells it when a request is
/// complete and when its response went out.  Bound to the server's one
/// event loop, as the registry is.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase { case idle, receiving, processing, closing }

    private(set) var phase = Phase.idle
    private var bytes = 0
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private let configuration: ServerConfiguration
    private let registry: ConnectionRegistry

    init(configuration: ServerConfiguration, registry: ConnectionRegistry) {
        self.configuration = configuration
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func channelActive(context: ChannelHandlerContext) {
        guard registry.admit(self) else {
            phase = .closing
            context.close(promise: nil)
            return
        }
        arm(after: configuration.idleTimeout, status: nil)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        phase = .closing
        registry.remove(self)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard phase != .closing else { return }
        let buffer = unwrapInboundIn(data)
        if phase == .idle {
            phase = .receiving
            arm(after: configuration.requestTimeout, status: "408 Request Timeout")
        }
        bytes += buffer.readableBytes
        if bytes > configuration.maxRequestBytes {
            reject("431 Request Header Fields Too Large")
            return
        }
        context.fireChannelRead(data)
    }

    /// The HTTP handler has the whole request: no more deadline for it.
    func requestReceived() {
        guard phase != .closing else { return }
        phase = .processing
        timer?.cancel()
        timer = nil
    }

    /// The response went out; the connection waits for the next request.
    func responseSent() {
        guard phase != .closing else { return }
        phase = .idle
        bytes = 0
        arm(after: configuration.idleTimeout, status: nil)
    }

    /// Closes the connection (the registry makes room for a new one).
    func evict() {
        phase = .closing
        timer?.cancel()
        context?.close(promise: nil)
    }

    private func arm(after seconds: Double, status: String?) {
        timer?.cancel()
        guard let context else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            let guardHandler = loopBound.value
            if let status { guardHandler.reject(status) } else { guardHandler.evict() }
        }
    }

    /// A plain response written below the HTTP encoder (no response of the
    /// connection is under way when a request is refused), then closed.
    private func reject(_ status: String) {
        guard let context, phase != .closing else { return }
        phase = .closing
        timer?.cancel()
        let text = "HTTP/1.1 \(status)\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text))).whenComplete { _ in
            bound.value.close(promise: nil)
        }
    }
}

/// The open connections, oldest first, and the limit on their number.
/// Only used on the server's one event loop (its channels' loop), hence
/// no lock.
final class ConnectionRegistry: @unchecked Sendable {
    private var open: [ConnectionGuard] = []
    let maxConnections: Int
    /// Connections closed to make room, and refused ones (tests).
    private(set) var evicted = 0
    private(set) var refused = 0

    init(maxConnections: Int) { self.maxConnections = max(maxConnections, 1) }

    var count: Int { open.count }

    /// Whether a new connection may stay: yes below the limit; at it, when
    /// the oldest connection without a request being answered gives way.
    func admit(_ connection: ConnectionGuard) -> Bool {
        if open.count >= maxConnections {
            guard let victim = open.firstIndex(where: { $0.phase != .processing }) else {
                refused += 1
                return false
            }
            let old = open.remove(at: victim)
            old.evict()
            evicted += 1
        }
        open.append(connection)
        return true
    }

    func remove(_ connection: ConnectionGuard) {
        open.removeAll { $0 === connection }
    }
}
