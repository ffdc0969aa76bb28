// SqliteStore: review queue, accounts and strikes, audit log.
#include "gateway/sqlite_store_internal.h"
#include "gateway/util.h"

namespace postern {

Status SqliteStore::ListReview(const std::string& status, const Page& page,
                               std::vector<ReviewItem>* out, std::string* next_cursor) {
  WITH_DB(c);
  int64_t after = 0;
  if (!page.cursor.empty()) {
    try { after = std::stoll(page.cursor); } catch (...) {
      return Status::Error("invalid_cursor", "cursor is not valid");
    }
  }
  Stmt q(c.db(), std::string("SELECT r.seq, r.status, r.source, r.note, r.decided_by, r.created_at, r.decided_at, ") +
                     kShareCols + " FROM review_items r JOIN shares s ON s.id = r.share_id"
                     " WHERE r.status=? AND r.seq>? ORDER BY r.seq LIMIT ?");
  q.Bind(1, status).Bind(2, after).Bind(3, page.limit + 1);
  int64_t last = 0;
  while (q.Step()) {
    if (static_cast<int>(out->size()) == page.limit) {
      *next_cursor = std::to_string(last);
      break;
    }
    ReviewItem r;
    last = q.Int64(0);
    r.status = q.Text(1);
    r.source = q.Text(2);
    r.note = q.Text(3);
    r.decided_by = q.Text(4);
    r.created_at = q.Int64(5);
    r.decided_at = q.Int64(6);
    // Share columns start at 7: shift by reading through a view of the same row.
    r.share.id = q.Text(7);
    r.share.user_id = q.Text(8);
    r.share.prompt = q.Text(9);
    r.share.caption = q.Text(10);
    r.share.metadata = json::parse(q.Text(11), nullptr, false);
    r.share.image_sha256 = q.Text(12);
    r.share.content_type = q.Text(13);
    r.share.decision = q.Text(14);
    r.share.reasons = json::parse(q.Text(15), nullptr, false);
    r.share.created_at = q.Int64(18);
    r.share_id = r.share.id;
    out->push_back(std::move(r));
  }
  return q.status();
}

static Status CountStrikes(sqlite3* db, const std::string& user, const StrikePolicy& p,
                           int* in_window, int* total) {
  Stmt q(db, "SELECT COALESCE(SUM(created_at >= ?), 0), COUNT(*) FROM strikes WHERE user_id=? AND cleared=0");
  q.Bind(1, NowSeconds() - int64_t{p.strike_window_days} * 86400).Bind(2, user);
  if (q.Step()) {
    *in_window = q.Int(0);
    *total = q.Int(1);
  }
  return q.status();
}

static Status ReadAccount(sqlite3* db, const std::string& user, const StrikePolicy& p, Account* a) {
  a->user_id = user;
  a->status = "active";
  a->deactivated_at = 0;
  {
    Stmt q(db, "SELECT status, deactivated_at FROM accounts WHERE user_id=?");
    q.Bind(1, user);
    if (q.Step()) {
      a->status = q.Text(0);
      a->deactivated_at = q.Int64(1);
    }
    RETURN_IF_ERROR(q.status());
  }
  return CountStrikes(db, user, p, &a->strikes_in_window, &a->strikes_total);
}

static Status AuditIn(sqlite3* db, const std::string& actor, const std::string& action,
                      const std::string& target, const json& detail) {
  Stmt q(db, "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?,?,?,?,?)");
  q.Bind(1, actor).Bind(2, action).Bind(3, target).Bind(4, detail.dump()).Bind(5, NowSeconds());
  return q.Run();
}

Status SqliteStore::DecideReview(const std::string& share_id, const std::string& action,
                                 const std::string& note, const std::string& actor,
                                 const StrikePolicy& policy, Account* account_after) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  std::string status, user;
  std::vector<std::string> destinations;
  {
    Stmt q(c.db(), "SELECT r.status, s.user_id, s.destinations FROM review_items r JOIN shares s ON s.id=r.share_id WHERE r.share_id=?");
    q.Bind(1, share_id);
    if (!q.Step()) return q.ok() ? Status::Error("not_found", "no review item for share " + share_id) : q.status();
    status = q.Text(0);
    user = q.Text(1);
    destinations = json::parse(q.Text(2), nullptr, false).get<std::vector<std::string>>();
  }
  if (status != "pending")
    return Status::Error("already_decided", "this item was already " + status);
  const int64_t now = NowSeconds();
  const std::string new_status = action == "confirm" ? "confirmed" : "overturned";
  {
    Stmt q(c.db(), "UPDATE review_items SET status=?, note=?, decided_by=?, decided_at=? WHERE share_id=?");
    q.Bind(1, new_status).Bind(2, note).Bind(3, actor).Bind(4, now).Bind(5, share_id);
    RETURN_IF_ERROR(q.Run());
  }
  if (action == "confirm") {
    {
      Stmt q(c.db(), "UPDATE shares SET decision='rejected', updated_at=? WHERE id=?");
      q.Bind(1, now).Bind(2, share_id);
      RETURN_IF_ERROR(q.Run());
    }
    {
      Stmt q(c.db(), "INSERT INTO strikes(user_id, share_id, created_at) VALUES(?,?,?)");
      q.Bind(1, user).Bind(2, share_id).Bind(3, now);
      RETURN_IF_ERROR(q.Run());
    }
    int in_window = 0, total = 0;
    RETURN_IF_ERROR(CountStrikes(c.db(), user, policy, &in_window, &total));
    if (in_window >= policy.strikes_to_deactivate) {
      Stmt q(c.db(), "INSERT INTO accounts(user_id, status, deactivated_at, updated_at) VALUES(?, 'deactivated', ?, ?) "
                     "ON CONFLICT(user_id) DO UPDATE SET status='deactivated', deactivated_at=excluded.deactivated_at, updated_at=excluded.updated_at "
                     "WHERE accounts.status <> 'deactivated'");
      q.Bind(1, user).Bind(2, now).Bind(3, now);
      RETURN_IF_ERROR(q.Run());
      if (sqlite3_changes(c.db()) > 0)
        RETURN_IF_ERROR(AuditIn(c.db(), "system", "account.deactivate", user,
                                {{"strikes_in_window", in_window}, {"share_id", share_id}}));
    }
  } else {
    {
      Stmt q(c.db(), "UPDATE shares SET decision='approved', updated_at=? WHERE id=?");
      q.Bind(1, now).Bind(2, share_id);
      RETURN_IF_ERROR(q.Run());
    }
    for (const auto& d : destinations) {
      Stmt q(c.db(), "INSERT OR IGNORE INTO deliveries(id, share_id, destination, status, next_attempt_at, created_at, updated_at) VALUES(?,?,?,'pending',?,?,?)");
      q.Bind(1, NewId("dlv_")).Bind(2, share_id).Bind(3, d).Bind(4, now).Bind(5, now).Bind(6, now);
      RETURN_IF_ERROR(q.Run());
    }
  }
  RETURN_IF_ERROR(AuditIn(c.db(), actor, "review." + action, share_id, {{"note", note}}));
  if (account_after) RETURN_IF_ERROR(ReadAccount(c.db(), user, policy, account_after));
  return txn.Commit();
}

Status SqliteStore::ReviewQueueDepth(int64_t* depth, int64_t* oldest_created_at) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM review_items WHERE status='pending'");
  if (q.Step()) {
    *depth = q.Int64(0);
    *oldest_created_at = q.Int64(1);
  }
  return q.status();
}

Status SqliteStore::GetAccount(const std::string& user_id, const StrikePolicy& policy, Account* out) {
  WITH_DB(c);
  return ReadAccount(c.db(), user_id, policy, out);
}

Status SqliteStore::ReinstateAccount(const std::string& user_id, const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "INSERT INTO accounts(user_id, status, updated_at) VALUES(?, 'active', ?) "
                   "ON CONFLICT(user_id) DO UPDATE SET status='active', deactivated_at=0, updated_at=excluded.updated_at");
    q.Bind(1, user_id).Bind(2, now);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "UPDATE strikes SET cleared=1 WHERE user_id=? AND cleared=0");
    q.Bind(1, user_id);
    RETURN_IF_ERROR(q.Run());
  }
  RETURN_IF_ERROR(AuditIn(c.db(), actor, "account.reinstate", user_id, json::object()));
  return txn.Commit();
}

Status SqliteStore::Audit(const std::string& actor, const std::string& action,
                          const std::string& target, const json& detail) {
  WITH_DB(c);
  return AuditIn(c.db(), actor, action, target, detail);
}

Status SqliteStore::ListAudit(int limit, std::vector<json>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT id, actor, action, target, detail, created_at FROM audit_log ORDER BY id DESC LIMIT ?");
  q.Bind(1, limit);
  while (q.Step())
    out->push_back({{"id", q.Int64(0)}, {"actor", q.Text(1)}, {"action", q.Text(2)},
                    {"target", q.Text(3)}, {"detail", json::parse(q.Text(4), nullptr, false)},
                    {"time", IsoTime(q.Int64(5))}});
  return q.status();
}

Status SqliteStore::CountShares(json* by_decision) {
  WITH_DB(c);
  *by_decision = {{"approved", 0}, {"rejected", 0}, {"held", 0}};
  Stmt q(c.db(), "SELECT decision, COUNT(*) FROM shares GROUP BY decision");
  while (q.Step()) (*by_decision)[q.Text(0)] = q.Int64(1);
  return q.status();
}

}  // namespace postern
