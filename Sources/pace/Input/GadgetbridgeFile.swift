import CSQLite
import PaceCore

/// A Gadgetbridge database export (Settings → Data management → Export DB): per-minute activity samples of each
/// paired device, in tables named `…_ACTIVITY_SAMPLE` (`MI_BAND_ACTIVITY_SAMPLE`, `HUAMI_EXTENDED_ACTIVITY_SAMPLE`,
/// `PEBBLE_HEALTH_ACTIVITY_SAMPLE`, …) with `TIMESTAMP` (seconds, or milliseconds in some tables), `DEVICE_ID`,
/// `STEPS` and `HEART_RATE`. The device is named by the `DEVICE` table's `IDENTIFIER` (its Bluetooth address), so the
/// same export gives the same ids on every machine. Gadgetbridge's `RAW_KIND` is device-specific and not read: bouts
/// are left to be named.
///
/// Opened read-only (`SQLITE_OPEN_READONLY`, no journal written, nothing changed in the file), through the system's
/// libsqlite3.
struct GadgetbridgeFile {
    /// Whether `header` (a file's first 16 bytes) is an SQLite database's.
    static func isSQLite(_ header: some Collection<UInt8>) -> Bool {
        header.starts(with: Array("SQLite format 3\u{0}".utf8))
    }

    var entries: [ImportFile.Entry] = []
    var notes: [String] = []

    /// Reads the database at `path` to bouts, one device at a time.
    init(path: String, context: SampleFile.Context) throws(ImportFile.Problem) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let database = handle else {
            let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw ImportFile.Problem(reason: "it cannot be opened as an SQLite database (\(reason))")
        }
        defer { sqlite3_close(database) }
        let reader = Reader(database: database)
        let tables: [String]
        do {
            tables = try reader.strings(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_ACTIVITY_SAMPLE' ORDER BY name")
        } catch {
            throw ImportFile.Problem(
                reason: "it is not a readable SQLite database (\(error.reason)); cut short or encrypted?")
        }
        var sampleTables: [String] = []
        for table in tables {
            let columns = (try? reader.strings("SELECT name FROM pragma_table_info('\(table)')")) ?? []
            if columns.contains("TIMESTAMP") && columns.contains("DEVICE_ID") { sampleTables.append(table) }
        }
        guard !sampleTables.isEmpty else {
            throw ImportFile.Problem(
                reason: "it is an SQLite database, but not Gadgetbridge's (no …_ACTIVITY_SAMPLE tables with TIMESTAMP "
                    + "and DEVICE_ID); export it in Gadgetbridge under Data management → Export DB")
        }
        var devices: [Int64: String] = [:]
        if let rows = try? reader.rows("SELECT _id, IDENTIFIER FROM DEVICE", columns: 2) {
            for row in rows { if case .integer(let id) = row[0], case .text(let name) = row[1] { devices[id] = name } }
        }
        var bouts: [ImportedBout] = []
        for table in sampleTables {
            let columns = (try? reader.strings("SELECT name FROM pragma_table_info('\(table)')")) ?? []
            let steps = columns.contains("STEPS") ? "STEPS" : "NULL"
            let heartRate = columns.contains("HEART_RATE") ? "HEART_RATE" : "NULL"
            let largest = (try? reader.rows("SELECT MAX(TIMESTAMP) FROM \(table)", columns: 1).first?[0]) ?? .null
            // Seconds until the year 5138; anything larger is milliseconds.
            let milliseconds = if case .integer(let value) = largest { value > 100_000_000_000 } else { false }
            let sql = "SELECT DEVICE_ID, TIMESTAMP, \(steps), \(heartRate) FROM \(table) ORDER BY DEVICE_ID, TIMESTAMP"
            var finder: BoutFinder?
            var gathered = MinuteSteps()
            do {
                try reader.each(sql, columns: 4) { row in
                    guard case .integer(let device) = row[0], case .integer(let time) = row[1] else { return }
                    let name = devices[device] ?? "gadgetbridge-device-\(device)"
                    if finder?.device != name {
                        if let sample = gathered.take() { bouts += finder?.add(sample) ?? [] }
                        if let bout = finder?.finish() { bouts.append(bout) }
                        finder = BoutFinder(device: name, rule: context.rule)
                    }
                    let seconds = milliseconds ? time / 1000 : time
                    let stepCount = if case .integer(let value) = row[2] { Int(clamping: value) } else { Int?.none }
                    let rate = if case .integer(let value) = row[3] { Int(clamping: value) } else { Int?.none }
                    if let sample = gathered.add(minute: seconds / 60, steps: stepCount, heartRate: rate) {
                        bouts += finder?.add(sample) ?? []
                    }
                }
            } catch {
                throw ImportFile.Problem(reason: "\(table) cannot be read (\(error.reason)); cut short or damaged?")
            }
            if let sample = gathered.take() { bouts += finder?.add(sample) ?? [] }
            if let bout = finder?.finish() { bouts.append(bout) }
        }
        entries = try SampleFile.entries(of: bouts, context: context)
    }

    /// Rows of one minute summed (steps) and averaged (believed heart rates): some tables hold several a minute.
    struct MinuteSteps {
        var minute: Int64?
        var steps: Int?
        var sum = 0
        var count = 0

        mutating func add(minute: Int64, steps: Int?, heartRate: Int?) -> ActivitySample? {
            var finished: ActivitySample?
            if let current = self.minute, current != minute { finished = take() }
            self.minute = minute
            if let steps, steps >= 0 { self.steps = (self.steps ?? 0) + steps }
            if let rate = SampleBoutRule.believed(heartRate: heartRate) {
                sum += rate
                count += 1
            }
            return finished
        }

        mutating func take() -> ActivitySample? {
            defer { self = MinuteSteps() }
            guard let minute else { return nil }
            return ActivitySample(minute: minute, steps: steps, heartRate: count > 0 ? (sum + count / 2) / count : nil)
        }
    }

    /// A value of a row.
    enum Value {
        case integer(Int64)
        case text(String)
        case null
    }

    /// Statements on the open database.
    struct Reader {
        let database: OpaquePointer

        struct Failure: Error {
            var reason: String
        }

        func each(_ sql: String, columns: Int32, _ body: ([Value]) -> Void) throws(Failure) {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
                throw Failure(reason: String(cString: sqlite3_errmsg(database)))
            }
            defer { sqlite3_finalize(statement) }
            var row = [Value](repeating: .null, count: Int(columns))
            while true {
                let step = sqlite3_step(statement)
                if step == SQLITE_DONE { return }
                guard step == SQLITE_ROW else { throw Failure(reason: String(cString: sqlite3_errmsg(database))) }
                for column in 0..<columns {
                    switch sqlite3_column_type(statement, column) {
                    case SQLITE_INTEGER: row[Int(column)] = .integer(sqlite3_column_int64(statement, column))
                    case SQLITE_TEXT:
                        row[Int(column)] = .text(String(cString: sqlite3_column_text(statement, column)))
                    default: row[Int(column)] = .null
                    }
                }
                body(row)
            }
        }

        func rows(_ sql: String, columns: Int32) throws(Failure) -> [[Value]] {
            var rows: [[Value]] = []
            try each(sql, columns: columns) { rows.append($0) }
            return rows
        }

        func strings(_ sql: String) throws(Failure) -> [String] {
            try rows(sql, columns: 1).compactMap { if case .text(let text) = $0[0] { text } else { nil } }
        }
    }
}
