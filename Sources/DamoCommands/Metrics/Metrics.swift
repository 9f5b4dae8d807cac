import DamonKernel
import DamonMetrics
import DamonMetricsServer

/// `damo metrics serve` and `damo metrics write`: DAMON's state for
/// Prometheus/OpenMetrics (ours; damo 3.4.3 has no such command).  What is
/// exported is DamonMetrics' business, serving it DamonMetricsServer's.
public protocol MetricsOptions {
    associatedtype Interface: InterfaceOptions
    /// Also export working set and idle time distributions of live
    /// snapshots (a DAMOS stat scheme installed and removed each time).
    var snapshot: Bool { get }
    var interface: Interface { get }
}

extension MetricsOptions {
    func exporter(in env: DamoEnvironment, minRefreshInterval: Double, background: Bool) -> MetricsExporter {
        MetricsExporter(fs: interface.control(in: env).fs,
                        options: .init(minRefreshInterval: minRefreshInterval, snapshots: snapshot,
                                       backgroundRefresh: background))
    }
}

public protocol MetricsServeCommand {
    associatedtype Options: MetricsOptions
    var listen: String { get }
    var minRefreshInterval: Double { get }
    var snapshotInterval: Double { get }
    var maxConnections: Int { get }
    var options: Options { get }
}

extension MetricsServeCommand {
    public func run(in env: DamoEnvironment) throws {
        guard minRefreshInterval >= 0, minRefreshInterval.isFinite else {
            throw DamoError("--min_refresh_interval must be 0 or more seconds")
        }
        guard snapshotInterval >= 1, snapshotInterval.isFinite else {
            throw DamoError("--snapshot_interval must be at least 1 second")
        }
        guard maxConnections >= 1 else { throw DamoError("--max_connections must be at least 1") }
        do {
            let (host, port) = try ServerConfiguration.parseListen(listen)
            let shownHost = host.contains(":") ? "[\(host)]" : host
            // Told once, from the server's event loop, when it listens.
            nonisolated(unsafe) let output = env.output
            let service = MetricsService(
                exporter: options.exporter(in: env, minRefreshInterval: minRefreshInterval, background: true),
                configuration: ServerConfiguration(host: host, port: port, maxConnections: maxConnections),
                snapshotInterval: options.snapshot ? snapshotInterval : nil,
                onListening: { output.writeError("damo metrics: serving http://\(shownHost):\($0)/metrics\n") })
            try MetricsService.runUntilSignalled(service)
        } catch let e as ServerError {
            throw DamoError(e.description)
        }
    }
}

public enum MetricsFormat: String, CaseIterable, Sendable {
    case prometheus, openmetrics
    var exposition: ExpositionFormat { self == .prometheus ? .prometheus : .openMetrics }
}

public protocol MetricsWriteCommand {
    associatedtype Options: MetricsOptions
    /// The file to replace atomically; standard output when nil.
    var output: String? { get }
    var format: MetricsFormat { get }
    var options: Options { get }
}

extension MetricsWriteCommand {
    public func run(in env: DamoEnvironment) throws {
        let exporter = options.exporter(in: env, minRefreshInterval: 0, background: false)
        if options.snapshot { exporter.takeSnapshot() }
        let bytes = exporter.exposition(format.exposition)
        guard let output else {
            // A closed pipe (damo metrics write | head) ends the output quietly.
            bytes.withUnsafeBytes { env.output.writeReport($0) }
            return
        }
        try MetricsFile.write(bytes, to: output)
    }
}
