import ArgumentParser
import DamoCommands

struct Start: DamoCLICommand, StartCommand {
    static let configuration = CommandConfiguration(abstract: "Start DAMON with given parameters.", discussion: LiveDamon.start)

    @OptionGroup var params: DamonParamsOptionGroup
    @Flag(name: .customLong("include_child_tasks"), help: "add child tasks as monitoring target")
    var includeChildTasks = false
    @OptionGroup var interface: InterfaceRootOption
}

struct Tune: DamoCLICommand, TuneCommand {
    static let configuration = CommandConfiguration(abstract: "Update parameters of running DAMON.", discussion: LiveDamon.tune)

    @Flag(name: .customLong("quota_goals_only"), help: "commit quota goals change only")
    var quotaGoalsOnly = false
    @OptionGroup var params: DamonParamsOptionGroup
    @OptionGroup var interface: InterfaceRootOption
}

struct Stop: DamoCLICommand, StopCommand {
    static let configuration = CommandConfiguration(abstract: "Stop running DAMON.", discussion: LiveDamon.stop)

    @OptionGroup var interface: InterfaceRootOption
}

struct Schemes: DamoCLICommand, SchemesCommand {
    static let configuration = CommandConfiguration(
        abstract: "apply operation schemes",
        discussion: LiveDamon.schemes + "\n" + """
            DAMON parameters options are also supported. Do 'damo help damon_param_options -h' for the options.
            -c/--schemes <file or text> takes a JSON or YAML list of schemes, or (deprecated) early damo's \
            one-line schemes: <min-size> <max-size> <min-acc> <max-acc> <min-age> <max-age> <action> per line.
            """)

    @OptionGroup var params: DamonParamsOptionGroup
    @OptionGroup var interface: InterfaceRootOption
}
