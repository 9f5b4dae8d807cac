import DamonMetrics
import Dispatch
import Logging
import ServiceLifecycle

/// The long-running exporter as a service: serves until a graceful
/// shutdown (SIGTERM, SIGINT), then stops accepting, closes connections
/// and returns.  Collects on its own timer when the exporter's options
/// ask for background refresh.  With snapshots, takes one at start and
/// then every `snapshotInterval` seconds, on its own timer: a scrape never
/// causes one.
public struct MetricsService: Service {
    let exporter: MetricsExporter
    let configuration: ServerConfiguration
    let snapshotInterval: Double?
    let onListening: @Sendable (Int) -> Void

    public init(exporter: MetricsExporter, configuration: ServerConfiguration, snapshotInterval: Double? = nil,
                onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.exporter = exporter
        self.configuration = configuration
        self.snapshotInterval = snapshotInterval
        self.onListening = onListening
    }

    public func run() async throws {
        let server = try await MetricsServer.start(exporter: exporter, configuration: configuration)
        onListening(server.port)
        await withTaskGroup(of: Void.self) { group in
            let exporter = self.exporter
            if exporter.options.backgroundRefresh {
                let interval = exporter.options.minRefreshInterval
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                        _ = try? await server.offload { exporter.refreshInBackground() }
                    }
                }
            }
            if let interval = snapshotInterval {
                group.addTask {
                    while !Task.isCancelled {
                        _ = try? await server.offload { exporter.takeSnapshot() }
                        try? await Task.sleep(nanoseconds: UInt64(max(interval, 0.001) * 1e9))
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        try await server.stop()
    }

    /// Runs the service until SIGTERM or SIGINT, blocking the calling
    /// thread (damo's commands are synchronous).
    public static func runUntilSignalled(_ service: MetricsService) throws {
        var logger = Logger(label: "damo.metrics")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await group.run() } catch { failure.set(error) }
            done.signal()
        }
        done.wait()
        if let error = failure.get() { throw error }
    }
}

/// The error of a run, handed from its task to the waiting thread.
final class FailureBox: @unchecked Sendable {
    private let lock = DispatchQueue(label: "damo.metrics.failure")
    private var error: Error?
    func set(_ e: Error) { lock.sync { error = e } }
    func get() -> Error? { lock.sync { error } }
}
