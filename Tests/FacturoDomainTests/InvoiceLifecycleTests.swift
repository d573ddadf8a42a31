import FacturoDomain
import Testing

/// The lifecycle table, every status × target × actor, against the moves
/// issue 12 lists (written here again, by hand, so that a change to the
/// table shows); the reasons and what they lead to; the rules of a decision.
@Suite struct InvoiceLifecycleTests {
    /// "FROM>TO@actor", as the issue states them.
    static let expected: Set<String> = [
        "DEPOSEE>MISE_A_DISPOSITION@plateforme",
        "MISE_A_DISPOSITION>REJETEE@destinataire", "MISE_A_DISPOSITION>SUSPENDUE@destinataire", "MISE_A_DISPOSITION>A_RECYCLER@destinataire",
        "MISE_A_DISPOSITION>SERVICE_FAIT@destinataire", "MISE_A_DISPOSITION>MANDATEE@destinataire",
        "COMPLETEE>REJETEE@destinataire", "COMPLETEE>SUSPENDUE@destinataire", "COMPLETEE>A_RECYCLER@destinataire",
        "COMPLETEE>SERVICE_FAIT@destinataire", "COMPLETEE>MANDATEE@destinataire",
        "SERVICE_FAIT>MANDATEE@destinataire",
        "SUSPENDUE>COMPLETEE@fournisseur", "A_RECYCLER>MISE_A_DISPOSITION@fournisseur",
        "MANDATEE>MISE_A_DISPOSITION_COMPTABLE@comptable", "MISE_A_DISPOSITION_COMPTABLE>COMPTABILISEE@comptable",
        "MISE_A_DISPOSITION_COMPTABLE>MISE_EN_PAIEMENT@comptable", "COMPTABILISEE>MISE_EN_PAIEMENT@comptable",
    ]

    @Test func everyStatusTargetAndActorIsDecidedByTheTable() {
        var legal: Set<String> = []
        var checked = 0
        for from in InvoiceStatus.allCases {
            for to in InvoiceStatus.allCases {
                for actor in LifecycleActor.allCases {
                    checked += 1
                    let name = "\(from.rawValue)>\(to.rawValue)@\(actor.rawValue)"
                    #expect(InvoiceLifecycle.isLegal(from: from, to: to, by: actor) == Self.expected.contains(name), "\(name)")
                    if InvoiceLifecycle.isLegal(from: from, to: to, by: actor) { legal.insert(name) }
                }
            }
        }
        #expect(checked == 11 * 11 * 4)
        #expect(legal == Self.expected)
        #expect(Set(InvoiceLifecycle.terminal) == [.rejetee, .miseEnPaiement])
    }

    @Test func everyIllegalMoveIsRefusedNamingTheCurrentStatusAndTheLegalOnes() {
        for from in InvoiceStatus.allCases {
            for to in InvoiceStatus.allCases {
                for actor in [LifecycleActor.recipient, .accountant] where !InvoiceLifecycle.isLegal(from: from, to: to, by: actor) {
                    let code = domainErrorCode {
                        _ = try StatusDecision.deciding(
                            from: from, to: to, by: actor, reason: to == .suspendue ? "JUSTIFICATIF_ABSENT" : to == .rejetee ? "AUTRES" : to == .aRecycler ? "SE_INCORRECT" : "",
                            dpNumber: to == .mandatee ? "DP-1" : "", comment: "", handlesMiseEnPaiement: true
                        )
                    }
                    #expect(code == "INVALID_STATUS_TRANSITION", "\(from) → \(to) by \(actor)")
                }
            }
        }
        do {
            _ = try StatusDecision.deciding(from: .serviceFait, to: .rejetee, by: .recipient, reason: "AUTRES", dpNumber: "", comment: "", handlesMiseEnPaiement: false)
            Issue.record("SERVICE_FAIT → REJETEE is not in the table")
        } catch {
            #expect(error.message.contains("statut actuel SERVICE_FAIT"))
            #expect(error.message.contains("MANDATEE"), "the legal move is named: \(error.message)")
        }
    }

    @Test func theReasonDecidesTheStatus() {
        #expect(RefusalReason.allCases.count == 18)
        for reason in RefusalReason.allCases {
            let expected: InvoiceStatus = switch reason.rawValue {
            case "JUSTIFICATIF_ABSENT": .suspendue
            case "SE_INCORRECT", "EJ_INCORRECT", "CREANCIER_INCONNU": .aRecycler
            default: .rejetee
            }
            #expect(reason.resultingStatus == expected, "\(reason)")
            let decision = try? StatusDecision.deciding(
                from: .miseADisposition, to: nil, by: .recipient, reason: reason.rawValue, dpNumber: "", comment: "", handlesMiseEnPaiement: false
            )
            #expect(decision?.to == expected)
            #expect(decision?.reason == reason)
        }
        #expect(RefusalReason.justificatifAbsent.label == "Justificatif absent ou insuffisant")
        #expect(RefusalReason.creancierInconnu.label == "Créancier inconnu ou différent de celui de l'EJ")
        #expect(RefusalReason.autres.label == "Autres : contacter votre acheteur")
    }

    @Test func aRefusalNeedsAKnownReasonLeadingToItsStatus() {
        func code(_ to: InvoiceStatus?, _ reason: String) -> String? {
            domainErrorCode {
                _ = try StatusDecision.deciding(from: .miseADisposition, to: to, by: .recipient, reason: reason, dpNumber: "", comment: "", handlesMiseEnPaiement: false)
            }
        }
        #expect(code(.rejetee, "") == "REASON_REQUIRED")
        #expect(code(.suspendue, "") == "REASON_REQUIRED")
        #expect(code(nil, "") == "REASON_REQUIRED")
        #expect(code(nil, "PAS_UN_MOTIF") == "REASON_REQUIRED")
        #expect(code(.suspendue, "DOUBLE_FACTURATION") == "REASON_REQUIRED", "that reason rejects, it does not suspend")
        #expect(code(.suspendue, "JUSTIFICATIF_ABSENT") == nil)
        #expect(code(.serviceFait, "AUTRES") == "INVALID_ARGUMENT", "a reason goes with a refusal only")
    }

    @Test func aMandateCarriesItsDPNumber() throws {
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .serviceFait, to: .mandatee, by: .recipient, reason: "", dpNumber: "  ", comment: "", handlesMiseEnPaiement: false)
        } == "DP_NUMBER_REQUIRED")
        let decision = try StatusDecision.deciding(from: .serviceFait, to: .mandatee, by: .recipient, reason: "", dpNumber: " DP-2026-001 ", comment: "ok", handlesMiseEnPaiement: false)
        #expect(decision.dpNumber == "DP-2026-001")
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .miseADisposition, to: .serviceFait, by: .recipient, reason: "", dpNumber: "DP-1", comment: "", handlesMiseEnPaiement: false)
        } == "INVALID_ARGUMENT")
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .serviceFait, to: .mandatee, by: .recipient, reason: "", dpNumber: String(repeating: "9", count: 36), comment: "", handlesMiseEnPaiement: false)
        } == "INVALID_ARGUMENT")
    }

    @Test func commentsAreBounded() {
        let long = String(repeating: "é", count: 256)
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .miseADisposition, to: .serviceFait, by: .recipient, reason: "", dpNumber: "", comment: long, handlesMiseEnPaiement: false)
        } == "INVALID_ARGUMENT")
        #expect((try? StatusDecision.deciding(
            from: .miseADisposition, to: .serviceFait, by: .recipient, reason: "", dpNumber: "", comment: String(long.dropLast()), handlesMiseEnPaiement: false
        )) != nil)
    }

    @Test func paymentOnlyWhereTheStructureHandlesIt() {
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .miseADispositionComptable, to: .miseEnPaiement, by: .accountant, reason: "", dpNumber: "", comment: "", handlesMiseEnPaiement: false)
        } == "MISE_EN_PAIEMENT_NOT_HANDLED")
        #expect((try? StatusDecision.deciding(
            from: .miseADispositionComptable, to: .miseEnPaiement, by: .accountant, reason: "", dpNumber: "", comment: "", handlesMiseEnPaiement: true
        )) != nil)
        #expect(domainErrorCode {
            _ = try StatusDecision.deciding(from: .mandatee, to: .miseADispositionComptable, by: .recipient, reason: "", dpNumber: "", comment: "", handlesMiseEnPaiement: true)
        } == "INVALID_STATUS_TRANSITION", "only the accountant sets the accounting statuses")
        #expect(AccountKind.comptablePublic.recipientSideActor == .accountant)
        #expect(AccountKind.entitePublique.recipientSideActor == .recipient)
    }

    @Test func historyEntriesEncodeEveryFieldUnambiguously() {
        let entry = InvoiceHistoryEntry(sequence: 1, at: 1_700_000_000_000, actor: "a@b.fr", action: .status, from: .miseADisposition, to: .rejetee, reason: .autres, comment: "x")
        var moved = entry
        moved.comment = ""
        moved.actor = "a@b.frx"
        #expect(entry.canonicalBytes(invoiceID: "F1") != moved.canonicalBytes(invoiceID: "F1"), "a character moved between fields changes the bytes")
        #expect(entry.canonicalBytes(invoiceID: "F1") != entry.canonicalBytes(invoiceID: "F2"))
        #expect(entry.canonicalBytes(invoiceID: "F1") == entry.canonicalBytes(invoiceID: "F1"))
    }
}
