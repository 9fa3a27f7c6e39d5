package import PaceCore
package import PaceSystem
import SystemPackage

/// Heart-rate minutes on disk: a stream of their own next to the event log, in `heart-rate/` of the state
/// directory, one file a month (`2026-12.hrm`, by UTC), never part of the fold.
///
/// Each minute is one fixed record of 16 bytes (``recordSize``), appended as it is finished and made durable by an
/// `fdatasync` the kernel does in the background (``BackgroundDataSync``): the daemon's loop, woken once a second
/// by a reading, does not also sleep on the disk once a minute. ``settle(waiting:)`` collects the sync (the monitor
/// does at the next reading); a sync that failed cuts its minute off again, as a failed append does:
///
/// | bytes | field |
/// |---|---|
/// | 0–3 | the minute: minutes since 1970 UTC, unsigned 32-bit little-endian |
/// | 4, 5, 6 | lowest, highest and mean heart rate, bpm |
/// | 7 | readings with a heart rate |
/// | 8 | of those, above the threshold |
/// | 9 | readings with contact lost |
/// | 10 | the threshold in force (0: none) |
/// | 11 | format version (1) |
/// | 12–15 | CRC32C of bytes 0–11, little-endian |
///
/// The directory is 0700 and its files 0600 whatever the umask, opened without following a symbolic link. A torn
/// last record (a crash mid-append) is cut off when the month's file is opened; a record whose checksum
/// fails elsewhere is skipped when reading, never fatal. A year of minutes worn all day is 525,600 records,
/// 8.4 MB; ``prune(keepingMonths:now:)`` removes whole months older than the retention, so the stream is bounded.
package final class HeartRateStream {
    package static let recordSize = 16
    static let version: UInt8 = 1

    /// `heart-rate/` in the state directory.
    package let directory: String
    private var file: (month: String, descriptor: FileDescriptor, size: Int64)?
    private let sync = BackgroundDataSync()
    /// The last append, while its sync is in flight: its month, and its file's size before it (to cut it off again
    /// if the sync fails).
    private var unsettled: (month: String, size: Int64)?

    /// The stream in `stateDirectory/heart-rate`; the directory is made (0700) on the first append.
    package init(stateDirectory: String) {
        directory = stateDirectory + "/heart-rate"
    }

    deinit {
        _ = try? settle(waiting: true)
        if let file { try? file.descriptor.close() }
    }

    /// Appends a finished minute; its sync runs in the background (``settle(waiting:)``).
    /// - Throws: ``SystemError`` when the file cannot be opened or written, or the sync of the append before failed
    ///   (``settle(waiting:)``); the minute is then lost (the readings it summarised are not kept anywhere else), and
    ///   the next append tries again.
    package func append(_ minute: HeartRateMinute) throws(SystemError) {
        try append(contentsOf: [minute])
    }

    /// Appends minutes in one write and one `fdatasync` per month file they fall in (a year of minutes written at
    /// once, as the benchmarks do, costs twelve, not 525,600); the last month's sync runs in the background, the
    /// others' before the next month is written. The sync of the append before is collected first, waiting for it.
    /// - Throws: ``SystemError`` as ``append(_:)``; the minutes of the month that failed and after are not kept.
    package func append(contentsOf minutes: [HeartRateMinute]) throws(SystemError) {
        try settle(waiting: true)
        var start = minutes.startIndex
        while start < minutes.endIndex {
            let month = Self.month(of: minutes[start])
            var end = start + 1
            while end < minutes.endIndex, Self.month(of: minutes[end]) == month { end += 1 }
            let current = try open(month)
            var records: [UInt8] = []
            records.reserveCapacity((end - start) * Self.recordSize)
            for minute in minutes[start..<end] { records += Self.encode(minute) }
            do throws(SystemError) {
                var failure: SystemError?
                records.withUnsafeBytes { bytes in
                    do throws(SystemError) {
                        try Syscall.writeFully(current.descriptor, bytes, at: current.size, path: path(month))
                    } catch {
                        failure = error
                    }
                }
                if let failure { throw failure }
                if end == minutes.endIndex {
                    try sync.start(current.descriptor, path: path(month))
                    if sync.isInFlight { unsettled = (month, current.size) }
                } else {
                    try Syscall.fdatasync(current.descriptor, path: path(month))
                }
            } catch {
                // Whatever part reached the file is cut off again, so the next append lands on a boundary.
                try? Syscall.ftruncate(current.descriptor, length: current.size, path: path(month))
                throw error
            }
            file?.size = current.size + Int64(records.count)
            start = end
        }
    }

    /// Has the kernel read the page the next record goes into, in the background, where it is not in memory. A page
    /// left alone for a minute may have been reclaimed (a machine short of memory, or one that pages out what goes
    /// untouched, as this project's virtual machines do after a minute), and an append into it would wait for the
    /// disk to read it back; asked for half a minute before the append, it is there when the append comes.
    package func readAheadOfAppend() {
        guard let file else { return }
        let page = Int64(4096)
        Syscall.readAhead(file.descriptor, offset: file.size - file.size % page, length: Int(page))
    }

    /// Whether the last append's sync has not been collected yet.
    package var isSettling: Bool { unsettled != nil }

    /// Collects the sync of the last append, if it is still in flight: waits for it when `waiting`.
    /// - Returns: whether it is done (always when `waiting`).
    /// - Throws: ``SystemError`` of the sync (as `fdatasync`'s): the minutes it was for (the append's last month's;
    ///   earlier months of one append were synced before it returned) are cut off again, as when an append fails, and
    ///   lost.
    @discardableResult
    package func settle(waiting: Bool) throws(SystemError) -> Bool {
        guard let unsettled else { return true }
        do throws(SystemError) {
            guard try sync.collect(waiting: waiting) else { return false }
            self.unsettled = nil
            return true
        } catch {
            self.unsettled = nil
            if let file, file.month == unsettled.month {
                try? Syscall.ftruncate(file.descriptor, length: unsettled.size, path: path(unsettled.month))
                self.file?.size = unsettled.size
            }
            throw error
        }
    }

    /// Every minute kept from `first` through `last` (minutes since 1970), oldest first; damaged records skipped.
    package func minutes(from first: Int64, through last: Int64) -> [HeartRateMinute] {
        guard first <= last else { return [] }
        let months = months(from: first, through: last)
        var result: [HeartRateMinute] = []
        for month in months {
            guard let bytes = try? read(path(month)) else { continue }
            result += bytes.withUnsafeBytes { Self.minutes(in: $0, from: first, through: last) }
        }
        return result
    }

    /// The minutes kept from `first` through `last`, as ``minutes(from:through:)``, reading only their part of each
    /// month's file: the first record at or after `first` is found by bisection, as records are appended in time
    /// order. A minute written out of that order (after the wall clock was set back) may be missed, so this is for
    /// summaries of recent days, the learned resting heart rate, not for export. At start-up it reads the week it
    /// needs (160 kB), not the month files that week falls in (up to 1.4 MB).
    package func recentMinutes(from first: Int64, through last: Int64) -> [HeartRateMinute] {
        guard first <= last else { return [] }
        let months = months(from: first, through: last)
        var result: [HeartRateMinute] = []
        for month in months {
            guard let descriptor = try? Syscall.open(path(month), .readOnly) else { continue }
            defer { try? descriptor.close() }
            guard let size = try? Syscall.fstat(descriptor, path: path(month)).size else { continue }
            let count = Int(size) / Self.recordSize
            /// The minute of record `index`, or `nil` when it cannot be read or is damaged.
            func minute(at index: Int) -> Int64? {
                var record = [UInt8](repeating: 0, count: Self.recordSize)
                let read = record.withUnsafeMutableBytes { buffer in
                    try? Syscall.readFully(
                        descriptor, into: buffer, at: Int64(index * Self.recordSize), path: path(month))
                }
                guard read == Self.recordSize else { return nil }
                return record.withUnsafeBytes { Self.decode($0, at: 0)?.minute }
            }
            // The first record at or after `first`. A damaged record met on the way counts as at or after it: the read
            // then starts earlier than it needs to, never later, so no minute of the window is left out.
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                if let found = minute(at: middle), found < first { low = middle + 1 } else { high = middle }
            }
            guard low < count else { continue }
            var bytes = [UInt8](repeating: 0, count: (count - low) * Self.recordSize)
            let read = bytes.withUnsafeMutableBytes { buffer in
                try? Syscall.readFully(descriptor, into: buffer, at: Int64(low * Self.recordSize), path: path(month))
            }
            result += bytes.withUnsafeBytes {
                Self.minutes(in: UnsafeRawBufferPointer(rebasing: $0.prefix(read ?? 0)), from: first, through: last)
            }
        }
        return result
    }

    /// Removes the files of months before the last `keepingMonths` (the month of `now` counting as one).
    package func prune(keepingMonths: Int, now: Instant) {
        let current = Self.month(ofMinute: floorDivide(now.secondsSinceEpoch, 60))
        let oldest = Self.monthsBefore(current, keepingMonths - 1)
        for name in (try? Syscall.directoryEntries(directory)) ?? [] where name.hasSuffix(".hrm") {
            let month = Self.monthNumber(String(name.dropLast(4)))
            if month >= 0, month < Self.monthNumber(oldest) { try? Syscall.unlink(directory + "/" + name) }
        }
    }

    // MARK: - Records

    /// The 16 bytes of `minute`.
    package static func encode(_ minute: HeartRateMinute) -> [UInt8] {
        let number = UInt32(clamping: max(0, minute.minute))
        var bytes: [UInt8] = [
            UInt8(truncatingIfNeeded: number), UInt8(truncatingIfNeeded: number >> 8),
            UInt8(truncatingIfNeeded: number >> 16), UInt8(truncatingIfNeeded: number >> 24),
        ]
        for value in [
            minute.minimum, minute.maximum, minute.mean, minute.samples, minute.samplesAbove, minute.contactLost,
            minute.threshold,
        ] {
            bytes.append(UInt8(clamping: value))
        }
        bytes.append(version)
        let checksum = CRC32C.checksum(bytes)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: checksum >> shift)) }
        return bytes
    }

    /// The minute in 16 bytes, or `nil` when they are not a record (wrong size, version or checksum).
    package static func decode(_ record: some Collection<UInt8>) -> HeartRateMinute? {
        let bytes = Array(record)
        guard bytes.count == recordSize else { return nil }
        return bytes.withUnsafeBytes { decode($0, at: 0) }
    }

    /// The minute in the 16 bytes at `offset` of `bytes`, or `nil` when they are not a record; read in place, as
    /// a week of minutes (10,080 records) is read at start-up.
    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> HeartRateMinute? {
        guard offset >= 0, offset + recordSize <= bytes.count, bytes[offset + 11] == version else { return nil }
        var stored: UInt32 = 0
        for index in 0..<4 { stored |= UInt32(bytes[offset + 12 + index]) << (8 * UInt32(index)) }
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 12)])) == stored else {
            return nil
        }
        var minute: Int64 = 0
        for index in 0..<4 { minute |= Int64(bytes[offset + index]) << (8 * Int64(index)) }
        return HeartRateMinute(
            minute: minute, minimum: Int(bytes[offset + 4]), maximum: Int(bytes[offset + 5]),
            mean: Int(bytes[offset + 6]), samples: Int(bytes[offset + 7]), samplesAbove: Int(bytes[offset + 8]),
            contactLost: Int(bytes[offset + 9]), threshold: Int(bytes[offset + 10]))
    }

    /// The minutes from `first` through `last` among the whole records of `bytes`, in their order.
    private static func minutes(in bytes: UnsafeRawBufferPointer, from first: Int64, through last: Int64)
        -> [HeartRateMinute]
    {
        var result: [HeartRateMinute] = []
        var offset = 0
        while offset + recordSize <= bytes.count {
            if let minute = decode(bytes, at: offset), minute.minute >= first, minute.minute <= last {
                result.append(minute)
            }
            offset += recordSize
        }
        return result
    }

    // MARK: - Files

    /// The months (`YYYY-MM`) with a file that may hold minutes `first` through `last`, oldest first.
    private func months(from first: Int64, through last: Int64) -> [String] {
        let range = Self.monthNumber(Self.month(ofMinute: first))...Self.monthNumber(Self.month(ofMinute: last))
        return ((try? Syscall.directoryEntries(directory)) ?? [])
            .filter { $0.hasSuffix(".hrm") }
            .map { String($0.dropLast(4)) }
            .filter { range.contains(Self.monthNumber($0)) }
            .sorted { Self.monthNumber($0) < Self.monthNumber($1) }
    }

    private func path(_ month: String) -> String { directory + "/" + month + ".hrm" }

    /// The month's file, open for appending at its last whole record (a torn tail cut off).
    private func open(_ month: String) throws(SystemError) -> (month: String, descriptor: FileDescriptor, size: Int64) {
        if let file, file.month == month { return file }
        if let file { try? file.descriptor.close() }
        file = nil
        // Private like the log, whatever the umask: the directory 0700, the files 0600, no symbolic link followed.
        if try Syscall.mkdir(directory, [.ownerReadWriteExecute]) {
            try Syscall.chmod(directory, [.ownerReadWriteExecute])
            try? Syscall.syncDirectory(String(directory[..<(directory.lastIndex(of: "/") ?? directory.endIndex)]))
        }
        let created = !Syscall.exists(path(month))
        let descriptor = try Syscall.open(
            path(month), .readWrite, options: [.create, .noFollow], permissions: [.ownerReadWrite])
        do {
            if created { try Syscall.fchmod(descriptor, [.ownerReadWrite], path: path(month)) }
            let size = try Syscall.fstat(descriptor, path: path(month)).size
            let whole = size - size % Int64(Self.recordSize)
            if whole != size { try Syscall.ftruncate(descriptor, length: whole, path: path(month)) }
            if created { try Syscall.syncDirectory(directory) }
            let opened = (month: month, descriptor: descriptor, size: whole)
            file = opened
            return opened
        } catch {
            try? descriptor.close()
            throw error
        }
    }

    private func read(_ path: String) throws(SystemError) -> [UInt8] {
        let descriptor = try Syscall.open(path, .readOnly)
        defer { try? descriptor.close() }
        let size = Int(try Syscall.fstat(descriptor, path: path).size)
        var bytes = [UInt8](repeating: 0, count: size)
        var result: Result<Int, SystemError> = .success(0)
        bytes.withUnsafeMutableBytes { buffer in
            do throws(SystemError) {
                result = .success(try Syscall.readFully(descriptor, into: buffer, at: 0, path: path))
            } catch {
                result = .failure(error)
            }
        }
        return Array(bytes.prefix(try result.get()))
    }

    /// `YYYY-MM` of a minute, by UTC.
    static func month(of minute: HeartRateMinute) -> String { month(ofMinute: minute.minute) }

    static func month(ofMinute minute: Int64) -> String {
        let date = CivilDate(daysSinceEpoch: floorDivide(minute, 1440))
        return "\(date.year)-" + (date.month < 10 ? "0" : "") + "\(date.month)"
    }

    /// `YYYY-MM` as a number that orders months (year × 12 + month − 1); −1 for a name that is not a month.
    static func monthNumber(_ month: String) -> Int {
        let parts = month.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number) else {
            return -1
        }
        return year * 12 + number - 1
    }

    /// The month `count` months before `month` (`YYYY-MM`).
    static func monthsBefore(_ month: String, _ count: Int) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let index = parts[0] * 12 + (parts[1] - 1) - max(0, count)
        let (year, number) = (index / 12, index % 12 + 1)
        return "\(year)-" + (number < 10 ? "0" : "") + "\(number)"
    }
}
