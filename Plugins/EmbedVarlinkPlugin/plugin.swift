import PackagePlugin

/// Turns every `.varlink` interface description of a target into Swift: the wire's types, methods and errors, and
/// the text itself (see `VarlinkSwiftGenerator`). The `.varlink` file is the one definition of the interface: the
/// daemon serves its text to generic Varlink clients, and the Swift code on both ends is generated from it.
///
/// The folder a `.varlink` file is in names the Swift namespace of its types: `Interfaces/PaceAPI/io.pace.Daemon.varlink`
/// gives `PaceAPI.Status`, `PaceAPI.GetStatus`, `PaceAPI.NoActivityRunning`.
@main
struct EmbedVarlinkPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? any SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "EmbedVarlink")
        return target.sourceFiles(withSuffix: "varlink").map { file in
            let name = file.url.deletingPathExtension().lastPathComponent
            let namespace = file.url.deletingLastPathComponent().lastPathComponent
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            return .buildCommand(
                displayName: "Generating Swift for \(file.url.lastPathComponent)",
                executable: tool.url,
                arguments: [file.url.path(), output.path(), namespace],
                inputFiles: [file.url],
                outputFiles: [output]
            )
        }
    }
}
