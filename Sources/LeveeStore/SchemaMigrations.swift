import Foundation

/// One migration of the schema, for both backends: applied in this order, never edited once released. The SQLite store
/// records it by name (GRDB's migrator), the PostgreSQL store by its position among the migrations that have PostgreSQL
/// SQL (the `levee_schema` table). A new migration is one entry here with both statements, so the two histories cannot
/// drift; `SchemaMigrationTests` checks that.
public struct SchemaMigration: Sendable {
    public var name: String
    /// SQLite's statements, run in one `execute`.
    public var sqlite: String
    /// PostgreSQL's statements (split at `;`, one query each); nil only for the early migrations PostgreSQL's first one
    /// contains (it was written after SQLite's first six).
    public var postgres: String?
}

/// The schema's history.
public enum Schema {
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            name: "v1-evaluations",
            sqlite: """
                CREATE TABLE evaluation (
                    source TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    number INTEGER,
                    verdict TEXT NOT NULL CHECK (verdict IN ('welcome', 'review', 'needs_author', 'likely_slop')),
                    slop_score REAL NOT NULL CHECK (slop_score >= 0 AND slop_score <= 1),
                    review_minutes REAL NOT NULL CHECK (review_minutes >= 0),
                    evaluated_at REAL NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX evaluation_evaluated_at ON evaluation (evaluated_at);
                """,
            postgres: """
                CREATE TABLE evaluation (
                    source TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    number BIGINT,
                    verdict TEXT NOT NULL CHECK (verdict IN ('welcome', 'review', 'needs_author', 'likely_slop')),
                    slop_score DOUBLE PRECISION NOT NULL CHECK (slop_score >= 0 AND slop_score <= 1),
                    review_minutes DOUBLE PRECISION NOT NULL CHECK (review_minutes >= 0),
                    evaluated_at DOUBLE PRECISION NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX evaluation_evaluated_at ON evaluation (evaluated_at);
                CREATE TABLE inbox (
                    id BIGSERIAL PRIMARY KEY,
                    delivery_id TEXT NOT NULL UNIQUE CHECK (length(delivery_id) BETWEEN 1 AND 200),
                    event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
                    action TEXT,
                    repository TEXT,
                    installation_id BIGINT,
                    received_at DOUBLE PRECISION NOT NULL,
                    body BYTEA NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'processing', 'done', 'dead')),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    next_attempt_at DOUBLE PRECISION NOT NULL,
                    lease_owner TEXT,
                    lease_until DOUBLE PRECISION,
                    last_error TEXT,
                    outcome TEXT,
                    processed_at DOUBLE PRECISION,
                    CHECK ((state = 'processing') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
                );
                CREATE INDEX inbox_due ON inbox (state, next_attempt_at, id);
                CREATE TABLE action_log (
                    id BIGSERIAL PRIMARY KEY,
                    delivery_id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    number BIGINT,
                    kind TEXT NOT NULL CHECK (kind IN ('label', 'unlabel', 'comment', 'status', 'close', 'reopen', 'lock',
                        'check_run', 'approve_runs', 'assign', 'request_review')),
                    value TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('shadow', 'sent', 'unchanged', 'failed')),
                    detail TEXT,
                    at DOUBLE PRECISION NOT NULL
                );
                CREATE INDEX action_log_at ON action_log (at);
                CREATE INDEX action_log_delivery ON action_log (delivery_id);
                CREATE TABLE ledger (
                    id BIGSERIAL PRIMARY KEY,
                    author TEXT NOT NULL CHECK (length(author) > 0),
                    item TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN
                        ('start', 'stake', 'needs_sponsor', 'sponsored', 'returned', 'reward', 'forfeited')),
                    amount DOUBLE PRECISION NOT NULL,
                    stake DOUBLE PRECISION,
                    note TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL
                );
                CREATE INDEX ledger_author ON ledger (lower(author), id);
                CREATE TABLE audit (
                    id BIGSERIAL PRIMARY KEY,
                    repository TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    command TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    reason TEXT,
                    status TEXT NOT NULL CHECK (status IN ('applied', 'shadow', 'refused', 'failed')),
                    detail TEXT,
                    at DOUBLE PRECISION NOT NULL
                );
                CREATE TABLE trust_statement (
                    issuer TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    weight DOUBLE PRECISION NOT NULL CHECK (weight >= 0 AND weight <= 1),
                    signed BYTEA NOT NULL,
                    expires_at DOUBLE PRECISION NOT NULL,
                    imported_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (issuer, public_key)
                );
                CREATE TABLE lifecycle_item (
                    repository TEXT NOT NULL,
                    number BIGINT NOT NULL,
                    author TEXT NOT NULL,
                    phase TEXT NOT NULL CHECK (phase IN
                        ('open', 'awaiting_author', 'stale', 'closed_by_default', 'parked', 'closed')),
                    held BOOLEAN NOT NULL,
                    deadline DOUBLE PRECISION,
                    mentor TEXT,
                    triager TEXT,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX lifecycle_due ON lifecycle_item (deadline) WHERE deadline IS NOT NULL;
                CREATE TABLE fingerprint (
                    repository TEXT NOT NULL,
                    number BIGINT NOT NULL,
                    open BOOLEAN NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX fingerprint_recent ON fingerprint (repository, open, updated_at);
                CREATE TABLE lease (
                    name TEXT PRIMARY KEY,
                    owner TEXT NOT NULL,
                    until DOUBLE PRECISION NOT NULL
                );
                """),
        SchemaMigration(
            name: "v2-inbox-and-action-log",
            sqlite: """
                CREATE TABLE inbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id TEXT NOT NULL UNIQUE CHECK (length(delivery_id) BETWEEN 1 AND 200),
                    event TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 100),
                    action TEXT,
                    repository TEXT,
                    installation_id INTEGER,
                    received_at REAL NOT NULL,
                    body BLOB NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'processing', 'done', 'dead')),
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    next_attempt_at REAL NOT NULL,
                    lease_owner TEXT,
                    lease_until REAL,
                    last_error TEXT,
                    outcome TEXT,
                    processed_at REAL,
                    CHECK ((state = 'processing') = (lease_owner IS NOT NULL AND lease_until IS NOT NULL))
                );
                CREATE INDEX inbox_due ON inbox (state, next_attempt_at, id);
                CREATE TABLE action_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    number INTEGER,
                    kind TEXT NOT NULL CHECK (kind IN ('label', 'comment', 'close', 'lock', 'check_run')),
                    value TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('shadow', 'sent', 'unchanged', 'failed')),
                    detail TEXT,
                    at REAL NOT NULL
                );
                CREATE INDEX action_log_at ON action_log (at);
                CREATE INDEX action_log_delivery ON action_log (delivery_id);
                """,
            postgres: nil),
        SchemaMigration(
            name: "v3-trust",
            sqlite: """
                CREATE TABLE ledger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    author TEXT NOT NULL COLLATE NOCASE CHECK (length(author) > 0),
                    item TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN
                        ('start', 'stake', 'needs_sponsor', 'sponsored', 'returned', 'reward', 'forfeited')),
                    amount REAL NOT NULL,
                    stake REAL,
                    note TEXT NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX ledger_author ON ledger (author, id);
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    repository TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    command TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    reason TEXT,
                    status TEXT NOT NULL CHECK (status IN ('applied', 'shadow', 'refused', 'failed')),
                    detail TEXT,
                    at REAL NOT NULL
                );
                CREATE TABLE trust_statement (
                    issuer TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    weight REAL NOT NULL CHECK (weight >= 0 AND weight <= 1),
                    signed BLOB NOT NULL,
                    expires_at REAL NOT NULL,
                    imported_at REAL NOT NULL,
                    PRIMARY KEY (issuer, public_key)
                );
                """,
            postgres: nil),
        SchemaMigration(
            name: "v4-lifecycle",
            sqlite: """
                CREATE TABLE lifecycle_item (
                    repository TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    author TEXT NOT NULL COLLATE NOCASE,
                    phase TEXT NOT NULL CHECK (phase IN
                        ('open', 'awaiting_author', 'stale', 'closed_by_default', 'parked', 'closed')),
                    held INTEGER NOT NULL CHECK (held IN (0, 1)),
                    deadline REAL,
                    mentor TEXT,
                    triager TEXT,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX lifecycle_due ON lifecycle_item (deadline) WHERE deadline IS NOT NULL;
                CREATE TABLE action_log_v4 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    number INTEGER,
                    kind TEXT NOT NULL CHECK (kind IN ('label', 'unlabel', 'comment', 'status', 'close', 'reopen',
                        'lock', 'check_run', 'approve_runs', 'assign', 'request_review')),
                    value TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('shadow', 'sent', 'unchanged', 'failed')),
                    detail TEXT,
                    at REAL NOT NULL
                );
                INSERT INTO action_log_v4 SELECT * FROM action_log;
                DROP TABLE action_log;
                ALTER TABLE action_log_v4 RENAME TO action_log;
                CREATE INDEX action_log_at ON action_log (at);
                CREATE INDEX action_log_delivery ON action_log (delivery_id);
                """,
            postgres: nil),
        SchemaMigration(
            name: "v5-fingerprints",
            sqlite: """
                CREATE TABLE fingerprint (
                    repository TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    open INTEGER NOT NULL CHECK (open IN (0, 1)),
                    updated_at REAL NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX fingerprint_recent ON fingerprint (repository, open, updated_at);
                """,
            postgres: nil),
        SchemaMigration(
            name: "v6-leases",
            sqlite: """
                CREATE TABLE lease (
                    name TEXT PRIMARY KEY NOT NULL,
                    owner TEXT NOT NULL,
                    until REAL NOT NULL
                );
                """,
            postgres: nil),
        SchemaMigration(
            name: "v7-dashboard",
            sqlite: """
                CREATE TABLE setting (
                    name TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX action_log_item ON action_log (repository, number);
                """,
            postgres: """
                CREATE TABLE setting (
                    name TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL
                );
                CREATE INDEX action_log_item ON action_log (repository, number);
                """),
        // The queue's tally and the closed items, from indexes alone: a table scan reads every evaluation's body.
        SchemaMigration(
            name: "v8-dashboard-indexes",
            sqlite: """
                CREATE INDEX evaluation_items ON evaluation (kind, evaluated_at, source);
                CREATE INDEX lifecycle_phase ON lifecycle_item (phase);
                """,
            // The queue's tally and the closed items, from indexes alone: a table scan reads every evaluation's body.
            postgres: """
                CREATE INDEX evaluation_items ON evaluation (kind, evaluated_at, source);
                CREATE INDEX lifecycle_phase ON lifecycle_item (phase);
                """),
        SchemaMigration(
            name: "v9-outcomes",
            sqlite: """
                CREATE TABLE outcome (
                    repository TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    closed_at REAL NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX outcome_closed ON outcome (closed_at);
                """,
            // What became of closed items (`OutcomeStore`).
            postgres: """
                CREATE TABLE outcome (
                    repository TEXT NOT NULL,
                    number BIGINT NOT NULL,
                    closed_at DOUBLE PRECISION NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number)
                );
                CREATE INDEX outcome_closed ON outcome (closed_at);
                """),
        SchemaMigration(
            name: "v10-closed-fingerprints",
            sqlite: "CREATE INDEX fingerprint_closed ON fingerprint (repository, number, open) WHERE open = 0",
            // The queue's closed items on every request, without reading a fingerprint body.
            postgres: "CREATE INDEX fingerprint_closed ON fingerprint (repository, number) WHERE NOT open;"),
        // Decisions said out loud on an item (`ItemDecision`: `/levee appeal`, `/levee not-slop`), one per item and kind.
        SchemaMigration(
            name: "v11-decisions",
            sqlite: """
                CREATE TABLE decision (
                    repository TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    at REAL NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number, kind)
                );
                CREATE INDEX decision_at ON decision (at);
                """,
            postgres: """
                CREATE TABLE decision (
                    repository TEXT NOT NULL,
                    number BIGINT NOT NULL,
                    kind TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (repository, number, kind)
                );
                CREATE INDEX decision_at ON decision (at);
                """),
        // Whether an evaluation is of a queue item (a pull request, issue or report) or of a response on one (a comment,
        // a review), as a column (`EvaluationKey`): the dashboard's filters read it from the index instead of looking
        // for the space a response's key used to be told by. Existing responses are found by that space, once.
        SchemaMigration(
            name: "v12-evaluation-queue",
            sqlite: """
                ALTER TABLE evaluation ADD COLUMN queued INTEGER NOT NULL DEFAULT 1 CHECK (queued IN (0, 1));
                UPDATE evaluation SET queued = 0 WHERE instr(source, ' ') > 0;
                DROP INDEX evaluation_items;
                CREATE INDEX evaluation_queue ON evaluation (kind, queued, evaluated_at, source);
                """,
            postgres: """
                ALTER TABLE evaluation ADD COLUMN queued SMALLINT NOT NULL DEFAULT 1 CHECK (queued IN (0, 1));
                UPDATE evaluation SET queued = 0 WHERE strpos(source, ' ') > 0;
                DROP INDEX evaluation_items;
                CREATE INDEX evaluation_queue ON evaluation (kind, queued, evaluated_at, source);
                """),
        // A reply to a `/levee` command is an effect of its own (`Effect.reply`), no longer a `comment` the sticky
        // comment's rehearsal in shadow mode took for itself. Earlier replies are known by their marker, once.
        SchemaMigration(
            name: "v13-replies",
            sqlite: """
                CREATE TABLE action_log_v13 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id TEXT NOT NULL,
                    repository TEXT NOT NULL,
                    number INTEGER,
                    kind TEXT NOT NULL CHECK (kind IN ('label', 'unlabel', 'comment', 'reply', 'status', 'close',
                        'reopen', 'lock', 'check_run', 'approve_runs', 'assign', 'request_review')),
                    value TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('shadow', 'sent', 'unchanged', 'failed')),
                    detail TEXT,
                    at REAL NOT NULL
                );
                INSERT INTO action_log_v13 SELECT * FROM action_log;
                UPDATE action_log_v13 SET kind = 'reply' WHERE kind = 'comment' AND substr(value, 1, 17) = '<!-- levee:reply:';
                DROP TABLE action_log;
                ALTER TABLE action_log_v13 RENAME TO action_log;
                CREATE INDEX action_log_at ON action_log (at);
                CREATE INDEX action_log_delivery ON action_log (delivery_id);
                CREATE INDEX action_log_item ON action_log (repository, number);
                """,
            postgres: """
                ALTER TABLE action_log DROP CONSTRAINT action_log_kind_check;
                UPDATE action_log SET kind = 'reply' WHERE kind = 'comment' AND substr(value, 1, 17) = '<!-- levee:reply:';
                ALTER TABLE action_log ADD CONSTRAINT action_log_kind_check CHECK (kind IN ('label', 'unlabel', 'comment',
                    'reply', 'status', 'close', 'reopen', 'lock', 'check_run', 'approve_runs', 'assign', 'request_review'));
                """),
    ]
}
