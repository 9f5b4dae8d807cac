/// A plot laid out once, in pixel coordinates (origin top-left, y down),
/// then handed to one of three back ends: raster (PNG), SVG or PDF.
/// Keeping the layout format-independent makes the three images agree.
struct PlotScene: Sendable {
    /// Text size in pixels for the vector back ends; the PNG bitmap font
    /// (5x7 glyphs on a 6 pixel advance) is close to this.
    static let fontSize = 10.0
    /// Approximate advance of one character, for laying out margins.
    static let charWidth = 6.0

    var width: Int
    var height: Int
    var elements: [PlotElement] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        elements.append(.fill(x: 0, y: 0, width: Double(width), height: Double(height), color: .white))
    }

    mutating func add(_ element: PlotElement) {
        elements.append(element)
    }

    /// Strokes a single segment.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: RGB = .black) {
        elements.append(.stroke([PlotPoint(x: x0, y: y0), PlotPoint(x: x1, y: y1)], color: color))
    }

    mutating func text(
        _ text: String, x: Double, y: Double, anchor: TextAnchor, vertical: Bool = false,
        color: RGB = .black
    ) {
        elements.append(.text(text, x: x, y: y, anchor: anchor, vertical: vertical, color: color))
    }

    func render(_ format: PlotImageFormat) -> [UInt8] {
        switch format {
        case .png: return RasterCanvas(scene: self).pngBytes()
        case .svg: return SVGBuilder.render(self)
        case .pdf: return PDFBuilder.render(self)
        }
    }
}

struct PlotPoint: Sendable {
    var x: Double
    var y: Double
}

/// Where a text's anchor point sits along its reading direction.
enum TextAnchor: Sendable {
    case start, middle, end

    var fraction: Double {
        switch self {
        case .start: return 0
        case .middle: return 0.5
        case .end: return 1
        }
    }
}

enum PlotElement: Sendable {
    /// A filled axis-aligned rectangle.
    case fill(x: Double, y: Double, width: Double, height: Double, color: RGB)
    /// A one pixel wide open polyline.
    case stroke([PlotPoint], color: RGB)
    /// Text whose anchor is vertically centered on y (or, when vertical,
    /// horizontally centered on x); vertical text reads bottom to top.
    case text(String, x: Double, y: Double, anchor: TextAnchor, vertical: Bool, color: RGB)
    /// A grid of cells stretched over a rectangle, nearest-neighbour.
    case image(RasterImage, x: Double, y: Double, width: Double, height: Double)
}

/// Cells of color, row-major, top row first; nil cells are not painted.
struct RasterImage: Sendable {
    var width: Int
    var height: Int
    var pixels: [RGB?]

    subscript(column: Int, row: Int) -> RGB? { pixels[row * width + column] }

    /// Nearest-neighbour down-sampling, so that vector outputs of huge grids
    /// stay proportional to what can be seen rather than to the data.
    func sampled(maxWidth: Int, maxHeight: Int) -> RasterImage {
        let newWidth = max(1, min(width, maxWidth))
        let newHeight = max(1, min(height, maxHeight))
        if newWidth == width && newHeight == height { return self }
        var result = [RGB?]()
        result.reserveCapacity(newWidth * newHeight)
        for row in 0..<newHeight {
            let sourceRow = (2 * row + 1) * height / (2 * newHeight)
            for column in 0..<newWidth {
                result.append(self[(2 * column + 1) * width / (2 * newWidth), sourceRow])
            }
        }
        return RasterImage(width: newWidth, height: newHeight, pixels: result)
    }
}
