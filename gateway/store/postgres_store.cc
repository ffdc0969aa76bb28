#include "gateway/store/postgres_store.h"

#include <chrono>

#include "gateway/base/util.h"
#include "gateway/store/postgres_store_internal.h"

namespace postern {

namespace {

// The same versions as SqliteStore's kMigrations, with the same meaning, in PostgreSQL's
// dialect; never edit a shipped entry, append. check_results.id stands in for SQLite's
// rowid (insertion order: the newest checks first when walked backwards).
const char* kMigrations[] = {
    R"sql(
CREATE TABLE images(sha256 TEXT PRIMARY KEY, content_type TEXT NOT NULL, bytes BYTEA NOT NULL,
                    created_at BIGINT NOT NULL);
CREATE TABLE shares(id TEXT PRIMARY KEY, user_id TEXT NOT NULL, prompt TEXT NOT NULL,
                    caption TEXT NOT NULL, metadata TEXT NOT NULL, image_sha256 TEXT NOT NULL,
                    content_type TEXT NOT NULL, decision TEXT NOT NULL, reasons TEXT NOT NULL,
                    destinations TEXT NOT NULL, config_hash TEXT NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
CREATE INDEX shares_user ON shares(user_id, created_at);
CREATE TABLE check_results(id BIGINT GENERATED ALWAYS AS IDENTITY, share_id TEXT NOT NULL,
                           seq INTEGER NOT NULL, plugin TEXT NOT NULL, verdict TEXT NOT NULL,
                           mode TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
                           ms DOUBLE PRECISION NOT NULL, evidence TEXT NOT NULL,
                           PRIMARY KEY(share_id, seq));
CREATE TABLE review_items(seq BIGSERIAL PRIMARY KEY, share_id TEXT NOT NULL UNIQUE,
                          status TEXT NOT NULL, source TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
                          decided_by TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL,
                          decided_at BIGINT NOT NULL DEFAULT 0);
CREATE INDEX review_status ON review_items(status, seq);
CREATE TABLE accounts(user_id TEXT PRIMARY KEY, status TEXT NOT NULL,
                      deactivated_at BIGINT NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL);
CREATE TABLE strikes(id BIGSERIAL PRIMARY KEY, user_id TEXT NOT NULL, share_id TEXT NOT NULL,
                     created_at BIGINT NOT NULL, cleared INTEGER NOT NULL DEFAULT 0);
CREATE INDEX strikes_user ON strikes(user_id, created_at);
CREATE TABLE feed_posts(seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                        share_id TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL, caption TEXT NOT NULL,
                        image_sha256 TEXT NOT NULL, content_type TEXT NOT NULL,
                        featured INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0,
                        position BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL);
CREATE INDEX feed_order ON feed_posts(hidden, featured DESC, position, seq DESC);
CREATE INDEX feed_image ON feed_posts(image_sha256);
CREATE TABLE deliveries(id TEXT PRIMARY KEY, share_id TEXT NOT NULL, destination TEXT NOT NULL,
                        status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        remote_id TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
                        last_error TEXT NOT NULL DEFAULT '', next_attempt_at BIGINT NOT NULL,
                        lease_owner TEXT NOT NULL DEFAULT '', lease_until BIGINT NOT NULL DEFAULT 0,
                        created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                        UNIQUE(share_id, destination));
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
CREATE TABLE idempotency(key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, response TEXT NOT NULL,
                         share_id TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE audit_log(id BIGSERIAL PRIMARY KEY, actor TEXT NOT NULL, action TEXT NOT NULL,
                       target TEXT NOT NULL, detail TEXT NOT NULL, created_at BIGINT NOT NULL);
)sql",
    // 2: moderation loop: claims, reason codes, reports, appeals, PDQ hash bank.
    R"sql(
ALTER TABLE shares ADD COLUMN pdq TEXT NOT NULL DEFAULT '';
ALTER TABLE shares ADD COLUMN pdq_quality INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_items ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE review_items ADD COLUMN claim_expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE review_items ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE review_items ADD COLUMN plugins TEXT NOT NULL DEFAULT '[]';
ALTER TABLE review_items ADD COLUMN codes TEXT NOT NULL DEFAULT '[]';
CREATE TABLE reports(share_id TEXT NOT NULL, reporter_id TEXT NOT NULL, reason TEXT NOT NULL,
                     created_at BIGINT NOT NULL, PRIMARY KEY(share_id, reporter_id));
CREATE TABLE appeals(user_id TEXT PRIMARY KEY, share_id TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE TABLE banked_hashes(id BIGSERIAL PRIMARY KEY, bank TEXT NOT NULL, hash TEXT NOT NULL,
                           quality INTEGER NOT NULL, share_id TEXT NOT NULL DEFAULT '',
                           note TEXT NOT NULL DEFAULT '', added_by TEXT NOT NULL,
                           created_at BIGINT NOT NULL, UNIQUE(bank, hash));
CREATE TABLE review_history(share_id TEXT NOT NULL, plugin TEXT NOT NULL, outcome TEXT NOT NULL,
                            created_at BIGINT NOT NULL);
ALTER TABLE feed_posts ADD COLUMN hidden_by_reports INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: durable connector state.
    R"sql(
CREATE TABLE connector_state(connector TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                             updated_at BIGINT NOT NULL, PRIMARY KEY(connector, key));
CREATE INDEX deliveries_destination ON deliveries(destination, status, next_attempt_at);
)sql",
    // 4: rows extensions own (hash_match's banks moved out of the core's tables).
    R"sql(
CREATE TABLE extension_records(id BIGSERIAL PRIMARY KEY, extension TEXT NOT NULL,
                               kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
                               added_by TEXT NOT NULL, created_at BIGINT NOT NULL,
                               UNIQUE(extension, kind, key));
INSERT INTO extension_records(extension, kind, key, body, added_by, created_at)
  SELECT 'hash_match', bank, hash,
         json_build_object('quality', quality, 'share_id', share_id, 'note', note)::text,
         added_by, created_at
  FROM banked_hashes ORDER BY id;
DROP TABLE banked_hashes;
)sql",
    // 5: the admin view's verdict counts and each plugin's newest latencies by index.
    R"sql(
CREATE INDEX check_results_plugin ON check_results(plugin, mode, verdict);
CREATE INDEX check_results_plugin_newest ON check_results(plugin, id);
)sql",
    // 6: change counters, so that several instances on one database can tell cheaply that
    // the feed (posts, or a share decision, which decides what media is public) or an
    // extension's records changed. Row triggers bump them inside the
    // writing transaction, so no write path can forget to.
    R"sql(
CREATE TABLE change_counters(name TEXT PRIMARY KEY, value BIGINT NOT NULL);
CREATE FUNCTION bump_change_counter(counter TEXT) RETURNS void LANGUAGE sql AS $$
  INSERT INTO change_counters(name, value) VALUES(counter, 1)
    ON CONFLICT(name) DO UPDATE SET value = change_counters.value + 1 $$;
CREATE FUNCTION feed_posts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_change_counter('feed');
  RETURN NULL;
END $$;
CREATE TRIGGER feed_posts_changed AFTER INSERT OR UPDATE OR DELETE ON feed_posts
  FOR EACH ROW EXECUTE FUNCTION feed_posts_changed();
CREATE TRIGGER shares_decision_changed AFTER UPDATE OF decision ON shares
  FOR EACH ROW EXECUTE FUNCTION feed_posts_changed();
CREATE FUNCTION extension_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM bump_change_counter('extension:' || OLD.extension);
  ELSE
    PERFORM bump_change_counter('extension:' || NEW.extension);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER extension_records_changed AFTER INSERT OR DELETE ON extension_records
  FOR EACH ROW EXECUTE FUNCTION extension_records_changed();
)sql",
};

// Any fixed number: instances starting together take this advisory lock in turn, so
// one migrates and the others then find nothing left to do.
constexpr int64_t kMigrationLock = 0x706f7374;

}  // namespace

PostgresStore::PostgresStore(std::string dsn, int pool_size) : dsn_(std::move(dsn)), pool_size_(pool_size) {}
PostgresStore::~PostgresStore() = default;

std::unique_ptr<PgConnection> PostgresStore::Acquire(Status* error) {
  {
    std::unique_lock<std::mutex> lock(mu_);
    // A full pool waits for a connection to come back, but never forever: a caller
    // stuck behind slow queries gets kUnavailable (503, retry later).
    const bool got = freed_.wait_for(lock, std::chrono::seconds(10),
                                     [this] { return !idle_.empty() || open_ < pool_size_; });
    if (!got) {
      *error = Status::Unavailable("all " + std::to_string(pool_size_) + " database connections are busy");
      return nullptr;
    }
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (c->StillAlive()) return c;
      --open_;  // the server dropped it while idle (restart): open a fresh one below
    }
    ++open_;
  }
  // Our defaults first: what the dsn names overrides them. Strings travel as UTF-8 whatever
  // the database's encoding.
  const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
  const char* values[] = {"5", "postern", "UTF8", dsn_.c_str(), nullptr};
  auto c = std::make_unique<PgConnection>(PQconnectdbParams(keys, values, 1));
  if (!c->raw() || PQstatus(c->raw()) != CONNECTION_OK) {
    std::string msg = c->raw() ? PQerrorMessage(c->raw()) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    *error = Status::Unavailable("cannot connect to PostgreSQL: " + msg);
    std::lock_guard<std::mutex> lock(mu_);
    --open_;
    freed_.notify_one();
    return nullptr;
  }
  return c;
}

void PostgresStore::Release(std::unique_ptr<PgConnection> c) {
  if (c->TakeWrote()) write_generation_.fetch_add(1);  // after the commit, unlike SQLite's hook
  std::lock_guard<std::mutex> lock(mu_);
  if (c->broken() || PQtransactionStatus(c->raw()) != PQTRANS_IDLE) {
    --open_;  // closed as it goes out of scope
  } else {
    idle_.push_back(std::move(c));
  }
  freed_.notify_one();
}

int PostgresStore::OpenConnections() {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

std::unique_ptr<PostgresStore> PostgresStore::Open(const std::string& dsn, int pool_size, Status* error) {
  std::unique_ptr<PostgresStore> s(new PostgresStore(dsn, pool_size < 1 ? 1 : pool_size));
  Status st = s->Migrate();
  if (!st.ok()) {
    *error = st;
    return nullptr;
  }
  return s;
}

Status PostgresStore::Migrate() {
  WITH_PG(c);
  PG_BEGIN(txn, c);
  {
    PgQuery lock(c, "SELECT pg_advisory_xact_lock($1)");
    RETURN_IF_ERROR(lock.Bind(kMigrationLock).Run());
  }
  RETURN_IF_ERROR(c->Exec("CREATE TABLE IF NOT EXISTS schema_migrations("
                          "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"));
  int version = 0;
  {
    PgQuery q(c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (q.Step()) version = q.Int(0);
    RETURN_IF_ERROR(q.status());
  }
  const int latest = static_cast<int>(sizeof kMigrations / sizeof kMigrations[0]);
  for (int v = version; v < latest; ++v) {
    RETURN_IF_ERROR(c->Exec(kMigrations[v]).WithContext("migration " + std::to_string(v + 1)));
    PgQuery q(c, "INSERT INTO schema_migrations(version, applied_at) VALUES($1, $2)");
    RETURN_IF_ERROR(q.Bind(v + 1).Bind(NowSeconds()).Run());
  }
  return txn.Commit();
}

int PostgresStore::SchemaVersion() {
  Status st;
  PgPooled pooled(this, &st);
  if (!pooled.get()) return -1;
  PgQuery q(pooled.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return q.Step() ? q.Int(0) : -1;
}

Status PostgresStore::GetImage(const std::string& sha256, std::string* bytes, std::string* content_type) {
  WITH_PG(c);
  PgQuery q(c, "SELECT bytes, content_type FROM images WHERE sha256=$1");
  q.Bind(sha256);
  if (!q.Step()) return q.ok() ? Status::NotFound("no such image") : q.status();
  *bytes = q.Bytes(0);
  *content_type = q.Text(1);
  return Status::OK();
}

Status PostgresStore::GetIdempotent(const std::string& key, bool* found, std::string* body_hash,
                                    std::string* share_id) {
  WITH_PG(c);
  PgQuery q(c, "SELECT body_hash, share_id FROM idempotency WHERE key=$1");
  q.Bind(key);
  *found = q.Step();
  if (*found) {
    *body_hash = q.Text(0);
    *share_id = q.Text(1);
  }
  return q.status();
}

Status PostgresStore::InsertShare(const ShareWrite& w) {
  const ShareRecord& s = w.share;
  WITH_PG(c);
  PG_BEGIN(txn, c);
  const int64_t now = s.created_at ? s.created_at : NowSeconds();
  if (!w.idempotency_key.empty()) {
    // The primary key decides between instances: a second request with the key waits for
    // the first one's transaction, then inserts nothing.
    PgQuery q(c, "INSERT INTO idempotency(key, body_hash, response, share_id, created_at) "
                 "VALUES($1,$2,$3,$4,$5) ON CONFLICT (key) DO NOTHING");
    q.Bind(w.idempotency_key).Bind(w.body_hash).Bind(json({{"share_id", s.id}}).dump()).Bind(s.id).Bind(now);
    RETURN_IF_ERROR(q.Run());
    if (q.Affected() == 0) return Status::IdempotencyConflict("another request used this Idempotency-Key");
  }
  if (!w.image_bytes.empty()) {
    PgQuery q(c, "INSERT INTO images(sha256, content_type, bytes, created_at) VALUES($1,$2,$3,$4) "
                 "ON CONFLICT (sha256) DO NOTHING");
    q.Bind(s.image_sha256).Bind(s.content_type).BindBytes(w.image_bytes).Bind(now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    PgQuery q(c, "INSERT INTO shares(id, user_id, prompt, caption, metadata, image_sha256, content_type, decision, "
                 "reasons, destinations, config_hash, created_at, updated_at) "
                 "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)");
    q.Bind(s.id).Bind(s.user_id).Bind(s.prompt).Bind(s.caption).Bind(s.metadata.dump()).Bind(s.image_sha256)
        .Bind(s.content_type).Bind(EnumName(s.decision)).Bind(s.reasons.dump()).Bind(json(s.destinations).dump())
        .Bind(s.config_hash).Bind(now).Bind(now);
    RETURN_IF_ERROR(q.Run());
  }
  for (size_t i = 0; i < s.checks.size(); ++i) {
    const auto& r = s.checks[i];
    json evidence = r.evidence;
    if (r.failed) evidence["failed"] = true;
    PgQuery q(c, "INSERT INTO check_results(share_id, seq, plugin, verdict, mode, code, message, ms, evidence) "
                 "VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9)");
    q.Bind(s.id).Bind(static_cast<int64_t>(i)).Bind(r.plugin).Bind(EnumName(r.verdict)).Bind(EnumName(r.mode))
        .Bind(r.code).Bind(r.message).Bind(r.ms).Bind(evidence.dump());
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(PgInsertPendingDeliveries(c, s.id, w.deliver_to, now));
  if (w.queue_for_review) {
    json plugins = json::array(), codes = json::array();
    for (const auto& r : s.reasons) {
      plugins.push_back(r.value("plugin", ""));
      codes.push_back(r.value("code", ""));
    }
    PgQuery q(c, "INSERT INTO review_items(share_id, status, source, created_at, plugins, codes) "
                 "VALUES($1, 'pending', $2, $3, $4, $5)");
    q.Bind(s.id).Bind(EnumName(w.review_source)).Bind(now).Bind(plugins.dump()).Bind(codes.dump());
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

Status PgInsertPendingDeliveries(PgConnection* c, const std::string& share_id,
                                 const std::vector<std::string>& destinations, int64_t now) {
  for (const auto& d : destinations) {
    PgQuery q(c, "INSERT INTO deliveries(id, share_id, destination, status, next_attempt_at, created_at, updated_at) "
                 "VALUES($1,$2,$3,'pending',$4,$5,$6) ON CONFLICT DO NOTHING");
    q.Bind(NewId("dlv_")).Bind(share_id).Bind(d).Bind(now).Bind(now).Bind(now);
    RETURN_IF_ERROR(q.Run());
  }
  return Status::OK();
}

Status PgLoadShareDetails(PgConnection* c, ShareRecord* s) {
  {
    PgQuery q(c, "SELECT plugin, verdict, mode, code, message, ms, evidence FROM check_results "
                 "WHERE share_id=$1 ORDER BY seq");
    q.Bind(s->id);
    while (q.Step()) s->checks.push_back(ReadCheckRow(q));
    RETURN_IF_ERROR(q.status());
  }
  return PgLoadDeliveries(c, s->id, &s->deliveries);
}

Status PgLoadDeliveries(PgConnection* c, const std::string& share_id, std::vector<DeliveryRecord>* out) {
  PgQuery q(c, std::string("SELECT ") + kDeliveryCols + " FROM deliveries WHERE share_id=$1 ORDER BY destination COLLATE \"C\"");
  q.Bind(share_id);
  while (q.Step()) out->push_back(ReadDeliveryRow(q));
  return q.status();
}

Status PostgresStore::GetShare(const std::string& id, ShareRecord* out) {
  WITH_PG(c);
  PgQuery q(c, std::string("SELECT ") + kShareCols + " FROM shares s WHERE s.id=$1");
  q.Bind(id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no share with id " + id) : q.status();
  ReadShareRow(q, out);
  return PgLoadShareDetails(c, out);
}

Status PostgresStore::CountShares(json* by_decision) {
  WITH_PG(c);
  *by_decision = {{"approved", 0}, {"rejected", 0}, {"held", 0}};
  PgQuery q(c, "SELECT decision, COUNT(*) FROM shares GROUP BY decision");
  while (q.Step()) (*by_decision)[q.Text(0)] = q.Int64(1);
  return q.status();
}

}  // namespace postern
