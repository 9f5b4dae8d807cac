import DamoPlatform

/// exit(3), under a name that does not clash with ParsableCommand.exit.
func processExit(_ code: Int32) -> Never { exit(code) }
