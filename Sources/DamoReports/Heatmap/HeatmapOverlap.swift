import DamonModel

/// Snapshots whose regions overlap (tried regions of several targets, or
/// a crafted record).  damo adds region after region to every covered
/// pixel, so 20,000 regions covering the map cost 20,000 passes over it.
/// Where that is more work than a few passes over the covered pixels,
/// the regions' heats are summed per pixel first (difference arrays along
/// each row, so a region costs one step per row it covers) and each pixel
/// is updated once: cost linear in regions and pixels, values equal to
/// damo's up to floating point rounding.
extension Heatmap {
    mutating func addOverlapping(_ snapshot: Snapshot, _ terms: SnapshotTerms) {
        var spans: [Span] = []
        var work = 0
        var rows = (Int.max, Int.min), cols = (Int.max, Int.min)
        for region in snapshot.regions {
            guard let s = span(region, terms) else { continue }
            spans.append(s)
            work = work &+ s.pixels  // (each at most the map's pixels)
            rows = (min(rows.0, s.rowFrom), max(rows.1, s.rowTo))
            cols = (min(cols.0, s.colFrom), max(cols.1, s.colTo))
        }
        if spans.isEmpty { return }
        let box = (rows.1 - rows.0 + 1) * (cols.1 - cols.0 + 1)
        if work >= 0 && work <= 4 * (box + spans.count) {
            for s in spans { addExactly(s, snapshot) }
            return
        }
        addSummed(spans, snapshot, rows: rows, cols: cols)
    }

    /// Per covered row: point heats of each region's partly covered end
    /// columns, a difference array of its fully covered ones, and how
    /// many regions cover each column (a pixel any region touches counts
    /// as observed, heat 0 or not).
    mutating func addSummed(_ spans: [Span], _ snapshot: Snapshot, rows: (Int, Int), cols: (Int, Int)) {
        let width = cols.1 - cols.0 + 1
        let height = rows.1 - rows.0 + 1
        var points = [Double](repeating: 0, count: height * width)
        var steps = [Double](repeating: 0, count: height * (width + 1))
        var cover = [Int32](repeating: 0, count: height * (width + 1))
        let ts = timeStart.double, tu = timeUnit.double, a0 = addrStart.double, au = addrUnit.double
        let end = snapshot.endTime.double
        for s in spans {
            let hv = s.heatValue.double, obs = s.observeStart.double
            let rs = Double(s.start), re = Double(s.end)
            func size(_ col: Int) -> Double {
                let pixelAddr = a0 + Double(col) * au
                return min(re, pixelAddr + au) - max(rs, pixelAddr)
            }
            let firstSize = size(s.colFrom), lastSize = size(s.colTo)
            let c0 = s.colFrom - cols.0, c1 = s.colTo - cols.0
            for row in s.rowFrom...s.rowTo {
                let pixelTime = ts + Double(row) * tu
                let heat = hv * (min(end, pixelTime + tu) - max(obs, pixelTime))
                let r = row - rows.0
                cover[r * (width + 1) + c0] += 1
                cover[r * (width + 1) + c1 + 1] -= 1
                points[r * width + c0] += heat * firstSize
                if c1 == c0 { continue }
                points[r * width + c1] += heat * lastSize
                if c1 - c0 >= 2 {
                    steps[r * (width + 1) + c0 + 1] += heat * au
                    steps[r * (width + 1) + c1] -= heat * au
                }
            }
        }
        for r in 0..<height {
            var covered: Int32 = 0
            // Compensated running sum: steps up and down cancel exactly.
            var sum = 0.0, compensation = 0.0
            for c in 0..<width {
                covered += cover[r * (width + 1) + c]
                let step = steps[r * (width + 1) + c]
                let t = sum + step
                compensation += abs(sum) >= abs(step) ? (sum - t) + step : (step - t) + sum
                sum = t
                if covered <= 0 { continue }
                var heat = sum + compensation + points[r * width + c]
                let i = (rows.0 + r) * addrResolution + cols.0 + c
                if seen[i] { heat += values[i] * pixelTimeSpaceDouble }
                values[i] = heat / pixelTimeSpaceDouble
                seen[i] = true
            }
        }
    }
}
