// The C library of the platform, for every target: one place instead of
// an `#if canImport(Glibc)` block in each file that calls it.  A file
// that needs the C library imports DamoPlatform.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif

/// The C library's text for an errno value.
public func errnoDescription(_ code: Int32 = errno) -> String {
    guard let s = strerror(code) else { return "error \(code)" }
    return String(cString: UnsafePointer(s))
}

/// A NUL-terminated C string held in an array, as Swift text.
public func stringFromCChars(_ chars: [CChar]) -> String {
    String(decoding: chars.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// read(2), under a name that methods called `read` do not shadow.
@inline(__always) public func posixRead(_ fd: Int32, _ buf: UnsafeMutableRawPointer?, _ n: Int) -> Int {
    read(fd, buf, n)
}

/// write(2), under a name that methods called `write` do not shadow.
@inline(__always) public func posixWrite(_ fd: Int32, _ buf: UnsafeRawPointer?, _ n: Int) -> Int {
    write(fd, buf, n)
}
