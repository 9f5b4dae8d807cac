import DamonEmulator
import Foundation
import Testing

/// `start` and `tune` with --probe* options on emulated kernels: what
/// they write reads back through `report attrs` of the running DAMON, a
/// kernel without probes answers in one line, and wrong probe options
/// are one line with nothing written.
@Suite struct ProbesCLITests {
    static let kd = SysfsEmulator.kdamondsPath
    static let paddr = ["--ops", "paddr", "--regions", "4096-1073741824"]

    func attrs(_ kernel: EmulatedKernel) -> String {
        let run = kernel.run(["report", "attrs"])
        #expect(run.status == 0, "\(run.stderr)")
        return run.text
    }

    @Test func startThenReportAttrsReadsTheProbesBack() throws {
        let kernel = try EmulatedKernel(release: .mmProbes)
        let start = kernel.run(["start"] + Self.paddr + [
            "--probe", "--probe_prep", "set_pgidle", "--probe_filter", "allow", "anon", "--probe_filter", "reject", "non", "memcg", "/workload",
            "--probe", "--probe_filter", "allow", "hugepage_size", "2M", "1G", "--probe_weight", "3", "1",
        ])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stderr.isEmpty)
        #expect(kernel.isRunning())
        kernel.with {
            $0.setRegions([
                EmulatedRegion(start: 4096, end: 1 << 20, nrAccesses: 1, age: 4, probeHits: [2, 0]),
                EmulatedRegion(start: 1 << 20, end: 1 << 30, nrAccesses: 0, age: 9, probeHits: [0, 5]),
            ])
        }
        let text = attrs(kernel)
        #expect(text.contains("probes\n"
                              + "- prep: set_pgidle, filter: allow anon, reject non memcg /workload (weight: 3)\n"
                              + "- allow hugepage_size [2.000 MiB, 1024.000 MiB] (weight: 1)\n"), "\(text)")
        // The parameters of the running DAMON have them too.
        let report = kernel.run(["report", "damon"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.text.contains("allow hugepage_size [2.000 MiB, 1024.000 MiB] (weight: 1)"), "\(report.text)")
        let p = Self.kd + "/0/contexts/0/monitoring_attrs/probes"
        let weight = kernel.with { try? $0.read(p + "/1/weight") }
        #expect(weight == "1")
    }

    @Test func tuneReplacesTheProbes() throws {
        let kernel = try EmulatedKernel(release: .v7_3)
        let start = kernel.run(["start"] + Self.paddr + ["--probe_filter", "allow", "anon"])
        #expect(start.status == 0, "\(start.stderr)")
        #expect(attrs(kernel).contains("probe allow anon (weight: 0)\n"))
        let tune = kernel.run(["tune"] + Self.paddr + [
            "--probe", "--probe_filter", "reject", "anon", "--probe", "--probe_filter", "allow", "memcg", "/a",
            "--probe_weight", "4", "2",
        ])
        #expect(tune.status == 0, "\(tune.stderr)")
        #expect(kernel.isRunning())
        #expect(attrs(kernel).contains("probes\n- reject anon (weight: 4)\n- allow memcg /a (weight: 2)\n"))
    }

    /// Linux 6.12 has no probes: one line naming damo's feature, no
    /// kdamond, the files as found.
    @Test func kernelWithoutProbesIsOneLine() throws {
        let kernel = try EmulatedKernel(.v6_12)
        let before = kernel.with { $0.dump() }
        let run = kernel.run(["start"] + Self.paddr + ["--probe_filter", "allow", "anon"])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.first?.contains("sysfs/attrs_monitoring DAMON feature is not available") == true, "\(run.stderr)")
        #expect(!kernel.isRunning())
        #expect(SysfsEmulator.diff(before, kernel.with { $0.dump() }) == [])
    }

    @Test(arguments: [
        (["--probe_filter", "allow", "nosuch"], "wrong damon filter type (nosuch)"),
        (["--probe_filter", "allow", "memcg"], "memcg path is not given"),
        (["--probe_filter", "allow", "hugepage_size", "2M"], "min, max are not given"),
        (["--probe_filter", "maybe", "anon"], "expected allow|reject but maybe"),
        (["--probe_prep", "nosuch", "--probe_filter", "allow", "anon"], "wrong prep action (nosuch)"),
        (["--nr_probe_filters", "2", "--probe_filter", "allow", "anon"], "--nr_probe_filters mismatches --probe_filter (2 != 1)"),
        (["--probe_filter", "allow", "anon", "--probe_weight", "1", "2"], "--probe_weight mismatches --nr_probe_filters (2 > 1)"),
    ])
    func badProbeOptionsAreOneLine(_ options: [String], _ message: String) throws {
        let kernel = try EmulatedKernel(release: .mmProbes)
        let before = kernel.with { $0.dump() }
        let run = kernel.run(["start"] + Self.paddr + options)
        #expect(run.status != 0)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(SysfsEmulator.diff(before, kernel.with { $0.dump() }) == [])
    }
}
