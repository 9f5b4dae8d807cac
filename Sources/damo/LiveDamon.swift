/// The warning in the help of every command and option that reaches the
/// running DAMON of the machine damo runs on (README: "Safe to try on any
/// machine"), so that nobody learns it by changing a production kernel.
enum LiveDamon {
    static let changes = "Acts on the running DAMON of this machine (needs root): "

    static let start = changes + "writes DAMON's parameters and turns kdamonds on."
    static let tune = changes + "writes new parameters to the running kdamonds."
    static let stop = changes + "turns the running kdamonds off."
    static let record = changes + "starts DAMON for the given target (or records the running one) and installs a DAMOS stat scheme for its snapshots."
    static let schemes = changes + "starts DAMON with the given schemes until the command ends."
    static let monitor = changes + "starts DAMON for the target (or records the running one) every round."
    static let module = changes + "enable, disable and commit write the module's parameters (status only reads them)."
    static let moduleStatWrite = changes + "writes DAMON_STAT's parameters."
    static let reportDamon = changes + "without --input_file, the running kdamonds are asked to refresh their scheme statistics."
    static let reportAccess = changes + "without --input, a snapshot is taken from the running DAMON through a DAMOS stat scheme installed for it (and removed)."
    static let metrics = changes + "the running kdamonds are asked to refresh their statistics; --snapshot installs a DAMOS stat scheme for each snapshot (and removes it)."
    static let input = "record files to show; without --input, a snapshot of the running DAMON (a DAMOS stat scheme installed in it and removed), or ./damon.data when DAMON is not running"
}
