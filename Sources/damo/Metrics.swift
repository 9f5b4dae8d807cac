import ArgumentParser
import DamonMetrics
import DamonMetricsServer

/// `damo metrics`: DAMON's state for Prometheus/OpenMetrics (ours; damo
/// 3.4.3 has no such command).  The logic is in DamonMetrics and
/// DamonMetricsServer; this file only maps options.
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "export DAMON's state as Prometheus/OpenMetrics metrics",
        subcommands: [MetricsServe.self, MetricsWrite.self])
}

struct MetricsOptions: ParsableArguments {
    @Flag(name: .customLong("snapshot"),
          help: "also export working set and idle time distributions from live snapshots (Linux 6.2+; installs and removes a DAMOS stat scheme each time)")
    var snapshot = false
    @OptionGroup var interface: InterfaceRootOption

    func exporter(minRefreshInterval: Double, background: Bool) -> MetricsExporter {
        MetricsExporter(fs: interface.control.fs,
                        options: .init(minRefreshInterval: minRefreshInterval, snapshots: snapshot,
                                       backgroundRefresh: background))
    }
}

struct MetricsServe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "serve GET /metrics until SIGTERM or SIGINT")

    @Option(help: ArgumentHelp("address and port to listen on", valueName: "ADDR:PORT"))
    var listen = "127.0.0.1:\(ServerConfiguration.defaultPort)"
    @Option(name: .customLong("min_refresh_interval"),
            help: ArgumentHelp("seconds between collections, made on the exporter's own timer while scrapes come (0: every scrape collects); scheme statistics are refreshed at most this often", valueName: "seconds"))
    var minRefreshInterval = 5.0
    @Option(name: .customLong("snapshot_interval"),
            help: ArgumentHelp("seconds between live snapshots with --snapshot", valueName: "seconds"))
    var snapshotInterval = 60.0
    @Option(name: .customLong("max_connections"), help: ArgumentHelp("open connections at most", valueName: "int"))
    var maxConnections = 128
    @OptionGroup var options: MetricsOptions

    func run() throws {
        guard minRefreshInterval >= 0, minRefreshInterval.isFinite else { throw CLIError("--min_refresh_interval must be 0 or more seconds") }
        guard snapshotInterval >= 1, snapshotInterval.isFinite else { throw CLIError("--snapshot_interval must be at least 1 second") }
        guard maxConnections >= 1 else { throw CLIError("--max_connections must be at least 1") }
        do {
            let (host, port) = try ServerConfiguration.parseListen(listen)
            let service = MetricsService(
                exporter: options.exporter(minRefreshInterval: minRefreshInterval, background: true),
                configuration: ServerConfiguration(host: host, port: port, maxConnections: maxConnections),
                snapshotInterval: options.snapshot ? snapshotInterval : nil,
                onListening: { printToStderr("damo metrics: serving http://\(host.contains(":") ? "[\(host)]" : host):\($0)/metrics") })
            try MetricsService.runUntilSignalled(service)
        } catch let e as ServerError {
            throw CLIError(e.description)
        }
    }
}

struct MetricsWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write", abstract: "write the metrics once, to stdout or atomically to a file (node_exporter's textfile collector)")

    @Option(name: [.short, .long], help: ArgumentHelp("file to write (replaced atomically)", valueName: "file"))
    var output: String?
    @Option(name: .customLong("format"), help: ArgumentHelp("exposition format", valueName: "prometheus|openmetrics"))
    var format: MetricsFormat = .prometheus
    @OptionGroup var options: MetricsOptions

    enum MetricsFormat: String, ExpressibleByArgument, CaseIterable {
        case prometheus, openmetrics
        var exposition: ExpositionFormat { self == .prometheus ? .prometheus : .openMetrics }
    }

    func run() throws {
        let exporter = options.exporter(minRefreshInterval: 0, background: false)
        if options.snapshot { exporter.takeSnapshot() }
        let bytes = exporter.exposition(format.exposition)
        guard let output else {
            // A closed pipe (damo metrics write | head) is no error.
            _ = MetricsFile.writeStandardOutput(bytes)
            return
        }
        try MetricsFile.write(bytes, to: output)
    }
}
