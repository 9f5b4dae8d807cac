// damo for the end-to-end tests of a running DAMON, never shipped: the damo
// command line, with interface roots that are Unix sockets answered by an
// emulated kernel in the test process (EmulatorServer).
import DamoCommands
import DamonEmulator
import DamonKernel
import damo

var env = DamoEnvironment.process(arguments: Array(CommandLine.arguments.dropFirst()))
let files = env.damonFiles.open
env.damonFiles.open = { SocketDamonFS.isSocket($0) ? SocketDamonFS(socketPath: $0) : files($0) }
ThisProcess.exit(DamoMain.run(env.arguments, in: env))
