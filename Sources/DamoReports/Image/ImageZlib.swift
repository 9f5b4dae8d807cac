import CZlib

/// zlib pieces both PNG (IDAT, chunk CRCs) and PDF (FlateDecode) need.
enum ImageZlib {
    /// A complete zlib stream (RFC 1950) of `bytes`.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var outputCount = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(outputCount))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &outputCount, input.baseAddress, uLong(input.count), level)
            }
        }
        // compressBound guarantees room, so only memory exhaustion fails.
        precondition(status == Z_OK, "zlib compress2 failed (\(status))")
        output.removeSubrange(Int(outputCount)...)
        return output
    }

    /// CRC-32 (ISO 3309, as PNG chunks use) of `bytes`, continuing `crc`.
    static func crc32(_ bytes: ArraySlice<UInt8>, continuing crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(truncatingIfNeeded: CZlib.crc32(uLong(crc), buffer.baseAddress, uInt(buffer.count)))
        }
    }
}
