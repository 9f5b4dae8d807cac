import DamoPlatform
import DamonMetrics
import NIOCore
import NIOHTTP1
import NIOPosix

/// The exporter's HTTP server: one event loop thread for every connection
/// (an exporter answers a few scrapers), one thread for collections.
///
///     let server = try await MetricsServer.start(exporter: exporter, configuration: ServerConfiguration(port: 0))
///     ... GET http://127.0.0.1:\(server.port)/metrics ...
///     try await server.stop()
public final class MetricsServer: Sendable {
    public let port: Int
    let channel: Channel
    let group: MultiThreadedEventLoopGroup
    let threadPool: NIOThreadPool
    let registry: ConnectionRegistry

    init(port: Int, channel: Channel, group: MultiThreadedEventLoopGroup, threadPool: NIOThreadPool,
         registry: ConnectionRegistry) {
        self.port = port
        self.channel = channel
        self.group = group
        self.threadPool = threadPool
        self.registry = registry
    }

    /// Binds and starts serving; throws ServerError when the address
    /// cannot be bound.
    public static func start(exporter: MetricsExporter, configuration: ServerConfiguration) async throws -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Scrapes that collect, and the background collections and
        // snapshots: one at a time anyway (the exporter's lock).
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let registry = ConnectionRegistry(maxConnections: configuration.maxConnections)
        let limits = {
            var limits = NIOHTTPDecoderLimitConfiguration()
            limits.maxHeaderFieldSize = configuration.maxRequestBytes
            limits.maxHeaderListSize = configuration.maxRequestBytes
            limits.maxHeaderFieldCount = 64
            return limits
        }()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = ConnectionGuard(configuration: configuration, registry: registry)
                    try channel.pipeline.syncOperations.addHandlers([
                        connection,
                        HTTPResponseEncoder(),
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)),
                        HTTPServerPipelineHandler(),
                        HTTPServerProtocolErrorHandler(),
                        MetricsHTTPHandler(exporter: exporter, threadPool: threadPool, connection: connection),
                    ])
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            try? await threadPool.shutdownGracefully()
            try? await group.shutdownGracefully()
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw ServerError("cannot listen on \(configuration.host):\(configuration.port): \(reason)")
        }
        return MetricsServer(port: channel.localAddress?.port ?? configuration.port, channel: channel, group: group,
                             threadPool: threadPool, registry: registry)
    }

    /// Runs blocking work (collections, snapshots) on the server's
    /// collection thread.
    public func offload<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await threadPool.runIfActive(body)
    }

    /// Stops accepting, closes the open connections and ends the threads.
    public func stop() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
        try await threadPool.shutdownGracefully()
    }

    /// Open connections, and those closed to make room or refused (tests).
    public func connectionCounts() async throws -> (open: Int, evicted: Int, refused: Int) {
        try await channel.eventLoop.submit { [registry] in
            (registry.count, registry.evicted, registry.refused)
        }.get()
    }
}
