#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An errno from an emulated kernel handler.
struct KernelErrno: Error, Equatable {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}

/// The kernel's string-to-value helpers as DAMON's sysfs store functions
/// use them: kstrto*(buf, 0, ...), kstrtobool() and sysfs_streq().
enum KernelParse {
    /// kstrtoull(buf, 0): an optional '+', a radix prefix ("0x" hex, "0"
    /// octal), digits, then at most one trailing newline.
    static func ull(_ text: String) throws(KernelErrno) -> UInt64 {
        var s = Substring(text)
        if s.first == "+" { s = s.dropFirst() }
        return try unsignedBody(s)
    }

    static func uint(_ text: String) throws(KernelErrno) -> UInt32 {
        let value = try ull(text)
        guard value <= UInt64(UInt32.max) else { throw KernelErrno(ERANGE) }
        return UInt32(value)
    }

    /// kstrtoll(buf, 0).
    static func ll(_ text: String) throws(KernelErrno) -> Int64 {
        if text.first == "-" {
            let magnitude = try unsignedBody(Substring(text).dropFirst())
            guard magnitude <= UInt64(Int64.max) + 1 else { throw KernelErrno(ERANGE) }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        let value = try ull(text)
        guard value <= UInt64(Int64.max) else { throw KernelErrno(ERANGE) }
        return Int64(value)
    }

    static func int(_ text: String) throws(KernelErrno) -> Int32 {
        let value = try ll(text)
        guard let narrowed = Int32(exactly: value) else { throw KernelErrno(ERANGE) }
        return narrowed
    }

    /// kstrtobool(): only the first one or two characters matter.
    static func bool(_ text: String) throws(KernelErrno) -> Bool {
        let chars = Array(text)
        guard let first = chars.first else { throw KernelErrno(EINVAL) }
        switch first {
        case "y", "Y", "1": return true
        case "n", "N", "0": return false
        case "o", "O":
            if chars.count > 1 {
                switch chars[1] {
                case "n", "N": return true
                case "f", "F": return false
                default: break
                }
            }
        default: break
        }
        throw KernelErrno(EINVAL)
    }

    /// sysfs_streq(): equal, except that either side may end in one newline.
    static func streq(_ input: String, _ keyword: String) -> Bool {
        var s = Substring(input)
        if s.hasSuffix("\n") { s = s.dropLast() }
        return s == Substring(keyword)
    }

    private static func unsignedBody(_ s: Substring) throws(KernelErrno) -> UInt64 {
        let bytes = Array(s.utf8)
        var index = 0
        var base: UInt64 = 10
        if bytes.first == UInt8(ascii: "0") {
            if bytes.count > 2, bytes[1] | 0x20 == UInt8(ascii: "x"), hexValue(bytes[2]) != nil {
                base = 16
                index = 2
            } else {
                base = 8
            }
        }
        var value: UInt64 = 0
        var parsed = 0
        while index < bytes.count, let digit = hexValue(bytes[index]), digit < base {
            let (multiplied, overflow1) = value.multipliedReportingOverflow(by: base)
            let (added, overflow2) = multiplied.addingReportingOverflow(digit)
            if overflow1 || overflow2 { throw KernelErrno(ERANGE) }
            value = added
            index += 1
            parsed += 1
        }
        guard parsed > 0 else { throw KernelErrno(EINVAL) }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { index += 1 }
        guard index == bytes.count else { throw KernelErrno(EINVAL) }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt64(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
