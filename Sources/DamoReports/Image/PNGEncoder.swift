/// Minimal PNG writer: 8-bit truecolor, no interlace, a single IDAT with
/// filter type 0 (None) on every row.  Plots are mostly flat color, which
/// deflate compresses well without per-row filters.
enum PNGEncoder {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// `rgb` holds width*height pixels, three bytes each, top row first.
    static func encode(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
        precondition(rgb.count == width * height * 3)
        var header = [UInt8]()
        appendBigEndian(UInt32(width), to: &header)
        appendBigEndian(UInt32(height), to: &header)
        // bit depth 8, color type 2 (RGB), deflate, adaptive filtering, no interlace
        header += [8, 2, 0, 0, 0]

        let rowBytes = width * 3
        var scanlines = [UInt8]()
        scanlines.reserveCapacity(height * (rowBytes + 1))
        for row in 0..<height {
            scanlines.append(0)
            scanlines += rgb[row * rowBytes..<(row + 1) * rowBytes]
        }

        var png = signature
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", ImageZlib.compress(scanlines), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &png)
        let typeStart = png.count
        png += Array(type.utf8)
        png += data
        // The CRC covers the chunk type and data, not the length.
        appendBigEndian(ImageZlib.crc32(png[typeStart...]), to: &png)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
    }
}
