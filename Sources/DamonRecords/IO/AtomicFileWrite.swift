extension AtomicFileSink {
    /// Writes a whole file at once, atomically: complete under its name,
    /// or (on any failure) not written at all.
    public static func write(_ bytes: [UInt8], to path: String, permission: Int) throws {
        let sink = try AtomicFileSink(path: path, permission: permission)
        do {
            try bytes.withUnsafeBytes { try sink.write($0) }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
    }
}
