extension StringProtocol {
    /// `text` in « » for an error message, cut after 60 characters: a
    /// refusal names the wrong value without carrying a huge input back to
    /// the client or into the logs.
    public var quotedForMessage: String {
        let cut = count > 60 ? prefix(60) + "…" : String(self)
        return "« \(cut) »"
    }
}
