/// The PNG back end: paints a PlotScene onto an RGB pixel buffer without
/// anti-aliasing, like gnuplot's libgd `png` terminal.
struct RasterCanvas {
    let width: Int
    let height: Int
    private(set) var rgb: [UInt8]

    init(width: Int, height: Int) {
        self.width = max(width, 1)
        self.height = max(height, 1)
        rgb = [UInt8](repeating: 255, count: self.width * self.height * 3)
    }

    init(scene: PlotScene) {
        self.init(width: scene.width, height: scene.height)
        for element in scene.elements {
            draw(element)
        }
    }

    func pngBytes() -> [UInt8] {
        PNGEncoder.encode(width: width, height: height, rgb: rgb)
    }

    func pixel(_ x: Int, _ y: Int) -> RGB {
        let index = (y * width + x) * 3
        return RGB(rgb[index], rgb[index + 1], rgb[index + 2])
    }

    mutating func set(_ x: Int, _ y: Int, _ color: RGB) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 3
        rgb[index] = color.r
        rgb[index + 1] = color.g
        rgb[index + 2] = color.b
    }

    mutating func draw(_ element: PlotElement) {
        switch element {
        case let .fill(x, y, w, h, color):
            let x0 = max(pixelEdge(x), 0), x1 = min(pixelEdge(x + w), width)
            let y0 = max(pixelEdge(y), 0), y1 = min(pixelEdge(y + h), height)
            guard x0 < x1, y0 < y1 else { return }
            for py in y0..<y1 {
                for px in x0..<x1 {
                    set(px, py, color)
                }
            }
        case let .stroke(points, color):
            if points.count == 1 { set(pixelCell(points[0].x), pixelCell(points[0].y), color) }
            for (from, to) in zip(points, points.dropFirst()) {
                line(from, to, color)
            }
        case let .text(text, x, y, anchor, vertical, color):
            drawText(text, x: x, y: y, anchor: anchor, vertical: vertical, color: color)
        case let .image(image, x, y, w, h):
            drawImage(image, x: x, y: y, width: w, height: h)
        }
    }

    /// The pixel column/row whose left/top edge is nearest `value`, clamped
    /// so that absurd coordinates cannot overflow Int.
    private func pixelEdge(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(max(value, -1e6), 1e6).rounded())
    }

    /// The pixel containing `value`.
    private func pixelCell(_ value: Double) -> Int {
        guard value.isFinite else { return 0 }
        return Int(min(max(value, -1e6), 1e6).rounded(.down))
    }

    /// Bresenham between the pixels containing the end points.
    private mutating func line(_ from: PlotPoint, _ to: PlotPoint, _ color: RGB) {
        var x0 = pixelCell(from.x), y0 = pixelCell(from.y)
        let x1 = pixelCell(to.x), y1 = pixelCell(to.y)
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        while true {
            set(x0, y0, color)
            if x0 == x1 && y0 == y1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x0 += sx }
            if doubled <= dx { error += dx; y0 += sy }
        }
    }

    private mutating func drawText(
        _ text: String, x: Double, y: Double, anchor: TextAnchor, vertical: Bool, color: RGB
    ) {
        let codes = text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8(ascii: "?") }
        let length = BitmapFont.width(ofCount: codes.count)
        let along = Int((Double(length) * anchor.fraction).rounded())
        let half = Double(BitmapFont.glyphHeight) / 2
        // Glyph pixel (gx, gy) lands at (originX + gx, originY + gy) when
        // horizontal; rotated a quarter turn counter-clockwise when vertical.
        let originX = vertical ? pixelEdge(x - half) : pixelEdge(x) - along
        let originY = vertical ? pixelEdge(y) + along : pixelEdge(y - half)
        for (index, code) in codes.enumerated() {
            for column in 0..<BitmapFont.glyphWidth {
                let bits = BitmapFont.column(code, column)
                for row in 0..<BitmapFont.glyphHeight where bits & (1 << row) != 0 {
                    let gx = index * BitmapFont.advance + column
                    if vertical {
                        set(originX + row, originY - 1 - gx, color)
                    } else {
                        set(originX + gx, originY + row, color)
                    }
                }
            }
        }
    }

    /// Nearest-neighbour: each destination pixel takes the cell under its
    /// center, so grids larger than the area are sampled, smaller ones stretched.
    private mutating func drawImage(_ image: RasterImage, x: Double, y: Double, width w: Double, height h: Double) {
        guard image.width > 0, image.height > 0, w > 0, h > 0 else { return }
        let x0 = max(pixelEdge(x), 0), x1 = min(pixelEdge(x + w), width)
        let y0 = max(pixelEdge(y), 0), y1 = min(pixelEdge(y + h), height)
        guard x0 < x1, y0 < y1 else { return }
        for py in y0..<y1 {
            let row = min(max(Int((Double(py) + 0.5 - y) / h * Double(image.height)), 0), image.height - 1)
            for px in x0..<x1 {
                let column = min(max(Int((Double(px) + 0.5 - x) / w * Double(image.width)), 0), image.width - 1)
                if let color = image[column, row] {
                    set(px, py, color)
                }
            }
        }
    }
}
