import DamonModel

/// The one-line heatmap of a snapshot (`<heatmap>`): the address space cut
/// into `width` columns of equal size, each a digit 0-9 of its
/// size-weighted temperature; gaps between regions are `[...]` (or dots).
enum AccessHeatmapLine {
    struct Pixel {
        var start: PyNum
        var end: PyNum
        var temperature: PyNum
        var isVoid: Bool
    }

    /// `temperature` of a region's part of the given size replaces the
    /// access temperature (report attrs weighs probe hits).
    static func render(_ regions: [Region], _ format: AccessReportFormat,
                       temperature: ((PyNum, Region) -> PyNum)? = nil) -> String {
        guard let first = regions.first, let last = regions.last else { return "n/a (no region)" }
        let raw = format.rawNumber
        let totalSize: PyNum
        if format.heatmapStatic {
            totalSize = PyNum(last.end - first.start)
        } else {
            totalSize = PyNum(regions.reduce(0) { $0 + $1.size })
        }
        let unit = totalSize / PyNum(format.heatmapWidth)
        let (pixels, minT, maxT) = self.pixels(regions, unit: unit, weights: format.temperatureWeights, temperature: temperature)
        let dots = self.dots(pixels, min: minT, max: maxT, unit: unit, format: format)
        return dots + "\n# min/max temperatures: \(UnitFormat.nr(minT, raw: raw)), "
            + "\(UnitFormat.nr(maxT, raw: raw)), column size: \(UnitFormat.size(unit, raw: raw))"
    }

    static func pixels(_ regions: [Region], unit: PyNum, weights: [PyNum],
                       temperature: ((PyNum, Region) -> PyNum)? = nil) -> ([Pixel], PyNum, PyNum) {
        let temperature = temperature ?? { AccessMetrics.temperature(size: $0, $1, weights) }
        var pixels: [Pixel] = []
        var minT: PyNum? = nil, maxT: PyNum? = nil
        var start = PyNum(regions[0].start)
        let lastEnd = PyNum(regions[regions.count - 1].end)
        var lo = 0
        while start < lastEnd {
            let end = start + unit
            while lo < regions.count && !(start < PyNum(regions[lo].end)) { lo += 1 }
            var heat = PyNum.int(0)
            var isVoid = true
            var i = lo
            while i < regions.count {
                let r = regions[i]
                i += 1
                let rs = PyNum(r.start), re = PyNum(r.end)
                if !(start < re) { continue }
                if !(end > rs) { break }
                isVoid = false
                let size: PyNum
                if !(rs < start) && !(end < re) {
                    size = PyNum(r.size)
                } else if !(start < rs) && !(re < end) {
                    size = end - start
                } else if rs < start {
                    size = re - start
                } else {
                    size = end - rs
                }
                heat = heat + temperature(size, r) * size
            }
            var pixel = Pixel(start: start, end: end, temperature: heat / (end - start), isVoid: isVoid)
            if isVoid {
                guard let next = regions.first(where: { PyNum($0.start) > end }) else {
                    pixels.append(pixel)
                    break
                }
                start = PyNum.floorDiv(PyNum(next.start), unit) * unit
                pixel.end = start
                pixels.append(pixel)
            } else {
                if minT == nil || pixel.temperature < minT! { minT = pixel.temperature }
                if maxT == nil || pixel.temperature > maxT! { maxT = pixel.temperature }
                pixels.append(pixel)
                start = end
            }
        }
        return (pixels, minT ?? .int(0), maxT ?? .int(0))
    }

    static func dots(_ pixels: [Pixel], min minT: PyNum, max maxT: PyNum, unit: PyNum,
                     format: AccessReportFormat) -> String {
        let maxLevel = PyNum(AsciiColorset.maxLevel)
        var tUnit = (maxT - minT) / maxLevel
        if tUnit == .int(0) { tUnit = maxT / maxLevel }
        if tUnit == .int(0) { tUnit = .int(1) }
        var out = ""
        let cells = format.heatmapColorset.cells
        for pixel in pixels {
            if pixel.isVoid {
                let n = (pixel.end - pixel.start) / unit
                if !format.heatmapStatic && n > .int(4) {
                    out += "[...]"
                } else {
                    out += String(repeating: ".", count: Swift.max(0, n.int))
                }
                continue
            }
            let level = Swift.min(Swift.max(((pixel.temperature - minT) / tUnit).int, 0), AsciiColorset.maxLevel)
            out += cells[level]
        }
        return out
    }
}
