import DamonKernel
import DamonModel

/// Commands taking the DAMON parameter options.
public protocol DamonParamsOptions {
    var parsed: ParsedDamonOptions { get }
}

extension DamonParamsOptions {
    /// The parameters the options give, resolved without starting
    /// anything; errors as damo words them ("invalid arguments (...)").
    public func resolve(in env: DamoEnvironment) throws -> ResolvedDamonParams {
        do {
            var resolver = DamonParamsResolver(
                try DamonOptionNamespace(RawDamonOptions(parsed, commandLine: env.arguments)), env: env)
            return try resolver.resolve()
        } catch let e as DamoError {
            throw DamoError("invalid arguments (\(e.description))")
        }
    }

    /// The kdamonds the options give, for start, tune, record and
    /// schemes: a workload command given as the target is started here and
    /// its pid returned, so that a failure to start DAMON can end it again.
    public func kdamondsStartingWorkload(in env: DamoEnvironment) throws -> (kdamonds: [Kdamond], workload: Int32?) {
        let resolved = try resolve(in: env)
        guard let command = resolved.workload else { return (resolved.kdamonds, nil) }
        let pid = try env.programs.spawnWorkload(command)
        return (resolved.kdamonds(workloadPid: Int(pid)), pid)
    }
}
