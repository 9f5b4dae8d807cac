import ArgumentParser
import DamoCommands

/// `damo features`: which DAMON features the running kernel has, read from
/// the files it shows (see FeatureProbe); nothing is written.
struct Features: DamoCLICommand, FeaturesCommand {
    static let configuration = CommandConfiguration(
        abstract: "list supported DAMON features in the kernel",
        discussion: """
            Features are read from the files the kernel shows (interfaces, module parameters, tracepoints, \
            existing kdamond directories); what no file shows is told by the kernel release.  DAMON is never \
            started to find out.
            """)

    @Argument(help: "type of features to listed")
    var type: FeatureListType = .all

    @Flag(name: .customLong("infer_version"), help: "infer version of DAMON")
    var inferVersion = false

    @Flag(name: .customLong("invalidate_cache"), help: "check features again, from the scratch (nothing is cached)")
    var invalidateCache = false

    @OptionGroup var system: SystemArgs
}

extension FeatureListType: ExpressibleByArgument {}
