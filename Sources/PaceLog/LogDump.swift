import PaceCore

/// The log as text for people and for `jq`: one line per record, oldest first.
package enum LogDump {
    /// The line for one record: its payload as it is when that is one line of UTF-8 text (the daemon stores one
    /// compact JSON object per event), else a JSON object that says where the record is and holds its bytes in
    /// hexadecimal, so every line stays valid JSON.
    package static func line(for record: LogRecord) -> String {
        let payload = record.payload
        if let first = payload.first, first == UInt8(ascii: "{"),
            !payload.contains(UInt8(ascii: "\n")), !payload.contains(UInt8(ascii: "\r")),
            let text = String(validating: payload, as: UTF8.self)
        {
            return text
        }
        let hex = payload.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
        }.joined()
        return """
            {"unreadablePayload":{"position":"\(record.position)","time":"\(record.time.rfc3339)","hex":"\(hex)"}}
            """
    }

    /// Writes every record of `log` as a line (see ``line(for:)``), oldest first.
    ///
    /// - Parameter write: Receives each line, without its newline.
    /// - Throws: ``LogError`` when a segment file cannot be read.
    package static func write(_ log: EventLog, to write: (String) -> Void) throws(LogError) {
        var reader = log.reader()
        while let record = try reader.next() { write(line(for: record)) }
    }
}
