@testable import FacturoServer
import FacturoWire
import Testing

/// The request table: catalogues (Wire), routes (Server) and PROTOCOL.md
/// cannot drift apart, so a type known to the state machine but missing
/// from the router fails here, not at run time.
@Suite struct RequestTableTests {
    let router = Router.standard()

    @Test func everyCataloguedRequestHasExactlyOneRouteAndEveryRouteIsCatalogued() {
        for descriptor in RequestCatalogue.all {
            let route = router[descriptor.messageType]
            if descriptor.access == .connection {
                #expect(route == nil, "\(descriptor) is answered by the connection and must not be routed")
            } else {
                #expect(route?.descriptor == descriptor, "\(descriptor) has no route, or a route for another descriptor")
            }
        }
        for type in router.routes.keys {
            #expect(RequestCatalogue.descriptor(for: type) != nil, "route for uncatalogued type \(type.rawValue)")
        }
        // Only the types the connection answers itself (handshake, cancel) are unrouted.
        let answeredByTheConnection = RequestCatalogue.all.filter { $0.access == .connection }
        #expect(Set(answeredByTheConnection.map(\.name)) == ["Handshake", "Cancel"])
        #expect(router.routes.count == RequestCatalogue.all.count - answeredByTheConnection.count)
    }

    @Test func numbersAndNamesAreUniqueAcrossRequestsAndEvents() {
        let numbers = RequestCatalogue.all.map(\.messageType) + EventCatalogue.all.map(\.messageType)
        #expect(Set(numbers).count == numbers.count)
        let names = RequestCatalogue.all.map(\.name) + EventCatalogue.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(EventCatalogue.all.allSatisfy { $0.messageType.rawValue > 1000 })
        #expect(RequestCatalogue.all.allSatisfy { $0.messageType.rawValue < 1000 })
    }

    @Test func protocolDocumentListsEveryMessageTypeInNumberOrder() throws {
        let rows = RepositoryFiles.markdownTable(in: try RepositoryFiles.text("PROTOCOL.md"), header: "| value | name | request payload |")
        let documented = rows.compactMap { row -> (UInt16, String, String)? in
            guard row.count >= 3, let number = UInt16(row[0]) else { return nil }
            return (number, row[1], row[2])
        }
        #expect(documented.map(\.0) == documented.map(\.0).sorted(), "PROTOCOL.md's message table is in number order")
        let catalogued = RequestCatalogue.all.map { ($0.messageType.rawValue, $0.name, "`\($0.requestMessage.replacingOccurrences(of: "facturo.v1.", with: ""))`") }
            + EventCatalogue.all.map { ($0.messageType.rawValue, $0.name, "—") }
        #expect(documented.map(\.0) == catalogued.map(\.0).sorted())
        for (number, name, request) in catalogued {
            let row = documented.first { $0.0 == number }
            #expect(row?.1 == name, "type \(number): PROTOCOL.md says \(row?.1 ?? "nothing"), the catalogue \(name)")
            #expect(row?.2 == request, "type \(number): request payload \(row?.2 ?? "nothing") documented, \(request) catalogued")
        }
    }

    @Test func stateMachineAsksTheCatalogueWhoMaySend() {
        let anonymous = RequestCatalogue.all.filter { $0.access == .anonymous }.map(\.name)
        #expect(Set(anonymous) == ["Ping", "Login", "CertificateLogin"])
    }
}

@Suite struct CatalogueAccessTests {
    /// Event numbers are not requests: a client sending one as a request
    /// gets the unknown-type refusal, not a route.
    @Test func eventNumbersSentAsRequestsAreUnknownTypes() {
        for event in EventCatalogue.all {
            #expect(RequestCatalogue.descriptor(for: event.messageType) == nil)
            #expect(Router.standard()[event.messageType] == nil)
        }
    }
}
