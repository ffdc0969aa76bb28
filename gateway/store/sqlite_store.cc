#include "gateway/store/sqlite_store.h"

#include <chrono>
#include <sys/stat.h>

#include <sqlite3.h>

#include "gateway/store/sqlite_store_internal.h"
#include "gateway/base/util.h"

namespace postern {

namespace {

// Each entry moves the schema one version up; never edit a shipped entry, append.
const char* kMigrations[] = {
    R"sql(
CREATE TABLE images(sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BLOB NOT NULL,
                    created_at INTEGER NOT NULL);
CREATE TABLE shares(id TEXT PRIMARY KEY, user_id TEXT NOT NULL, prompt TEXT NOT NULL,
                    caption TEXT NOT NULL, metadata TEXT NOT NULL, image_sha256 TEXT NOT NULL,
                    content_type TEXT NOT NULL, decision TEXT NOT NULL, reasons TEXT NOT NULL,
                    destinations TEXT NOT NULL, config_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX shares_user ON shares(user_id, created_at);
CREATE TABLE check_results(share_id TEXT NOT NULL, seq INTEGER NOT NULL, plugin TEXT NOT NULL,
                           verdict TEXT NOT NULL, mode TEXT NOT NULL, code TEXT NOT NULL,
                           message TEXT NOT NULL, ms REAL NOT NULL, evidence TEXT NOT NULL,
                           PRIMARY KEY(share_id, seq));
CREATE TABLE review_items(seq INTEGER PRIMARY KEY AUTOINCREMENT, share_id TEXT NOT NULL UNIQUE,
                          status TEXT NOT NULL, source TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
                          decided_by TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,
                          decided_at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX review_status ON review_items(status, seq);
CREATE TABLE accounts(user_id TEXT PRIMARY KEY, status TEXT NOT NULL,
                      deactivated_at INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
CREATE TABLE strikes(id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL,
                     share_id TEXT NOT NULL, created_at INTEGER NOT NULL,
                     cleared INTEGER NOT NULL DEFAULT 0);
CREATE INDEX strikes_user ON strikes(user_id, created_at);
CREATE TABLE feed_posts(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
                        share_id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, caption TEXT NOT NULL,
                        image_sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
                        featured INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0,
                        position INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
CREATE INDEX feed_order ON feed_posts(hidden, featured DESC, position, seq DESC);
CREATE INDEX feed_image ON feed_posts(image_sha256);
CREATE TABLE deliveries(id TEXT PRIMARY KEY, share_id TEXT NOT NULL, destination TEXT NOT NULL,
                        status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
                        last_error TEXT NOT NULL DEFAULT '', next_attempt_at INTEGER NOT NULL,
                        lease_owner TEXT NOT NULL DEFAULT '', lease_until INTEGER NOT NULL DEFAULT 0,
                        created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                        UNIQUE(share_id, destination));
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE TABLE idempotency(key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, response TEXT NOT NULL,
                         share_id TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE audit_log(id INTEGER PRIMARY KEY AUTOINCREMENT, actor TEXT NOT NULL,
                       action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL,
                       created_at INTEGER NOT NULL);
)sql",
    // 2: moderation loop: claims, reason codes, reports, appeals, PDQ hash bank.
    R"sql(
ALTER TABLE shares ADD COLUMN pdq TEXT NOT NULL DEFAULT '';
ALTER TABLE shares ADD COLUMN pdq_quality INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_items ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE review_items ADD COLUMN claim_expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_items ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE review_items ADD COLUMN plugins TEXT NOT NULL DEFAULT '[]';
ALTER TABLE review_items ADD COLUMN codes TEXT NOT NULL DEFAULT '[]';
CREATE TABLE reports(share_id TEXT NOT NULL, reporter_id TEXT NOT NULL, reason TEXT NOT NULL,
                     created_at INTEGER NOT NULL, PRIMARY KEY(share_id, reporter_id));
CREATE TABLE appeals(user_id TEXT PRIMARY KEY, share_id TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE banked_hashes(id INTEGER PRIMARY KEY AUTOINCREMENT, bank TEXT NOT NULL, hash TEXT NOT NULL,
                           quality INTEGER NOT NULL, share_id TEXT NOT NULL DEFAULT '',
                           note TEXT NOT NULL DEFAULT '', added_by TEXT NOT NULL,
                           created_at INTEGER NOT NULL, UNIQUE(bank, hash));
CREATE TABLE review_history(share_id TEXT NOT NULL, plugin TEXT NOT NULL, outcome TEXT NOT NULL,
                            created_at INTEGER NOT NULL);
ALTER TABLE feed_posts ADD COLUMN hidden_by_reports INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: durable connector state.
    R"sql(
CREATE TABLE connector_state(connector TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                             updated_at INTEGER NOT NULL, PRIMARY KEY(connector, key));
CREATE INDEX deliveries_destination ON deliveries(destination, status, next_attempt_at);
)sql",
    // 4: rows extensions own (hash_match's banks moved out of the core's tables).
    R"sql(
CREATE TABLE extension_records(id INTEGER PRIMARY KEY AUTOINCREMENT, extension TEXT NOT NULL,
                               kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
                               added_by TEXT NOT NULL, created_at INTEGER NOT NULL,
                               UNIQUE(extension, kind, key));
INSERT INTO extension_records(extension, kind, key, body, added_by, created_at)
  SELECT 'hash_match', bank, hash,
         json_object('quality', quality, 'share_id', share_id, 'note', note), added_by, created_at
  FROM banked_hashes ORDER BY id;
DROP TABLE banked_hashes;
)sql",
    // 5: the admin view counts verdicts and reads each plugin's newest latencies on every
    // GET /v1/admin/plugins; without an index that scans every check ever stored.
    R"sql(
CREATE INDEX check_results_plugin ON check_results(plugin, mode, verdict);
)sql",
    // 6: change counters, so that several instances on one database can tell cheaply that
    // the feed (posts, or a share decision, which decides what media is public) or an
    // extension's records changed. Triggers bump them inside the writing
    // transaction, so no write path can forget to.
    R"sql(
CREATE TABLE change_counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TRIGGER feed_posts_ins AFTER INSERT ON feed_posts BEGIN
  INSERT INTO change_counters(name, value) VALUES('feed', 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
CREATE TRIGGER feed_posts_upd AFTER UPDATE ON feed_posts BEGIN
  INSERT INTO change_counters(name, value) VALUES('feed', 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
CREATE TRIGGER feed_posts_del AFTER DELETE ON feed_posts BEGIN
  INSERT INTO change_counters(name, value) VALUES('feed', 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
CREATE TRIGGER shares_decision_upd AFTER UPDATE OF decision ON shares BEGIN
  INSERT INTO change_counters(name, value) VALUES('feed', 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
CREATE TRIGGER extension_records_ins AFTER INSERT ON extension_records BEGIN
  INSERT INTO change_counters(name, value) VALUES('extension:' || NEW.extension, 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
CREATE TRIGGER extension_records_del AFTER DELETE ON extension_records BEGIN
  INSERT INTO change_counters(name, value) VALUES('extension:' || OLD.extension, 1)
    ON CONFLICT(name) DO UPDATE SET value = value + 1; END;
)sql",
};

std::string JoinCsv(const std::vector<std::string>& v) { return json(v).dump(); }

}  // namespace

std::unique_ptr<SqliteStore::Conn> SqliteStore::Acquire(Status* error) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  auto c = std::make_unique<Conn>();
  if (sqlite3_open_v2(path_.c_str(), &c->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    *error = Status::Unavailable(std::string("cannot open ") + path_ + ": " +
                                                (c->db ? sqlite3_errmsg(c->db) : "out of memory"));
    return nullptr;
  }
  sqlite3_busy_timeout(c->db, 10000);
  // SQLite calls this only when a transaction that wrote commits.
  sqlite3_commit_hook(c->db, [](void* gen) {
    static_cast<std::atomic<uint64_t>*>(gen)->fetch_add(1);
    return 0;
  }, &write_generation_);
  Exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  return c;
}

void SqliteStore::Release(std::unique_ptr<Conn> c) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 8) idle_.push_back(std::move(c));
}

SqliteStore::SqliteStore(std::string path) : path_(std::move(path)) {}
SqliteStore::~SqliteStore() = default;

std::unique_ptr<SqliteStore> SqliteStore::Open(const std::string& path, Status* error) {
  // Create the parent directory (var/) on first start.
  auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    std::string dir = path.substr(0, slash);
    for (size_t i = 1; i <= dir.size(); ++i)
      if (i == dir.size() || dir[i] == '/') mkdir(dir.substr(0, i).c_str(), 0755);
  }
  std::unique_ptr<SqliteStore> s(new SqliteStore(path));
  Status st;
  PooledConn c(s.get(), &st);
  if (!c.db()) { *error = st; return nullptr; }
  Txn txn(c.db());
  if (!txn.ok()) { *error = txn.status(); return nullptr; }
  int version = 0;
  {
    Stmt q(c.db(), "PRAGMA user_version");
    if (q.Step()) version = q.Int(0);
  }
  const int latest = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
  for (int v = version; v < latest; ++v) {
    Status m = Exec(c.db(), kMigrations[v]);
    if (!m.ok()) { *error = m; return nullptr; }
    Exec(c.db(), "PRAGMA user_version=" + std::to_string(v + 1));
  }
  Status cs = txn.Commit();
  if (!cs.ok()) { *error = cs; return nullptr; }
  return s;
}

int SqliteStore::SchemaVersion() {
  Status st;
  PooledConn c(this, &st);
  if (!c.db()) return -1;
  Stmt q(c.db(), "PRAGMA user_version");
  return q.Step() ? q.Int(0) : -1;
}

Status SqliteStore::GetImage(const std::string& sha256, std::string* bytes,
                             std::string* content_type) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT bytes, content_type FROM images WHERE sha256=?");
  q.Bind(1, sha256);
  if (!q.Step()) return q.ok() ? Status::NotFound("no such image") : q.status();
  *bytes = q.Blob(0);
  *content_type = q.Text(1);
  return Status::OK();
}

Status SqliteStore::GetIdempotent(const std::string& key, bool* found, std::string* body_hash,
                                  std::string* share_id) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT body_hash, share_id FROM idempotency WHERE key=?");
  q.Bind(1, key);
  *found = q.Step();
  if (*found) {
    *body_hash = q.Text(0);
    *share_id = q.Text(1);
  }
  return q.status();
}

Status SqliteStore::InsertShare(const ShareWrite& w) {
  const ShareRecord& s = w.share;
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = s.created_at ? s.created_at : NowSeconds();
  if (!w.idempotency_key.empty()) {
    // `response` is kept for databases written before share_id was read back.
    Stmt q(c.db(), "INSERT OR IGNORE INTO idempotency(key, body_hash, response, share_id, created_at) VALUES(?,?,?,?,?)");
    q.Bind(1, w.idempotency_key).Bind(2, w.body_hash).Bind(3, json({{"share_id", s.id}}).dump())
        .Bind(4, s.id).Bind(5, now);
    RETURN_IF_ERROR(q.Run());
    if (sqlite3_changes(c.db()) == 0)
      return Status::IdempotencyConflict("another request used this Idempotency-Key");
  }
  if (!w.image_bytes.empty()) {
    Stmt q(c.db(), "INSERT OR IGNORE INTO images(sha256, content_type, bytes, created_at) VALUES(?,?,?,?)");
    q.Bind(1, s.image_sha256).Bind(2, s.content_type).BindBlob(3, w.image_bytes).Bind(4, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "INSERT INTO shares(id, user_id, prompt, caption, metadata, image_sha256, content_type, decision, reasons, destinations, config_hash, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
    q.Bind(1, s.id).Bind(2, s.user_id).Bind(3, s.prompt).Bind(4, s.caption)
        .Bind(5, s.metadata.dump()).Bind(6, s.image_sha256).Bind(7, s.content_type)
        .Bind(8, EnumName(s.decision)).Bind(9, s.reasons.dump()).Bind(10, JoinCsv(s.destinations))
        .Bind(11, s.config_hash).Bind(12, now).Bind(13, now);
    RETURN_IF_ERROR(q.Run());
  }
  for (size_t i = 0; i < s.checks.size(); ++i) {
    const auto& r = s.checks[i];
    json evidence = r.evidence;
    if (r.failed) evidence["failed"] = true;
    Stmt q(c.db(), "INSERT INTO check_results(share_id, seq, plugin, verdict, mode, code, message, ms, evidence) VALUES(?,?,?,?,?,?,?,?,?)");
    q.Bind(1, s.id).Bind(2, static_cast<int64_t>(i)).Bind(3, r.plugin).Bind(4, EnumName(r.verdict))
        .Bind(5, EnumName(r.mode)).Bind(6, r.code).Bind(7, r.message).Bind(8, r.ms).Bind(9, evidence.dump());
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(InsertPendingDeliveries(c.db(), s.id, w.deliver_to, now));
  if (w.queue_for_review) {
    json plugins = json::array(), codes = json::array();
    for (const auto& r : s.reasons) {
      plugins.push_back(r.value("plugin", ""));
      codes.push_back(r.value("code", ""));
    }
    Stmt q(c.db(), "INSERT INTO review_items(share_id, status, source, created_at, plugins, codes) VALUES(?, 'pending', ?, ?, ?, ?)");
    q.Bind(1, s.id).Bind(2, EnumName(w.review_source)).Bind(3, now)
        .Bind(4, plugins.dump()).Bind(5, codes.dump());
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

Status InsertPendingDeliveries(sqlite3* db, const std::string& share_id,
                               const std::vector<std::string>& destinations, int64_t now) {
  for (const auto& d : destinations) {
    Stmt q(db, "INSERT OR IGNORE INTO deliveries(id, share_id, destination, status, next_attempt_at, created_at, updated_at) VALUES(?,?,?,'pending',?,?,?)");
    q.Bind(1, NewId("dlv_")).Bind(2, share_id).Bind(3, d).Bind(4, now).Bind(5, now).Bind(6, now);
    RETURN_IF_ERROR(q.Run());
  }
  return Status::OK();
}

Status LoadShareDetails(sqlite3* db, ShareRecord* s) {
  {
    Stmt q(db, "SELECT plugin, verdict, mode, code, message, ms, evidence FROM check_results WHERE share_id=? ORDER BY seq");
    q.Bind(1, s->id);
    while (q.Step()) s->checks.push_back(ReadCheckRow(q));
    RETURN_IF_ERROR(q.status());
  }
  return LoadDeliveries(db, s->id, &s->deliveries);
}

Status LoadDeliveries(sqlite3* db, const std::string& share_id, std::vector<DeliveryRecord>* out) {
  Stmt q(db, std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE share_id=? ORDER BY destination");
  q.Bind(1, share_id);
  while (q.Step()) out->push_back(ReadDeliveryRow(q));
  return q.status();
}

Status SqliteStore::GetShare(const std::string& id, ShareRecord* out) {
  WITH_DB(c);
  Stmt q(c.db(), std::string("SELECT ") + kShareCols + " FROM shares s WHERE s.id=?");
  q.Bind(1, id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no share with id " + id) : q.status();
  ReadShareRow(q, out);
  return LoadShareDetails(c.db(), out);
}

}  // namespace postern
