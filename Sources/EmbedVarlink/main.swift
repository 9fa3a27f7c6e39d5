// Build tool: `EmbedVarlink INPUT.varlink OUTPUT.swift NAMESPACE`.
//
// Reads the Varlink interface description INPUT and writes the Swift types of the wire (VarlinkSwiftGenerator, in
// VarlinkIDL): every type, method and error of the interface in an enum called NAMESPACE (the name of the folder
// the file is in, e.g. `PaceAPI`), and the text itself as a static member of `InterfaceDescription`, named after
// the interface (`io.pace.Daemon` → `ioPaceDaemon`).
import FoundationEssentials
import Glibc
import VarlinkIDL

func fail(_ message: String) -> Never {
    let line = Array("EmbedVarlink: \(message)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else { fail("usage: EmbedVarlink INPUT.varlink OUTPUT.swift NAMESPACE") }
let (input, output, namespace) = (arguments[1], arguments[2], arguments[3])

guard let data = FileManager.default.contents(atPath: input) else { fail("cannot read \(input)") }
let text = String(decoding: data, as: UTF8.self)
let fileName = String(input.split(separator: "/").last ?? "")

let source: String
do {
    let interface = try VarlinkIDLParser.parse(text)
    source = try VarlinkSwiftGenerator(interface: interface, namespace: namespace, text: text, fileName: fileName)
        .source()
} catch {
    // The form compilers use, so editors jump to the place.
    fail("\(input):\(error.line > 0 ? "\(error.line):\(error.column):" : "") error: \(error.message)")
}

do {
    try Data(source.utf8).write(to: URL(filePath: output))
} catch {
    fail("cannot write \(output): \(error)")
}
