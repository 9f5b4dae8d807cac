extension RecordFile {
    /// The process umask, for files damo creates with default permissions.
    public static var umaskValue: Int { currentUmask() }
}
