/// The PDF back end: one page, vector drawing with the built-in Helvetica,
/// raster elements as FlateDecode RGB image XObjects.  Scene pixels become
/// 0.75 pt (96 dpi), so a 640x480 scene is a 480x360 pt page.
enum PDFBuilder {
    static let pointsPerPixel = 0.75

    static func render(_ scene: PlotScene) -> [UInt8] {
        let height = Double(scene.height)
        var content = "\(vectorNumber(pointsPerPixel)) 0 0 \(vectorNumber(pointsPerPixel)) 0 0 cm\n"
        var images: [RasterImage] = []
        for element in scene.elements {
            switch element {
            case let .fill(x, y, w, h, color):
                content += "\(fillColor(color)) \(n(x)) \(n(height - y - h)) \(n(w)) \(n(h)) re f\n"
            case let .stroke(points, color):
                guard let first = points.first else { continue }
                content += "\(strokeColor(color)) 1 w 1 J 1 j \(n(first.x)) \(n(height - first.y)) m"
                for point in points.dropFirst() {
                    content += " \(n(point.x)) \(n(height - point.y)) l"
                }
                // With round caps a zero-length segment paints a dot.
                if points.count == 1 { content += " \(n(first.x)) \(n(height - first.y)) l" }
                content += " S\n"
            case let .text(text, x, y, anchor, vertical, color):
                content += textOperators(text, x: x, y: y, anchor: anchor, vertical: vertical, color: color, pageHeight: height)
            case let .image(image, x, y, w, h):
                guard image.width > 0, image.height > 0, w > 0, h > 0 else { continue }
                // Keep the data bounded for huge grids; beyond ~2 cells per
                // device pixel sampling loses nothing visible.
                images.append(image.sampled(maxWidth: 1024, maxHeight: 1024))
                content += "q \(n(w)) 0 0 \(n(h)) \(n(x)) \(n(height - y - h)) cm /Im\(images.count) Do Q\n"
            }
        }

        // Objects 1...5 are fixed; images follow from 6.
        var objects: [[UInt8]] = []
        objects.append(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        objects.append(Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8))
        var xobjects = ""
        for index in images.indices {
            xobjects += " /Im\(index + 1) \(6 + index) 0 R"
        }
        let pageWidth = Double(scene.width) * pointsPerPixel, pageHeight = height * pointsPerPixel
        objects.append(Array((
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(n(pageWidth)) \(n(pageHeight))]"
            + " /Resources << /Font << /F1 4 0 R >> /XObject <<\(xobjects) >> >> /Contents 5 0 R >>").utf8))
        objects.append(Array(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".utf8))
        objects.append(stream("", ImageZlib.compress(Array(content.utf8))))
        for image in images {
            var samples = [UInt8]()
            samples.reserveCapacity(image.pixels.count * 3)
            for pixel in image.pixels {
                // PDF images are opaque; empty cells get the page background.
                let color = pixel ?? .white
                samples += [color.r, color.g, color.b]
            }
            objects.append(stream(
                "/Type /XObject /Subtype /Image /Width \(image.width) /Height \(image.height)"
                    + " /ColorSpace /DeviceRGB /BitsPerComponent 8 ",
                ImageZlib.compress(samples)))
        }
        return assemble(objects)
    }

    /// Header, numbered objects, cross-reference table and trailer; the
    /// xref entries are the objects' exact byte offsets.
    private static func assemble(_ objects: [[UInt8]]) -> [UInt8] {
        // The comment with high bytes tells tools the file is binary.
        var pdf = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(pdf.count)
            pdf += Array("\(index + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let xrefOffset = pdf.count
        var xref = "xref\n0 \(objects.count + 1)\n0000000000 65535 f\r\n"
        for offset in offsets {
            xref += padded(offset, 10) + " 00000 n\r\n"
        }
        xref += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xrefOffset)\n%%EOF\n"
        pdf += Array(xref.utf8)
        return pdf
    }

    private static func stream(_ dictionary: String, _ data: [UInt8]) -> [UInt8] {
        Array("<< \(dictionary)/Filter /FlateDecode /Length \(data.count) >>\nstream\n".utf8)
            + data + Array("\nendstream".utf8)
    }

    private static func textOperators(
        _ text: String, x: Double, y: Double, anchor: TextAnchor, vertical: Bool, color: RGB,
        pageHeight: Double
    ) -> String {
        let size = PlotScene.fontSize
        let shift = HelveticaMetrics.width(of: text, size: size) * anchor.fraction
        // As in the SVG, the baseline sits 0.35em below (or, vertical, right of) the anchor.
        let matrix = vertical
            ? "0 1 -1 0 \(n(x + size * 0.35)) \(n(pageHeight - y - shift))"
            : "1 0 0 1 \(n(x - shift)) \(n(pageHeight - y - size * 0.35))"
        return "BT \(fillColor(color)) /F1 \(n(size)) Tf \(matrix) Tm (\(escape(text))) Tj ET\n"
    }

    /// A PDF literal string body: backslash-escape the delimiters and keep
    /// to ASCII, which WinAnsiEncoding shares.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "(", ")": escaped += "\\" + String(scalar)
            default: escaped += (32...126).contains(scalar.value) ? String(scalar) : "?"
            }
        }
        return escaped
    }

    private static func fillColor(_ color: RGB) -> String { colorComponents(color) + " rg" }
    private static func strokeColor(_ color: RGB) -> String { colorComponents(color) + " RG" }

    private static func colorComponents(_ color: RGB) -> String {
        [color.r, color.g, color.b].map { vectorNumber(Double($0) / 255) }.joined(separator: " ")
    }

    private static func n(_ value: Double) -> String { vectorNumber(value) }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
