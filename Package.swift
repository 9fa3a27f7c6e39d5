// swift-tools-version: 6.2
import PackageDescription

let systemPackage: Target.Dependency = .product(name: "SystemPackage", package: "swift-system")

/// Whether release builds link `pace` as a static position-independent executable: what `make release` asks for
/// (with `--static-swift-stdlib` and `--disable-local-rpath`, since a static PIE may carry no run path).
let staticPace = Context.environment["PACE_STATIC_PIE"] == "1"

let package = Package(
    name: "pace",
    products: [
        .executable(name: "paced", targets: ["paced"]),
        .executable(name: "pace", targets: ["pace"]),
        .executable(name: "pace-sim", targets: ["pace-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", .upToNextMinor(from: "0.6.0")),
    ],
    targets: [
        // The C boundary: the module map and one shim header over pkg-config's libsystemd. Nothing else.
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // libsqlite3, for `pace import` of Gadgetbridge's database export. Nothing else.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Pure domain: events, pacing day, envelope, reminder policy. Depends on nothing.
        .target(name: "PaceCore"),
        // The one JSON reader and writer (fast `Decoder` and `Encoder`) for log events and the wire. Depends on nothing.
        .target(name: "PaceJSON"),
        // Linux calls that Swift's Glibc module does not expose. Only the header and a small shim.
        .target(name: "CPaceSystem"),
        // Every raw system call the project makes, with errno turned into one error type.
        .target(
            name: "PaceSystem",
            dependencies: ["CPaceSystem", systemPackage, .product(name: "HeapModule", package: "swift-collections")]
        ),
        // The append-only event log and the state directory it lives in.
        .target(name: "PaceLog", dependencies: ["CPaceSystem", "PaceCore", "PaceSystem"]),
        // Varlink wire format, interface descriptions, typed requests and replies, the client.
        .target(
            name: "PaceProtocol",
            dependencies: ["PaceCore", "PaceJSON", "PaceSystem"],
            plugins: ["EmbedVarlinkPlugin"]
        ),
        // The service: socket server, timers, signals, systemd glue.
        .target(
            name: "PaceDaemon",
            dependencies: [
                "PaceCore", "PaceJSON", "PaceLog", "PaceProtocol", "PaceSystem", "CSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "paced",
            dependencies: [
                "PaceDaemon", "PaceLog", "PaceSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["hot-text.ld"],
            // What the daemon's idle memory costs (docs/performance.md): GNU ld (binutils, beside gold) packs the
            // 46,000 relative relocations a position-independent Swift binary has into a few kB (DT_RELR, glibc
            // 2.36+) instead of a 1 MB table the loader reads at every start; and nothing outside the binary calls
            // into it, so its 9,000 symbols are not exported (the static standard library's link arguments ask
            // for --export-dynamic): 0.6 MB less of symbol tables mapped. In release builds hot-text.ld (`make
            // hot-text`) puts the functions paced runs next to each other, so fault-around maps less cold code.
            linkerSettings: [
                .unsafeFlags([
                    "-use-ld=bfd", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                    "-Xlinker", "--no-export-dynamic",
                ]),
                .unsafeFlags(
                    ["-Xlinker", "-T", "-Xlinker", Context.packageDirectory + "/Sources/paced/hot-text.ld"],
                    .when(configuration: .release)),
            ]
        ),
        // Stand-ins for the C library's name-service lookups, for the static `pace` (below).
        .target(name: "CPaceStandalone"),
        .executableTarget(
            name: "pace",
            dependencies: [
                "CPaceStandalone", "CSQLite", "PaceCore", "PaceJSON", "PaceProtocol", "PaceSystem", systemPackage,
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds by `make release` (PACE_STATIC_PIE=1, the Swift standard library linked statically) make
            // `pace` a static position-independent executable: no dynamic loader, no libraries to map and bind at
            // every start (a sixth of `pace status`'s time went there), and still a random load address. lld packs the
            // relocations the executable applies to itself (DT_RELR). The name-service lookups of the libraries it
            // links go to CPaceStandalone, so it never loads a name-service module of another glibc
            // (docs/performance.md).
            linkerSettings: !staticPace
                ? []
                : [
                    .unsafeFlags(
                        [
                            "-use-ld=lld", "-Xclang-linker", "-static-pie", "-Xclang-linker",
                            "-Wno-unused-command-line-argument", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                            "-Xlinker", "--no-export-dynamic",
                        ]
                            + [
                                "getpwnam_r", "getpwuid_r", "getpwnam", "getpwuid", "getgrgid_r", "getgrnam_r",
                                "dlopen",
                            ]
                            .flatMap { ["-Xlinker", "--wrap=\($0)"] },
                        .when(configuration: .release))
                ]
        ),

        // The simulated-patient study of the envelope (ENVELOPE.md C) and a stepping interface to it.
        .executableTarget(
            name: "pace-sim",
            dependencies: ["PaceCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // The Varlink interface description language: its parser and the Swift it generates.
        .target(name: "VarlinkIDL"),
        // Build tool: turns each `.varlink` interface file into the Swift types of the wire and the text it serves.
        .executableTarget(name: "EmbedVarlink", dependencies: ["VarlinkIDL"]),
        .plugin(name: "EmbedVarlinkPlugin", capability: .buildTool(), dependencies: ["EmbedVarlink"]),

        .target(
            name: "PaceTestSupport",
            dependencies: ["PaceCore", "PaceSystem", systemPackage],
            path: "Tests/PaceTestSupport"
        ),
        // The study's pass criteria run in-process against pace-sim's simulation code (see docs/envelope.md).
        .testTarget(
            name: "PaceCoreTests",
            dependencies: [
                "PaceCore", "PaceTestSupport", "pace-sim",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "PaceJSONTests",
            // PaceProtocol for JSONValue, the Varlink `object` type, which the property tests read and write, and for the
            // generated wire types, whose readers they hold to the `Decodable` conformances.
            dependencies: ["PaceJSON", "PaceProtocol", "PaceTestSupport"]
        ),
        .testTarget(name: "PaceSystemTests", dependencies: ["PaceSystem", "PaceTestSupport", systemPackage]),
        .testTarget(
            name: "PaceLogTests",
            dependencies: [
                "PaceCore", "PaceLog", "PaceSystem", "PaceTestSupport", systemPackage,
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // For the crash test: appends to a log and acknowledges each durable record on standard output.
        .executableTarget(
            name: "pace-log-crash-writer",
            dependencies: ["PaceCore", "PaceLog", "PaceSystem", "PaceTestSupport", systemPackage],
            path: "Tests/PaceLogCrashWriter"
        ),
        // `make bench`: the log's benchmarks, printed as a table (not asserted).
        .executableTarget(
            name: "pace-log-bench",
            dependencies: ["PaceCore", "PaceLog", "PaceSystem", systemPackage],
            path: "Benchmarks/PaceLogBenchmarks"
        ),
        // `make bench`: the daemon against physical limits and its peers, one table (docs/performance.md).
        .executableTarget(
            name: "pace-bench",
            dependencies: ["PaceCore", "PaceDaemon", "PaceLog", "PaceSystem", "PaceTestSupport"],
            path: "Benchmarks/PaceBenchmarks"
        ),
        .testTarget(name: "PaceProtocolTests", dependencies: ["PaceProtocol", "PaceJSON", "PaceTestSupport"]),
        .testTarget(name: "VarlinkIDLTests", dependencies: ["VarlinkIDL"]),
        // The desktop layer alone in a process: for the idle-wakeup and clock-offset tests, and for trials by hand.
        .executableTarget(
            name: "pace-desktop-probe",
            dependencies: ["PaceCore", "PaceDaemon", .product(name: "Logging", package: "swift-log")],
            path: "Tests/DesktopProbe"
        ),
        // The desktop layer against real buses, test servers in Tests/DBus, and dunst under Xvfb.
        .testTarget(
            name: "PaceDesktopTests",
            dependencies: [
                "PaceCore", "PaceDaemon", "PaceSystem", "PaceTestSupport", systemPackage,
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PaceDaemonTests",
            dependencies: [
                "PaceCore", "PaceDaemon", "PaceJSON", "PaceLog", "PaceTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        // Logs through the journal handler what the journald tests ask for; built for them, never installed.
        .executableTarget(
            name: "JournalProbe",
            dependencies: ["PaceDaemon", .product(name: "Logging", package: "swift-log")],
            path: "Tests/JournalProbe"
        ),
        .testTarget(
            name: "IntegrationTests",
            // `pace` itself, so the CLI's renderers and parsers are tested with fixed replies and a pinned clock.
            dependencies: [
                "pace", "JournalProbe", "PaceCore", "PaceDaemon", "PaceLog", "PaceProtocol", "PaceSystem",
                "PaceTestSupport",
                systemPackage,
            ]
        ),
    ]
)

for target in package.targets
where target.type != .system && target.type != .plugin && !["CPaceSystem", "CPaceStandalone"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    // Debug builds (what `make test` builds) reject every warning; release builds for users do not,
    // so a newer compiler's new warning never stops someone from running Pace.
    settings.append(.treatAllWarnings(as: .error, .when(configuration: .debug)))
    target.swiftSettings = settings
}
