import DamoPlatform

/// Pulls from a slow source (zlib inflate) on its own thread, a few chunks
/// ahead of the reader, so that decompressing and parsing a record overlap:
/// reading costs about the longer of the two instead of their sum.  Its
/// chunks are lent to the reader in place (ChunkLender): a record's
/// inflated text is many times its file, and copying it out again cost
/// the reader about 6% of a heatmap's CPU.
public final class ReadAheadSource: ByteSource, ChunkLender {
    final class Shared: @unchecked Sendable {
        var mutex = pthread_mutex_t()
        var changed = pthread_cond_t()
        var ready: [(UnsafeMutableRawPointer, Int)] = []
        var free: [UnsafeMutableRawPointer] = []
        var finished = false
        var error: Error? = nil
        var cancelled = false
        let chunkSize: Int
        /// Bytes before each chunk's data, for the reader (ChunkLender).
        let headroom: Int
        let produce: (UnsafeMutableRawBufferPointer) throws -> Int

        init(chunkSize: Int, chunks: Int, headroom: Int,
             produce: @escaping (UnsafeMutableRawBufferPointer) throws -> Int) {
            self.chunkSize = chunkSize
            self.headroom = headroom
            self.produce = produce
            pthread_mutex_init(&mutex, nil)
            pthread_cond_init(&changed, nil)
            for _ in 0..<chunks {
                free.append(UnsafeMutableRawPointer.allocate(byteCount: headroom + chunkSize, alignment: 64))
            }
        }

        deinit {
            for c in free { c.deallocate() }
            for (c, _) in ready { c.deallocate() }
            pthread_cond_destroy(&changed)
            pthread_mutex_destroy(&mutex)
        }

        func run() { while fillOne() {} }

        /// Fills the next free chunk (waiting for one); false once the
        /// input ended or failed, or reading was cancelled.
        func fillOne() -> Bool {
            pthread_mutex_lock(&mutex)
            while free.isEmpty && !cancelled { pthread_cond_wait(&changed, &mutex) }
            if cancelled {
                pthread_mutex_unlock(&mutex)
                return false
            }
            let chunk = free.removeLast()
            pthread_mutex_unlock(&mutex)

            var filled = 0
            var failure: Error? = nil
            let data = chunk + headroom
            do {
                // Fill the chunk, so the reader wakes up less often.
                while filled < chunkSize {
                    let n = try produce(UnsafeMutableRawBufferPointer(start: data + filled, count: chunkSize - filled))
                    if n == 0 { break }
                    filled += n
                }
            } catch {
                failure = error
            }

            pthread_mutex_lock(&mutex)
            if filled > 0 { ready.append((chunk, filled)) } else { free.append(chunk) }
            let done = failure != nil || filled < chunkSize
            if done {
                error = failure
                finished = true
            }
            pthread_cond_broadcast(&changed)
            pthread_mutex_unlock(&mutex)
            return !done
        }
    }

    let shared: Shared
    var thread: pthread_t? = nil
    var current: (UnsafeMutableRawPointer, Int)? = nil
    var offset = 0
    /// Chunks the reader holds (at most two: the one it reads and, while
    /// it moves a tail over, the next).
    var lent: [UnsafeMutableRawPointer] = []
    /// Room for a region's worth of JSON (the fast path asks for 2 KiB
    /// ahead); a longer tail is copied by the reader instead.
    var headroom: Int { shared.headroom }

    /// `base` is used only from the read-ahead thread from now on;
    /// without `threaded` (or a thread), chunks are filled as the reader
    /// asks for them.
    public init<Base: ByteSource>(base: Base, chunkSize: Int = 1 << 20, chunks: Int = 6, headroom: Int = 16 << 10,
                                  threaded: Bool = true) {
        let box = SourceBox(base)
        shared = Shared(chunkSize: chunkSize, chunks: max(chunks, 3), headroom: headroom) { try box.read(into: $0) }
        guard threaded else { return }
        let context = Unmanaged.passRetained(shared).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { ctx in
            let shared = Unmanaged<Shared>.fromOpaque(ctx!).takeRetainedValue()
            shared.run()
            return nil
        }, context)
        if rc == 0 {
            thread = t
        } else {
            // No thread: chunks are filled inline, in nextReady.
            Unmanaged<Shared>.fromOpaque(context).release()
        }
    }

    deinit {
        pthread_mutex_lock(&shared.mutex)
        shared.cancelled = true
        pthread_cond_broadcast(&shared.changed)
        pthread_mutex_unlock(&shared.mutex)
        if let thread { pthread_join(thread, nil) }
        if let current { shared.free.append(current.0) }
        shared.free.append(contentsOf: lent)
    }

    /// The next filled chunk from the thread, waiting for it; nil at the end.
    func nextReady() throws -> (UnsafeMutableRawPointer, Int)? {
        // (The reader holds at most two chunks: a third is free.)
        if thread == nil && shared.ready.isEmpty && !shared.finished { _ = shared.fillOne() }
        pthread_mutex_lock(&shared.mutex)
        while shared.ready.isEmpty && !shared.finished { pthread_cond_wait(&shared.changed, &shared.mutex) }
        if shared.ready.isEmpty {
            let error = shared.error
            pthread_mutex_unlock(&shared.mutex)
            if let error { throw error }
            return nil
        }
        let chunk = shared.ready.removeFirst()
        pthread_mutex_unlock(&shared.mutex)
        return chunk
    }

    /// Hands a chunk back to the thread to fill again.
    func recycle(_ chunk: UnsafeMutableRawPointer) {
        pthread_mutex_lock(&shared.mutex)
        shared.free.append(chunk)
        pthread_cond_broadcast(&shared.changed)
        pthread_mutex_unlock(&shared.mutex)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if current == nil {
            guard let chunk = try nextReady() else { return 0 }
            current = chunk
            offset = 0
        }
        let (chunk, count) = current!
        let n = min(buffer.count, count - offset)
        buffer.baseAddress!.copyMemory(from: chunk + headroom + offset, byteCount: n)
        offset += n
        if offset == count {
            recycle(chunk)
            current = nil
        }
        return n
    }

    func lendChunk() throws -> LentChunk? {
        let chunk: UnsafeMutableRawPointer, from: Int, count: Int
        if let partly = current {
            // What read(into:) left of its chunk.
            (chunk, from, count) = (partly.0, offset, partly.1)
            current = nil
        } else {
            guard let next = try nextReady() else { return nil }
            (chunk, from, count) = (next.0, 0, next.1)
        }
        lent.append(chunk)
        let bytes = chunk.bindMemory(to: UInt8.self, capacity: headroom + shared.chunkSize) + headroom + from
        return LentChunk(base: chunk, bytes: bytes, count: count - from)
    }

    func giveBack(_ chunk: LentChunk) {
        guard let i = lent.firstIndex(of: chunk.base) else { return }
        lent.remove(at: i)
        recycle(chunk.base)
    }
}

/// A mutable source handed to the read-ahead thread.
final class SourceBox<Base: ByteSource>: @unchecked Sendable {
    var base: Base
    init(_ base: Base) { self.base = base }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { try base.read(into: buffer) }
}
