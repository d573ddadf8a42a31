import Foundation
import GRDB

/// A certificate named for a technical account (at creation or rebinding)
/// waits in `pending_certificate` until a connection proves it holds that
/// certificate (its first certificate login); only then does it move to
/// `certificate_fingerprint`, unique on the platform. Naming a certificate
/// therefore never tells whether another account holds it, and a claim on
/// someone else's certificate binds nothing.
///
/// It also finishes v5's rule that a technical account is a plain user of
/// its owner, for databases from before it: a technical account that was
/// made secondary manager becomes `utilisateur`, and one left without its
/// owner's attachment gets it back, each with its audit line by `système`.
///
/// Shipped: never edit, add the next migration instead. Plain SQL with its
/// values frozen here, as in `Migration004PendingRequestUnique`.
enum Migration006PendingCertificate {
    static let identifier = "v6-pending-certificate"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE users ADD COLUMN pending_certificate TEXT;
            CREATE INDEX users_pending_certificate ON users(pending_certificate) WHERE pending_certificate IS NOT NULL;
            """)
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try db.execute(
            sql: """
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, 'système', 'attachment.update', attachments.structure_id, users.email,
                           json_object('role', attachments.role, 'services', COALESCE(attachments.service_codes, '')),
                           json_object('role', 'utilisateur', 'services', COALESCE(attachments.service_codes, ''))
                    FROM attachments JOIN users ON users.id = attachments.user_id
                    WHERE users.is_technical AND attachments.role = 'gestionnaire_secondaire' ORDER BY users.id;
                UPDATE attachments SET role = 'utilisateur'
                    WHERE role = 'gestionnaire_secondaire' AND user_id IN (SELECT id FROM users WHERE is_technical);
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, 'système', 'attachment.create', users.owner_structure_id, users.email, '',
                           json_object('role', 'utilisateur', 'services', '')
                    FROM users WHERE users.is_technical AND users.owner_structure_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM attachments WHERE attachments.user_id = users.id AND attachments.structure_id = users.owner_structure_id
                    ) ORDER BY users.id;
                INSERT INTO attachments (user_id, structure_id, role)
                    SELECT id, owner_structure_id, 'utilisateur' FROM users
                    WHERE is_technical AND owner_structure_id IS NOT NULL AND NOT EXISTS (
                        SELECT 1 FROM attachments WHERE attachments.user_id = users.id AND attachments.structure_id = users.owner_structure_id
                    );
                """,
            arguments: [now, now]
        )
    }
}
