import FoundationEssentials
import Glibc
import PaceCore
import PaceSystem

extension Benchmarks {
    /// `pace import` of a Gadgetbridge database export with a year of per-minute samples (525,600 rows of
    /// `MI_BAND_ACTIVITY_SAMPLE`, made here by `sqlite3` from Gadgetbridge's schema: steps and heart rate of a day
    /// at a desk with three walks, 0 and 255 bpm among them) into the daemon that holds a year: the whole command's
    /// wall time and its peak RSS (`ru_maxrss` of the reaped `pace`), and paced's peak RSS (`VmHWM`).
    func gadgetbridgeImport(_ daemon: BenchDaemon) throws -> Row {
        let minutes = sizes.gadgetbridgeMinutes
        let file = root + "/Gadgetbridge.db"
        let end = (Int64(time(nil)) / 86_400) * 86_400
        let start = end - Int64(minutes) * 60
        let sql = """
            CREATE TABLE "DEVICE" ("_id" INTEGER PRIMARY KEY AUTOINCREMENT ,"NAME" TEXT NOT NULL ,\
            "MANUFACTURER" TEXT NOT NULL ,"IDENTIFIER" TEXT NOT NULL ,"TYPE" INTEGER NOT NULL ,"MODEL" TEXT,"ALIAS" TEXT);
            CREATE TABLE "MI_BAND_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER NOT NULL ,"DEVICE_ID" INTEGER NOT NULL ,\
            "USER_ID" INTEGER NOT NULL ,"RAW_INTENSITY" INTEGER NOT NULL ,"STEPS" INTEGER NOT NULL ,\
            "RAW_KIND" INTEGER NOT NULL ,"HEART_RATE" INTEGER NOT NULL ,\
            PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID") ON CONFLICT REPLACE) WITHOUT ROWID;
            INSERT INTO DEVICE VALUES (1, 'Mi Band 3', 'Xiaomi', 'C8:0F:10:AA:BB:CC', 11, NULL, NULL);
            WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < \(minutes - 1))
            INSERT INTO MI_BAND_ACTIVITY_SAMPLE SELECT \(start) + i * 60, 1, 1, 0,
              CASE WHEN (i % 1440) BETWEEN 540 AND 565 OR (i % 1440) BETWEEN 780 AND 800
                OR (i % 1440) BETWEEN 1080 AND 1110 THEN 95 + i % 30 ELSE i % 9 END,
              1,
              CASE WHEN i % 211 = 0 THEN 255 WHEN i % 157 = 0 THEN 0
                WHEN (i % 1440) BETWEEN 540 AND 565 THEN 105 ELSE 62 + i % 11 END
            FROM m;
            """
        let made = Subprocess.run("/usr/bin/sqlite3", [file, sql], timeoutMilliseconds: 300_000)
        guard made?.status == 0 else {
            throw BenchFailure("sqlite3 could not make \(file): \(made?.error ?? "not run")")
        }
        let run = try Self.measured(binDirectory + "/pace", ["import", file], daemon: daemon, root: root)
        let peak = ProcessProbe.peakResidentKilobytes(daemon.pid)
        log(
            "gadgetbridge: \(minutes) rows in \(Format.duration(nanoseconds: run.nanoseconds)), pace peak RSS "
                + "\(Format.megabytes(kilobytes: run.peakKilobytes)), paced \(Format.megabytes(kilobytes: peak)): "
                + run.output)
        let largest = max(run.peakKilobytes, peak)
        return Row(
            figure: "import of a Gadgetbridge export, \(Format.count(Double(minutes))) rows (pace / paced peak RSS)",
            pace:
                "\(Format.duration(nanoseconds: run.nanoseconds)), \(Format.megabytes(kilobytes: run.peakKilobytes)) / "
                + Format.megabytes(kilobytes: peak),
            comparison: "–", target: "< 10 s, < 100 MB", met: run.nanoseconds < 10e9 && largest < 100 * 1024,
            numbers: [
                "ns": run.nanoseconds, "pacePeakKB": Double(run.peakKilobytes), "pacedPeakKB": Double(peak),
                "rows": Double(minutes),
            ])
    }

    /// `pace import --dry-run` of an Apple Health `export.xml` of ``Sizes/appleHealthBytes`` (1 GiB in `make bench`),
    /// written here: records as the iPhone writes them (heart rate every 5 minutes, a step count every 10, each with
    /// its device attribute and a metadata entry, about 480 bytes a record), over as many days as the size takes.
    /// Peak RSS of `pace` (`ru_maxrss`): the file is streamed, memory holds one summary per minute with samples.
    func appleHealthStreaming(_ daemon: BenchDaemon) throws -> Row {
        let file = root + "/export.xml"
        let target = sizes.appleHealthBytes
        guard let handle = fopen(file, "w") else { throw BenchFailure("cannot write \(file)") }
        var written = 0
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE HealthData [
            <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
            <!ATTLIST HealthData locale CDATA #REQUIRED>
            ]>
            <HealthData locale="en_GB">
             <ExportDate value="2026-12-01 10:00:00 +0000"/>

            """
        let device =
            "&lt;&lt;HKDevice: 0x283a6d0e0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
            + "hardware:Watch6,2, software:9.1&gt;"
        var minute = (Int64(time(nil)) / 86_400 - 1) * 1440
        var records = 0
        func stamp(_ minute: Int64) -> String {
            let day = CivilDate(daysSinceEpoch: minute / 1440).iso8601
            let inDay = Int(minute % 1440)
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(day) \(two(inDay / 60)):\(two(inDay % 60)):00 +0000"
        }
        while written + text.utf8.count < target {
            // Backwards in time, a record pair at a time, as many days as the size takes.
            minute -= 5
            let walking = (minute % 1440) >= 600 && (minute % 1440) < 630
            let at = stamp(minute)
            text += """
                 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Ana’s Apple Watch" sourceVersion="9.1" \
                device="\(device)" unit="count/min" creationDate="\(at)" startDate="\(at)" endDate="\(at)" \
                value="\(walking ? 104 : 64 + Int(minute % 9))">
                  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>
                 </Record>

                """
            records += 1
            if minute % 10 == 0 {
                text += """
                     <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Ana’s Apple Watch" sourceVersion="9.1" \
                    device="\(device)" unit="count" creationDate="\(stamp(minute + 10))" startDate="\(at)" \
                    endDate="\(stamp(minute + 10))" value="\(walking ? 1100 : Int(minute % 40))"/>

                    """
                records += 1
            }
            if text.utf8.count > 1 << 20 {
                written += fwrite(text, 1, text.utf8.count, handle)
                text = ""
            }
        }
        text += "</HealthData>\n"
        written += fwrite(text, 1, text.utf8.count, handle)
        fclose(handle)
        let run = try Self.measured(binDirectory + "/pace", ["import", "--dry-run", file], daemon: daemon, root: root)
        unlink(file)
        let megabytes = Double(written) / 1_048_576
        log(
            "apple health: \(Format.fixed(megabytes, 0)) MiB, \(Format.count(Double(records))) records, in "
                + "\(Format.duration(nanoseconds: run.nanoseconds)), pace peak RSS "
                + "\(Format.megabytes(kilobytes: run.peakKilobytes)): \(run.output.prefix(120))")
        return Row(
            figure: "Apple Health export.xml of \(Format.fixed(megabytes, 0)) MiB streamed (pace import --dry-run)",
            pace:
                "\(Format.duration(nanoseconds: run.nanoseconds)), peak RSS \(Format.megabytes(kilobytes: run.peakKilobytes))",
            comparison: "–", target: "< 100 MB", met: run.peakKilobytes < 100 * 1024,
            numbers: [
                "ns": run.nanoseconds, "peakKB": Double(run.peakKilobytes), "bytes": Double(written),
                "records": Double(records),
            ])
    }

    /// Runs `executable` with the daemon's environment to its end: wall time, peak RSS (`wait4`'s `ru_maxrss`, this
    /// child's alone) and its first line of output.
    static func measured(_ executable: String, _ arguments: [String], daemon: BenchDaemon, root: String) throws -> (
        nanoseconds: Double, peakKilobytes: Int, output: String
    ) {
        let output = root + "/measured.out"
        let errors = root + "/measured.err"
        let begin = Measure.nanoseconds()
        let pid = try Spawn.start(
            executable, arguments, environment: daemon.environment,
            opening: [
                (0, "/dev/null", O_RDONLY), (1, output, O_WRONLY | O_CREAT | O_TRUNC),
                (2, errors, O_WRONLY | O_CREAT | O_TRUNC),
            ])
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = Double(Measure.nanoseconds() - begin)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            let error = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchFailure("\(executable) \(arguments.joined(separator: " ")) failed (\(status)): \(error)")
        }
        return (elapsed, Int(usage.ru_maxrss), String(printed.split(separator: "\n").first ?? ""))
    }
}
