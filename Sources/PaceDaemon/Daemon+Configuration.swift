import Logging

/// Reading the config file at start-up and on SIGHUP.
extension Daemon {
    /// Reads the config file before anything else starts.
    /// - Throws: ``StartupError`` with ``ExitStatus/badConfiguration`` after logging every problem.
    func loadConfigurationAtStartUp() throws(StartupError) {
        guard let source = options.configuration else { return }
        do {
            apply(try source.load())
        } catch {
            log(error)
            let check = "paced --check-config" + (source.required ? " --config \(source.path)" : "")
            throw StartupError(
                description: "not started: fix \(source.path) (check it with `\(check)`)", status: .badConfiguration)
        }
    }

    /// Rereads the config file (SIGHUP, `systemctl --user reload paced`), telling systemd with `RELOADING=1` and
    /// `READY=1`. A file with a mistake changes nothing: the previous configuration stays in force.
    func reloadConfiguration() {
        guard parts != nil, let source = options.configuration else { return }
        ServiceManager.reloading(status: "Reloading \(source.path)")
        do {
            apply(try source.load())
            logger.notice("configuration reloaded from \(source.path)")
        } catch {
            log(error)
            logger.warning("configuration not reloaded: the previous configuration stays in force")
        }
        announceReady()
    }

    private func apply(_ configuration: Configuration) {
        options.settings = configuration.settings
        options.server = configuration.server
        options.heartRate = configuration.heartRate
        options.awayQuestionMinutes = configuration.awayQuestionMinutes
        options.showsTray = configuration.showsTray
        options.sync = configuration.sync
        options.deskTimeKind = configuration.deskTimeKind
        options.imports = configuration.imports
        guard let parts else { return }
        parts.tray.isShown = configuration.showsTray
        parts.away.minimumSeconds = Int64(configuration.awayQuestionMinutes) * 60
        parts.deskTime.kind = configuration.deskTimeKind
        parts.heartRate.reconfigure(configuration.heartRate)
        parts.server.limits = VarlinkServer.Limits(configuration.server)
        if parts.store.reconfigure(configuration.settings) { sync?.writeManifest() }
        startSync()
        startInbox()
    }

    /// One entry per problem, with the file, line and key as fields (`PACE_CONFIG_FILE=` …) for `journalctl`.
    private func log(_ error: ConfigurationError) {
        for problem in error.problems {
            var metadata: Logger.Metadata = ["config_file": "\(problem.file)", "config_problem": "\(problem.code)"]
            if let line = problem.line { metadata["config_line"] = "\(line)" }
            if let key = problem.key { metadata["config_key"] = "\(key)" }
            logger.error("\(problem.description)", metadata: metadata)
        }
    }
}
