import Foundation
import GRDB

/// A technical account belongs to one structure for its whole life: the one
/// that created it (`owner_structure_id`). Its rebinding and revocation are
/// for that structure's managers, and its audit lines are filed there.
///
/// Before this migration any manager could attach another structure's
/// technical account to their own and then act on it. The owner is read from
/// the account's creation line in the audit log (the attachments may have
/// been tampered with), else its oldest attachment; attachments elsewhere are
/// removed, with their habilitations, each with the audit line such a
/// removal writes, filed under the structure concerned and under the owner.
///
/// Shipped: never edit, add the next migration instead. Plain SQL with its
/// values frozen here, as in `Migration004PendingRequestUnique`.
enum Migration005TechnicalAccountOwner {
    static let identifier = "v5-technical-account-owner"

    static func migrate(_ db: Database) throws {
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let actor = "système"
        try db.execute(sql: """
            ALTER TABLE users ADD COLUMN owner_structure_id INTEGER REFERENCES structures(id);
            UPDATE users SET owner_structure_id = COALESCE(
                (SELECT structure_id FROM audit_log
                    WHERE action = 'technical_account.create' AND target = users.email AND structure_id IS NOT NULL
                    ORDER BY id LIMIT 1),
                (SELECT structure_id FROM attachments WHERE user_id = users.id ORDER BY rowid LIMIT 1)
            ) WHERE is_technical;
            CREATE TEMP TABLE v5_foreign AS
                SELECT attachments.user_id, attachments.structure_id, attachments.role, attachments.service_codes,
                       users.email, users.owner_structure_id
                FROM attachments JOIN users ON users.id = attachments.user_id
                WHERE users.is_technical AND attachments.structure_id IS NOT users.owner_structure_id;
            """)
        try db.execute(
            sql: """
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, ?, 'habilitation.revoke', habilitations.structure_id, v5_foreign.email,
                           json_object('application', habilitations.application, 'level', habilitations.level, 'service', habilitations.service_code), ''
                    FROM habilitations JOIN v5_foreign
                        ON v5_foreign.user_id = habilitations.user_id AND v5_foreign.structure_id = habilitations.structure_id
                    ORDER BY habilitations.structure_id, habilitations.application;
                DELETE FROM habilitations WHERE EXISTS (
                    SELECT 1 FROM v5_foreign WHERE v5_foreign.user_id = habilitations.user_id AND v5_foreign.structure_id = habilitations.structure_id
                );
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, ?, 'attachment.remove', structure_id, email,
                           json_object('role', role, 'services', COALESCE(service_codes, '')), ''
                    FROM v5_foreign ORDER BY user_id, structure_id;
                INSERT INTO audit_log (at, actor_id, actor, action, structure_id, target, before, after)
                    SELECT ?, NULL, ?, 'attachment.remove', owner_structure_id, email,
                           json_object('role', role, 'services', COALESCE(service_codes, '')), ''
                    FROM v5_foreign WHERE owner_structure_id IS NOT NULL ORDER BY user_id, structure_id;
                DELETE FROM attachments WHERE EXISTS (
                    SELECT 1 FROM v5_foreign WHERE v5_foreign.user_id = attachments.user_id AND v5_foreign.structure_id = attachments.structure_id
                );
                DROP TABLE v5_foreign;
                CREATE INDEX users_owner ON users(owner_structure_id) WHERE owner_structure_id IS NOT NULL;
                """,
            arguments: [now, actor, now, actor, now, actor]
        )
    }
}
