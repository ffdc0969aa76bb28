// SqliteStore: showcase feed and the delivery outbox.
#include "gateway/store/sqlite_store_internal.h"
#include "gateway/base/util.h"

namespace postern {

Status SqliteStore::ListFeed(const Page& page, bool include_hidden, std::vector<FeedPost>* out,
                             std::string* next_cursor) {
  WITH_DB(c);
  // Keyset cursor "featured.position.seq": stable while posts are added.
  int64_t f = 2, pos = INT64_MIN, seq = INT64_MAX;
  if (!page.cursor.empty()) {
    if (sscanf(page.cursor.c_str(), "%ld.%ld.%ld", &f, &pos, &seq) != 3)
      return Status::InvalidCursor("cursor is not valid");
  }
  std::string sql = std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE " +
                    (include_hidden ? "1" : "hidden=0") +
                    " AND (featured < ?1 OR (featured = ?1 AND (position > ?2 OR (position = ?2 AND seq < ?3))))"
                    " ORDER BY featured DESC, position ASC, seq DESC LIMIT ?4";
  Stmt q(c.db(), sql);
  q.Bind(1, f).Bind(2, pos).Bind(3, seq).Bind(4, page.limit + 1);
  return ReadPage(q, page.limit, out, next_cursor, [](auto& row, std::string* cursor) {
    FeedPost p = ReadFeedRow(row);
    *cursor = std::to_string(p.featured ? 1 : 0) + "." + std::to_string(p.position) + "." +
              std::to_string(row.Int64(10));
    return p;
  });
}

Status SqliteStore::GetFeedPost(const std::string& post_id, FeedPost* out) {
  WITH_DB(c);
  Stmt q(c.db(), std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE id=?");
  q.Bind(1, post_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("no post with id " + post_id) : q.status();
  *out = ReadFeedRow(q);
  return Status::OK();
}

Status SqliteStore::GetFeedPostByShare(const std::string& share_id, FeedPost* out) {
  WITH_DB(c);
  Stmt q(c.db(), std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE share_id=?");
  q.Bind(1, share_id);
  if (!q.Step()) return q.ok() ? Status::NotFound("share " + share_id + " is not on the feed") : q.status();
  *out = ReadFeedRow(q);
  return Status::OK();
}

Status SqliteStore::UpsertFeedPost(const std::string& share_id, FeedPost* out) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  {
    Stmt q(c.db(), "INSERT OR IGNORE INTO feed_posts(id, share_id, user_id, caption, image_sha256, content_type, created_at) "
                   "SELECT ?, id, user_id, caption, image_sha256, content_type, ? FROM shares WHERE id=? AND decision='approved'");
    q.Bind(1, NewId("post_")).Bind(2, NowSeconds()).Bind(3, share_id);
    RETURN_IF_ERROR(q.Run());
  }
  Stmt q(c.db(), std::string("SELECT ") + kFeedCols + " FROM feed_posts WHERE share_id=?");
  q.Bind(1, share_id);
  if (!q.Step())
    return q.ok() ? Status::NotApproved("share " + share_id + " is not approved") : q.status();
  *out = ReadFeedRow(q);
  return txn.Commit();
}

Status SqliteStore::UpdateFeedPost(const std::string& post_id, FeedAction action,
                                   const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  std::string sql;
  if (action == FeedAction::kFeature)
    sql = "UPDATE feed_posts SET featured=1, position=(SELECT COALESCE(MAX(position), 0) + 1 FROM feed_posts WHERE featured=1) WHERE id=?1 AND featured=0";
  else if (action == FeedAction::kUnfeature) sql = "UPDATE feed_posts SET featured=0, position=0 WHERE id=?1";
  else if (action == FeedAction::kHide) sql = "UPDATE feed_posts SET hidden=1 WHERE id=?1";
  else sql = "UPDATE feed_posts SET hidden=0 WHERE id=?1";
  {
    Stmt exists(c.db(), "SELECT 1 FROM feed_posts WHERE id=?");
    exists.Bind(1, post_id);
    if (!exists.Step())
      return exists.ok() ? Status::NotFound("no post with id " + post_id) : exists.status();
  }
  {
    Stmt q(c.db(), sql);
    q.Bind(1, post_id);
    RETURN_IF_ERROR(q.Run());
  }
  {
    Stmt q(c.db(), "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?,?,?,'{}',?)");
    q.Bind(1, actor).Bind(2, std::string("feed.") + EnumName(action)).Bind(3, post_id).Bind(4, NowSeconds());
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

Status SqliteStore::SetFeedCaption(const std::string& post_id, const std::string& caption,
                                   const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  {
    Stmt q(c.db(), "UPDATE feed_posts SET caption=? WHERE id=?");
    q.Bind(1, caption).Bind(2, post_id);
    RETURN_IF_ERROR(q.Run());
    if (sqlite3_changes(c.db()) == 0) return Status::NotFound("no post with id " + post_id);
  }
  {
    Stmt q(c.db(), "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?,?,?,?,?)");
    q.Bind(1, actor).Bind(2, "feed.caption").Bind(3, post_id)
        .Bind(4, json({{"caption", caption}}).dump()).Bind(5, NowSeconds());
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

Status SqliteStore::ClaimDeliveries(const std::string& owner, int limit, int lease_s,
                                    const std::string& share_id,
                                    std::vector<DeliveryRecord>* out) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  // One UPDATE ... RETURNING inside BEGIN IMMEDIATE: no other process can claim the
  // same rows, and a crashed owner's lease simply expires.
  Stmt q(c.db(),
         "UPDATE deliveries SET lease_owner=?1, lease_until=?2, attempts=attempts+1, updated_at=?3 "
         "WHERE id IN (SELECT id FROM deliveries WHERE status='pending' AND next_attempt_at<=?3 "
         "AND lease_until<?3 AND (?5 = '' OR share_id=?5) ORDER BY next_attempt_at LIMIT ?4) "
         "RETURNING id, share_id, destination, status, attempts, created_at");
  q.Bind(1, owner).Bind(2, now + lease_s).Bind(3, now).Bind(4, limit).Bind(5, share_id);
  while (q.Step()) out->push_back(ReadClaimedDeliveryRow(q));
  RETURN_IF_ERROR(q.status());
  return txn.Commit();
}

Status SqliteStore::FinishDelivery(const std::string& id, const std::string& owner,
                                   DeliveryState state, const std::string& remote_id,
                                   const std::string& url, const std::string& error,
                                   int64_t next_attempt_at) {
  WITH_DB(c);
  Stmt q(c.db(), "UPDATE deliveries SET status=?, remote_id=?, url=?, last_error=?, next_attempt_at=?, "
                 "lease_owner='', lease_until=0, updated_at=? WHERE id=? AND lease_owner=?");
  q.Bind(1, EnumName(state)).Bind(2, remote_id).Bind(3, url).Bind(4, error).Bind(5, next_attempt_at)
      .Bind(6, NowSeconds()).Bind(7, id).Bind(8, owner);
  RETURN_IF_ERROR(q.Run());
  if (sqlite3_changes(c.db()) == 0)
    return Status::LeaseLost("delivery " + id + " is no longer leased by " + owner);
  return Status::OK();
}

}  // namespace postern

namespace postern {

Status SqliteStore::ListDeliveries(DeliveryState state, int limit,
                                   std::vector<DeliveryRecord>* out) {
  WITH_DB(c);
  Stmt q(c.db(), std::string("SELECT ") + kDeliveryCols +
                     " FROM deliveries WHERE status=? ORDER BY updated_at DESC, id LIMIT ?");
  q.Bind(1, EnumName(state)).Bind(2, limit);
  while (q.Step()) out->push_back(ReadDeliveryRow(q));
  return q.status();
}

Status SqliteStore::ListShareDeliveries(const std::string& share_id, std::vector<DeliveryRecord>* out) {
  WITH_DB(c);
  return LoadDeliveries(c.db(), share_id, out);
}

Status SqliteStore::RetryDelivery(const std::string& id, const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  const int64_t now = NowSeconds();
  {
    Stmt q(c.db(), "UPDATE deliveries SET status='pending', attempts=0, next_attempt_at=?, created_at=?, "
                   "lease_owner='', lease_until=0, updated_at=? WHERE id=? AND status='dead'");
    q.Bind(1, now).Bind(2, now).Bind(3, now).Bind(4, id);
    RETURN_IF_ERROR(q.Run());
    if (sqlite3_changes(c.db()) == 0) {
      Stmt e(c.db(), "SELECT status FROM deliveries WHERE id=?");
      e.Bind(1, id);
      if (!e.Step()) return Status::NotFound("no delivery with id " + id);
      return Status::NotDead("delivery " + id + " is " + e.Text(0) + ", not dead");
    }
  }
  {
    Stmt q(c.db(), "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?, 'delivery.retry', ?, '{}', ?)");
    q.Bind(1, actor).Bind(2, id).Bind(3, now);
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

Status SqliteStore::SetFeedPosition(const std::string& post_id, int64_t position, const std::string& actor) {
  WITH_DB(c);
  Txn txn(c.db());
  if (!txn.ok()) return txn.status();
  {
    Stmt q(c.db(), "UPDATE feed_posts SET position=? WHERE id=?");
    q.Bind(1, position).Bind(2, post_id);
    RETURN_IF_ERROR(q.Run());
    if (sqlite3_changes(c.db()) == 0) return Status::NotFound("no post with id " + post_id);
  }
  {
    Stmt q(c.db(), "INSERT INTO audit_log(actor, action, target, detail, created_at) VALUES(?, 'feed.position', ?, ?, ?)");
    q.Bind(1, actor).Bind(2, post_id).Bind(3, json({{"position", position}}).dump()).Bind(4, NowSeconds());
    RETURN_IF_ERROR(q.Run());
  }
  return txn.Commit();
}

}  // namespace postern

namespace postern {

Status SqliteStore::GetConnectorState(const std::string& connector, const std::string& key,
                                      std::string* value) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT value FROM connector_state WHERE connector=? AND key=?");
  q.Bind(1, connector).Bind(2, key);
  if (!q.Step()) return q.ok() ? Status::NotFound("no state") : q.status();
  *value = q.Text(0);
  return Status::OK();
}

Status SqliteStore::PutConnectorState(const std::string& connector, const std::string& key,
                                      const std::string& value) {
  WITH_DB(c);
  Stmt q(c.db(), "INSERT INTO connector_state(connector, key, value, updated_at) VALUES(?,?,?,?) "
                 "ON CONFLICT(connector, key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
  q.Bind(1, connector).Bind(2, key).Bind(3, value).Bind(4, NowSeconds());
  return q.Run();
}

Status SqliteStore::DeleteConnectorState(const std::string& connector, const std::string& key) {
  WITH_DB(c);
  Stmt q(c.db(), "DELETE FROM connector_state WHERE connector=? AND key=?");
  q.Bind(1, connector).Bind(2, key);
  return q.Run();
}

Status SqliteStore::ExpediteDestination(const std::string& destination, int* moved) {
  WITH_DB(c);
  const int64_t now = NowSeconds();
  Stmt q(c.db(), "UPDATE deliveries SET next_attempt_at=? WHERE destination=? AND status='pending' AND next_attempt_at>?");
  q.Bind(1, now).Bind(2, destination).Bind(3, now);
  RETURN_IF_ERROR(q.Run());
  *moved = sqlite3_changes(c.db());
  return Status::OK();
}

Status SqliteStore::ReleaseDelivery(const std::string& id, const std::string& owner) {
  WITH_DB(c);
  Stmt q(c.db(), "UPDATE deliveries SET lease_owner='', lease_until=0, attempts=MAX(attempts-1, 0) "
                 "WHERE id=? AND lease_owner=?");
  q.Bind(1, id).Bind(2, owner);
  return q.Run();
}

Status SqliteStore::ReclaimLeases(const std::string& owner, int* reclaimed) {
  WITH_DB(c);
  Stmt q(c.db(), "UPDATE deliveries SET lease_owner='', lease_until=0, next_attempt_at=?, updated_at=? "
                 "WHERE lease_owner=? AND status='pending'");
  const int64_t now = NowSeconds();
  q.Bind(1, now).Bind(2, now).Bind(3, owner);
  RETURN_IF_ERROR(q.Run());
  *reclaimed = sqlite3_changes(c.db());
  return Status::OK();
}

Status SqliteStore::CountDeliveriesByDestination(DeliveryState state, std::map<std::string, int64_t>* out) {
  WITH_DB(c);
  Stmt q(c.db(), "SELECT destination, COUNT(*) FROM deliveries WHERE status=? GROUP BY destination");
  q.Bind(1, EnumName(state));
  while (q.Step()) (*out)[q.Text(0)] = q.Int64(1);
  return q.status();
}

}  // namespace postern
