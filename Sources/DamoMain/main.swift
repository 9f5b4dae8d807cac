// The damo program: its command line (the damo target) run in this
// process's environment.
import damo

DamoMain.main()
