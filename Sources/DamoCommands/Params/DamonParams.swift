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

    /// Turns DAMON on with the kdamonds the options give (start, tune,
    /// record, schemes): a workload command given as the target is started
    /// first, and ended again when `turnOn` fails.  Returns what `turnOn`
    /// returns and the workload's pid.
    public func turnOn<T>(in env: DamoEnvironment, _ turnOn: ([Kdamond]) throws -> T) throws -> (T, workload: Int32?) {
        let resolved = try resolve(in: env)
        var kdamonds = resolved.kdamonds
        var workload: Int32? = nil
        if let command = resolved.workload {
            let pid = try env.programs.spawnWorkload(command)
            kdamonds = resolved.kdamonds(workloadPid: Int(pid))
            workload = pid
        }
        do {
            return (try turnOn(kdamonds), workload)
        } catch {
            if let workload { env.programs.killWorkload(workload) }
            throw error
        }
    }
}
