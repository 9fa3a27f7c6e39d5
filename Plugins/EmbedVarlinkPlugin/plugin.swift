import PackagePlugin

/// Turns every `.varlink` interface file of a target into a Swift source file holding its text, so the
/// `.varlink` file stays the single source of the interface description that the daemon serves.
@main
struct EmbedVarlinkPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? any SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "EmbedVarlink")
        return target.sourceFiles(withSuffix: "varlink").map { file in
            let name = file.url.deletingPathExtension().lastPathComponent
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            return .buildCommand(
                displayName: "Embedding \(file.url.lastPathComponent)",
                executable: tool.url,
                arguments: [file.url.path(), output.path()],
                inputFiles: [file.url],
                outputFiles: [output]
            )
        }
    }
}
