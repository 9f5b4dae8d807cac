import DamonModel

/// `report access --raw_form` (and the legacy `report raw`): every region
/// of every snapshot, one line each.
public enum RawFormReport {
    public static let ending = ReportEnding.pagerIfNeeded

    public static func render(_ records: [Record], rawNumber: Bool, to sink: TextSink) {
        var out = LineJoiner(sink)
        for record in records {
            guard let first = record.snapshots.first else { continue }
            let base = first.startTime
            out.line("base_time_absolute: " + UnitFormat.timeNs(base, raw: rawNumber))
            out.line("data source: \(record.dataSource)\n")
            let target = record.targetId.map { $0.description } ?? "None"
            for snapshot in record.snapshots {
                out.line("monitoring_start:    " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.startTime - base, raw: rawNumber), 16))
                out.line("monitoring_end:      " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - base, raw: rawNumber), 16))
                out.line("monitoring_duration: " + PyFormat.padLeft(UnitFormat.timeNs(snapshot.endTime - snapshot.startTime, raw: rawNumber), 16))
                out.line("target_id: " + target)
                out.line("nr_regions: \(snapshot.regions.count)")
                out.line("# start_addr     end_addr        length  nr_accesses   age")
                for r in snapshot.regions {
                    var line = PyFormat.hex(r.start, width: 12)
                    line += "-"
                    line += PyFormat.hex(r.end, width: 12)
                    line += " ("
                    line += PyFormat.padLeft(UnitFormat.size(r.size, raw: rawNumber), 12)
                    line += ") "
                    line += PyFormat.padLeft(String(r.samples ?? -1), 11)
                    line += " "
                    line += PyFormat.padLeft(String(r.aggrIntervals ?? -1), 5)
                    out.line(line)
                }
                out.line("")
            }
        }
        out.line("")
    }
}
