import FacturoWire

/// Short names for the message types these tests send by hand; the
/// numbers come from the catalogues.
extension MessageType {
    static let handshake = SessionCatalogue.handshake.messageType
    static let ping = SessionCatalogue.ping.messageType
    static let login = SessionCatalogue.login.messageType
    static let logout = SessionCatalogue.logout.messageType
    static let whoAmI = SessionCatalogue.whoAmI.messageType
    static let cancel = SessionCatalogue.cancel.messageType
    static let certificateLogin = SessionCatalogue.certificateLogin.messageType
    static let myHabilitations = HabilitationCatalogue.mine.messageType
    static let directorySearch = DirectoryCatalogue.search.messageType
    static let noticeEvent = EventCatalogue.notice.messageType
    static let requestDecidedEvent = EventCatalogue.requestDecided.messageType
}
