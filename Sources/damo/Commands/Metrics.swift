import ArgumentParser
import DamoCommands
import DamonMetricsServer

/// `damo metrics`: DAMON's state for Prometheus/OpenMetrics (ours; damo
/// 3.4.3 has no such command).
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "export DAMON's state as Prometheus/OpenMetrics metrics",
        discussion: LiveDamon.metrics,
        subcommands: [MetricsServe.self, MetricsWrite.self])
}

struct MetricsArgs: ParsableArguments, MetricsOptions {
    @Flag(name: .customLong("snapshot"),
          help: "also export working set and idle time distributions from live snapshots (Linux 6.2+; installs and removes a DAMOS stat scheme each time)")
    var snapshot = false
    @OptionGroup var interface: InterfaceRootOption
}

struct MetricsServe: DamoCLICommand, MetricsServeCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "serve GET /metrics until SIGTERM or SIGINT", discussion: LiveDamon.metrics)

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
    @OptionGroup var options: MetricsArgs
}

struct MetricsWrite: DamoCLICommand, MetricsWriteCommand {
    static let configuration = CommandConfiguration(
        commandName: "write", abstract: "write the metrics once, to stdout or atomically to a file (node_exporter's textfile collector)",
        discussion: LiveDamon.metrics)

    @Option(name: [.short, .long], help: ArgumentHelp("file to write (replaced atomically)", valueName: "file"))
    var output: String?
    @Option(name: .customLong("format"), help: ArgumentHelp("exposition format", valueName: "prometheus|openmetrics"))
    var format: MetricsFormat = .prometheus
    @OptionGroup var options: MetricsArgs
}

extension MetricsFormat: ExpressibleByArgument {}
