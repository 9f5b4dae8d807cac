/// The SVG back end: rectangles, paths and text elements, no XML prolog
/// (optional in SVG), so the document starts with `<svg`.
enum SVGBuilder {
    static func render(_ scene: PlotScene) -> [UInt8] {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
        out += " width=\"\(scene.width)\" height=\"\(scene.height)\""
        out += " viewBox=\"0 0 \(scene.width) \(scene.height)\""
        out += " font-family=\"Arial, Helvetica, sans-serif\" font-size=\"\(vectorNumber(PlotScene.fontSize))\">\n"
        for element in scene.elements {
            append(element, to: &out)
        }
        out += "</svg>\n"
        return Array(out.utf8)
    }

    private static func append(_ element: PlotElement, to out: inout String) {
        switch element {
        case let .fill(x, y, w, h, color):
            out += rect(x, y, w, h, color) + "\n"
        case let .stroke(points, color):
            guard let first = points.first else { return }
            var path = "M\(vectorNumber(first.x)) \(vectorNumber(first.y))"
            for point in points.dropFirst() {
                path += " L\(vectorNumber(point.x)) \(vectorNumber(point.y))"
            }
            // A lone point still shows, as a dot, thanks to the round cap.
            if points.count == 1 { path += " h0" }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"1\""
            out += " stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\n"
        case let .text(text, x, y, anchor, vertical, color):
            out += textElement(text, x: x, y: y, anchor: anchor, vertical: vertical, color: color) + "\n"
        case let .image(image, x, y, w, h):
            appendImage(image, x: x, y: y, width: w, height: h, to: &out)
        }
    }

    private static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: RGB) -> String {
        "<rect x=\"\(vectorNumber(x))\" y=\"\(vectorNumber(y))\" width=\"\(vectorNumber(w))\""
            + " height=\"\(vectorNumber(h))\" fill=\"\(color.hex)\"/>"
    }

    private static func textElement(
        _ text: String, x: Double, y: Double, anchor: TextAnchor, vertical: Bool, color: RGB
    ) -> String {
        let anchorName: String
        switch anchor {
        case .start: anchorName = "start"
        case .middle: anchorName = "middle"
        case .end: anchorName = "end"
        }
        // Baseline 0.35em below the anchor puts digits' middle on it; a
        // translate+rotate keeps that offset perpendicular for vertical text.
        let baseline = vectorNumber(PlotScene.fontSize * 0.35)
        let placement = vertical
            ? "x=\"0\" y=\"\(baseline)\" transform=\"translate(\(vectorNumber(x)) \(vectorNumber(y))) rotate(-90)\""
            : "x=\"\(vectorNumber(x))\" y=\"\(vectorNumber(y + PlotScene.fontSize * 0.35))\""
        return "<text \(placement) text-anchor=\"\(anchorName)\" fill=\"\(color.hex)\">\(escape(text))</text>"
    }

    /// One rect per run of equal color, along rows or along columns,
    /// whichever gives fewer (DAMON regions make address runs long, stable
    /// access patterns time runs).  Grids finer than the pixels they cover
    /// are first sampled down to those pixels.
    private static func appendImage(
        _ image: RasterImage, x: Double, y: Double, width w: Double, height h: Double, to out: inout String
    ) {
        guard image.width > 0, image.height > 0, w > 0, h > 0 else { return }
        let cells = image.sampled(maxWidth: Int(w.rounded(.up)), maxHeight: Int(h.rounded(.up)))
        let cellWidth = w / Double(cells.width), cellHeight = h / Double(cells.height)
        let horizontal = runs(cells, alongRows: true), vertical = runs(cells, alongRows: false)
        // crispEdges avoids hairline seams between abutting cells.
        out += "<g shape-rendering=\"crispEdges\">\n"
        for run in horizontal.count <= vertical.count ? horizontal : vertical {
            out += rect(
                x + Double(run.column) * cellWidth, y + Double(run.row) * cellHeight,
                Double(run.columns) * cellWidth, Double(run.rows) * cellHeight, run.color) + "\n"
        }
        out += "</g>\n"
    }

    private struct CellRun {
        var column: Int, row: Int, columns: Int, rows: Int
        var color: RGB
    }

    private static func runs(_ cells: RasterImage, alongRows: Bool) -> [CellRun] {
        let lines = alongRows ? cells.height : cells.width
        let length = alongRows ? cells.width : cells.height
        func cell(_ line: Int, _ index: Int) -> RGB? {
            alongRows ? cells[index, line] : cells[line, index]
        }
        var result: [CellRun] = []
        for line in 0..<lines {
            var index = 0
            while index < length {
                guard let color = cell(line, index) else {
                    index += 1
                    continue
                }
                var end = index + 1
                while end < length && cell(line, end) == color { end += 1 }
                result.append(alongRows
                    ? CellRun(column: index, row: line, columns: end - index, rows: 1, color: color)
                    : CellRun(column: line, row: index, columns: 1, rows: end - index, color: color))
                index = end
            }
        }
        return result
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default:
                // Control characters are not allowed in XML 1.0 at all.
                if let ascii = character.asciiValue, ascii < 32 { escaped += " " } else { escaped.append(character) }
            }
        }
        return escaped
    }
}
